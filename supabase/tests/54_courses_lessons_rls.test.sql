-- Course platform lessons RLS: who reads which lesson (preview, public, private; public and private
-- sections; listed and unlisted courses), who writes lessons, and that the lesson functions return
-- nothing a caller may not read.
begin;
select plan(31);

\ir fixtures/courses_catalogue.psql

select courses.record_purchase(tests.seed_id('user:courses-buyer'),
  tests.seed_id('courses.product:a'), 'cs_test_lessons_1', 10000);

-- ============================================================================================
-- select
-- ============================================================================================
select tests.authenticate_as_anon();
select is((select array_agg(name order by name) from courses.lessons where id::text like 'd4%'),
  array['Preview lesson'], 'anon reads only preview lessons of public sections of listed courses');
select throws_ok($$select * from courses.course_lessons_with_progress(tests.seed_id('courses.course:shared'))$$,
  '42501', 'permission denied for function course_lessons_with_progress', 'anon cannot call the progress listing');

select tests.authenticate_as('t-other@courses.test');
select is((select array_agg(name order by name) from courses.lessons where id::text like 'd4%'),
  array['Preview lesson'], 'a non-buyer reads only preview lessons of public sections of listed courses');
select is((select array_agg(lesson_name)
  from courses.course_lessons_with_progress(tests.seed_id('courses.course:shared'))),
  array['Preview lesson'], 'the lesson listing gives a non-buyer the preview lesson only');
select is((select count(*) from courses.lessons l join courses.course_sections s on s.id = l.section_id
           where s.course_id = tests.seed_id('courses.course:shared')), 1::bigint,
  'joining sections does not reveal more lessons');
select is(private.courses_can_read_lesson(tests.seed_id('courses.lesson:public')), false,
  'the lesson check says no for a public lesson without access');

select tests.authenticate_as('t-buyer@courses.test');
select is((select array_agg(name order by name) from courses.lessons where id::text like 'd4%'),
  array['Preview lesson', 'Public lesson', 'Public lesson of course 02'],
  'a buyer reads preview and public lessons of public sections of his courses, nothing private');
select is((select array_agg(lesson_name)
  from courses.course_lessons_with_progress(tests.seed_id('courses.course:shared'))),
  array['Preview lesson', 'Public lesson'], 'the lesson listing gives a buyer his readable lessons in order');
select is((select count(*) from courses.course_lessons_with_progress(tests.seed_id('courses.course:private'))),
  0::bigint,
  'the lesson listing of a course the buyer cannot see is empty');
select is(private.courses_can_read_lesson(tests.seed_id('courses.lesson:public')), true,
  'the lesson check says yes for a public lesson with access');
select is(private.courses_can_read_lesson(tests.seed_id('courses.lesson:public-in-private-section')), false,
  'the lesson check says no for a lesson in a private section');
select is(private.courses_can_read_lesson('d4000000-0000-4000-8000-0000000000ff'), false,
  'the lesson check says no for an unknown lesson');

-- access to an unlisted course opens its preview and public lessons
select tests.clear_authentication();
insert into courses.user_course_access (user_id, course_id, granted_manually)
  values (tests.seed_id('user:courses-buyer'), tests.seed_id('courses.course:private'), true);
select tests.authenticate_as('t-buyer@courses.test');
select is((select count(*) from courses.lessons where id = tests.seed_id('courses.lesson:preview-of-private-course')),
  1::bigint,
  'with access, a buyer reads the preview lesson of a course no public product lists');

-- a soft deleted buyer keeps only what anyone reads
select tests.clear_authentication();
update courses.users set deleted_at = now() where id = tests.seed_id('user:courses-buyer');
select tests.authenticate_as('t-buyer@courses.test');
select is((select array_agg(name order by name) from courses.lessons where id::text like 'd4%'),
  array['Preview lesson'], 'a soft deleted buyer reads only what anyone reads');
select is(courses.has_course_access(tests.seed_id('courses.course:shared')), false,
  'a soft deleted buyer has no course access');
select tests.clear_authentication();
update courses.users set deleted_at = null where id = tests.seed_id('user:courses-buyer');

select tests.authenticate_as('t-admin@courses.test');
select is((select count(*) from courses.lessons where id::text like 'd4%'), 8::bigint, 'an admin reads every lesson');
select is((select count(*) from courses.course_lessons_with_progress(tests.seed_id('courses.course:shared'))),
  5::bigint,
  'the lesson listing gives an admin every lesson of the course');

select tests.authenticate_as_service_role();
select is((select count(*) from courses.lessons where id::text like 'd4%'), 8::bigint,
  'service_role reads every lesson');

-- ============================================================================================
-- insert, update, delete
-- ============================================================================================
select tests.authenticate_as_anon();
select throws_ok($$insert into courses.lessons (section_id, name, status, position)
  values (tests.seed_id('courses.course_section:shared-public'), 'x', 'preview', 9)$$,
  '42501', 'permission denied for table lessons', 'anon cannot insert lessons');
select throws_ok($$update courses.lessons set name = 'x'$$,
  '42501', 'permission denied for table lessons', 'anon cannot update lessons');
select throws_ok($$delete from courses.lessons$$,
  '42501', 'permission denied for table lessons', 'anon cannot delete lessons');

select tests.authenticate_as('t-buyer@courses.test');
select throws_ok($$insert into courses.lessons (section_id, name, status, position)
  values (tests.seed_id('courses.course_section:shared-public'), 'x', 'preview', 9)$$,
  '42501', 'new row violates row-level security policy for table "lessons"', 'a buyer cannot insert lessons');
update courses.lessons set status = 'preview' where id = tests.seed_id('courses.lesson:public');
delete from courses.lessons where id = tests.seed_id('courses.lesson:public');
select tests.authenticate_as('t-other@courses.test');
update courses.lessons set name = 'changed' where id = tests.seed_id('courses.lesson:preview');
delete from courses.lessons where id = tests.seed_id('courses.lesson:preview');
select tests.clear_authentication();
select is((select status from courses.lessons where id = tests.seed_id('courses.lesson:public')),
  'public'::courses.lesson_status,
  'a buyer''s lesson update changes nothing');
select is((select count(*) from courses.lessons where id = tests.seed_id('courses.lesson:public')), 1::bigint,
  'a buyer''s lesson delete removes nothing');
select is((select name from courses.lessons where id = tests.seed_id('courses.lesson:preview')), 'Preview lesson',
  'a non-buyer''s update of a lesson he reads changes nothing');
select is((select count(*) from courses.lessons where id = tests.seed_id('courses.lesson:preview')), 1::bigint,
  'a non-buyer''s delete of a lesson he reads removes nothing');

select tests.authenticate_as('t-admin@courses.test');
select lives_ok($$insert into courses.lessons (id, section_id, name, status, position)
  values ('d4000000-0000-4000-8000-000000000009', tests.seed_id('courses.course_section:shared-public'), 'New',
  'private', 3)$$,
  'an admin inserts a lesson');
select throws_ok($$insert into courses.lessons (section_id, name, status, position)
  values (tests.seed_id('courses.course_section:shared-public'), 'Clash', 'private', 3)$$,
  '23505', null, 'lesson positions are unique within a section');
with changed as (update courses.lessons set status = 'preview' where id = 'd4000000-0000-4000-8000-000000000009'
  returning 1)
select is(count(*), 1::bigint, 'an admin updates a lesson') from changed;
with changed as (delete from courses.lessons where id = 'd4000000-0000-4000-8000-000000000009' returning 1)
select is(count(*), 1::bigint, 'an admin deletes a lesson') from changed;

select tests.authenticate_as_service_role();
select lives_ok($$update courses.lessons set description = 'From the backend'
  where id = tests.seed_id('courses.lesson:private')$$,
  'service_role updates a lesson');
select tests.clear_authentication();

select * from finish();
rollback;
