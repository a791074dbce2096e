-- The safety net: every table in a schema the Data API exposes has row level security on, and
-- no SECURITY DEFINER function anywhere in our schemas runs with a mutable search_path.
begin;
select plan(4);

select is(
  (select array_agg(format('%I.%I', schema_name, table_name)) from private.tables_without_rls()),
  null,
  'every table in an exposed schema has row level security enabled'
);

select is(
  (select array_agg(p.oid::regprocedure::text)
   from pg_proc p
   join pg_namespace n on n.oid = p.pronamespace
   where p.prosecdef
     and n.nspname = any (private.exposed_schemas() || array['private'])
     and not coalesce(p.proconfig, '{}') @> array['search_path=""']),
  null,
  'every SECURITY DEFINER function sets an empty search_path'
);

select is(
  (select array_agg(p.oid::regprocedure::text)
   from pg_proc p
   join pg_namespace n on n.oid = p.pronamespace
   where p.prosecdef
     and n.nspname = any (private.exposed_schemas() || array['private'])
     and has_function_privilege('public', p.oid, 'execute')),
  null,
  'no SECURITY DEFINER function is executable by PUBLIC'
);

select is(
  (select array_agg(format('%I.%I', schemaname, viewname))
   from pg_views v
   join pg_class c on c.relname = v.viewname
   join pg_namespace n on n.oid = c.relnamespace and n.nspname = v.schemaname
   where v.schemaname = any (private.exposed_schemas())
     and not coalesce(c.reloptions, '{}') @> array['security_invoker=true']),
  null,
  'every view in an exposed schema is security_invoker'
);

select * from finish();
rollback;
