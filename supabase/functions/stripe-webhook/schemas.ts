// POST /functions/v1/stripe-webhook (no JWT; Stripe-Signature over the raw body): Stripe's events.
// The request is Stripe's event payload, so only the answer has a schema here.
import { z } from 'zod';

/** 200: the event is recorded (a replay answers its first outcome again, with replay = true). */
export const stripeWebhookResponseSchema = z.object({
  received: z.literal(true),
  /** The event's id (evt_...) and type. */
  id: z.string(),
  type: z.string(),
  /** What the event did: applied, ignored, deferred, stale, rejected, ... */
  outcome: z.string(),
  /** The product the event belongs to, when one does. */
  product: z.string().nullable(),
  detail: z.string().nullable(),
  replay: z.boolean(),
});

export type StripeWebhookResponse = z.infer<typeof stripeWebhookResponseSchema>;
