// The webhook accepts only events signed with our secret within the tolerance, and records each
// event id once.
import { afterAll, describe, expect, it } from 'vitest';
import { connect, deliver, eventRow, stack } from '../support/billing-fixtures.ts';
import { signStripePayload, stripeEvent, stripeId } from '../support/stripe-events.ts';

const sql = connect();
afterAll(() => sql.end());

async function eventCount(): Promise<number> {
  const [{ count }] = await sql<{ count: number }[]>`select count(*)::int as count from private.stripe_events`;
  return count;
}

describe('stripe-webhook signature and body checks', () => {
  const unknown = () => stripeEvent('customer.created', { id: stripeId('cus'), object: 'customer' });

  it('applies a correctly signed event of a type it does not handle: 200, recorded as ignored', async () => {
    const event = unknown();
    const res = await deliver(event);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: true, id: event.id, outcome: 'ignored', replay: false });
    expect(await eventRow(sql, event.id)).toMatchObject({ outcome: 'ignored', product: null });
  });

  it('answers a replay with the first outcome and replay = true', async () => {
    const event = unknown();
    expect((await deliver(event)).body.replay).toBe(false);
    const again = await deliver(event);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ outcome: 'ignored', replay: true });
  });

  const refusals: [string, () => Promise<{ status: number; body: any }>, string][] = [
    [
      'a tampered body',
      async () => {
        const event = unknown();
        const payload = JSON.stringify(event);
        const signature = signStripePayload(payload, stack.stripeWebhookSecret);
        return deliver(payload.replace('customer.created', 'customer.updated'), { signature });
      },
      'invalid_signature',
    ],
    [
      'a signature made with another secret',
      () => deliver(unknown(), { secret: 'whsec_someone_else' }),
      'invalid_signature',
    ],
    [
      'a timestamp older than five minutes',
      () => deliver(unknown(), { timestamp: Math.floor(Date.now() / 1000) - 301 }),
      'invalid_signature',
    ],
    [
      'a timestamp from the future beyond the tolerance',
      () => deliver(unknown(), { timestamp: Math.floor(Date.now() / 1000) + 600 }),
      'invalid_signature',
    ],
    [
      'no v1 signature',
      () => deliver(unknown(), { signature: `t=${Math.floor(Date.now() / 1000)}` }),
      'invalid_signature',
    ],
    ['malformed JSON, correctly signed', () => deliver('{"id": "evt_test_broken", "type": '), 'invalid_body'],
    [
      'JSON that is not an event, correctly signed',
      () => deliver(JSON.stringify({ id: 'evt_test_x', hello: 'world' })),
      'invalid_event',
    ],
  ];

  for (const [what, send, code] of refusals) {
    it(`refuses ${what} with 400 and writes nothing`, async () => {
      const before = await eventCount();
      const res = await send();
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(code);
      expect(await eventCount()).toBe(before);
    });
  }

  it('refuses a request without a Stripe-Signature header', async () => {
    const res = await fetch(`${stack.functionsUrl}/stripe-webhook`, {
      method: 'POST',
      body: JSON.stringify(unknown()),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('invalid_signature');
  });

  it('needs no JWT (verify_jwt is off) and answers only POST', async () => {
    const res = await fetch(`${stack.functionsUrl}/stripe-webhook`);
    expect(res.status).toBe(405);
  });
});
