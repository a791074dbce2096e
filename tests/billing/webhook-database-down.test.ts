// With the database unreachable, or its connection killed in the middle of the delivery's
// transaction, the webhook answers 503 database_unavailable, so Stripe retries; nothing is
// written, and the retry, delivered once the database answers, applies the event once. A lost
// connection does not leave the function's pool unusable.
import type postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { startGatewayFor, startGatewayWithDatabaseDown } from '../support/gateway.ts';
import { connect, createUser, deliver, dtfPackage, eventRow, openSession, stack } from '../support/billing-fixtures.ts';
import { completedSession, stripeEvent } from '../support/stripe-events.ts';

const sql = connect();
let stop: (() => Promise<void>) | undefined;
afterAll(async () => {
  await stop?.();
  await sql.end();
});

describe('stripe-webhook with the database down', () => {
  it('answers 503 with nothing written, and a later retry applies the event once', async () => {
    const user = await createUser(sql, 'dtf');
    const session = await openSession(user.token, { product: 'dtf', item_id: await dtfPackage(sql, 70, 7) });
    const event = stripeEvent('checkout.session.completed', completedSession(session));
    const [{ credits_remaining: before }] = await sql`select credits_remaining from dtf.profiles where id = ${user.id}`;

    const down = await startGatewayWithDatabaseDown('stripe-webhook', {
      STRIPE_WEBHOOK_SECRET: stack.stripeWebhookSecret,
      STRIPE_SECRET_KEY: stack.stripeSecretKey,
      STRIPE_API_BASE: stack.stripeApiBase,
    });
    stop = down.stop;

    const failed = await deliver(event, { functionsUrl: down.url });
    expect(failed.status).toBe(503);
    expect(failed.body.error.code).toBe('database_unavailable');
    expect(await eventRow(sql, event.id)).toBeUndefined();
    const [{ credits_remaining: unchanged }] =
      await sql`select credits_remaining from dtf.profiles where id = ${user.id}`;
    expect(unchanged).toBe(before);

    const retried = await deliver(event);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ outcome: 'applied', replay: false });
    const again = await deliver(event);
    expect(again.body.replay).toBe(true);
    const [{ credits_remaining: after }] = await sql`select credits_remaining from dtf.profiles where id = ${user.id}`;
    expect(after).toBe(before + 70);
  });

  it('answers 503 with nothing written each time its connection dies inside the transaction, and stays usable', async () => {
    // A gateway of its own: the connections it loses are not the ones other suites' requests use.
    const own = await startGatewayFor('stripe-webhook', stack.dbUrl, {
      STRIPE_WEBHOOK_SECRET: stack.stripeWebhookSecret,
      STRIPE_SECRET_KEY: stack.stripeSecretKey,
      STRIPE_API_BASE: stack.stripeApiBase,
    });
    try {
      // as many lost connections as the function's pool has (5): each one used to stay unusable
      const buyers = [];
      for (let i = 0; i < 5; i++) {
        const user = await createUser(sql, 'dtf');
        const session = await openSession(user.token, { product: 'dtf', item_id: await dtfPackage(sql, 30, 3) });
        const event = stripeEvent('checkout.session.completed', completedSession(session));
        const [{ credits_remaining: before }] =
          await sql`select credits_remaining from dtf.profiles where id = ${user.id}`;

        // hold the buyer's profile row, so the delivery's transaction stops at the credit grant
        const holder = await sql.reserve();
        try {
          await holder`begin`;
          await holder`select 1 from dtf.profiles where id = ${user.id} for update`;
          const delivery = deliver(event, { functionsUrl: own.url });
          const waiting = await backendWaitingFor(holder);
          // the delivery has begun its transaction and waits inside it: kill its connection there
          await sql`select pg_terminate_backend(${waiting})`;
          const failed = await delivery;
          expect(failed.status).toBe(503);
          expect(failed.body.error.code).toBe('database_unavailable');
        } finally {
          await holder`rollback`;
          holder.release();
        }
        expect(await eventRow(sql, event.id)).toBeUndefined();
        const [{ credits_remaining: unchanged }] =
          await sql`select credits_remaining from dtf.profiles where id = ${user.id}`;
        expect(unchanged).toBe(before);
        buyers.push({ user, event, before });
      }

      // Stripe's retries, all at once: each is applied, none waits for a connection that cannot open
      const retried = await Promise.all(buyers.map(({ event }) => deliver(event, { functionsUrl: own.url })));
      expect(retried.map((r) => `${r.status} ${r.body.outcome}`)).toEqual(Array(5).fill('200 applied'));
      for (const { user, before } of buyers) {
        const [{ credits_remaining: after }] =
          await sql`select credits_remaining from dtf.profiles where id = ${user.id}`;
        expect(after).toBe(before + 30);
      }
    } finally {
      await own.stop();
    }
  });
});

/** The backend that waits for a lock the holder's connection has, once it appears (10 s at most). */
async function backendWaitingFor(holder: postgres.ReservedSql): Promise<number> {
  const [{ pid: holderPid }] = await holder<{ pid: number }[]>`select pg_backend_pid() as pid`;
  for (let i = 0; i < 200; i++) {
    const [row] = await sql<{ pid: number }[]>`
      select pid from pg_stat_activity where ${holderPid} = any (pg_blocking_pids(pid)) limit 1`;
    if (row) return row.pid;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no delivery waited for the held row');
}
