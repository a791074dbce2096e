// POST /functions/v1/store-webhook/<store connection id>[/<event>]: orders and products pushed by
// the connected store (Shopify, WooCommerce, Salla, Zid). verify_jwt is off: the platform's own
// signature (or, for Zid, the URL token) over the raw body, checked with the connection's webhook
// secret, is the authentication. Nothing is written before it is verified; each delivery is applied
// in one transaction as service_role.
import { asServiceRole, type Sql } from '../_shared/database.ts';
import { errorToResponse } from '../_shared/errors.ts';
import { errorResponse, json, preflight } from '../_shared/http.ts';
import { applyChange } from './apply.ts';
import { PayloadError, platforms, type StoreChange } from './platforms/index.ts';
import type { Delivery } from './platforms/types.ts';
import type {
  StoreWebhookHandshakeResponse, StoreWebhookIgnoredResponse, StoreWebhookProcessedResponse,
} from './schemas.ts';

export interface StoreWebhookDeps {
  sql: Sql;
  /** The clock (deletion times when the platform sends none). */
  now?: () => Date;
  /** Largest body accepted, in bytes. */
  maxBodyBytes?: number;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface ConnectionRow {
  platform: string;
  is_active: boolean;
  webhook_secret: string | null;
}

async function readBody(req: Request, limit: number): Promise<Uint8Array | null> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > limit) return null;
  const body = new Uint8Array(await req.arrayBuffer());
  return body.length > limit ? null : body;
}

function parseJson(body: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)) };
  } catch {
    return { ok: false };
  }
}

export function createStoreWebhookHandler(
  { sql, now = () => new Date(), maxBodyBytes = 2 * 1024 * 1024 }: StoreWebhookDeps,
): (req: Request) => Promise<Response> {
  return async (req) => {
    const early = preflight(req);
    if (early) return early;
    if (req.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'Use POST');

    const url = new URL(req.url);
    const [, , connectionId = '', ...extraPath] = url.pathname.split('/');
    if (!uuidPattern.test(connectionId)) {
      return errorResponse(404, 'not_found', 'Unknown store connection');
    }

    try {
      const body = await readBody(req, maxBodyBytes);
      if (!body) return errorResponse(413, 'payload_too_large', `The body exceeds ${maxBodyBytes} bytes`);

      const [connection] = await asServiceRole(sql, (tx) => tx<ConnectionRow[]>`
        select s.platform, s.is_active,
               (select x.webhook_secret from adly.get_store_connection_secrets(s.id) x) as webhook_secret
        from adly.store_connections s
        where s.id = ${connectionId}::uuid`);
      const platform = connection && platforms[connection.platform];
      if (!connection || !connection.is_active || !platform) {
        return errorResponse(404, 'not_found', 'Unknown store connection');
      }

      const delivery: Delivery = { request: req, body, extraPath, url, receivedAt: now() };
      if (platform.isHandshake?.(delivery)) {
        return json({ status: 'ignored', reason: 'handshake' } satisfies StoreWebhookHandshakeResponse);
      }
      if (!connection.webhook_secret) {
        return errorResponse(401, 'unauthorized', 'The store connection has no webhook secret');
      }
      if (!(await platform.verify(delivery, connection.webhook_secret))) {
        return errorResponse(401, 'unauthorized', 'Missing or invalid webhook signature');
      }

      const parsed = parseJson(body);
      if (!parsed.ok) return errorResponse(400, 'invalid_body', 'The body is not valid JSON');
      const topic = platform.topic(delivery, parsed.value);
      if (!topic) return json({ status: 'ignored', topic } satisfies StoreWebhookIgnoredResponse);
      let change: StoreChange | null = null;
      try {
        change = platform.map(topic, parsed.value, delivery);
      } catch (error) {
        if (error instanceof PayloadError) {
          return errorResponse(400, 'invalid_payload', `${topic}: ${error.message}`);
        }
        throw error;
      }
      if (!change) return json({ status: 'ignored', topic } satisfies StoreWebhookIgnoredResponse);

      const result = await asServiceRole(sql, async (tx) => {
        const applied = await applyChange(tx, connectionId, change);
        await tx`select adly.touch_store_connection_sync(${connectionId}::uuid)`;
        return applied;
      });
      return json({ status: 'processed', topic, ...result } satisfies StoreWebhookProcessedResponse);
    } catch (error) {
      // bad data the SQL functions refuse is a 4xx; anything else (database down, ...) a 5xx, so the
      // platform delivers again later
      return errorToResponse(error);
    }
  };
}
