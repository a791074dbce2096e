// The checkout function over HTTP: who may buy what, at the database's price, with nothing left
// half-written when Stripe or the database refuses.
import { afterAll, describe, expect, it } from 'vitest';
import {
  adlyPlan,
  adlyWorkspace,
  checkout,
  connect,
  coursesProduct,
  createUser,
  dtfPackage,
  dtfPlan,
  fakeFailNext,
  fakeRequests,
  fakeSession,
  marketplaceWorkflow,
  stack,
  urls,
} from '../support/billing-fixtures.ts';

const sql = connect();
afterAll(() => sql.end());

async function checkoutRows(userId: string): Promise<{ status: string; stripe_checkout_session_id: string | null }[]> {
  return sql`select status, stripe_checkout_session_id from private.billing_checkouts where user_id = ${userId}`;
}

describe('checkout: one-off items', () => {
  it('opens a payment session priced by the database, linked back to our rows, with a deterministic idempotency key', async () => {
    const user = await createUser(sql, 'marketplace');
    const workflow = await marketplaceWorkflow(sql, 49.9);
    const res = await checkout(user.token, { ...urls, product: 'marketplace', item_id: workflow });
    expect(res.status).toBe(200);
    expect(res.body.url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    expect(res.body.session_id).toMatch(/^cs_test_/);

    const session = await fakeSession(res.body.session_id);
    const [row] =
      await sql`select * from private.billing_checkouts where stripe_checkout_session_id = ${res.body.session_id}`;
    expect(row).toMatchObject({
      status: 'open',
      product: 'marketplace',
      item_id: workflow,
      amount_minor: '4990',
      currency: 'USD',
    });
    expect(session._params).toMatchObject({
      mode: 'payment',
      client_reference_id: row.id,
      customer_email: user.email,
      success_url: urls.success_url,
      cancel_url: urls.cancel_url,
      metadata: { checkout_id: row.id, product: 'marketplace', user_id: user.id, item_id: workflow },
      payment_intent_data: { metadata: { checkout_id: row.id } },
      line_items: [{ quantity: '1', price_data: { currency: 'usd', unit_amount: '4990' } }],
    });
    const [create] = await fakeRequests(row.id);
    expect(create.idempotencyKey).toBe(`checkout_${row.id}`);

    const [purchase] = await sql`
      select status, amount, total from marketplace.purchases where stripe_checkout_session_id = ${res.body.session_id}`;
    expect(purchase).toMatchObject({ status: 'PENDING', amount: '49.90', total: '49.90' });
  });

  it('ignores any price the client sends (strict body: 400)', async () => {
    const user = await createUser(sql, 'marketplace');
    const workflow = await marketplaceWorkflow(sql, 10);
    const res = await checkout(user.token, { ...urls, product: 'marketplace', item_id: workflow, amount: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_body');
    expect(await checkoutRows(user.id)).toEqual([]);
  });

  it('returns the same open session for a second click', async () => {
    const user = await createUser(sql, 'courses');
    const { productId } = await coursesProduct(sql, 30);
    const first = await checkout(user.token, { ...urls, product: 'courses', item_id: productId });
    const second = await checkout(user.token, { ...urls, product: 'courses', item_id: productId });
    expect(first.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(await checkoutRows(user.id)).toHaveLength(1);
  });

  it('5 clicks at once open one checkout: each answer is its session, or 409 while it is being created', async () => {
    const user = await createUser(sql, 'courses');
    const { productId } = await coursesProduct(sql, 25);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => checkout(user.token, { ...urls, product: 'courses', item_id: productId })),
    );
    const rows = await checkoutRows(user.id);
    expect(rows).toHaveLength(1);
    for (const answer of answers) {
      if (answer.status === 200) expect(answer.body.session_id).toBe(rows[0].stripe_checkout_session_id);
      else expect(answer).toMatchObject({ status: 409, body: { error: { code: 'checkout_in_progress' } } });
    }
    expect(answers.some((a) => a.status === 200)).toBe(true);
    const [row] = await sql`select id from private.billing_checkouts where user_id = ${user.id}`;
    expect((await fakeRequests(row.id)).filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('fulfils a free course product at once, without Stripe', async () => {
    const user = await createUser(sql, 'courses');
    const { productId, courseId } = await coursesProduct(sql, 0);
    const res = await checkout(user.token, { ...urls, product: 'courses', item_id: productId });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ free: true, url: null, session_id: null });
    const access =
      await sql`select 1 from courses.user_course_access where user_id = ${user.id} and course_id = ${courseId}`;
    expect(access).toHaveLength(1);
    expect(await checkoutRows(user.id)).toEqual([]);
    // owned now
    const again = await checkout(user.token, { ...urls, product: 'courses', item_id: productId });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_owned');
  });

  it('answers a free workflow as free (downloadable without a purchase) and a free DTF package once', async () => {
    const buyer = await createUser(sql, 'marketplace');
    const free = await checkout(buyer.token, {
      ...urls,
      product: 'marketplace',
      item_id: await marketplaceWorkflow(sql, 0),
    });
    expect(free.body).toEqual({ free: true, url: null, session_id: null });

    const dtfUser = await createUser(sql, 'dtf');
    const pack = await dtfPackage(sql, 5, 0);
    const [{ credits_remaining: before }] =
      await sql`select credits_remaining from dtf.profiles where id = ${dtfUser.id}`;
    const first = await checkout(dtfUser.token, { ...urls, product: 'dtf', item_id: pack });
    expect(first.body.free).toBe(true);
    const [{ credits_remaining }] = await sql`select credits_remaining from dtf.profiles where id = ${dtfUser.id}`;
    expect(credits_remaining).toBe(before + 5);
    const second = await checkout(dtfUser.token, { ...urls, product: 'dtf', item_id: pack });
    expect(second.status).toBe(409);
  });
});

describe('checkout: plans', () => {
  it("opens a subscription session for a DTF plan with the plan's Stripe price and subscription metadata", async () => {
    const user = await createUser(sql, 'dtf');
    const plan = await dtfPlan(sql, 100, 19);
    const res = await checkout(user.token, { ...urls, product: 'dtf', item_id: plan.id });
    expect(res.status).toBe(200);
    const session = await fakeSession(res.body.session_id);
    expect(session._params).toMatchObject({
      mode: 'subscription',
      line_items: [{ price: plan.priceId, quantity: '1' }],
      subscription_data: { metadata: { product: 'dtf', user_id: user.id, item_id: plan.id } },
    });
    expect(session._params.payment_intent_data).toBeUndefined();
  });

  it('opens an ADLY plan checkout for a workspace owner only', async () => {
    const owner = await createUser(sql, 'adly');
    const member = await createUser(sql, 'adly');
    const plan = await adlyPlan(sql, 99);
    const workspace = await adlyWorkspace(sql, owner.id, [{ userId: member.id, role: 'member' }]);

    const refused = await checkout(member.token, {
      ...urls,
      product: 'adly',
      item_id: plan.id,
      workspace_id: workspace,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect(await checkoutRows(member.id)).toEqual([]);

    const res = await checkout(owner.token, { ...urls, product: 'adly', item_id: plan.id, workspace_id: workspace });
    expect(res.status).toBe(200);
    const session = await fakeSession(res.body.session_id);
    expect(session._params.subscription_data.metadata).toMatchObject({ product: 'adly', workspace_id: workspace });
    expect(session.currency).toBe('usd');
  });

  it('requires a workspace for ADLY and refuses one for other products', async () => {
    const owner = await createUser(sql, 'adly');
    const plan = await adlyPlan(sql, 99);
    const res = await checkout(owner.token, { ...urls, product: 'adly', item_id: plan.id });
    expect(res.status).toBe(400);
    const other = await checkout(owner.token, { ...urls, product: 'courses', item_id: plan.id, workspace_id: plan.id });
    expect(other.status).toBe(400);
  });
});

describe('checkout: refusals', () => {
  it('401 without a JWT (gateway) and for the anon key (function)', async () => {
    expect((await checkout(null, { ...urls, product: 'courses', item_id: crypto.randomUUID() })).status).toBe(401);
    const anon = await checkout(stack.anonKey, { ...urls, product: 'courses', item_id: crypto.randomUUID() });
    expect(anon.status).toBe(401);
    expect(anon.body.error.code).toBe('unauthorized');
  });

  it('400 for malformed JSON, an unknown product and URLs off the allowed origins', async () => {
    const user = await createUser(sql, 'courses');
    const { productId } = await coursesProduct(sql, 10);
    expect((await checkout(user.token, '{"product":')).body.error.code).toBe('invalid_body');
    expect((await checkout(user.token, { ...urls, product: 'shop', item_id: productId })).status).toBe(400);
    const offsite = await checkout(user.token, {
      ...urls,
      success_url: 'https://evil.example/ok',
      product: 'courses',
      item_id: productId,
    });
    expect(offsite.status).toBe(400);
    expect(offsite.body.error.code).toBe('url_not_allowed');
    const script = await checkout(user.token, {
      ...urls,
      cancel_url: 'javascript:alert(1)',
      product: 'courses',
      item_id: productId,
    });
    expect(script.status).toBe(400);
    expect(await checkoutRows(user.id)).toEqual([]);
  });

  it('403 for a user not enrolled in the product', async () => {
    const user = await createUser(sql, 'courses');
    const res = await checkout(user.token, {
      ...urls,
      product: 'marketplace',
      item_id: await marketplaceWorkflow(sql, 5),
    });
    expect(res.status).toBe(403);
  });

  it('404 for unknown and inactive items of every product', async () => {
    const cases: [string, () => Promise<string>, 'marketplace' | 'courses' | 'dtf'][] = [
      ['marketplace', () => marketplaceWorkflow(sql, 5, 'draft'), 'marketplace'],
      ['courses', async () => (await coursesProduct(sql, 5, 'private')).productId, 'courses'],
      ['dtf', async () => crypto.randomUUID(), 'dtf'],
    ];
    for (const [product, item, enrol] of cases) {
      const user = await createUser(sql, enrol);
      const res = await checkout(user.token, { ...urls, product, item_id: await item() });
      expect(res.status, product).toBe(404);
      expect(res.body.error.code).toBe('item_not_found');
      expect(await checkoutRows(user.id)).toEqual([]);
    }
    const owner = await createUser(sql, 'adly');
    const workspace = await adlyWorkspace(sql, owner.id);
    const res = await checkout(owner.token, {
      ...urls,
      product: 'adly',
      item_id: crypto.randomUUID(),
      workspace_id: workspace,
    });
    expect(res.status).toBe(404);
  });

  it('409 for a workflow already owned', async () => {
    const user = await createUser(sql, 'marketplace');
    const workflow = await marketplaceWorkflow(sql, 12);
    await sql`
      insert into marketplace.purchases (user_id, workflow_id, currency, amount, tax, total, payment_method, status, paid_at)
      values (${user.id}, ${workflow}, 'USD', 12, 0, 12, 'CARD', 'ACTIVE', now())`;
    const res = await checkout(user.token, { ...urls, product: 'marketplace', item_id: workflow });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('already_owned');
  });

  it('502 when Stripe fails, with no checkout row and no pending purchase left', async () => {
    const user = await createUser(sql, 'marketplace');
    const workflow = await marketplaceWorkflow(sql, 20);
    await fakeFailNext(3, 500); // the client retries twice
    const res = await checkout(user.token, { ...urls, product: 'marketplace', item_id: workflow });
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe('stripe_error');
    expect(await checkoutRows(user.id)).toEqual([]);
    expect(await sql`select 1 from marketplace.purchases where user_id = ${user.id}`).toHaveLength(0);
    // and a later attempt works
    const retry = await checkout(user.token, { ...urls, product: 'marketplace', item_id: workflow });
    expect(retry.status).toBe(200);
  });

  it('expires the Stripe session and keeps nothing when the purchase cannot be recorded', async () => {
    const user = await createUser(sql, 'marketplace');
    const workflow = await marketplaceWorkflow(sql, 20);
    // the purchase row is refused between pricing and recording (as a concurrent purchase would be)
    await sql`alter table marketplace.purchases add constraint billing_test_block check (user_id <> ${sql.unsafe(`'${user.id}'`)}::uuid) not valid`;
    try {
      const res = await checkout(user.token, { ...urls, product: 'marketplace', item_id: workflow });
      expect(res.status).toBe(400);
      expect(await checkoutRows(user.id)).toEqual([]);
      const expired = [];
      for (const request of (await fakeRequests('')).filter((r) => r.path.endsWith('/expire'))) {
        const session = await fakeSession(request.path.split('/')[4]);
        if (session.metadata.user_id === user.id) expired.push(session.status);
      }
      expect(expired).toEqual(['expired']);
    } finally {
      await sql`alter table marketplace.purchases drop constraint billing_test_block`;
    }
  });
});
