-- Test helpers for the pgTAP suite, installed by the suite's first file and committed, so that
-- every later file finds them: `pg_prove -r supabase/tests` and `supabase test db` both run the
-- files in name order, each in its own session. Only for test databases. Idempotent.
--
-- The helpers switch the session the way PostgREST runs a request: inside the test's transaction,
-- `set local role` to the API role and the JWT claims in request.jwt.claims. They run as postgres,
-- which is not a superuser on Supabase.

begin;

create extension if not exists pgtap with schema extensions;

create schema if not exists tests;
comment on schema tests is 'pgTAP helpers (supabase/tests/000_setup_test_helpers.sql); test databases only.';
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
-- aal is the authenticator assurance level claim: 'aal2' after Supabase Auth's own MFA.
-- session_id is the Auth session the JWT belongs to (auth.sessions.id; see tests.sign_in).
drop function if exists tests.authenticate_as(text, text);
create or replace function tests.authenticate_as(email text, aal text default 'aal1', session_id uuid default null)
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
  perform set_config('request.jwt.claims', jsonb_strip_nulls(jsonb_build_object(
    'sub', user_id,
    'role', 'authenticated',
    'aud', 'authenticated',
    'email', authenticate_as.email,
    'aal', authenticate_as.aal,
    'session_id', authenticate_as.session_id,
    'is_anonymous', false,
    'app_metadata', jsonb_build_object('provider', 'email'),
    'user_metadata', '{}'::jsonb
  ))::text, true);
end;
$$;

-- Signs the user in as Supabase Auth would (a row in auth.sessions) and returns the session id,
-- which the session's JWTs carry as session_id. Only the local platform can: hosted projects and
-- `supabase start` create sessions through Auth's API alone, so tests that need one skip there.
create or replace function tests.sign_in(email text, aal text default 'aal1')
returns uuid
language plpgsql
set search_path = ''
as $$
declare
  user_id uuid := tests.get_user_id(sign_in.email);
begin
  if to_regproc('supabase_local.auth_sign_in') is null then
    raise exception 'tests.sign_in: only the local platform can create Auth sessions (supabase_local.auth_sign_in)';
  end if;
  if user_id is null then
    raise exception 'tests.sign_in: no auth user with email %', sign_in.email;
  end if;
  return supabase_local.auth_sign_in(user_id, sign_in.aal);
end;
$$;

-- Gives the user with this email an enabled TOTP second factor, as the mfa function's enroll and
-- verify leave it (a fixed secret, no backup codes). Idempotent.
create or replace function tests.enable_second_factor(email text)
returns void
language plpgsql
set search_path = ''
as $$
declare
  factor_user uuid := tests.get_user_id(enable_second_factor.email);
begin
  if factor_user is null then
    raise exception 'tests.enable_second_factor: no auth user with email %', enable_second_factor.email;
  end if;
  if not exists (select 1 from private.auth_totp_factors f where f.user_id = factor_user and f.is_enabled) then
    perform private.auth_totp_enroll(factor_user, 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    update private.auth_totp_factors f set is_enabled = true, enabled_at = now()
    where f.user_id = factor_user;
  end if;
end;
$$;

-- Records that an Auth session passed the second factor, as the mfa function's challenge does.
create or replace function tests.pass_second_factor(session_id uuid)
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform private.auth_record_second_factor_session(
    (select s.user_id from auth.sessions s where s.id = pass_second_factor.session_id),
    pass_second_factor.session_id, 'totp', now());
end;
$$;

-- The session a user with a second factor acts in (for tests.act_as): one that passed the factor
-- (the latest the user has), or a new one that has not. Definer: it reads the recorded sessions.
create or replace function tests.second_factor_session(email text, verified boolean)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  factor_user uuid := tests.get_user_id(second_factor_session.email);
  found_session uuid;
begin
  if not exists (select 1 from private.auth_totp_factors f where f.user_id = factor_user and f.is_enabled) then
    raise exception 'tests.second_factor_session: % has no second factor (tests.enable_second_factor)',
    second_factor_session.email;
  end if;
  if not verified then
    return extensions.gen_random_uuid();
  end if;
  select v.session_id into found_session
  from private.auth_second_factor_sessions v
  join auth.sessions s on s.id = v.session_id
  where v.user_id = factor_user
  order by v.verified_at desc
  limit 1;
  if found_session is null then
    raise exception
    'tests.second_factor_session: % has no session that passed the second factor (tests.pass_second_factor)',
    second_factor_session.email;
  end if;
  return found_session;
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

-- Back to the connecting role (postgres), with no claims.
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

-- The roles the RLS matrix probes: the API roles, and two session states of a signed-in user who
-- has a second factor (private.second_factor_satisfied()): a session that has not passed it, and
-- one that has.
create or replace function tests.api_role(role text)
returns text
language sql
immutable
set search_path = ''
as $$
  select case when api_role.role like 'authenticated (%' then 'authenticated' else api_role.role end
$$;

-- Acts as a role of the RLS matrix for the rest of the transaction: as the user with this email
-- for authenticated and its session states, as the anonymous or service role otherwise
-- (user_email is then ignored).
create or replace function tests.act_as(role text, user_email text default null)
returns void
language plpgsql
set search_path = ''
as $$
begin
  case act_as.role
    when 'authenticated' then perform tests.authenticate_as(act_as.user_email);
    when 'authenticated (2FA, unverified session)' then
      perform tests.authenticate_as(act_as.user_email, 'aal1', tests.second_factor_session(act_as.user_email, false));
    when 'authenticated (2FA, verified session)' then
      perform tests.authenticate_as(act_as.user_email, 'aal1', tests.second_factor_session(act_as.user_email, true));
    when 'anon' then perform tests.authenticate_as_anon();
    when 'service_role' then perform tests.authenticate_as_service_role();
    else raise exception 'tests.act_as: % is not a role of the RLS matrix', act_as.role;
  end case;
end;
$$;

-- How the RLS checks name a row of a relation, as an SQL expression over the alias: its ctid for
-- a table, the md5 of its JSON for a view (which has no ctid).
create or replace function tests.rls_row_key(relation regclass, alias text)
returns text
language sql
stable
set search_path = ''
as $$
  select case when c.relkind in ('v', 'm')
              then format('pg_catalog.md5(pg_catalog.to_jsonb(%I)::text)', alias)
              else format('%I.ctid::text', alias) end
  from pg_catalog.pg_class c
  where c.oid = relation
$$;

-- The rows of a table or view that a role of the RLS matrix (as the user with user_email, for
-- authenticated and its session states) reaches with one operation, as row keys
-- (tests.rls_row_key). Null when the role lacks the privilege for the operation altogether.
--   select: the rows it sees.
--   update, delete: each row a statement aimed at that row alone touches (update assigns a column
--     the role may update its own value). An error raised after row-level security let the row
--     through (a foreign key, a trigger's business rule) still counts as reached.
--   insert: each row whose copy (the columns the role may insert, the others defaulted) passes the
--     WITH CHECK policies; only "new row violates row-level security policy" counts as refused.
-- Every attempt is rolled back. Called by the connecting role (postgres), never by an API role.
create or replace function tests.rls_reached_rows(relation regclass, role text, operation text,
  user_email text default null)
returns text[]
language plpgsql
set search_path = ''
as $$
declare
  key_expression text := tests.rls_row_key(relation, 'r');
  privileged_role text := tests.api_role(role);
  column_list text;
  statement text;
  target record;
  affected bigint;
  reached text[] := '{}';
begin
  if not (pg_catalog.has_table_privilege(privileged_role, relation, operation)
          or (operation <> 'delete' and pg_catalog.has_any_column_privilege(privileged_role, relation, operation))) then
    return null;
  end if;

  if operation = 'select' then
    begin
      perform tests.act_as(role, user_email);
      execute format('select coalesce(pg_catalog.array_agg(%s), ''{}'') from %s r', key_expression,
        relation) into reached;
      raise exception using errcode = 'UNDO0';
    exception when sqlstate 'UNDO0' then
      null; -- back to the caller's role and claims
    end;
    return reached;
  end if;

  -- the columns the statement may name: insert copies every column the role may insert; update
  -- assigns the first column the role may update, a key column only when there is no other
  select pg_catalog.string_agg(format('%I', a.attname), ', '
           order by exists (select 1 from pg_catalog.pg_index i
                            where i.indrelid = relation and i.indisprimary and a.attnum = any (i.indkey)),
                    a.attnum)
    into column_list
  from pg_catalog.pg_attribute a
  where a.attrelid = relation and a.attnum > 0 and not a.attisdropped
    and a.attgenerated = '' and a.attidentity <> 'a'
    and pg_catalog.has_column_privilege(privileged_role, relation, a.attnum, case operation when 'delete' then 'select'
    else operation end);
  if column_list is null then
    raise exception 'tests.rls_reached_rows: % has no column of % to name in a %', role, relation, operation;
  end if;
  statement := case operation
    when 'insert' then format('insert into %s (%s) select %s from pg_catalog.jsonb_populate_record(null::%s, $1)',
                              relation, column_list, column_list, relation)
    when 'update' then format('update %s set %s = %2$s where ctid = $2::tid', relation, split_part(column_list, ', ',
    1))
    when 'delete' then format('delete from %s where ctid = $2::tid', relation)
  end;

  for target in execute format('select %s as key, pg_catalog.to_jsonb(r) as data from %s r', key_expression,
    relation) loop
    affected := 0;
    begin
      perform tests.act_as(role, user_email);
      execute statement using target.data, target.key;
      get diagnostics affected = row_count;
      raise exception using errcode = 'UNDO0';
    exception
      when sqlstate 'UNDO0' then
        if affected > 0 then reached := reached || target.key; end if;
      when insufficient_privilege then
        if sqlerrm not like 'new row violates row-level security policy%' then raise; end if;
      when syntax_error_or_access_rule_violation then
        raise; -- a statement this function got wrong, not an answer about the row
      when others then
        reached := reached || target.key;
    end;
  end loop;
  return reached;
end;
$$;

-- tests.seed_id('<kind>:<name>'): the ids of the seed rows by name, generated from the seed files
-- (see the file's header).
\ir fixtures/seed_ids.psql

grant execute on all functions in schema tests to anon, authenticated, service_role;

select plan(2);
select has_function('tests', 'rls_reached_rows', 'the test helpers are installed');
select has_function('tests', 'seed_id', array['text'], 'the seed row names are installed');
select * from finish();
commit;
