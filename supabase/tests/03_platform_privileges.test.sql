-- The platform's contract with the role that runs migrations, seed and tests, as hosted Supabase
-- has it: postgres is not a superuser; it acts as any API role, bypasses RLS and creates roles and
-- databases; Auth and Storage own their tables, and postgres reaches them only as granted. Holds
-- on the local platform (supabase/local/baseline.sql) and on `supabase start` alike.
begin;
select plan(24);

-- who is who
select is((select rolsuper from pg_roles where rolname = 'postgres'), false, 'postgres is not a superuser');
select is((select rolsuper from pg_roles where rolname = 'supabase_admin'), true, 'supabase_admin is the superuser');
select is(
  (select array[rolcreaterole, rolcreatedb, rolbypassrls, rolreplication, rolcanlogin] from pg_roles
    where rolname = 'postgres'),
  array[true, true, true, true, true], 'postgres creates roles and databases, bypasses RLS, replicates and logs in');
select is(current_user::text, 'postgres', 'the suite runs as postgres');
select ok(pg_has_role('postgres', 'anon', 'member') and pg_has_role('postgres', 'authenticated', 'member')
          and pg_has_role('postgres', 'service_role', 'member'), 'postgres may act as every API role');
select ok(not pg_has_role('postgres', 'supabase_auth_admin', 'usage')
  and not pg_has_role('postgres', 'supabase_storage_admin', 'usage'),
  'postgres has none of the rights of Auth''s or Storage''s admin roles');
select is((select array[rolinherit, rolbypassrls] from pg_roles where rolname = 'service_role'), array[true, true],
  'service_role inherits and bypasses RLS');
select is((select array_agg(rolcanlogin order by rolname) from pg_roles
  where rolname in ('anon', 'authenticated', 'service_role')),
  array[false, false, false], 'no API role logs in');

-- Auth's tables
select is((select tableowner::text from pg_tables where schemaname = 'auth' and tablename = 'users'),
  'supabase_auth_admin',
  'Auth owns auth.users');
select ok(has_table_privilege('auth.users', 'select, insert, update, delete, references, trigger'),
  'postgres reads and writes auth.users, and references it and puts triggers on it (sign-up hooks)');
select ok(has_table_privilege('auth.identities', 'select') and not has_table_privilege('auth.identities', 'insert')
          and not has_table_privilege('auth.identities', 'update')
          and not has_table_privilege('auth.identities', 'delete'),
  'postgres only reads auth.identities');
select ok(not has_schema_privilege('auth', 'create'), 'postgres creates nothing in the auth schema');
select throws_ok($$alter table auth.users add column probe int$$, '42501', null, 'postgres cannot change auth.users');
select ok(not has_table_privilege('anon', 'auth.users', 'select')
  and not has_table_privilege('authenticated', 'auth.users', 'select'),
  'the API roles cannot read auth.users');

-- Storage's tables
select is((select tableowner::text from pg_tables where schemaname = 'storage' and tablename = 'objects'),
  'supabase_storage_admin',
  'Storage owns storage.objects');
select ok(not has_schema_privilege('storage', 'create'), 'postgres creates nothing in the storage schema');
select throws_ok($$alter table storage.objects disable row level security$$, '42501', null,
  'postgres cannot switch off row level security on storage.objects');
select lives_ok($$create policy "probe policy" on storage.objects for select to authenticated using (false)$$,
  'postgres manages the policies of storage.objects (supautils policy grants on hosted)');
select lives_ok($$drop policy "probe policy" on storage.objects$$, 'and drops them');
select throws_ok($$delete from storage.objects where false$$, '42501',
  'Direct deletion from storage tables is not allowed. Use the Storage API instead.',
  'Storage refuses SQL deletes of objects unless the Storage API asks for them');

-- settings
select lives_ok($$set local session_replication_role = replica$$, 'postgres may skip triggers for a data restore');
select lives_ok($$set local session_replication_role = origin$$, 'and switch them back');
select throws_ok($$set local track_functions = 'all'$$, '42501', null,
  'postgres cannot change superuser-only settings');
select throws_ok($$alter role postgres superuser$$, '42501', null, 'postgres cannot make itself a superuser');

select * from finish();
rollback;
