// Zid: a webhook subscription (POST /v1/managers/webhooks) has an event and a target_url and
// nothing else: Zid documents no signature and no custom header. So the target URL carries the
// proof: /store-webhook/<connection id>/<event>?token=<webhook secret>, the token compared in
// constant time with the connection's webhook secret, the event named in the path (Zid's
// payload is the bare order or product). The body is not signed: TLS protects it in transit.
import { buildAttribution } from '../attribution.ts';
import { timingSafeEqualText } from '../../_shared/crypto.ts';
import {
  arr,
  currency,
  decimal,
  email,
  id,
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

const statuses: Record<string, OrderStatus> = {
  new: 'pending',
  preparing: 'paid',
  ready: 'paid',
  processed: 'paid',
  indelivery: 'fulfilled',
  inDelivery: 'fulfilled',
  delivered: 'fulfilled',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  voided: 'cancelled',
  denied: 'cancelled',
  expired: 'cancelled',
  refunded: 'refunded',
  reversed: 'refunded',
  chargeback: 'refunded',
  failed: 'failed',
};

const orderEvents = new Set(['order.create', 'order.status.update', 'order.payment_status.update']);
const productEvents = new Set(['product.create', 'product.update', 'product.publish']);

function localized(value: unknown): string | null {
  if (isObject(value)) {
    return text(value.en) ?? text(value.ar) ?? Object.values(value).map((v) => text(v)).find(Boolean) ?? null;
  }
  return text(value);
}

/** Zid sends the resource itself; tolerate it wrapped as {"order": ...} / {"product": ...} too. */
function resource(payload: unknown, key: string): Record<string, unknown> {
  const body = obj(payload);
  const inner = isObject(body[key]) ? body[key] as Record<string, unknown> : body;
  if (!isObject(payload) || Object.keys(inner).length === 0) throw new PayloadError(`the ${key} is not an object`);
  return inner;
}

function mapOrder(payload: unknown): StoreChange {
  const order = resource(payload, 'order');
  const code = text(obj(order.order_status).code, 50);
  let status: OrderStatus = (code && statuses[code]) || 'pending';
  if (status === 'pending' && text(order.payment_status) === 'paid') status = 'paid';
  const items = arr(order.products).flatMap((raw) => {
    const line = obj(raw);
    const qty = quantity(line.quantity);
    const price = decimal(line.price);
    return qty && price !== null
      ? [{ externalProductId: id(line.id) ?? id(line.product_id), quantity: qty, price }]
      : [];
  });
  const params: [string, unknown][] = [...Object.entries(order), ...Object.entries(obj(order.utm))];
  return {
    kind: 'order',
    externalId: requireId(order.id, 'order id'),
    customerEmail: email(obj(order.customer).email),
    totalAmount: requireDecimal(order.order_total, 'order_total'),
    currency: currency(order.currency_code) ?? (() => {
      throw new PayloadError('currency_code is missing');
    })(),
    status,
    platformStatus: [code, text(order.payment_status, 40)].filter(Boolean).join('/') || null,
    // Zid's created_at / updated_at are UTC without a zone
    orderDate: requireTimestamp(order.created_at, 'created_at'),
    updatedAt: requireTimestamp(order.updated_at, 'updated_at'),
    attribution: buildAttribution({
      params,
      landingPage: text(order.landing_page, 2000),
      referrer: url(order.referer) ?? url(order.referrer),
      source: text(order.source_code, 100) ?? text(order.source, 100),
    }),
    items,
    ipAddress: null,
    userAgent: null,
  };
}

function mapProduct(payload: unknown): StoreChange {
  const product = resource(payload, 'product');
  const title = text(localized(product.name), 500);
  if (!title) throw new PayloadError('name is missing');
  const firstImage = obj(arr(product.images)[0]);
  return {
    kind: 'product',
    externalId: requireId(product.id, 'product id'),
    title,
    description: text(localized(product.description), 20_000),
    price: decimal(product.sale_price) ?? decimal(product.price),
    currency: currency(product.currency),
    imageUrl: url(obj(firstImage.image).full_size) ?? url(firstImage.url),
    category: text(localized(obj(arr(product.categories)[0]).name), 255),
    tags: arr(product.keywords).map((k) => text(k, 100)).filter((k): k is string => !!k).slice(0, 100),
    isActive: product.is_published !== false,
    updatedAt: requireTimestamp(product.updated_at, 'updated_at'),
  };
}

export const zid: StorePlatform = {
  name: 'zid',
  async verify(delivery, secret) {
    const token = delivery.url.searchParams.get('token') ?? '';
    return await timingSafeEqualText(token, secret) && token !== '';
  },
  topic: (delivery, payload) => text(delivery.extraPath[0], 100) ?? text(obj(payload).event, 100),
  map(topic, payload, delivery) {
    if (orderEvents.has(topic)) return mapOrder(payload);
    if (productEvents.has(topic)) return mapProduct(payload);
    if (topic === 'product.delete') {
      const product = resource(payload, 'product');
      return {
        kind: 'product_deleted',
        externalId: requireId(product.id, 'product id'),
        deletedAt: timestamp(product.deleted_at) ?? delivery.receivedAt,
      };
    }
    return null;
  },
};
