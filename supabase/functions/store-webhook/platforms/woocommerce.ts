// WooCommerce: X-WC-Webhook-Signature is the base64 HMAC-SHA256 of the raw body keyed with the
// webhook's secret; X-WC-Webhook-Topic names the topic ("order.updated"), X-WC-Webhook-Resource
// and X-WC-Webhook-Event its two halves, X-WC-Webhook-Delivery-ID the delivery (a hash of the
// webhook and the second it was sent: two deliveries of one webhook in one second share it).
// WooCommerce never retries a delivery. Payloads are REST API v3 resources; times in *_gmt are UTC.
import { buildAttribution } from '../attribution.ts';
import { fromBase64, verifyHmacHeader } from '../../_shared/crypto.ts';
import {
  arr,
  currency,
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
  url,
} from './fields.ts';
import { type OrderStatus, PayloadError, type StoreChange, type StorePlatform } from './types.ts';

const statuses: Record<string, OrderStatus> = {
  'pending': 'pending',
  'on-hold': 'pending',
  'checkout-draft': 'pending',
  'processing': 'paid',
  'completed': 'fulfilled',
  'cancelled': 'cancelled',
  'refunded': 'refunded',
  'failed': 'failed',
};

/** WooCommerce's order attribution meta keys (WooCommerce 8.5+) and what we call them. */
const attributionMeta: Record<string, string> = {
  _wc_order_attribution_utm_source: 'utm_source',
  _wc_order_attribution_utm_medium: 'utm_medium',
  _wc_order_attribution_utm_campaign: 'utm_campaign',
  _wc_order_attribution_utm_content: 'utm_content',
  _wc_order_attribution_utm_term: 'utm_term',
};

/** Unit prices are floats computed by WooCommerce (total / quantity): kept to 3 decimals. */
function unitPrice(value: unknown): string | null {
  const exact = decimal(value);
  if (exact === null) return null;
  const fraction = exact.split('.')[1] ?? '';
  return fraction.length <= 3 ? exact : Number(exact).toFixed(3);
}

function mapOrder(payload: unknown): StoreChange {
  if (!isObject(payload)) throw new PayloadError('the order is not an object');
  const order = payload;
  const meta = new Map<string, unknown>();
  for (const raw of arr(order.meta_data)) {
    const entry = obj(raw);
    const key = text(entry.key, 200);
    if (key) meta.set(key, entry.value);
  }
  const params: [string, unknown][] = [];
  for (const [metaKey, ours] of Object.entries(attributionMeta)) {
    if (meta.has(metaKey)) params.push([ours, meta.get(metaKey)]);
  }
  // plain utm_* / click id meta written by tracking plugins
  for (const [key, value] of meta) if (!key.startsWith('_')) params.push([key, value]);

  const items = arr(order.line_items).flatMap((raw) => {
    const line = obj(raw);
    const qty = quantity(line.quantity);
    const price = unitPrice(line.price);
    return qty && price !== null
      ? [{ externalProductId: id(line.product_id) === '0' ? null : id(line.product_id), quantity: qty, price }]
      : [];
  });
  const status = text(order.status, 100);
  return {
    kind: 'order',
    externalId: requireId(order.id, 'order id'),
    customerEmail: email(obj(order.billing).email),
    totalAmount: requireDecimal(order.total, 'total'),
    currency: currency(order.currency) ?? (() => {
      throw new PayloadError('currency is missing');
    })(),
    status: (status && statuses[status]) || 'pending',
    platformStatus: status,
    orderDate: requireTimestamp(order.date_created_gmt, 'date_created_gmt'),
    updatedAt: requireTimestamp(order.date_modified_gmt, 'date_modified_gmt'),
    attribution: buildAttribution({
      params,
      landingPage: text(meta.get('_wc_order_attribution_session_entry'), 2000),
      referrer: text(meta.get('_wc_order_attribution_referrer'), 2000),
      source: text(meta.get('_wc_order_attribution_source_type'), 100) ?? text(order.created_via, 100),
    }),
    items,
    ipAddress: ip(order.customer_ip_address),
    userAgent: text(order.customer_user_agent, 1000),
  };
}

function mapProduct(payload: unknown): StoreChange {
  if (!isObject(payload)) throw new PayloadError('the product is not an object');
  const product = payload;
  const title = text(product.name, 500);
  if (!title) throw new PayloadError('name is missing');
  return {
    kind: 'product',
    externalId: requireId(product.id, 'product id'),
    title,
    description: text(product.description, 20_000) ?? text(product.short_description, 20_000),
    price: decimal(product.price) ?? decimal(product.regular_price),
    currency: null, // the store's currency; product resources do not repeat it
    imageUrl: url(obj(arr(product.images)[0]).src),
    category: text(obj(arr(product.categories)[0]).name, 255),
    tags: arr(product.tags).map((tag) => text(obj(tag).name, 100)).filter((tag): tag is string => !!tag).slice(0, 100),
    isActive: text(product.status) === 'publish',
    updatedAt: requireTimestamp(product.date_modified_gmt, 'date_modified_gmt'),
  };
}

export const woocommerce: StorePlatform = {
  name: 'woocommerce',
  verify: (delivery, secret) =>
    verifyHmacHeader(delivery.request.headers.get('x-wc-webhook-signature'), delivery.body, secret, fromBase64),
  topic(delivery) {
    const headers = delivery.request.headers;
    const topic = text(headers.get('x-wc-webhook-topic'), 100);
    if (topic) return topic;
    const resource = text(headers.get('x-wc-webhook-resource'), 50);
    const event = text(headers.get('x-wc-webhook-event'), 50);
    return resource && event ? `${resource}.${event}` : null;
  },
  deliveryId: (delivery) => text(delivery.request.headers.get('x-wc-webhook-delivery-id'), 255),
  /** WooCommerce pings a new webhook with an unsigned form body "webhook_id=<id>" and no topic. */
  isHandshake(delivery) {
    return !delivery.request.headers.get('x-wc-webhook-topic') &&
      /^webhook_id=\d{1,20}$/.test(new TextDecoder().decode(delivery.body).trim());
  },
  map(topic, payload, delivery) {
    switch (topic) {
      case 'order.created':
      case 'order.updated':
      case 'order.restored':
        return mapOrder(payload);
      case 'product.created':
      case 'product.updated':
      case 'product.restored':
        return mapProduct(payload);
      case 'order.deleted':
      case 'product.deleted':
        return {
          kind: topic === 'order.deleted' ? 'order_deleted' : 'product_deleted',
          externalId: deletedId(payload),
          deletedAt: delivery.receivedAt,
        };
      default:
        return null;
    }
  },
};
