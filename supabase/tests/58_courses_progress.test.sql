-- Course platform progress: user_lesson_complete RLS (only readable lessons, once, own rows), and
-- the functions serving the seed's common queries (access check, progress, purchase history).
begin;
select plan(35);

\ir fixtures/courses_catalogue.psql

select courses.record_purchase(tests.seed_id('user:courses-buyer'),
  tests.seed_id('courses.product:a'), 'cs_test_progress_1', 10000);

-- ============================================================================================
-- completing lessons
-- ============================================================================================
select tests.authenticate_as('t-buyer@courses.test');
select is((select array_agg(course_id || ':' || completed_lessons || '/' || total_lessons || ':' || percent)
           from courses.course_progress()),
  array['d2000000-0000-4000-8000-000000000001:0/2:0.0', 'd2000000-0000-4000-8000-000000000002:0/1:0.0'],
  'progress starts at zero for each course the buyer has access to');
select lives_ok($$insert into courses.user_lesson_complete (user_id, lesson_id)
  values (tests.seed_id('user:courses-buyer'), tests.seed_id('courses.lesson:public'))$$,
  'a buyer completes a public lesson of his course');
select is((select completed_lessons || '/' || total_lessons || ':' || percent
           from courses.course_progress(tests.seed_id('courses.course:shared'))),
  '1/2:50.0', 'progress counts the completed lesson');
select throws_ok($$insert into courses.user_lesson_complete (user_id, lesson_id)
  values (tests.seed_id('user:courses-buyer'), tests.seed_id('courses.lesson:public'))$$,
  '23505', null, 'a lesson is completed once');
select lives_ok($$insert into courses.user_lesson_complete (user_id, lesson_id)
  values (tests.seed_id('user:courses-buyer'), tests.seed_id('courses.lesson:preview'))$$,
  'a buyer completes a preview lesson');
select is((select completed_lessons || '/' || total_lessons || ':' || percent
           from courses.course_progress(tests.seed_id('courses.course:shared'))),
  '2/2:100.0', 'progress reaches 100 percent; private lessons and sections do not count');
select is((select count(*) from courses.course_lessons_with_progress(tests.seed_id('courses.course:shared'))
           where completed_at is not null), 2::bigint, 'the lesson listing shows when each lesson was completed');
select throws_ok($$insert into courses.user_lesson_complete (user_id, lesson_id)
  values (tests.seed_id('user:courses-buyer'), tests.seed_id('courses.lesson:private'))$$,
  '42501', 'new row violates row-level security policy for table "user_lesson_complete"',
  'a private lesson cannot be completed');
select throws_ok($$insert into courses.user_lesson_complete (user_id, lesson_id)
  values (tests.seed_id('user:courses-buyer'), tests.seed_id('courses.lesson:public-in-private-section'))$$,
  '42501', 'new row violates row-level security policy for table "user_lesson_complete"',
  'a lesson of a private section cannot be completed');
select throws_ok($$insert into courses.user_lesson_complete (user_id, lesson_id)
  values (tests.seed_id('user:courses-buyer'), tests.seed_id('courses.lesson:only-b'))$$,
  '42501', 'new row violates row-level security policy for table "user_lesson_complete"',
  'a public lesson of a course without access cannot be completed');
select throws_ok($$insert into courses.user_lesson_complete (user_id, lesson_id)
  values (tests.seed_id('user:courses-other'), tests.seed_id('courses.lesson:preview'))$$,
  '42501', 'new row violates row-level security policy for table "user_lesson_complete"',
  'a user cannot complete lessons for someone else');
select throws_ok($$update courses.user_lesson_complete set created_at = now()$$,
  '42501', 'permission denied for table user_lesson_complete', 'completions cannot be edited');

select tests.authenticate_as('t-other@courses.test');
select lives_ok($$insert into courses.user_lesson_complete (user_id, lesson_id)
  values (tests.seed_id('user:courses-other'), tests.seed_id('courses.lesson:preview'))$$,
  'a non-buyer completes a preview lesson he can read');
select throws_ok($$insert into courses.user_lesson_complete (user_id, lesson_id)
  values (tests.seed_id('user:courses-other'), tests.seed_id('courses.lesson:public'))$$,
  '42501', 'new row violates row-level security policy for table "user_lesson_complete"',
  'a non-buyer cannot complete a public lesson');
select is((select count(*) from courses.course_progress()), 0::bigint, 'a non-buyer has no course progress');
select is((select array_agg(user_id) from courses.user_lesson_complete),
  array[tests.seed_id('user:courses-other')], 'a user reads only his own completions');
delete from courses.user_lesson_complete where user_id = tests.seed_id('user:courses-buyer');
select tests.clear_authentication();
select is((select count(*) from courses.user_lesson_complete where user_id = tests.seed_id('user:courses-buyer')),
  2::bigint, 'deleting another user''s completions removes nothing');

select tests.authenticate_as('t-buyer@courses.test');
with removed as (delete from courses.user_lesson_complete
  where user_id = tests.seed_id('user:courses-buyer') and lesson_id = tests.seed_id('courses.lesson:preview')
  returning 1)
select is(count(*), 1::bigint, 'a user un-completes his own lesson') from removed;

select tests.authenticate_as('t-admin@courses.test');
select is((select count(*) from courses.user_lesson_complete where user_id::text like 'd0%'), 2::bigint,
  'an admin reads every completion');
select throws_ok($$insert into courses.user_lesson_complete (user_id, lesson_id)
  values (tests.seed_id('user:courses-other'), tests.seed_id('courses.lesson:only-a'))$$,
  '42501', 'new row violates row-level security policy for table "user_lesson_complete"',
  'an admin cannot complete lessons for another user');

select tests.authenticate_as_anon();
select throws_ok($$select * from courses.user_lesson_complete$$,
  '42501', 'permission denied for table user_lesson_complete', 'anon cannot read completions');
select throws_ok($$insert into courses.user_lesson_complete (user_id, lesson_id)
  values (tests.seed_id('user:courses-other'), tests.seed_id('courses.lesson:preview'))$$,
  '42501', 'permission denied for table user_lesson_complete', 'anon cannot complete lessons');
select throws_ok($$select * from courses.course_progress()$$,
  '42501', 'permission denied for function course_progress', 'anon has no progress');

select tests.authenticate_as_service_role();
select is((select count(*) from courses.user_lesson_complete where user_id::text like 'd0%'), 2::bigint,
  'service_role reads every completion');
select lives_ok($$delete from courses.user_lesson_complete where user_id = tests.seed_id('user:courses-other')$$,
  'service_role deletes completions');
select tests.clear_authentication();

-- a soft deleted user completes nothing
update courses.users set deleted_at = now() where id = tests.seed_id('user:courses-other');
select tests.authenticate_as('t-other@courses.test');
select throws_ok($$insert into courses.user_lesson_complete (user_id, lesson_id)
  values (tests.seed_id('user:courses-other'), tests.seed_id('courses.lesson:preview'))$$,
  '42501', 'new row violates row-level security policy for table "user_lesson_complete"',
  'a soft deleted user cannot complete lessons');
select tests.clear_authentication();
update courses.users set deleted_at = null where id = tests.seed_id('user:courses-other');

-- ============================================================================================
-- access check and purchase history
-- ============================================================================================
select tests.authenticate_as('t-buyer@courses.test');
select is(courses.has_course_access(tests.seed_id('courses.course:shared')), true, 'access check: a bought course');
select is(courses.has_course_access(tests.seed_id('courses.course:only-b')), false,
  'access check: a course not bought');
select is((select array_agg(product_details ->> 'name') from courses.purchase_history()), array['Product A'],
  'purchase history lists the buyer''s purchases with their snapshot');
select tests.authenticate_as('t-other@courses.test');
select is(courses.has_course_access(tests.seed_id('courses.course:shared')), false, 'access check: a non-buyer');
select is((select count(*) from courses.purchase_history()), 0::bigint, 'a non-buyer has no purchase history');
select tests.authenticate_as('t-admin@courses.test');
select is((select count(*) from courses.purchase_history()), 0::bigint,
  'purchase history is the caller''s own, even for an admin');
select tests.authenticate_as_anon();
select throws_ok($$select courses.has_course_access(tests.seed_id('courses.course:shared'))$$,
  '42501', 'permission denied for function has_course_access', 'anon cannot call the access check');
select throws_ok($$select * from courses.purchase_history()$$,
  '42501', 'permission denied for function purchase_history', 'anon has no purchase history');
select tests.clear_authentication();

-- the history and the progress are served by indexes
select ok(
  (select count(*) from pg_indexes where schemaname = 'courses'
     and indexname in ('purchases_user_id_created_at_idx', 'user_lesson_complete_pkey',
                       'user_course_access_pkey', 'lessons_section_id_position_key')) = 4,
  'the indexes behind access check, progress and history exist');

select * from finish();
rollback;
