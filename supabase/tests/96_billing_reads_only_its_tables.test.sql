-- Billing reads and writes only its own tables: every private.billing_* function reaches the
-- products (marketplace, courses, dtf, adly) through their functions, never their tables.
-- plpgsql_check lists the relations a PL/pgSQL function's statements use; the SQL-language ones
-- are checked by their text. Where plpgsql_check is not available (embedded PostgreSQL), the
-- dependency tests are skipped.
begin;
select plan(5);

-- the test databases have it; create it for this transaction where the server has it but the
-- database does not
do $$
begin
  if not exists (select 1 from pg_catalog.pg_extension where extname = 'plpgsql_check')
     and exists (select 1 from pg_catalog.pg_available_extensions where name = 'plpgsql_check') then
    create extension plpgsql_check with schema extensions;
  end if;
end
$$;

create temporary table plpgsql_check_schema on commit drop as
  select e.extnamespace::regnamespace::text as name from pg_catalog.pg_extension e where e.extname = 'plpgsql_check';

-- the relations and functions each PL/pgSQL billing function uses, as text queries run only
-- where plpgsql_check exists
create temporary table billing_dependencies_sql on commit drop as
  select format($q$
    select p.oid::regprocedure::text as function, d.type, d.schema, d.name
      from pg_catalog.pg_proc p
      join pg_catalog.pg_language l on l.oid = p.prolang and l.lanname = 'plpgsql'
     cross join lateral %I.plpgsql_show_dependency_tb(p.oid::regprocedure) d
     where p.pronamespace = 'private'::regnamespace and p.proname like 'billing\_%%'$q$, s.name) as q
    from plpgsql_check_schema s;

select case when exists (select 1 from plpgsql_check_schema)
  then is_empty(
    (select format($q$select function || ' uses ' || schema || '.' || name from (%s) d
                      where type = 'RELATION' and schema in ('marketplace', 'courses', 'dtf', 'adly')
                      order by 1$q$, q) from billing_dependencies_sql),
    'no PL/pgSQL billing function reads or writes a table of marketplace, courses, dtf or adly')
  else skip('plpgsql_check is not installed', 1) end;

-- the listing sees what billing does use: its own tables, and the products' functions
select case when exists (select 1 from plpgsql_check_schema)
  then results_eq(
    (select format($q$select type || ' ' || schema || '.' || name from (%s) d
                      where function = 'private.billing_on_checkout_session(jsonb)'
                        and (type = 'RELATION' or schema = 'marketplace')
                      order by 1$q$, q) from billing_dependencies_sql),
    $$values ('FUNCTION marketplace.apply_closed_checkout'), ('FUNCTION marketplace.apply_paid_checkout'),
             ('RELATION private.billing_checkouts')$$,
    'the listing sees the checkout table billing owns and the marketplace functions it calls')
  else skip('plpgsql_check is not installed', 1) end;

select case when exists (select 1 from plpgsql_check_schema)
  then results_eq(
    (select format($q$select count(distinct function) >= 10 from (%s) d$q$, q) from billing_dependencies_sql),
    $$values (true)$$,
    'the PL/pgSQL billing functions are all inspected')
  else skip('plpgsql_check is not installed', 1) end;

-- SQL-language billing functions: plpgsql_check does not read them; their text names no product
select is_empty(
  $$select p.oid::regprocedure::text
      from pg_catalog.pg_proc p join pg_catalog.pg_language l on l.oid = p.prolang
     where p.pronamespace = 'private'::regnamespace and p.proname like 'billing\_%'
       and l.lanname <> 'plpgsql'
       and p.prosrc ~ '\m(marketplace|courses|dtf|adly)\.'$$,
  'no SQL-language billing function names a product schema');

-- and nothing escapes both checks: billing functions are PL/pgSQL or SQL only
select is_empty(
  $$select p.oid::regprocedure::text
      from pg_catalog.pg_proc p join pg_catalog.pg_language l on l.oid = p.prolang
     where p.pronamespace = 'private'::regnamespace and p.proname like 'billing\_%'
       and l.lanname not in ('plpgsql', 'sql')$$,
  'every billing function is PL/pgSQL or SQL, so one of the checks above reads it');

select * from finish();
rollback;
