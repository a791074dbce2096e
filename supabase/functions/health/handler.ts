// GET /functions/v1/health: whether the functions can use the database now. Ready means that a
// connection opened now, with the functions' own settings, is accepted, answers within the
// check's deadline, may write (no standby, not read-only) and finds the migrations applied. Every
// function's pool opens its next connection just so, and at once after one has failed
// (_shared/database.ts): when a new connection works, every function's next request reaches the
// database. A check through a pool would instead see whichever pooled connection happened to
// survive. The answer has a fixed shape, without the driver's message or the database's address
// (those go to the function's log).
import type { Sql } from '../_shared/database.ts';
import { isDatabaseUnavailable } from '../_shared/errors.ts';
import { errorResponse, json, preflight } from '../_shared/http.ts';
import type { HealthOkResponse, HealthUnavailableResponse } from './schemas.ts';

export interface HealthDeps {
  /** A new connection to the functions' database, for one check; the check closes it. */
  connect: () => Sql;
  /** How long one check may take in all, connecting included. */
  timeoutMs?: number;
  /**
   * How long one check's answer serves the requests after it: anyone may call health, and a
   * check opens a connection, so callers get at most one per this many milliseconds.
   */
  reuseMs?: number;
}

type Readiness = HealthOkResponse | HealthUnavailableResponse;

const notReady = (reachable: boolean, reason: HealthUnavailableResponse['database']['reason']): Readiness => ({
  status: 'unavailable',
  database: { reachable, reason },
});

async function check(connect: () => Sql, timeoutMs: number): Promise<Readiness> {
  const sql = connect();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    // read-only: a standby, or a database Supabase made read-only (its disk is full)
    const query = sql<{ writable: boolean; latest: string | null }[]>`
      select current_setting('transaction_read_only') = 'off' as writable,
             (select max(version) from supabase_migrations.schema_migrations) as latest`;
    // a query still running at the deadline fails when the connection is closed: nobody waits for it
    query.catch(() => {});
    const answer = await Promise.race([query, deadline]);
    if (answer === 'timeout') return notReady(false, 'unreachable');
    const [row] = answer;
    if (!row.writable) return notReady(true, 'read_only');
    if (!row.latest) return notReady(true, 'not_migrated');
    return { status: 'ok', database: { reachable: true, latest_migration: row.latest } };
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    console.error(`health: ${code ?? ''} ${message ?? error}`);
    if (isDatabaseUnavailable(error)) return notReady(false, 'unreachable');
    // undefined_table: the migrations' own table is not there yet
    return code === '42P01' ? notReady(true, 'not_migrated') : notReady(true, 'error');
  } finally {
    clearTimeout(timer);
    sql.end({ timeout: 0 }).catch(() => {});
  }
}

export function createHealthHandler(
  { connect, timeoutMs = 5_000, reuseMs = 1_000 }: HealthDeps,
): (req: Request) => Promise<Response> {
  // concurrent requests share the check in progress, and the ones soon after it its answer
  let last: { readiness: Promise<Readiness>; doneAt: number | null } | null = null;

  return async (req) => {
    const early = preflight(req);
    if (early) return early;
    if (req.method !== 'GET') return errorResponse(405, 'method_not_allowed', 'Use GET');
    if (!last || (last.doneAt !== null && Date.now() - last.doneAt >= reuseMs)) {
      const started: typeof last = { readiness: check(connect, timeoutMs), doneAt: null };
      started.readiness.then(() => {
        started.doneAt = Date.now();
      });
      last = started;
    }
    const readiness = await last.readiness;
    return readiness.status === 'ok' ? json(readiness) : json(readiness, 503, { 'retry-after': '5' });
  };
}
