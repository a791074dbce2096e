-- Course platform manual access: admins grant and revoke access by hand, every change is recorded
-- in access_changes, which only admins read and nobody writes directly.
begin;
select plan(30);

\ir fixtures/courses_catalogue.psql

select courses.record_purchase(tests.seed_id('user:courses-buyer'),
  tests.seed_id('courses.product:a'), 'cs_test_manual_1', 10000);

-- who may call it
select tests.authenticate_as('t-buyer@courses.test');
select throws_ok($$select courses.admin_grant_course_access(tests.seed_id('user:courses-buyer'),
  tests.seed_id('courses.course:only-b'))$$,
  '42501', 'admin_grant_course_access: admins only', 'a user cannot grant access');
select throws_ok($$select courses.admin_revoke_course_access(tests.seed_id('user:courses-other'),
  tests.seed_id('courses.course:shared'))$$,
  '42501', 'admin_revoke_course_access: admins only', 'a user cannot revoke access');
select tests.authenticate_as_anon();
select throws_ok($$select courses.admin_grant_course_access(tests.seed_id('user:courses-buyer'),
  tests.seed_id('courses.course:only-b'))$$,
  '42501', 'permission denied for function admin_grant_course_access', 'anon cannot call the admin functions');
select tests.authenticate_as_service_role();
select throws_ok($$select courses.admin_revoke_course_access(tests.seed_id('user:courses-buyer'),
  tests.seed_id('courses.course:shared'))$$,
  '42501', 'permission denied for function admin_revoke_course_access', 'service_role has no admin identity');

-- refusals
select tests.authenticate_as('t-admin@courses.test');
select throws_ok($$select courses.admin_grant_course_access(null, tests.seed_id('courses.course:only-b'))$$,
  '22023', null, 'a grant needs a user');
select throws_ok($$select courses.admin_grant_course_access('d0000000-0000-4000-8000-0000000000ff',
  tests.seed_id('courses.course:only-b'))$$,
  'P0002', null, 'a grant to an unknown user is refused');
select throws_ok($$select courses.admin_grant_course_access(tests.seed_id('user:courses-other'),
  'd2000000-0000-4000-8000-0000000000ff')$$,
  'P0002', 'admin_grant_course_access: no course d2000000-0000-4000-8000-0000000000ff',
  'a grant of an unknown course is refused');
select throws_ok($$select courses.admin_grant_course_access(tests.seed_id('user:courses-other'),
  tests.seed_id('courses.course:only-b'), repeat('x', 1001))$$,
  '22023', null, 'an overlong reason is refused');
select throws_ok($$select courses.admin_revoke_course_access('d0000000-0000-4000-8000-0000000000ff',
  tests.seed_id('courses.course:only-b'))$$,
  'P0002', null, 'a revoke for an unknown user is refused');

-- grant
select is(courses.admin_grant_course_access(tests.seed_id('user:courses-other'),
  tests.seed_id('courses.course:only-b'), 'Support ticket 42'), true, 'an admin grants access by hand');
select is(courses.admin_grant_course_access(tests.seed_id('user:courses-other'),
  tests.seed_id('courses.course:only-b')), false, 'granting again changes nothing');
select is((select count(*) from courses.access_changes where user_id = tests.seed_id('user:courses-other')
             and course_id = tests.seed_id('courses.course:only-b') and action = 'grant' and source = 'admin'
             and actor_id = tests.seed_id('user:courses-admin') and reason = 'Support ticket 42'),
  1::bigint, 'the grant is recorded once with its admin and reason');
select tests.authenticate_as('t-other@courses.test');
select is(courses.has_course_access(tests.seed_id('courses.course:only-b')), true, 'the user now has access');
select is((select count(*) from courses.lessons where id = tests.seed_id('courses.lesson:only-b')), 1::bigint,
  'and reads the course''s public lessons');

-- a manual grant on top of purchased access marks it as manual
select tests.authenticate_as('t-admin@courses.test');
select is(courses.admin_grant_course_access(tests.seed_id('user:courses-buyer'),
  tests.seed_id('courses.course:shared')), true, 'an admin grants by hand a course the user bought');
select is((select granted_manually from courses.user_course_access
           where user_id = tests.seed_id('user:courses-buyer') and course_id = tests.seed_id('courses.course:shared')),
  true, 'the access is now held by hand as well');

-- revoke
select is(courses.admin_revoke_course_access(tests.seed_id('user:courses-other'),
  tests.seed_id('courses.course:only-b'), 'Ticket closed'), true, 'an admin revokes access by hand');
select is(courses.admin_revoke_course_access(tests.seed_id('user:courses-other'),
  tests.seed_id('courses.course:only-b')), false, 'revoking again changes nothing');
select is((select count(*) from courses.access_changes where user_id = tests.seed_id('user:courses-other')
             and action = 'revoke' and source = 'admin' and reason = 'Ticket closed'),
  1::bigint, 'the revocation is recorded once');
select tests.authenticate_as('t-other@courses.test');
select is(courses.has_course_access(tests.seed_id('courses.course:only-b')), false, 'the user lost access');

-- access_changes RLS
select tests.authenticate_as('t-admin@courses.test');
select is((select count(*) from courses.access_changes where user_id::text like 'd0%'), 5::bigint,
  'an admin reads every access change');
select tests.authenticate_as('t-buyer@courses.test');
select is((select count(*) from courses.access_changes), 0::bigint, 'a user reads no access change, not even his own');
select throws_ok($$insert into courses.access_changes (user_id, course_id, action, source)
  values (tests.seed_id('user:courses-buyer'), tests.seed_id('courses.course:only-b'), 'grant', 'admin')$$,
  '42501', 'permission denied for table access_changes', 'a user cannot write the audit log');
select tests.authenticate_as('t-admin@courses.test');
select throws_ok($$update courses.access_changes set reason = 'edited'$$,
  '42501', 'permission denied for table access_changes', 'an admin cannot edit the audit log');
select throws_ok($$delete from courses.access_changes$$,
  '42501', 'permission denied for table access_changes', 'an admin cannot delete from the audit log');
select tests.authenticate_as_anon();
select throws_ok($$select * from courses.access_changes$$,
  '42501', 'permission denied for table access_changes', 'anon cannot read the audit log');
select tests.authenticate_as_service_role();
select is((select count(*) from courses.access_changes where user_id::text like 'd0%'), 5::bigint,
  'service_role reads the audit log');
select throws_ok($$delete from courses.access_changes$$,
  '42501', 'permission denied for table access_changes', 'service_role cannot delete from the audit log');
select tests.clear_authentication();

-- the source of a change must match its kind
select throws_ok($$insert into courses.access_changes (user_id, course_id, action, source)
  values (tests.seed_id('user:courses-buyer'), tests.seed_id('courses.course:only-b'), 'grant', 'refund')$$,
  '23514', null, 'a refund cannot be recorded as a grant');
select throws_ok($$insert into courses.access_changes (user_id, course_id, action, source, purchase_id)
  values (tests.seed_id('user:courses-buyer'), tests.seed_id('courses.course:only-b'), 'grant', 'admin',
          (select id from courses.purchases where stripe_session_id = 'cs_test_manual_1'))$$,
  '23514', null, 'an admin change carries no purchase');

select * from finish();
rollback;
