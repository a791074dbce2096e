// Course platform purchases under concurrency, against a real database with many connections:
// refunds racing purchases (or other refunds) of overlapping products leave each user with
// exactly the access his unrefunded purchases grant, and a checkout session recorded several
// times at once gives one purchase.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concurrencyDatabase, distinctPids, failures, type Outcome } from '../support/database.ts';

const { admin, asRole, createAuthUser, warmUp, cleanup } = concurrencyDatabase();
const createdProducts: string[] = [];
const createdCourses: string[] = [];

type Purchase = {
  id: string;
  user_id: string;
  product_id: string;
  granted_course_ids: string[];
  refunded_at: Date | null;
};

/**
 * An auth user. With `enrolled`, the sign-up trigger creates his course platform account;
 * without, the purchase webhook is the first to see him and enrols him itself.
 */
async function createUser(enrolled = true): Promise<string> {
  const { id } = await createAuthUser({
    emailPrefix: 'courses-concurrency',
    userMetadata: enrolled ? { product: 'courses', full_name: 'Concurrency Learner' } : {},
  });
  return id;
}

async function createCourse(): Promise<string> {
  const [row] = await admin`
    insert into courses.courses (title, description) values ('Concurrency course', 'Created by a concurrency test')
    returning id`;
  createdCourses.push(row.id as string);
  return row.id as string;
}

async function createProduct(courseIds: string[], priceDollars: number): Promise<string> {
  const [row] = await admin`
    insert into courses.products (name, description, image_url, price_dollars, status)
    values ('Concurrency bundle', 'Created by a concurrency test', 'https://example.com/bundle.png', ${priceDollars}, 'public')
    returning id`;
  const id = row.id as string;
  createdProducts.push(id);
  for (const courseId of courseIds) {
    await admin`insert into courses.course_products (course_id, product_id) values (${courseId}, ${id})`;
  }
  return id;
}

function recordPurchase(userId: string, productId: string, session: string, cents: number): Promise<Outcome> {
  return asRole(
    'service_role',
    null,
    (tx) =>
      tx`select id, user_id, product_id, granted_course_ids
         from courses.record_purchase(${userId}, ${productId}, ${session}, ${cents}, ${`pi_${session}`})`,
  );
}

function refund(session: string): Promise<Outcome> {
  return asRole(
    'service_role',
    null,
    (tx) => tx`select id, refunded_at from courses.refund_purchase(p_stripe_session_id => ${session})`,
  );
}

function newSession(): string {
  return `cs_test_courses_concurrency_${randomUUID()}`;
}

/** Access rows of the user, and the courses his unrefunded purchases grant. */
async function accessState(userId: string) {
  const access = await admin<{ course_id: string; granted_manually: boolean }[]>`
    select course_id, granted_manually from courses.user_course_access where user_id = ${userId}`;
  const purchases = await admin<Purchase[]>`
    select id, user_id, product_id, granted_course_ids, refunded_at from courses.purchases where user_id = ${userId}`;
  const granted = new Set(purchases.filter((p) => p.refunded_at === null).flatMap((p) => p.granted_course_ids));
  return { access: access.map((a) => a.course_id).sort(), granted: [...granted].sort(), purchases };
}

/** The audit log agrees with the access rows: grants minus revokes is 1 exactly where access exists. */
async function expectLogMatchesAccess(userId: string) {
  const rows = await admin<{ course_id: string; balance: number; has_access: boolean }[]>`
    select l.course_id,
           sum(case when l.action = 'grant' then 1 else -1 end)::int as balance,
           exists (select 1 from courses.user_course_access a
                    where a.user_id = l.user_id and a.course_id = l.course_id) as has_access
      from courses.access_changes l
     where l.user_id = ${userId}
     group by l.user_id, l.course_id`;
  for (const r of rows) expect(r.balance).toBe(r.has_access ? 1 : 0);
}

beforeAll(warmUp);

afterAll(() =>
  // Purchases restrict deleting their user and product: remove them first, then the users
  // (access rows and the audit log go with them), then products and courses.
  cleanup({
    beforeUsers: async (users) => {
      if (users.length) await admin`delete from courses.purchases where user_id in ${admin(users)}`;
    },
    afterUsers: async () => {
      if (createdProducts.length) await admin`delete from courses.products where id in ${admin(createdProducts)}`;
      if (createdCourses.length) await admin`delete from courses.courses where id in ${admin(createdCourses)}`;
    },
  }),
);

describe('courses purchases and refunds under concurrency', () => {
  it('refunds racing purchases and other refunds of overlapping products leave exactly the unrefunded access', async () => {
    // P1 = {c1, c2}, P2 = {c2, c3}, P3 = {c3, c4}: c2 and c3 are each in two products.
    const [c1, c2, c3, c4] = await Promise.all([createCourse(), createCourse(), createCourse(), createCourse()]);
    const p1 = await createProduct([c1, c2], 30);
    const p2 = await createProduct([c2, c3], 40);
    const p3 = await createProduct([c3, c4], 50);

    type Plan = { userId: string; before: { product: string; session: string }[]; race: (() => Promise<Outcome>)[] };
    const plans: Plan[] = [];
    for (let i = 0; i < 36; i++) {
      const userId = await createUser(i % 2 === 0);
      const a = { product: p1, session: newSession() };
      const b = { product: p2, session: newSession() };
      const c = { product: p3, session: newSession() };
      if (i < 12) {
        // owns P1; refund of P1 races the purchase of P2 (which shares c2)
        plans.push({
          userId,
          before: [a],
          race: [() => refund(a.session), () => recordPurchase(userId, p2, b.session, 4000)],
        });
      } else if (i < 24) {
        // owns P1 and P2; both refunds race each other (each alone would keep c2)
        plans.push({ userId, before: [a, b], race: [() => refund(a.session), () => refund(b.session)] });
      } else {
        // owns P1 and P2; refunds of both race the purchase of P3 (shares c3) and a replay of P2's event
        plans.push({
          userId,
          before: [a, b],
          race: [
            () => refund(a.session),
            () => refund(b.session),
            () => recordPurchase(userId, p3, c.session, 5000),
            () => recordPurchase(userId, p2, b.session, 4000),
          ],
        });
      }
    }
    for (const plan of plans) {
      for (const p of plan.before) {
        const recorded = await recordPurchase(plan.userId, p.product, p.session, p.product === p1 ? 3000 : 4000);
        expect(failures([recorded])).toEqual([]);
      }
    }

    const jobs = plans.flatMap((p) => p.race).sort(() => Math.random() - 0.5);
    const outcomes = await Promise.all(jobs.map((job) => job()));
    expect(distinctPids(outcomes)).toBeGreaterThanOrEqual(8);
    expect(failures(outcomes)).toEqual([]);

    const expected = (i: number) => (i < 12 ? [c2, c3] : i < 24 ? [] : [c3, c4]);
    const race = (i: number) =>
      i < 12 ? 'refund P1 / buy P2' : i < 24 ? 'refund P1 / refund P2' : 'refund P1, P2 / buy P3 / replay P2';
    for (const [i, plan] of plans.entries()) {
      const state = await accessState(plan.userId);
      expect({ race: race(i), access: state.access }).toEqual({ race: race(i), access: state.granted });
      expect({ race: race(i), access: state.access }).toEqual({ race: race(i), access: expected(i).sort() });
      await expectLogMatchesAccess(plan.userId);
    }

    // What the user himself is told agrees with the rows.
    const check = await asRole(
      'authenticated',
      plans[0].userId,
      (tx) =>
        tx`select courses.has_course_access(${c1}) as c1, courses.has_course_access(${c2}) as c2,
                courses.has_course_access(${c3}) as c3`,
    );
    expect(check).toMatchObject({ ok: true, value: [{ c1: false, c2: true, c3: true }] });
  });

  it('the same checkout session recorded 6 times at once gives one purchase and one grant per course', async () => {
    const [c1, c2] = await Promise.all([createCourse(), createCourse()]);
    const product = await createProduct([c1, c2], 25);
    const users = await Promise.all(Array.from({ length: 8 }, (_, i) => createUser(i % 2 === 0)));
    const sessions = users.map(() => newSession());

    const jobs = users
      .flatMap((userId, i) => Array.from({ length: 6 }, () => ({ userId, session: sessions[i] })))
      .sort(() => Math.random() - 0.5);
    const outcomes = await Promise.all(jobs.map((j) => recordPurchase(j.userId, product, j.session, 2500)));
    expect(distinctPids(outcomes)).toBeGreaterThanOrEqual(8);
    expect(failures(outcomes)).toEqual([]);

    for (const [i, userId] of users.entries()) {
      const ids = new Set(
        jobs.flatMap((j, k) => (j.userId === userId ? [(outcomes[k] as { value: { id: string }[] }).value[0].id] : [])),
      );
      expect(ids.size).toBe(1);
      const rows = await admin`select id from courses.purchases where stripe_session_id = ${sessions[i]}`;
      expect(rows.map((r) => r.id)).toEqual([...ids]);
      const [enrolled] = await admin`select count(*)::int as n from courses.users where id = ${userId}`;
      expect(enrolled.n).toBe(1);
      const state = await accessState(userId);
      expect(state.access).toEqual([c1, c2].sort());
      const [grants] = await admin`
        select count(*)::int as n from courses.access_changes
         where user_id = ${userId} and action = 'grant' and source = 'purchase'`;
      expect(grants.n).toBe(2);
    }
  });

  it('one session id recorded at once for 6 different users: one purchase, the others refused with CR003', async () => {
    const course = await createCourse();
    const product = await createProduct([course], 10);
    const users = await Promise.all(Array.from({ length: 6 }, (_, i) => createUser(i % 2 === 0)));
    const session = newSession();

    const outcomes = await Promise.all(users.map((u) => recordPurchase(u, product, session, 1000)));
    const winners = outcomes.filter((o) => o.ok);
    expect(winners).toHaveLength(1);
    for (const o of outcomes.filter((x) => !x.ok)) {
      expect(o.ok ? null : o.code).toBe('CR003');
      expect(o.ok ? '' : o.message).toBe(
        `record_purchase: Stripe session ${session} is already recorded for a different purchase`,
      );
    }
    const rows = await admin<
      { user_id: string }[]
    >`select user_id from courses.purchases where stripe_session_id = ${session}`;
    expect(rows).toHaveLength(1);
    const [access] = await admin`
      select count(*)::int as n from courses.user_course_access where course_id = ${course}`;
    expect(access.n).toBe(1);
    const [holder] = await admin`select user_id from courses.user_course_access where course_id = ${course}`;
    expect(holder.user_id).toBe(rows[0].user_id);
  });
});
