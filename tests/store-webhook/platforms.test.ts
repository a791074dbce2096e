// Each platform's order and product topics over HTTP, signed as the platform signs them, against
// the real database: created, updated, cancelled / refunded, deleted; amounts, currencies,
// statuses, line items, product links and attribution as stored.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createStore, fixture, send, type Store } from './support.ts';

const stack = inject('stack');
const sql = postgres(stack.dbUrl, { max: 2, onnotice: () => {} });
afterAll(() => sql.end());

async function orderRow(store: Store, externalId: string) {
  const [row] = await sql`
    select o.id, o.customer_email, o.total_amount::text as total, o.currency, o.status, o.platform_status, o.order_date,
           o.attribution_data, o.external_updated_at
    from adly.orders o where o.store_connection_id = ${store.connectionId} and o.external_id = ${externalId}`;
  return row;
}

async function orderItems(orderId: string) {
  return sql`
    select i.external_product_id, i.product_id, i.quantity, i.price::text as price
    from adly.order_items i where i.order_id = ${orderId} order by i.external_product_id`;
}

async function productRow(store: Store, externalId: string) {
  const [row] = await sql`
    select id, title, description, price::text as price, currency, image_url, category, tags, is_active, external_updated_at
    from adly.products where store_connection_id = ${store.connectionId} and external_id = ${externalId}`;
  return row;
}

async function conversions(store: Store) {
  return sql`
    select e.campaign_id, e.platform, e.utm_source, e.utm_medium, e.utm_campaign, e.utm_content, e.referrer,
           host(e.ip_address) as ip, e.user_agent, e.event_time, e.workspace_id, o.external_id
    from adly.attribution_events e join adly.orders o on o.id = e.order_id
    where o.store_connection_id = ${store.connectionId} and e.event_type = 'conversion'`;
}

describe('Shopify', () => {
  let store: Store;
  beforeAll(async () => {
    store = await createStore(sql, 'shopify');
  });

  it('products/create stores the product with its first variant price', async () => {
    const res = await send(stack.functionsUrl, store, 'products/create', fixture('shopify-products-create'));
    expect(res).toMatchObject({ status: 200, body: { status: 'processed', entity: 'product', outcome: 'created' } });
    expect(await productRow(store, '8840012001')).toMatchObject({
      title: 'Oud Royal 50ml',
      description: '<p>Aged agarwood, hand-blended.</p>',
      price: '375.000',
      currency: 'SAR',
      image_url: 'https://cdn.shopify.com/s/files/1/demo/oud-royal.jpg',
      category: 'Fragrance',
      tags: ['oud', 'bestseller', 'eid'],
      is_active: true,
      external_updated_at: new Date('2026-04-28T07:30:00Z'),
    });
  });

  it('orders/create stores the order, its lines, its attribution and one conversion', async () => {
    const res = await send(stack.functionsUrl, store, 'orders/create', fixture('shopify-orders-create'));
    expect(res).toMatchObject({ status: 200, body: { status: 'processed', entity: 'order', outcome: 'created' } });
    expect(res.body.conversion_event_id).toMatch(/^[0-9a-f-]{36}$/);

    const order = await orderRow(store, '5830117441');
    expect(order).toMatchObject({
      customer_email: 'layla.haddad@example.net',
      total: '487.500',
      currency: 'SAR',
      status: 'paid',
      platform_status: 'paid/unfulfilled',
      order_date: new Date('2026-05-02T11:05:10Z'),
      external_updated_at: new Date('2026-05-02T11:05:13Z'),
    });
    expect(order.attribution_data).toEqual({
      utm_source: 'instagram',
      utm_medium: 'paid_social',
      utm_campaign: 'Eid Oud Launch',
      utm_content: 'reel-a',
      click_ids: { fbclid: 'IwAR2xYz_demo' },
      source: 'web',
      referrer: 'https://l.instagram.com/',
      landing_page:
        '/products/oud-royal-50ml?utm_source=instagram&utm_medium=paid_social&utm_campaign=Eid%20Oud%20Launch&fbclid=IwAR2xYz_demo',
    });
    const product = await productRow(store, '8840012001');
    expect(await orderItems(order.id)).toEqual([
      { external_product_id: '8840012001', product_id: product.id, quantity: 1, price: '375.000' },
      { external_product_id: '8840012002', product_id: null, quantity: 2, price: '43.750' },
    ]);

    const [conversion] = await conversions(store);
    expect(conversion).toMatchObject({
      campaign_id: store.campaigns.eid,
      platform: 'meta',
      utm_source: 'instagram',
      utm_campaign: 'Eid Oud Launch',
      utm_content: 'reel-a',
      referrer: 'https://l.instagram.com/',
      ip: '203.0.113.44',
      workspace_id: store.workspaceId,
      event_time: new Date('2026-05-02T11:05:10Z'),
    });
    expect(conversion.user_agent).toContain('Instagram');

    const [connection] = await sql`select last_sync_at from adly.store_connections where id = ${store.connectionId}`;
    expect(connection.last_sync_at).toBeInstanceOf(Date);
  });

  it('a product that arrives after the order is linked to the waiting order line', async () => {
    const bakhoor = {
      ...fixture('shopify-products-create'),
      id: 8840012002,
      title: 'Bakhoor Bricks',
      variants: [{ price: '43.75' }],
    };
    const res = await send(stack.functionsUrl, store, 'products/create', bakhoor);
    expect(res.body.outcome).toBe('created');
    const order = await orderRow(store, '5830117441');
    const product = await productRow(store, '8840012002');
    expect((await orderItems(order.id))[1]).toMatchObject({
      external_product_id: '8840012002',
      product_id: product.id,
    });
  });

  it('orders/fulfilled, a refund (orders/updated) and orders/cancelled move the status on', async () => {
    const base = fixture('shopify-orders-create');
    const fulfilled = { ...base, fulfillment_status: 'fulfilled', updated_at: '2026-05-03T09:00:00+03:00' };
    expect((await send(stack.functionsUrl, store, 'orders/fulfilled', fulfilled)).body.outcome).toBe('updated');
    expect(await orderRow(store, '5830117441')).toMatchObject({
      status: 'fulfilled',
      platform_status: 'paid/fulfilled',
    });

    const refunded = { ...fulfilled, financial_status: 'refunded', updated_at: '2026-05-06T10:00:00+03:00' };
    expect((await send(stack.functionsUrl, store, 'orders/updated', refunded)).body.outcome).toBe('updated');
    expect(await orderRow(store, '5830117441')).toMatchObject({
      status: 'refunded',
      platform_status: 'refunded/fulfilled',
    });

    const cancelled = {
      ...refunded,
      cancelled_at: '2026-05-06T10:05:00+03:00',
      cancel_reason: 'customer',
      updated_at: '2026-05-06T10:05:01+03:00',
    };
    expect((await send(stack.functionsUrl, store, 'orders/cancelled', cancelled)).body.outcome).toBe('updated');
    expect(await orderRow(store, '5830117441')).toMatchObject({
      status: 'cancelled',
      platform_status: 'cancelled/refunded/fulfilled',
    });
    // the conversion stays: the order converted when it was placed
    expect(await conversions(store)).toHaveLength(1);
  });

  it('products/update applies a newer version; products/delete deactivates and keeps a later replay out', async () => {
    const updated = {
      ...fixture('shopify-products-create'),
      title: 'Oud Royal 50ml (new)',
      status: 'draft',
      updated_at: '2026-05-07T08:00:00Z',
    };
    expect((await send(stack.functionsUrl, store, 'products/update', updated)).body.outcome).toBe('updated');
    expect(await productRow(store, '8840012001')).toMatchObject({ title: 'Oud Royal 50ml (new)', is_active: false });

    const res = await send(
      stack.functionsUrl,
      store,
      'products/delete',
      { id: 8840012001 },
      { headers: { 'x-shopify-triggered-at': '2026-05-08T08:00:00Z' } },
    );
    expect(res.body).toMatchObject({ entity: 'product', outcome: 'deleted' });
    expect(await productRow(store, '8840012001')).toMatchObject({
      is_active: false,
      external_updated_at: new Date('2026-05-08T08:00:00Z'),
    });

    const late = { ...updated, status: 'active', updated_at: '2026-05-07T09:00:00Z' };
    expect((await send(stack.functionsUrl, store, 'products/update', late)).body.outcome).toBe('deleted');
    expect(await productRow(store, '8840012001')).toMatchObject({ is_active: false, title: 'Oud Royal 50ml (new)' });
  });

  it('orders/delete marks the order deleted; a late update cannot bring it back', async () => {
    const res = await send(
      stack.functionsUrl,
      store,
      'orders/delete',
      { id: 5830117441 },
      { headers: { 'x-shopify-triggered-at': '2026-05-09T08:00:00Z' } },
    );
    expect(res.body).toMatchObject({ entity: 'order', outcome: 'deleted' });
    expect((await orderRow(store, '5830117441')).status).toBe('deleted');

    const late = { ...fixture('shopify-orders-create'), updated_at: '2026-05-08T08:00:00Z' };
    expect((await send(stack.functionsUrl, store, 'orders/updated', late)).body.outcome).toBe('deleted');
    expect((await orderRow(store, '5830117441')).status).toBe('deleted');
  });

  it('a deletion of something never synced is acknowledged and keeps a late create out', async () => {
    const res = await send(
      stack.functionsUrl,
      store,
      'products/delete',
      { id: 99000001 },
      { headers: { 'x-shopify-triggered-at': '2026-05-09T08:00:00Z' } },
    );
    expect(res.body).toMatchObject({ status: 'processed', outcome: 'unknown' });
    const late = { ...fixture('shopify-products-create'), id: 99000001, updated_at: '2026-05-01T00:00:00Z' };
    expect((await send(stack.functionsUrl, store, 'products/create', late)).body.outcome).toBe('deleted');
    expect(await productRow(store, '99000001')).toBeUndefined();
  });
});

describe('WooCommerce', () => {
  let store: Store;
  beforeAll(async () => {
    store = await createStore(sql, 'woocommerce');
  });

  it('order.created then product.created: three-decimal KWD amounts kept exactly, the line linked late', async () => {
    const res = await send(stack.functionsUrl, store, 'order.created', fixture('woocommerce-order-created'));
    expect(res).toMatchObject({ status: 200, body: { outcome: 'created' } });
    const order = await orderRow(store, '7311');
    expect(order).toMatchObject({
      customer_email: 'fahad@example.org',
      total: '26.625',
      currency: 'KWD',
      status: 'paid',
      platform_status: 'processing',
      order_date: new Date('2026-05-03T08:20:00Z'),
      external_updated_at: new Date('2026-05-03T08:20:04Z'),
    });
    expect(order.attribution_data).toEqual({
      utm_source: 'tiktok',
      utm_medium: 'paid_social',
      utm_campaign: '1780044417',
      source: 'utm',
      click_ids: { ttclid: 'E.C.P.demo123' },
      referrer: 'https://www.tiktok.com/',
      landing_page: 'https://shop.example.com/product/desk-lamp/?utm_source=tiktok&ttclid=E.C.P.demo123',
    });
    expect(await orderItems(order.id)).toEqual([
      { external_product_id: '201', product_id: null, quantity: 2, price: '8.375' },
      { external_product_id: '202', product_id: null, quantity: 1, price: '8.375' },
    ]);
    // utm_campaign equals the campaign's external id
    const [conversion] = await conversions(store);
    expect(conversion).toMatchObject({ campaign_id: store.campaigns.lamp, platform: 'meta', ip: '198.51.100.23' });

    // WooCommerce products carry no currency: the store's, as its orders show it
    expect(
      (await send(stack.functionsUrl, store, 'product.created', fixture('woocommerce-product-created'))).body.outcome,
    ).toBe('created');
    const lamp = await productRow(store, '201');
    expect(lamp).toMatchObject({
      title: 'Desk Lamp',
      price: '8.375',
      currency: 'KWD',
      category: 'Lighting',
      tags: ['brass', 'office'],
      is_active: true,
    });
    expect((await orderItems(order.id))[0]).toEqual({
      external_product_id: '201',
      product_id: lamp.id,
      quantity: 2,
      price: '8.375',
    });
  });

  it('order.updated to completed, then refunded; order.deleted; product.deleted', async () => {
    const base = fixture('woocommerce-order-created');
    const completed = { ...base, status: 'completed', date_modified_gmt: '2026-05-04T08:00:00' };
    expect((await send(stack.functionsUrl, store, 'order.updated', completed)).body.outcome).toBe('updated');
    expect((await orderRow(store, '7311')).status).toBe('fulfilled');
    const refunded = { ...base, status: 'refunded', date_modified_gmt: '2026-05-05T08:00:00' };
    expect((await send(stack.functionsUrl, store, 'order.updated', refunded)).body.outcome).toBe('updated');
    expect(await orderRow(store, '7311')).toMatchObject({ status: 'refunded', platform_status: 'refunded' });

    expect((await send(stack.functionsUrl, store, 'order.deleted', { id: 7311 })).body.outcome).toBe('deleted');
    expect((await orderRow(store, '7311')).status).toBe('deleted');
    expect((await send(stack.functionsUrl, store, 'product.deleted', { id: 201 })).body.outcome).toBe('deleted');
    expect((await productRow(store, '201')).is_active).toBe(false);
  });

  it('order.restored (a newer version after a deletion) brings the order back', async () => {
    // restored a minute after the deletion was received
    const restored = {
      ...fixture('woocommerce-order-created'),
      status: 'processing',
      date_modified_gmt: new Date(Date.now() + 60_000).toISOString().slice(0, 19),
    };
    expect((await send(stack.functionsUrl, store, 'order.restored', restored)).body.outcome).toBe('updated');
    expect((await orderRow(store, '7311')).status).toBe('paid');
  });
});

describe('Salla', () => {
  let store: Store;
  beforeAll(async () => {
    store = await createStore(sql, 'salla');
  });

  it('order.created reads Riyadh local times, source details and the line amounts', async () => {
    const res = await send(stack.functionsUrl, store, 'order.created', fixture('salla-order-created'));
    expect(res).toMatchObject({ status: 200, body: { outcome: 'created' } });
    const order = await orderRow(store, '1873340021');
    expect(order).toMatchObject({
      customer_email: 'noura@example.com',
      total: '736.000',
      currency: 'SAR',
      status: 'pending',
      platform_status: 'under_review',
      order_date: new Date('2026-05-04T15:40:05Z'),
      external_updated_at: new Date('2026-05-04T15:40:12Z'),
    });
    expect(order.attribution_data).toEqual({
      utm_source: 'snapchat',
      utm_medium: 'story_ad',
      utm_campaign: 'white-friday-sneakers',
      referrer: 'https://www.snapchat.com/',
      source: 'store:social',
    });
    expect(await orderItems(order.id)).toEqual([
      { external_product_id: '612300881', product_id: null, quantity: 2, price: '305.000' },
    ]);
    // campaign names match case-insensitively
    const [conversion] = await conversions(store);
    expect(conversion).toMatchObject({
      campaign_id: store.campaigns.sneakers,
      ip: '192.0.2.77',
      utm_medium: 'story_ad',
    });
  });

  it('product.created links the order line; order.status.updated, order.cancelled, order.refunded, order.deleted', async () => {
    expect(
      (await send(stack.functionsUrl, store, 'product.created', fixture('salla-product-created'))).body.outcome,
    ).toBe('created');
    const product = await productRow(store, '612300881');
    expect(product).toMatchObject({
      title: 'Trail Sneakers',
      price: '305.000',
      currency: 'SAR',
      image_url: 'https://cdn.salla.sa/demo/sneakers.jpg',
      category: 'Shoes',
      tags: ['running'],
      is_active: true,
      external_updated_at: new Date('2026-04-29T06:09:58Z'),
    });
    const order = await orderRow(store, '1873340021');
    expect((await orderItems(order.id))[0].product_id).toBe(product.id);

    const base = fixture('salla-order-created');
    const step = (event: string, createdAt: string, slug: string) => ({
      ...base,
      event,
      created_at: createdAt,
      data: { ...base.data, status: { ...base.data.status, slug } },
    });
    expect(
      (
        await send(
          stack.functionsUrl,
          store,
          'order.status.updated',
          step('order.status.updated', '2026-05-05T10:00:00+03:00', 'in_progress'),
        )
      ).body.outcome,
    ).toBe('updated');
    expect((await orderRow(store, '1873340021')).status).toBe('paid');
    expect(
      (
        await send(
          stack.functionsUrl,
          store,
          'order.cancelled',
          step('order.cancelled', '2026-05-05T11:00:00+03:00', 'canceled'),
        )
      ).body.outcome,
    ).toBe('updated');
    expect((await orderRow(store, '1873340021')).status).toBe('cancelled');
    expect(
      (
        await send(
          stack.functionsUrl,
          store,
          'order.refunded',
          step('order.refunded', '2026-05-05T12:00:00+03:00', 'restored'),
        )
      ).body.outcome,
    ).toBe('updated');
    expect(await orderRow(store, '1873340021')).toMatchObject({ status: 'refunded', platform_status: 'restored' });
    const deleted = {
      event: 'order.deleted',
      merchant: 1290544871,
      created_at: '2026-05-06T09:00:00+03:00',
      data: { id: 1873340021 },
    };
    expect((await send(stack.functionsUrl, store, 'order.deleted', deleted)).body.outcome).toBe('deleted');
    expect((await orderRow(store, '1873340021')).status).toBe('deleted');
  });

  it('product.updated and product.deleted', async () => {
    const base = fixture('salla-product-created');
    const hidden = {
      ...base,
      event: 'product.updated',
      created_at: '2026-05-01T09:00:00+03:00',
      data: { ...base.data, status: 'hidden', price: { amount: 289.5, currency: 'SAR' }, updated_at: null },
    };
    expect((await send(stack.functionsUrl, store, 'product.updated', hidden)).body.outcome).toBe('updated');
    expect(await productRow(store, '612300881')).toMatchObject({ is_active: false, price: '289.500' });
    const deleted = {
      event: 'product.deleted',
      merchant: 1290544871,
      created_at: '2026-05-02T09:00:00+03:00',
      data: { id: 612300881 },
    };
    expect((await send(stack.functionsUrl, store, 'product.deleted', deleted)).body.outcome).toBe('deleted');
  });

  it('accepts the Token strategy (Authorization: Bearer <secret>) and refuses a wrong token', async () => {
    const payload = {
      ...fixture('salla-product-created'),
      data: { ...fixture('salla-product-created').data, id: 700001 },
    };
    const wrong = await send(stack.functionsUrl, store, 'product.created', payload, {
      unsigned: true,
      headers: { 'x-salla-security-strategy': 'Token', authorization: 'Bearer not-the-secret' },
    });
    expect(wrong.status).toBe(401);
    expect(await productRow(store, '700001')).toBeUndefined();
    const right = await send(stack.functionsUrl, store, 'product.created', payload, {
      unsigned: true,
      headers: { 'x-salla-security-strategy': 'Token', authorization: `Bearer ${store.secret}` },
    });
    expect(right).toMatchObject({ status: 200, body: { outcome: 'created' } });
  });
});

describe('Zid', () => {
  let store: Store;
  beforeAll(async () => {
    store = await createStore(sql, 'zid');
  });

  it('order.create keeps BHD amounts exactly; the event is named in the URL', async () => {
    const res = await send(stack.functionsUrl, store, 'order.create', fixture('zid-order-create'));
    expect(res).toMatchObject({ status: 200, body: { topic: 'order.create', outcome: 'created' } });
    const order = await orderRow(store, '61550432');
    expect(order).toMatchObject({
      customer_email: 'maryam@example.com',
      total: '42.125',
      currency: 'BHD',
      status: 'paid',
      platform_status: 'new/paid',
      order_date: new Date('2026-05-05T07:15:20Z'),
      external_updated_at: new Date('2026-05-05T07:15:24Z'),
    });
    expect(order.attribution_data).toEqual({
      utm_source: 'google',
      utm_medium: 'cpc',
      utm_campaign: 'abaya-spring',
      click_ids: { gclid: 'Cj0KCQ-demo' },
      source: 'catalog',
    });
    // no campaign is named "abaya-spring" (the workspace has "Abaya spring"): the conversion has no campaign
    const [conversion] = await conversions(store);
    expect(conversion).toMatchObject({ campaign_id: null, platform: null, utm_source: 'google' });
  });

  it('product.create links the line; order.status.update to delivered, then cancelled; product.update; product.delete', async () => {
    expect((await send(stack.functionsUrl, store, 'product.create', fixture('zid-product-create'))).body.outcome).toBe(
      'created',
    );
    const product = await productRow(store, '0c4b8d9e-6a51-4b8e-9f0a-2f7d7b1c9e11');
    expect(product).toMatchObject({
      title: 'Black Abaya',
      description: 'Crepe fabric',
      price: '38.625',
      currency: 'BHD',
      category: 'Abayas',
      tags: ['abaya', 'black'],
      image_url: 'https://media.zid.store/demo/abaya.jpg',
      is_active: true,
    });
    const order = await orderRow(store, '61550432');
    expect((await orderItems(order.id))[0].product_id).toBe(product.id);

    const base = fixture('zid-order-create');
    const delivered = {
      ...base,
      order_status: { name: 'تم التوصيل', code: 'delivered' },
      updated_at: '2026-05-07 09:00:00',
    };
    expect((await send(stack.functionsUrl, store, 'order.status.update', delivered)).body.outcome).toBe('updated');
    expect((await orderRow(store, '61550432')).status).toBe('fulfilled');
    const cancelled = { ...base, order_status: { name: 'ملغي', code: 'cancelled' }, updated_at: '2026-05-08 09:00:00' };
    expect((await send(stack.functionsUrl, store, 'order.status.update', cancelled)).body.outcome).toBe('updated');
    expect((await orderRow(store, '61550432')).status).toBe('cancelled');

    const unpublished = { ...fixture('zid-product-create'), is_published: false, updated_at: '2026-05-08 10:00:00' };
    expect((await send(stack.functionsUrl, store, 'product.update', unpublished)).body.outcome).toBe('updated');
    expect((await productRow(store, '0c4b8d9e-6a51-4b8e-9f0a-2f7d7b1c9e11')).is_active).toBe(false);
    const removed = await send(stack.functionsUrl, store, 'product.delete', {
      id: '0c4b8d9e-6a51-4b8e-9f0a-2f7d7b1c9e11',
    });
    expect(removed.body.outcome).toBe('deleted');
  });

  it('an order first seen cancelled records no conversion', async () => {
    const cancelled = {
      ...fixture('zid-order-create'),
      id: 61550499,
      order_status: { name: 'ملغي', code: 'cancelled' },
    };
    expect((await send(stack.functionsUrl, store, 'order.create', cancelled)).body).toMatchObject({
      outcome: 'created',
      conversion_event_id: null,
    });
    expect((await conversions(store)).map((c) => c.external_id)).toEqual(['61550432']);
  });
});
