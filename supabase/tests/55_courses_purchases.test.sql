-- Course platform purchases: courses.record_purchase (snapshot, access to every course of the
-- product, idempotency on the Stripe session id, refusals), snapshot immutability, and the RLS
-- matrix of purchases and user_course_access.
begin;
select plan(46);

\ir fixtures/courses_catalogue.psql

-- ============================================================================================
-- who may call it
-- ============================================================================================
select tests.authenticate_as('t-buyer@courses.test');
select throws_ok($$select courses.record_purchase(tests.seed_id('user:courses-buyer'),
  tests.seed_id('courses.product:a'), 'cs_self', 0)$$,
  '42501', 'permission denied for function record_purchase', 'a user cannot record his own purchase');
select tests.authenticate_as_anon();
select throws_ok($$select courses.record_purchase(tests.seed_id('user:courses-buyer'),
  tests.seed_id('courses.product:a'), 'cs_anon', 0)$$,
  '42501', 'permission denied for function record_purchase', 'anon cannot record a purchase');

-- ============================================================================================
-- a purchase
-- ============================================================================================
select tests.authenticate_as_service_role();
select lives_ok($$select courses.record_purchase(tests.seed_id('user:courses-buyer'),
  tests.seed_id('courses.product:a'), 'cs_test_p1', 10000, 'pi_test_p1')$$, 'service_role records a purchase');
select tests.clear_authentication();

select is((select price_paid_in_cents from courses.purchases where stripe_session_id = 'cs_test_p1'), 10000,
  'the price paid is recorded');
select is((select product_details from courses.purchases where stripe_session_id = 'cs_test_p1'),
  '{"name": "Product A", "description": "Courses 01 and 02", "image_url": "https://img.test/a.png"}'::jsonb,
  'the product is snapshotted');
select is((select granted_course_ids from courses.purchases where stripe_session_id = 'cs_test_p1'),
  array[tests.seed_id('courses.course:shared'), tests.seed_id('courses.course:only-a')]::uuid[],
  'the courses of the product are recorded with the purchase');
select is((select array_agg(course_id order by course_id) from courses.user_course_access
           where user_id = tests.seed_id('user:courses-buyer')),
  array[tests.seed_id('courses.course:shared'), tests.seed_id('courses.course:only-a')]::uuid[],
  'access to every course of the product is granted');
select is((select count(*) from courses.access_changes
           where user_id = tests.seed_id('user:courses-buyer') and source = 'purchase' and action = 'grant'),
  2::bigint, 'each grant is recorded in access_changes');

-- ============================================================================================
-- idempotency
-- ============================================================================================
select tests.authenticate_as_service_role();
select is((courses.record_purchase(tests.seed_id('user:courses-buyer'),
  tests.seed_id('courses.product:a'), 'cs_test_p1', 10000, 'pi_test_p1')).id,
  (select id from courses.purchases where stripe_session_id = 'cs_test_p1'),
  'a replay returns the recorded purchase');
select tests.clear_authentication();
select is((select count(*) from courses.purchases where stripe_session_id = 'cs_test_p1'), 1::bigint,
  'a replay records nothing new');
select is((select count(*) from courses.access_changes where user_id = tests.seed_id('user:courses-buyer')), 2::bigint,
  'a replay grants nothing new');

select tests.authenticate_as_service_role();
select throws_ok($$select courses.record_purchase(tests.seed_id('user:courses-other'),
  tests.seed_id('courses.product:a'), 'cs_test_p1', 10000)$$,
  'CR003', 'record_purchase: Stripe session cs_test_p1 is already recorded for a different purchase',
  'the same session for another user is refused');
select throws_ok($$select courses.record_purchase(tests.seed_id('user:courses-buyer'),
  tests.seed_id('courses.product:b'), 'cs_test_p1', 10000)$$,
  'CR003', null, 'the same session for another product is refused');
select throws_ok($$select courses.record_purchase(tests.seed_id('user:courses-buyer'),
  tests.seed_id('courses.product:a'), 'cs_test_p1', 1)$$,
  'CR003', null, 'the same session with another amount is refused');
select throws_ok($$select courses.record_purchase(tests.seed_id('user:courses-other'),
  tests.seed_id('courses.product:b'), 'cs_test_other_session', 5000, 'pi_test_p1')$$,
  '23505', null, 'a payment intent already recorded is refused');
select tests.clear_authentication();
select is((select count(*) from courses.purchases where user_id = tests.seed_id('user:courses-other')), 0::bigint,
  'refused calls record nothing');
select is((select count(*) from courses.user_course_access where user_id = tests.seed_id('user:courses-other')),
  0::bigint,
  'refused calls grant nothing');

-- the payment intent may arrive with a later event
select tests.authenticate_as_service_role();
select is((courses.record_purchase(tests.seed_id('user:courses-other'),
  tests.seed_id('courses.product:b'), 'cs_test_p2', 5000)).stripe_payment_intent_id, null,
  'a purchase may be recorded without a payment intent');
select is((courses.record_purchase(tests.seed_id('user:courses-other'),
  tests.seed_id('courses.product:b'), 'cs_test_p2', 5000, 'pi_test_p2')).stripe_payment_intent_id, 'pi_test_p2',
  'a replay adds the missing payment intent');

-- ============================================================================================
-- refusals
-- ============================================================================================
select throws_ok($$select courses.record_purchase(null, tests.seed_id('courses.product:a'), 'cs_x', 1)$$,
  '22023', null, 'a missing user is refused');
select throws_ok($$select courses.record_purchase(tests.seed_id('user:courses-buyer'),
  tests.seed_id('courses.product:a'), ' ', 1)$$,
  '22023', null, 'a blank session id is refused');
select throws_ok($$select courses.record_purchase(tests.seed_id('user:courses-buyer'),
  tests.seed_id('courses.product:a'), 'cs_x', -1)$$,
  '22023', 'record_purchase: price paid cannot be negative', 'a negative amount is refused');
select throws_ok($$select courses.record_purchase('d0000000-0000-4000-8000-0000000000ff',
  tests.seed_id('courses.product:a'), 'cs_x', 1)$$,
  'P0002', null, 'an unknown user is refused');
select throws_ok($$select courses.record_purchase(tests.seed_id('user:courses-buyer'),
  'd1000000-0000-4000-8000-0000000000ff', 'cs_x', 1)$$,
  'P0002', 'record_purchase: no product d1000000-0000-4000-8000-0000000000ff', 'an unknown product is refused');
select tests.clear_authentication();

-- an auth user who never opened the course platform is enrolled by his first purchase
select tests.create_user('t-newcomer@courses.test', '{}', 'd0000000-0000-4000-8000-000000000014');
select tests.authenticate_as_service_role();
select lives_ok($$select courses.record_purchase('d0000000-0000-4000-8000-000000000014',
  tests.seed_id('courses.product:b'), 'cs_test_newcomer', 5000)$$, 'a purchase enrols a new auth user');
select tests.clear_authentication();
select is((select role from courses.users where id = 'd0000000-0000-4000-8000-000000000014'), 'user'::courses.user_role,
  'the new user is enrolled with role user');

-- ============================================================================================
-- the snapshot never changes
-- ============================================================================================
update courses.products set name = 'Product A renamed', description = 'new', image_url = 'https://img.test/new.png'
  where id = tests.seed_id('courses.product:a');
select is((select product_details ->> 'name' from courses.purchases where stripe_session_id = 'cs_test_p1'),
  'Product A',
  'renaming the product leaves the snapshot unchanged');
select throws_ok($$update courses.purchases set product_details = '{"name": "x", "description": "x", "image_url": "x"}'
  where stripe_session_id = 'cs_test_p1'$$, 'CR010', null, 'the snapshot cannot be rewritten, even by the table owner');
select throws_ok($$update courses.purchases set price_paid_in_cents = 1 where stripe_session_id = 'cs_test_p1'$$,
  'CR010', null, 'the price paid cannot be rewritten');
select throws_ok($$update courses.purchases set stripe_payment_intent_id = 'pi_other'
  where stripe_session_id = 'cs_test_p1'$$,
  'CR010', 'purchase ' || (select id from courses.purchases
  where stripe_session_id = 'cs_test_p1') || ' already has a payment intent',
  'a recorded payment intent cannot be replaced');
select throws_ok($$insert into courses.purchases (user_id, product_id, price_paid_in_cents, product_details,
  stripe_session_id)
  values (tests.seed_id('user:courses-buyer'), tests.seed_id('courses.product:a'), 1, '{"name": "x"}',
  'cs_bad_shape')$$,
  '23514', null, 'a snapshot without description and image_url is refused');

-- ============================================================================================
-- purchases and user_course_access RLS
-- ============================================================================================
select tests.authenticate_as('t-buyer@courses.test');
select is((select array_agg(stripe_session_id) from courses.purchases), array['cs_test_p1'],
  'a buyer reads only his own purchases');
select is((select count(*) from courses.user_course_access where user_id <> tests.seed_id('user:courses-buyer')),
  0::bigint,
  'a buyer reads only his own access rows');
select throws_ok($$insert into courses.purchases (user_id, product_id, price_paid_in_cents, product_details,
  stripe_session_id)
  values (tests.seed_id('user:courses-buyer'), tests.seed_id('courses.product:b'), 0, '{}', 'cs_forged')$$,
  '42501', 'permission denied for table purchases', 'a buyer cannot insert purchases');
select throws_ok($$update courses.purchases set refunded_at = now()$$,
  '42501', 'permission denied for table purchases', 'a buyer cannot update purchases');
select throws_ok($$delete from courses.purchases$$,
  '42501', 'permission denied for table purchases', 'a buyer cannot delete purchases');
select throws_ok($$insert into courses.user_course_access (user_id, course_id)
  values (tests.seed_id('user:courses-buyer'), tests.seed_id('courses.course:only-b'))$$,
  '42501', 'permission denied for table user_course_access', 'a buyer cannot grant himself access');
select throws_ok($$delete from courses.user_course_access$$,
  '42501', 'permission denied for table user_course_access', 'a buyer cannot delete access rows');

select tests.authenticate_as('t-other@courses.test');
select is((select array_agg(stripe_session_id) from courses.purchases), array['cs_test_p2'],
  'another user reads only his own purchases');
select throws_ok($$update courses.user_course_access set granted_manually = true$$,
  '42501', 'permission denied for table user_course_access', 'a user cannot update access rows');

select tests.authenticate_as('t-admin@courses.test');
select is((select count(*) from courses.purchases where user_id::text like 'd0%'), 3::bigint,
  'an admin reads every purchase');
select throws_ok($$update courses.purchases set refunded_at = now()$$,
  '42501', 'permission denied for table purchases', 'an admin cannot write purchases directly either');

select tests.authenticate_as_anon();
select throws_ok($$select * from courses.purchases$$, '42501', 'permission denied for table purchases',
  'anon cannot read purchases');
select throws_ok($$select * from courses.user_course_access$$, '42501',
  'permission denied for table user_course_access',
  'anon cannot read access rows');

select tests.authenticate_as_service_role();
select is((select count(*) from courses.user_course_access where user_id::text like 'd0%'), 6::bigint,
  'service_role reads every access row');
select throws_ok($$insert into courses.user_course_access (user_id, course_id)
  values (tests.seed_id('user:courses-other'), tests.seed_id('courses.course:unlinked'))$$,
  '42501', 'permission denied for table user_course_access', 'service_role changes access only through the functions');
select tests.clear_authentication();

select * from finish();
rollback;
