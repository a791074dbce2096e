// The functions' database client: postgres.js over SUPABASE_DB_URL.
import postgres from 'postgres';
import type { Claims } from './auth.ts';

export type Sql = postgres.Sql;
export type Transaction = postgres.TransactionSql;

export function connectDatabase(url: string | undefined, max = 5): Sql {
  if (!url) throw new Error('SUPABASE_DB_URL is not set');
  survivePostgresWriteAfterClose();
  return postgres(url, { max, connect_timeout: 5, idle_timeout: 20, onnotice: () => {} });
}

/**
 * When the server closes a connection while postgres.js (3.4.9) has a small write queued, the
 * driver's queued write later runs on a socket it has already dropped and throws from a timer,
 * outside any promise: uncaught, it would end the whole function (porsager/postgres#1154). The
 * query has already failed with CONNECTION_CLOSED by then, and the pool opens a new connection
 * for the next one, so exactly that error is logged instead; any other uncaught error still ends
 * the process.
 */
function survivePostgresWriteAfterClose(): void {
  globalThis.addEventListener('error', (event: ErrorEvent) => {
    const error = event.error;
    if (error instanceof TypeError && /reading 'write'/.test(error.message) && /postgres\/src\/connection\.js/.test(error.stack ?? '')) {
      event.preventDefault();
      console.error(`database connection closed under a queued write (ignored): ${error.message}`);
    }
  });
}

/**
 * Runs `work` in one transaction as PostgREST would for this caller: the API role from the
 * claims and the claims in request.jwt.claims, so row level security applies.
 */
export function asCaller<T>(sql: Sql, claims: Claims, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const role = ['anon', 'authenticated', 'service_role'].includes(claims.role) ? claims.role : 'anon';
  return sql.begin(async (tx) => {
    await tx`select set_config('role', ${role}, true), set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
    return work(tx);
  }) as Promise<T>;
}

/** Runs `work` in one transaction as service_role, the only role our privileged SQL functions accept. */
export function asServiceRole<T>(sql: Sql, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return asCaller(sql, { role: 'service_role' }, work);
}
