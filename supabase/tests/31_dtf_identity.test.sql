-- DTF Editor: a profile for each sign-up to the app (with 2 welcome credits written to the
-- ledger), none for other products' sign-ups, and an idempotent enrolment RPC.
begin;
select plan(19);

select tests.create_user('ident-new@example.com', '{"product": "dtf", "first_name": "Nina"}');
select tests.create_user('ident-other@example.com', '{"product": "courses"}');
select tests.create_user('ident-spoof@example.com', '{"product": "dtf", "is_admin": true}');
select tests.create_user(null, '{"product": "dtf"}', is_anonymous => true);
insert into auth.users (id, aud, role, phone, raw_user_meta_data, created_at, updated_at)
values ('c2000000-0000-4000-8000-000000000001', 'authenticated', 'authenticated', '+15550100',
        '{"product": "dtf"}', now(), now());

select results_eq(
  $$select credits_remaining, total_credits_purchased, total_credits_used, subscription_status, is_admin, first_name
      from dtf.profiles where id = tests.get_user_id('ident-new@example.com')$$,
  $$values (2, 0, 0, 'free'::text, false, 'Nina'::text)$$,
  'a dtf sign-up gets a free profile with 2 credits');

select results_eq(
  $$select transaction_type, amount, balance_before, balance_after
      from dtf.credit_transactions where user_id = tests.get_user_id('ident-new@example.com')$$,
  $$values ('bonus'::text, 2, 0, 2)$$,
  'the 2 welcome credits are one bonus ledger row starting from 0');

select is_empty(
  $$select 1 from dtf.profiles where id = tests.get_user_id('ident-other@example.com')$$,
  'a sign-up for another product gets no dtf profile');

select is(
  (select is_admin from dtf.profiles where id = tests.get_user_id('ident-spoof@example.com')),
  false, 'user_metadata cannot make anyone an admin');

select is(
  (select count(*)::int from dtf.profiles p join auth.users u on u.id = p.id where u.is_anonymous or u.email is null),
  0, 'anonymous and phone-only sign-ups get no profile and no free credits (and their sign-up still works)');

select throws_ok(
  $$select private.dtf_create_profile((select id from auth.users where is_anonymous limit 1))$$,
  '42501', 'anonymous users cannot enrol: sign up with an e-mail address first',
  'an anonymous user cannot farm welcome credits');
select throws_ok(
  $$select private.dtf_create_profile('c2000000-0000-4000-8000-000000000001')$$,
  '22023', 'a DTF Editor profile needs an e-mail address', 'a profile needs an e-mail address');
select throws_ok(
  $$select private.dtf_create_profile('00000000-0000-4000-8000-00000000dead')$$,
  'DT002', 'unknown user: no auth user 00000000-0000-4000-8000-00000000dead', 'an unknown auth user cannot enrol');

-- enrolment of an existing auth user
select tests.authenticate_as('ident-other@example.com');
select is((dtf.enroll_current_user()).credits_remaining, 2, 'enroll_current_user creates the profile with 2 credits');
select is((dtf.enroll_current_user()).credits_remaining, 2, 'enrolling again returns the same profile');
select tests.clear_authentication();
select is(
  (select count(*)::int from dtf.credit_transactions where user_id = tests.get_user_id('ident-other@example.com')),
  1, 'enrolling twice grants the welcome credits once');

select tests.authenticate_as('ident-new@example.com');
select is((dtf.enroll_current_user()).id, tests.get_user_id('ident-new@example.com'),
  'enrolling an existing profile returns it');
select tests.clear_authentication();
select is(
  (select credits_remaining from dtf.profiles where id = tests.get_user_id('ident-new@example.com')),
  2, 'and does not add credits');

select tests.authenticate_as_anon();
select throws_ok($$select dtf.enroll_current_user()$$, '42501',
  'permission denied for function enroll_current_user', 'anon cannot enrol');
select tests.clear_authentication();

select set_config('role', 'authenticated', true);
select set_config('request.jwt.claims', '{"role": "authenticated"}', true);
select throws_ok($$select dtf.enroll_current_user()$$, '42501', 'sign in to enrol in the DTF Editor',
  'a request without a user id cannot enrol');
select tests.clear_authentication();

select tests.authenticate_as_service_role();
select throws_ok($$select dtf.enroll_current_user()$$, '42501',
  'permission denied for function enroll_current_user', 'the service role has no user to enrol');
select tests.clear_authentication();

-- e-mail follows auth
update auth.users set email = 'ident-renamed@example.com' where email = 'ident-new@example.com';
select is(
  (select email from dtf.profiles where id = tests.get_user_id('ident-renamed@example.com')),
  'ident-renamed@example.com', 'a changed auth e-mail is copied to the profile');

-- deleting the auth user deletes the profile and its ledger
delete from auth.users where email = 'ident-renamed@example.com';
select is_empty(
  $$select 1 from dtf.profiles where email = 'ident-renamed@example.com'$$,
  'deleting the auth user deletes the profile');

select is(
  (select count(*)::int from dtf.credit_transactions t
    where not exists (select 1 from dtf.profiles p where p.id = t.user_id)),
  0, 'and its ledger rows');

select * from finish();
rollback;
