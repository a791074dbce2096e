-- Marketplace identity: account on sign-up, enroll RPC, copies from auth.users, role guard, and
-- the users table's RLS matrix.
begin;
select plan(34);

-- sign-up trigger -------------------------------------------------------------------------------
select tests.create_user('mia@example.com', '{"product": "marketplace", "full_name": "Mia Market", "role": "ADMIN"}');
select tests.create_user('otto@example.com', '{"product": "dtf"}');

select is((select name from marketplace.users where email = 'mia@example.com'), 'Mia Market',
  'a marketplace sign-up creates the account with the display name');
select is((select role from marketplace.users where email = 'mia@example.com'), 'USER'::marketplace.user_role,
  'role is USER whatever the sign-up metadata says');
select is((select count(*) from marketplace.user_settings s join marketplace.users u on u.id = s.user_id
           where u.email = 'mia@example.com'), 1::bigint, 'the settings row is created with the account');
select is((select count(*) from marketplace.users where email = 'otto@example.com'), 0::bigint,
  'a sign-up for another product creates no marketplace account');

-- copies from auth.users
update auth.users set email = 'mia.new@example.com', last_sign_in_at = '2026-03-01 10:00+00'
where email = 'mia@example.com';
select is((select email from marketplace.users where id = tests.get_user_id('mia.new@example.com')),
  'mia.new@example.com', 'an email change in Auth is copied');
select is((select last_login from marketplace.users where id = tests.get_user_id('mia.new@example.com')),
  '2026-03-01 10:00+00'::timestamptz, 'the last sign-in is copied to last_login');

-- enroll_current_user ---------------------------------------------------------------------------
select tests.authenticate_as('otto@example.com');
select is((select role from marketplace.enroll_current_user()), 'USER'::marketplace.user_role,
  'enroll_current_user creates the caller''s account as USER');
select is((select count(*) from marketplace.users where id = tests.get_user_id('otto@example.com')), 1::bigint,
  'the enrolled user reads his new account');
select lives_ok($$select marketplace.enroll_current_user()$$, 'enroll_current_user is idempotent');
select is((select count(*) from marketplace.user_settings), 1::bigint, 'the enrolled user has one settings row');

select tests.authenticate_as_anon();
select throws_ok($$select marketplace.enroll_current_user()$$, '42501',
  'permission denied for function enroll_current_user',
  'anon cannot enroll');
select tests.authenticate_as_service_role();
select throws_ok($$select marketplace.enroll_current_user()$$, '42501',
  'permission denied for function enroll_current_user',
  'service_role has no caller to enroll');

select tests.clear_authentication();
update marketplace.users set is_deleted = true where id = tests.get_user_id('otto@example.com');
select tests.authenticate_as('otto@example.com');
select throws_ok($$select marketplace.enroll_current_user()$$, 'MK011', 'this marketplace account is disabled',
  'a disabled account cannot re-enroll');

select tests.clear_authentication();
select tests.create_user('anonymous-visitor@example.com', '{"product": "marketplace"}', is_anonymous => true);
select is((select count(*)::int from marketplace.users where id = tests.get_user_id('anonymous-visitor@example.com')),
  0,
  'an anonymous sign-up gets no marketplace account');
select tests.authenticate_as('anonymous-visitor@example.com');
select throws_ok($$select marketplace.enroll_current_user()$$, '42501',
  'anonymous users cannot join the marketplace: sign up first', 'an anonymous session cannot enroll');

-- users: RLS matrix -----------------------------------------------------------------------------
select tests.authenticate_as_anon();
select throws_ok($$select * from marketplace.users$$, '42501', 'permission denied for table users',
  'anon cannot read users');

select tests.authenticate_as('alice@example.com');
select results_eq($$select email::text from marketplace.users$$, array['alice@example.com'],
  'a user reads only his own account');
select tests.authenticate_as('otto@example.com');
select is((select count(*) from marketplace.users), 0::bigint, 'a soft-deleted user cannot read even his own account');

select tests.authenticate_as('alice@example.com');
update marketplace.users set name = 'Alice A.' where id = tests.get_user_id('alice@example.com');
select is((select name::text from marketplace.users), 'Alice A.', 'a user renames himself');
select throws_ok(
  $$update marketplace.users set role = 'ADMIN' where id = tests.get_user_id('alice@example.com')$$,
  '42501', 'only admins can change a user''s role or deleted flag', 'a user cannot raise his own role');
select throws_ok(
  $$update marketplace.users set email = 'x@example.com' where id = tests.get_user_id('alice@example.com')$$,
  '42501', 'permission denied for table users', 'a user cannot change the email copied from Auth');
select throws_ok(
  $$insert into marketplace.users (id, name) values (tests.get_user_id('alice@example.com'), 'dup')$$,
  '42501', 'permission denied for table users', 'clients cannot insert accounts');
select throws_ok(
  $$delete from marketplace.users$$,
  '42501', 'permission denied for table users', 'clients cannot delete accounts');
update marketplace.users set name = 'Hacked' where id = tests.get_user_id('bob@example.com');
select tests.clear_authentication();
select is((select name::text from marketplace.users where id = tests.get_user_id('bob@example.com')), 'Bob Baker',
  'a user cannot rename another user (0 rows)');

select tests.authenticate_as('admin@example.com');
select is((select count(*) from marketplace.users where email in ('alice@example.com', 'bob@example.com',
  'otto@example.com')),
  3::bigint, 'an admin reads every account, soft-deleted ones too');
update marketplace.users set role = 'ADMIN' where id = tests.get_user_id('bob@example.com');
update marketplace.users set is_deleted = true where id = tests.get_user_id('mia.new@example.com');
select tests.clear_authentication();
select is((select role from marketplace.users where id = tests.get_user_id('bob@example.com')),
  'ADMIN'::marketplace.user_role,
  'an admin changes another user''s role');
select is((select is_deleted from marketplace.users where id = tests.get_user_id('mia.new@example.com')), true,
  'an admin soft-deletes a user');
select is(
  (select count(*) from marketplace.audit_logs
   where action = 'USER_UPDATE' and target_id = tests.get_user_id('bob@example.com')
     and admin_id = tests.get_user_id('admin@example.com')
     and old_values ->> 'role' = 'USER' and new_values ->> 'role' = 'ADMIN'),
  1::bigint, 'the role change is audited with the admin and before/after values');

select tests.authenticate_as('admin@example.com');
select throws_ok(
  $$update marketplace.users set role = 'USER' where id = tests.get_user_id('admin@example.com')$$,
  '42501', 'admins cannot change their own role or deleted flag', 'an admin cannot demote himself');

select tests.authenticate_as('mia.new@example.com');
update marketplace.users set is_deleted = false, name = 'Back' where id = tests.get_user_id('mia.new@example.com');
select tests.clear_authentication();
select is((select is_deleted from marketplace.users where id = tests.get_user_id('mia.new@example.com')), true,
  'a soft-deleted user cannot restore himself (0 rows)');

-- a former admin who was soft-deleted loses admin rights
select tests.clear_authentication();
update marketplace.users set is_deleted = true where id = tests.get_user_id('bob@example.com');
select tests.authenticate_as('bob@example.com');
select is((select count(*) from marketplace.system_settings), 0::bigint, 'a soft-deleted admin has no admin access');

-- service_role
select tests.authenticate_as_service_role();
select ok((select count(*) from marketplace.users) >= 5, 'service_role reads every account');
update marketplace.users set role = 'USER' where id = tests.get_user_id('bob@example.com');
select is((select role from marketplace.users where id = tests.get_user_id('bob@example.com')),
  'USER'::marketplace.user_role,
  'service_role changes roles');
select is(
  (select actor_role from marketplace.audit_logs
   where action = 'USER_UPDATE' and target_id = tests.get_user_id('bob@example.com')
   and new_values ->> 'role' = 'USER'),
  'service_role', 'service_role changes are audited');

select * from finish();
rollback;
