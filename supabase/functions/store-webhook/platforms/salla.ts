// Salla: the webhook's security strategy is named in X-Salla-Security-Strategy. "Signature" (the
// default) sends X-Salla-Signature, the hex HMAC-SHA256 of the raw body keyed with the app's
// webhook secret; "Token" sends the secret itself as "Authorization: Bearer <secret>". The body is
// {"event", "merchant", "created_at", "data"}; data is the order or product.
import { buildAttribution } from '../attribution.ts';
import { fromHex, timingSafeEqualText, verifyHmacHeader } from '../../_shared/crypto.ts';
import {
  arr,
  currency,
  decimal,
  email,
  id,
  ip,
  isObject,
  obj,
  quantity,
  requireDecimal,
  requireId,
  text,
  timestamp,
  url,
  zonedTimestamp,
} from './fields.ts';
import { type OrderStatus, PayloadError, type StoreChange, type StorePlatform } from './types.ts';

const statuses: Record<string, OrderStatus> = {
  payment_pending: 'pending',
  under_review: 'pending',
  in_progress: 'paid',
  completed: 'fulfilled',
  shipped: 'fulfilled',
  delivering: 'fulfilled',
  delivered: 'fulfilled',
  canceled: 'cancelled',
  cancelled: 'cancelled',
  restoring: 'refunded',
  restored: 'refunded',
};

const orderEvents = new Set([
  'order.created',
  'order.updated',
  'order.status.updated',
  'order.payment.updated',
  'order.cancelled',
  'order.refunded',
  'order.total.price.updated',
  'order.products.updated',
]);
const productEvents = new Set(['product.created', 'product.updated', 'product.status.updated', 'product.available']);

/** The event's time: when Salla says it happened (ISO or JavaScript Date text). */
function eventTime(envelope: Record<string, unknown>): Date {
  const at = timestamp(envelope.created_at);
  if (!at) throw new PayloadError('created_at is not a timestamp');
  return at;
}

function amount(value: unknown): string | null {
  return isObject(value) ? decimal(value.amount) : decimal(value);
}

function mapOrder(event: string, envelope: Record<string, unknown>): StoreChange {
  const order = envelope.data;
  if (!isObject(order)) throw new PayloadError('data is not an object');
  const amounts = obj(order.amounts);
  const total = obj(amounts.total);
  const slug = text(obj(order.status).slug, 100);
  let status: OrderStatus = (slug && statuses[slug]) || 'pending';
  if (event === 'order.cancelled') status = 'cancelled';
  if (event === 'order.refunded') status = 'refunded';
  const details = obj(order.source_details);
  const items = arr(order.items).flatMap((raw) => {
    const item = obj(raw);
    const qty = quantity(item.quantity);
    const itemAmounts = obj(item.amounts);
    const price = amount(itemAmounts.price_without_tax) ?? amount(item.price);
    const productId = id(obj(item.product).id) ?? id(item.product_id);
    return qty && price !== null ? [{ externalProductId: productId, quantity: qty, price }] : [];
  });
  const updatedAt = zonedTimestamp(order.updated_at) ?? eventTime(envelope);
  const orderDate = zonedTimestamp(order.date) ?? updatedAt;
  return {
    kind: 'order',
    externalId: requireId(order.id, 'order id'),
    customerEmail: email(obj(order.customer).email),
    totalAmount: requireDecimal(total.amount, 'amounts.total.amount'),
    currency: currency(total.currency) ?? currency(order.currency) ??
      (() => {
        throw new PayloadError('currency is missing');
      })(),
    status,
    platformStatus: slug,
    orderDate,
    updatedAt,
    attribution: buildAttribution({
      params: Object.entries(details),
      landingPage: text(details.landing_page, 2000),
      referrer: url(details.value) ?? url(details.referrer),
      source: [text(order.source, 50), text(details.type, 50)].filter(Boolean).join(':') || null,
    }),
    items,
    ipAddress: ip(details.ip),
    userAgent: text(details['user-agent'], 1000),
  };
}

function localized(value: unknown): string | null {
  if (isObject(value)) {
    return text(value.en) ?? text(value.ar) ?? Object.values(value).map((v) => text(v)).find(Boolean) ?? null;
  }
  return text(value);
}

function mapProduct(envelope: Record<string, unknown>): StoreChange {
  const product = envelope.data;
  if (!isObject(product)) throw new PayloadError('data is not an object');
  const title = text(localized(product.name), 500);
  if (!title) throw new PayloadError('name is missing');
  const price = obj(product.price);
  const status = text(product.status) ?? 'sale';
  return {
    kind: 'product',
    externalId: requireId(product.id, 'product id'),
    title,
    description: text(localized(product.description), 20_000),
    price: amount(product.price),
    currency: currency(price.currency) ?? currency(product.currency),
    imageUrl: url(obj(product.main_image).url) ?? url(product.main_image) ?? url(product.thumbnail) ??
      url(obj(arr(product.images)[0]).url),
    category: text(obj(arr(product.categories)[0]).name, 255),
    tags: arr(product.tags).map((tag) => text(isObject(tag) ? tag.name : tag, 100)).filter((t): t is string => !!t)
      .slice(0, 100),
    isActive: status === 'sale' || status === 'out',
    updatedAt: zonedTimestamp(product.updated_at) ?? eventTime(envelope),
  };
}

export const salla: StorePlatform = {
  name: 'salla',
  async verify(delivery, secret) {
    const headers = delivery.request.headers;
    const strategy = (headers.get('x-salla-security-strategy') ?? 'signature').trim().toLowerCase();
    if (strategy === 'token') {
      const match = /^Bearer\s+(\S+)$/i.exec(headers.get('authorization') ?? '');
      return await timingSafeEqualText(match ? match[1] : '', secret) && !!match;
    }
    if (strategy !== 'signature') return false;
    return verifyHmacHeader(headers.get('x-salla-signature'), delivery.body, secret, fromHex);
  },
  topic: (_delivery, payload) => text(obj(payload).event, 100),
  map(topic, payload) {
    const envelope = obj(payload);
    if (orderEvents.has(topic)) return mapOrder(topic, envelope);
    if (productEvents.has(topic)) return mapProduct(envelope);
    if (topic === 'order.deleted' || topic === 'product.deleted') {
      return {
        kind: topic === 'order.deleted' ? 'order_deleted' : 'product_deleted',
        externalId: requireId(obj(envelope.data).id, 'data.id'),
        deletedAt: eventTime(envelope),
      };
    }
    return null;
  },
};
