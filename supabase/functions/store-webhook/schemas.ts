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

/** 200: the same delivery (delivery id and body) was handled before; nothing is done again. */
export const storeWebhookDuplicateResponseSchema = z.object({
  status: z.literal('duplicate'),
  topic: z.string().nullable(),
  /** What the first arrival of the delivery did (created, updated, stale, deleted, unknown, ignored). */
  outcome: z.string(),
});

/**
 * 200: an authentic delivery refused for good, recorded with the reason: a body that is not JSON,
 * a topic its signed body contradicts, a value the database cannot store. Acknowledged, because
 * the platform would otherwise deliver the same bytes again and in the end disable the webhook.
 */
export const storeWebhookRejectedResponseSchema = z.object({
  status: z.literal('rejected'),
  topic: z.string().nullable(),
  reason: z.string(),
});

export const storeWebhookResponseSchema = z.union([
  storeWebhookHandshakeResponseSchema,
  storeWebhookIgnoredResponseSchema,
  storeWebhookProcessedResponseSchema,
  storeWebhookDuplicateResponseSchema,
  storeWebhookRejectedResponseSchema,
]);

export type StoreWebhookHandshakeResponse = z.infer<typeof storeWebhookHandshakeResponseSchema>;
export type StoreWebhookIgnoredResponse = z.infer<typeof storeWebhookIgnoredResponseSchema>;
export type StoreWebhookProcessedResponse = z.infer<typeof storeWebhookProcessedResponseSchema>;
export type StoreWebhookDuplicateResponse = z.infer<typeof storeWebhookDuplicateResponseSchema>;
export type StoreWebhookRejectedResponse = z.infer<typeof storeWebhookRejectedResponseSchema>;
export type StoreWebhookResponse = z.infer<typeof storeWebhookResponseSchema>;
