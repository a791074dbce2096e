// RLS overhead: the queries frontends make most, each run the way PostgREST runs a request (one
// read-only transaction; role and request.jwt.claims set with set_config(..., true); the SQL
// PostgREST generates for the request), once as `authenticated` with a user's claims and once as
// service_role (which bypasses RLS), alternating, with the same query text.
import type postgres from 'postgres';
import { benchUserIdSql, type Volumes } from './generate.ts';

export interface RlsQuery {
  name: string;
  /** The supabase-js / PostgREST request this stands for. */
  request: string;
  userId: string;
  sql: string;
}

export interface PlanSummary {
  scans: string[];
  indexOnly: boolean;
  executionMs: number;
}

export interface RlsResult {
  name: string;
  request: string;
  rows: number;
  sameResult: boolean;
  authenticatedMedianMs: number;
  authenticatedP95Ms: number;
  serviceRoleMedianMs: number;
  serviceRoleP95Ms: number;
  ratio: number;
  authenticatedPlan: PlanSummary;
  serviceRolePlan: PlanSummary;
}

/** PostgREST's envelope around a read: the rows as one JSON body. */
const envelope = (source: string) => `
  with pgrst_source as (${source})
  select null::bigint as total_result_set, pg_catalog.count(_postgrest_t) as page_total,
         coalesce(json_agg(_postgrest_t), '[]') as body,
         nullif(current_setting('response.headers', true), '') as response_headers,
         nullif(current_setting('response.status', true), '') as response_status,
         '' as response_inserted
    from (select * from pgrst_source) _postgrest_t`;

/** Picks the subjects (a user, a workspace viewer, a course buyer) and builds the queries. */
export async function buildQueries(sql: postgres.Sql, v: Volumes): Promise<RlsQuery[]> {
  // A typical user: the median user by image count.
  const [user] = await sql.unsafe(`select ${benchUserIdSql(String(Math.ceil(v.users / 2)))} as id`);
  // A viewer (not owner) of workspace 1: user 5 * 1 + 1 + 3.
  const [viewer] = await sql.unsafe(
    `select ${benchUserIdSql('9')} as id, md5('bench-workspace-' || 1)::uuid as workspace_id`,
  );
  const [category] = await sql.unsafe(`select md5('bench-category-' || 3)::uuid as id`);
  const [buyer] = await sql.unsafe(`
    select p.user_id, p.granted_course_ids[1] as course_id
      from courses.purchases p
     where p.stripe_session_id = 'cs_bench_course_${Math.ceil(v.users / 3)}_1'`);
  if (!buyer) throw new Error('no generated course purchase found');
  const since = new Date(Date.now() - 6 * 86400_000).toISOString().slice(0, 10);

  return [
    {
      name: 'dtf: my images page',
      request: `dtf.images?select=*&user_id=eq.<me>&order=created_at.desc&limit=24`,
      userId: user.id,
      sql: envelope(`
        select "dtf"."images".* from "dtf"."images"
         where "dtf"."images"."user_id" = '${user.id}'::uuid
         order by "dtf"."images"."created_at" desc limit 24 offset 0`),
    },
    {
      name: 'dtf: my credit history',
      request: `dtf.credit_transactions?select=*&user_id=eq.<me>&order=entry_no.desc&limit=50`,
      userId: user.id,
      sql: envelope(`
        select "dtf"."credit_transactions".* from "dtf"."credit_transactions"
         where "dtf"."credit_transactions"."user_id" = '${user.id}'::uuid
         order by "dtf"."credit_transactions"."entry_no" desc limit 50 offset 0`),
    },
    {
      name: 'marketplace: my purchases',
      request: `marketplace.purchases?select=*,workflows(id,title,price)&user_id=eq.<me>&order=created_at.desc`,
      userId: user.id,
      sql: envelope(`
        select "marketplace"."purchases".*, row_to_json("purchases_workflows_1".*)::jsonb as "workflows"
          from "marketplace"."purchases"
          left join lateral (
            select "workflows_1"."id", "workflows_1"."title", "workflows_1"."price"
              from "marketplace"."workflows" as "workflows_1"
             where "workflows_1"."id" = "marketplace"."purchases"."workflow_id"
          ) as "purchases_workflows_1" on true
         where "marketplace"."purchases"."user_id" = '${user.id}'::uuid
         order by "marketplace"."purchases"."created_at" desc`),
    },
    {
      name: 'marketplace: catalogue by category and price',
      request:
        `marketplace.workflows?select=id,title,price,rating_avg,workflow_categories!inner(category_id)` +
        `&workflow_categories.category_id=eq.<c>&price=gte.10&price=lte.50&status=eq.active&is_deleted=is.false` +
        `&order=downloads_count.desc,id&limit=24`,
      userId: user.id,
      sql: envelope(`
        select "marketplace"."workflows"."id", "marketplace"."workflows"."title", "marketplace"."workflows"."price",
               "marketplace"."workflows"."rating_avg",
               coalesce("workflows_workflow_categories_1"."workflows_workflow_categories_1", '[]') as "workflow_categories"
          from "marketplace"."workflows"
         inner join lateral (
            select json_agg("workflows_workflow_categories_1")::jsonb as "workflows_workflow_categories_1"
              from (select "workflow_categories_1"."category_id"
                      from "marketplace"."workflow_categories" as "workflow_categories_1"
                     where "workflow_categories_1"."workflow_id" = "marketplace"."workflows"."id"
                       and "workflow_categories_1"."category_id" = '${category.id}'::uuid
                   ) as "workflows_workflow_categories_1"
          ) as "workflows_workflow_categories_1" on true
         where "marketplace"."workflows"."price" >= 10 and "marketplace"."workflows"."price" <= 50
           and "marketplace"."workflows"."status" = 'active' and "marketplace"."workflows"."is_deleted" is false
           and "workflows_workflow_categories_1"."workflows_workflow_categories_1" is not null
         order by "marketplace"."workflows"."downloads_count" desc, "marketplace"."workflows"."id" limit 24 offset 0`),
    },
    {
      // The same search through the catalogue RPC, which frontends should use (see
      // docs/benchmarks.md: RLS hides the price statistics from the table query's planner).
      name: 'marketplace: catalogue by category and price (search_catalogue RPC)',
      request: `rpc/search_catalogue?p_category_id=<c>&p_min_price=10&p_max_price=50&p_limit=24 (schema marketplace)`,
      userId: user.id,
      sql: envelope(`
        select "pgrst_call".* from "marketplace"."search_catalogue"(
          "p_category_id" := '${category.id}'::uuid, "p_min_price" := 10, "p_max_price" := 50, "p_limit" := 24
        ) "pgrst_call"`),
    },
    {
      name: 'adly: workspace campaigns with a week of metrics',
      request:
        `adly.campaigns?select=*,campaign_metrics(*)&workspace_id=eq.<w>&campaign_metrics.date=gte.<6 days ago>` +
        `&campaign_metrics.order=date&order=name`,
      userId: viewer.id,
      sql: envelope(`
        select "adly"."campaigns".*,
               coalesce("campaigns_campaign_metrics_1"."campaigns_campaign_metrics_1", '[]') as "campaign_metrics"
          from "adly"."campaigns"
          left join lateral (
            select json_agg("campaigns_campaign_metrics_1")::jsonb as "campaigns_campaign_metrics_1"
              from (select "campaign_metrics_1".*
                      from "adly"."campaign_metrics" as "campaign_metrics_1"
                     where "campaign_metrics_1"."campaign_id" = "adly"."campaigns"."id"
                       and "campaign_metrics_1"."date" >= '${since}'::date
                     order by "campaign_metrics_1"."date"
                   ) as "campaigns_campaign_metrics_1"
          ) as "campaigns_campaign_metrics_1" on true
         where "adly"."campaigns"."workspace_id" = '${viewer.workspace_id}'::uuid
         order by "adly"."campaigns"."name"`),
    },
    {
      name: "courses: a buyer's lessons of a course",
      request:
        `courses.lessons?select=id,name,status,position,course_sections!inner(id,name,position)` +
        `&course_sections.course_id=eq.<c>&course_sections.status=eq.public&status=in.(public,preview)&order=position`,
      userId: buyer.user_id,
      sql: envelope(`
        select "courses"."lessons"."id", "courses"."lessons"."name", "courses"."lessons"."status",
               "courses"."lessons"."position",
               row_to_json("lessons_course_sections_1".*)::jsonb as "course_sections"
          from "courses"."lessons"
         inner join lateral (
            select "course_sections_1"."id", "course_sections_1"."name", "course_sections_1"."position"
              from "courses"."course_sections" as "course_sections_1"
             where "course_sections_1"."id" = "courses"."lessons"."section_id"
               and "course_sections_1"."course_id" = '${buyer.course_id}'::uuid
               and "course_sections_1"."status" = 'public'
          ) as "lessons_course_sections_1" on true
         where "courses"."lessons"."status" = any('{public,preview}'::courses.lesson_status[])
         order by "lessons_course_sections_1"."position", "courses"."lessons"."position"`),
    },
  ];
}

type Role = 'authenticated' | 'service_role';

async function asRole<T>(
  sql: postgres.Sql,
  role: Role,
  userId: string,
  run: (tx: postgres.TransactionSql) => Promise<T>,
): Promise<T> {
  const claims =
    role === 'authenticated'
      ? { sub: userId, role, aud: 'authenticated', aal: 'aal1', is_anonymous: false }
      : { role, iss: 'supabase-demo' };
  return sql.begin('isolation level read committed read only', async (tx) => {
    await tx`select set_config('role', ${role}, true),
                    set_config('request.jwt.claims', ${JSON.stringify(claims)}, true),
                    set_config('request.method', 'GET', true)`;
    return run(tx);
  }) as Promise<T>;
}

function collectScans(node: Record<string, unknown>, out: string[]): void {
  const type = String(node['Node Type']);
  if (type.includes('Scan')) {
    const relation = node['Relation Name']
      ? ` on ${node['Relation Name']}`
      : node['Function Name']
        ? ` of ${node['Function Name']}`
        : '';
    out.push(`${type}${relation}`);
  }
  for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) collectScans(child, out);
}

async function plan(sql: postgres.Sql, role: Role, userId: string, text: string): Promise<PlanSummary> {
  const [row] = await asRole(sql, role, userId, (tx) => tx.unsafe(`explain (analyze, format json) ${text}`));
  const explained = (row['QUERY PLAN'] as Record<string, unknown>[])[0];
  const scans: string[] = [];
  collectScans(explained.Plan as Record<string, unknown>, scans);
  const unique = [...new Set(scans)];
  return {
    scans: unique,
    indexOnly: !unique.some((s) => s.startsWith('Seq Scan')),
    executionMs: Number(explained['Execution Time']),
  };
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

export async function measureRls(
  sql: postgres.Sql,
  queries: RlsQuery[],
  runs: number,
  log: (line: string) => void,
): Promise<RlsResult[]> {
  const results: RlsResult[] = [];
  for (const query of queries) {
    const time = async (role: Role) =>
      asRole(sql, role, query.userId, async (tx) => {
        const started = performance.now();
        const [row] = await tx.unsafe(query.sql);
        return { ms: performance.now() - started, body: JSON.stringify(row.body), rows: Number(row.page_total) };
      });
    // Warm up caches and prepared statements for both roles.
    let asUser = await time('authenticated');
    let asService = await time('service_role');
    for (let i = 0; i < 10; i++) {
      asUser = await time('authenticated');
      asService = await time('service_role');
    }
    const userMs: number[] = [];
    const serviceMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Alternate the order so that neither role profits from the other's cache misses.
      if (i % 2 === 0) {
        userMs.push((await time('authenticated')).ms);
        serviceMs.push((await time('service_role')).ms);
      } else {
        serviceMs.push((await time('service_role')).ms);
        userMs.push((await time('authenticated')).ms);
      }
    }
    const result: RlsResult = {
      name: query.name,
      request: query.request,
      rows: asUser.rows,
      sameResult: asUser.body === asService.body,
      authenticatedMedianMs: quantile(userMs, 0.5),
      authenticatedP95Ms: quantile(userMs, 0.95),
      serviceRoleMedianMs: quantile(serviceMs, 0.5),
      serviceRoleP95Ms: quantile(serviceMs, 0.95),
      ratio: quantile(userMs, 0.5) / quantile(serviceMs, 0.5),
      authenticatedPlan: await plan(sql, 'authenticated', query.userId, query.sql),
      serviceRolePlan: await plan(sql, 'service_role', query.userId, query.sql),
    };
    results.push(result);
    log(
      `  ${query.name.padEnd(50)} ${result.authenticatedMedianMs.toFixed(2).padStart(7)} ms vs ` +
        `${result.serviceRoleMedianMs.toFixed(2).padStart(7)} ms  ratio ${result.ratio.toFixed(2)}  rows ${result.rows}` +
        `${result.sameResult ? '' : '  (RESULTS DIFFER)'}`,
    );
  }
  return results;
}
