-- Course platform identity: sign-up trigger, enrolment RPC, email sync, the users table's RLS and
-- column privileges, and the admin functions for role and soft delete.
begin;
select plan(35);

\ir fixtures/courses_catalogue.psql

-- sign-up trigger
select tests.create_user('t-signup@courses.test', '{"product": "courses", "full_name": "Sign Up", "role": "admin"}',
  'd0000000-0000-4000-8000-000000000011');
select tests.create_user('t-elsewhere@courses.test', '{"product": "dtf"}', 'd0000000-0000-4000-8000-000000000012');
select tests.create_user('t-unenrolled@courses.test', '{}', 'd0000000-0000-4000-8000-000000000013');
select is((select name || '/' || role::text from courses.users where id = 'd0000000-0000-4000-8000-000000000011'),
  'Sign Up/user', 'signing up for the courses product creates a user row, never an admin from metadata');
select is((select count(*) from courses.users where id = 'd0000000-0000-4000-8000-000000000012'),
  0::bigint, 'signing up for another product creates no course platform user');

-- enrolment of an existing auth user
select tests.authenticate_as('t-elsewhere@courses.test');
select is((courses.enroll_current_user()).email, 't-elsewhere@courses.test',
  'enroll_current_user creates the caller''s row');
select is((courses.enroll_current_user()).role, 'user'::courses.user_role,
  'enroll_current_user is idempotent and gives role user');
select tests.clear_authentication();
select is((select count(*) from courses.users where id = 'd0000000-0000-4000-8000-000000000012'),
  1::bigint, 'enrolling twice leaves one row');

select tests.authenticate_as_anon();
select throws_ok('select courses.enroll_current_user()', '42501',
  'permission denied for function enroll_current_user', 'anon cannot enrol');
select tests.clear_authentication();

select tests.authenticate_as('t-elsewhere@courses.test');
select set_config('request.jwt.claims',
  jsonb_set(current_setting('request.jwt.claims')::jsonb, '{is_anonymous}', 'true')::text, true);
select throws_ok('select courses.enroll_current_user()', '42501',
  'enroll_current_user: anonymous users cannot enrol', 'anonymous sign-ins cannot enrol');
select tests.clear_authentication();

-- email follows auth.users
update auth.users set email = 't-buyer-new@courses.test' where id = tests.seed_id('user:courses-buyer');
select is((select email from courses.users where id = tests.seed_id('user:courses-buyer')),
  't-buyer-new@courses.test', 'a changed auth email is copied to courses.users');
update auth.users set email = 't-buyer@courses.test' where id = tests.seed_id('user:courses-buyer');

-- users RLS: select
select tests.authenticate_as('t-buyer@courses.test');
select is((select array_agg(id) from courses.users), array[tests.seed_id('user:courses-buyer')],
  'a user reads only his own row');
select tests.authenticate_as('t-admin@courses.test');
select ok((select count(*) from courses.users) >= 5, 'an admin reads every user');
select tests.authenticate_as_anon();
select throws_ok('select * from courses.users', '42501', 'permission denied for table users', 'anon cannot read users');
select tests.authenticate_as_service_role();
select ok((select count(*) from courses.users) >= 5, 'service_role reads every user');

-- users RLS: update
select tests.authenticate_as('t-buyer@courses.test');
select lives_ok($$update courses.users set name = 'Buyer Renamed', image_url = 'https://img.test/me.png'
  where id = tests.seed_id('user:courses-buyer')$$, 'a user updates his own name and image');
update courses.users set name = 'Hijacked' where id = tests.seed_id('user:courses-other');
select throws_ok($$update courses.users set role = 'admin' where id = tests.seed_id('user:courses-buyer')$$,
  '42501', 'permission denied for table users', 'a user cannot change his role');
select throws_ok($$update courses.users set deleted_at = null where id = tests.seed_id('user:courses-buyer')$$,
  '42501', 'permission denied for table users', 'a user cannot change deleted_at');
select throws_ok($$insert into courses.users (id, name, email)
  values ('d0000000-0000-4000-8000-000000000012', 'x', 'x@x.x')$$,
  '42501', 'permission denied for table users', 'a user cannot insert users');
select throws_ok($$delete from courses.users where id = tests.seed_id('user:courses-buyer')$$,
  '42501', 'permission denied for table users', 'a user cannot delete users');
select tests.clear_authentication();
select is((select name from courses.users where id = tests.seed_id('user:courses-buyer')), 'Buyer Renamed',
  'the own update applied');
select isnt((select name from courses.users where id = tests.seed_id('user:courses-other')), 'Hijacked',
  'an update of another user''s row changes nothing');
select tests.authenticate_as('t-admin@courses.test');
update courses.users set name = 'Other By Admin' where id = tests.seed_id('user:courses-other');
select tests.clear_authentication();
select is((select name from courses.users where id = tests.seed_id('user:courses-other')), 'Other By Admin',
  'an admin may update another user''s name');

-- admin_set_user_role
select tests.authenticate_as('t-buyer@courses.test');
select throws_ok($$select courses.admin_set_user_role(tests.seed_id('user:courses-other'), 'admin')$$,
  '42501', 'admin_set_user_role: admins only', 'a user cannot set roles');
select tests.authenticate_as('t-admin@courses.test');
select is((courses.admin_set_user_role(tests.seed_id('user:courses-other'), 'admin')).role,
  'admin'::courses.user_role, 'an admin promotes another user');
select throws_ok($$select courses.admin_set_user_role(tests.seed_id('user:courses-admin'), 'user')$$,
  'CR020', 'admin_set_user_role: admins cannot change their own role', 'an admin cannot demote himself');
select throws_ok($$select courses.admin_set_user_role('d0000000-0000-4000-8000-0000000000ff', 'user')$$,
  'P0002', null, 'an unknown user is refused');

-- soft delete by an admin removes admin rights and access; restore brings them back
select is((courses.admin_set_user_deleted(tests.seed_id('user:courses-other'), true)).deleted_at is not null,
  true, 'an admin soft deletes a user');
select throws_ok($$select courses.admin_set_user_deleted(tests.seed_id('user:courses-admin'), true)$$,
  'CR020', null, 'an admin cannot soft delete himself');
select tests.authenticate_as('t-other@courses.test');
select is(private.courses_is_admin(), false, 'a soft deleted admin is no admin');
select throws_ok($$select courses.admin_set_user_role(tests.seed_id('user:courses-buyer'), 'admin')$$,
  '42501', 'admin_set_user_role: admins only', 'a soft deleted admin cannot use admin functions');
select tests.authenticate_as('t-admin@courses.test');
select is((courses.admin_set_user_deleted(tests.seed_id('user:courses-other'), false)).deleted_at, null,
  'an admin restores a user');
select tests.authenticate_as('t-other@courses.test');
select is(private.courses_is_admin(), true, 'the restored admin is an admin again');

-- self soft delete
select tests.authenticate_as('t-buyer@courses.test');
select is((courses.soft_delete_current_user()).deleted_at is not null, true, 'a user closes his own account');
select throws_ok($$select courses.admin_set_user_deleted(tests.seed_id('user:courses-buyer'), false)$$,
  '42501', null, 'a user cannot restore himself');
select tests.authenticate_as('t-unenrolled@courses.test');
select throws_ok('select courses.soft_delete_current_user()', 'P0002',
  'soft_delete_current_user: not enrolled in the course platform', 'closing an account needs an enrolment');
select tests.clear_authentication();

-- service_role may change role and deleted_at
select tests.authenticate_as_service_role();
select lives_ok($$update courses.users set role = 'user' where id = tests.seed_id('user:courses-other')$$,
  'service_role may change a role');
select throws_ok($$select courses.admin_set_user_role(tests.seed_id('user:courses-other'), 'admin')$$,
  '42501', 'permission denied for function admin_set_user_role', 'the admin functions are not for service_role');
select tests.clear_authentication();

select * from finish();
rollback;
