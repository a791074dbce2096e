// DTF Editor credits under concurrency: many connections hitting one balance at once never
// overdraw it, every success writes exactly one ledger row, refusals are clean DT001 errors, and
// the balance_before/balance_after chain stays unbroken.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concurrencyDatabase, distinctPids, type Outcome } from '../support/database.ts';

const { admin, asRole, createAuthUser, warmUp, cleanup } = concurrencyDatabase();

/** A new DTF Editor user (2 welcome credits) topped up to `balance` credits. */
async function createUser(balance: number): Promise<string> {
  const { id } = await createAuthUser({ emailPrefix: 'dtf-concurrency', userMetadata: { product: 'dtf' } });
  if (balance > 2) {
    const topUp = await asRole(
      'service_role',
      null,
      (tx) => tx`select dtf.add_user_credits(${id}, ${balance - 2}, 'bonus', 'test top-up')`,
    );
    expect(topUp.ok).toBe(true);
  }
  return id;
}

async function ledger(userId: string) {
  return admin<{ transaction_type: string; amount: number; balance_before: number; balance_after: number }[]>`
    select transaction_type, amount, balance_before, balance_after
      from dtf.credit_transactions where user_id = ${userId} order by entry_no`;
}

async function balanceOf(userId: string): Promise<number> {
  const [row] = await admin`select credits_remaining from dtf.profiles where id = ${userId}`;
  return row.credits_remaining as number;
}

function expectUnbrokenChain(rows: Awaited<ReturnType<typeof ledger>>, finalBalance: number) {
  expect(rows[0].balance_before).toBe(0);
  for (let i = 0; i < rows.length; i++) {
    expect(rows[i].balance_after).toBe(rows[i].balance_before + rows[i].amount);
    expect(rows[i].balance_after).toBeGreaterThanOrEqual(0);
    if (i > 0) expect(rows[i].balance_before).toBe(rows[i - 1].balance_after);
  }
  expect(rows.at(-1)!.balance_after).toBe(finalBalance);
}

function expectCleanRefusals(outcomes: Outcome[]) {
  for (const o of outcomes.filter((x) => !x.ok)) {
    expect(o.ok ? null : o.code).toBe('DT001');
    expect(o.ok ? '' : o.message).toMatch(/^insufficient credits: \d+ required, \d+ available$/);
  }
}

beforeAll(warmUp);

afterAll(() => cleanup());

describe('dtf credits under concurrency', () => {
  it('200 concurrent 1-credit deductions against 100 credits: exactly 100 succeed', async () => {
    const userId = await createUser(100);

    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        asRole(
          'service_role',
          null,
          (tx) => tx`select dtf.deduct_user_credits(${userId}, 1, 'usage', ${`race ${i}`}) as balance`,
        ),
      ),
    );

    expect(distinctPids(outcomes)).toBeGreaterThanOrEqual(8);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(100);
    expect(outcomes.filter((o) => !o.ok)).toHaveLength(100);
    expectCleanRefusals(outcomes);

    expect(await balanceOf(userId)).toBe(0);
    const rows = await ledger(userId);
    expect(rows.filter((r) => r.transaction_type === 'usage')).toHaveLength(100);
    expect(rows).toHaveLength(102); // welcome bonus + top-up + 100 deductions
    expectUnbrokenChain(rows, 0);

    const [totals] = await admin`select total_credits_used from dtf.profiles where id = ${userId}`;
    expect(totals.total_credits_used).toBe(100);
  });

  it('concurrent purchases (each delivered twice) mixed with deductions keep the books exact', async () => {
    const userId = await createUser(100);
    const packageId = randomUUID();
    await admin`
      insert into dtf.pay_as_you_go_packages (id, name, credits, price, is_active)
      values (${packageId}, ${`concurrency pack ${packageId}`}, 5, 1, false)`;

    const purchases = Array.from({ length: 100 }, (_, i) => `cs_concurrency_${packageId}_${i}`);
    const jobs: (() => Promise<Outcome>)[] = [];
    for (const session of [...purchases, ...purchases]) {
      jobs.push(() =>
        asRole(
          'service_role',
          null,
          (tx) => tx`select * from dtf.fulfil_credit_purchase(${userId}, ${packageId}, ${session})`,
        ),
      );
    }
    for (let i = 0; i < 300; i++) {
      jobs.push(() => asRole('service_role', null, (tx) => tx`select dtf.deduct_user_credits(${userId}, 1)`));
    }
    jobs.sort(() => Math.random() - 0.5);

    const outcomes = await Promise.all(jobs.map((job) => job()));
    expect(distinctPids(outcomes)).toBeGreaterThanOrEqual(8);

    const purchaseOutcomes = outcomes.filter(
      (o) =>
        o.ok &&
        Array.isArray(o.value) &&
        (o.value as { already_applied?: boolean }[])[0]?.already_applied !== undefined,
    ) as Extract<Outcome, { ok: true }>[];
    expect(purchaseOutcomes).toHaveLength(200);
    const applied = purchaseOutcomes.filter((o) => !(o.value as { already_applied: boolean }[])[0].already_applied);
    expect(applied).toHaveLength(100);

    const deductionsOk = outcomes.filter((o) => o.ok).length - 200;
    const refusals = outcomes.filter((o) => !o.ok);
    expect(deductionsOk + refusals.length).toBe(300);
    expectCleanRefusals(outcomes);

    const expected = 100 + 100 * 5 - deductionsOk;
    expect(await balanceOf(userId)).toBe(expected);
    const rows = await ledger(userId);
    expect(rows.filter((r) => r.transaction_type === 'purchase')).toHaveLength(100);
    expect(rows.filter((r) => r.transaction_type === 'usage')).toHaveLength(deductionsOk);
    expectUnbrokenChain(rows, expected);
  });

  it('50 concurrent image operations by the user against 20 credits: exactly 20 start', async () => {
    const userId = await createUser(20);
    const imageId = randomUUID();
    await admin`insert into dtf.images (id, user_id, original_filename) values (${imageId}, ${userId}, 'race.png')`;
    const [price] =
      await admin`select credits from dtf.operation_credit_prices where operation_type = 'upscale' and is_active`;
    expect(price?.credits).toBe(1);

    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () =>
        asRole(
          'authenticated',
          userId,
          (tx) => tx`select id from dtf.start_image_operation(${imageId}, 'upscale', 'concurrency-provider')`,
        ),
      ),
    );

    expect(outcomes.filter((o) => o.ok)).toHaveLength(20);
    expect(outcomes.filter((o) => !o.ok)).toHaveLength(30);
    expectCleanRefusals(outcomes);
    expect(await balanceOf(userId)).toBe(0);
    const [ops] = await admin`select count(*)::int as n from dtf.image_operations where image_id = ${imageId}`;
    expect(ops.n).toBe(20);
    expectUnbrokenChain(await ledger(userId), 0);
  });
});
