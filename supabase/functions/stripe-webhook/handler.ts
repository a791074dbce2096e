// POST /functions/v1/stripe-webhook: Stripe's events. The signature is checked over the raw
// body; private.billing_apply_stripe_event then records the event id and applies its effect in
// one transaction. 400 for anything not signed by us or not an event, 500 (Stripe retries) when
// the database fails, 200 otherwise (including replays, event types we do not handle, and events
// rejected for good: by the products, or because the database cannot store their content).
import { z } from 'zod';
import type Stripe from 'stripe';
import { asServiceRole, type Sql } from '../_shared/database.ts';
import { errorResponse, json } from '../_shared/http.ts';
import { isRefusedData, storableForm, unstorableJson } from '../_shared/unstorable.ts';
import type { StripeWebhookResponse } from './schemas.ts';

export interface WebhookDeps {
  sql: Sql;
  stripe: Stripe;
  webhookSecret: string;
  cryptoProvider: ReturnType<typeof Stripe.createSubtleCryptoProvider>;
  /** Seconds a signature stays valid (Stripe's default: 300). */
  toleranceSeconds?: number;
  /** The clock signatures are checked against. */
  now?: () => Date;
}

const eventShape = z.object({
  id: z.string().regex(/^evt_[A-Za-z0-9_]+$/).max(255),
  type: z.string().min(1).max(255),
  created: z.number().int().positive(),
  livemode: z.boolean().optional(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});
type StripeEvent = z.infer<typeof eventShape>;

/** 9999-12-31T23:59:59Z: a later `created` is not a time the database can be given. */
const lastStorableSecond = 253402300799;

interface ApplyRow {
  outcome: string;
  product: string | null;
  detail: string | null;
  replay: boolean;
}

/**
 * The signing time of a Stripe-Signature header, read as the stripe library reads it when it
 * verifies the signature (items split on ",", key and value on "=", the item keyed exactly "t",
 * parseInt), so that our bound on future times applies to the time the signature covers. null
 * for a header naming no time or several (Stripe sends one; the library would take the last),
 * or a time that is not a number.
 */
function signedTimestamp(header: string): number | null {
  const times = header.split(',').map((item) => item.split('=')).filter(([key]) => key.trim() === 't');
  if (times.length !== 1 || times[0][0] !== 't') return null;
  const seconds = parseInt(times[0][1], 10);
  return Number.isSafeInteger(seconds) ? seconds : null;
}

/** Why the database could not store this event (`body`: all of it, as parsed), or null. */
function unstorableEvent(event: StripeEvent, body: unknown): string | null {
  if (event.created > lastStorableSecond) return `created (${event.created}) is after the year 9999`;
  return unstorableJson(body);
}

export function createWebhookHandler(deps: WebhookDeps): (req: Request) => Promise<Response> {
  const tolerance = deps.toleranceSeconds ?? 300;
  const now = deps.now ?? (() => new Date());

  /** Records the event as rejected for `reason`, without its content, and answers 200. */
  async function reject(event: StripeEvent, reason: string): Promise<Response> {
    console.error(`stripe-webhook: ${event.id} rejected: ${reason}`);
    const type = storableForm(event.type);
    const created = event.created <= lastStorableSecond ? new Date(event.created * 1000) : null;
    const [row] = await asServiceRole(deps.sql, (tx) => tx<ApplyRow[]>`
      select * from private.billing_reject_stripe_event(
        ${event.id}, ${type}, ${created}, ${event.livemode ?? false}, ${reason})`);
    return json({ received: true, id: event.id, type, ...row } satisfies StripeWebhookResponse);
  }

  /**
   * Records and applies a verified event. Stripe signed it, so it is answered 200 even when it is
   * refused for good: a retry would bring the same bytes.
   */
  async function record(event: StripeEvent, body: unknown, raw: string): Promise<Response> {
    const unstorable = unstorableEvent(event, body);
    if (unstorable) return reject(event, unstorable);
    try {
      const [row] = await asServiceRole(deps.sql, (tx) =>
        tx<ApplyRow[]>`select * from private.billing_apply_stripe_event(${raw}::text::jsonb)`);
      return json({ received: true, id: event.id, type: event.type, ...row } satisfies StripeWebhookResponse);
    } catch (error) {
      // content the check above did not foresee, refused before the event log's own handling
      const { code, message } = error as { code?: string; message?: string };
      if (isRefusedData(code)) return reject(event, `${code}: ${message}`);
      throw error;
    }
  }

  return async (req) => {
    if (req.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'Use POST');
    const signature = req.headers.get('stripe-signature');
    if (!signature) return errorResponse(400, 'invalid_signature', 'Missing Stripe-Signature header');
    const raw = await req.text();

    const receivedAt = now().getTime();
    const signedAt = signedTimestamp(signature);
    if (signedAt === null) {
      return errorResponse(400, 'invalid_signature', 'The Stripe-Signature header must carry exactly one timestamp');
    }
    // Stripe's check bounds the age of the signature; bound its clock skew into the future too.
    if (signedAt * 1000 > receivedAt + tolerance * 1000) {
      return errorResponse(400, 'invalid_signature', 'Timestamp outside the tolerance zone');
    }

    let event: unknown;
    try {
      event = await deps.stripe.webhooks.constructEventAsync(
        raw, signature, deps.webhookSecret, tolerance, deps.cryptoProvider, receivedAt,
      );
    } catch (error) {
      if (error instanceof SyntaxError) return errorResponse(400, 'invalid_body', 'The body is not valid JSON');
      return errorResponse(400, 'invalid_signature', (error as Error).message.split('\n')[0]);
    }
    const parsed = eventShape.safeParse(event);
    if (!parsed.success) return errorResponse(400, 'invalid_event', 'The body is not a Stripe event');

    try {
      return await record(parsed.data, event, raw);
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      console.error(`stripe-webhook: ${parsed.data.id} (${parsed.data.type}) failed: ${code ?? ''} ${message ?? error}`);
      return errorResponse(500, 'webhook_failed', 'The event could not be applied; Stripe will retry it');
    }
  };
}
