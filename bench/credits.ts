// Credit deductions per second: dtf.deduct_user_credits called as a backend (an edge function
// holding its own pooled database connections) calls it: the connections run as service_role with
// its claims, set once when each connection opens, and each deduction is one statement in its own
// transaction (autocommit): one round trip. From 2, 8 and 32 concurrent connections, spread over
// many users and all on one hot user; the ledger consistency check after each run.
import postgres from 'postgres';

export interface LedgerCheck {
  badStarts: number;
  brokenLinks: number;
  badRows: number;
  balanceMismatches: number;
  /** Ledger rows written by the run minus the deductions that succeeded (must be 0). */
  lostOrExtraRows: number;
  /** Credits that left the balances minus credits deducted (must be 0). */
  balanceDrift: number;
  anomalies: number;
  ms: number;
}

export interface CreditRun {
  mode: 'spread' | 'hot';
  connections: number;
  /** 'on' (durable, the production setting) or 'off' (the WAL flush left out, for comparison). */
  synchronousCommit: string;
  seconds: number;
  deductions: number;
  perSecond: number;
  refused: number;
  errors: Record<string, number>;
  latencyMedianMs: number;
  latencyP95Ms: number;
  check: LedgerCheck;
}

/** The whole ledger's invariants, plus what this run must have written. */
async function checkLedger(
  sql: postgres.Sql,
  runId: string,
  expectedRows: number,
  expectedDrop: number,
  balanceBefore: number,
): Promise<LedgerCheck> {
  const started = performance.now();
  const [row] = await sql`
    with chain as (
      select t.user_id, t.balance_before, t.balance_after, t.amount,
             lag(t.balance_after) over w as previous_after,
             row_number() over (partition by t.user_id order by t.entry_no desc) as from_end
        from dtf.credit_transactions t
      window w as (partition by t.user_id order by t.entry_no)
    )
    select count(*) filter (where previous_after is null and balance_before <> 0)::int as bad_starts,
           count(*) filter (where previous_after is not null and balance_before <> previous_after)::int as broken_links,
           count(*) filter (where balance_after <> balance_before + amount or balance_after < 0)::int as bad_rows,
           (select count(*)::int from dtf.profiles p
              left join chain c on c.user_id = p.id and c.from_end = 1
             where p.credits_remaining <> coalesce(c.balance_after, 0)) as balance_mismatches,
           (select count(*)::int from dtf.credit_transactions t where t.metadata ->> 'bench_run' = ${runId}) as run_rows,
           (select sum(p.credits_remaining)::bigint from dtf.profiles p) as balance_after_run
      from chain`;
  const lostOrExtraRows = row.run_rows - expectedRows;
  const balanceDrift = balanceBefore - Number(row.balance_after_run) - expectedDrop;
  const check = {
    badStarts: row.bad_starts,
    brokenLinks: row.broken_links,
    badRows: row.bad_rows,
    balanceMismatches: row.balance_mismatches,
    lostOrExtraRows,
    balanceDrift,
    anomalies: 0,
    ms: performance.now() - started,
  };
  check.anomalies =
    check.badStarts +
    check.brokenLinks +
    check.badRows +
    check.balanceMismatches +
    Math.abs(lostOrExtraRows) +
    (balanceDrift === 0 ? 0 : 1);
  return check;
}

async function totalBalance(sql: postgres.Sql): Promise<number> {
  const [row] = await sql`select sum(credits_remaining)::bigint as total from dtf.profiles`;
  return Number(row.total);
}

export async function measureCredits(options: {
  url: string;
  users: string[];
  hotUser: string;
  connectionCounts: number[];
  seconds: number;
  log: (line: string) => void;
}): Promise<{ baseline: LedgerCheck; runs: CreditRun[] }> {
  const admin = postgres(options.url, { max: 1, onnotice: () => {} });
  const runs: CreditRun[] = [];
  try {
    // Enough credits for any run, granted through the credit functions themselves.
    await admin`select dtf.add_user_credits(u, 1000000, 'bonus', 'benchmark top-up') from unnest(${options.users}::uuid[]) u`;
    await admin`select dtf.add_user_credits(${options.hotUser}, 10000000, 'bonus', 'benchmark top-up')`;
    const baseline = await checkLedger(admin, 'none', 0, 0, await totalBalance(admin));
    options.log(
      `  ledger before the runs: ${baseline.anomalies} anomalies (${(baseline.ms / 1000).toFixed(1)} s to check)`,
    );

    // The spread and hot runs at every connection count, with durable commits; then one spread run
    // with synchronous_commit off, which tells the cost of the WAL flush from the cost of the work.
    const plan = [
      ...(['spread', 'hot'] as const).flatMap((mode) =>
        options.connectionCounts.map((connections) => ({ mode, connections, synchronousCommit: 'on' })),
      ),
      { mode: 'spread' as const, connections: 8, synchronousCommit: 'off' },
    ];
    for (const run of plan) {
      const { mode, connections } = run;
      {
        const runId = `${mode}-${connections}-${run.synchronousCommit}-${Date.now()}`;
        const claims = JSON.stringify({ role: 'service_role', iss: 'supabase-demo' });
        // Role, claims and the commit setting are startup parameters of each connection, so a
        // deduction is a single statement: the function call, committed on its own.
        const pool = postgres(options.url, {
          max: connections,
          onnotice: () => {},
          prepare: true,
          connection: { role: 'service_role', 'request.jwt.claims': claims, synchronous_commit: run.synchronousCommit },
        });
        const balanceBefore = await totalBalance(admin);
        let next = 0;
        let deductions = 0;
        let refused = 0;
        const errors: Record<string, number> = {};
        const latencies: number[] = [];
        const deduct = async (userId: string) => {
          const started = performance.now();
          try {
            await pool`select dtf.deduct_user_credits(${userId}::uuid, 1, 'usage', 'benchmark',
                                                      jsonb_build_object('bench_run', ${runId}::text))`;
            deductions++;
            latencies.push(performance.now() - started);
          } catch (error) {
            const code = (error as postgres.PostgresError).code ?? 'client';
            if (code === 'DT001') refused++;
            else errors[code] = (errors[code] ?? 0) + 1;
          }
        };
        // Open every connection before the clock starts.
        const opened = await Promise.all(Array.from({ length: connections }, () => pool`select current_user as role`));
        if (opened.some(([row]) => row.role !== 'service_role')) throw new Error('deductions must run as service_role');
        const started = performance.now();
        const deadline = started + options.seconds * 1000;
        await Promise.all(
          Array.from({ length: connections }, async () => {
            while (performance.now() < deadline) {
              const userId = mode === 'hot' ? options.hotUser : options.users[next++ % options.users.length];
              await deduct(userId);
            }
          }),
        );
        const elapsed = (performance.now() - started) / 1000;
        await pool.end();
        latencies.sort((a, b) => a - b);
        const check = await checkLedger(admin, runId, deductions, deductions, balanceBefore);
        const result: CreditRun = {
          mode,
          connections,
          synchronousCommit: run.synchronousCommit,
          seconds: elapsed,
          deductions,
          perSecond: deductions / elapsed,
          refused,
          errors,
          latencyMedianMs: latencies[Math.floor(latencies.length / 2)] ?? 0,
          latencyP95Ms: latencies[Math.floor(latencies.length * 0.95)] ?? 0,
          check,
        };
        runs.push(result);
        options.log(
          `  ${mode.padEnd(6)} ${String(connections).padStart(2)} connections${run.synchronousCommit === 'off' ? ' (synchronous_commit off)' : ''}: ${result.perSecond.toFixed(0).padStart(6)}/s` +
            `  p50 ${result.latencyMedianMs.toFixed(1)} ms  p95 ${result.latencyP95Ms.toFixed(1)} ms` +
            `  ledger anomalies ${check.anomalies}${Object.keys(errors).length ? `  errors ${JSON.stringify(errors)}` : ''}`,
        );
      }
    }
    return { baseline, runs };
  } finally {
    await admin.end();
  }
}
