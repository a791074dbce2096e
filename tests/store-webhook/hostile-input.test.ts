// store-webhook under hostile input, per platform: authentic deliveries carrying what the database
// cannot take (NUL characters, unpaired surrogates, out-of-range numbers and times, absurd nesting,
// too many lines, bytes that are not UTF-8) are acknowledged as rejected and recorded, with nothing
// else written; a topic header that contradicts the signed body deletes nothing; duplicate headers
// and replays of a delivery change nothing. Each case checks the answer, the connection's data and
// the delivery log.
import { createHash, randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createStoreWebhookHandler } from '../../supabase/functions/store-webhook/handler.ts';
import {
  createStore,
  deliveries,
  deliveryRequest,
  fixture,
  type Platform,
  send,
  sendRequest,
  snapshot,
  type Store,
} from './support.ts';

const stack = inject('stack');
const sql = postgres(stack.dbUrl, { max: 4, onnotice: () => {} });
afterAll(() => sql.end());

interface OrderEdit {
  /** The visitor's utm_source, as each platform reports it (note attribute, order meta, source details, utm). */
  utmSource?: string;
  quantity?: number;
  lines?: number;
  total?: string;
  updatedAt?: string;
  /** Top-level fields the mapping does not read, as raw JSON text (so depth is not limited by JSON.stringify). */
  unread?: string;
}

/** Each platform's payloads, built from the fixtures with a given id and the hostile part in place. */
interface Shapes {
  productTopic: string;
  orderTopic: string;
  product(id: number, title: string): unknown;
  order(id: number, edit?: OrderEdit): unknown;
}

const at = '2026-05-10T12:00:00Z';

function lines<T>(edit: OrderEdit, line: T, quantity: (line: T, n: number) => T): T[] {
  return Array.from({ length: edit.lines ?? 1 }, () => quantity(line, edit.quantity ?? 1));
}

const shapes: Record<Platform, Shapes> = {
  shopify: {
    productTopic: 'products/update',
    orderTopic: 'orders/updated',
    product: (id, title) => ({ ...fixture('shopify-products-create'), id, title, updated_at: at }),
    order(id, edit = {}) {
      const base = fixture('shopify-orders-create');
      return {
        ...base,
        id,
        updated_at: edit.updatedAt ?? at,
        total_price: edit.total ?? base.total_price,
        note_attributes: edit.utmSource === undefined ? [] : [{ name: 'utm_source', value: edit.utmSource }],
        line_items: lines(edit, base.line_items[0], (line, quantity) => ({ ...line, quantity })),
      };
    },
  },
  woocommerce: {
    productTopic: 'product.updated',
    orderTopic: 'order.updated',
    product: (id, title) => ({
      ...fixture('woocommerce-product-created'),
      id,
      name: title,
      date_modified_gmt: at.slice(0, 19),
    }),
    order(id, edit = {}) {
      const base = fixture('woocommerce-order-created');
      return {
        ...base,
        id,
        date_modified_gmt: edit.updatedAt ?? at.slice(0, 19),
        total: edit.total ?? base.total,
        meta_data:
          edit.utmSource === undefined
            ? []
            : [{ id: 1, key: '_wc_order_attribution_utm_source', value: edit.utmSource }],
        line_items: lines(edit, base.line_items[0], (line, quantity) => ({ ...line, quantity })),
      };
    },
  },
  salla: {
    productTopic: 'product.updated',
    orderTopic: 'order.updated',
    product(id, title) {
      const base = fixture('salla-product-created');
      return { ...base, event: 'product.updated', data: { ...base.data, id, name: title, updated_at: at } };
    },
    order(id, edit = {}) {
      const base = fixture('salla-order-created');
      const amounts = {
        ...base.data.amounts,
        total: { amount: edit.total ?? base.data.amounts.total.amount, currency: 'SAR' },
      };
      return {
        ...base,
        event: 'order.updated',
        created_at: at,
        data: {
          ...base.data,
          id,
          updated_at: edit.updatedAt ?? at,
          amounts,
          source_details: { ...base.data.source_details, utm_source: edit.utmSource ?? 'snapchat' },
          items: lines(edit, base.data.items[0], (item, quantity) => ({ ...item, quantity })),
        },
      };
    },
  },
  zid: {
    productTopic: 'product.update',
    orderTopic: 'order.status.update',
    product: (id, title) => ({ ...fixture('zid-product-create'), id: String(id), name: { en: title }, updated_at: at }),
    order(id, edit = {}) {
      const base = fixture('zid-order-create');
      return {
        ...base,
        id,
        updated_at: edit.updatedAt ?? at,
        order_total: edit.total ?? base.order_total,
        utm: { ...base.utm, utm_source: edit.utmSource ?? 'google' },
        products: lines(edit, base.products[0], (line, quantity) => ({ ...line, quantity })),
      };
    },
  },
};

/** The payload as JSON text, with the raw JSON of `edit.unread` added at its top level. */
function body(payload: unknown, unread?: string): string {
  const json = JSON.stringify(payload);
  return unread === undefined ? json : `${json.slice(0, -1)},"unread":${unread}}`;
}

let nextId = 910_000;
const newId = () => nextId++;

const platforms: Platform[] = ['shopify', 'woocommerce', 'salla', 'zid'];

describe.each(platforms)('%s: authentic deliveries the database cannot take', (platform) => {
  let store: Store;
  const shape = shapes[platform];
  beforeAll(async () => {
    store = await createStore(sql, platform);
  });

  /** Sends, and checks: 200 rejected with the reason, recorded once, and nothing else written. */
  async function expectRejected(
    topic: string,
    payload: unknown,
    reason: RegExp,
    options: Parameters<typeof send>[4] = {},
  ) {
    const before = await snapshot(sql, store);
    const logged = (await deliveries(sql, store)).length;
    const res = await send(stack.functionsUrl, store, topic, payload, options);
    expect(res).toMatchObject({ status: 200, body: { status: 'rejected' } });
    expect(res.body.reason).toMatch(reason);
    expect(await snapshot(sql, store)).toEqual(before);
    const log = await deliveries(sql, store);
    expect(log).toHaveLength(logged + 1);
    expect(log.at(-1)).toMatchObject({ outcome: 'rejected', detail: res.body.reason, attempts: 1 });
  }

  /** Sends, and checks that the change was applied as usual. */
  async function expectApplied(topic: string, rawBody: string, outcome = 'created') {
    const res = await send(stack.functionsUrl, store, topic, null, { rawBody });
    expect(res).toMatchObject({ status: 200, body: { status: 'processed', outcome } });
    expect((await deliveries(sql, store)).at(-1)).toMatchObject({ outcome, external_id: res.body.external_id });
    return res.body;
  }

  const cases: [string, () => [string, string], RegExp][] = [
    [
      'a NUL character in the product title',
      () => [shape.productTopic, body(shape.product(newId(), 'Oud\u0000Royal'))],
      /title: holds a NUL character or an unpaired surrogate/,
    ],
    [
      'an unpaired surrogate in the product title',
      () => [shape.productTopic, body(shape.product(newId(), 'Oud \ud83d Royal'))],
      /title: holds a NUL character or an unpaired surrogate/,
    ],
    [
      'a line quantity of 3,000,000,000',
      () => [shape.orderTopic, body(shape.order(newId(), { quantity: 3_000_000_000 }))],
      /items\.0\.quantity: Too big/,
    ],
    [
      'a modification time in the year 20000',
      () => [shape.orderTopic, body(shape.order(newId(), { updatedAt: '+020000-01-01T00:00:00Z' }))],
      /updatedAt: is more than a day ahead of our clock/,
    ],
    [
      'a total of 10^12',
      () => [shape.orderTopic, body(shape.order(newId(), { total: '1000000000000.00' }))],
      /totalAmount: is not an amount/,
    ],
    [
      'a total with four decimals',
      () => [shape.orderTopic, body(shape.order(newId(), { total: '10.0001' }))],
      /totalAmount: is not an amount/,
    ],
    [
      '1,001 order lines',
      () => [shape.orderTopic, body(shape.order(newId(), { lines: 1001 }))],
      /items: Too big: expected array to have <=1000 items/,
    ],
    [
      '20,000 levels of nesting in a field nobody reads',
      () => [shape.orderTopic, body(shape.order(newId()), '['.repeat(20_000) + ']'.repeat(20_000))],
      /nested deeper than 64 levels at unread/,
    ],
  ];

  for (const [what, build, reason] of cases) {
    it(`${what}: 200 rejected, recorded, nothing else written`, () => {
      const [topic, rawBody] = build();
      return expectRejected(topic, null, reason, { rawBody });
    });
  }

  it('bytes that are not UTF-8, signed as sent: 200 rejected, recorded, nothing else written', () => {
    const [head, tail] = body(shape.product(newId(), '__byte__')).split('__byte__');
    const rawBody = new Uint8Array(Buffer.concat([Buffer.from(head), Buffer.from([0xc3, 0x28]), Buffer.from(tail)]));
    return expectRejected(shape.productTopic, null, /the body is not JSON in UTF-8/, { rawBody });
  });

  it('a NUL character in an attribution value (visitors write those): the order is stored without it', async () => {
    const id = newId();
    await expectApplied(shape.orderTopic, body(shape.order(id, { utmSource: 'insta\u0000gram' })));
    const [order] = await sql`
      select attribution_data from adly.orders where store_connection_id = ${store.connectionId} and external_id = ${String(id)}`;
    // left out; Shopify's landing page names a utm_source of its own
    expect(order.attribution_data?.utm_source ?? null).toBe(platform === 'shopify' ? 'instagram' : null);
  });

  it('a byte order mark before the JSON: applied as without it', () =>
    expectApplied(shape.productTopic, `\ufeff${body(shape.product(newId(), 'Oud with a BOM'))}`));

  it('a 200,000-element array in a field nobody reads, and nesting within the limit: applied as usual', () =>
    expectApplied(
      shape.orderTopic,
      body(shape.order(newId()), `[${'0,'.repeat(200_000)}${'['.repeat(40)}${']'.repeat(40)}]`),
    ));

  it('the same body delivered again: a duplicate where the platform names deliveries, else stale; nothing changes', async () => {
    const payload = shape.order(newId());
    const request = deliveryRequest(store, shape.orderTopic, payload);
    expect((await sendRequest(stack.functionsUrl, request)).body.outcome).toBe('created');
    const before = await snapshot(sql, store);
    const again = await sendRequest(stack.functionsUrl, request);
    expect({ ...(await snapshot(sql, store)), lastSyncAt: null }).toEqual({ ...before, lastSyncAt: null });
    const log = await deliveries(sql, store);
    if (platform === 'shopify' || platform === 'woocommerce') {
      expect(again.body).toEqual({ status: 'duplicate', topic: shape.orderTopic, outcome: 'created' });
      expect(log.at(-1)).toMatchObject({ outcome: 'created', attempts: 2 });
    } else {
      // Salla and Zid name no delivery: the ordering rules make the copy stale
      expect(again.body).toMatchObject({ status: 'processed', outcome: 'stale' });
      expect(log.slice(-2).map((row) => row.outcome)).toEqual(['created', 'stale']);
    }
  });
});

/** The header each platform names its deliveries in. */
const deliveryIdHeader = { shopify: 'x-shopify-webhook-id', woocommerce: 'x-wc-webhook-delivery-id' } as const;
const signatureHeader = {
  shopify: 'x-shopify-hmac-sha256',
  woocommerce: 'x-wc-webhook-signature',
  salla: 'x-salla-signature',
} as const;
const topicHeader = { shopify: 'x-shopify-topic', woocommerce: 'x-wc-webhook-topic' } as const;
const deleteTopic = {
  shopify: { order: 'orders/delete', product: 'products/delete' },
  woocommerce: { order: 'order.deleted', product: 'product.deleted' },
} as const;

describe.each(['shopify', 'woocommerce'] as const)(
  '%s: unsigned headers change nothing that was signed',
  (platform) => {
    let store: Store;
    const shape = shapes[platform];
    beforeAll(async () => {
      store = await createStore(sql, platform);
    });

    /** A captured delivery sent again with its topic headers saying `topic`. */
    function retitled(request: ReturnType<typeof deliveryRequest>, topic: string) {
      const [resource, event] = topic.split('.');
      const headers = { ...request.headers, [topicHeader[platform]]: topic };
      if (platform === 'woocommerce')
        Object.assign(headers, { 'x-wc-webhook-resource': resource, 'x-wc-webhook-event': event });
      return { ...request, headers: { ...headers, [deliveryIdHeader[platform]]: randomUUID() } };
    }

    for (const entity of ['order', 'product'] as const) {
      it(`a captured ${entity} update replayed under the ${entity} deletion topic: 200 rejected, nothing deleted; later updates apply`, async () => {
        const id = newId();
        const payload = entity === 'order' ? shape.order(id) : shape.product(id, 'Captured');
        const captured = deliveryRequest(store, entity === 'order' ? shape.orderTopic : shape.productTopic, payload);
        expect((await sendRequest(stack.functionsUrl, captured)).body.outcome).toBe('created');
        const before = await snapshot(sql, store);

        const replay = await sendRequest(stack.functionsUrl, retitled(captured, deleteTopic[platform][entity]));
        expect(replay).toMatchObject({ status: 200, body: { status: 'rejected' } });
        expect(replay.body.reason).toMatch(
          /the body is not a deletion \({"id": \.\.\.} alone\): the topic does not match what was signed/,
        );
        expect(await snapshot(sql, store)).toEqual(before);
        expect((await deliveries(sql, store)).at(-1)).toMatchObject({
          outcome: 'rejected',
          topic: deleteTopic[platform][entity],
        });

        // the genuine next version is not refused as deleted
        const newer =
          entity === 'order'
            ? shape.order(id, { updatedAt: platform === 'shopify' ? '2026-05-11T12:00:00Z' : '2026-05-11T12:00:00' })
            : {
                ...(shape.product(id, 'Captured, then updated') as object),
                [platform === 'shopify' ? 'updated_at' : 'date_modified_gmt']: '2026-05-11T12:00:00',
              };
        const topic = entity === 'order' ? shape.orderTopic : shape.productTopic;
        expect((await send(stack.functionsUrl, store, topic, newer)).body.outcome).toBe('updated');
      });
    }

    it('a deletion ({"id": ...}) replayed under an update topic: 200 rejected, nothing written', async () => {
      const before = await snapshot(sql, store);
      const res = await send(stack.functionsUrl, store, shape.orderTopic, { id: newId() });
      expect(res).toMatchObject({ status: 200, body: { status: 'rejected' } });
      expect(await snapshot(sql, store)).toEqual(before);
    });

    it('two topic headers (an update and a deletion): an unknown topic, acknowledged and ignored', async () => {
      const captured = deliveryRequest(store, shape.orderTopic, shape.order(newId()));
      const before = await snapshot(sql, store);
      const res = await sendRequest(
        stack.functionsUrl,
        retitled(captured, `${shape.orderTopic}, ${deleteTopic[platform].order}`),
      );
      expect(res.body).toEqual({ status: 'ignored', topic: `${shape.orderTopic}, ${deleteTopic[platform].order}` });
      expect(await snapshot(sql, store)).toEqual(before);
      expect((await deliveries(sql, store)).at(-1)).toMatchObject({ outcome: 'ignored' });
    });

    it('a delivery id used before, with other bytes, is another delivery: a guessed id suppresses nothing', async () => {
      const deliveryId = randomUUID();
      const headers = { [deliveryIdHeader[platform]]: deliveryId };
      const first = await send(stack.functionsUrl, store, shape.orderTopic, shape.order(newId()), { headers });
      const second = await send(stack.functionsUrl, store, shape.orderTopic, shape.order(newId()), { headers });
      expect([first.body.outcome, second.body.outcome]).toEqual(['created', 'created']);
      const log = (await deliveries(sql, store)).filter((row) => row.delivery_id === deliveryId);
      expect(log.map((row) => row.attempts)).toEqual([1, 1]);
    });

    it('ten concurrent copies of one delivery: applied once, nine duplicates', async () => {
      const request = deliveryRequest(store, shape.orderTopic, shape.order(newId()));
      const answers = await Promise.all(Array.from({ length: 10 }, () => sendRequest(stack.functionsUrl, request)));
      expect(answers.map((a) => a.body.status).sort()).toEqual([...Array(9).fill('duplicate'), 'processed']);
      expect((await deliveries(sql, store)).at(-1)).toMatchObject({ outcome: 'created', attempts: 10 });
    });
  },
);

describe.each(['shopify', 'woocommerce', 'salla'] as const)('%s: two signature headers', (platform) => {
  it('are refused with 401 and nothing is written, not even to the delivery log', async () => {
    const store = await createStore(sql, platform);
    const request = deliveryRequest(store, shapes[platform].orderTopic, shapes[platform].order(newId()));
    const signature = request.headers[signatureHeader[platform]];
    const res = await sendRequest(stack.functionsUrl, {
      ...request,
      headers: { ...request.headers, [signatureHeader[platform]]: `${signature}, ${signature}` },
    });
    expect(res).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect(await snapshot(sql, store)).toMatchObject({ orders: [], lastSyncAt: null });
    expect(await deliveries(sql, store)).toEqual([]);
  });
});

describe('a value the database refuses although the checks let it through', () => {
  it("is rolled back and recorded as rejected with the database's reason (200), the delivery log kept", async () => {
    const store = await createStore(sql, 'shopify');
    // the real database, except that the order upsert fails as a check constraint would
    const refusal = Object.assign(new Error('new row violates check constraint "orders_status_length"'), {
      code: '23514',
    });
    const refusingUpserts = (tx: postgres.TransactionSql): unknown =>
      Object.assign(
        (strings: TemplateStringsArray, ...values: unknown[]) =>
          strings.join('?').includes('upsert_store_order')
            ? Promise.reject(refusal)
            : tx(strings, ...(values as never[])),
        tx,
        { savepoint: (work: (sp: unknown) => Promise<unknown>) => tx.savepoint((sp) => work(refusingUpserts(sp))) },
      );
    const refusing = {
      begin: (work: (tx: unknown) => Promise<unknown>) => sql.begin((tx) => work(refusingUpserts(tx))),
    } as unknown as postgres.Sql;
    const request = deliveryRequest(store, 'orders/create', shapes.shopify.order(newId()));
    const res = await createStoreWebhookHandler({ sql: refusing })(
      new Request(`http://localhost${request.path}`, { method: 'POST', headers: request.headers, body: request.body }),
    );
    expect(res.status).toBe(200);
    const reason = '23514: new row violates check constraint "orders_status_length"';
    expect(await res.json()).toEqual({ status: 'rejected', topic: 'orders/create', reason });
    expect(await snapshot(sql, store)).toMatchObject({ orders: [], events: [], lastSyncAt: null });
    expect(await deliveries(sql, store)).toEqual([
      expect.objectContaining({ outcome: 'rejected', entity: 'order', detail: reason }),
    ]);
    const [{ sha }] = await sql`select encode(body_sha256, 'hex') as sha from private.adly_store_webhook_deliveries
                               where store_connection_id = ${store.connectionId}`;
    expect(sha).toBe(createHash('sha256').update(request.body).digest('hex'));
  });
});
