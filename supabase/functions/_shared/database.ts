// The functions' database client: postgres.js, connected as the environment says.
import postgres from 'postgres';
import type { Claims } from './auth.ts';
import { isConnectionFailure } from './errors.ts';

export type Sql = postgres.Sql;
export type Transaction = postgres.TransactionSql;

export interface DatabaseSettings {
  url: string;
  /** Connections one isolate of the function opens at most. */
  max: number;
  /** Named prepared statements, which a pooler in transaction mode cannot keep. */
  prepare: boolean;
}

/** Where Supabase's poolers (Supavisor, and PgBouncer on a dedicated pooler) run in transaction mode. */
const transactionPoolerPort = '6543';

/**
 * The database settings from a function's environment: DB_URL if set (hosted: the transaction
 * pooler's URL, since names starting with SUPABASE_ are reserved), else SUPABASE_DB_URL, the
 * platform's direct connection; DB_POOL_MAX connections, else the function's own default;
 * prepared statements unless DB_PREPARE=false or the URL is a transaction pooler's.
 */
export function databaseSettings(env: (name: string) => string | undefined, defaultMax: number): DatabaseSettings {
  const url = env('DB_URL') || env('SUPABASE_DB_URL');
  if (!url) throw new Error('SUPABASE_DB_URL is not set');
  const poolMax = env('DB_POOL_MAX') || undefined;
  if (poolMax !== undefined && !/^[1-9][0-9]*$/.test(poolMax)) {
    throw new Error(`DB_POOL_MAX is not a positive integer: ${poolMax}`);
  }
  const prepare = env('DB_PREPARE') || undefined;
  if (prepare !== undefined && prepare !== 'true' && prepare !== 'false') {
    throw new Error(`DB_PREPARE is neither true nor false: ${prepare}`);
  }
  return {
    url,
    max: poolMax ? Number(poolMax) : defaultMax,
    prepare: prepare !== 'false' && new URL(url).port !== transactionPoolerPort,
  };
}

/**
 * The function's pool. A connection the server closed or that failed is opened again by the next
 * query that needs it, at once: postgres.js (3.4.9) otherwise waits before reconnecting, for a
 * delay that grows with every failed attempt of the whole pool (up to 20 s), and queries queue
 * behind it, so after a restart of the database requests stalled for seconds and failed for
 * minutes. Without the delay, while the database is down a request fails within milliseconds
 * (answered 503), and the first one after it is back succeeds. A connection attempt that gets no
 * answer fails after connect_timeout.
 */
export function connectDatabase(env: (name: string) => string | undefined, defaultMax = 5): Sql {
  const { url, max, prepare } = databaseSettings(env, defaultMax);
  survivePostgresWriteAfterClose();
  return renewedAfterConnectionFailure(() =>
    postgres(url, { max, prepare, connect_timeout: 5, idle_timeout: 20, backoff: false, onnotice: () => {} })
  );
}

/** How long a replaced pool's running transactions may take to finish before it closes them. */
const replacedPoolGraceSeconds = 30;

/**
 * A pool that is replaced by a fresh one after a transaction failed on a lost connection.
 * postgres.js (3.4.9) leaves a connection unusable when its socket closes while a small write is
 * queued, as the rollback of a transaction whose session the server ended (a terminated backend,
 * a restart, the pooler dropping it): the queued bytes stay, and every later reconnect of that
 * connection waits for a startup message that is never sent, until connect_timeout fails it
 * (porsager/postgres#1208). Each such loss took one of the pool's connections for good, so a
 * function answered 503 after 5 s to every request that drew one. The pool cannot drop a single
 * connection: the whole pool is replaced, new transactions start on the new one at once, and the
 * old one closes once its running transactions are done. Every query of the functions runs in
 * `begin` (asCaller), the one method this watches; the rest reaches the current pool.
 */
function renewedAfterConnectionFailure(open: () => Sql): Sql {
  let pool = open();
  const begin = (...args: unknown[]) => {
    const used = pool;
    return (used.begin as (...args: unknown[]) => Promise<unknown>)(...args).catch((error: unknown) => {
      if (isConnectionFailure(error) && pool === used) {
        pool = open();
        used.end({ timeout: replacedPoolGraceSeconds }).catch(() => {});
      }
      throw error;
    });
  };
  return new Proxy(pool, {
    apply: (_target, thisArg, args) => Reflect.apply(pool, thisArg, args),
    get: (_target, property) => (property === 'begin' ? begin : Reflect.get(pool, property)),
  });
}

/**
 * One connection, opened as a function's pool opens its next one, for a single check (health):
 * the caller ends it.
 */
export function connectOnce(env: (name: string) => string | undefined): Sql {
  const { url, prepare } = databaseSettings(env, 1);
  survivePostgresWriteAfterClose();
  return postgres(url, { max: 1, prepare, connect_timeout: 5, backoff: false, onnotice: () => {} });
}

/**
 * When the server closes a connection while postgres.js (3.4.9) has a small write queued, the
 * driver's queued write later runs on a socket it has already dropped and throws from a timer,
 * outside any promise: uncaught, it would end the whole function (porsager/postgres#1154). The
 * query has already failed with CONNECTION_CLOSED by then, and the pool opens a new connection
 * for the next one, so exactly that error is logged instead; any other uncaught error still ends
 * the process. The driver's files are under postgres/src/ in a node_modules folder and under
 * postgres/<version>/src/ in Deno's npm cache.
 */
function survivePostgresWriteAfterClose(): void {
  // the same listener added again is not added twice
  globalThis.addEventListener('error', ignoreWriteAfterClose);
}

function ignoreWriteAfterClose(event: ErrorEvent): void {
  const error = event.error;
  if (
    error instanceof TypeError && /reading 'write'/.test(error.message) &&
    /postgres\/(?:[\d.]+\/)?src\/connection\.js/.test(error.stack ?? '')
  ) {
    event.preventDefault();
    console.error(`database connection closed under a queued write (ignored): ${error.message}`);
  }
}

/**
 * Runs `work` in one transaction as PostgREST would for this caller: the API role from the
 * claims and the claims in request.jwt.claims, so row level security applies.
 */
export function asCaller<T>(sql: Sql, claims: Claims, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const role = ['anon', 'authenticated', 'service_role'].includes(claims.role) ? claims.role : 'anon';
  return sql.begin(async (tx) => {
    await tx`
      select set_config('role', ${role}, true), set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
    return work(tx);
  }) as Promise<T>;
}

/** Runs `work` in one transaction as service_role, the only role our privileged SQL functions accept. */
export function asServiceRole<T>(sql: Sql, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return asCaller(sql, { role: 'service_role' }, work);
}
