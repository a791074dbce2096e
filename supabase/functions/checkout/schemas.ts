// POST /functions/v1/checkout (user JWT): a Stripe Checkout Session for one item, priced by the
// database. The body names the item only; any price the client sends is refused.
import { z } from 'zod';

export const checkoutRequestSchema = z.strictObject({
  product: z.enum(['marketplace', 'courses', 'dtf', 'adly']),
  /** workflow id, course product id, DTF credit package or plan id, ADLY plan id */
  item_id: z.uuid(),
  /** ADLY only: the workspace the plan is for; the caller must own it. */
  workspace_id: z.uuid().optional(),
  /** Must be on one of the origins in CHECKOUT_ALLOWED_ORIGINS. */
  success_url: z.url({ protocol: /^https?$/ }).max(2048),
  cancel_url: z.url({ protocol: /^https?$/ }).max(2048),
}).refine((body) => (body.product === 'adly') === (body.workspace_id !== undefined), {
  message: 'workspace_id is required for adly and not allowed for other products',
  path: ['workspace_id'],
});

/** 200, paid item: send the browser to `url` (a second click returns the same open session). */
export const checkoutSessionResponseSchema = z.object({
  url: z.string(),
  session_id: z.string(),
});

/** 200, free item: granted at once, no payment. */
export const checkoutFreeResponseSchema = z.object({
  free: z.literal(true),
  url: z.null(),
  session_id: z.null(),
});

export const checkoutResponseSchema = z.union([checkoutSessionResponseSchema, checkoutFreeResponseSchema]);

/** What the client sends. */
export type CheckoutRequest = z.input<typeof checkoutRequestSchema>;
export type CheckoutSessionResponse = z.infer<typeof checkoutSessionResponseSchema>;
export type CheckoutFreeResponse = z.infer<typeof checkoutFreeResponseSchema>;
export type CheckoutResponse = z.infer<typeof checkoutResponseSchema>;
