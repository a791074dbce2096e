-- Local platform baseline.
--
-- What every hosted Supabase database already has before the first migration runs, built the way
-- Supabase builds it: a superuser supabase_admin owns the platform; postgres, the role that runs
-- migrations, seed and tests, is NOT a superuser; Supabase Auth (supabase_auth_admin) and Storage
-- (supabase_storage_admin) own their schemas' tables and guard them with grants, row level
-- security and triggers. It is applied by a superuser, only to plain PostgreSQL servers (npm start,
-- npm test), and never shipped as a migration. The runner skips it when the target already has an
-- auth schema that this file did not create (a `supabase start` database or a hosted project).
--
-- Facts come from Supabase's own sources: the roles and grants from supabase/postgres (init
-- scripts and migrations up to 2026), the auth tables from supabase/auth's migrations, the storage
-- tables and the delete guard from supabase/storage's migrations. Hosted Postgres also loads
-- supautils, which has no package here; each line that stands in for one of its behaviours says
-- which. README.md beside this file lists what the baseline still cannot reproduce.
--
-- Every statement is idempotent so the runner can apply it on each start.

do $preconditions$
begin
  if not (select rolsuper from pg_catalog.pg_roles where rolname = current_user) then
    raise exception 'the local baseline must be applied by a superuser, not %', current_user;
  end if;
  if exists (select 1 from pg_catalog.pg_roles where rolname = 'postgres' and oid = 10) then
    raise exception 'postgres is this server''s bootstrap superuser and cannot be made an ordinary role as on Supabase'
      using hint = 'create the cluster with `initdb -U supabase_admin` (npm start and npm test do)';
  end if;
end
$preconditions$;

-- ============================================================================================
-- roles
-- ============================================================================================

do $roles$
declare
  spec record;
begin
  for spec in
    select *
    from (values
      ('supabase_admin',             'superuser login createrole createdb replication bypassrls'),
      ('postgres',                   'nosuperuser login createrole createdb replication bypassrls'),
      -- The API roles inherit since 2023 (supabase/postgres: alter_api_roles_for_inherit).
      ('anon',                       'nologin inherit'),
      ('authenticated',              'nologin inherit'),
      ('service_role',               'nologin inherit bypassrls'),
      ('authenticator',              'login noinherit'),
      -- Auth lost CREATEROLE in 2026 (revoke_createrole_from_auth_admin).
      ('supabase_auth_admin',        'login noinherit nocreaterole'),
      ('supabase_storage_admin',     'login noinherit createrole'),
      ('supabase_read_only_user',    'login bypassrls'),
      ('supabase_replication_admin', 'login replication'),
      ('supabase_realtime_admin',    'nologin noinherit'),
      ('dashboard_user',             'nologin createdb createrole replication'),
      ('pgbouncer',                  'login')
    ) as r(name, attributes)
  loop
    if exists (select 1 from pg_catalog.pg_roles where rolname = spec.name) then
      execute format('alter role %I %s', spec.name, spec.attributes);
    else
      execute format('create role %I %s', spec.name, spec.attributes);
    end if;
  end loop;
end
$roles$;

-- PostgREST logs in as authenticator and switches to the role named in the JWT.
grant anon, authenticated, service_role to authenticator;
grant authenticator to supabase_storage_admin;
grant pg_read_all_data to supabase_read_only_user;

-- postgres acts as any API role (with ADMIN OPTION from PostgreSQL 16 on), monitors and reads
-- everything, and signals backends; it is not a member of supabase_auth_admin,
-- supabase_storage_admin or supabase_realtime_admin (revoked on hosted in 2024 and 2025).
do $postgres_memberships$
begin
  if current_setting('server_version_num')::int >= 160000 then
    grant anon, authenticated, service_role to postgres with admin option;
  else
    grant anon, authenticated, service_role to postgres;
  end if;
end
$postgres_memberships$;
grant pg_monitor, pg_read_all_data, pg_signal_backend to postgres;
revoke supabase_auth_admin, supabase_storage_admin, supabase_realtime_admin from postgres;

alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
alter role authenticator set statement_timeout = '8s';
alter role authenticator set lock_timeout = '8s';
alter role supabase_admin set search_path to "$user", public, auth, extensions;
-- Hosted projects resolve extension functions without a schema prefix for the postgres role.
alter role postgres set search_path to "$user", public, extensions;

-- ============================================================================================
-- database, public and extensions
-- ============================================================================================

do $database$
begin
  execute format('grant all on database %I to postgres, dashboard_user', current_database());
end
$database$;

grant all on schema public to postgres;
grant usage on schema public to anon, authenticated, service_role;
-- Tables created later are not granted to the API roles by default (the Data API's 2026 default:
-- new tables are not exposed); migrations grant explicitly.
alter default privileges for role postgres in schema public grant all on tables to postgres;
alter default privileges for role postgres in schema public grant all on sequences to postgres;
alter default privileges for role postgres in schema public grant all on functions to postgres;

create schema if not exists extensions authorization supabase_admin;
grant all on schema extensions to postgres, dashboard_user;
grant usage on schema extensions to anon, authenticated, service_role;
alter default privileges in schema extensions grant all on tables to postgres with grant option;
alter default privileges in schema extensions grant all on routines to postgres with grant option;
alter default privileges in schema extensions grant all on sequences to postgres with grant option;

create extension if not exists pgcrypto with schema extensions;
create extension if not exists "uuid-ossp" with schema extensions;

-- supautils: postgres may create the "privileged extensions" (pgtap and plpgsql_check among
-- them), which are created by the superuser on its behalf. Here the superuser creates the two the
-- test tooling needs ahead of time, where the server has them, so that `create extension if not
-- exists` (`supabase test db`, `supabase db lint`) succeeds for postgres.
do $privileged_extensions$
declare
  extension_name text;
begin
  foreach extension_name in array array['pgtap', 'plpgsql_check'] loop
    if exists (select 1 from pg_catalog.pg_available_extensions e where e.name = extension_name) then
      execute format('create extension if not exists %I with schema extensions', extension_name);
    end if;
  end loop;
end
$privileged_extensions$;

-- pg_cron (Supabase Cron), where the server preloads it and this is its database: hosted lets
-- postgres create it in pg_catalog (privileged extension), and an event trigger then grants
-- postgres the cron schema, every cron table but only reads of cron.job (jobs are written through
-- cron.schedule) and no triggers on them.
do $pg_cron$
begin
  if current_setting('cron.database_name', true) = current_database()
     and exists (select 1 from pg_catalog.pg_available_extensions where name = 'pg_cron') then
    create extension if not exists pg_cron with schema pg_catalog;
    grant usage on schema cron to postgres with grant option;
    grant all on all tables in schema cron to postgres with grant option;
    revoke all on cron.job from postgres;
    grant select on cron.job to postgres with grant option;
    revoke trigger on all tables in schema cron from postgres;
    grant all on all sequences in schema cron to postgres with grant option;
    grant execute on all functions in schema cron to postgres;
  end if;
end
$pg_cron$;

grant all on all tables in schema extensions to postgres with grant option;
grant all on all routines in schema extensions to postgres with grant option;
grant all on all sequences in schema extensions to postgres with grant option;

-- supautils: privileged_role_allowed_configs lets postgres set session_replication_role (a data
-- restore sets it to `replica` to skip triggers and foreign key checks).
do $allowed_configs$
begin
  execute 'grant set on parameter session_replication_role to postgres';
end
$allowed_configs$;

-- ============================================================================================
-- auth
-- ============================================================================================

create schema if not exists auth authorization supabase_admin;
comment on schema auth is 'Local baseline: stands in for Supabase Auth''s schema.';
grant all on schema auth to supabase_auth_admin, dashboard_user;
grant usage on schema auth to postgres, anon, authenticated, service_role;
revoke create on schema auth from postgres;
alter role supabase_auth_admin set search_path = auth;

create table if not exists auth.users (
  instance_id uuid,
  id uuid not null primary key,
  aud varchar(255),
  role varchar(255),
  email varchar(255),
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  invited_at timestamptz,
  confirmation_token varchar(255),
  confirmation_sent_at timestamptz,
  recovery_token varchar(255),
  recovery_sent_at timestamptz,
  email_change_token_new varchar(255),
  email_change varchar(255),
  email_change_sent_at timestamptz,
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb,
  raw_user_meta_data jsonb,
  is_super_admin boolean,
  created_at timestamptz,
  updated_at timestamptz,
  phone text unique default null,
  phone_confirmed_at timestamptz,
  phone_change text default '',
  phone_change_token varchar(255) default '',
  phone_change_sent_at timestamptz,
  confirmed_at timestamptz generated always as (least(email_confirmed_at, phone_confirmed_at)) stored,
  email_change_token_current varchar(255) default '',
  email_change_confirm_status smallint default 0
    check (email_change_confirm_status >= 0 and email_change_confirm_status <= 2),
  banned_until timestamptz,
  reauthentication_token varchar(255) default '',
  reauthentication_sent_at timestamptz,
  is_sso_user boolean not null default false,
  deleted_at timestamptz,
  is_anonymous boolean not null default false
);
comment on table auth.users is 'Auth: Stores user login data within a secure schema.';

create unique index if not exists users_email_partial_key on auth.users (email) where (is_sso_user = false);
create index if not exists users_instance_id_idx on auth.users (instance_id);
create index if not exists users_is_anonymous_idx on auth.users (is_anonymous);

create table if not exists auth.identities (
  provider_id text not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  identity_data jsonb not null,
  provider text not null,
  last_sign_in_at timestamptz,
  created_at timestamptz,
  updated_at timestamptz,
  email text generated always as (lower(identity_data ->> 'email')) stored,
  id uuid not null default gen_random_uuid() primary key,
  constraint identities_provider_id_provider_unique unique (provider_id, provider)
);
create index if not exists identities_user_id_idx on auth.identities (user_id);

alter table auth.users owner to supabase_auth_admin;
alter table auth.identities owner to supabase_auth_admin;
-- Auth enables row level security on its tables (supabase/auth: enable_rls_update_grants);
-- postgres and service_role bypass it, the API roles have no grants.
alter table auth.users enable row level security;
alter table auth.identities enable row level security;

grant all on auth.users, auth.identities to supabase_auth_admin, dashboard_user;
-- postgres: every privilege on auth.users (granted when postgres was demoted), which migrations
-- need for sign-up triggers and foreign keys; only reads of auth.identities, Auth's own table.
grant all on auth.users to postgres;
revoke all on auth.identities from postgres;
grant select on auth.identities to postgres with grant option;

-- Sessions and MFA factors, as Auth keeps them: a session per sign-in (its id is the session_id
-- claim of every JWT of that sign-in, refreshes included; sign-out and revocation delete it), its
-- assurance level after Auth's own MFA, and the factors enrolled with Auth's MFA API.
do $auth_types$
begin
  if to_regtype('auth.aal_level') is null then
    create type auth.aal_level as enum ('aal1', 'aal2', 'aal3');
  end if;
  if to_regtype('auth.factor_type') is null then
    create type auth.factor_type as enum ('totp', 'webauthn', 'phone');
  end if;
  if to_regtype('auth.factor_status') is null then
    create type auth.factor_status as enum ('unverified', 'verified');
  end if;
end
$auth_types$;
alter type auth.aal_level owner to supabase_auth_admin;
alter type auth.factor_type owner to supabase_auth_admin;
alter type auth.factor_status owner to supabase_auth_admin;

create table if not exists auth.sessions (
  id uuid not null primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz,
  updated_at timestamptz,
  factor_id uuid,
  aal auth.aal_level,
  not_after timestamptz,
  refreshed_at timestamp,
  user_agent text,
  ip inet,
  tag text
);
comment on table auth.sessions is 'Auth: Stores session data associated to a user.';
create index if not exists sessions_user_id_idx on auth.sessions (user_id);
create index if not exists sessions_not_after_idx on auth.sessions (not_after desc);

create table if not exists auth.mfa_factors (
  id uuid not null primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  friendly_name text,
  factor_type auth.factor_type not null,
  status auth.factor_status not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  secret text,
  phone text,
  last_challenged_at timestamptz
);
comment on table auth.mfa_factors is 'auth: stores metadata about factors';
create index if not exists mfa_factors_user_id_idx on auth.mfa_factors (user_id);

alter table auth.sessions owner to supabase_auth_admin;
alter table auth.mfa_factors owner to supabase_auth_admin;
alter table auth.sessions enable row level security;
alter table auth.mfa_factors enable row level security;
grant all on auth.sessions, auth.mfa_factors to supabase_auth_admin, dashboard_user;
revoke all on auth.sessions, auth.mfa_factors from postgres;
grant select on auth.sessions, auth.mfa_factors to postgres with grant option;

-- The claim helpers read the claims PostgREST puts into request.jwt.claims for each request
-- (and the older one-setting-per-claim form), exactly like Supabase's own.
create or replace function auth.uid() returns uuid
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

create or replace function auth.role() returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

create or replace function auth.email() returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$$;

create or replace function auth.jwt() returns jsonb
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

alter function auth.uid() owner to supabase_auth_admin;
alter function auth.role() owner to supabase_auth_admin;
alter function auth.email() owner to supabase_auth_admin;
alter function auth.jwt() owner to supabase_auth_admin;
grant execute on function auth.uid(), auth.role(), auth.email(), auth.jwt()
  to postgres, anon, authenticated, service_role, dashboard_user;

-- ============================================================================================
-- storage
-- ============================================================================================

create schema if not exists storage authorization supabase_admin;
grant all on schema storage to supabase_storage_admin;
grant usage on schema storage to postgres with grant option;
grant usage on schema storage to anon, authenticated, service_role;
revoke create on schema storage from postgres;
alter role supabase_storage_admin set search_path = storage;

create table if not exists storage.buckets (
  id text not null primary key,
  name text not null,
  owner uuid,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  public boolean default false,
  avif_autodetection boolean default false,
  file_size_limit bigint,
  allowed_mime_types text[],
  owner_id text
);
create unique index if not exists bname on storage.buckets (name);

create table if not exists storage.objects (
  id uuid not null default gen_random_uuid() primary key,
  bucket_id text references storage.buckets (id),
  name text,
  owner uuid,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  last_accessed_at timestamptz default now(),
  metadata jsonb,
  path_tokens text[] generated always as (string_to_array(name, '/')) stored,
  version text,
  owner_id text,
  user_metadata jsonb
);
create unique index if not exists bucketid_objname on storage.objects (bucket_id, name);
create index if not exists name_prefix_search on storage.objects (name text_pattern_ops);

alter table storage.buckets owner to supabase_storage_admin;
alter table storage.objects owner to supabase_storage_admin;
alter table storage.buckets enable row level security;
alter table storage.objects enable row level security;

grant all on storage.buckets, storage.objects to anon, authenticated, service_role;
grant all on storage.buckets, storage.objects to postgres with grant option;

create or replace function storage.foldername(name text) returns text[]
language plpgsql immutable
as $$
declare
  _parts text[];
begin
  select string_to_array(name, '/') into _parts;
  return _parts[1:array_length(_parts, 1) - 1];
end
$$;

create or replace function storage.filename(name text) returns text
language plpgsql immutable
as $$
declare
  _parts text[];
begin
  select string_to_array(name, '/') into _parts;
  return _parts[array_length(_parts, 1)];
end
$$;

create or replace function storage.extension(name text) returns text
language plpgsql immutable
as $$
declare
  _parts text[];
  _filename text;
begin
  select string_to_array(name, '/') into _parts;
  select _parts[array_length(_parts, 1)] into _filename;
  return reverse(split_part(reverse(_filename), '.', 1));
end
$$;

-- Storage refuses SQL deletes of buckets and objects (they would orphan the stored files) unless
-- the transaction sets storage.allow_delete_query, as the Storage API does for its own deletes.
create or replace function storage.protect_delete() returns trigger
language plpgsql
as $$
begin
  if coalesce(current_setting('storage.allow_delete_query', true), 'false') <> 'true' then
    raise exception 'Direct deletion from storage tables is not allowed. Use the Storage API instead.'
      using errcode = '42501', hint = 'This prevents accidental data loss from orphaned objects.';
  end if;
  return null;
end
$$;

create or replace trigger protect_buckets_delete
  before delete on storage.buckets
  for each statement execute function storage.protect_delete();
create or replace trigger protect_objects_delete
  before delete on storage.objects
  for each statement execute function storage.protect_delete();

alter function storage.foldername(text) owner to supabase_storage_admin;
alter function storage.filename(text) owner to supabase_storage_admin;
alter function storage.extension(text) owner to supabase_storage_admin;
alter function storage.protect_delete() owner to supabase_storage_admin;
grant execute on function storage.foldername(text), storage.filename(text), storage.extension(text)
  to postgres, anon, authenticated, service_role;

-- ============================================================================================
-- supautils policy_grants: postgres manages policies on Auth's and Storage's tables
-- ============================================================================================

-- PostgreSQL lets only a table's owner create, alter or drop its policies. On hosted, supautils
-- lets postgres do so on a fixed list of Auth and Storage tables. Here an event trigger makes
-- postgres a member of the owning roles for the one policy statement (granted at its start,
-- revoked at its end, rolled back with it if it fails) and refuses a policy on a table outside
-- that list. Nothing else postgres runs gains those roles' rights.
create schema if not exists supabase_local authorization supabase_admin;
comment on schema supabase_local is 'Local baseline: stand-ins for hosted Supabase''s supautils.';
revoke all on schema supabase_local from public;

create or replace function supabase_local.policy_grant_tables() returns text[]
language sql immutable
set search_path = ''
as $$
  select array['auth.audit_log_entries', 'auth.identities', 'auth.refresh_tokens', 'auth.sessions',
               'auth.users', 'realtime.messages', 'storage.buckets', 'storage.migrations',
               'storage.objects', 'storage.s3_multipart_uploads', 'storage.s3_multipart_uploads_parts']
$$;

-- The role a statement runs as: a security definer function sees its owner in current_user, while
-- the role setting keeps what the session chose with SET ROLE.
create or replace function supabase_local.statement_role() returns text
language sql stable
set search_path = ''
as $$
  select coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user::text)
$$;

create or replace function supabase_local.policy_grant_start() returns event_trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if supabase_local.statement_role() = 'postgres'
     and not pg_catalog.pg_has_role('postgres', 'supabase_storage_admin', 'member') then
    grant supabase_auth_admin, supabase_storage_admin to postgres;
    perform pg_catalog.set_config('supabase_local.policy_grant', 'on', true);
  end if;
end
$$;

create or replace function supabase_local.policy_grant_end() returns event_trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  target text;
begin
  if pg_catalog.current_setting('supabase_local.policy_grant', true) = 'on' then
    revoke supabase_auth_admin, supabase_storage_admin from postgres;
    perform pg_catalog.set_config('supabase_local.policy_grant', '', true);
    for target in
      select p.polrelid::regclass::text
      from pg_catalog.pg_event_trigger_ddl_commands() c
      join pg_catalog.pg_policy p on p.oid = c.objid
      where c.classid = 'pg_catalog.pg_policy'::regclass
    loop
      if (select c.relowner::regrole::text in ('supabase_auth_admin', 'supabase_storage_admin')
          from pg_catalog.pg_class c where c.oid = target::regclass)
         and not target = any (supabase_local.policy_grant_tables()) then
        raise exception 'must be owner of table %', target using errcode = '42501';
      end if;
    end loop;
  end if;
end
$$;

alter function supabase_local.policy_grant_tables() owner to supabase_admin;
alter function supabase_local.statement_role() owner to supabase_admin;
alter function supabase_local.policy_grant_start() owner to supabase_admin;
alter function supabase_local.policy_grant_end() owner to supabase_admin;

drop event trigger if exists supabase_local_policy_grant_start;
create event trigger supabase_local_policy_grant_start on ddl_command_start
  when tag in ('CREATE POLICY', 'ALTER POLICY', 'DROP POLICY')
  execute function supabase_local.policy_grant_start();
drop event trigger if exists supabase_local_policy_grant_end;
create event trigger supabase_local_policy_grant_end on ddl_command_end
  when tag in ('CREATE POLICY', 'ALTER POLICY', 'DROP POLICY')
  execute function supabase_local.policy_grant_end();

-- ============================================================================================
-- Supabase Auth stand-ins: sign-in and sign-out
-- ============================================================================================

-- Without GoTrue, tests and the local stack need what a password sign-in and a sign-out do to the
-- database: a row in auth.sessions (whose id the session's JWTs carry as session_id), deleted
-- again at sign-out. Only these two functions write sessions, as Auth would; postgres may call
-- them here, and on hosted Supabase there is no such thing (sessions come from Auth's API).
create or replace function supabase_local.auth_sign_in(p_user_id uuid, p_aal text default 'aal1')
returns uuid
language sql
security definer
set search_path = ''
as $$
  insert into auth.sessions (id, user_id, created_at, updated_at, aal)
  values (gen_random_uuid(), p_user_id, now(), now(), p_aal::auth.aal_level)
  returning id
$$;

create or replace function supabase_local.auth_sign_out(p_session_id uuid)
returns boolean
language sql
security definer
set search_path = ''
as $$
  with gone as (delete from auth.sessions s where s.id = p_session_id returning 1)
  select exists (select 1 from gone)
$$;

alter function supabase_local.auth_sign_in(uuid, text) owner to supabase_admin;
alter function supabase_local.auth_sign_out(uuid) owner to supabase_admin;
revoke all on function supabase_local.auth_sign_in(uuid, text), supabase_local.auth_sign_out(uuid) from public;
grant usage on schema supabase_local to postgres;
grant execute on function supabase_local.auth_sign_in(uuid, text), supabase_local.auth_sign_out(uuid) to postgres;
