// Scheduled jobs run concurrently, as cron, an operator and a catch-up run may start them at once:
// one run of a job at a time (the others are skipped and logged), and even the job functions
// raced directly apply each effect once. In a fresh database, because the jobs act on every user.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCron } from '../../scripts/local/cron-schedule.ts';
import { adminDatabaseUrl, createFreshDatabase, type FreshDatabase } from '../support/fresh-database.ts';

const racers = 8;

describe.skipIf(!adminDatabaseUrl)('scheduled jobs under concurrency', () => {
  let database: FreshDatabase;
  let sql: postgres.Sql;
  let userId: string;

  beforeAll(async () => {
    database = await createFreshDatabase(`jobs_race_${process.pid}`, { seed: true });
    sql = postgres(database.url, { max: racers + 1, onnotice: () => {} });
    // a DTF user with 20 lots of 3 credits each, all expiring tomorrow
    [{ id: userId }] = await sql`
      insert into auth.users (instance_id, id, aud, role, email, raw_user_meta_data, created_at, updated_at)
      values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated',
              'jobs-race@example.com', '{"product": "dtf"}', now(), now())
      returning id`;
    for (let lot = 0; lot < 20; lot++) {
      await sql`select private.dtf_post_credit_change(${userId}, 'purchase', 3,
        p_expires_at => now() + interval '1 day', p_stripe_payment_intent_id => ${`pi_race_${lot}`})`;
    }
  }, 120_000);

  afterAll(async () => {
    await sql?.end();
    await database?.drop();
  });

  async function ledger() {
    const [row] = await sql`
      select (select credits_remaining from dtf.profiles where id = ${userId}) as balance,
             (select sum(amount)::int from dtf.credit_transactions where user_id = ${userId}) as ledger_sum,
             (select count(*)::int from dtf.credit_transactions where user_id = ${userId} and transaction_type = 'expiration') as expirations,
             (select count(*)::int from dtf.credit_transactions
               where user_id = ${userId} and transaction_type = 'expiration'
               group by related_transaction_id order by 1 desc limit 1) as most_per_lot`;
    return row;
  }

  it('every schedule is one the local scheduler reads as pg_cron does', async () => {
    const jobs = await sql<{ name: string; schedule: string }[]>`select name, schedule from private.scheduled_jobs`;
    expect(jobs.length).toBeGreaterThanOrEqual(7);
    for (const job of jobs) expect(() => parseCron(job.schedule), job.name).not.toThrow();
  });

  it('while a run of a job is under way, runs started meanwhile are skipped and logged', async () => {
    await sql`update private.scheduled_jobs set batch_size = 5 where name = 'dtf-credit-expiry'`;
    let acquired!: () => void;
    let release!: () => void;
    const running = new Promise<void>((resolve) => {
      acquired = resolve;
    });
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    // the first run keeps its transaction (and the job's lock) open until the others have tried
    const first = sql.begin(async (tx) => {
      const [{ run }] = await tx`select private.run_job('dtf-credit-expiry', now() + interval '2 days') as run`;
      acquired();
      await released;
      return run as { status: string; result: { credits_expired: number } };
    });
    await running;
    const others = await Promise.all(
      Array.from({ length: racers }, () =>
        sql`select private.run_job('dtf-credit-expiry', now() + interval '2 days') as run`.then(([r]) => r.run),
      ),
    );
    release();
    const firstRun = await first;

    expect(firstRun.status).toBe('succeeded');
    expect(firstRun.result.credits_expired).toBe(15); // one batch: 5 lots of 3
    expect(others.map((r) => `${r.status}: ${r.result.reason}`)).toEqual(
      Array(racers).fill('skipped: another run of this job is in progress'),
    );
    const [{ logged }] =
      await sql`select count(*)::int as logged from private.job_runs where job_name = 'dtf-credit-expiry'`;
    expect(logged).toBe(racers + 1);
  });

  it('the expiry function raced directly still expires each lot once', async () => {
    const results = await Promise.all(
      Array.from({ length: racers }, () =>
        sql`select dtf.expire_credits(now() + interval '2 days', 4) as expired`.then(([r]) => r.expired as number),
      ),
    );
    const rest = await sql`select dtf.expire_credits(now() + interval '2 days') as expired`;
    expect(results.reduce((a, b) => a + b, 0) + rest[0].expired).toBe(45); // the 15 lots the job left
    const after = await ledger();
    expect(after.expirations).toBe(20);
    expect(after.most_per_lot).toBe(1);
    expect(after.balance).toBe(after.ledger_sum);
  });
});
