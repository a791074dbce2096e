// Fills a migrated database with realistic volumes for the benchmarks, set-based (one
// generate_series statement per table), deterministic (ids are md5 hashes of the row's number, so
// two runs at the same scale produce the same rows), and consistent with every constraint:
// foreign keys, check constraints, unique keys, the DTF credit ledger chain, the counters the
// triggers maintain. Triggers are switched off while it writes (session_replication_role =
// replica) because the generator writes their results itself; foreign keys are therefore verified
// explicitly at the end, for every constraint of the product schemas.
import type postgres from 'postgres';

export interface Volumes {
  users: number;
  workflows: number;
  images: number;
  /** marketplace.purchases and adly.orders each. */
  orders: number;
  ledgerRows: number;
  attributionEvents: number;
  workspaces: number;
  campaignsPerWorkspace: number;
  metricDays: number;
  courses: number;
}

/** The issue's volumes at scale 1; every count shrinks with the scale, with a floor. */
export function volumesFor(scale: number): Volumes {
  const n = (full: number, floor: number) => Math.max(floor, Math.round(full * scale));
  const users = n(1000, 20);
  return {
    users,
    workflows: n(100_000, 200),
    images: n(100_000, 200),
    orders: n(100_000, 200),
    // At least ten ledger rows per user, so that every chain has purchases and usage.
    ledgerRows: Math.max(users * 10, n(1_000_000, 1000)),
    attributionEvents: n(1_000_000, 1000),
    workspaces: Math.max(4, Math.floor(users / 5)),
    campaignsPerWorkspace: 25,
    metricDays: 90,
    courses: n(40, 4),
  };
}

export interface GenerateStep {
  name: string;
  rows: number;
  ms: number;
}

/** The deterministic id of row `n` of kind `kind`, as SQL. */
const id = (kind: string, n: string) => `md5('bench-${kind}-' || (${n}))::uuid`;

/** Id of benchmark user number i (1-based). */
export const benchUserIdSql = (i: string) => id('user', i);

/** Id of workspace w (0-based) and of its campaign k (0-based). */
const workspaceId = (w: string) => id('workspace', w);
const campaignId = (w: string, k: string) => id('campaign', `(${w}) || '-' || (${k})`);

export async function generate(
  sql: postgres.Sql,
  v: Volumes,
  log: (line: string) => void = () => {},
): Promise<GenerateStep[]> {
  const steps: GenerateStep[] = [];
  const W = v.workspaces;
  const C = v.campaignsPerWorkspace;
  const ordersPerWorkspace = Math.floor(v.orders / W);
  const sectionsPerCourse = 6;
  const lessonsPerSection = 8;
  const categories = 12;

  const identity: [string, string][] = [
    [
      'auth.users',
      `
      insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                              raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
      select '00000000-0000-0000-0000-000000000000', ${benchUserIdSql('i')}, 'authenticated', 'authenticated',
             'bench-user-' || i || '@example.com', null, now() - interval '400 days',
             '{"provider": "email", "providers": ["email"]}'::jsonb,
             jsonb_build_object('full_name', 'Bench User ' || i),
             now() - interval '400 days' + i * interval '1 minute', now()
        from generate_series(1::bigint, ${v.users}) i`,
    ],
    [
      'marketplace.users',
      `
      insert into marketplace.users (id, name, email, role, last_login, created_at, updated_at)
      select ${benchUserIdSql('i')}, 'Bench User ' || i, 'bench-user-' || i || '@example.com', 'USER',
             now() - (i % 30) * interval '1 day', now() - interval '400 days', now()
        from generate_series(1::bigint, ${v.users}) i`,
    ],
    [
      'dtf.profiles',
      `
      insert into dtf.profiles (id, email, first_name, last_name, created_at, updated_at, last_activity_at)
      select ${benchUserIdSql('i')}, 'bench-user-' || i || '@example.com', 'Bench', 'User ' || i,
             now() - interval '400 days', now(), now() - (i % 30) * interval '1 day'
        from generate_series(1::bigint, ${v.users}) i`,
    ],
    [
      'adly.users',
      `
      insert into adly.users (id, email, first_name, last_name, created_at, updated_at)
      select ${benchUserIdSql('i')}, 'bench-user-' || i || '@example.com', 'Bench', 'User ' || i,
             now() - interval '400 days', now()
        from generate_series(1::bigint, ${v.users}) i`,
    ],
    [
      'courses.users',
      `
      insert into courses.users (id, name, email, created_at, updated_at)
      select ${benchUserIdSql('i')}, 'Bench User ' || i, 'bench-user-' || i || '@example.com',
             now() - interval '400 days', now()
        from generate_series(1::bigint, ${v.users}) i`,
    ],
  ];

  // Two independent groups, written at the same time on two connections.
  const marketplaceAndDtf: [string, string][] = [
    [
      'marketplace.categories',
      `
      insert into marketplace.categories (id, name, slug, description, position)
      select ${id('category', 'c')}, 'Bench category ' || c, 'bench-category-' || c, 'Generated category', 100 + c
        from generate_series(1::bigint, ${categories}) c`,
    ],
    // 90 % active, 5 % draft, 3 % archived, 2 % expired; 1 % soft-deleted; prices 0 to 199.
    [
      'marketplace.workflows',
      `
      insert into marketplace.workflows (id, title, description, price, status, tags, features,
                                         downloads_count, is_deleted, created_at, updated_at)
      select ${id('workflow', 'i')}, 'Workflow ' || i, 'Generated workflow number ' || i,
             ((i * 7919) % 200)::numeric + case when i % 3 = 0 then 0.99 else 0 end,
             (case when i % 100 < 90 then 'active' when i % 100 < 95 then 'draft'
                   when i % 100 < 98 then 'archived' else 'expired' end)::marketplace.workflow_status,
             array['automation', 'tag-' || (i % 50)], array['feature-' || (i % 7)],
             (i * 31) % 5000, i % 100 = 42,
             now() - ((i * 104729) % 730) * interval '1 day' - (i % 1440) * interval '1 minute', now()
        from generate_series(1::bigint, ${v.workflows}) i`,
    ],
    // Every workflow in one category, every third in a second one.
    [
      'marketplace.workflow_categories',
      `
      insert into marketplace.workflow_categories (workflow_id, category_id)
      select ${id('workflow', 'i')}, ${id('category', `1 + i % ${categories}`)}
        from generate_series(1::bigint, ${v.workflows}) i
      union all
      select ${id('workflow', 'i')}, ${id('category', `1 + (i + 5) % ${categories}`)}
        from generate_series(1::bigint, ${v.workflows}) i where i % 3 = 0`,
    ],
    // Purchases of catalogue workflows (active ones: i % 100 < 90 and not 42), at the workflow's
    // price with 10 % tax; mostly paid, some pending, refunded, rejected and failed.
    [
      'marketplace.purchases',
      `
      insert into marketplace.purchases (id, user_id, workflow_id, amount, tax, total, payment_method, status,
                                         stripe_checkout_session_id, stripe_payment_intent_id, paid_at,
                                         refunded_at, created_at, updated_at)
      select ${id('purchase', 'i')}, ${benchUserIdSql(`1 + i % ${v.users}`)}, ${id('workflow', 'w')},
             p.price, round(p.price * 0.10, 2), p.price + round(p.price * 0.10, 2), 'CARD', p.status,
             'cs_bench_' || i, case when p.status in ('ACTIVE', 'REFUNDED') then 'pi_bench_' || i end,
             case when p.status in ('ACTIVE', 'REFUNDED') then p.created_at + interval '1 minute' end,
             case when p.status = 'REFUNDED' then p.created_at + interval '3 days' end,
             p.created_at, p.created_at
        from generate_series(1::bigint, ${v.orders}) i
        cross join lateral (select 1 + ((i * 7919) % ${v.workflows}) as w0) w0
        cross join lateral (select case when w0.w0 % 100 < 90 and w0.w0 % 100 <> 42 then w0.w0
                                        else 1 + (w0.w0 / 100) * 100 end as w) w
        cross join lateral (
          select ((w.w * 7919) % 200)::numeric + case when w.w % 3 = 0 then 0.99 else 0 end as price,
                 (case when i % 50 < 44 then 'ACTIVE' when i % 50 < 46 then 'PENDING'
                       when i % 50 < 47 then 'REFUNDED' when i % 50 < 49 then 'REJECT' else 'FAILED' end
                 )::marketplace.purchase_status as status,
                 now() - ((i * 31) % 365) * interval '1 day' - (i % 1440) * interval '1 minute' as created_at
        ) p`,
    ],

    // ---------------------------------------------------------------- dtf
    [
      'dtf.images',
      `
      insert into dtf.images (id, user_id, original_filename, original_file_size, original_file_type,
                              original_url, processed_url, thumbnail_url, final_url, processing_status,
                              is_favorite, download_count, created_at, updated_at)
      select ${id('image', 'i')}, ${benchUserIdSql(`1 + i % ${v.users}`)}, 'image-' || i || '.png',
             100000 + (i * 7919) % 5000000, 'image/png',
             'dtf-images/' || u || '/original/' || i || '.png',
             case when s = 'completed' then u || '/processed/' || i || '.png' end,
             u || '/thumb/' || i || '.png',
             case when s = 'completed' then u || '/final/' || i || '.png' end,
             s, i % 17 = 0, (i * 13) % 20,
             now() - ((i * 104729) % 365) * interval '1 day' - (i % 1440) * interval '1 minute', now()
        from generate_series(1::bigint, ${v.images}) i
        cross join lateral (select (${benchUserIdSql(`1 + i % ${v.users}`)})::text as u,
                                   case when i % 20 = 0 then 'failed' when i % 50 = 1 then 'processing'
                                        else 'completed' end as s) x`,
    ],
    // The ledger: per user a chain whose every 10th entry is a purchase of 100 credits and whose
    // other entries use 1 to 5 credits, so the running balance never drops below zero.
    // entry_no (identity) follows created_at, interleaving users as real traffic does.
    [
      'dtf.credit_transactions',
      `
      insert into dtf.credit_transactions (user_id, transaction_type, amount, balance_before, balance_after,
                                           description, metadata, stripe_checkout_session_id, created_at)
      select user_id, transaction_type, amount, balance_after - amount, balance_after, description,
             metadata, stripe_checkout_session_id, created_at
        from (
          select user_id, transaction_type, amount, description, metadata, stripe_checkout_session_id, created_at,
                 sum(amount) over (partition by user_id order by j) as balance_after
            from (
              select ${benchUserIdSql('u')} as user_id, j,
                     case when j % 10 = 0 then 'purchase' else 'usage' end as transaction_type,
                     case when j % 10 = 0 then 100 else -(1 + (u * 7 + j * 13) % 5) end as amount,
                     case when j % 10 = 0 then 'Credit pack' else 'Image operation' end as description,
                     case when j % 10 = 0 then null else jsonb_build_object('operation', 'upscale') end as metadata,
                     case when j % 10 = 0 then 'cs_bench_ledger_' || u || '_' || j end as stripe_checkout_session_id,
                     now() - interval '365 days' + j * (interval '365 days' / ${Math.ceil(v.ledgerRows / v.users)})
                       + u * interval '1 millisecond' as created_at
                from generate_series(1::bigint, ${v.users}) u
                cross join lateral generate_series(0::bigint, ${Math.ceil(v.ledgerRows / v.users) - 1}) j
               where (u - 1) * ${Math.ceil(v.ledgerRows / v.users)} + j < ${v.ledgerRows}
            ) raw
        ) chained
       order by created_at, user_id`,
    ],
    [
      'dtf.profiles balances',
      `
      update dtf.profiles p
         set credits_remaining = l.balance,
             total_credits_purchased = l.purchased,
             total_credits_used = l.used
        from (
          select user_id,
                 (array_agg(balance_after order by entry_no desc))[1] as balance,
                 coalesce(sum(amount) filter (where transaction_type = 'purchase'), 0) as purchased,
                 coalesce(-sum(amount) filter (where transaction_type = 'usage'), 0) as used
            from dtf.credit_transactions group by user_id
        ) l
       where l.user_id = p.id
         and p.email like 'bench-user-%@example.com'`,
    ],
  ];

  const adlyAndCourses: [string, string][] = [
    // Workspace w is owned by user 5w+1; users 5w+2 .. 5w+5 are members (two) and viewers (two).
    [
      'adly.workspaces',
      `
      insert into adly.workspaces (id, name, slug, created_by, created_at, updated_at)
      select ${workspaceId('w')}, 'Bench workspace ' || w, 'bench-workspace-' || w,
             ${benchUserIdSql('5 * w + 1')}, now() - interval '300 days', now()
        from generate_series(0::bigint, ${W - 1}) w`,
    ],
    [
      'adly.workspace_members',
      `
      insert into adly.workspace_members (workspace_id, user_id, role, invited_by, joined_at)
      select ${workspaceId('w')}, ${benchUserIdSql('5 * w + 1 + k')},
             (case when k = 0 then 'owner' when k <= 2 then 'member' else 'viewer' end)::adly.workspace_role,
             case when k > 0 then ${benchUserIdSql('5 * w + 1')} end, now() - interval '300 days'
        from generate_series(0::bigint, ${W - 1}) w
        cross join generate_series(0::bigint, 4) k
       where 5 * w + 1 + k <= ${v.users}`,
    ],
    [
      'adly.ad_accounts',
      `
      insert into adly.ad_accounts (id, workspace_id, platform, account_id, account_name)
      select ${id('ad-account', 'w')}, ${workspaceId('w')}, 'meta', 'act_' || w, 'Ads ' || w
        from generate_series(0::bigint, ${W - 1}) w`,
    ],
    [
      'adly.store_connections',
      `
      insert into adly.store_connections (id, workspace_id, platform, store_name, store_url)
      select ${id('store', 'w')}, ${workspaceId('w')}, 'shopify', 'Store ' || w, 'https://store-' || w || '.example.com'
        from generate_series(0::bigint, ${W - 1}) w`,
    ],
    [
      'adly.campaigns',
      `
      insert into adly.campaigns (id, workspace_id, ad_account_id, external_id, name, objective, status,
                                  budget_type, budget_amount, start_date, created_at, updated_at)
      select ${campaignId('w', 'k')}, ${workspaceId('w')}, ${id('ad-account', 'w')}, 'cmp_' || w || '_' || k,
             'Campaign ' || k, 'conversions',
             case when k % 5 = 0 then 'paused' when k % 7 = 0 then 'completed' else 'active' end,
             'daily', 50 + k, current_date - ${v.metricDays}, now() - interval '200 days', now()
        from generate_series(0::bigint, ${W - 1}) w cross join generate_series(0::bigint, ${C - 1}) k`,
    ],
    [
      'adly.campaign_metrics',
      `
      insert into adly.campaign_metrics (campaign_id, date, impressions, clicks, spend, conversions, revenue)
      select ${campaignId('w', 'k')}, current_date - d::integer,
             1000 + (w * 31 + k * 17 + d * 7) % 9000,
             10 + (w * 13 + k * 7 + d) % 300,
             (20 + (w + k + d) % 80)::numeric,
             (w + k * 3 + d) % 12,
             ((w + k * 3 + d) % 12) * 45.5
        from generate_series(0::bigint, ${W - 1}) w
        cross join generate_series(0::bigint, ${C - 1}) k
        cross join generate_series(0::bigint, ${v.metricDays - 1}) d`,
    ],
    // Order o belongs to the store of workspace o % W.
    [
      'adly.orders',
      `
      insert into adly.orders (id, store_connection_id, external_id, customer_email, total_amount, status,
                               order_date, attribution_data, created_at, updated_at)
      select ${id('order', 'o')}, ${id('store', `o % ${W}`)}, 'ord-' || o, 'buyer-' || o || '@example.com',
             (20 + (o * 7919) % 500)::numeric, case when o % 25 = 0 then 'refunded' else 'paid' end,
             now() - ((o * 31) % 180) * interval '1 day',
             case when o % 3 = 0 then jsonb_build_object('utm_source', 'meta', 'utm_campaign', 'cmp_' || (o % ${W})) end,
             now() - ((o * 31) % 180) * interval '1 day', now()
        from generate_series(0::bigint, ${W * ordersPerWorkspace - 1}) o`,
    ],
    // Events of workspace ws, for one of its campaigns. Every tenth event is a conversion: the
    // m-th conversion is the one conversion of order m, in the order's workspace; conversions
    // beyond the number of orders are clicks.
    [
      'adly.attribution_events',
      `
      insert into adly.attribution_events (workspace_id, campaign_id, order_id, event_type, platform,
                                           utm_source, utm_medium, utm_campaign, event_time, created_at)
      select ${workspaceId('x.ws')}, ${campaignId('x.ws', `(i / ${W}) % ${C}`)},
             case when x.conversion then ${id('order', 'i / 10')} end,
             case when x.conversion then 'conversion' when i % 3 = 0 then 'click' else 'view' end,
             'meta', 'meta', 'paid', 'cmp_' || x.ws || '_' || ((i / ${W}) % ${C}),
             now() - ((i * 7919) % (180 * 1440)) * interval '1 minute',
             now() - ((i * 7919) % (180 * 1440)) * interval '1 minute'
        from generate_series(0::bigint, ${v.attributionEvents - 1}) i
        cross join lateral (select i % 10 = 0 and i / 10 < ${W * ordersPerWorkspace} as conversion) c
        cross join lateral (select c.conversion, case when c.conversion then (i / 10) % ${W} else i % ${W} end as ws) x`,
    ],

    // ---------------------------------------------------------------- courses
    [
      'courses.courses',
      `
      insert into courses.courses (id, title, description)
      select ${id('course', 'c')}, 'Course ' || c, 'Generated course ' || c
        from generate_series(1::bigint, ${v.courses}) c`,
    ],
    // One product per course, public; every fifth course also in a two-course bundle.
    [
      'courses.products',
      `
      insert into courses.products (id, name, description, image_url, price_dollars, status)
      select ${id('course-product', 'c')}, 'Course ' || c, 'Generated course ' || c,
             'https://cdn.example.com/courses/' || c || '.png', 20 + c % 180, 'public'
        from generate_series(1::bigint, ${v.courses}) c`,
    ],
    [
      'courses.course_products',
      `
      insert into courses.course_products (course_id, product_id)
      select ${id('course', 'c')}, ${id('course-product', 'c')} from generate_series(1::bigint, ${v.courses}) c`,
    ],
    [
      'courses.course_sections',
      `
      insert into courses.course_sections (id, course_id, name, status, position)
      select ${id('section', `c || '-' || s`)}, ${id('course', 'c')}, 'Section ' || s,
             (case when s = ${sectionsPerCourse} then 'private' else 'public' end)::courses.course_section_status, s
        from generate_series(1::bigint, ${v.courses}) c cross join generate_series(1::bigint, ${sectionsPerCourse}) s`,
    ],
    [
      'courses.lessons',
      `
      insert into courses.lessons (id, section_id, name, description, status, position)
      select ${id('lesson', `c || '-' || s || '-' || l`)}, ${id('section', `c || '-' || s`)}, 'Lesson ' || l,
             'Generated lesson', (case when s = 1 and l = 1 then 'preview' when l = ${lessonsPerSection} then 'private'
                                       else 'public' end)::courses.lesson_status, l
        from generate_series(1::bigint, ${v.courses}) c
        cross join generate_series(1::bigint, ${sectionsPerCourse}) s
        cross join generate_series(1::bigint, ${lessonsPerSection}) l`,
    ],
    // User u buys the course u % courses + 1, and every other user a second one.
    [
      'courses.purchases',
      `
      insert into courses.purchases (id, price_paid_in_cents, product_details, user_id, product_id,
                                     stripe_session_id, stripe_payment_intent_id, granted_course_ids, created_at, updated_at)
      select ${id('course-purchase', `u || '-' || n`)}, (20 + c % 180) * 100,
             jsonb_build_object('name', 'Course ' || c, 'description', 'Generated course ' || c,
                                'image_url', 'https://cdn.example.com/courses/' || c || '.png'),
             ${benchUserIdSql('u')}, ${id('course-product', 'c')}, 'cs_bench_course_' || u || '_' || n,
             'pi_bench_course_' || u || '_' || n, array[${id('course', 'c')}],
             now() - (u % 200) * interval '1 day', now() - (u % 200) * interval '1 day'
        from generate_series(1::bigint, ${v.users}) u
        cross join generate_series(1::bigint, 2) n
        cross join lateral (select 1 + (u + (n - 1) * 7) % ${v.courses} as c) x
       where n = 1 or u % 2 = 0`,
    ],
    [
      'courses.user_course_access',
      `
      insert into courses.user_course_access (user_id, course_id, created_at, updated_at)
      select distinct p.user_id, g.course_id, p.created_at, p.created_at
        from courses.purchases p cross join unnest(p.granted_course_ids) g(course_id)
       where p.stripe_session_id like 'cs_bench_course_%'`,
    ],
    [
      'courses.access_changes',
      `
      insert into courses.access_changes (user_id, course_id, action, source, purchase_id, created_at)
      select p.user_id, g.course_id, 'grant', 'purchase', p.id, p.created_at
        from courses.purchases p cross join unnest(p.granted_course_ids) g(course_id)
       where p.stripe_session_id like 'cs_bench_course_%'`,
    ],
    // Buyers completed the first half of the public lessons of the first course they bought.
    [
      'courses.user_lesson_complete',
      `
      insert into courses.user_lesson_complete (user_id, lesson_id)
      select a.user_id, l.id
        from courses.user_course_access a
        join courses.course_sections s on s.course_id = a.course_id and s.status = 'public' and s.position <= 3
        join courses.lessons l on l.section_id = s.id and l.status <> 'private'
       where a.user_id in (select ${benchUserIdSql('u')} from generate_series(1::bigint, ${v.users}) u)`,
    ],
  ];

  const runGroup = (group: [string, string][]) =>
    sql.begin(async (tx) => {
      await tx.unsafe(`set local session_replication_role = replica`);
      for (const [name, text] of group) {
        const started = performance.now();
        const result = await tx.unsafe(text);
        const step = { name, rows: result.count ?? 0, ms: performance.now() - started };
        steps.push(step);
        log(`  ${name.padEnd(34)} ${String(step.rows).padStart(9)} rows  ${(step.ms / 1000).toFixed(1)} s`);
      }
    });
  await runGroup(identity);
  await Promise.all([runGroup(marketplaceAndDtf), runGroup(adlyAndCourses)]);

  const started = performance.now();
  const problems = await verifyForeignKeys(sql);
  if (problems.length) throw new Error(`generated data breaks foreign keys:\n${problems.join('\n')}`);
  steps.push({ name: 'foreign keys verified', rows: 0, ms: performance.now() - started });
  log(
    `  ${'foreign keys verified'.padEnd(34)} ${''.padStart(9)}       ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const analyzeStarted = performance.now();
  await sql.unsafe('analyze');
  steps.push({ name: 'analyze', rows: 0, ms: performance.now() - analyzeStarted });
  log(
    `  ${'analyze'.padEnd(34)} ${''.padStart(9)}       ${((performance.now() - analyzeStarted) / 1000).toFixed(1)} s`,
  );
  return steps;
}

/**
 * Checks every foreign key whose table lives in a product schema, auth or private (the generator
 * wrote with triggers off, so PostgreSQL did not). Returns one line per broken constraint.
 */
export async function verifyForeignKeys(sql: postgres.Sql): Promise<string[]> {
  const constraints = await sql<
    { name: string; child: string; parent: string; child_cols: string[]; parent_cols: string[] }[]
  >`
    select c.conname as name,
           c.conrelid::regclass::text as child,
           c.confrelid::regclass::text as parent,
           array(select quote_ident(a.attname) from unnest(c.conkey) with ordinality k(n, o)
                   join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.o) as child_cols,
           array(select quote_ident(a.attname) from unnest(c.confkey) with ordinality k(n, o)
                   join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.o) as parent_cols
      from pg_constraint c
     where c.contype = 'f'
       and c.connamespace::regnamespace::text in ('marketplace', 'dtf', 'adly', 'courses', 'auth', 'private')`;
  const problems: string[] = [];
  for (const fk of constraints) {
    // MATCH SIMPLE: a row with any null key column is not checked.
    const notNull = fk.child_cols.map((col) => `ch.${col} is not null`).join(' and ');
    const join = fk.child_cols.map((col, i) => `pa.${fk.parent_cols[i]} = ch.${col}`).join(' and ');
    const [row] = await sql.unsafe(
      `select count(*)::int as broken from ${fk.child} ch
        where ${notNull} and not exists (select 1 from ${fk.parent} pa where ${join})`,
    );
    if (row.broken > 0) problems.push(`${fk.child} ${fk.name}: ${row.broken} rows without a ${fk.parent} row`);
  }
  return problems;
}
