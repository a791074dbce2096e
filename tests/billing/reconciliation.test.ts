// stripe-reconcile: with our webhook endpoint down, customers pay at Stripe and Stripe records the
// events; reconciliation applies each of them once from Stripe's events list, whatever delivers
// them at the same time. A call lists a bounded number of pages and the next carries on; an
// operator's range leaves the schedule alone; hostile calls and a failing Stripe change nothing.
import net from 'node:net';
import type Stripe from 'stripe';
import { afterAll, describe, expect, it } from 'vitest';
import { createStripeClient } from '../../supabase/functions/_shared/stripe.ts';
import { createReconcileHandler, type ReconcileDeps } from '../../supabase/functions/stripe-reconcile/handler.ts';
import { startGatewayWithDatabaseDown } from '../support/gateway.ts';
import { encodingRequests, expectRefusals, sizeRequests } from '../support/hostile-requests.ts';
import {
  connect,
  createUser,
  deliver,
  eventRow,
  fakeFailNext,
  fakePay,
  marketplaceWorkflow,
  openSession,
  reconcile,
  stack,
} from '../support/billing-fixtures.ts';
import { stripeEvent, type StripeEvent } from '../support/stripe-events.ts';

const sql = connect();
afterAll(() => sql.end());

const day = 86_400;
const nowSeconds = () => Math.floor(Date.now() / 1000);

interface Bought {
  userId: string;
  workflowId: string;
  event: StripeEvent;
}

/**
 * `n` marketplace checkouts their customers paid at Stripe; Stripe recorded each
 * checkout.session.completed (created now, or at `created(i)`) and delivered it nowhere.
 */
async function paidAtStripe(n: number, created?: (i: number) => number): Promise<Bought[]> {
  const bought: Bought[] = [];
  for (let i = 0; i < n; i++) {
    const user = await createUser(sql, 'marketplace');
    const workflowId = await marketplaceWorkflow(sql, 10 + i);
    const session = await openSession(user.token, { product: 'marketplace', item_id: workflowId });
    bought.push({ userId: user.id, workflowId, event: await fakePay(session.id, created?.(i)) });
  }
  return bought;
}

/** Per purchase: its status, its invoices, the buyer's notifications and the workflow's sales. */
function purchases(bought: Bought[]) {
  return sql`
    select p.user_id, p.status,
           (select count(*)::int from marketplace.invoices i where i.purchase_id = p.id) as invoices,
           (select count(*)::int from marketplace.notifications n where n.user_id = p.user_id) as notifications,
           (select coalesce(sum(a.sales_count), 0)::int from marketplace.analytics_daily a
             where a.workflow_id = p.workflow_id) as sales
      from marketplace.purchases p
     where p.user_id in ${sql(bought.map((b) => b.userId))}
     order by p.user_id`;
}

/** Each purchase fulfilled exactly once. */
async function expectFulfilledOnce(bought: Bought[]): Promise<void> {
  const rows = await purchases(bought);
  expect(rows).toHaveLength(bought.length);
  for (const row of rows) expect(row).toMatchObject({ status: 'ACTIVE', invoices: 1, notifications: 1, sales: 1 });
  for (const { event } of bought)
    expect(await eventRow(sql, event.id)).toMatchObject({ outcome: 'applied', product: 'marketplace' });
}

async function scheduleState() {
  const [row] =
    await sql`select checkpoint, pass_from, pass_to, pass_starting_after, version from private.stripe_reconciliation`;
  return row;
}

/** Puts the schedule back to a checkpoint (null: never run) with no window under way. */
async function resetSchedule(checkpoint: number | null): Promise<void> {
  await sql`
    update private.stripe_reconciliation
       set checkpoint = ${checkpoint === null ? null : new Date(checkpoint * 1000)},
           pass_from = null, pass_to = null, pass_starting_after = null`;
}

/** The handler called directly, with the stack's database and fake Stripe and small pages. */
function handler(deps: Partial<ReconcileDeps> = {}) {
  const call = createReconcileHandler({
    sql,
    stripe: createStripeClient(stack.stripeSecretKey, stack.stripeApiBase),
    jobsSecret: stack.jobsSecret,
    ...deps,
  });
  return async (body?: unknown, headers: HeadersInit = { authorization: `Bearer ${stack.jobsSecret}` }) => {
    const res = await call(
      new Request('http://localhost/stripe-reconcile', {
        method: 'POST',
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
}

/** A free second some days back, for events no other test lists. */
function quietSlot(daysBack: number): number {
  return nowSeconds() - daysBack * day + Math.floor(Math.random() * 3600);
}

describe('stripe-reconcile with the webhook endpoint down', () => {
  it('one scheduled call applies every paid checkout once; a second call changes nothing', async () => {
    await resetSchedule(null);
    const bought = await paidAtStripe(5);
    for (const { event } of bought) expect(await eventRow(sql, event.id)).toBeUndefined();

    const first = await reconcile();
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    // the first run reaches back three days, as long as Stripe retries a failed delivery
    expect(first.body.to - first.body.from).toBe(3 * day);
    expect(first.body).toMatchObject({
      applied: 5,
      rejected: 0,
      has_more: false,
      starting_after: null,
      checkpoint: first.body.to,
    });
    expect(first.body.listed).toBe(first.body.applied + first.body.already_applied);
    await expectFulfilledOnce(bought);
    const after = await purchases(bought);

    const second = await reconcile();
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ applied: 0, rejected: 0, has_more: false, from: first.body.checkpoint - 300 });
    expect(second.body.already_applied).toBeGreaterThanOrEqual(5);
    expect(await purchases(bought)).toEqual(after);
  });

  it('applies each event once when webhook deliveries and reconciliations race', async () => {
    const bought = await paidAtStripe(4);
    const from = Math.min(...bought.map((b) => b.event.created));
    const [deliveries, runs] = await Promise.all([
      Promise.all(bought.flatMap(({ event }) => [deliver(event), deliver(event), deliver(event)])),
      Promise.all([reconcile(), reconcile(), reconcile({ from, to: nowSeconds() })]),
    ]);
    expect(deliveries.map((d) => d.status)).toEqual(Array(12).fill(200));
    expect(runs.map((r) => r.status)).toEqual([200, 200, 200]);
    const firstDeliveries = deliveries.filter((d) => !d.body.replay).length;
    const appliedByRuns = runs.reduce((sum, r) => sum + r.body.applied, 0);
    expect(firstDeliveries + appliedByRuns).toBe(4);
    await expectFulfilledOnce(bought);
  });

  it("an operator's range applies the events in it, and only those, and leaves the schedule alone", async () => {
    const slot = quietSlot(2);
    const bought = await paidAtStripe(4, (i) => slot + i * 10);
    const before = await scheduleState();

    const range = await reconcile({ from: slot, to: slot + 25 });
    expect(range.status, JSON.stringify(range.body)).toBe(200);
    expect(range.body).toMatchObject({
      from: slot,
      to: slot + 25,
      listed: 3,
      applied: 3,
      already_applied: 0,
      has_more: false,
    });
    expect(range.body.checkpoint).toBe(before.checkpoint ? Math.floor(before.checkpoint.getTime() / 1000) : null);
    expect(await scheduleState()).toEqual(before);
    await expectFulfilledOnce(bought.slice(0, 3));
    expect(await eventRow(sql, bought[3].event.id)).toBeUndefined();

    const rest = await reconcile({ from: slot + 26, to: slot + 30 });
    expect(rest.body).toMatchObject({ listed: 1, applied: 1 });
    const again = await reconcile({ from: slot, to: slot + 30 });
    expect(again.body).toMatchObject({ listed: 4, applied: 0, already_applied: 4 });
    await expectFulfilledOnce(bought);
  });
});

describe('stripe-reconcile in bounded calls', () => {
  it("lists a range larger than one call over several, and applies each call's events oldest first", async () => {
    const slot = quietSlot(7);
    // the last two events share a second: Stripe lists the later one first
    const bought = await paidAtStripe(7, (i) => slot + Math.min(i, 5));
    const order = bought.map((b) => b.event.id);
    const call = handler({ pageSize: 2, maxPages: 2 });

    const first = await call({ from: slot, to: slot + 10 });
    expect(first.body).toMatchObject({ listed: 4, applied: 4, has_more: true, starting_after: order[3] });
    const second = await call({ from: slot, to: slot + 10, starting_after: first.body.starting_after });
    expect(second.body).toMatchObject({ listed: 3, applied: 3, has_more: false, starting_after: null });
    await expectFulfilledOnce(bought);

    // each call applied its events oldest first: the newest four, then the oldest three
    const applied = await sql<{ id: string }[]>`
      select id from private.stripe_events where id in ${sql(order)} order by received_at, updated_at`;
    expect(applied.map((row) => row.id)).toEqual([...order.slice(3), ...order.slice(0, 3)]);
  });

  it('a scheduled window larger than one run is carried over runs; its end becomes the checkpoint', async () => {
    const slot = quietSlot(5);
    const bought = await paidAtStripe(5, (i) => slot + 1 + i);
    const newestFirst = bought.map((b) => b.event.id).reverse();
    await resetSchedule(slot + 300);
    const call = handler({ pageSize: 2, maxPages: 1, now: () => new Date((slot + 400) * 1000) });

    const first = await call();
    expect(first.body).toMatchObject({
      from: slot,
      to: slot + 400,
      listed: 2,
      applied: 2,
      has_more: true,
      checkpoint: slot + 300,
    });
    expect(await scheduleState()).toMatchObject({
      checkpoint: new Date((slot + 300) * 1000),
      pass_from: new Date(slot * 1000),
      pass_to: new Date((slot + 400) * 1000),
      pass_starting_after: newestFirst[1],
    });
    const second = await call();
    expect(second.body).toMatchObject({ from: slot, listed: 2, applied: 2, has_more: true });
    const third = await call();
    expect(third.body).toMatchObject({ listed: 1, applied: 1, has_more: false, checkpoint: slot + 400 });
    expect(await scheduleState()).toMatchObject({ checkpoint: new Date((slot + 400) * 1000), pass_from: null });
    await expectFulfilledOnce(bought);

    // the next window starts five minutes before the checkpoint, past these events
    const fourth = await call();
    expect(fourth.body).toMatchObject({ from: slot + 100, to: slot + 400, listed: 0, has_more: false });
  });

  it('starts no further back than Stripe keeps events, and drops a window Stripe has forgotten since', async () => {
    const now = nowSeconds();
    const call = handler({ now: () => new Date(now * 1000) });
    await resetSchedule(now - 40 * day);
    expect((await call()).body).toMatchObject({ from: now - 30 * day, to: now });

    await sql`
      update private.stripe_reconciliation
         set checkpoint = ${new Date((now - 2 * day) * 1000)}, pass_from = ${new Date((now - 31 * day) * 1000)},
             pass_to = ${new Date((now - 30 * day) * 1000)}, pass_starting_after = 'evt_test_forgotten'`;
    expect((await call()).body).toMatchObject({ from: now - 2 * day - 300, to: now });
  });
});

describe('stripe-reconcile refuses', () => {
  it('calls without the jobs secret or with bad input, and changes nothing', async () => {
    const [pending] = await paidAtStripe(1);
    const before = await scheduleState();
    const now = nowSeconds();

    const refusals: [string, Promise<{ status: number; body: any }>, number, string][] = [
      ['no Authorization', reconcile(undefined, { authorization: null }), 401, 'unauthorized'],
      [
        'a wrong secret',
        reconcile(undefined, { authorization: 'Bearer not-the-jobs-secret-but-long-enough-000000' }),
        401,
        'unauthorized',
      ],
      [
        'the secret with a character more',
        reconcile(undefined, { authorization: `Bearer ${stack.jobsSecret}x` }),
        401,
        'unauthorized',
      ],
      [
        'the secret not as a bearer token',
        reconcile(undefined, { authorization: `Basic ${stack.jobsSecret}` }),
        401,
        'unauthorized',
      ],
      ['a body that is not JSON', reconcile('{"from": 1,'), 400, 'invalid_body'],
      ['a body that is not an object', reconcile([now, now]), 400, 'invalid_body'],
      ['an unknown key', reconcile({ from: now - 60, to: now, limit: 5 }), 400, 'invalid_body'],
      ['from without to', reconcile({ from: now - 60 }), 400, 'invalid_body'],
      ['from after to', reconcile({ from: now, to: now - 60 }), 400, 'invalid_body'],
      ['a time that is not an integer', reconcile({ from: now - 60.5, to: now }), 400, 'invalid_body'],
      ['a time as text', reconcile({ from: String(now - 60), to: now }), 400, 'invalid_body'],
      ['starting_after without a range', reconcile({ starting_after: pending.event.id }), 400, 'invalid_body'],
      [
        'starting_after that is not an event id',
        reconcile({ from: now - 60, to: now, starting_after: '../x' }),
        400,
        'invalid_body',
      ],
      [
        'starting_after that Stripe does not know',
        reconcile({ from: now - 60, to: now, starting_after: 'evt_test_unknown' }),
        400,
        'invalid_body',
      ],
      ['a range older than Stripe keeps', reconcile({ from: now - 31 * day, to: now }), 400, 'invalid_range'],
      ['a range ending in the future', reconcile({ from: now - 60, to: now + 3600 }), 400, 'invalid_range'],
      [
        'a huge body',
        reconcile(JSON.stringify({ from: now - 60, to: now, pad: 'x'.repeat(1 << 20) })),
        413,
        'payload_too_large',
      ],
    ];
    for (const [what, answer, status, code] of refusals) {
      const { status: got, body } = await answer;
      expect({ what, status: got, code: body.error?.code }).toEqual({ what, status, code });
    }
    const get = await fetch(`${stack.functionsUrl}/stripe-reconcile`, {
      headers: { authorization: `Bearer ${stack.jobsSecret}` },
    });
    expect(get.status).toBe(405);

    expect(await scheduleState()).toEqual(before);
    expect(await eventRow(sql, pending.event.id)).toBeUndefined();
    await reconcile({ from: pending.event.created, to: pending.event.created });
  });

  it('two Authorization headers, even both with the secret', async () => {
    const twice = new Headers();
    twice.append('authorization', `Bearer ${stack.jobsSecret}`);
    twice.append('authorization', `Bearer ${stack.jobsSecret}`);
    const direct = await handler()(undefined, twice);
    expect(direct).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });

    // Node's HTTP server, in front of the local gateway, keeps the first of two: a wrong one first fails
    const gateway = new URL(stack.functionsUrl);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(gateway.port), gateway.hostname, () =>
        socket.write(
          [
            `POST ${gateway.pathname}/stripe-reconcile HTTP/1.1`,
            `Host: ${gateway.host}`,
            'Authorization: Bearer not-the-jobs-secret',
            `Authorization: Bearer ${stack.jobsSecret}`,
            'Content-Length: 0',
            'Connection: close',
            '',
            '',
          ].join('\r\n'),
        ),
      );
      let received = '';
      socket.on('data', (chunk) => (received += chunk));
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
    });
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
    expect(status).toBe(401);
  });

  it('a body that streams past the limit, without reading the rest', async () => {
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1;
        controller.enqueue(new TextEncoder().encode(' '.repeat(512)));
      },
    });
    const res = await createReconcileHandler({
      sql,
      stripe: createStripeClient(stack.stripeSecretKey, stack.stripeApiBase),
      jobsSecret: stack.jobsSecret,
    })(
      new Request('http://localhost/stripe-reconcile', {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.jobsSecret}` },
        body: endless,
        duplex: 'half',
      } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(10);
  });

  it('bodies that are not storable JSON, and bodies past the limit, announced or chunked', async () => {
    const now = nowSeconds();
    const range = { from: now - 60, to: now, starting_after: 'evt_test_unknown' };
    await expectRefusals(
      `${stack.functionsUrl}/stripe-reconcile`,
      [...encodingRequests(range, 'starting_after'), ...sizeRequests(range, 1024)],
      { authorization: `Bearer ${stack.jobsSecret}` },
      scheduleState,
    );
  });

  it('a jobs secret shorter than 32 characters, at start', () => {
    expect(() => handler({ jobsSecret: 'short' })).toThrow(/at least 32/);
  });
});

describe('stripe-reconcile when something else fails', () => {
  it('an event the database cannot store is recorded as rejected, the others are applied, and the next run goes past it', async () => {
    const slot = quietSlot(11);
    const [paid] = await paidAtStripe(1, () => slot);
    const poison = stripeEvent(
      'checkout.session.completed',
      { ...paid.event.data.object, metadata: { note: 'a\u0000b' } },
      slot + 1,
    );
    const listing = {
      events: { list: async () => ({ object: 'list', data: [poison, paid.event], has_more: false }) },
    } as unknown as Stripe;
    const call = handler({ stripe: listing });
    expect((await call({ from: slot, to: slot + 1 })).body).toMatchObject({
      listed: 2,
      applied: 1,
      rejected: 1,
      already_applied: 0,
    });
    expect(await eventRow(sql, poison.id)).toMatchObject({ outcome: 'rejected' });
    await expectFulfilledOnce([paid]);
    // the rejected one is rejected again, as a webhook delivery of it would be
    expect((await call({ from: slot, to: slot + 1 })).body).toMatchObject({
      listed: 2,
      applied: 0,
      rejected: 1,
      already_applied: 1,
    });
  });

  it('Stripe down: 502, nothing applied, the schedule unchanged; the next run applies the events', async () => {
    const [pending] = await paidAtStripe(1);
    const before = await scheduleState();
    // the Stripe client tries three times
    await fakeFailNext(3, 500, '/v1/events');
    const failed = await reconcile();
    await fakeFailNext(0);
    expect(failed).toMatchObject({ status: 502, body: { error: { code: 'stripe_error' } } });
    expect(await scheduleState()).toEqual(before);
    expect(await eventRow(sql, pending.event.id)).toBeUndefined();

    const next = await reconcile();
    expect(next.status).toBe(200);
    expect(next.body.applied).toBeGreaterThanOrEqual(1);
    await expectFulfilledOnce([pending]);
  });

  it('Stripe failing on a later page: 502 and nothing applied, not even the pages listed', async () => {
    const slot = quietSlot(9);
    const bought = await paidAtStripe(3, (i) => slot + i);
    const stripe = createStripeClient(stack.stripeSecretKey, stack.stripeApiBase);
    let pages = 0;
    const flaky = {
      events: {
        list: (params: Stripe.EventListParams) => {
          pages += 1;
          return pages === 2 ? Promise.reject(new Error('Stripe is unavailable')) : stripe.events.list(params);
        },
      },
    } as unknown as Stripe;
    const failed = await handler({ stripe: flaky, pageSize: 2 })({ from: slot, to: slot + 5 });
    expect(failed).toMatchObject({ status: 502, body: { error: { code: 'stripe_error' } } });
    for (const { event } of bought) expect(await eventRow(sql, event.id)).toBeUndefined();
    expect((await reconcile({ from: slot, to: slot + 5 })).body).toMatchObject({ listed: 3, applied: 3 });
  });

  it('the database down: 503, and nothing listed', async () => {
    const down = await startGatewayWithDatabaseDown('stripe-reconcile', {
      JOBS_SECRET: stack.jobsSecret,
      STRIPE_SECRET_KEY: stack.stripeSecretKey,
      STRIPE_API_BASE: stack.stripeApiBase,
    });
    try {
      const failed = await reconcile(undefined, { functionsUrl: down.url });
      expect(failed).toMatchObject({ status: 503, body: { error: { code: 'database_unavailable' } } });
    } finally {
      await down.stop();
    }
  });
});
