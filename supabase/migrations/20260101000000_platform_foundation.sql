-- Platform foundation shared by every product schema: extensions, the private schema for policy
-- helpers and trigger functions, the shared updated_at trigger, and the four product schemas.

-- ============================================================================================
-- extensions
-- ============================================================================================

create schema if not exists extensions;
create extension if not exists pgcrypto with schema extensions;
create extension if not exists "uuid-ossp" with schema extensions;

-- ============================================================================================
-- private: never exposed through the Data API
-- ============================================================================================

-- Policy helpers are called while a policy is evaluated, with the privileges of the querying
-- role, so the API roles need usage on the schema and execute on the helpers that policies use.
-- The schema is not in config.toml's [api] schemas, so none of it is reachable as an RPC.
create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to anon, authenticated, service_role;

comment on schema private is
  'Policy helpers, trigger functions and internals. Not exposed through the Data API.';

-- ============================================================================================
-- helpers
-- ============================================================================================

create function private.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

comment on function private.set_updated_at() is
  'Shared BEFORE UPDATE trigger: stamps updated_at with the transaction time.';

revoke execute on function private.set_updated_at() from public;

-- The schemas the Data API exposes (config.toml [api] schemas). The test suite checks that this
-- list matches config.toml and that every table in these schemas has row level security on.
create function private.exposed_schemas()
returns text[]
language sql
immutable
set search_path = ''
as $$
  select array['public', 'marketplace', 'adly', 'dtf', 'courses']
$$;

revoke execute on function private.exposed_schemas() from public;
grant execute on function private.exposed_schemas() to service_role;

-- Tables in an exposed schema without row level security. Empty on a healthy database.
create function private.tables_without_rls()
returns table (schema_name text, table_name text)
language sql
stable
set search_path = ''
as $$
  select n.nspname::text, c.relname::text
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p')
    and n.nspname = any (private.exposed_schemas())
    and not c.relrowsecurity
  order by 1, 2
$$;

revoke execute on function private.tables_without_rls() from public;
grant execute on function private.tables_without_rls() to service_role;

-- ============================================================================================
-- product schemas
-- ============================================================================================

create schema if not exists marketplace;
create schema if not exists adly;
create schema if not exists dtf;
create schema if not exists courses;

comment on schema marketplace is 'UsITech workflow marketplace.';
comment on schema adly is 'ADLY ads platform: workspaces, integrations, campaigns, attribution, billing.';
comment on schema dtf is 'DTF Editor: image processing paid for with credits.';
comment on schema courses is 'Course platform: products, courses, lessons, purchases and progress.';

-- An exposed schema needs usage for the API roles; table, sequence and function privileges are
-- granted one by one in each product's migrations, and RLS narrows the rows.
grant usage on schema marketplace, adly, dtf, courses to anon, authenticated, service_role;

-- Functions are executable by PUBLIC unless revoked; in product schemas nothing is callable by
-- the API roles until a migration grants it.
alter default privileges in schema marketplace, adly, dtf, courses, private
  revoke execute on functions from public;
