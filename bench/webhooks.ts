// Webhook fulfilments per second: signed checkout.session.completed events for DTF credit packs,
// posted to the stripe-webhook edge function (Deno, behind the local gateway) by concurrent
// senders, once each and then with every event delivered twice. Each checkout is opened in the
// database as the checkout function opens it, so the webhook fulfils a real pending checkout.
import { existsSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { startFunctionsServer } from '../scripts/local/functions-server.ts';
import { freePort } from '../scripts/local/ports.ts';
import { apiKeys, defaults } from '../scripts/local/local-env.ts';
import { functionEnv } from '../scripts/local/stack.ts';
import { functionsDir, readProjectConfig } from '../scripts/project.ts';
import { signStripePayload, stripeEvent, stripeId } from '../tests/support/stripe-events.ts';

export interface WebhookRun {
  deliveriesPerEvent: number;
  events: number;
  deliveries: number;
  seconds: number;
  fulfilmentsPerSecond: number;
  deliveriesPerSecond: number;
  outcomes: Record<string, number>;
  httpErrors: Record<string, number>;
  /** Checkouts paid and credited exactly once (must equal events). */
  fulfilledOnce: number;
  anomalies: number;
}

export type WebhookResult = { skipped: string } | { senders: number; runs: WebhookRun[] };

export function webhookFunctionPresent(): string | null {
  const spec = readProjectConfig().functions.find((f) => f.name === 'stripe-webhook');
  if (!spec || !existsSync(spec.entrypoint)) return 'function not present';
  if (!existsSync(path.join(functionsDir, 'stripe-webhook', 'handler.ts'))) return 'function not present';
  return null;
}

async function openCheckouts(
  sql: postgres.Sql,
  users: string[],
  count: number,
  runTag: string,
): Promise<{ session: string; checkout: string; user: string; amount: number }[]> {
  const [pack] = await sql`
    select id, credits, price from dtf.pay_as_you_go_packages where is_active order by sort_order, credits limit 1`;
  if (!pack) throw new Error('no active DTF credit package to sell');
  const rows = await sql`
    insert into private.billing_checkouts (product, user_id, item_kind, item_id, mode, currency, amount_minor,
                                           status, stripe_checkout_session_id, expires_at)
    select 'dtf', u.user_id, 'credit_package', ${pack.id}, 'payment', 'USD', round(${pack.price}::numeric * 100)::bigint,
           'open', 'cs_bench_' || ${runTag} || '_' || u.n, now() + interval '1 day'
      from unnest(${users}::uuid[]) with ordinality as u0(user_id, n0)
      cross join lateral generate_series(0, ${Math.ceil(count / users.length) - 1}) k
      cross join lateral (select u0.user_id, (k * ${users.length} + u0.n0) as n) u
     where u.n <= ${count}
    returning id, user_id, stripe_checkout_session_id, amount_minor`;
  return rows.map((r) => ({
    session: r.stripe_checkout_session_id,
    checkout: r.id,
    user: r.user_id,
    amount: Number(r.amount_minor),
  }));
}

function completedEvent(
  c: { session: string; checkout: string; user: string; amount: number },
  created: number,
): string {
  return JSON.stringify(
    stripeEvent(
      'checkout.session.completed',
      {
        id: c.session,
        object: 'checkout.session',
        mode: 'payment',
        status: 'complete',
        payment_status: 'paid',
        amount_total: c.amount,
        currency: 'usd',
        client_reference_id: c.user,
        customer: `cus_bench_${c.user.slice(0, 8)}`,
        payment_intent: stripeId('pi'),
        metadata: { checkout_id: c.checkout, product: 'dtf', user_id: c.user },
        customer_details: { email: 'billing@example.com', name: 'Bench Buyer', address: null },
      },
      created,
    ),
  );
}

export async function measureWebhooks(options: {
  url: string;
  users: string[];
  events: number;
  senders: number;
  log: (line: string) => void;
}): Promise<WebhookResult> {
  const missing = webhookFunctionPresent();
  if (missing) return { skipped: missing };

  const secret = process.env.STRIPE_WEBHOOK_SECRET ?? defaults.stripeWebhookSecret;
  const apiPort = await freePort();
  const keys = await apiKeys(defaults.jwtSecret);
  const spec = readProjectConfig().functions.filter((f) => f.name === 'stripe-webhook');
  const server = await startFunctionsServer({
    port: apiPort,
    functions: spec,
    jwtSecret: defaults.jwtSecret,
    env: functionEnv({ apiPort, dbUrl: options.url, jwtSecret: defaults.jwtSecret }, keys, {
      STRIPE_WEBHOOK_SECRET: secret,
    }),
    log: (line) => options.log(`    ${line}`),
  });
  const sql = postgres(options.url, { max: 2, onnotice: () => {} });
  const endpoint = `${server.url}/stripe-webhook`;
  const runs: WebhookRun[] = [];
  try {
    // Warm the function (module graph, database pool) with a few deliveries outside the clock.
    const warm = await openCheckouts(sql, options.users, options.senders * 2, `warm_${Date.now()}`);
    await Promise.all(warm.map((c) => post(endpoint, completedEvent(c, Math.floor(Date.now() / 1000)), secret)));

    for (const deliveriesPerEvent of [1, 2]) {
      const tag = `${deliveriesPerEvent}x_${Date.now()}`;
      const checkouts = await openCheckouts(sql, options.users, options.events, tag);
      const created = Math.floor(Date.now() / 1000);
      const events = checkouts.map((c) => completedEvent(c, created));
      // Duplicates are interleaved a few positions apart, so the two copies race on the senders.
      const queue: string[] = [];
      for (let i = 0; i < events.length; i++) {
        queue.push(events[i]);
        if (deliveriesPerEvent === 2 && i >= 3) queue.push(events[i - 3]);
      }
      if (deliveriesPerEvent === 2) queue.push(...events.slice(Math.max(0, events.length - 3)));

      const outcomes: Record<string, number> = {};
      const httpErrors: Record<string, number> = {};
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: options.senders }, async () => {
          while (next < queue.length) {
            const payload = queue[next++];
            const answer = await post(endpoint, payload, secret);
            if (answer.status === 200) {
              const key = answer.replay ? `${answer.outcome} (replay)` : answer.outcome;
              outcomes[key] = (outcomes[key] ?? 0) + 1;
            } else httpErrors[String(answer.status)] = (httpErrors[String(answer.status)] ?? 0) + 1;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;

      const sessions = checkouts.map((c) => c.session);
      const [check] = await sql`
        select count(*) filter (where c.status = 'paid' and t.n = 1)::int as fulfilled_once,
               count(*) filter (where coalesce(t.n, 0) <> 1 or c.status <> 'paid')::int as wrong
          from private.billing_checkouts c
          left join lateral (select count(*)::int as n from dtf.credit_transactions t
                              where t.transaction_type = 'purchase' and t.stripe_checkout_session_id = c.stripe_checkout_session_id) t on true
         where c.stripe_checkout_session_id = any(${sessions})`;
      const run: WebhookRun = {
        deliveriesPerEvent,
        events: events.length,
        deliveries: queue.length,
        seconds,
        fulfilmentsPerSecond: check.fulfilled_once / seconds,
        deliveriesPerSecond: queue.length / seconds,
        outcomes,
        httpErrors,
        fulfilledOnce: check.fulfilled_once,
        anomalies: check.wrong + Object.values(httpErrors).reduce((a, b) => a + b, 0),
      };
      runs.push(run);
      options.log(
        `  ${deliveriesPerEvent === 1 ? 'each event once ' : 'each event twice'}: ${run.fulfilmentsPerSecond.toFixed(0).padStart(5)} fulfilments/s` +
          ` (${run.deliveriesPerSecond.toFixed(0)} deliveries/s)  outcomes ${JSON.stringify(outcomes)}` +
          `${Object.keys(httpErrors).length ? `  HTTP errors ${JSON.stringify(httpErrors)}` : ''}  anomalies ${run.anomalies}`,
      );
    }
    return { senders: options.senders, runs };
  } finally {
    await sql.end();
    await server.stop();
  }
}

async function post(
  endpoint: string,
  payload: string,
  secret: string,
): Promise<{ status: number; outcome: string; replay: boolean }> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signStripePayload(payload, secret) },
    body: payload,
  });
  const body = (await response.json().catch(() => ({}))) as { outcome?: string; replay?: boolean };
  return { status: response.status, outcome: body.outcome ?? 'unknown', replay: body.replay === true };
}
