// What a delivery must prove before anything is written, and how replays, concurrent copies,
// shuffled updates, unknown topics and database failures are answered.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createStoreWebhookHandler } from '../../supabase/functions/store-webhook/handler.ts';
import { startGatewayWithDatabaseDown } from '../support/gateway.ts';
import {
  createStore,
  deliveries,
  deliveryRequest,
  fixture,
  type Platform,
  send,
  snapshot,
  type Store,
} from './support.ts';

const stack = inject('stack');
const sql = postgres(stack.dbUrl, { max: 4, onnotice: () => {} });
afterAll(() => sql.end());

const orderFixture: Record<Platform, { topic: string; name: string }> = {
  shopify: { topic: 'orders/create', name: 'shopify-orders-create' },
  woocommerce: { topic: 'order.created', name: 'woocommerce-order-created' },
  salla: { topic: 'order.created', name: 'salla-order-created' },
  zid: { topic: 'order.create', name: 'zid-order-create' },
};

/** The fixture order with a new id, its modification time at `minute`, and a status that tells versions apart. */
function orderVersion(
  platform: Platform,
  externalId: number,
  minute: number,
): { topic: string; payload: any; status: string } {
  const base = fixture(orderFixture[platform].name);
  const at = new Date(Date.UTC(2026, 4, 10, 12, minute, 0));
  switch (platform) {
    case 'shopify': {
      const states = [
        ['pending', null, 'pending'],
        ['paid', null, 'paid'],
        ['paid', 'fulfilled', 'fulfilled'],
      ] as const;
      const [financial, fulfillment, status] = states[minute % 3];
      return {
        topic: 'orders/updated',
        status,
        payload: {
          ...base,
          id: externalId,
          financial_status: financial,
          fulfillment_status: fulfillment,
          updated_at: at.toISOString(),
        },
      };
    }
    case 'woocommerce': {
      const states = [
        ['pending', 'pending'],
        ['processing', 'paid'],
        ['completed', 'fulfilled'],
      ] as const;
      const [raw, status] = states[minute % 3];
      return {
        topic: 'order.updated',
        status,
        payload: { ...base, id: externalId, status: raw, date_modified_gmt: at.toISOString().slice(0, 19) },
      };
    }
    case 'salla': {
      const states = [
        ['under_review', 'pending'],
        ['in_progress', 'paid'],
        ['delivered', 'fulfilled'],
      ] as const;
      const [slug, status] = states[minute % 3];
      return {
        topic: 'order.updated',
        status,
        payload: {
          ...base,
          event: 'order.updated',
          created_at: at.toISOString(),
          data: { ...base.data, id: externalId, status: { ...base.data.status, slug } },
        },
      };
    }
    case 'zid': {
      const states = [
        ['new', 'pending'],
        ['preparing', 'paid'],
        ['delivered', 'fulfilled'],
      ] as const;
      const [code, status] = states[minute % 3];
      return {
        topic: 'order.status.update',
        status,
        payload: {
          ...base,
          id: externalId,
          payment_status: 'pending',
          order_status: { name: code, code },
          updated_at: at.toISOString().slice(0, 19).replace('T', ' '),
        },
      };
    }
  }
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

const platformsUnderTest: Platform[] = ['shopify', 'woocommerce', 'salla', 'zid'];

describe.each(platformsUnderTest)('%s: refused deliveries change nothing', (platform) => {
  let store: Store;
  const { topic, name } = orderFixture[platform];

  beforeAll(async () => {
    store = await createStore(sql, platform);
    // one accepted delivery first, so "nothing changed" is checked against real rows
    expect((await send(stack.functionsUrl, store, topic, fixture(name))).status).toBe(200);
  });

  async function expectUnchanged(action: () => Promise<{ status: number; body: any }>, status: number, code: string) {
    const before = await snapshot(sql, store);
    const res = await action();
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(await snapshot(sql, store)).toEqual(before);
  }

  /** A newer version of the order with another total: what a forger would like to write. */
  const changed = () => {
    const payload = fixture(name);
    switch (platform) {
      case 'shopify':
        return { ...payload, total_price: '1.00', updated_at: '2030-01-01T00:00:00Z' };
      case 'woocommerce':
        return { ...payload, total: '1.00', date_modified_gmt: '2030-01-01T00:00:00' };
      case 'salla':
        return {
          ...payload,
          created_at: '2030-01-01T00:00:00Z',
          data: { ...payload.data, amounts: { ...payload.data.amounts, total: { amount: 1, currency: 'SAR' } } },
        };
      case 'zid':
        return { ...payload, order_total: '1.00', updated_at: '2030-01-01 00:00:00' };
    }
  };

  it('signed with the wrong secret: 401', () =>
    expectUnchanged(
      () => send(stack.functionsUrl, store, topic, changed(), { secret: 'not-the-secret' }),
      401,
      'unauthorized',
    ));

  // Zid signs no body (the URL token authenticates the sender, TLS protects the body)
  it.skipIf(platform === 'zid')('tampered body (signature of another body): 401', () =>
    expectUnchanged(
      () =>
        send(stack.functionsUrl, store, topic, fixture(name), {
          tamperedBody: JSON.stringify(changed()),
        }),
      401,
      'unauthorized',
    ),
  );

  it('missing signature: 401', () =>
    expectUnchanged(() => send(stack.functionsUrl, store, topic, changed(), { unsigned: true }), 401, 'unauthorized'));

  /** An authentic delivery refused for good: acknowledged (200), recorded with the reason, nothing else written. */
  async function expectRejected(action: () => Promise<{ status: number; body: any }>, reason: RegExp) {
    const before = await snapshot(sql, store);
    const logged = (await deliveries(sql, store)).length;
    const res = await action();
    expect(res).toMatchObject({ status: 200, body: { status: 'rejected' } });
    expect(res.body.reason).toMatch(reason);
    expect(await snapshot(sql, store)).toEqual(before);
    const log = await deliveries(sql, store);
    expect(log).toHaveLength(logged + 1);
    expect(log.at(-1)).toMatchObject({ outcome: 'rejected', detail: res.body.reason });
  }

  it('malformed JSON, correctly signed: acknowledged as rejected', () =>
    expectRejected(
      () => send(stack.functionsUrl, store, topic, null, { rawBody: '{"id": 1, "total_price": ' }),
      /not JSON/,
    ));

  it('unknown connection: 404', () =>
    expectUnchanged(
      () => send(stack.functionsUrl, store, topic, changed(), { connectionId: crypto.randomUUID() }),
      404,
      'not_found',
    ));

  it('an id that is not a uuid: 404', () =>
    expectUnchanged(
      () => send(stack.functionsUrl, store, topic, changed(), { connectionId: 'not-a-uuid' }),
      404,
      'not_found',
    ));

  it('a correctly signed payload that lacks what the topic needs: acknowledged as rejected', () => {
    const payload =
      platform === 'salla' ? { event: topic, created_at: '2026-01-01T00:00:00Z', data: { id: 5 } } : { id: 5 };
    return expectRejected(
      () => send(stack.functionsUrl, store, topic, payload),
      /is not a decimal amount|is missing|not an object/,
    );
  });

  it('unknown topics are acknowledged and ignored', async () => {
    const before = await snapshot(sql, store);
    const unknown = {
      shopify: 'customers/create',
      woocommerce: 'customer.created',
      salla: 'customer.login',
      zid: 'customer.login',
    }[platform];
    const payload =
      platform === 'salla' ? { event: unknown, created_at: '2030-01-01T00:00:00Z', data: { id: 1 } } : { id: 1 };
    const res = await send(stack.functionsUrl, store, unknown, payload);
    expect(res).toEqual({ status: 200, body: { status: 'ignored', topic: unknown } });
    expect(await snapshot(sql, store)).toEqual(before);
  });

  it('a replayed delivery is acknowledged as stale and changes nothing', async () => {
    const before = await snapshot(sql, store);
    const res = await send(stack.functionsUrl, store, topic, fixture(name));
    expect(res).toMatchObject({
      status: 200,
      body: { status: 'processed', outcome: 'stale', conversion_event_id: null },
    });
    const after = await snapshot(sql, store);
    expect({ ...after, lastSyncAt: null }).toEqual({ ...before, lastSyncAt: null });
    expect(after.events).toHaveLength(1);
  });

  it('ten concurrent copies of a new order: one created, nine stale, one conversion', async () => {
    const { payload, topic: updateTopic } = orderVersion(platform, 880001, 1);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => send(stack.functionsUrl, store, updateTopic, payload)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(results.map((r) => r.body.outcome).sort()).toEqual(['created', ...Array(9).fill('stale')]);
    const [{ count }] = await sql`
      select count(*)::int from adly.attribution_events e join adly.orders o on o.id = e.order_id
      where o.store_connection_id = ${store.connectionId} and o.external_id = '880001'`;
    expect(count).toBe(1);
  });

  it('updates delivered in every order end in the newest version', async () => {
    const orders = permutations([0, 1, 2]);
    for (const [n, permutation] of orders.entries()) {
      const externalId = 890000 + n;
      for (const minute of permutation) {
        const { topic: updateTopic, payload } = orderVersion(platform, externalId, minute);
        const res = await send(stack.functionsUrl, store, updateTopic, payload);
        expect(res.status).toBe(200);
      }
      const [row] = await sql`
        select status, external_updated_at from adly.orders
        where store_connection_id = ${store.connectionId} and external_id = ${String(externalId)}`;
      expect(row, `order of permutation ${permutation}`).toEqual({
        status: orderVersion(platform, externalId, 2).status,
        external_updated_at: new Date(Date.UTC(2026, 4, 10, 12, 2, 0)),
      });
    }
  });
});

describe('connections that cannot receive', () => {
  it('an inactive connection answers 404 and writes nothing', async () => {
    const store = await createStore(sql, 'shopify');
    await sql`update adly.store_connections set is_active = false where id = ${store.connectionId}`;
    const res = await send(stack.functionsUrl, store, 'orders/create', fixture('shopify-orders-create'));
    expect(res.status).toBe(404);
    expect((await snapshot(sql, store)).orders).toEqual([]);
  });

  it('a connection without a webhook secret answers 401 and writes nothing', async () => {
    const store = await createStore(sql, 'shopify', { withSecret: false });
    const res = await send(stack.functionsUrl, store, 'orders/create', fixture('shopify-orders-create'), {
      secret: '',
    });
    expect(res).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect((await snapshot(sql, store)).orders).toEqual([]);
  });

  it('only POST is accepted', async () => {
    const store = await createStore(sql, 'shopify');
    const res = await fetch(`${stack.functionsUrl}/store-webhook/${store.connectionId}`);
    expect(res.status).toBe(405);
  });

  it("WooCommerce's unsigned set-up ping is acknowledged without a write", async () => {
    const store = await createStore(sql, 'woocommerce');
    const res = await fetch(`${stack.functionsUrl}/store-webhook/${store.connectionId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'webhook_id=42',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ignored', reason: 'handshake' });
    expect(await snapshot(sql, store)).toMatchObject({ orders: [], products: [], lastSyncAt: null });
  });
});

describe('database failures', () => {
  let stop: (() => Promise<void>) | undefined;
  afterAll(() => stop?.());

  it('an unreachable database answers 503 so the platform delivers again', async () => {
    const server = await startGatewayWithDatabaseDown('store-webhook');
    stop = server.stop;
    const store = await createStore(sql, 'shopify');
    const request = deliveryRequest(store, 'orders/create', fixture('shopify-orders-create'));
    const res = await fetch(`${server.url}${request.path}`, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
    });
    expect(res.status).toBe(503);
  });

  it('a failure after the order was written rolls the whole delivery back and answers 503', async () => {
    const store = await createStore(sql, 'shopify');
    // the real database, except that the last statement of the delivery's transaction fails
    const failing = {
      begin: (work: (tx: unknown) => Promise<unknown>) =>
        sql.begin((tx) =>
          work(
            Object.assign(
              (strings: TemplateStringsArray, ...values: unknown[]) =>
                strings.join('?').includes('touch_store_connection_sync')
                  ? Promise.reject(
                      Object.assign(new Error('server closed the connection unexpectedly'), { code: '08006' }),
                    )
                  : tx(strings, ...(values as never[])),
              tx,
            ),
          ),
        ),
    } as unknown as postgres.Sql;
    const handler = createStoreWebhookHandler({ sql: failing });
    const request = deliveryRequest(store, 'orders/create', fixture('shopify-orders-create'));
    const res = await handler(
      new Request(`http://localhost${request.path}`, { method: 'POST', headers: request.headers, body: request.body }),
    );
    expect(res.status).toBe(503);
    expect(await snapshot(sql, store)).toMatchObject({ orders: [], events: [], lastSyncAt: null });

    // the same delivery succeeds once the database is back
    const retry = await createStoreWebhookHandler({ sql })(
      new Request(`http://localhost${request.path}`, { method: 'POST', headers: request.headers, body: request.body }),
    );
    expect(retry.status).toBe(200);
    expect((await snapshot(sql, store)).orders).toHaveLength(1);
  });
});
