// Test support for the store-webhook function: a workspace with a store connection per platform,
// deliveries signed exactly as each platform signs them, and a snapshot of everything a
// connection owns (to prove that refused deliveries change nothing).
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { actAs } from '../support/database.ts';

export type Platform = 'shopify' | 'woocommerce' | 'salla' | 'zid';

export function fixture(name: string): Record<string, any> {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));
}

export interface Store {
  workspaceId: string;
  connectionId: string;
  platform: Platform;
  secret: string;
  campaigns: Record<string, string>;
}

/** A new workspace with one connection of `platform` (webhook secret set) and an ad account with campaigns. */
export async function createStore(
  sql: postgres.Sql,
  platform: Platform,
  options: { withSecret?: boolean } = {},
): Promise<Store> {
  const workspaceId = randomUUID();
  const secret = `whsec_${randomUUID().replaceAll('-', '')}`;
  const slug = `store-${workspaceId.slice(0, 8)}`;
  await sql`insert into adly.workspaces (id, name, slug) values (${workspaceId}, 'Store webhook test', ${slug})`;
  const connectionId = await sql.begin(async (tx) => {
    await actAs(tx, 'service_role', { role: 'service_role' });
    const [row] = await tx`
      select id from adly.create_store_connection(${workspaceId}, ${platform}, 'Test store', 'https://shop.example.com',
        'access-token', null, ${options.withSecret === false ? null : secret})`;
    return row.id as string;
  });
  const [account] = await sql`
    insert into adly.ad_accounts (workspace_id, platform, account_id) values (${workspaceId}, 'meta', ${`act_${slug}`})
    returning id`;
  const campaigns: Record<string, string> = {};
  for (const [key, name, externalId] of [
    ['eid', 'Eid Oud Launch', null],
    ['lamp', 'Lamp promo', '1780044417'],
    ['sneakers', 'White-Friday-Sneakers', null],
    ['abaya', 'Abaya spring', null],
  ] as const) {
    const [row] = await sql`
      insert into adly.campaigns (workspace_id, ad_account_id, external_id, name, objective)
      values (${workspaceId}, ${account.id}, ${externalId}, ${name}, 'sales') returning id`;
    campaigns[key] = row.id;
  }
  return { workspaceId, connectionId, platform, secret, campaigns };
}

export interface SendOptions {
  /** Sign with this secret instead of the store's. */
  secret?: string;
  /** Send these bytes instead of the serialised payload (signature over the payload still). */
  tamperedBody?: string;
  /** Leave the signature out. */
  unsigned?: boolean;
  /** Raw body, signed as is (for malformed JSON, or bytes that are not UTF-8). */
  rawBody?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
  connectionId?: string;
}

export function deliveryRequest(store: Store, topic: string, payload: unknown, options: SendOptions = {}) {
  const body = options.rawBody ?? JSON.stringify(payload);
  const secret = options.secret ?? store.secret;
  const connectionId = options.connectionId ?? store.connectionId;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  let path = `/store-webhook/${connectionId}`;
  const hmac = createHmac('sha256', secret).update(body);
  switch (store.platform) {
    case 'shopify':
      headers['x-shopify-topic'] = topic;
      headers['x-shopify-shop-domain'] = 'demo-oud.myshopify.com';
      headers['x-shopify-api-version'] = '2025-10';
      headers['x-shopify-webhook-id'] = randomUUID();
      if (!options.unsigned) headers['x-shopify-hmac-sha256'] = hmac.digest('base64');
      break;
    case 'woocommerce': {
      const [resource, event] = topic.split('.');
      headers['x-wc-webhook-topic'] = topic;
      headers['x-wc-webhook-resource'] = resource;
      headers['x-wc-webhook-event'] = event;
      headers['x-wc-webhook-source'] = 'https://shop.example.com/';
      headers['x-wc-webhook-delivery-id'] = String(Math.floor(Math.random() * 1e6));
      if (!options.unsigned) headers['x-wc-webhook-signature'] = hmac.digest('base64');
      break;
    }
    case 'salla':
      headers['x-salla-security-strategy'] = 'Signature';
      if (!options.unsigned) headers['x-salla-signature'] = hmac.digest('hex');
      break;
    case 'zid':
      path += `/${topic}`;
      if (!options.unsigned) path += `?token=${encodeURIComponent(secret)}`;
      break;
  }
  return { path, headers: { ...headers, ...options.headers }, body: options.tamperedBody ?? body };
}

export type DeliveryRequest = ReturnType<typeof deliveryRequest>;

export function send(functionsUrl: string, store: Store, topic: string, payload: unknown, options: SendOptions = {}) {
  return sendRequest(functionsUrl, deliveryRequest(store, topic, payload, options));
}

/** Posts a delivery prepared by deliveryRequest (and perhaps altered since). */
export async function sendRequest(functionsUrl: string, request: DeliveryRequest) {
  const res = await fetch(`${functionsUrl}${request.path}`, {
    method: 'POST',
    headers: request.headers,
    body: request.body,
  });
  const text = await res.text();
  let body: any = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

/** Everything a connection owns, for before/after comparisons. */
export async function snapshot(sql: postgres.Sql, store: Store) {
  const products = await sql`
    select external_id, title, description, price::text, currency, image_url, category, tags, is_active,
           external_updated_at
    from adly.products where store_connection_id = ${store.connectionId} order by external_id`;
  const orders = await sql`
    select o.external_id, o.customer_email, o.total_amount::text, o.currency, o.status, o.platform_status, o.order_date,
           o.attribution_data, o.external_updated_at,
           coalesce((select json_agg(json_build_object('external_product_id', i.external_product_id, 'product_id', i.product_id,
                                                       'quantity', i.quantity, 'price', i.price::text)
                                     order by i.external_product_id, i.quantity)
                     from adly.order_items i where i.order_id = o.id), '[]') as items
    from adly.orders o where o.store_connection_id = ${store.connectionId} order by o.external_id`;
  const events = await sql`
    select e.event_type, e.campaign_id, e.utm_campaign, e.event_time, o.external_id
    from adly.attribution_events e join adly.orders o on o.id = e.order_id
    where o.store_connection_id = ${store.connectionId} order by o.external_id`;
  const [connection] = await sql`select last_sync_at from adly.store_connections where id = ${store.connectionId}`;
  const deletions = await sql`
    select entity, external_id, deleted_at from private.adly_store_deletions
    where store_connection_id = ${store.connectionId} order by entity, external_id`;
  return { products, orders, events, lastSyncAt: connection?.last_sync_at ?? null, deletions };
}

export interface DeliveryRow {
  delivery_id: string | null;
  topic: string | null;
  attempts: number;
  outcome: string;
  entity: string | null;
  external_id: string | null;
  detail: string | null;
}

/** The connection's delivery log, oldest first. */
export async function deliveries(sql: postgres.Sql, store: Store): Promise<DeliveryRow[]> {
  return sql<DeliveryRow[]>`
    select delivery_id, topic, attempts, outcome, entity, external_id, detail
    from private.adly_store_webhook_deliveries where store_connection_id = ${store.connectionId} order by id`;
}

export function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
