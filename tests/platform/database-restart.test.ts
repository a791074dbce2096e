// A restart of PostgreSQL under load. The functions run against a cluster of this suite's own,
// which it stops (fast shutdown, as a restart does), keeps down for two seconds and starts again,
// while signed Stripe webhooks (each delivered until it is answered 200, as Stripe does, and once
// more after that), checkouts and health checks keep coming. Requests during the outage are
// answered 5xx at once, nothing waits on a dead pooled connection, requests soon after the
// restart succeed, and every event is applied exactly once.
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionsServer } from '../../scripts/local/functions-server.ts';
import { setupDatabase } from '../../scripts/local/database-setup.ts';
import { freePort } from '../../scripts/local/ports.ts';
import {
  startThrowawayCluster,
  systemPostgresBinDir,
  type ThrowawayCluster,
} from '../../scripts/local/postgres-cluster.ts';
import { deliver, dtfPackage, fakeSession, stack, urls } from '../support/billing-fixtures.ts';
import { signUserJwt, startGatewayFor } from '../support/gateway.ts';
import { completedSession, stripeEvent, type StripeEvent } from '../support/stripe-events.ts';

const binDir = systemPostgresBinDir();
const downMs = 2_000;
/** Events delivered during the run, each completing a checkout of a package of `credits(i)` credits. */
const eventCount = 16;
const credits = (i: number) => i + 1;

interface Call {
  kind: 'webhook' | 'checkout' | 'health';
  started: number;
  ms: number;
  /** 0: no answer at all. */
  status: number;
  body: any;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!binDir)('the functions across a restart of PostgreSQL', () => {
  let cluster: ThrowawayCluster;
  let gateway: FunctionsServer;
  let buyer: { id: string; token: string };
  let events: StripeEvent[];
  /** Packages bought during the run. */
  let spare: string[];

  /** A new connection to the cluster, for setup and checks outside the outage. */
  const connect = () => postgres(cluster.url, { max: 2, onnotice: () => {} });

  const checkout = (itemId: string) =>
    fetch(`${gateway.url}/checkout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${buyer.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...urls, product: 'dtf', item_id: itemId }),
    });

  beforeAll(async () => {
    cluster = await startThrowawayCluster({ binDir: binDir!, port: await freePort(), label: 'restart' });
    await setupDatabase(cluster, { seed: 'never' });
    const sql = connect();
    try {
      // the schedules would run jobs in this database meanwhile
      await sql`select cron.alter_job(jobid, active := false) from cron.job`;
      const id = randomUUID();
      const email = `restart-${id}@example.com`;
      await sql`
        insert into auth.users (instance_id, id, aud, role, email, raw_user_meta_data, created_at, updated_at)
        values ('00000000-0000-0000-0000-000000000000', ${id}, 'authenticated', 'authenticated', ${email},
                '{"product": "dtf"}', now(), now())`;
      buyer = { id, token: await signUserJwt(stack.jwtSecret, id, email) };
      const packages: string[] = [];
      for (let i = 0; i < eventCount * 2; i++) packages.push(await dtfPackage(sql, credits(i), 5));
      gateway = await startGatewayFor(['stripe-webhook', 'checkout', 'health'], cluster.url, {
        STRIPE_WEBHOOK_SECRET: stack.stripeWebhookSecret,
        STRIPE_SECRET_KEY: stack.stripeSecretKey,
        STRIPE_API_BASE: stack.stripeApiBase,
      });
      events = [];
      for (const pack of packages.slice(0, eventCount)) {
        const res = await checkout(pack);
        if (res.status !== 200) throw new Error(`checkout answered ${res.status}`);
        events.push(
          stripeEvent('checkout.session.completed', completedSession(await fakeSession((await res.json()).session_id))),
        );
      }
      spare = packages.slice(eventCount);
    } finally {
      await sql.end();
    }
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await cluster?.stop();
  });

  it('answers 5xx at once during the outage, succeeds soon after it, and applies each event once', async () => {
    const calls: Call[] = [];
    async function timed(kind: Call['kind'], send: () => Promise<{ status: number; body: any }>): Promise<Call> {
      const call: Call = { kind, started: Date.now(), ms: 0, status: 0, body: null };
      try {
        Object.assign(call, await send());
      } catch (error) {
        call.body = String(error);
      }
      call.ms = Date.now() - call.started;
      calls.push(call);
      return call;
    }
    const answer = async (res: Response) => ({ status: res.status, body: await res.json() });

    // a few requests to each function at any moment, as under real traffic
    let running = true;
    const lanes = (count: number, work: (lane: number) => Promise<void>) =>
      Promise.all(Array.from({ length: count }, (_, lane) => work(lane)));
    const webhooks = lanes(4, async (lane) => {
      for (const event of events.filter((_, i) => i % 4 === lane)) {
        // as Stripe does: again until it is answered 200; then once more, which is a replay
        while ((await timed('webhook', () => deliver(event, { functionsUrl: gateway.url }))).status !== 200)
          await sleep(100);
        await timed('webhook', () => deliver(event, { functionsUrl: gateway.url }));
        await sleep(1_500);
      }
    });
    const checkouts = lanes(2, async (lane) => {
      for (const pack of spare.filter((_, i) => i % 2 === lane)) {
        if (!running) break;
        await timed('checkout', async () => answer(await checkout(pack)));
        await sleep(500);
      }
    });
    const health = lanes(2, async () => {
      while (running) {
        await timed('health', async () => answer(await fetch(`${gateway.url}/health`)));
        await sleep(200);
      }
    });

    await sleep(2_000);
    const downAt = Date.now();
    await cluster.restart(downMs);
    const upAt = Date.now();
    await sleep(6_000);
    await webhooks;
    running = false;
    await Promise.all([checkouts, health]);

    // every request was answered, none after long: a connection attempt gives up after 5 s
    // (connect_timeout), and the bound is generous for a loaded machine
    expect(calls.filter((c) => c.status === 0 || c.ms > 10_000)).toEqual([]);
    // the outage was met, answered 5xx (never as a refusal of the request), and only meanwhile:
    // by requests in flight when it began, and by health, which reuses a check's answer for a second
    const failed = calls.filter((c) => c.status !== 200);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.filter((c) => c.status < 500 || c.started < downAt - 1_000 || c.started > upAt + 1_500)).toEqual([]);
    // from a few seconds after the server is back every request succeeds
    const after = calls.filter((c) => c.started > upAt + 3_000);
    expect(after.length).toBeGreaterThan(10);
    expect(after.filter((c) => c.status !== 200)).toEqual([]);

    // every event applied once: in the answers, in the event log and in the credits
    const answered = calls.filter((c) => c.kind === 'webhook' && c.status === 200).map((c) => c.body);
    for (const event of events) {
      expect(answered.filter((a) => a.id === event.id).map((a) => a.replay)).toEqual([false, true]);
    }
    const sql = connect();
    try {
      const rows = await sql`select outcome from private.stripe_events where id in ${sql(events.map((e) => e.id))}`;
      expect(rows.map((r) => r.outcome)).toEqual(Array(eventCount).fill('applied'));
      const [{ bought }] = await sql`
        select coalesce(sum(amount), 0)::int as bought from dtf.credit_transactions
         where user_id = ${buyer.id} and transaction_type = 'purchase'`;
      expect(bought).toBe(Array.from({ length: eventCount }, (_, i) => credits(i)).reduce((a, b) => a + b));
    } finally {
      await sql.end();
    }
  }, 60_000);
});
