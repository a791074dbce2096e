-- Performance guards that do not depend on timing: the policies rewritten for speed evaluate their
-- helpers once per statement (counted from the executor's own instrumentation), the catalogue's
-- popularity order is served by an index, and a usage row of the credit ledger enters only the
-- indexes it needs.
begin;
select plan(15);

-- How many times running the query (as the current role, so its policies apply) evaluates the
-- private helper: EXPLAIN ANALYZE of the query, every plan node that computes the helper counted
-- once per loop (an init plan, a hashed subplan or a function scan), and every node that tests it
-- in a condition once per row it examined. Function call statistics would count the same, but
-- turning them on needs a superuser, which postgres is not on Supabase.
create function pg_temp.helper_evaluations(p_query text, p_helper text)
returns bigint
language plpgsql
as $$
declare
  v_call text := 'private.' || p_helper || '(';
  v_plan jsonb;
  v_node jsonb;
  v_evaluations bigint := 0;
begin
  execute 'explain (analyze, verbose, costs off, timing off, summary off, format json) ' || p_query into v_plan;
  for v_node in select jsonb_path_query(v_plan, 'strict $.** ? (exists (@."Node Type"))') loop
    if strpos(coalesce(v_node ->> 'Output', '') || coalesce(v_node ->> 'Function Call', ''), v_call) > 0 then
      v_evaluations := v_evaluations + (v_node ->> 'Actual Loops')::bigint;
    end if;
    if strpos(concat_ws(' ', v_node ->> 'Filter', v_node ->> 'Join Filter', v_node ->> 'Index Cond',
                        v_node ->> 'Recheck Cond', v_node ->> 'Hash Cond', v_node ->> 'Merge Cond'), v_call) > 0 then
      v_evaluations := v_evaluations + (v_node ->> 'Actual Loops')::bigint
        * ((v_node ->> 'Actual Rows')::bigint + coalesce((v_node ->> 'Rows Removed by Filter')::bigint, 0)
           + coalesce((v_node ->> 'Rows Removed by Join Filter')::bigint, 0));
    end if;
  end loop;
  return v_evaluations;
end;
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
select cmp_ok((select count(*) from adly.campaign_metrics), '>=', 2::bigint,
  'the seed has several campaign metrics rows');
select cmp_ok((select count(*) from marketplace.workflow_categories), '>=', 2::bigint,
  'the seed has several category links');

-- ============================================================================================
-- courses: lessons
-- ============================================================================================

select tests.authenticate_as('alice@example.com');
select cmp_ok((select count(*) from courses.lessons), '>', 0::bigint, 'alice reads lessons of her courses');
select is(pg_temp.helper_evaluations('select count(*) from courses.lessons', 'courses_readable_lesson_sections'),
  1::bigint,
  'the lessons policy computes the readable sections once per statement');
select is(pg_temp.helper_evaluations('select count(*) from courses.lessons', 'courses_can_read_lesson_in'), 0::bigint,
  'the lessons policy calls no helper per lesson');
select is(pg_temp.helper_evaluations('select count(*) from courses.lessons', 'courses_can_read_course'), 0::bigint,
  'the lessons policy calls no course helper per row');

select cmp_ok((select count(*) from courses.course_sections), '>', 0::bigint, 'alice reads sections');
select is(pg_temp.helper_evaluations('select count(*) from courses.course_sections', 'courses_readable_course_ids'),
  1::bigint,
  'the sections policy computes the readable courses once per statement');
select tests.clear_authentication();

-- ============================================================================================
-- adly: campaign metrics
-- ============================================================================================

select tests.authenticate_as('carol@example.com');
select cmp_ok((select count(*) from adly.campaign_metrics), '>', 0::bigint,
  'a workspace viewer reads campaign metrics');
select ok(pg_temp.helper_evaluations('select count(*) from adly.campaign_metrics', 'adly_campaign_ids') = 1
          and pg_temp.helper_evaluations('select count(*) from adly.campaign_metrics', 'adly_has_role') = 0
          and pg_temp.helper_evaluations('select count(*) from adly.campaign_metrics', 'adly_campaign_workspace') = 0,
  'the metrics policy computes the readable campaigns once per statement and calls nothing per row');
select tests.clear_authentication();

-- ============================================================================================
-- marketplace: category links and the popularity order
-- ============================================================================================

select tests.authenticate_as_anon();
select cmp_ok((select count(*) from marketplace.workflow_categories), '>', 0::bigint,
  'anyone reads catalogue category links');
select is(pg_temp.helper_evaluations('select count(*) from marketplace.workflow_categories',
  'marketplace_workflow_is_visible'), 0::bigint,
  'the category link policy calls no helper per link');
select tests.clear_authentication();

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
