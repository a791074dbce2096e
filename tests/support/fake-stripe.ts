// A local stand-in for the Stripe API endpoints the functions call, speaking Stripe's wire
// format: form-encoded request bodies with bracketed keys, `Authorization: Bearer <secret key>`,
// `Idempotency-Key` honoured (the same key and body return the first answer; the same key with
// another body is an idempotency_error), JSON objects and error envelopes as Stripe sends them.
//
//   POST /v1/checkout/sessions             create a session
//   GET  /v1/checkout/sessions/:id         retrieve it
//   POST /v1/checkout/sessions/:id/expire  expire an open session
//
// Tests steer it through /_fake/*: read the sessions created, make the next calls fail.
import http from 'node:http';
import { randomBytes } from 'node:crypto';

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

export async function startFakeStripe(options: { secretKey: string; port?: number }): Promise<FakeStripe> {
  const sessions = new Map<string, Params>();
  const idempotency = new Map<string, { body: string; status: number; answer: string }>();
  const prices = new Map<string, number>();
  let failures: { count: number; status: number } = { count: 0, status: 500 };
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
          failures = { count: control.count ?? 1, status: control.status ?? 500 };
          return void send(200, failures);
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
          return void send(200, requests.filter((r) =>
            !checkoutId || (r.params.metadata as Params | undefined)?.checkout_id === checkoutId ||
            r.path.includes(checkoutId)));
        }
        return void send(404, {});
      }

      const auth = /^Bearer\s+(\S+)$/.exec(req.headers.authorization ?? '');
      if (!auth || auth[1] !== options.secretKey) {
        return stripeError(res, 401, 'invalid_request_error', 'Invalid API Key provided');
      }
      const params = req.method === 'POST' ? decodeForm(body) : {};
      const idempotencyKey = (req.headers['idempotency-key'] as string | undefined) ?? null;
      requests.push({ method: req.method ?? 'GET', path: url.pathname, idempotencyKey, params });

      if (failures.count > 0) {
        failures.count -= 1;
        return failures.status >= 500
          ? stripeError(res, failures.status, 'api_error', 'An unexpected error occurred')
          : stripeError(res, failures.status, 'card_error', 'Your card was declined.', 'card_declined');
      }

      if (req.method === 'POST' && idempotencyKey) {
        const stored = idempotency.get(`${url.pathname} ${idempotencyKey}`);
        if (stored) {
          if (stored.body !== body) {
            return stripeError(res, 400, 'idempotency_error',
              'Keys for idempotent requests can only be used with the same parameters they were first used with.');
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
              return stripeError(res, 400, 'invalid_request_error', 'Missing required param: line_items[0][price_data][currency].');
            }
            amountTotal += Number(priceData.unit_amount) * quantity;
          } else if (typeof item.price === 'string') {
            if (!prices.has(item.price)) {
              return stripeError(res, 400, 'invalid_request_error', `No such price: '${item.price}'`, 'resource_missing');
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

      const match = /^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/.exec(url.pathname);
      if (match) {
        const stored = sessions.get(match[1]);
        if (!stored) {
          return stripeError(res, 404, 'invalid_request_error', `No such checkout.session: '${match[1]}'`, 'resource_missing');
        }
        const { _params: _ignored, ...session } = stored;
        if (req.method === 'GET' && !match[2]) return void send(200, session);
        if (req.method === 'POST' && match[2]) {
          if (stored.status !== 'open') {
            return stripeError(res, 400, 'invalid_request_error',
              `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${stored.status}".`);
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
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
