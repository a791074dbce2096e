// End to end: checkout over HTTP, then Stripe's events signed and delivered to the webhook, for
// each product; replays, concurrent deliveries and shuffled orders apply each effect once.
import type { TransactionSql } from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import {
  adlyPlan,
  adlyWorkspace,
  checkout,
  connect,
  coursesProduct,
  createUser,
  deliver,
  dtfPackage,
  dtfPlan,
  eventRow,
  marketplaceWorkflow,
  openSession,
} from '../support/billing-fixtures.ts';
import {
  charge,
  completedSession,
  invoice,
  stripeEvent,
  stripeId,
  subscription,
  type StripeEvent,
} from '../support/stripe-events.ts';

const sql = connect();
afterAll(() => sql.end());

async function deliverAll(events: StripeEvent[]): Promise<void> {
  for (const event of events) {
    const res = await deliver(event);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
}

/** Delivers the same event five times at once; exactly one delivery applies it. */
async function deliverConcurrently(event: StripeEvent): Promise<void> {
  const answers = await Promise.all(Array.from({ length: 5 }, () => deliver(event)));
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
  expect(answers.filter((a) => a.body.replay === false)).toHaveLength(1);
}

function shuffle<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

// ---------------------------------------------------------------------------------------------
// marketplace
// ---------------------------------------------------------------------------------------------

async function marketplaceState(userId: string) {
  const purchases = await sql`
    select p.status, p.paid_at is not null as paid, p.stripe_payment_intent_id, i.invoice_number, i.billing_name,
           i.billing_email, i.billing_address
      from marketplace.purchases p left join marketplace.invoices i on i.purchase_id = p.id
     where p.user_id = ${userId}`;
  const notifications =
    await sql`select type, title from marketplace.notifications where user_id = ${userId} order by created_at, title`;
  return { purchases, notifications };
}

describe('marketplace purchase', () => {
  it('checkout.session.completed (paid): ACTIVE with paid_at, the next invoice number, billing details, analytics, a notification; once under 5 concurrent deliveries', async () => {
    const user = await createUser(sql, 'marketplace');
    const workflow = await marketplaceWorkflow(sql, 25);
    const session = await openSession(user.token, { product: 'marketplace', item_id: workflow });
    const [{ sales: salesBefore }] = await sql`
      select coalesce(sum(sales_count), 0)::int as sales from marketplace.analytics_daily where workflow_id = ${workflow}`;

    const event = stripeEvent('checkout.session.completed', completedSession(session));
    await deliverConcurrently(event);

    const state = await marketplaceState(user.id);
    expect(state.purchases).toHaveLength(1);
    expect(state.purchases[0]).toMatchObject({
      status: 'ACTIVE',
      paid: true,
      billing_name: 'Billing Name',
      billing_email: 'billing@example.com',
      stripe_payment_intent_id: (event.data.object as { payment_intent: string }).payment_intent,
    });
    expect(state.purchases[0].invoice_number).toMatch(/^INV-\d{4}-\d{6}$/);
    expect(state.purchases[0].billing_address).toMatchObject({ city: 'Riyadh', country: 'SA' });
    expect(state.notifications).toEqual([{ type: 'SUCCESS', title: 'Purchase complete' }]);
    const [{ sales }] = await sql`
      select coalesce(sum(sales_count), 0)::int as sales from marketplace.analytics_daily where workflow_id = ${workflow}`;
    expect(sales).toBe(salesBefore + 1);
    expect(await eventRow(sql, event.id)).toMatchObject({ outcome: 'applied', product: 'marketplace' });

    // a late expiry never moves the purchase back
    const late = stripeEvent('checkout.session.expired', { ...session, status: 'expired' });
    expect((await deliver(late)).body.outcome).toBe('stale');
    expect((await marketplaceState(user.id)).purchases[0].status).toBe('ACTIVE');
  });

  it('issues distinct consecutive invoice numbers under concurrent fulfilments', async () => {
    const events: StripeEvent[] = [];
    for (let i = 0; i < 4; i++) {
      const user = await createUser(sql, 'marketplace');
      const session = await openSession(user.token, {
        product: 'marketplace',
        item_id: await marketplaceWorkflow(sql, 5),
      });
      events.push(stripeEvent('checkout.session.completed', completedSession(session)));
    }
    const answers = await Promise.all(events.map((e) => deliver(e)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const numbers = await sql<{ n: number }[]>`
      select i.invoice_sequence as n from marketplace.invoices i join marketplace.purchases p on p.id = i.purchase_id
       where p.stripe_checkout_session_id in ${sql(events.map((e) => (e.data.object as { id: string }).id))}
       order by 1`;
    expect(numbers).toHaveLength(4);
    expect(numbers[3].n - numbers[0].n).toBe(3);
  });

  it('async payment: completed unpaid waits, async_payment_failed closes it FAILED; a replay changes nothing', async () => {
    const user = await createUser(sql, 'marketplace');
    const session = await openSession(user.token, {
      product: 'marketplace',
      item_id: await marketplaceWorkflow(sql, 25),
    });
    const pending = stripeEvent('checkout.session.completed', completedSession(session, { payment_status: 'unpaid' }));
    expect((await deliver(pending)).body.outcome).toBe('awaiting_payment');
    expect((await marketplaceState(user.id)).purchases[0].status).toBe('PENDING');

    const failed = stripeEvent(
      'checkout.session.async_payment_failed',
      completedSession(session, { payment_status: 'unpaid' }),
    );
    await deliverConcurrently(failed);
    const state = await marketplaceState(user.id);
    expect(state.purchases[0]).toMatchObject({ status: 'FAILED', paid: false, invoice_number: null });
    expect(state.notifications).toEqual([{ type: 'ERROR', title: 'Payment not completed' }]);

    // a late 'pending' (the unpaid completion again, as a new event) does not reopen it
    const latePending = stripeEvent(
      'checkout.session.completed',
      completedSession(session, { payment_status: 'unpaid' }),
    );
    expect((await deliver(latePending)).body.outcome).toBe('stale');
  });

  it('async_payment_succeeded after an unpaid completion fulfils it', async () => {
    const user = await createUser(sql, 'marketplace');
    const session = await openSession(user.token, {
      product: 'marketplace',
      item_id: await marketplaceWorkflow(sql, 25),
    });
    await deliverAll([
      stripeEvent('checkout.session.completed', completedSession(session, { payment_status: 'unpaid' })),
      stripeEvent('checkout.session.async_payment_succeeded', completedSession(session)),
    ]);
    expect((await marketplaceState(user.id)).purchases[0]).toMatchObject({ status: 'ACTIVE', paid: true });
  });

  it('checkout.session.expired: REJECT', async () => {
    const user = await createUser(sql, 'marketplace');
    const session = await openSession(user.token, {
      product: 'marketplace',
      item_id: await marketplaceWorkflow(sql, 25),
    });
    await deliverAll([stripeEvent('checkout.session.expired', { ...session, status: 'expired' })]);
    expect((await marketplaceState(user.id)).purchases[0].status).toBe('REJECT');
    const [row] =
      await sql`select status from private.billing_checkouts where stripe_checkout_session_id = ${session.id}`;
    expect(row.status).toBe('expired');
  });

  it('charge.refunded (full): REFUNDED and notified; a partial refund keeps access', async () => {
    const user = await createUser(sql, 'marketplace');
    const session = await openSession(user.token, {
      product: 'marketplace',
      item_id: await marketplaceWorkflow(sql, 25),
    });
    const completed = completedSession(session);
    const pi = completed.payment_intent as string;
    await deliverAll([stripeEvent('checkout.session.completed', completed)]);

    const partial = stripeEvent('charge.refunded', charge(pi, 2500, 500));
    expect((await deliver(partial)).body.outcome).toBe('ignored');
    expect((await marketplaceState(user.id)).purchases[0].status).toBe('ACTIVE');

    await deliverConcurrently(stripeEvent('charge.refunded', charge(pi, 2500, 2500)));
    const state = await marketplaceState(user.id);
    expect(state.purchases[0].status).toBe('REFUNDED');
    expect(state.notifications.map((n) => n.title)).toContain('Purchase refunded');
  });

  it('reaches the same final state whatever the order of completion and refund', async () => {
    for (let round = 0; round < 3; round++) {
      const user = await createUser(sql, 'marketplace');
      const session = await openSession(user.token, {
        product: 'marketplace',
        item_id: await marketplaceWorkflow(sql, 25),
      });
      const completed = completedSession(session);
      const events = [
        stripeEvent('checkout.session.completed', completed),
        stripeEvent('charge.refunded', charge(completed.payment_intent as string, 2500, 2500)),
      ];
      await deliverAll(round === 0 ? [...events].reverse() : shuffle(events));
      const state = await marketplaceState(user.id);
      expect(state.purchases).toHaveLength(1);
      expect(state.purchases[0]).toMatchObject({ status: 'REFUNDED', paid: true });
      expect(state.purchases[0].invoice_number).not.toBeNull();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// courses
// ---------------------------------------------------------------------------------------------

describe('courses purchase', () => {
  it('completed: purchase with product snapshot and course access (once); full refund revokes it', async () => {
    const user = await createUser(sql, 'courses');
    const { productId, courseId } = await coursesProduct(sql, 40);
    const session = await openSession(user.token, { product: 'courses', item_id: productId });
    const completed = completedSession(session);
    await deliverConcurrently(stripeEvent('checkout.session.completed', completed));

    const purchases = await sql`
      select price_paid_in_cents, product_details, refunded_at, granted_course_ids
        from courses.purchases where user_id = ${user.id}`;
    expect(purchases).toHaveLength(1);
    expect(purchases[0].price_paid_in_cents).toBe(4000);
    expect(purchases[0].product_details).toMatchObject({ description: 'A bundle' });
    expect(purchases[0].granted_course_ids).toEqual([courseId]);
    const access = () =>
      sql`select 1 from courses.user_course_access where user_id = ${user.id} and course_id = ${courseId}`;
    expect(await access()).toHaveLength(1);

    await deliverConcurrently(stripeEvent('charge.refunded', charge(completed.payment_intent as string, 4000, 4000)));
    const [refunded] = await sql`select refunded_at from courses.purchases where user_id = ${user.id}`;
    expect(refunded.refunded_at).not.toBeNull();
    expect(await access()).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------
// DTF credits
// ---------------------------------------------------------------------------------------------

async function dtfBalance(userId: string): Promise<number> {
  const [{ credits_remaining }] = await sql`select credits_remaining from dtf.profiles where id = ${userId}`;
  return credits_remaining;
}

describe('DTF credit package', () => {
  it('completed: credits added once with a purchase ledger row; refunds take them back as far as the balance allows', async () => {
    const user = await createUser(sql, 'dtf');
    const pack = await dtfPackage(sql, 100, 10);
    const start = await dtfBalance(user.id);
    const session = await openSession(user.token, { product: 'dtf', item_id: pack });
    const completed = completedSession(session);
    const pi = completed.payment_intent as string;
    await deliverConcurrently(stripeEvent('checkout.session.completed', completed));
    expect(await dtfBalance(user.id)).toBe(start + 100);
    const ledger = await sql`
      select transaction_type, amount from dtf.credit_transactions where user_id = ${user.id} and stripe_checkout_session_id = ${session.id}`;
    expect(ledger).toEqual([{ transaction_type: 'purchase', amount: 100 }]);

    // half refunded: 50 credits back
    await deliverConcurrently(stripeEvent('charge.refunded', charge(pi, 1000, 500)));
    expect(await dtfBalance(user.id)).toBe(start + 50);

    // the user spends credits, then the rest is refunded: only what is left is taken back
    await sql`select dtf.deduct_user_credits(${user.id}, ${start + 30}, 'usage', 'test spend', null)`;
    await deliverAll([stripeEvent('charge.refunded', charge(pi, 1000, 1000))]);
    expect(await dtfBalance(user.id)).toBe(0);
    const [{ shortfall }] = await sql`
      select (metadata ->> 'shortfall')::int as shortfall from dtf.credit_transactions
       where user_id = ${user.id} and transaction_type = 'reversal' order by entry_no desc limit 1`;
    expect(shortfall).toBe(30);
  });

  it('an older partial refund arriving after a newer one changes nothing', async () => {
    const user = await createUser(sql, 'dtf');
    const start = await dtfBalance(user.id);
    const session = await openSession(user.token, { product: 'dtf', item_id: await dtfPackage(sql, 100, 10) });
    const completed = completedSession(session);
    const pi = completed.payment_intent as string;
    await deliverAll([
      stripeEvent('checkout.session.completed', completed),
      stripeEvent('charge.refunded', charge(pi, 1000, 600)),
    ]);
    const older = stripeEvent('charge.refunded', charge(pi, 1000, 300));
    expect((await deliver(older)).body.outcome).toBe('stale');
    expect(await dtfBalance(user.id)).toBe(start + 40);
  });

  it('two partial refunds of one payment applied at the same time take back only the larger share', async () => {
    const user = await createUser(sql, 'dtf');
    const start = await dtfBalance(user.id);
    const session = await openSession(user.token, { product: 'dtf', item_id: await dtfPackage(sql, 100, 10) });
    const completed = completedSession(session);
    const pi = completed.payment_intent as string;
    await deliverAll([stripeEvent('checkout.session.completed', completed)]);
    const first = stripeEvent('charge.refunded', charge(pi, 1000, 300));
    const second = stripeEvent('charge.refunded', charge(pi, 1000, 600));
    // What the webhook function does for one event, in a transaction the test controls.
    const apply = async (tx: TransactionSql, event: StripeEvent) => {
      await tx`select set_config('role', 'service_role', true)`;
      await tx`select * from private.billing_apply_stripe_event(${JSON.stringify(event)}::text::jsonb)`;
    };

    // The first refund is applied and its transaction held open while the second one starts.
    let commitFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => {
      commitFirst = resolve;
    });
    let firstApplied!: () => void;
    const firstReady = new Promise<void>((resolve) => {
      firstApplied = resolve;
    });
    const firstDone = sql.begin(async (tx) => {
      await apply(tx, first);
      firstApplied();
      await firstHeld;
    });
    await Promise.race([firstReady, firstDone]);
    const secondDone = sql.begin((tx) => apply(tx, second));
    await new Promise((r) => setTimeout(r, 300));
    commitFirst();
    await Promise.all([firstDone, secondDone]);

    expect(await dtfBalance(user.id)).toBe(start + 40);
    const [{ reversed }] = await sql`
      select -sum(amount)::int as reversed from dtf.credit_transactions
       where user_id = ${user.id} and transaction_type = 'reversal'`;
    expect(reversed).toBe(60);
  });

  it('a refund delivered before its payment is applied when the payment is', async () => {
    const user = await createUser(sql, 'dtf');
    const start = await dtfBalance(user.id);
    const session = await openSession(user.token, { product: 'dtf', item_id: await dtfPackage(sql, 100, 10) });
    const completed = completedSession(session);
    const refund = stripeEvent('charge.refunded', charge(completed.payment_intent as string, 1000, 1000));
    expect((await deliver(refund)).body.outcome).toBe('deferred');
    expect(await dtfBalance(user.id)).toBe(start);
    await deliverAll([stripeEvent('checkout.session.completed', completed)]);
    expect(await dtfBalance(user.id)).toBe(start);
    expect(await eventRow(sql, refund.id)).toMatchObject({ outcome: 'applied_late', product: 'dtf' });
  });
});

// ---------------------------------------------------------------------------------------------
// DTF subscription
// ---------------------------------------------------------------------------------------------

describe('DTF subscription', () => {
  async function subscribe() {
    const user = await createUser(sql, 'dtf');
    const plan = await dtfPlan(sql, 200, 19);
    const session = await openSession(user.token, { product: 'dtf', item_id: plan.id });
    const completed = completedSession(session);
    const sub = completed.subscription as string;
    const customer = completed.customer as string;
    const metadata = session.metadata as Record<string, string>;
    const now = Math.floor(Date.now() / 1000);
    const month = 30 * 86400;
    return {
      user,
      plan,
      sub,
      customer,
      now,
      events: [
        stripeEvent('checkout.session.completed', completed, now - 50),
        stripeEvent(
          'customer.subscription.created',
          subscription({ id: sub, customer, price: plan.priceId, status: 'incomplete', metadata }),
          now - 49,
        ),
        stripeEvent(
          'customer.subscription.updated',
          subscription({ id: sub, customer, price: plan.priceId, status: 'active', metadata }),
          now - 48,
        ),
        // the first month's invoice and the next month's
        stripeEvent(
          'invoice.paid',
          invoice({
            subscription: sub,
            customer,
            price: plan.priceId,
            status: 'paid',
            amount: 1900,
            metadata,
            paymentIntent: stripeId('pi'),
            period: { start: now, end: now + month },
          }),
          now - 47,
        ),
        stripeEvent(
          'invoice.paid',
          invoice({
            subscription: sub,
            customer,
            price: plan.priceId,
            status: 'paid',
            amount: 1900,
            metadata,
            period: { start: now + month, end: now + 2 * month },
          }),
          now - 20,
        ),
        stripeEvent(
          'customer.subscription.updated',
          subscription({ id: sub, customer, price: plan.priceId, status: 'past_due', metadata }),
          now - 10,
        ),
      ],
    };
  }

  async function state(userId: string): Promise<Record<string, any>> {
    const [profile] = await sql`
      select subscription_status, stripe_subscription_id, stripe_customer_id, credits_remaining, subscription_plan_id
        from dtf.profiles where id = ${userId}`;
    const [{ count }] =
      await sql`select count(*)::int as count from dtf.subscription_history where user_id = ${userId}`;
    return { ...profile, history: count };
  }

  it('applies status, history and monthly credits once per paid invoice, in order, with 5 concurrent deliveries each', async () => {
    const { user, plan, sub, customer, events } = await subscribe();
    const start = (await state(user.id)).credits_remaining;
    for (const event of events) await deliverConcurrently(event);
    expect(await state(user.id)).toMatchObject({
      subscription_status: 'past_due',
      stripe_subscription_id: sub,
      stripe_customer_id: customer,
      credits_remaining: start + 400,
      subscription_plan_id: plan.id,
      history: 3,
    });

    // cancelled; an older 'active' update arriving late does not resurrect it
    const now = Math.floor(Date.now() / 1000);
    const metadata = { product: 'dtf', user_id: user.id };
    await deliverAll([
      stripeEvent(
        'customer.subscription.deleted',
        subscription({ id: sub, customer, price: plan.priceId, status: 'canceled', metadata }),
        now,
      ),
    ]);
    const late = stripeEvent(
      'customer.subscription.updated',
      subscription({ id: sub, customer, price: plan.priceId, status: 'active', metadata }),
      now - 5,
    );
    expect((await deliver(late)).body.outcome).toBe('stale');
    expect((await state(user.id)).subscription_status).toBe('cancelled');
  });

  it('reaches the same final state from shuffled deliveries', async () => {
    for (let round = 0; round < 3; round++) {
      const { user, events } = await subscribe();
      const start = (await state(user.id)).credits_remaining;
      await deliverAll(round === 0 ? [...events].reverse() : shuffle(events));
      expect(await state(user.id)).toMatchObject({
        subscription_status: 'past_due',
        credits_remaining: start + 400,
        history: 3,
      });
    }
  });

  it('grants one allowance per period: an upgrade tops it up once, a second invoice of the period adds nothing', async () => {
    const { user, plan, sub, customer, now, events } = await subscribe();
    const larger = await dtfPlan(sql, 500, 49);
    const metadata = { product: 'dtf', user_id: user.id };
    const period = { start: now, end: now + 30 * 86400 };
    await deliverAll(events.slice(0, 4));
    const start = (await state(user.id)).credits_remaining;
    // Stripe's proration invoice: a credit for the unused time of the old plan, then the new plan
    const upgrade = stripeEvent(
      'invoice.paid',
      invoice({
        subscription: sub,
        customer,
        price: larger.priceId,
        status: 'paid',
        amount: 2000,
        metadata,
        period: { start: now + 86400, end: period.end },
        lines: [
          { price: plan.priceId, amount: -1200 },
          { price: larger.priceId, amount: 3200 },
        ],
      }),
    );
    await deliverConcurrently(upgrade);
    expect((await state(user.id)).credits_remaining).toBe(start + 300);
    const again = stripeEvent(
      'invoice.paid',
      invoice({ subscription: sub, customer, price: larger.priceId, status: 'paid', amount: 100, metadata, period }),
    );
    expect((await deliver(again)).body).toMatchObject({ outcome: 'applied', detail: '0 monthly credits' });
    expect((await state(user.id)).credits_remaining).toBe(start + 300);
  });

  it('a refund of an invoice delivered before the invoice is applied when the invoice is paid', async () => {
    const { user, plan, sub, customer, events } = await subscribe();
    const start = (await state(user.id)).credits_remaining;
    const pi = stripeId('pi');
    const metadata = { product: 'dtf', user_id: user.id };
    const paid = stripeEvent(
      'invoice.paid',
      invoice({
        subscription: sub,
        customer,
        price: plan.priceId,
        status: 'paid',
        amount: 1900,
        metadata,
        paymentIntent: pi,
      }),
    );
    const refund = stripeEvent('charge.refunded', charge(pi, 1900, 1900));
    await deliverAll(events.slice(0, 3));
    expect((await deliver(refund)).body.outcome).toBe('deferred');
    await deliverAll([paid]);
    expect(await eventRow(sql, refund.id)).toMatchObject({ outcome: 'applied_late', product: 'dtf' });
    expect((await state(user.id)).credits_remaining).toBe(start);
  });
});

// ---------------------------------------------------------------------------------------------
// ADLY subscription
// ---------------------------------------------------------------------------------------------

describe('ADLY workspace subscription', () => {
  async function subscribe() {
    const owner = await createUser(sql, 'adly');
    const plan = await adlyPlan(sql, 149);
    const workspace = await adlyWorkspace(sql, owner.id);
    const session = await openSession(owner.token, { product: 'adly', item_id: plan.id, workspace_id: workspace });
    const completed = completedSession(session);
    const sub = completed.subscription as string;
    const customer = completed.customer as string;
    const metadata = session.metadata as Record<string, string>;
    const invoiceId = stripeId('in');
    const now = Math.floor(Date.now() / 1000);
    const events = [
      stripeEvent('checkout.session.completed', completed, now - 40),
      stripeEvent(
        'customer.subscription.created',
        subscription({ id: sub, customer, price: plan.priceId, status: 'incomplete', metadata }),
        now - 39,
      ),
      stripeEvent(
        'invoice.payment_failed',
        invoice({
          id: invoiceId,
          subscription: sub,
          customer,
          price: plan.priceId,
          status: 'open',
          amount: 14900,
          currency: 'sar',
          metadata,
        }),
        now - 38,
      ),
      stripeEvent(
        'invoice.paid',
        invoice({
          id: invoiceId,
          subscription: sub,
          customer,
          price: plan.priceId,
          status: 'paid',
          amount: 14900,
          currency: 'sar',
          metadata,
        }),
        now - 30,
      ),
      stripeEvent(
        'customer.subscription.updated',
        subscription({ id: sub, customer, price: plan.priceId, status: 'active', metadata }),
        now - 29,
      ),
    ];
    return { owner, plan, workspace, sub, invoiceId, events };
  }

  async function state(workspace: string) {
    const subs = await sql`select status, plan_id from adly.workspace_subscriptions where workspace_id = ${workspace}`;
    const invoices =
      await sql`select status, amount, currency, paid_at is not null as paid from adly.invoices where workspace_id = ${workspace}`;
    return { subs, invoices };
  }

  it('records the subscription and its invoice, once each under concurrent deliveries; a subscribed workspace cannot check out again', async () => {
    const { owner, plan, workspace, events } = await subscribe();
    for (const event of events) await deliverConcurrently(event);
    expect(await state(workspace)).toEqual({
      subs: [{ status: 'active', plan_id: plan.id }],
      invoices: [{ status: 'paid', amount: '149.00', currency: 'SAR', paid: true }],
    });
    const again = await checkout(owner.token, {
      success_url: 'http://127.0.0.1:3000/ok',
      cancel_url: 'http://127.0.0.1:3000/no',
      product: 'adly',
      item_id: plan.id,
      workspace_id: workspace,
    });
    expect(again.status).toBe(409);
  });

  it('reaches the same final state from shuffled deliveries, and a deletion wins over older updates', async () => {
    for (let round = 0; round < 3; round++) {
      const { plan, workspace, sub, events } = await subscribe();
      await deliverAll(round === 0 ? [...events].reverse() : shuffle(events));
      expect(await state(workspace)).toEqual({
        subs: [{ status: 'active', plan_id: plan.id }],
        invoices: [{ status: 'paid', amount: '149.00', currency: 'SAR', paid: true }],
      });
      if (round === 0) {
        const now = Math.floor(Date.now() / 1000);
        const metadata = { product: 'adly', workspace_id: workspace };
        const customer = stripeId('cus');
        await deliverAll([
          stripeEvent(
            'customer.subscription.deleted',
            subscription({ id: sub, customer, price: plan.priceId, status: 'canceled', metadata }),
            now,
          ),
        ]);
        const older = stripeEvent(
          'customer.subscription.updated',
          subscription({ id: sub, customer, price: plan.priceId, status: 'active', metadata }),
          now - 5,
        );
        expect((await deliver(older)).body.outcome).toBe('stale');
        expect((await state(workspace)).subs[0].status).toBe('canceled');
      }
    }
  });
});
