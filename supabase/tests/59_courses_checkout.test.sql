-- Course platform checkout: courses.price_product_for_user and who may execute each function.
begin;
select plan(28);

\ir fixtures/courses_catalogue.psql

select courses.record_purchase(tests.seed_id('user:courses-buyer'),
  tests.seed_id('courses.product:a'), 'cs_test_pricing_1', 10000);
insert into courses.products (id, name, description, image_url, price_dollars, status)
  values ('d1000000-0000-4000-8000-000000000008', 'Empty', 'No course yet', 'https://img.test/e.png', 5, 'public');
select tests.create_user('t-unenrolled@courses.test', '{}', 'd0000000-0000-4000-8000-000000000016');

-- ============================================================================================
-- price_product_for_user
-- ============================================================================================
select tests.authenticate_as_service_role();
select is(
  (select row(product_id, name, description, image_url, price_in_cents, course_ids)::text
   from courses.price_product_for_user(tests.seed_id('user:courses-other'), tests.seed_id('courses.product:a'))),
  row(tests.seed_id('courses.product:a'), 'Product A', 'Courses 01 and 02', 'https://img.test/a.png', 10000,
      array[tests.seed_id('courses.course:shared'), tests.seed_id('courses.course:only-a')]::uuid[])::text,
  'a product is priced in cents with its line item details and courses');
select is((select price_in_cents from courses.price_product_for_user(tests.seed_id('user:courses-buyer'),
  tests.seed_id('courses.product:b'))), 5000, 'a buyer may buy a product sharing a course with one he owns');
select is((select price_in_cents from courses.price_product_for_user('d0000000-0000-4000-8000-000000000016',
  tests.seed_id('courses.product:b'))), 5000, 'an auth user not yet enrolled may be priced');
select throws_ok($$select * from courses.price_product_for_user(tests.seed_id('user:courses-buyer'),
  tests.seed_id('courses.product:a'))$$,
  'CR002',
  format('price_product_for_user: user %s already owns product %s',
    tests.seed_id('user:courses-buyer'), tests.seed_id('courses.product:a')),
  'a product the user already owns is refused');
select throws_ok($$select * from courses.price_product_for_user(tests.seed_id('user:courses-other'),
  tests.seed_id('courses.product:private'))$$,
  'CR001', format('price_product_for_user: product %s is not for sale', tests.seed_id('courses.product:private')),
  'a private product is not for sale');
select throws_ok($$select * from courses.price_product_for_user(tests.seed_id('user:courses-other'),
  'd1000000-0000-4000-8000-0000000000ff')$$,
  'CR001', null, 'an unknown product is not for sale');
select throws_ok($$select * from courses.price_product_for_user(tests.seed_id('user:courses-other'),
  'd1000000-0000-4000-8000-000000000008')$$,
  'CR001', 'price_product_for_user: product d1000000-0000-4000-8000-000000000008 contains no course',
  'a product without courses is not for sale');
select throws_ok($$select * from courses.price_product_for_user('d0000000-0000-4000-8000-0000000000ff',
  tests.seed_id('courses.product:a'))$$,
  'P0002', null, 'an unknown user is refused');
select throws_ok($$select * from courses.price_product_for_user(null, tests.seed_id('courses.product:a'))$$,
  '22023', null, 'a missing user is refused');
select tests.clear_authentication();
update courses.users set deleted_at = now() where id = tests.seed_id('user:courses-other');
select tests.authenticate_as_service_role();
select throws_ok($$select * from courses.price_product_for_user(tests.seed_id('user:courses-other'),
  tests.seed_id('courses.product:a'))$$,
  'CR004', null, 'a closed account cannot buy');
select tests.clear_authentication();

select tests.authenticate_as('t-other@courses.test');
select throws_ok($$select * from courses.price_product_for_user(tests.seed_id('user:courses-other'),
  tests.seed_id('courses.product:a'))$$,
  '42501', 'permission denied for function price_product_for_user', 'a user cannot call the checkout pricing');
select tests.authenticate_as_anon();
select throws_ok($$select * from courses.price_product_for_user(tests.seed_id('user:courses-other'),
  tests.seed_id('courses.product:a'))$$,
  '42501', 'permission denied for function price_product_for_user', 'anon cannot call the checkout pricing');
select tests.clear_authentication();

-- ============================================================================================
-- execute privileges of every function in courses
-- ============================================================================================
select is(
  (select array_agg(r.rolname order by r.rolname)
   from pg_roles r
   where r.rolname in ('anon', 'authenticated', 'service_role')
     and has_function_privilege(r.rolname, f.sig::regprocedure, 'execute')),
  f.roles,
  format('%s is executable by %s', f.sig, coalesce(array_to_string(f.roles, ', '), 'nobody')))
from (values
  ('courses.record_purchase(uuid, uuid, text, integer, text)', array['service_role']::name[]),
  ('courses.refund_purchase(text, text)', array['service_role']::name[]),
  ('courses.price_product_for_user(uuid, uuid)', array['service_role']::name[]),
  ('courses.enroll_current_user()', array['authenticated']::name[]),
  ('courses.admin_set_user_role(uuid, courses.user_role)', array['authenticated']::name[]),
  ('courses.admin_set_user_deleted(uuid, boolean)', array['authenticated']::name[]),
  ('courses.soft_delete_current_user()', array['authenticated']::name[]),
  ('courses.admin_grant_course_access(uuid, uuid, text)', array['authenticated']::name[]),
  ('courses.admin_revoke_course_access(uuid, uuid, text)', array['authenticated']::name[]),
  ('courses.has_course_access(uuid)', array['authenticated']::name[]),
  ('courses.course_progress(uuid)', array['authenticated']::name[]),
  ('courses.course_lessons_with_progress(uuid)', array['authenticated']::name[]),
  ('courses.purchase_history()', array['authenticated']::name[]),
  ('private.courses_handle_new_user()', null::name[]),
  ('private.courses_guard_purchase_update()', null::name[])
) as f (sig, roles);

select is(
  (select array_agg(p.oid::regprocedure::text) from pg_proc p
   where p.pronamespace = 'courses'::regnamespace and has_function_privilege('anon', p.oid, 'execute')),
  null, 'anon executes no function in courses');

select * from finish();
rollback;
