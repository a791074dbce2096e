-- Course platform: every deletion rule of the seed's "Key Business Rules" (RESTRICT and CASCADE).
begin;
select plan(17);

-- fixture: an admin (d0..01), a buyer (d0..02), a non-buyer (d0..03); products A and B (public) share course 01; product P
-- is private; course 05 is in no product. Sections and lessons of every status.
select tests.create_user('t-admin@courses.test', '{"product": "courses"}', 'd0000000-0000-4000-8000-000000000001');
select tests.create_user('t-buyer@courses.test', '{"product": "courses"}', 'd0000000-0000-4000-8000-000000000002');
select tests.create_user('t-other@courses.test', '{"product": "courses"}', 'd0000000-0000-4000-8000-000000000003');
update courses.users set role = 'admin' where id = tests.get_user_id('t-admin@courses.test');

insert into courses.products (id, name, description, image_url, price_dollars, status) values
  ('d1000000-0000-4000-8000-000000000001', 'Product A', 'Courses 01 and 02', 'https://img.test/a.png', 100, 'public'),
  ('d1000000-0000-4000-8000-000000000002', 'Product B', 'Courses 01 and 03', 'https://img.test/b.png', 50, 'public'),
  ('d1000000-0000-4000-8000-000000000003', 'Product P', 'Course 04', 'https://img.test/p.png', 10, 'private');
insert into courses.courses (id, title, description) values
  ('d2000000-0000-4000-8000-000000000001', 'Shared course', 'In A and B'),
  ('d2000000-0000-4000-8000-000000000002', 'Course only in A', 'In A'),
  ('d2000000-0000-4000-8000-000000000003', 'Course only in B', 'In B'),
  ('d2000000-0000-4000-8000-000000000004', 'Private course', 'In P'),
  ('d2000000-0000-4000-8000-000000000005', 'Unlinked course', 'In no product');
insert into courses.course_products (course_id, product_id) values
  ('d2000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000001'),
  ('d2000000-0000-4000-8000-000000000002', 'd1000000-0000-4000-8000-000000000001'),
  ('d2000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000002'),
  ('d2000000-0000-4000-8000-000000000003', 'd1000000-0000-4000-8000-000000000002'),
  ('d2000000-0000-4000-8000-000000000004', 'd1000000-0000-4000-8000-000000000003');
insert into courses.course_sections (id, course_id, name, status, position) values
  ('d3000000-0000-4000-8000-000000000001', 'd2000000-0000-4000-8000-000000000001', 'Public section', 'public', 0),
  ('d3000000-0000-4000-8000-000000000002', 'd2000000-0000-4000-8000-000000000001', 'Private section', 'private', 1),
  ('d3000000-0000-4000-8000-000000000003', 'd2000000-0000-4000-8000-000000000004', 'Section of private course', 'public', 0),
  ('d3000000-0000-4000-8000-000000000004', 'd2000000-0000-4000-8000-000000000002', 'Section of course 02', 'public', 0),
  ('d3000000-0000-4000-8000-000000000005', 'd2000000-0000-4000-8000-000000000003', 'Section of course 03', 'public', 0);
insert into courses.lessons (id, section_id, name, status, position) values
  ('d4000000-0000-4000-8000-000000000001', 'd3000000-0000-4000-8000-000000000001', 'Preview lesson', 'preview', 0),
  ('d4000000-0000-4000-8000-000000000002', 'd3000000-0000-4000-8000-000000000001', 'Public lesson', 'public', 1),
  ('d4000000-0000-4000-8000-000000000003', 'd3000000-0000-4000-8000-000000000001', 'Private lesson', 'private', 2),
  ('d4000000-0000-4000-8000-000000000004', 'd3000000-0000-4000-8000-000000000002', 'Public lesson in private section', 'public', 0),
  ('d4000000-0000-4000-8000-000000000005', 'd3000000-0000-4000-8000-000000000002', 'Preview lesson in private section', 'preview', 1),
  ('d4000000-0000-4000-8000-000000000006', 'd3000000-0000-4000-8000-000000000003', 'Preview lesson of private course', 'preview', 0),
  ('d4000000-0000-4000-8000-000000000007', 'd3000000-0000-4000-8000-000000000004', 'Public lesson of course 02', 'public', 0),
  ('d4000000-0000-4000-8000-000000000008', 'd3000000-0000-4000-8000-000000000005', 'Public lesson of course 03', 'public', 0);

select courses.record_purchase(tests.get_user_id('t-buyer@courses.test'),
  'd1000000-0000-4000-8000-000000000001', 'cs_test_delete_1', 10000);
-- the non-buyer: manual access to course 03 and a completed lesson, no purchase
insert into courses.user_course_access (user_id, course_id, granted_manually)
  values (tests.get_user_id('t-other@courses.test'), 'd2000000-0000-4000-8000-000000000003', true);
insert into courses.user_lesson_complete (user_id, lesson_id)
  values (tests.get_user_id('t-other@courses.test'), 'd4000000-0000-4000-8000-000000000008');

-- RESTRICT
select throws_ok(
  $$delete from courses.courses where id = 'd2000000-0000-4000-8000-000000000001'$$,
  '23503', null, 'a course linked to a product cannot be deleted');
select throws_ok(
  $$delete from courses.products where id = 'd1000000-0000-4000-8000-000000000001'$$,
  '23503', null, 'a product with purchases cannot be deleted');
select throws_ok(
  format('delete from courses.users where id = %L', tests.get_user_id('t-buyer@courses.test')),
  '23503', null, 'a user with purchases cannot be deleted');
select throws_ok(
  format('delete from auth.users where id = %L', tests.get_user_id('t-buyer@courses.test')),
  '23503', null, 'an auth user with course purchases cannot be deleted either');

-- CASCADE: a product without purchases takes its course links with it, not its courses
delete from courses.products where id = 'd1000000-0000-4000-8000-000000000003';
select is((select count(*) from courses.course_products where product_id = 'd1000000-0000-4000-8000-000000000003'),
  0::bigint, 'deleting a product removes its course links');
select is((select count(*) from courses.courses where id = 'd2000000-0000-4000-8000-000000000004'),
  1::bigint, 'deleting a product keeps its courses');

-- CASCADE: a section takes its lessons
delete from courses.course_sections where id = 'd3000000-0000-4000-8000-000000000002';
select is((select count(*) from courses.lessons where section_id = 'd3000000-0000-4000-8000-000000000002'),
  0::bigint, 'deleting a section removes its lessons');

-- CASCADE: a course (once unlinked) takes its sections, lessons, access rows and completions,
-- but not its access log
insert into courses.access_changes (user_id, course_id, action, source, reason)
  values (tests.get_user_id('t-other@courses.test'), 'd2000000-0000-4000-8000-000000000003', 'grant', 'admin', 'a workshop guest');
delete from courses.course_products where course_id = 'd2000000-0000-4000-8000-000000000003';
delete from courses.courses where id = 'd2000000-0000-4000-8000-000000000003';
select is(
  (select row(a.course_id, a.course_title, a.reason)::text from courses.access_changes a where a.reason = 'a workshop guest'),
  row(null::uuid, 'Course only in B', 'a workshop guest')::text,
  'deleting a course keeps its access log, which still names the course');
select is((select count(*) from courses.course_sections where course_id = 'd2000000-0000-4000-8000-000000000003'),
  0::bigint, 'deleting a course removes its sections');
select is((select count(*) from courses.lessons where id = 'd4000000-0000-4000-8000-000000000008'),
  0::bigint, 'deleting a course removes its lessons');
select is((select count(*) from courses.user_course_access where course_id = 'd2000000-0000-4000-8000-000000000003'),
  0::bigint, 'deleting a course removes access to it');
select is((select count(*) from courses.user_lesson_complete where lesson_id = 'd4000000-0000-4000-8000-000000000008'),
  0::bigint, 'deleting a course removes completions of its lessons');

-- CASCADE: a user without purchases takes his access and completions
insert into courses.user_course_access (user_id, course_id, granted_manually)
  values (tests.get_user_id('t-other@courses.test'), 'd2000000-0000-4000-8000-000000000001', true);
insert into courses.user_lesson_complete (user_id, lesson_id)
  values (tests.get_user_id('t-other@courses.test'), 'd4000000-0000-4000-8000-000000000001');
select lives_ok(
  format('delete from auth.users where id = %L', tests.get_user_id('t-other@courses.test')),
  'an auth user without purchases can be deleted');
select is((select count(*) from courses.users u where u.id = 'd0000000-0000-4000-8000-000000000003'),
  0::bigint, 'deleting the auth user removes the course platform user');
select is((select count(*) from courses.user_course_access a
           where a.user_id = 'd0000000-0000-4000-8000-000000000003'),
  0::bigint, 'deleting a user removes his course access');
select is((select count(*) from courses.user_lesson_complete c
           where c.user_id = 'd0000000-0000-4000-8000-000000000003'),
  0::bigint, 'deleting a user removes his completions');

-- soft delete keeps everything
update courses.users set deleted_at = now() where id = tests.get_user_id('t-buyer@courses.test');
select is((select count(*) from courses.purchases where stripe_session_id = 'cs_test_delete_1'),
  1::bigint, 'a soft deleted user keeps his purchases');

select * from finish();
rollback;
