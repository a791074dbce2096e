// POST /functions/v1/stripe-webhook: Stripe's events. The signature is checked over the raw
// body; private.billing_apply_stripe_event then records the event id and applies its effect in
// one transaction. 400 for anything not signed by us or not an event, 500 (Stripe retries) when
// the database fails, 200 otherwise (including replays and event types we do not handle).
import { z } from 'zod';
import type Stripe from 'stripe';
import { asServiceRole, type Sql } from '../_shared/database.ts';
import { errorResponse, json } from '../_shared/http.ts';
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

interface ApplyRow {
  outcome: string;
  product: string | null;
  detail: string | null;
  replay: boolean;
}

export function createWebhookHandler(deps: WebhookDeps): (req: Request) => Promise<Response> {
  const tolerance = deps.toleranceSeconds ?? 300;
  const now = deps.now ?? (() => new Date());

  return async (req) => {
    if (req.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'Use POST');
    const signature = req.headers.get('stripe-signature');
    if (!signature) return errorResponse(400, 'invalid_signature', 'Missing Stripe-Signature header');
    const raw = await req.text();

    const receivedAt = now().getTime();
    // Stripe's check bounds the age of the signature; bound its clock skew into the future too.
    const signedAt = Number(/(?:^|,)t=(\d+)(?:,|$)/.exec(signature)?.[1]);
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
      const [row] = await asServiceRole(deps.sql, (tx) =>
        tx<ApplyRow[]>`select * from private.billing_apply_stripe_event(${raw}::text::jsonb)`);
      return json({ received: true, id: parsed.data.id, type: parsed.data.type, ...row } satisfies StripeWebhookResponse);
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      console.error(`stripe-webhook: ${parsed.data.id} (${parsed.data.type}) failed: ${code ?? ''} ${message ?? error}`);
      return errorResponse(500, 'webhook_failed', 'The event could not be applied; Stripe will retry it');
    }
  };
}
