-- Test helpers for the pgTAP suite. Applied by the test runner to its throwaway database only.
--
-- They switch the session the way PostgREST runs a request: inside the test's transaction,
-- `set local role` to the API role and the JWT claims in request.jwt.claims.

create extension if not exists pgtap with schema extensions;

create schema if not exists tests;
grant usage on schema tests to anon, authenticated, service_role;

-- Creates an auth user (the product sign-up triggers fire as they do on a real sign-up) and
-- returns its id. user_metadata is what the client sends at sign-up, e.g. {"product": "dtf"}.
create or replace function tests.create_user(
  email text,
  user_metadata jsonb default '{}'::jsonb,
  id uuid default extensions.gen_random_uuid(),
  is_anonymous boolean default false
)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into auth.users (
    instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
    raw_app_meta_data, raw_user_meta_data, created_at, updated_at, is_anonymous
  ) values (
    '00000000-0000-0000-0000-000000000000', create_user.id, 'authenticated', 'authenticated',
    create_user.email, extensions.crypt('password', extensions.gen_salt('bf', 4)), now(),
    '{"provider": "email", "providers": ["email"]}'::jsonb, create_user.user_metadata,
    now(), now(), create_user.is_anonymous
  );
  return create_user.id;
end;
$$;

create or replace function tests.get_user_id(email text)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select u.id from auth.users u where u.email = get_user_id.email
$$;

-- Acts as the signed-in user with this email for the rest of the transaction.
-- aal is the authenticator assurance level claim: 'aal2' after a second factor was verified.
create or replace function tests.authenticate_as(email text, aal text default 'aal1')
returns void
language plpgsql
set search_path = ''
as $$
declare
  user_id uuid := tests.get_user_id(authenticate_as.email);
begin
  if user_id is null then
    raise exception 'tests.authenticate_as: no auth user with email %', authenticate_as.email;
  end if;
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', jsonb_build_object(
    'sub', user_id,
    'role', 'authenticated',
    'aud', 'authenticated',
    'email', authenticate_as.email,
    'aal', authenticate_as.aal,
    'is_anonymous', false,
    'app_metadata', jsonb_build_object('provider', 'email'),
    'user_metadata', '{}'::jsonb
  )::text, true);
end;
$$;

create or replace function tests.authenticate_as_anon()
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform set_config('role', 'anon', true);
  perform set_config('request.jwt.claims', '{"role": "anon"}', true);
end;
$$;

create or replace function tests.authenticate_as_service_role()
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform set_config('role', 'service_role', true);
  perform set_config('request.jwt.claims', '{"role": "service_role"}', true);
end;
$$;

-- Back to the connecting (superuser) role, with no claims.
create or replace function tests.clear_authentication()
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform set_config('role', 'none', true);
  perform set_config('request.jwt.claims', '', true);
end;
$$;

grant execute on all functions in schema tests to anon, authenticated, service_role;
