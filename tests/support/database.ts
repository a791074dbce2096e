// Direct database access for the tests that check the SQL itself: connections to the database
// the test command prepared, transactions set up the way PostgREST sets up a request, and auth
// users created (and removed again) by the tests. The concurrency tests race many such
// transactions on a pool of real connections and judge the outcomes with the helpers below.
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';

export type Sql = postgres.Sql;
export type Role = 'anon' | 'authenticated' | 'service_role';

/** The database the test command migrated and seeded (superuser); every suite needs it. */
export function databaseUrl(): string {
  const dbUrl = process.env.SUPABASE_DB_URL;
  if (!dbUrl) throw new Error('SUPABASE_DB_URL is not set');
  return dbUrl;
}

/**
 * Makes the rest of the transaction run as PostgREST runs a request: the role of the token and
 * its claims, both local to the transaction, so RLS and auth.uid() see what a client would.
 */
export async function actAs(tx: postgres.TransactionSql, role: Role, claims: object): Promise<void> {
  await tx`select set_config('role', ${role}, true), set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
}

/** What one transaction of a race came to: its value, or its error, and the connection it ran on. */
export type Outcome =
  | { ok: true; pid: number; value: unknown }
  | { ok: false; pid?: number; code?: string; message: string; rolledBack?: boolean };

/** Thrown inside a transaction to roll it back on purpose once its work is done. */
class Rollback extends Error {
  constructor(readonly value: unknown) {
    super('deliberate rollback');
  }
}

/** How many connections a race really used: a race on one connection proves nothing. */
export function distinctPids(outcomes: Outcome[]): number {
  return new Set(outcomes.map((o) => o.pid).filter((p) => p !== undefined)).size;
}

/** The unexpected errors of a race (deliberate rollbacks are not failures), readable in a diff. */
export function failures(outcomes: Outcome[]) {
  return outcomes.filter((o) => !o.ok && !o.rolledBack).map((o) => (o.ok ? null : `${o.code}: ${o.message}`));
}

export interface AuthUserOptions {
  /** Start of the (unique) email address, naming the suite that created the user. */
  emailPrefix: string;
  /** raw_user_meta_data: `product` makes that product's sign-up trigger create its account. */
  userMetadata?: Record<string, unknown>;
}

/**
 * Connections for a suite that races transactions: `admin` (2 connections) for setup and checks
 * as superuser, `pool` (`connections` of them) for the racing transactions, and the helpers bound
 * to them. Every auth user the suite creates is remembered and deleted by `cleanup`.
 */
export function concurrencyDatabase(options: { connections?: number } = {}) {
  const url = databaseUrl();
  const connections = options.connections ?? 10;
  const admin = postgres(url, { max: 2, onnotice: () => {} });
  const pool = postgres(url, { max: connections, onnotice: () => {} });
  const createdUsers: string[] = [];

  /**
   * Runs `run` as PostgREST would for the role (and user), in one transaction on one pooled
   * connection, and records that connection's backend pid. With `rollBack`, the transaction does
   * all its work, keeps its locks a moment and is then rolled back.
   */
  async function asRole(
    role: 'service_role' | 'authenticated',
    userId: string | null,
    run: (tx: postgres.TransactionSql) => Promise<unknown>,
    { rollBack = false }: { rollBack?: boolean } = {},
  ): Promise<Outcome> {
    let pid: number | undefined;
    try {
      const value = await pool.begin(async (tx) => {
        const [row] = await tx`select pg_backend_pid() as pid`;
        pid = row.pid as number;
        await actAs(tx, role, userId ? { sub: userId, role } : { role });
        const result = await run(tx);
        if (rollBack) {
          await tx`select pg_sleep(${Math.random() * 0.02})`;
          throw new Rollback(result);
        }
        return result;
      });
      return { ok: true, pid: pid!, value };
    } catch (error) {
      if (error instanceof Rollback) return { ok: false, pid, message: error.message, rolledBack: true };
      const e = error as postgres.PostgresError;
      return { ok: false, pid, code: e.code, message: e.message };
    }
  }

  /** A new auth user inserted as GoTrue inserts one, so the sign-up triggers run as for a real sign-up. */
  async function createAuthUser({
    emailPrefix,
    userMetadata = {},
  }: AuthUserOptions): Promise<{ id: string; email: string }> {
    const id = randomUUID();
    const email = `${emailPrefix}-${id}@example.com`;
    await admin`
      insert into auth.users (instance_id, id, aud, role, email, raw_user_meta_data, raw_app_meta_data, created_at, updated_at)
      values ('00000000-0000-0000-0000-000000000000', ${id}, 'authenticated', 'authenticated', ${email},
              ${admin.json(userMetadata as postgres.JSONValue)}, ${admin.json({ provider: 'email' })}, now(), now())`;
    createdUsers.push(id);
    return { id, email };
  }

  /** Opens every pooled connection before the races start, so that they really run in parallel. */
  async function warmUp(): Promise<void> {
    await Promise.all(Array.from({ length: connections }, () => pool`select pg_sleep(0.05)`));
  }

  /**
   * Deletes what the suite created and closes the connections: `beforeUsers` removes rows that
   * keep the created users (`users`, possibly none) from being deleted, then the users go (with
   * what cascades from them), then `afterUsers` removes what they referenced.
   */
  async function cleanup(
    steps: { beforeUsers?: (users: string[]) => Promise<unknown>; afterUsers?: () => Promise<unknown> } = {},
  ): Promise<void> {
    try {
      await steps.beforeUsers?.(createdUsers);
      if (createdUsers.length) await admin`delete from auth.users where id in ${admin(createdUsers)}`;
      await steps.afterUsers?.();
    } finally {
      await pool.end();
      await admin.end();
    }
  }

  return { admin, pool, connections, asRole, createAuthUser, warmUp, cleanup };
}
