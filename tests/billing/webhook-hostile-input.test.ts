// stripe-webhook under hostile input: signed events whose content the database cannot store are
// recorded as rejected (200, without their content) instead of failing with 500 for days of
// Stripe's retries; bytes that are not what was signed, and Stripe-Signature headers that name
// their time twice, are refused with nothing written; replays apply nothing twice.
import { createHmac } from 'node:crypto';
import type postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { createWebhookHandler } from '../../supabase/functions/stripe-webhook/handler.ts';
import { createStripeClient, webhookCryptoProvider } from '../../supabase/functions/_shared/stripe.ts';
import { connect, createUser, deliver, dtfPackage, openSession, stack } from '../support/billing-fixtures.ts';
import {
  completedSession,
  signStripePayload,
  stripeEvent,
  stripeId,
  type StripeEvent,
} from '../support/stripe-events.ts';
import { expectRefusals, sizeRequests } from '../support/hostile-requests.ts';

const sql = connect();
afterAll(() => sql.end());

interface EventRow {
  type: string;
  outcome: string;
  detail: string | null;
  stripe_created_at: Date | null;
}

async function eventRows(id: string): Promise<EventRow[]> {
  return sql<EventRow[]>`select type, outcome, detail, stripe_created_at from private.stripe_events where id = ${id}`;
}

const now = () => Math.floor(Date.now() / 1000);

/** An event of a type no product handles, carrying `extra` in its object. */
function customerEvent(extra: Record<string, unknown> = {}): StripeEvent {
  return stripeEvent('customer.created', { id: stripeId('cus'), object: 'customer', ...extra });
}

/** The event as JSON text with `marker` (a quoted string in it) replaced by raw JSON text. */
function withRawJson(event: StripeEvent, marker: string, json: string): string {
  return JSON.stringify(event).replace(JSON.stringify(marker), json);
}

/** Posts bytes with a Stripe-Signature header, as sent (no re-encoding). */
async function post(body: Buffer | string, signature: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${stack.functionsUrl}/stripe-webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    body: body as BodyInit,
  });
  return { status: res.status, body: await res.json() };
}

/** The Stripe-Signature of raw bytes, as Stripe computes it: HMAC-SHA256 over "<t>." and the bytes. */
function signBytes(bytes: Uint8Array, timestamp = now()): string {
  const hmac = createHmac('sha256', stack.stripeWebhookSecret).update(`${timestamp}.`).update(bytes);
  return `t=${timestamp},v1=${hmac.digest('hex')}`;
}

describe('stripe-webhook: signed content the database cannot store is recorded as rejected', () => {
  const deep = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
  const cases: [string, () => { event: StripeEvent; payload: string }, RegExp][] = [
    [
      'a NUL character in a string',
      () => {
        const event = customerEvent({ metadata: { note: 'before\u0000after' } });
        return { event, payload: JSON.stringify(event) };
      },
      /NUL character or an unpaired surrogate in data\.object\.metadata\.note/,
    ],
    [
      'a NUL character in a key',
      () => {
        const event = customerEvent({ metadata: { 'k\u0000': 'v' } });
        return { event, payload: JSON.stringify(event) };
      },
      /in the key data\.object\.metadata\.k\ufffd/,
    ],
    [
      'an unpaired surrogate',
      () => {
        const event = customerEvent({ name: 'x\ud800y' });
        return { event, payload: JSON.stringify(event) };
      },
      /unpaired surrogate in data\.object\.name/,
    ],
    [
      'an unpaired low surrogate in the type',
      () => {
        const event = stripeEvent('customer.\udc00created', { id: stripeId('cus'), object: 'customer' });
        return { event, payload: JSON.stringify(event) };
      },
      /unpaired surrogate in type/,
    ],
    [
      '20,000 levels of nesting',
      () => {
        const event = customerEvent({ metadata: '__deep__' });
        return { event, payload: withRawJson(event, '__deep__', deep(20_000)) };
      },
      /nested deeper than 64 levels at data\.object\.metadata\.a\.a/,
    ],
    [
      'a number beyond what JavaScript reads (1e400)',
      () => {
        const event = customerEvent({ balance: '__huge__' });
        return { event, payload: withRawJson(event, '__huge__', '1e400') };
      },
      /a number out of range in data\.object\.balance/,
    ],
    [
      'created after the year 9999',
      () => {
        const event = { ...customerEvent(), created: 1e15 };
        return { event, payload: JSON.stringify(event) };
      },
      /created \(1000000000000000\) is after the year 9999/,
    ],
  ];

  for (const [what, build, reason] of cases) {
    it(`${what}: 200 rejected, recorded with the reason and without the content; a redelivery changes nothing`, async () => {
      const { event, payload } = build();
      const res = await deliver(payload);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        received: true,
        id: event.id,
        outcome: 'rejected',
        product: null,
        replay: false,
      });
      expect(res.body.detail).toMatch(reason);

      const rows = await eventRows(event.id);
      expect(rows).toHaveLength(1);
      expect(rows[0].outcome).toBe('rejected');
      expect(rows[0].detail).toMatch(reason);
      expect(rows[0].type).toBe(event.type.replace(/[\ud800-\udfff]/g, '\ufffd'));
      expect(rows[0].stripe_created_at).toEqual(event.created > 253402300799 ? null : new Date(event.created * 1000));

      // Stripe's retry (or a resend from the dashboard) brings the same bytes: the same answer
      const again = await deliver(payload);
      expect(again.body).toMatchObject({ outcome: 'rejected', replay: false });
      expect(await eventRows(event.id)).toHaveLength(1);
    });
  }

  it('nesting within the limit, and a 100,000-element array, are applied as usual', async () => {
    const nested = customerEvent({ metadata: '__deep__', items: Array(100_000).fill(0) });
    const res = await deliver(withRawJson(nested, '__deep__', deep(50)));
    expect(res).toMatchObject({ status: 200, body: { outcome: 'ignored', replay: false } });
    expect((await eventRows(nested.id))[0].outcome).toBe('ignored');
  });

  it("a paid checkout with a NUL in the buyer's name grants nothing; the same payment without it is applied", async () => {
    const user = await createUser(sql, 'dtf');
    const session = await openSession(user.token, { product: 'dtf', item_id: await dtfPackage(sql, 40, 4) });
    const credits = async () =>
      (await sql`select credits_remaining from dtf.profiles where id = ${user.id}`)[0].credits_remaining as number;
    const before = await credits();

    const poisoned = stripeEvent(
      'checkout.session.completed',
      completedSession(session, {
        customer_details: { email: 'billing@example.com', name: 'Bad\u0000Name' },
      }),
    );
    expect((await deliver(poisoned)).body).toMatchObject({ outcome: 'rejected' });
    expect(await credits()).toBe(before);
    const [checkout] =
      await sql`select status from private.billing_checkouts where stripe_checkout_session_id = ${session.id}`;
    expect(checkout.status).toBe('open');

    const clean = stripeEvent('checkout.session.completed', completedSession(session));
    expect((await deliver(clean)).body).toMatchObject({ outcome: 'applied' });
    expect(await credits()).toBe(before + 40);
  });

  it('five concurrent deliveries of an unstorable event record it once', async () => {
    const event = customerEvent({ note: '\u0000' });
    const answers = await Promise.all(Array.from({ length: 5 }, () => deliver(event)));
    expect(answers.map((a) => `${a.status} ${a.body.outcome}`)).toEqual(Array(5).fill('200 rejected'));
    expect(await eventRows(event.id)).toHaveLength(1);
  });

  it('what the check does not foresee, the database refusing the content itself, is recorded as rejected too', async () => {
    // the real database, except that the jsonb cast refuses the content, as it would an unforeseen character
    const refusing = {
      begin: (work: (tx: unknown) => Promise<unknown>) =>
        sql.begin((tx) =>
          work(
            Object.assign(
              (strings: TemplateStringsArray, ...values: unknown[]) =>
                strings.join('?').includes('billing_apply_stripe_event')
                  ? Promise.reject(Object.assign(new Error('unsupported Unicode escape sequence'), { code: '22P05' }))
                  : tx(strings, ...(values as never[])),
              tx,
            ),
          ),
        ),
    } as unknown as postgres.Sql;
    const handler = createWebhookHandler({
      sql: refusing,
      stripe: createStripeClient(stack.stripeSecretKey, stack.stripeApiBase),
      webhookSecret: stack.stripeWebhookSecret,
      cryptoProvider: webhookCryptoProvider,
    });
    const event = customerEvent();
    const payload = JSON.stringify(event);
    const res = await handler(
      new Request('http://localhost/stripe-webhook', {
        method: 'POST',
        headers: { 'stripe-signature': signStripePayload(payload, stack.stripeWebhookSecret) },
        body: payload,
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      outcome: 'rejected',
      detail: '22P05: unsupported Unicode escape sequence',
    });
    expect(await eventRows(event.id)).toEqual([
      expect.objectContaining({ outcome: 'rejected', detail: '22P05: unsupported Unicode escape sequence' }),
    ]);
  });
});

describe('stripe-webhook: bytes and headers that are not what Stripe signed are refused, nothing written', () => {
  const refusals: [string, () => { event: StripeEvent; send: () => Promise<{ status: number; body: any }> }, string][] =
    [
      [
        'an invalid UTF-8 byte (signed as sent)',
        () => {
          const event = customerEvent({ name: '__byte__' });
          const [head, tail] = JSON.stringify(event).split('__byte__');
          const bytes = Buffer.concat([Buffer.from(head), Buffer.from([0xff]), Buffer.from(tail)]);
          return { event, send: () => post(bytes, signBytes(bytes)) };
        },
        'invalid_signature',
      ],
      [
        'a byte order mark before the JSON (signed as sent)',
        () => {
          const event = customerEvent();
          const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(event))]);
          return { event, send: () => post(bytes, signBytes(bytes)) };
        },
        'invalid_signature',
      ],
      [
        'two t= values, the last one signed and in the future',
        () => {
          const event = customerEvent();
          const payload = JSON.stringify(event);
          const future = signStripePayload(payload, stack.stripeWebhookSecret, now() + 3600);
          return { event, send: () => post(payload, `t=${now()},${future}`) };
        },
        'invalid_signature',
      ],
      [
        'two t= values, the first one signed',
        () => {
          const event = customerEvent();
          const payload = JSON.stringify(event);
          const valid = signStripePayload(payload, stack.stripeWebhookSecret);
          return { event, send: () => post(payload, `${valid},t=${now()}`) };
        },
        'invalid_signature',
      ],
      [
        'two Stripe-Signature headers, both valid (joined by ", " as every server reads them)',
        () => {
          const event = customerEvent();
          const payload = JSON.stringify(event);
          const valid = signStripePayload(payload, stack.stripeWebhookSecret);
          return { event, send: () => post(payload, `${valid}, ${valid}`) };
        },
        'invalid_signature',
      ],
      [
        'a time that is not a number',
        () => {
          const event = customerEvent();
          const payload = JSON.stringify(event);
          const [, v1] = signStripePayload(payload, stack.stripeWebhookSecret).split(',');
          return { event, send: () => post(payload, `t=soon,${v1}`) };
        },
        'invalid_signature',
      ],
    ];

  for (const [what, build, code] of refusals) {
    it(`${what}: 400 ${code}`, async () => {
      const { event, send } = build();
      const res = await send();
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(code);
      expect(await eventRows(event.id)).toEqual([]);
    });
  }

  it('a replay of the same bytes and signature applies nothing twice', async () => {
    const event = customerEvent();
    const payload = JSON.stringify(event);
    const signature = signStripePayload(payload, stack.stripeWebhookSecret);
    const answers = await Promise.all(Array.from({ length: 4 }, () => post(payload, signature)));
    expect(answers.map((a) => a.body.replay).sort()).toEqual([false, true, true, true]);
    expect(await eventRows(event.id)).toHaveLength(1);
  });
});

describe('stripe-webhook: bodies larger than any event are refused before they are read', () => {
  const maxBytes = 512 * 1024;

  it('413 for a body announced or streamed past 512 KiB, nothing written', async () => {
    const event = customerEvent();
    const credentials = { 'stripe-signature': signStripePayload(JSON.stringify(event), stack.stripeWebhookSecret) };
    await expectRefusals(
      `${stack.functionsUrl}/stripe-webhook`,
      sizeRequests({ ...event }, maxBytes),
      credentials,
      () => eventRows(event.id),
    );
  });

  it('a signed event of exactly 512 KiB is applied', async () => {
    const event = customerEvent();
    const payload = JSON.stringify(event).padEnd(maxBytes, ' ');
    const res = await post(payload, signStripePayload(payload, stack.stripeWebhookSecret));
    expect(res).toMatchObject({ status: 200, body: { id: event.id, replay: false } });
    expect(await eventRows(event.id)).toHaveLength(1);
  });
});
