-- Local platform baseline.
--
-- What every hosted Supabase database already has before the first migration runs: the API and
-- admin roles, the schemas extensions, auth and storage, auth.users, the auth.* claim helpers,
-- storage.buckets/objects with their path helpers, and the default privileges on schema public.
-- It is applied only to plain PostgreSQL servers (npm start, npm test) and never shipped as a
-- migration. The runner skips it when the target already has an auth schema that this file did
-- not create (a `supabase start` database or a hosted project).
--
-- Every statement is idempotent so the runner can apply it on each start.

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
      ('anon',                       'nologin noinherit'),
      ('authenticated',              'nologin noinherit'),
      ('service_role',               'nologin noinherit bypassrls'),
      ('authenticator',              'login noinherit'),
      ('supabase_admin',             'login createrole createdb replication bypassrls'),
      ('supabase_auth_admin',        'login noinherit createrole'),
      ('supabase_storage_admin',     'login noinherit createrole'),
      ('supabase_read_only_user',    'login bypassrls'),
      ('supabase_replication_admin', 'login replication'),
      ('supabase_realtime_admin',    'nologin noinherit'),
      ('dashboard_user',             'nologin createdb createrole replication'),
      ('pgbouncer',                  'login')
    ) as r(name, attributes)
  loop
    if not exists (select 1 from pg_catalog.pg_roles where rolname = spec.name) then
      execute format('create role %I %s', spec.name, spec.attributes);
    end if;
  end loop;
end
$roles$;

-- PostgREST logs in as authenticator and switches to the role named in the JWT.
grant anon, authenticated, service_role to authenticator;
-- postgres and supabase_admin may act as any API role, as on hosted projects.
grant anon, authenticated, service_role to postgres;
grant anon, authenticated, service_role to supabase_admin;

alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';

-- ============================================================================================
-- schemas and extensions
-- ============================================================================================

create schema if not exists extensions;
grant usage on schema extensions to postgres, anon, authenticated, service_role;

create extension if not exists pgcrypto with schema extensions;
create extension if not exists "uuid-ossp" with schema extensions;

-- The public schema: usable by the API roles. Tables created later are not granted to the API
-- roles by default (the Data API's auto_expose_new_tables = false); migrations grant explicitly.
grant usage on schema public to postgres, anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to postgres;
alter default privileges in schema public grant all on sequences to postgres;
alter default privileges in schema public grant all on functions to postgres;

-- ============================================================================================
-- auth
-- ============================================================================================

create schema if not exists auth authorization supabase_auth_admin;
comment on schema auth is 'Local baseline: stands in for Supabase Auth''s schema.';
grant usage on schema auth to postgres, anon, authenticated, service_role, dashboard_user;

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
alter table auth.users owner to supabase_auth_admin;
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
alter table auth.identities owner to supabase_auth_admin;
create index if not exists identities_user_id_idx on auth.identities (user_id);

grant all on all tables in schema auth to supabase_auth_admin, dashboard_user, postgres;

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

create schema if not exists storage authorization supabase_storage_admin;
grant usage on schema storage to postgres, anon, authenticated, service_role;

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

grant all on storage.buckets, storage.objects to postgres, anon, authenticated, service_role;

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

alter function storage.foldername(text) owner to supabase_storage_admin;
alter function storage.filename(text) owner to supabase_storage_admin;
alter function storage.extension(text) owner to supabase_storage_admin;
grant execute on function storage.foldername(text), storage.filename(text), storage.extension(text)
  to postgres, anon, authenticated, service_role;

-- ============================================================================================
-- search path
-- ============================================================================================

-- Hosted projects resolve extension functions without a schema prefix for the postgres role.
alter role postgres set search_path to "$user", public, extensions;
