-- The platform baseline's contract: roles, claim helpers and RLS bypass behave as on Supabase.
begin;
select plan(25);

-- roles and their attributes
select has_role('anon');
select has_role('authenticated');
select has_role('service_role');
select has_role('authenticator');
select is((select rolcanlogin from pg_roles where rolname = 'anon'), false, 'anon cannot log in');
select is((select rolcanlogin from pg_roles where rolname = 'authenticated'), false, 'authenticated cannot log in');
select is((select rolbypassrls from pg_roles where rolname = 'service_role'), true, 'service_role bypasses RLS');
select is((select rolbypassrls from pg_roles where rolname = 'authenticated'), false,
  'authenticated does not bypass RLS');
select is((select rolbypassrls from pg_roles where rolname = 'anon'), false, 'anon does not bypass RLS');
select is((select rolcanlogin and not rolinherit from pg_roles where rolname = 'authenticator'), true,
  'authenticator logs in and does not inherit');
select ok(pg_has_role('authenticator', 'anon', 'member')
      and pg_has_role('authenticator', 'authenticated', 'member')
      and pg_has_role('authenticator', 'service_role', 'member'),
  'authenticator may switch to every API role');

-- schemas and tables
select has_schema('auth');
select has_schema('storage');
select has_schema('extensions');
select has_table('auth', 'users', 'auth.users exists');
select is((select relrowsecurity from pg_class where oid = 'storage.objects'::regclass), true,
  'storage.objects has RLS enabled');

-- claim helpers under given claims
set local request.jwt.claims to
  '{"sub": "8f1c6a2e-2f0b-4b7e-9f57-3a1d2c4b5e6f", "role": "authenticated", "email": "ada@example.com", "aal": "aal2"}';
select is(auth.uid(), '8f1c6a2e-2f0b-4b7e-9f57-3a1d2c4b5e6f'::uuid, 'auth.uid() reads sub from request.jwt.claims');
select is(auth.role(), 'authenticated', 'auth.role() reads role');
select is(auth.email(), 'ada@example.com', 'auth.email() reads email');
select is(auth.jwt() ->> 'aal', 'aal2', 'auth.jwt() returns every claim');
set local request.jwt.claims to '';
select is(auth.uid(), null, 'auth.uid() is null without claims');

-- service_role bypasses RLS, anon does not
create table public.baseline_probe (id int primary key);
alter table public.baseline_probe enable row level security;
insert into public.baseline_probe values (1);
grant select on public.baseline_probe to anon, service_role;

select tests.authenticate_as_service_role();
select is((select count(*) from public.baseline_probe), 1::bigint, 'service_role sees rows without a policy');
select tests.authenticate_as_anon();
select is((select count(*) from public.baseline_probe), 0::bigint, 'anon sees nothing without a policy');
select tests.clear_authentication();

-- the seed's demo users, as Supabase Auth can sign them in
select is_empty(
  $$select email from auth.users
     where id::text like 'a0000000-0000-4000-8000-%'
       and (instance_id is null or encrypted_password is null or email_confirmed_at is null
            or confirmation_token is null or recovery_token is null or email_change_token_new is null
            or email_change is null or email_change_token_current is null or phone_change_token is null
            or reauthentication_token is null)$$,
  'demo users are confirmed, have a password and empty (not null) token columns, which Auth reads as strings');

-- storage path helpers
select is(storage.foldername('user-1/avatars/me.png'), array['user-1', 'avatars'], 'storage.foldername splits folders');

select * from finish();
rollback;
