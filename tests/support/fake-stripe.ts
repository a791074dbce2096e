// A local stand-in for the Stripe API endpoints the functions call, speaking Stripe's wire
// format: form-encoded request bodies with bracketed keys, `Authorization: Bearer <secret key>`,
// `Idempotency-Key` honoured (the same key and body return the first answer; the same key with
// another body is an idempotency_error), JSON objects and error envelopes as Stripe sends them.
//
//   POST /v1/checkout/sessions             create a session
//   GET  /v1/checkout/sessions/:id         retrieve it
//   POST /v1/checkout/sessions/:id/expire  expire an open session
//   GET  /v1/events                        list the events, newest first (created, types, limit,
//                                          starting_after; has_more)
//
// Tests steer it through /_fake/*: read the sessions created, make the next calls fail, and pay a
// session as a customer would at Stripe, which records its checkout.session.completed event for
// the events list without delivering it to any webhook.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { completedSession, stripeEvent, type StripeEvent } from './stripe-events.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Params = { [key: string]: Json };

export interface FakeStripe {
  url: string;
  stop(): Promise<void>;
}

/** Decodes Stripe's form encoding (`a[b][0][c]=v`) into nested objects and arrays. */
export function decodeForm(body: string): Params {
  const root: Params = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const path = rawKey.replace(/\]/g, '').split('[');
    let node: Params | Json[] = root;
    path.forEach((segment, index) => {
      const last = index === path.length - 1;
      const key: string | number = Array.isArray(node) ? Number(segment) : segment;
      const container = node as Record<string | number, Json>;
      if (last) {
        container[key] = value;
      } else {
        if (container[key] === undefined) container[key] = /^\d+$/.test(path[index + 1]) ? [] : {};
        node = container[key] as Params | Json[];
      }
    });
  }
  return root;
}

function id(prefix: string): string {
  return `${prefix}_test_${randomBytes(12).toString('hex')}`;
}

function stripeError(res: http.ServerResponse, status: number, type: string, message: string, code?: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') });
  res.end(JSON.stringify({ error: { type, message, ...(code ? { code } : {}) } }));
}

const eventListParams = ['created', 'types', 'limit', 'starting_after'];

/** Whether `created` passes the `created` filter: an exact time, or any of gt, gte, lt, lte. */
function createdMatches(created: number, filter: Json | undefined): boolean {
  if (filter === undefined) return true;
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) return created === Number(filter);
  const { gt, gte, lt, lte } = filter;
  return (
    (gt === undefined || created > Number(gt)) &&
    (gte === undefined || created >= Number(gte)) &&
    (lt === undefined || created < Number(lt)) &&
    (lte === undefined || created <= Number(lte))
  );
}

/**
 * GET /v1/events as Stripe answers it: newest first (of two events created in the same second, the
 * later one first), the events after `starting_after` in that order that pass the `created` and
 * `types` filters, `limit` of them (1 to 100, default 10), and whether more follow.
 */
function listEvents(
  res: http.ServerResponse,
  events: StripeEvent[],
  params: Params,
  send: (status: number, value: unknown) => void,
): void {
  const unknown = Object.keys(params).find((key) => !eventListParams.includes(key));
  if (unknown) return stripeError(res, 400, 'invalid_request_error', `Received unknown parameter: ${unknown}`);
  const limit = params.limit === undefined ? 10 : Number(params.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    return stripeError(
      res,
      400,
      'invalid_request_error',
      'This value must be greater than or equal to 1 and less than or equal to 100.',
    );
  }
  const types = params.types as string[] | undefined;
  if (types !== undefined && (!Array.isArray(types) || types.length > 20)) {
    return stripeError(res, 400, 'invalid_request_error', 'types must be an array of at most 20 event types.');
  }
  const newestFirst = events
    .map((event, order) => ({ event, order }))
    .sort((a, b) => b.event.created - a.event.created || b.order - a.order)
    .map(({ event }) => event);
  let start = 0;
  if (params.starting_after !== undefined) {
    start = newestFirst.findIndex((event) => event.id === params.starting_after) + 1;
    if (start === 0)
      return stripeError(
        res,
        400,
        'invalid_request_error',
        `No such event: '${params.starting_after}'`,
        'resource_missing',
      );
  }
  const matching = newestFirst
    .slice(start)
    .filter((event) => createdMatches(event.created, params.created) && (!types || types.includes(event.type)));
  send(200, { object: 'list', url: '/v1/events', has_more: matching.length > limit, data: matching.slice(0, limit) });
}

export async function startFakeStripe(options: { secretKey: string; port?: number }): Promise<FakeStripe> {
  const sessions = new Map<string, Params>();
  const idempotency = new Map<string, { body: string; status: number; answer: string }>();
  const prices = new Map<string, number>();
  // Stripe's record of events, in the order they happened (which breaks ties of `created`).
  const events: StripeEvent[] = [];
  // The next `count` API calls fail with `status`; only those to `path`, when given.
  let failures: { count: number; status: number; path?: string } = { count: 0, status: 500 };
  const requests: { method: string; path: string; idempotencyKey: string | null; params: Params }[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const send = (status: number, value: unknown) => {
        const answer = JSON.stringify(value);
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') });
        res.end(answer);
        return answer;
      };

      // control endpoints for the tests
      if (url.pathname.startsWith('/_fake/')) {
        const control = body ? JSON.parse(body) : {};
        if (url.pathname === '/_fake/fail' && req.method === 'POST') {
          failures = { count: control.count ?? 1, status: control.status ?? 500, path: control.path };
          return void send(200, failures);
        }
        const payMatch = /^\/_fake\/sessions\/([^/]+)\/pay$/.exec(url.pathname);
        if (payMatch && req.method === 'POST') {
          const stored = sessions.get(payMatch[1]);
          if (!stored || stored.status !== 'open') return void send(409, { error: 'no open session with this id' });
          const { _params: params, ...session } = stored;
          const paid = completedSession(session) as Params;
          sessions.set(payMatch[1], { ...paid, url: null, _params: params });
          const event = stripeEvent(
            'checkout.session.completed',
            paid,
            control.created ?? Math.floor(Date.now() / 1000),
          );
          events.push(event);
          return void send(200, event);
        }
        if (url.pathname === '/_fake/prices' && req.method === 'POST') {
          for (const [price, amount] of Object.entries(control as Record<string, number>)) prices.set(price, amount);
          return void send(200, {});
        }
        const sessionMatch = /^\/_fake\/sessions\/([^/]+)$/.exec(url.pathname);
        if (sessionMatch) {
          const session = sessions.get(sessionMatch[1]);
          return void (session ? send(200, session) : send(404, {}));
        }
        if (url.pathname === '/_fake/requests') {
          const checkoutId = url.searchParams.get('checkout_id');
          return void send(
            200,
            requests.filter(
              (r) =>
                !checkoutId ||
                (r.params.metadata as Params | undefined)?.checkout_id === checkoutId ||
                r.path.includes(checkoutId),
            ),
          );
        }
        return void send(404, {});
      }

      const auth = /^Bearer\s+(\S+)$/.exec(req.headers.authorization ?? '');
      if (!auth || auth[1] !== options.secretKey) {
        return stripeError(res, 401, 'invalid_request_error', 'Invalid API Key provided');
      }
      const params = decodeForm(req.method === 'POST' ? body : url.search.slice(1));
      const idempotencyKey = (req.headers['idempotency-key'] as string | undefined) ?? null;
      requests.push({ method: req.method ?? 'GET', path: url.pathname, idempotencyKey, params });

      if (failures.count > 0 && (!failures.path || failures.path === url.pathname)) {
        failures.count -= 1;
        return failures.status >= 500
          ? stripeError(res, failures.status, 'api_error', 'An unexpected error occurred')
          : stripeError(res, failures.status, 'card_error', 'Your card was declined.', 'card_declined');
      }

      if (req.method === 'POST' && idempotencyKey) {
        const stored = idempotency.get(`${url.pathname} ${idempotencyKey}`);
        if (stored) {
          if (stored.body !== body) {
            return stripeError(
              res,
              400,
              'idempotency_error',
              'Keys for idempotent requests can only be used with the same parameters they were first used with.',
            );
          }
          res.writeHead(stored.status, { 'content-type': 'application/json', 'idempotent-replayed': 'true' });
          return void res.end(stored.answer);
        }
      }
      const remember = (status: number, value: unknown) => {
        const answer = send(status, value);
        if (req.method === 'POST' && idempotencyKey) {
          idempotency.set(`${url.pathname} ${idempotencyKey}`, { body, status, answer });
        }
      };

      if (req.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
        for (const required of ['mode', 'success_url', 'line_items']) {
          if (params[required] === undefined) {
            return stripeError(res, 400, 'invalid_request_error', `Missing required param: ${required}.`);
          }
        }
        const lineItems = params.line_items as Params[];
        let amountTotal = 0;
        for (const item of lineItems) {
          const quantity = Number(item.quantity ?? 1);
          if (item.price_data) {
            const priceData = item.price_data as Params;
            if (!priceData.currency || priceData.unit_amount === undefined) {
              return stripeError(
                res,
                400,
                'invalid_request_error',
                'Missing required param: line_items[0][price_data][currency].',
              );
            }
            amountTotal += Number(priceData.unit_amount) * quantity;
          } else if (typeof item.price === 'string') {
            if (!prices.has(item.price)) {
              return stripeError(
                res,
                400,
                'invalid_request_error',
                `No such price: '${item.price}'`,
                'resource_missing',
              );
            }
            amountTotal += prices.get(item.price)! * quantity;
          } else {
            return stripeError(res, 400, 'invalid_request_error', 'Each line item needs a price or price_data.');
          }
        }
        const created = Math.floor(Date.now() / 1000);
        const sessionId = id('cs');
        const session: Params = {
          id: sessionId,
          object: 'checkout.session',
          amount_subtotal: amountTotal,
          amount_total: amountTotal,
          cancel_url: (params.cancel_url as string) ?? null,
          client_reference_id: (params.client_reference_id as string) ?? null,
          created,
          currency: ((lineItems[0].price_data as Params | undefined)?.currency as string) ?? 'usd',
          customer: (params.customer as string) ?? null,
          customer_details: null,
          customer_email: (params.customer_email as string) ?? null,
          expires_at: created + 24 * 3600,
          livemode: false,
          metadata: (params.metadata as Params) ?? {},
          mode: params.mode as string,
          payment_intent: null,
          payment_status: 'unpaid',
          status: 'open',
          subscription: null,
          success_url: params.success_url as string,
          url: `https://checkout.stripe.com/c/pay/${sessionId}`,
        };
        sessions.set(sessionId, { ...session, _params: params });
        return remember(200, session);
      }

      if (req.method === 'GET' && url.pathname === '/v1/events') {
        return listEvents(res, events, params, send);
      }

      const match = /^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/.exec(url.pathname);
      if (match) {
        const stored = sessions.get(match[1]);
        if (!stored) {
          return stripeError(
            res,
            404,
            'invalid_request_error',
            `No such checkout.session: '${match[1]}'`,
            'resource_missing',
          );
        }
        const { _params: _ignored, ...session } = stored;
        if (req.method === 'GET' && !match[2]) return void send(200, session);
        if (req.method === 'POST' && match[2]) {
          if (stored.status !== 'open') {
            return stripeError(
              res,
              400,
              'invalid_request_error',
              `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${stored.status}".`,
            );
          }
          stored.status = 'expired';
          stored.url = null;
          const { _params: _drop, ...expired } = stored;
          return remember(200, expired);
        }
      }
      stripeError(res, 404, 'invalid_request_error', `Unrecognized request URL (${req.method}: ${url.pathname}).`);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
