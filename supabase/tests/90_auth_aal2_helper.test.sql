-- private.has_verified_second_factor(): true only when the session passed a second factor, usable in
-- a product's policy. Here the aal2 JWT of Supabase Auth's own MFA, which counts while its Auth
-- session lives; the sessions the mfa function records are tested in 94_auth_second_factor_sessions.
-- The cases that need a live Auth session run only where the local platform's stand-in for Auth's
-- sign-in exists (supabase_local.auth_sign_in).
begin;
select plan(15);

select tests.create_user('aal2-helper@example.com');
select tests.create_user('aal2-other@example.com');

-- the helper itself
select tests.authenticate_as('aal2-helper@example.com', 'aal2');
select ok(private.has_verified_second_factor(), 'an aal2 JWT has a verified second factor');
select tests.authenticate_as('aal2-helper@example.com', 'aal1');
select ok(not private.has_verified_second_factor(), 'an aal1 JWT has not');
select set_config('request.jwt.claims', json_build_object('role', 'authenticated', 'sub',
  tests.get_user_id('aal2-helper@example.com'))::text, true);
select ok(not private.has_verified_second_factor(), 'a JWT without an aal claim has not');
select set_config('request.jwt.claims', '', true);
select ok(not private.has_verified_second_factor(), 'no JWT at all: false, not null');
select tests.authenticate_as_service_role();
select ok(not private.has_verified_second_factor(), 'the service role key is not a second factor');
select tests.authenticate_as_anon();
select throws_ok($$select private.has_verified_second_factor()$$, '42501',
  'permission denied for function has_verified_second_factor', 'anon cannot call the helper (no anon policy needs it)');

-- Auth's aal2 ends with the Auth session its token names
select tests.authenticate_as('aal2-helper@example.com', 'aal2', extensions.gen_random_uuid());
select ok(not private.has_verified_second_factor(), 'an aal2 JWT naming no live Auth session has not');
select tests.clear_authentication();
select to_regproc('supabase_local.auth_sign_in') is not null as local_auth \gset
\if :local_auth
select tests.sign_in('aal2-helper@example.com', 'aal2') as aal2_session \gset
select tests.authenticate_as('aal2-helper@example.com', 'aal2', :'aal2_session');
select ok(private.has_verified_second_factor(), 'an aal2 JWT of a live Auth session has a verified second factor');
select tests.authenticate_as('aal2-other@example.com', 'aal2', :'aal2_session');
select ok(not private.has_verified_second_factor(), 'an aal2 JWT naming another user''s session has not');
select tests.clear_authentication();
select supabase_local.auth_sign_out(:'aal2_session');
select tests.authenticate_as('aal2-helper@example.com', 'aal2', :'aal2_session');
select ok(not private.has_verified_second_factor(), 'after sign-out the same, unexpired aal2 JWT has not');
select tests.clear_authentication();
\else
select skip('needs supabase_local.auth_sign_in (the local platform) to create Auth sessions', 3);
\endif

-- how a product uses it: a policy that requires aal2 for a sensitive update
select tests.clear_authentication();
create table private.aal2_demo (
  id int primary key,
  owner_id uuid not null,
  payout_iban text
);
alter table private.aal2_demo enable row level security;
create policy "owner with second factor can update payout" on private.aal2_demo for update to authenticated
  using (owner_id = (select auth.uid()) and (select private.has_verified_second_factor()));
create policy "owner can read own row" on private.aal2_demo for select to authenticated
  using (owner_id = (select auth.uid()));
grant select, update (payout_iban) on private.aal2_demo to authenticated;
insert into private.aal2_demo values (1, tests.get_user_id('aal2-helper@example.com'), 'old');

select tests.authenticate_as('aal2-helper@example.com', 'aal1');
update private.aal2_demo set payout_iban = 'aal1' where id = 1;
select is((select payout_iban from private.aal2_demo where id = 1), 'old',
  'at aal1 the owner''s update changes no row');
select tests.authenticate_as('aal2-other@example.com', 'aal2');
update private.aal2_demo set payout_iban = 'other' where id = 1;
select tests.authenticate_as('aal2-helper@example.com', 'aal2');
select is((select payout_iban from private.aal2_demo where id = 1), 'old', 'another user at aal2 changes no row');
update private.aal2_demo set payout_iban = 'new' where id = 1;
select is((select payout_iban from private.aal2_demo where id = 1), 'new', 'at aal2 the owner''s update applies');

select tests.clear_authentication();
select is(
  (select p.prosecdef from pg_proc p where p.oid = 'private.has_verified_second_factor()'::regprocedure),
  true, 'the helper runs with its owner''s rights: it reads the recorded sessions, which no API role can');
select is(
  (select p.provolatile from pg_proc p where p.oid = 'private.has_verified_second_factor()'::regprocedure),
  's', 'the helper is stable, so a policy evaluates it once per statement');

select * from finish();
rollback;
