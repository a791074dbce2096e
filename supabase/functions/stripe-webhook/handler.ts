// POST /functions/v1/stripe-webhook: Stripe's events. The signature is checked over the raw
// body; private.billing_apply_stripe_event then records the event id and applies its effect in
// one transaction. 400 for anything not signed by us or not an event, 413 for a body larger than
// any event, 503 (Stripe retries) when the database is unavailable and 500 when it fails
// otherwise, 200 for the rest (including replays, event types we do not handle, and events
// rejected for good: by the products, or because the database cannot store their content).
import { z } from 'zod';
import type Stripe from 'stripe';
import type { Sql } from '../_shared/database.ts';
import { readBody } from '../_shared/body.ts';
import { errorToResponse } from '../_shared/errors.ts';
import { errorResponse, json } from '../_shared/http.ts';
import { recordStripeEvent, type StripeEventHeader } from '../_shared/stripe-events.ts';
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
  /** The largest body read, in bytes (Stripe's events are well under it). */
  maxBodyBytes?: number;
}

const eventShape = z.object({
  id: z.string().regex(/^evt_[A-Za-z0-9_]+$/).max(255),
  type: z.string().min(1).max(255),
  created: z.number().int().positive(),
  livemode: z.boolean().optional(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});
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

export function createWebhookHandler(deps: WebhookDeps): (req: Request) => Promise<Response> {
  const tolerance = deps.toleranceSeconds ?? 300;
  const now = deps.now ?? (() => new Date());
  const maxBodyBytes = deps.maxBodyBytes ?? 512 * 1024;

  return async (req) => {
    if (req.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'Use POST');
    const signature = req.headers.get('stripe-signature');
    if (!signature) return errorResponse(400, 'invalid_signature', 'Missing Stripe-Signature header');
    let raw: string;
    try {
      // the signature covers the bytes as UTF-8 text, as Stripe sends them
      raw = new TextDecoder().decode(await readBody(req, { maxBytes: maxBodyBytes }));
    } catch (error) {
      return errorToResponse(error);
    }

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
        raw,
        signature,
        deps.webhookSecret,
        tolerance,
        deps.cryptoProvider,
        receivedAt,
      );
    } catch (error) {
      if (error instanceof SyntaxError) return errorResponse(400, 'invalid_body', 'The body is not valid JSON');
      return errorResponse(400, 'invalid_signature', (error as Error).message.split('\n')[0]);
    }
    const parsed = eventShape.safeParse(event);
    if (!parsed.success) return errorResponse(400, 'invalid_event', 'The body is not a Stripe event');

    try {
      // Verified, so answered 200 even when refused for good: a retry would bring the same bytes.
      // the whole event, which eventShape has checked, so that all of its content is checked for storing
      const row = await recordStripeEvent(deps.sql, event as StripeEventHeader, raw, 'stripe-webhook');
      return json(
        { received: true, id: parsed.data.id, type: parsed.data.type, ...row } satisfies StripeWebhookResponse,
      );
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      console.error(
        `stripe-webhook: ${parsed.data.id} (${parsed.data.type}) failed: ${code ?? ''} ${message ?? error}`,
      );
      // 503 while the database is unavailable, 500 for any other failure: Stripe retries both
      return errorToResponse(error);
    }
  };
}
