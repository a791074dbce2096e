// POST /functions/v1/store-webhook/<store connection id>[/<event>] (no JWT; the platform's
// signature is the authentication): orders and products pushed by Shopify, WooCommerce, Salla and
// Zid. The requests are the platforms' payloads, so only the answers have schemas here.
import { z } from 'zod';

/** 200: a platform's unsigned set-up request, answered without any write. */
export const storeWebhookHandshakeResponseSchema = z.object({
  status: z.literal('ignored'),
  reason: z.literal('handshake'),
});

/** 200: a topic we do not handle (null when the delivery names none), acknowledged. */
export const storeWebhookIgnoredResponseSchema = z.object({
  status: z.literal('ignored'),
  topic: z.string().nullable(),
});

/** 200: the product or order is written. */
export const storeWebhookProcessedResponseSchema = z.object({
  status: z.literal('processed'),
  topic: z.string(),
  entity: z.enum(['product', 'order']),
  /** The platform's id of the product or order. */
  external_id: z.string(),
  /** created, updated, stale (older or replayed), deleted, or unknown (deletion of something never synced). */
  outcome: z.string(),
  /** Orders only: our order row, and the conversion recorded for it (null when none was). */
  order_id: z.uuid().nullable().optional(),
  conversion_event_id: z.uuid().nullable().optional(),
});

export const storeWebhookResponseSchema = z.union([
  storeWebhookHandshakeResponseSchema,
  storeWebhookIgnoredResponseSchema,
  storeWebhookProcessedResponseSchema,
]);

export type StoreWebhookHandshakeResponse = z.infer<typeof storeWebhookHandshakeResponseSchema>;
export type StoreWebhookIgnoredResponse = z.infer<typeof storeWebhookIgnoredResponseSchema>;
export type StoreWebhookProcessedResponse = z.infer<typeof storeWebhookProcessedResponseSchema>;
export type StoreWebhookResponse = z.infer<typeof storeWebhookResponseSchema>;
