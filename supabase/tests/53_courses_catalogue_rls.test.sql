-- Course platform catalogue RLS: products, courses, course_products and course_sections for anon,
-- a buyer, a non-buyer, an admin and service_role, for every operation.
begin;
select plan(50);

\ir fixtures/courses_catalogue.psql

select courses.record_purchase(tests.seed_id('user:courses-buyer'),
  tests.seed_id('courses.product:a'), 'cs_test_catalogue_1', 10000);

-- ============================================================================================
-- anon
-- ============================================================================================
select tests.authenticate_as_anon();
select is((select array_agg(name order by name) from courses.products where id::text like 'd1%'),
  array['Product A', 'Product B'], 'anon reads public products only');
select is((select array_agg(title order by title) from courses.courses where id::text like 'd2%'),
  array['Course only in A', 'Course only in B', 'Shared course'], 'anon reads the courses of public products only');
select is((select count(*) from courses.course_products where product_id::text like 'd1%'), 4::bigint,
  'anon reads the course links of public products only');
select is((select array_agg(name order by name) from courses.course_sections where id::text like 'd3%'),
  array['Public section', 'Section of course 02', 'Section of course 03'],
  'anon reads public sections of listed courses only');
select throws_ok($$insert into courses.products (name, description, image_url, price_dollars)
  values ('x', 'x', 'x', 1)$$,
  '42501', 'permission denied for table products', 'anon cannot insert products');
select throws_ok($$update courses.products set name = 'x'$$,
  '42501', 'permission denied for table products', 'anon cannot update products');
select throws_ok($$delete from courses.products$$,
  '42501', 'permission denied for table products', 'anon cannot delete products');
select throws_ok($$insert into courses.courses (title, description) values ('x', 'x')$$,
  '42501', 'permission denied for table courses', 'anon cannot insert courses');
select throws_ok($$update courses.courses set title = 'x'$$,
  '42501', 'permission denied for table courses', 'anon cannot update courses');
select throws_ok($$delete from courses.course_products$$,
  '42501', 'permission denied for table course_products', 'anon cannot delete course links');
select throws_ok($$insert into courses.course_sections (course_id, name, position)
  values (tests.seed_id('courses.course:shared'), 'x', 9)$$,
  '42501', 'permission denied for table course_sections', 'anon cannot insert sections');
select throws_ok($$delete from courses.course_sections$$,
  '42501', 'permission denied for table course_sections', 'anon cannot delete sections');

-- ============================================================================================
-- non-buyer
-- ============================================================================================
select tests.authenticate_as('t-other@courses.test');
select is((select array_agg(name order by name) from courses.products where id::text like 'd1%'),
  array['Product A', 'Product B'], 'a non-buyer reads public products only');
select is((select count(*) from courses.courses where id::text like 'd2%'), 3::bigint,
  'a non-buyer reads the courses of public products only');
select is((select count(*) from courses.course_products where product_id::text like 'd1%'), 4::bigint,
  'a non-buyer reads the course links of public products only');
select is((select count(*) from courses.course_sections where id::text like 'd3%'), 3::bigint,
  'a non-buyer reads public sections of listed courses only');
select throws_ok($$insert into courses.products (name, description, image_url, price_dollars)
  values ('x', 'x', 'x', 1)$$,
  '42501', 'new row violates row-level security policy for table "products"', 'a user cannot insert products');
select throws_ok($$insert into courses.courses (title, description) values ('x', 'x')$$,
  '42501', 'new row violates row-level security policy for table "courses"', 'a user cannot insert courses');
select throws_ok($$insert into courses.course_products (course_id, product_id)
  values (tests.seed_id('courses.course:unlinked'), tests.seed_id('courses.product:a'))$$,
  '42501', 'new row violates row-level security policy for table "course_products"', 'a user cannot link courses');
select throws_ok($$insert into courses.course_sections (course_id, name, position)
  values (tests.seed_id('courses.course:shared'), 'x', 9)$$,
  '42501', 'new row violates row-level security policy for table "course_sections"', 'a user cannot insert sections');
update courses.products set name = 'changed' where id = tests.seed_id('courses.product:a');
update courses.courses set title = 'changed' where id = tests.seed_id('courses.course:shared');
update courses.course_sections set name = 'changed' where id = tests.seed_id('courses.course_section:shared-public');
update courses.course_products set product_id = tests.seed_id('courses.product:b')
  where course_id = tests.seed_id('courses.course:only-a');
delete from courses.products where id = tests.seed_id('courses.product:b');
delete from courses.course_products where product_id = tests.seed_id('courses.product:b');
delete from courses.course_sections where id = tests.seed_id('courses.course_section:only-a');
delete from courses.courses where id = tests.seed_id('courses.course:unlinked');
select throws_ok($$update courses.products set created_at = now()$$,
  '42501', 'permission denied for table products', 'nobody updates created_at through the API');
select tests.clear_authentication();
select is((select count(*) from courses.products where name = 'changed'), 0::bigint,
  'a user''s product update changes nothing');
select is((select count(*) from courses.courses where title = 'changed'), 0::bigint,
  'a user''s course update changes nothing');
select is((select count(*) from courses.course_sections where name = 'changed'), 0::bigint,
  'a user''s section update changes nothing');
select is((select count(*) from courses.course_products where course_id = tests.seed_id('courses.course:only-a')
             and product_id = tests.seed_id('courses.product:a')), 1::bigint,
             'a user''s course link update changes nothing');
select is((select count(*) from courses.products where id = tests.seed_id('courses.product:b')), 1::bigint,
  'a user''s product delete removes nothing');
select is((select count(*) from courses.course_products where product_id = tests.seed_id('courses.product:b')),
  2::bigint,
  'a user''s course link delete removes nothing');
select is((select count(*) from courses.course_sections where id = tests.seed_id('courses.course_section:only-a')),
  1::bigint,
  'a user''s section delete removes nothing');
select is((select count(*) from courses.courses where id = tests.seed_id('courses.course:unlinked')), 1::bigint,
  'a user''s course delete removes nothing');

-- ============================================================================================
-- buyer: also sees courses he has access to, even when no public product lists them
-- ============================================================================================
insert into courses.user_course_access (user_id, course_id, granted_manually)
  values (tests.seed_id('user:courses-buyer'), tests.seed_id('courses.course:private'), true);
select tests.authenticate_as('t-buyer@courses.test');
select is((select count(*) from courses.products where id::text like 'd1%'), 2::bigint,
  'a buyer reads public products only');
select is((select array_agg(title order by title) from courses.courses where id::text like 'd2%'),
  array['Course only in A', 'Course only in B', 'Private course', 'Shared course'],
  'a buyer also reads a course he has access to that no public product lists');
select is((select count(*) from courses.course_sections where id::text like 'd3%'), 4::bigint,
  'a buyer reads the public sections of the courses he may see');
select is((select count(*) from courses.course_products where product_id::text like 'd1%'), 4::bigint,
  'a buyer reads only the course links of public products');
select tests.clear_authentication();

-- ============================================================================================
-- admin
-- ============================================================================================
select tests.authenticate_as('t-admin@courses.test');
select is((select count(*) from courses.products where id::text like 'd1%'), 3::bigint,
  'an admin reads private products');
select is((select count(*) from courses.courses where id::text like 'd2%'), 5::bigint, 'an admin reads every course');
select is((select count(*) from courses.course_products where product_id::text like 'd1%'), 5::bigint,
  'an admin reads every course link');
select is((select count(*) from courses.course_sections where id::text like 'd3%'), 5::bigint,
  'an admin reads private sections');
select lives_ok($$insert into courses.products (id, name, description, image_url, price_dollars)
  values ('d1000000-0000-4000-8000-000000000009', 'New', 'New product', 'https://img.test/n.png', 5)$$,
  'an admin inserts a product');
select lives_ok($$insert into courses.course_products (course_id, product_id)
  values (tests.seed_id('courses.course:unlinked'), 'd1000000-0000-4000-8000-000000000009')$$,
  'an admin links a course');
select lives_ok($$insert into courses.course_sections (course_id, name, position)
  values (tests.seed_id('courses.course:unlinked'), 'New section', 0)$$, 'an admin inserts a section');
with changed as (update courses.products set status = 'public'
  where id = tests.seed_id('courses.product:private') returning 1)
select is(count(*), 1::bigint, 'an admin publishes a product') from changed;
with changed as (update courses.courses set title = 'Renamed'
  where id = tests.seed_id('courses.course:unlinked') returning 1)
select is(count(*), 1::bigint, 'an admin updates a course') from changed;
with changed as (delete from courses.course_products
  where product_id = 'd1000000-0000-4000-8000-000000000009' returning 1)
select is(count(*), 1::bigint, 'an admin unlinks a course') from changed;
with changed as (delete from courses.products
  where id = 'd1000000-0000-4000-8000-000000000009' returning 1)
select is(count(*), 1::bigint, 'an admin deletes a product') from changed;
with changed as (delete from courses.courses
  where id = tests.seed_id('courses.course:unlinked') returning 1)
select is(count(*), 1::bigint, 'an admin deletes an unlinked course') from changed;
select tests.authenticate_as_anon();
select is((select count(*) from courses.courses where id = tests.seed_id('courses.course:private')), 1::bigint,
  'once its product is public, anon reads the course');
select tests.clear_authentication();

-- ============================================================================================
-- service_role
-- ============================================================================================
select tests.authenticate_as_service_role();
select is((select count(*) from courses.products where id::text like 'd1%'), 3::bigint,
  'service_role reads every product');
select lives_ok($$insert into courses.courses (id, title, description)
  values ('d2000000-0000-4000-8000-000000000009', 'By backend', 'x')$$,
  'service_role inserts a course');
select lives_ok($$update courses.course_sections set name = 'By backend'
  where id = tests.seed_id('courses.course_section:shared-private')$$,
  'service_role updates a section');
select lives_ok($$delete from courses.courses where id = 'd2000000-0000-4000-8000-000000000009'$$,
  'service_role deletes a course');
select tests.clear_authentication();

select * from finish();
rollback;
