// POST /functions/v1/store-webhook/<store connection id>[/<event>]: orders and products pushed by
// the connected store (Shopify, WooCommerce, Salla, Zid). verify_jwt is off: the platform's own
// signature (or, for Zid, the URL token) over the raw body, checked with the connection's webhook
// secret, is the authentication. Nothing is written before it is verified; each delivery is then
// recorded and applied in one transaction as service_role.
//
// Once a delivery is authentic, it is answered 200 whatever it holds: processed, ignored, a
// duplicate, or rejected for good (recorded with the reason). Every platform counts any other
// answer as a failed delivery, sends the same bytes again, and in the end disables the webhook,
// which would lose every later order. Only a failure a retry may cure (the database down) is a 5xx.
import { readBody } from '../_shared/body.ts';
import { asServiceRole, type Sql, type Transaction } from '../_shared/database.ts';
import { errorToResponse } from '../_shared/errors.ts';
import { errorResponse, json, preflight } from '../_shared/http.ts';
import { isRefusedData, storableForm, tooDeep } from '../_shared/unstorable.ts';
import { applyChange } from './apply.ts';
import { changeProblem } from './limits.ts';
import { PayloadError, platforms, type StoreChange, type StorePlatform } from './platforms/index.ts';
import type { Delivery } from './platforms/types.ts';
import type { StoreWebhookHandshakeResponse, StoreWebhookResponse } from './schemas.ts';

export interface StoreWebhookDeps {
  sql: Sql;
  /** The clock (deletion times when the platform sends none, the bound on the platform's times). */
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

/** What an authentic delivery asks for, decided from the delivery alone. */
type Verdict =
  | { kind: 'change'; topic: string; change: StoreChange }
  | { kind: 'ignored'; topic: string | null }
  | { kind: 'rejected'; topic: string | null; reason: string; change?: StoreChange };

function judge(platform: StorePlatform, delivery: Delivery): Verdict {
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(delivery.body));
  } catch {
    return { kind: 'rejected', topic: platform.topic(delivery, undefined), reason: 'the body is not JSON in UTF-8' };
  }
  const topic = platform.topic(delivery, payload);
  const deep = tooDeep(payload);
  if (deep) return { kind: 'rejected', topic, reason: deep };
  if (!topic) return { kind: 'ignored', topic };
  let change: StoreChange | null;
  try {
    change = platform.map(topic, payload, delivery);
  } catch (error) {
    if (error instanceof PayloadError) return { kind: 'rejected', topic, reason: error.message };
    throw error;
  }
  if (!change) return { kind: 'ignored', topic };
  const problem = changeProblem(change, delivery.receivedAt);
  return problem ? { kind: 'rejected', topic, reason: problem, change } : { kind: 'change', topic, change };
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Records the delivery and carries out its verdict, in the caller's transaction. A change the
 * database refuses as data (what the checks before did not foresee) is rolled back to a savepoint
 * and recorded as rejected; anything else fails the whole transaction, so that a retry starts clean.
 */
async function settle(
  tx: Transaction,
  connectionId: string,
  platform: StorePlatform,
  delivery: Delivery,
  verdict: Verdict,
): Promise<StoreWebhookResponse> {
  const topic = verdict.topic === null ? null : storableForm(verdict.topic);
  const [log] = await tx<{ log_id: string; duplicate_of: string | null }[]>`
    select * from private.adly_store_delivery_begin(
      ${connectionId}::uuid, ${platform.name}, ${platform.deliveryId?.(delivery) ?? null},
      decode(${await sha256Hex(delivery.body)}, 'hex'), ${topic})`;
  if (log.duplicate_of) return { status: 'duplicate', topic, outcome: log.duplicate_of };

  const change = verdict.kind === 'ignored' ? undefined : verdict.change;
  let answer: StoreWebhookResponse;
  if (verdict.kind === 'change') {
    try {
      const applied = await tx.savepoint((sp) => applyChange(sp, connectionId, verdict.change));
      await tx`select adly.touch_store_connection_sync(${connectionId}::uuid)`;
      answer = { status: 'processed', topic: verdict.topic, ...applied };
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      if (!isRefusedData(code)) throw error;
      answer = { status: 'rejected', topic, reason: `${code}: ${message}` };
    }
  } else {
    answer = verdict.kind === 'ignored'
      ? { status: 'ignored', topic }
      : { status: 'rejected', topic, reason: verdict.reason };
  }

  const entity = change && (change.kind === 'product' || change.kind === 'product_deleted' ? 'product' : 'order');
  const outcome = answer.status === 'processed' ? answer.outcome : answer.status;
  const reason = answer.status === 'rejected' ? answer.reason : null;
  await tx`
    select private.adly_store_delivery_finish(${log.log_id}::bigint,
      ${outcome}, ${entity ?? null}, ${change?.externalId ?? null}, ${reason})`;
  return answer;
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
      // 413 past the limit, without reading the rest; 408 for a body that trickles in
      const body = await readBody(req, { maxBytes: maxBodyBytes });

      const [connection] = await asServiceRole(sql, (tx) =>
        tx<ConnectionRow[]>`
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

      const verdict = judge(platform, delivery);
      return json(await asServiceRole(sql, (tx) => settle(tx, connectionId, platform, delivery, verdict)));
    } catch (error) {
      // the database down or failing: a 5xx, so that the platform delivers again later
      return errorToResponse(error);
    }
  };
}
