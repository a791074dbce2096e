-- Course platform refunds: courses.refund_purchase revokes only the access that no other unrefunded
-- purchase and no manual grant also gives; by session id or payment intent; idempotent; final.
begin;
select plan(25);

\ir fixtures/courses_catalogue.psql

-- The buyer owns A (courses 01, 02) and B (courses 01, 03): course 01 is granted twice.
select courses.record_purchase(tests.seed_id('user:courses-buyer'),
  tests.seed_id('courses.product:a'), 'cs_test_refund_a', 10000, 'pi_test_refund_a');
select courses.record_purchase(tests.seed_id('user:courses-buyer'),
  tests.seed_id('courses.product:b'), 'cs_test_refund_b', 5000, 'pi_test_refund_b');

-- who may call it
select tests.authenticate_as('t-buyer@courses.test');
select throws_ok($$select courses.refund_purchase('cs_test_refund_a')$$,
  '42501', 'permission denied for function refund_purchase', 'a user cannot refund');
select tests.authenticate_as('t-admin@courses.test');
select throws_ok($$select courses.refund_purchase('cs_test_refund_a')$$,
  '42501', 'permission denied for function refund_purchase', 'an admin cannot call the webhook function');
select tests.authenticate_as_anon();
select throws_ok($$select courses.refund_purchase('cs_test_refund_a')$$,
  '42501', 'permission denied for function refund_purchase', 'anon cannot refund');

-- refusals
select tests.authenticate_as_service_role();
select throws_ok($$select courses.refund_purchase()$$, '22023',
  'refund_purchase: give exactly one of Stripe session id and payment intent id', 'a refund needs an id');
select throws_ok($$select courses.refund_purchase('cs_test_refund_a', 'pi_test_refund_a')$$, '22023', null,
  'a refund takes only one id');
select throws_ok($$select courses.refund_purchase('cs_unknown')$$, 'P0002',
  'refund_purchase: no purchase for cs_unknown', 'an unknown session is refused');
select throws_ok($$select courses.refund_purchase(p_stripe_payment_intent_id => 'pi_unknown')$$, 'P0002', null,
  'an unknown payment intent is refused');

-- refund of A by session id: course 02 goes, course 01 stays (B grants it), course 03 stays
select isnt((courses.refund_purchase('cs_test_refund_a')).refunded_at, null, 'service_role refunds by session id');
select tests.clear_authentication();
select is((select array_agg(course_id order by course_id) from courses.user_course_access
           where user_id = tests.seed_id('user:courses-buyer')),
  array[tests.seed_id('courses.course:shared'), tests.seed_id('courses.course:only-b')]::uuid[],
  'the refund revokes only the course no other unrefunded purchase grants');
select is((select array_agg(course_id) from courses.access_changes
           where user_id = tests.seed_id('user:courses-buyer') and source = 'refund'),
  array[tests.seed_id('courses.course:only-a')]::uuid[], 'the revocation is recorded');
select tests.authenticate_as('t-buyer@courses.test');
select is((select count(*) from courses.lessons where id = tests.seed_id('courses.lesson:only-a')), 0::bigint,
  'after the refund the buyer no longer reads the lessons of the revoked course');
select is((select count(*) from courses.lessons where id = tests.seed_id('courses.lesson:public')), 1::bigint,
  'the buyer still reads lessons of the course the other purchase grants');
select is((select array_agg(stripe_session_id) from courses.purchase_history()), array['cs_test_refund_b'],
  'purchase history leaves out refunded purchases');
select tests.clear_authentication();

-- idempotent replay
create temporary table refunded_a as
  select refunded_at, updated_at from courses.purchases where stripe_session_id = 'cs_test_refund_a';
grant select on refunded_a to service_role;
select tests.authenticate_as_service_role();
select is((courses.refund_purchase(p_stripe_payment_intent_id => 'pi_test_refund_a')).refunded_at,
  (select refunded_at from refunded_a), 'a second refund returns the purchase unchanged');
select tests.clear_authentication();
select is((select updated_at from courses.purchases where stripe_session_id = 'cs_test_refund_a'),
  (select updated_at from refunded_a), 'a second refund writes nothing');
select is((select count(*) from courses.access_changes
           where user_id = tests.seed_id('user:courses-buyer') and source = 'refund'), 1::bigint,
  'a second refund revokes nothing more');

-- a refund is final
select throws_ok($$update courses.purchases set refunded_at = null where stripe_session_id = 'cs_test_refund_a'$$,
  'CR010', null, 'a refund cannot be undone');

-- refund of B by payment intent: now nothing grants courses 01 and 03
select tests.authenticate_as_service_role();
select is((courses.refund_purchase(p_stripe_payment_intent_id => 'pi_test_refund_b')).stripe_session_id,
  'cs_test_refund_b', 'service_role refunds by payment intent');
select tests.clear_authentication();
select is((select count(*) from courses.user_course_access where user_id = tests.seed_id('user:courses-buyer')),
  0::bigint, 'refunding the last purchase revokes the shared course');

-- a manual grant survives a refund
select tests.authenticate_as('t-admin@courses.test');
select courses.admin_grant_course_access(tests.seed_id('user:courses-other'),
  tests.seed_id('courses.course:shared'), 'Scholarship');
select tests.authenticate_as_service_role();
select courses.record_purchase(tests.seed_id('user:courses-other'),
  tests.seed_id('courses.product:a'), 'cs_test_refund_manual', 10000);
select courses.refund_purchase('cs_test_refund_manual');
select tests.clear_authentication();
select is((select array_agg(course_id) from courses.user_course_access
  where user_id = tests.seed_id('user:courses-other')),
  array[tests.seed_id('courses.course:shared')]::uuid[],
  'a refund keeps access an admin granted by hand and revokes the rest');

-- a refund revokes only what the purchase granted when it was made: a course added to the
-- product later was never granted by it
select tests.create_user('t-late@courses.test', '{"product": "courses"}', 'd0000000-0000-4000-8000-000000000015');
select tests.authenticate_as_service_role();
select courses.record_purchase('d0000000-0000-4000-8000-000000000015',
  tests.seed_id('courses.product:a'), 'cs_test_late_a', 10000);
select tests.clear_authentication();
insert into courses.course_products (course_id, product_id)
  values (tests.seed_id('courses.course:only-b'), tests.seed_id('courses.product:a'));
select tests.authenticate_as_service_role();
select courses.record_purchase('d0000000-0000-4000-8000-000000000015',
  tests.seed_id('courses.product:b'), 'cs_test_late_b', 5000);
select courses.refund_purchase('cs_test_late_b');
select tests.clear_authentication();
select is((select array_agg(course_id order by course_id) from courses.user_course_access
           where user_id = 'd0000000-0000-4000-8000-000000000015'),
  array[tests.seed_id('courses.course:shared'), tests.seed_id('courses.course:only-a')]::uuid[],
  'a course added to an owned product later does not keep access a refunded purchase granted');

-- after a refund the product can be bought again
select tests.authenticate_as_service_role();
select is((select price_in_cents from courses.price_product_for_user(tests.seed_id('user:courses-buyer'),
  tests.seed_id('courses.product:a'))), 10000, 'a refunded product can be priced again');
select is((courses.record_purchase(tests.seed_id('user:courses-buyer'),
  tests.seed_id('courses.product:a'), 'cs_test_refund_again', 10000)).refunded_at, null,
  'and bought again');
select tests.clear_authentication();
select is((select count(*) from courses.user_course_access where user_id = tests.seed_id('user:courses-buyer')),
  3::bigint, 'buying again grants the product''s current courses (03 was added to it)');
select is((select count(*) from courses.purchases where user_id = tests.seed_id('user:courses-buyer')),
  3::bigint, 'the refunded purchases stay on record');

select * from finish();
rollback;
