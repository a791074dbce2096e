// Marketplace under concurrency, against a real database with many connections: invoice numbers
// stay consecutive and gap-free while fulfilments race (some of them rolled back), a checkout
// session fulfilled several times at once yields one invoice, and the counters kept by triggers
// (comments.likes_count, workflows.rating_avg / reviews_count) equal a recount after concurrent
// likes, unlikes and reviews.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concurrencyDatabase, distinctPids, failures, type Outcome } from '../support/database.ts';

const { admin, asRole, createAuthUser, warmUp, cleanup } = concurrencyDatabase();
const createdWorkflows: string[] = [];

/** A marketplace account created by the sign-up trigger. */
async function createUser(): Promise<string> {
  const { id } = await createAuthUser({
    emailPrefix: 'marketplace-concurrency',
    userMetadata: { product: 'marketplace' },
  });
  const [account] = await admin`select 1 from marketplace.users where id = ${id} and not is_deleted`;
  expect(account).toBeDefined();
  return id;
}

async function createWorkflow(price: number): Promise<string> {
  const id = randomUUID();
  await admin`
    insert into marketplace.workflows (id, title, price, status)
    values (${id}, ${`concurrency workflow ${id}`}, ${price}, 'active')`;
  createdWorkflows.push(id);
  return id;
}

/** A PENDING purchase recorded the way the checkout edge function records it. */
async function createPendingPurchase(userId: string, workflowId: string): Promise<string> {
  const session = `cs_test_concurrency_${randomUUID()}`;
  const created = await asRole(
    'service_role',
    null,
    (tx) => tx`select status from marketplace.create_checkout_purchase(${userId}, ${workflowId}, ${session})`,
  );
  expect(created.ok ? (created.value as { status: string }[])[0].status : created).toBe('PENDING');
  return session;
}

function fulfil(session: string, rollBack = false): Promise<Outcome> {
  return asRole(
    'service_role',
    null,
    (tx) =>
      tx`select id, purchase_id, invoice_year, invoice_sequence, invoice_number
         from marketplace.fulfil_checkout_purchase(${session})`,
    { rollBack },
  );
}

async function invoiceYear(): Promise<number> {
  const [row] = await admin`select extract(year from (now() at time zone 'UTC'))::int as year`;
  return row.year as number;
}

async function lastSequence(year: number): Promise<number> {
  const [row] = await admin`select last_sequence from marketplace.invoice_counters where invoice_year = ${year}`;
  return (row?.last_sequence as number | undefined) ?? 0;
}

/** Every committed invoice of the year numbered after `from`, in sequence order. */
async function invoicesAfter(year: number, from: number) {
  return admin<{ purchase_id: string; invoice_sequence: number; invoice_number: string }[]>`
    select purchase_id, invoice_sequence, invoice_number
      from marketplace.invoices
     where invoice_year = ${year} and invoice_sequence > ${from}
     order by invoice_sequence`;
}

/** The year's invoices after `before` are exactly before+1 .. counter, once each, well formatted. */
async function expectGapFreeNumbering(year: number, before: number) {
  const after = await lastSequence(year);
  const rows = await invoicesAfter(year, before);
  expect(rows.map((r) => r.invoice_sequence)).toEqual(Array.from({ length: after - before }, (_, i) => before + 1 + i));
  for (const r of rows) {
    expect(r.invoice_number).toBe(`INV-${year}-${String(r.invoice_sequence).padStart(6, '0')}`);
  }
  return { after, rows };
}

beforeAll(warmUp);

afterAll(() =>
  // Purchases (and their invoices) go with the users; then the workflows can go.
  cleanup({
    afterUsers: async () => {
      if (createdWorkflows.length)
        await admin`delete from marketplace.workflows where id in ${admin(createdWorkflows)}`;
    },
  }),
);

describe('marketplace invoices under concurrency', () => {
  it('60 racing fulfilments, 20 of them rolled back: consecutive numbers, one invoice per paid purchase', async () => {
    const workflows = await Promise.all([19, 29, 49, 99].map((price) => createWorkflow(price)));
    const prices = new Map(workflows.map((id, i) => [id, [19, 29, 49, 99][i]]));
    const buyers: { userId: string; workflowId: string; session: string }[] = [];
    for (let i = 0; i < 48; i++) {
      const userId = await createUser();
      const workflowId = workflows[i % workflows.length];
      buyers.push({ userId, workflowId, session: await createPendingPurchase(userId, workflowId) });
    }
    const committed = buyers.slice(0, 40); // fulfilled for good (12 of them also by a rolled-back attempt)
    const abandoned = buyers.slice(40); // only ever fulfilled in transactions that roll back

    const year = await invoiceYear();
    const before = await lastSequence(year);

    const jobs: { session: string; rollBack: boolean }[] = [
      ...committed.map((b) => ({ session: b.session, rollBack: false })),
      ...committed.slice(0, 12).map((b) => ({ session: b.session, rollBack: true })),
      ...abandoned.map((b) => ({ session: b.session, rollBack: true })),
    ].sort(() => Math.random() - 0.5);
    const outcomes = await Promise.all(jobs.map((j) => fulfil(j.session, j.rollBack)));

    expect(distinctPids(outcomes)).toBeGreaterThanOrEqual(8);
    expect(failures(outcomes)).toEqual([]);
    expect(outcomes.filter((o) => !o.ok && o.rolledBack)).toHaveLength(20);
    const returned = new Map<string, { id: string; invoice_sequence: number }>();
    jobs.forEach((j, i) => {
      const o = outcomes[i];
      if (o.ok) returned.set(j.session, (o.value as { id: string; invoice_sequence: number }[])[0]);
    });
    expect(returned.size).toBe(40);

    // Numbering: the counter moved by exactly the committed fulfilments (when nothing else in the
    // database issued invoices meanwhile) and every number in between exists exactly once.
    const { after, rows } = await expectGapFreeNumbering(year, before);
    expect(after - before).toBeGreaterThanOrEqual(40);

    const purchases = await admin<
      { session: string; id: string; status: string; invoices: number; invoice_id: string | null }[]
    >`
      select p.stripe_checkout_session_id as session, p.id, p.status::text as status,
             count(i.id)::int as invoices, min(i.id::text) as invoice_id
        from marketplace.purchases p
        left join marketplace.invoices i on i.purchase_id = p.id
       where p.stripe_checkout_session_id in ${admin(buyers.map((b) => b.session))}
       group by p.id`;
    const bySession = new Map(purchases.map((p) => [p.session, p]));
    for (const b of committed) {
      const p = bySession.get(b.session)!;
      expect(p.status).toBe('ACTIVE');
      expect(p.invoices).toBe(1);
      expect(p.invoice_id).toBe(returned.get(b.session)!.id);
    }
    for (const b of abandoned) {
      const p = bySession.get(b.session)!;
      expect(p.status).toBe('PENDING');
      expect(p.invoices).toBe(0);
    }
    const mine = new Set(committed.map((b) => bySession.get(b.session)!.id));
    expect(rows.filter((r) => mine.has(r.purchase_id))).toHaveLength(40);

    // Side effects of the committed fulfilments only: one notification each, exact analytics.
    const [notes] = await admin`
      select count(*)::int as n from marketplace.notifications
       where user_id in ${admin(buyers.map((b) => b.userId))} and type = 'SUCCESS'`;
    expect(notes.n).toBe(40);
    const analytics = await admin<{ workflow_id: string; sales: number; revenue: string }[]>`
      select workflow_id, sum(sales_count)::int as sales, sum(revenue)::text as revenue
        from marketplace.analytics_daily where workflow_id in ${admin(workflows)}
       group by workflow_id`;
    for (const wf of workflows) {
      const sales = committed.filter((b) => b.workflowId === wf).length;
      const row = analytics.find((a) => a.workflow_id === wf);
      expect(row?.sales).toBe(sales);
      expect(Number(row?.revenue)).toBe(sales * prices.get(wf)!);
    }
  });

  it('each of 8 sessions fulfilled 5 times at once: one invoice per session, returned to every call', async () => {
    const workflowId = await createWorkflow(15);
    const sessions: string[] = [];
    const users: string[] = [];
    for (let i = 0; i < 8; i++) {
      const userId = await createUser();
      users.push(userId);
      sessions.push(await createPendingPurchase(userId, workflowId));
    }
    const year = await invoiceYear();
    const before = await lastSequence(year);

    const jobs = sessions.flatMap((s) => Array.from({ length: 5 }, () => s)).sort(() => Math.random() - 0.5);
    const outcomes = await Promise.all(jobs.map((s) => fulfil(s)));

    expect(distinctPids(outcomes)).toBeGreaterThanOrEqual(8);
    expect(failures(outcomes)).toEqual([]);
    for (const session of sessions) {
      const ids = new Set(
        jobs.flatMap((s, i) => (s === session ? [(outcomes[i] as { value: { id: string }[] }).value[0].id] : [])),
      );
      expect(ids.size).toBe(1);
      const [stored] = await admin`
        select count(i.id)::int as n, min(i.id::text) as id
          from marketplace.purchases p join marketplace.invoices i on i.purchase_id = p.id
         where p.stripe_checkout_session_id = ${session}`;
      expect(stored.n).toBe(1);
      expect(stored.id).toBe([...ids][0]);
    }

    const { rows } = await expectGapFreeNumbering(year, before);
    expect(rows.length).toBeGreaterThanOrEqual(8);
    const [notes] = await admin`
      select count(*)::int as n from marketplace.notifications where user_id in ${admin(users)} and type = 'SUCCESS'`;
    expect(notes.n).toBe(8);
    const [sales] = await admin`
      select coalesce(sum(sales_count), 0)::int as n from marketplace.analytics_daily where workflow_id = ${workflowId}`;
    expect(sales.n).toBe(8);
  });
});

describe('marketplace counters under concurrency', () => {
  it('concurrent likes and unlikes by 40 users keep comments.likes_count equal to a recount', async () => {
    const workflowId = await createWorkflow(0);
    const author = await createUser();
    const [comment] = await admin`
      insert into marketplace.comments (workflow_id, user_id, content)
      values (${workflowId}, ${author}, 'Which trigger does this use?') returning id`;
    const commentId = comment.id as string;
    const users = await Promise.all(Array.from({ length: 40 }, () => createUser()));

    const like = (userId: string) =>
      asRole(
        'authenticated',
        userId,
        (tx) => tx`insert into marketplace.comment_likes (comment_id, user_id) values (${commentId}, ${userId})`,
      );
    const unlike = (userId: string) =>
      asRole(
        'authenticated',
        userId,
        async (tx) =>
          (await tx`delete from marketplace.comment_likes where comment_id = ${commentId} and user_id = ${userId}`)
            .count,
      );

    // Round 1: users 0-19 like at once.
    const first = await Promise.all(users.slice(0, 20).map(like));
    expect(failures(first)).toEqual([]);

    // Round 2: 0-11 unlike, 20-39 like, 20-27 like a second time, 12-19 like again (already liked),
    // and 32-39 unlike right away, all at once.
    const jobs: { kind: string; run: () => Promise<Outcome> }[] = [
      ...users.slice(0, 12).map((u) => ({ kind: 'unlike', run: () => unlike(u) })),
      ...users.slice(20, 40).map((u) => ({ kind: 'like', run: () => like(u) })),
      ...users.slice(20, 28).map((u) => ({ kind: 'like', run: () => like(u) })),
      ...users.slice(12, 20).map((u) => ({ kind: 'relike', run: () => like(u) })),
      ...users.slice(32, 40).map((u) => ({ kind: 'unlike-new', run: () => unlike(u) })),
    ].sort(() => Math.random() - 0.5);
    const outcomes = await Promise.all(jobs.map((j) => j.run()));
    expect(distinctPids(outcomes)).toBeGreaterThanOrEqual(8);

    // A second like of the same comment is refused by the unique constraint, nothing else fails.
    for (const o of outcomes.filter((x) => !x.ok)) {
      expect(o.ok ? null : o.code).toBe('23505');
    }
    expect(outcomes.filter((o) => !o.ok)).toHaveLength(16);
    jobs.forEach((j, i) => {
      if (j.kind === 'unlike') expect(outcomes[i]).toMatchObject({ ok: true, value: 1 });
    });

    const [counts] = await admin`
      select c.likes_count, (select count(*)::int from marketplace.comment_likes l where l.comment_id = c.id) as recount
        from marketplace.comments c where c.id = ${commentId}`;
    expect(counts.likes_count).toBe(counts.recount);
    // 8 of 20 kept their like, and of 20 new likers at most 20 and at least 12 still like it.
    expect(counts.recount).toBeGreaterThanOrEqual(20);
    expect(counts.recount).toBeLessThanOrEqual(28);

    // Round 3: everyone unlikes at once: back to zero.
    const last = await Promise.all(users.map(unlike));
    expect(failures(last)).toEqual([]);
    const [zero] = await admin`select likes_count from marketplace.comments where id = ${commentId}`;
    expect(zero.likes_count).toBe(0);
  });

  it('concurrent reviews, edits and deletions by 40 users keep rating_avg and reviews_count exact', async () => {
    const workflowId = await createWorkflow(0); // free: every account may review it
    const users = await Promise.all(Array.from({ length: 40 }, () => createUser()));
    const ratingOf = (i: number) => (i % 5) + 1;

    const review = (i: number, rating: number) =>
      asRole(
        'authenticated',
        users[i],
        (tx) =>
          tx`insert into marketplace.workflow_reviews (workflow_id, user_id, rating, title)
           values (${workflowId}, ${users[i]}, ${rating}, ${`review ${i}`})`,
      );
    const edit = (i: number, rating: number) =>
      asRole(
        'authenticated',
        users[i],
        async (tx) =>
          (
            await tx`update marketplace.workflow_reviews set rating = ${rating}
                   where workflow_id = ${workflowId} and user_id = ${users[i]}`
          ).count,
      );
    const remove = (i: number) =>
      asRole(
        'authenticated',
        users[i],
        async (tx) =>
          (
            await tx`delete from marketplace.workflow_reviews
                   where workflow_id = ${workflowId} and user_id = ${users[i]}`
          ).count,
      );

    async function expectAggregatesMatchRecount() {
      const [row] = await admin`
        select w.reviews_count, w.rating_avg::text as rating_avg,
               (select count(*)::int from marketplace.workflow_reviews r where r.workflow_id = w.id) as n,
               (select round(avg(r.rating), 2)::text from marketplace.workflow_reviews r where r.workflow_id = w.id) as avg
          from marketplace.workflows w where w.id = ${workflowId}`;
      expect(row.reviews_count).toBe(row.n);
      expect(row.rating_avg).toBe(row.avg);
      return row;
    }

    // Round 1: 30 users review at once.
    const first = await Promise.all(Array.from({ length: 30 }, (_, i) => review(i, ratingOf(i))));
    expect(distinctPids(first)).toBeGreaterThanOrEqual(8);
    expect(failures(first)).toEqual([]);
    const r1 = await expectAggregatesMatchRecount();
    expect(r1.n).toBe(30);

    // Round 2: 0-9 change their rating to 5, 10-17 delete theirs, 30-39 review, all at once.
    const jobs = [
      ...Array.from({ length: 10 }, (_, i) => () => edit(i, 5)),
      ...Array.from({ length: 8 }, (_, i) => () => remove(10 + i)),
      ...Array.from({ length: 10 }, (_, i) => () => review(30 + i, 1)),
    ].sort(() => Math.random() - 0.5);
    const outcomes = await Promise.all(jobs.map((job) => job()));
    expect(failures(outcomes)).toEqual([]);
    const r2 = await expectAggregatesMatchRecount();
    expect(r2.n).toBe(32);
    const expected = [
      ...Array.from({ length: 10 }, () => 5),
      ...Array.from({ length: 12 }, (_, i) => ratingOf(18 + i)),
      ...Array.from({ length: 10 }, () => 1),
    ];
    expect(r2.avg).toBe((expected.reduce((a, b) => a + b, 0) / expected.length).toFixed(2));

    // Round 3: everyone removes his review at once: no reviews, no average.
    const last = await Promise.all(users.map((_, i) => remove(i)));
    expect(failures(last)).toEqual([]);
    const r3 = await expectAggregatesMatchRecount();
    expect(r3.n).toBe(0);
    expect(r3.rating_avg).toBeNull();
  });
});
