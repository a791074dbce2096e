-- Performance guards that do not depend on timing: the policies rewritten for speed evaluate their
-- helpers once per statement (counted with per-transaction function statistics), the catalogue's
-- popularity order is served by an index, and a usage row of the credit ledger enters only the
-- indexes it needs.
begin;
select plan(15);

-- Function call counts of this transaction (PL/pgSQL and SQL functions alike).
set local track_functions = 'all';

create temp table calls_before on commit drop as
select p.oid, p.proname::text as name, pg_stat_get_xact_function_calls(p.oid) as calls
  from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
 where n.nspname = 'private';

create function pg_temp.calls_since(p_name text)
returns bigint
language sql
as $$
  select coalesce(sum(coalesce(pg_stat_get_xact_function_calls(b.oid), 0) - coalesce(b.calls, 0)), 0)::bigint
    from calls_before b
   where b.name = p_name
$$;

create function pg_temp.snapshot()
returns void
language sql
as $$
  update calls_before b set calls = pg_stat_get_xact_function_calls(b.oid)
$$;

create function pg_temp.explain_lines()
returns setof text
language plpgsql
as $$
declare
  v_line text;
begin
  for v_line in
    explain (costs off)
    select w.id from marketplace.workflows w
     where w.status = 'active' and w.is_deleted is false and w.price >= 10 and w.price <= 50
     order by w.downloads_count desc, w.id
     limit 24
  loop
    return next v_line;
  end loop;
end;
$$;

-- The tables hold several rows, so a per-row helper would be called several times.
select cmp_ok((select count(*) from courses.lessons), '>=', 2::bigint, 'the seed has several lessons');
select cmp_ok((select count(*) from adly.campaign_metrics), '>=', 2::bigint, 'the seed has several campaign metrics rows');
select cmp_ok((select count(*) from marketplace.workflow_categories), '>=', 2::bigint, 'the seed has several category links');

-- ============================================================================================
-- courses: lessons
-- ============================================================================================

select pg_temp.snapshot();
select tests.authenticate_as('alice@example.com');
select cmp_ok((select count(*) from courses.lessons), '>', 0::bigint, 'alice reads lessons of her courses');
select tests.clear_authentication();
select is(pg_temp.calls_since('courses_readable_lesson_sections'), 1::bigint,
  'the lessons policy computes the readable sections once per statement');
select is(pg_temp.calls_since('courses_can_read_lesson_in'), 0::bigint,
  'the lessons policy calls no helper per lesson');
select is(pg_temp.calls_since('courses_can_read_course'), 0::bigint,
  'the lessons policy calls no course helper per row');

select pg_temp.snapshot();
select tests.authenticate_as('alice@example.com');
select cmp_ok((select count(*) from courses.course_sections), '>', 0::bigint, 'alice reads sections');
select tests.clear_authentication();
select is(pg_temp.calls_since('courses_readable_course_ids'), 1::bigint,
  'the sections policy computes the readable courses once per statement');

-- ============================================================================================
-- adly: campaign metrics
-- ============================================================================================

select pg_temp.snapshot();
select tests.authenticate_as('carol@example.com');
select cmp_ok((select count(*) from adly.campaign_metrics), '>', 0::bigint, 'a workspace viewer reads campaign metrics');
select tests.clear_authentication();
select ok(pg_temp.calls_since('adly_campaign_ids') = 1 and pg_temp.calls_since('adly_has_role') = 0
          and pg_temp.calls_since('adly_campaign_workspace') = 0,
  'the metrics policy computes the readable campaigns once per statement and calls nothing per row');

-- ============================================================================================
-- marketplace: category links and the popularity order
-- ============================================================================================

select pg_temp.snapshot();
select tests.authenticate_as_anon();
select cmp_ok((select count(*) from marketplace.workflow_categories), '>', 0::bigint, 'anyone reads catalogue category links');
select tests.clear_authentication();
select is(pg_temp.calls_since('marketplace_workflow_is_visible'), 0::bigint,
  'the category link policy calls no helper per link');

-- The catalogue request (active, not deleted, most downloaded first, ties by id) is answered from
-- idx_workflows_catalogue_popular in index order, without a sort.
set local enable_seqscan = off;
set local enable_bitmapscan = off;
set local enable_sort = off;
select ok(
  (select string_agg(line, E'\n') ~ 'idx_workflows_catalogue_popular' and string_agg(line, E'\n') !~ 'Sort'
     from (select * from pg_temp.explain_lines()) l(line)),
  'the catalogue order by downloads is read from the popularity index without sorting');
reset enable_seqscan;
reset enable_bitmapscan;
reset enable_sort;

-- ============================================================================================
-- dtf: the ledger indexes a usage row enters
-- ============================================================================================

-- Every other ledger index is partial (purchases, refunds, open lots, non-null references), so a
-- usage row without those references is written to these three only.
select results_eq(
  $$select i.indexrelid::regclass::text from pg_index i
     where i.indrelid = 'dtf.credit_transactions'::regclass and i.indpred is null order by 1$$,
  $$values ('dtf.credit_transactions_entry_no_key'), ('dtf.credit_transactions_pkey'),
           ('dtf.idx_credit_transactions_user_id')$$,
  'only the primary key, entry_no and the per-user history index cover every ledger row');

select * from finish();
rollback;
