// With the database unreachable the webhook answers 500, so Stripe retries; nothing is written,
// and the retry, delivered once the database answers, applies the event cleanly.
import { afterAll, describe, expect, it } from 'vitest';
import { startGatewayWithDatabaseDown } from '../support/gateway.ts';
import { connect, createUser, deliver, dtfPackage, eventRow, openSession, stack } from '../support/billing-fixtures.ts';
import { completedSession, stripeEvent } from '../support/stripe-events.ts';

const sql = connect();
let stop: (() => Promise<void>) | undefined;
afterAll(async () => {
  await stop?.();
  await sql.end();
});

describe('stripe-webhook with the database down', () => {
  it('answers 500 with nothing written, and a later retry applies the event once', async () => {
    const user = await createUser(sql, 'dtf');
    const session = await openSession(user.token, { product: 'dtf', item_id: await dtfPackage(sql, 70, 7) });
    const event = stripeEvent('checkout.session.completed', completedSession(session));
    const [{ credits_remaining: before }] = await sql`select credits_remaining from dtf.profiles where id = ${user.id}`;

    const down = await startGatewayWithDatabaseDown('stripe-webhook', {
      STRIPE_WEBHOOK_SECRET: stack.stripeWebhookSecret, STRIPE_SECRET_KEY: stack.stripeSecretKey, STRIPE_API_BASE: stack.stripeApiBase,
    });
    stop = down.stop;

    const failed = await deliver(event, { functionsUrl: down.url });
    expect(failed.status).toBe(500);
    expect(failed.body.error.code).toBe('webhook_failed');
    expect(await eventRow(sql, event.id)).toBeUndefined();
    const [{ credits_remaining: unchanged }] = await sql`select credits_remaining from dtf.profiles where id = ${user.id}`;
    expect(unchanged).toBe(before);

    const retried = await deliver(event);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ outcome: 'applied', replay: false });
    const again = await deliver(event);
    expect(again.body.replay).toBe(true);
    const [{ credits_remaining: after }] = await sql`select credits_remaining from dtf.profiles where id = ${user.id}`;
    expect(after).toBe(before + 70);
  });
});
