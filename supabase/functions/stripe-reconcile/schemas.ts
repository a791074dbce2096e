// POST /functions/v1/stripe-reconcile (no JWT; Authorization: Bearer <JOBS_SECRET>): applies the
// Stripe events the webhook missed. Called by the scheduler with no body (or {}), and by
// operators with a time range.
import { z } from 'zod';

const unixSeconds = z.number().int().nonnegative();

/**
 * An operator's range (unix seconds, both ends included), or nothing: then the run continues
 * from the last checkpoint. `starting_after` continues a range that answered has_more.
 */
export const stripeReconcileRequestSchema = z.strictObject({
  from: unixSeconds.optional(),
  to: unixSeconds.optional(),
  starting_after: z.string().regex(/^evt_[A-Za-z0-9_]+$/).max(255).optional(),
}).refine((body) => (body.from === undefined) === (body.to === undefined), {
  message: 'from and to go together',
}).refine((body) => body.starting_after === undefined || body.from !== undefined, {
  message: 'starting_after continues a range: give its from and to',
}).refine((body) => body.from === undefined || body.from <= body.to!, {
  message: 'from is after to',
});

/** 200: what the call did. */
export const stripeReconcileResponseSchema = z.object({
  /** The window listed: Stripe's events created from `from` to `to` (unix seconds, included). */
  from: z.number().int(),
  to: z.number().int(),
  /** Events Stripe listed in this call (only the types the webhook handles). */
  listed: z.number().int().nonnegative(),
  /** Applied now: they had never reached us (outcome applied, stale, ignored, deferred, ...). */
  applied: z.number().int().nonnegative(),
  /** Already in the event log: the webhook, or an earlier run, had applied them. */
  already_applied: z.number().int().nonnegative(),
  /** Refused for good, by the products or because the database cannot store them, as the webhook records them (outcome rejected). */
  rejected: z.number().int().nonnegative(),
  /**
   * The window holds more events than one call lists. The scheduled run carries on by itself at
   * its next call; for a range, post { from, to, starting_after } again.
   */
  has_more: z.boolean(),
  /** Where the next call continues in the window (an event id), when has_more. */
  starting_after: z.string().nullable(),
  /** Every event created up to this time (unix seconds) has been reconciled; null before the first complete run. */
  checkpoint: z.number().int().nullable(),
});

export type StripeReconcileRequest = z.input<typeof stripeReconcileRequestSchema>;
export type StripeReconcileResponse = z.infer<typeof stripeReconcileResponseSchema>;
