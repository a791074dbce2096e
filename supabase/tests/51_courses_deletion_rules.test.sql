-- Course platform: every deletion rule of the seed's "Key Business Rules" (RESTRICT and CASCADE).
begin;
select plan(17);

\ir fixtures/courses_catalogue.psql

select courses.record_purchase(tests.get_user_id('t-buyer@courses.test'),
  tests.seed_id('courses.product:a'), 'cs_test_delete_1', 10000);
-- the non-buyer: manual access to course 03 and a completed lesson, no purchase
insert into courses.user_course_access (user_id, course_id, granted_manually)
  values (tests.get_user_id('t-other@courses.test'), tests.seed_id('courses.course:only-b'), true);
insert into courses.user_lesson_complete (user_id, lesson_id)
  values (tests.get_user_id('t-other@courses.test'), tests.seed_id('courses.lesson:only-b'));

-- RESTRICT
select throws_ok(
  $$delete from courses.courses where id = tests.seed_id('courses.course:shared')$$,
  '23503', null, 'a course linked to a product cannot be deleted');
select throws_ok(
  $$delete from courses.products where id = tests.seed_id('courses.product:a')$$,
  '23503', null, 'a product with purchases cannot be deleted');
select throws_ok(
  format('delete from courses.users where id = %L', tests.get_user_id('t-buyer@courses.test')),
  '23503', null, 'a user with purchases cannot be deleted');
select throws_ok(
  format('delete from auth.users where id = %L', tests.get_user_id('t-buyer@courses.test')),
  '23503', null, 'an auth user with course purchases cannot be deleted either');

-- CASCADE: a product without purchases takes its course links with it, not its courses
delete from courses.products where id = tests.seed_id('courses.product:private');
select is((select count(*) from courses.course_products where product_id = tests.seed_id('courses.product:private')),
  0::bigint, 'deleting a product removes its course links');
select is((select count(*) from courses.courses where id = tests.seed_id('courses.course:private')),
  1::bigint, 'deleting a product keeps its courses');

-- CASCADE: a section takes its lessons
delete from courses.course_sections where id = tests.seed_id('courses.course_section:shared-private');
select is((select count(*) from courses.lessons
  where section_id = tests.seed_id('courses.course_section:shared-private')),
  0::bigint, 'deleting a section removes its lessons');

-- CASCADE: a course (once unlinked) takes its sections, lessons, access rows and completions,
-- but not its access log
insert into courses.access_changes (user_id, course_id, action, source, reason)
  values (tests.get_user_id('t-other@courses.test'), tests.seed_id('courses.course:only-b'), 'grant', 'admin',
  'a workshop guest');
delete from courses.course_products where course_id = tests.seed_id('courses.course:only-b');
delete from courses.courses where id = tests.seed_id('courses.course:only-b');
select is(
  (select row(a.course_id, a.course_title, a.reason)::text from courses.access_changes a
    where a.reason = 'a workshop guest'),
  row(null::uuid, 'Course only in B', 'a workshop guest')::text,
  'deleting a course keeps its access log, which still names the course');
select is((select count(*) from courses.course_sections where course_id = tests.seed_id('courses.course:only-b')),
  0::bigint, 'deleting a course removes its sections');
select is((select count(*) from courses.lessons where id = tests.seed_id('courses.lesson:only-b')),
  0::bigint, 'deleting a course removes its lessons');
select is((select count(*) from courses.user_course_access where course_id = tests.seed_id('courses.course:only-b')),
  0::bigint, 'deleting a course removes access to it');
select is((select count(*) from courses.user_lesson_complete where lesson_id = tests.seed_id('courses.lesson:only-b')),
  0::bigint, 'deleting a course removes completions of its lessons');

-- CASCADE: a user without purchases takes his access and completions
insert into courses.user_course_access (user_id, course_id, granted_manually)
  values (tests.get_user_id('t-other@courses.test'), tests.seed_id('courses.course:shared'), true);
insert into courses.user_lesson_complete (user_id, lesson_id)
  values (tests.get_user_id('t-other@courses.test'), tests.seed_id('courses.lesson:preview'));
select lives_ok(
  format('delete from auth.users where id = %L', tests.get_user_id('t-other@courses.test')),
  'an auth user without purchases can be deleted');
select is((select count(*) from courses.users u where u.id = tests.seed_id('user:courses-other')),
  0::bigint, 'deleting the auth user removes the course platform user');
select is((select count(*) from courses.user_course_access a
           where a.user_id = tests.seed_id('user:courses-other')),
  0::bigint, 'deleting a user removes his course access');
select is((select count(*) from courses.user_lesson_complete c
           where c.user_id = tests.seed_id('user:courses-other')),
  0::bigint, 'deleting a user removes his completions');

-- soft delete keeps everything
update courses.users set deleted_at = now() where id = tests.get_user_id('t-buyer@courses.test');
select is((select count(*) from courses.purchases where stripe_session_id = 'cs_test_delete_1'),
  1::bigint, 'a soft deleted user keeps his purchases');

select * from finish();
rollback;
