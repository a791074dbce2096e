// Shopify: X-Shopify-Hmac-Sha256 is the base64 HMAC-SHA256 of the raw body keyed with the app's
// client secret (or the secret shown when the webhook was created in the admin);
// X-Shopify-Topic names the topic ("orders/updated"), X-Shopify-Event-Id the event (the same in
// every retry and every subscription it reaches; older deliveries have only X-Shopify-Webhook-Id,
// the same in every retry). Payloads are REST Admin API resources.
import { buildAttribution } from '../attribution.ts';
import { fromBase64, verifyHmacHeader } from '../../_shared/crypto.ts';
import {
  arr,
  currency,
  cut,
  decimal,
  deletedId,
  email,
  id,
  ip,
  isObject,
  obj,
  quantity,
  requireDecimal,
  requireId,
  requireTimestamp,
  text,
  timestamp,
  url,
} from './fields.ts';
import { type OrderStatus, PayloadError, type StoreChange, type StorePlatform } from './types.ts';

const orderTopics = new Set([
  'orders/create',
  'orders/updated',
  'orders/paid',
  'orders/cancelled',
  'orders/fulfilled',
  'orders/partially_fulfilled',
]);
const productTopics = new Set(['products/create', 'products/update']);

function orderStatus(order: Record<string, unknown>): OrderStatus {
  const financial = text(order.financial_status);
  if (text(order.cancelled_at)) return 'cancelled';
  if (financial === 'refunded') return 'refunded';
  if (financial === 'partially_refunded') return 'partially_refunded';
  if (financial === 'voided') return 'cancelled';
  if (text(order.fulfillment_status) === 'fulfilled') return 'fulfilled';
  if (financial === 'paid' || financial === 'partially_paid') return 'paid';
  return 'pending';
}

function mapOrder(payload: unknown): StoreChange {
  if (!isObject(payload)) throw new PayloadError('the order is not an object');
  const order = payload;
  const client = obj(order.client_details);
  const items = arr(order.line_items).flatMap((raw) => {
    const line = obj(raw);
    const qty = quantity(line.quantity);
    const price = decimal(line.price);
    return qty && price !== null ? [{ externalProductId: id(line.product_id), quantity: qty, price }] : [];
  });
  const noteAttributes = arr(order.note_attributes).flatMap((raw): [string, unknown][] => {
    const attribute = obj(raw);
    const name = text(attribute.name, 100);
    return name ? [[name, attribute.value]] : [];
  });
  const cancelled = text(order.cancelled_at) ? 'cancelled' : null;
  return {
    kind: 'order',
    externalId: requireId(order.id, 'order id'),
    customerEmail: email(order.email) ?? email(order.contact_email) ?? email(obj(order.customer).email),
    totalAmount: requireDecimal(order.total_price, 'total_price'),
    currency: currency(order.currency) ?? (() => {
      throw new PayloadError('currency is missing');
    })(),
    status: orderStatus(order),
    platformStatus: cut(
      [cancelled, text(order.financial_status), text(order.fulfillment_status) ?? 'unfulfilled']
        .filter(Boolean).join('/'),
      100,
    ),
    orderDate: timestamp(order.processed_at) ?? requireTimestamp(order.created_at, 'created_at'),
    updatedAt: requireTimestamp(order.updated_at, 'updated_at'),
    attribution: buildAttribution({
      params: noteAttributes,
      landingPage: text(order.landing_site, 2000),
      referrer: text(order.referring_site, 2000),
      source: text(order.source_name, 100),
    }),
    items,
    ipAddress: ip(order.browser_ip) ?? ip(client.browser_ip),
    userAgent: text(client.user_agent, 1000),
  };
}

function mapProduct(payload: unknown): StoreChange {
  if (!isObject(payload)) throw new PayloadError('the product is not an object');
  const product = payload;
  const firstVariant = obj(arr(product.variants)[0]);
  const image = url(obj(product.image).src) ?? url(obj(arr(product.images)[0]).src);
  const status = text(product.status) ?? 'active';
  const title = text(product.title, 500);
  if (!title) throw new PayloadError('title is missing');
  return {
    kind: 'product',
    externalId: requireId(product.id, 'product id'),
    title,
    description: text(product.body_html, 20_000),
    price: decimal(firstVariant.price),
    currency: null, // Shopify products carry no currency: the store's own
    imageUrl: image,
    category: text(product.product_type, 255),
    tags: (text(product.tags) ?? '').split(',').map((tag) => tag.trim()).filter(Boolean).slice(0, 100),
    isActive: status === 'active',
    updatedAt: requireTimestamp(product.updated_at, 'updated_at'),
  };
}

export const shopify: StorePlatform = {
  name: 'shopify',
  verify: (delivery, secret) =>
    verifyHmacHeader(delivery.request.headers.get('x-shopify-hmac-sha256'), delivery.body, secret, fromBase64),
  topic: (delivery) => text(delivery.request.headers.get('x-shopify-topic'), 100),
  deliveryId(delivery) {
    const headers = delivery.request.headers;
    return text(headers.get('x-shopify-event-id'), 255) ?? text(headers.get('x-shopify-webhook-id'), 255);
  },
  map(topic, payload, delivery) {
    if (orderTopics.has(topic)) return mapOrder(payload);
    if (productTopics.has(topic)) return mapProduct(payload);
    if (topic === 'orders/delete' || topic === 'products/delete') {
      const externalId = deletedId(payload);
      // The header is not covered by the signature: never let it date a deletion in the future,
      // where the tombstone would block every later update of the item.
      const triggeredAt = timestamp(delivery.request.headers.get('x-shopify-triggered-at'));
      const deletedAt = triggeredAt && triggeredAt < delivery.receivedAt ? triggeredAt : delivery.receivedAt;
      return { kind: topic === 'orders/delete' ? 'order_deleted' : 'product_deleted', externalId, deletedAt };
    }
    return null;
  },
};
