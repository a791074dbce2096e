// Brings a database to the state the project expects: the platform baseline (plain PostgreSQL
// only), the migrations applied by the Supabase CLI, and the seed on a fresh database.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { baselineFile, binPath, readProjectConfig, rootDir } from '../project.ts';
import { localPassword } from './postgres-cluster.ts';

export interface SetupResult {
  baselineApplied: boolean;
  migrationsApplied: number;
  seeded: boolean;
  latestMigration: string | null;
}

export class SetupError extends Error {}

/** The URL with sslmode=disable added for loopback hosts, where no TLS is offered. */
export function withLocalSslMode(url: string): string {
  const parsed = new URL(url);
  if (['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname) && !parsed.searchParams.has('sslmode')) {
    parsed.searchParams.set('sslmode', 'disable');
  }
  return parsed.toString();
}

export function connect(url: string, max = 1) {
  return postgres(url, { max, onnotice: () => {}, connect_timeout: 10, idle_timeout: 5 });
}

/** Checks that the server answers, with an error a newcomer can act on. */
export async function assertReachable(url: string): Promise<void> {
  const sql = connect(url);
  try {
    await sql`select 1`;
  } catch (error) {
    const where = new URL(url);
    throw new SetupError(
      `cannot reach the database at ${where.hostname}:${where.port || 5432}${where.pathname}: ${(error as Error).message}`,
    );
  } finally {
    await sql.end();
  }
}

export async function runSqlFile(sql: postgres.Sql, file: string): Promise<void> {
  const text = readFileSync(file, 'utf8');
  try {
    await sql.begin((tx) => tx.unsafe(text));
  } catch (error) {
    const e = error as Error & { position?: string };
    const line = e.position ? text.slice(0, Number(e.position)).split('\n').length : null;
    throw new SetupError(`${path.relative(rootDir, file)}${line ? `:${line}` : ''}: ${e.message}`);
  }
}

async function latestMigration(sql: postgres.Sql): Promise<{ count: number; latest: string | null }> {
  const [{ exists }] = await sql`select to_regclass('supabase_migrations.schema_migrations') is not null as exists`;
  if (!exists) return { count: 0, latest: null };
  const [row] =
    await sql`select count(*)::int as count, max(version) as latest from supabase_migrations.schema_migrations`;
  return { count: row.count, latest: row.latest };
}

function runCli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(binPath('supabase'), args, { cwd: rootDir, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`.replace(/^.*without TLS.*\n?/gm, '').trim();
      if (error) reject(new SetupError(output || error.message));
      else resolve(output);
    });
  });
}

/**
 * The database to set up: `url` is what migrations, seed and tests connect with (postgres, an
 * ordinary role, as on hosted Supabase); `adminUrl`, a superuser, builds the local platform
 * baseline on a plain PostgreSQL server.
 */
export interface DatabaseTarget {
  url: string;
  adminUrl?: string;
}

/**
 * The target for a database URL given from outside (DATABASE_URL, TEST_DATABASE_URL): a Supabase
 * database is used as it is; a plain PostgreSQL server named by a superuser other than postgres
 * gets the baseline from that superuser and is then used as postgres (password `postgres`).
 */
export async function targetForUrl(url: string): Promise<DatabaseTarget> {
  await assertReachable(url);
  const sql = connect(url);
  try {
    const [row] = await sql`
      select r.rolsuper as superuser, current_user as name,
             (select obj_description(n.oid, 'pg_namespace') from pg_namespace n where n.nspname = 'auth') as auth_comment,
             exists (select 1 from pg_namespace where nspname = 'auth') as has_auth
      from pg_roles r where r.rolname = current_user`;
    if (row.has_auth && !String(row.auth_comment ?? '').startsWith('Local baseline')) return { url };
    if (row.superuser && row.name !== 'postgres') {
      const asPostgres = new URL(url);
      asPostgres.username = 'postgres';
      asPostgres.password = localPassword;
      return { url: asPostgres.toString(), adminUrl: url };
    }
    if (row.has_auth && row.name === 'postgres') return { url };
    throw new SetupError(
      `${row.name} cannot build the local platform on this plain PostgreSQL server: give the URL of a superuser other ` +
        'than postgres (the baseline makes postgres an ordinary role, as on hosted Supabase), or of a Supabase database',
    );
  } finally {
    await sql.end();
  }
}

export async function setupDatabase(
  target: DatabaseTarget,
  options: { seed: 'if-new' | 'always' | 'never' },
): Promise<SetupResult> {
  const { url, adminUrl } = target;
  let baselineApplied = false;
  if (adminUrl) {
    await assertReachable(adminUrl);
    const admin = connect(adminUrl);
    try {
      // A `supabase start` database or a hosted project already has Supabase's own auth schema.
      const [auth] = await admin`
        select obj_description(n.oid, 'pg_namespace') as comment
        from pg_namespace n where n.nspname = 'auth'`;
      baselineApplied = !auth || String(auth.comment ?? '').startsWith('Local baseline');
      if (baselineApplied) {
        await runSqlFile(admin, baselineFile);
        const password = decodeURIComponent(new URL(url).password);
        if (password) await admin.unsafe(`alter role postgres password '${password.replace(/'/g, "''")}'`);
      }
    } finally {
      await admin.end();
    }
  }

  await assertReachable(url);
  const sql = connect(url);
  try {
    const before = await latestMigration(sql);
    try {
      await runCli(['migration', 'up', `--remote=${withLocalSslMode(url)}`, '--yes']);
    } catch (error) {
      throw new SetupError(`a migration failed:\n${(error as Error).message}`);
    }
    const after = await latestMigration(sql);

    const seeded = options.seed === 'always' || (options.seed === 'if-new' && before.count === 0);
    if (seeded) {
      for (const file of readProjectConfig().seedFiles) await runSqlFile(sql, file);
    }
    return { baselineApplied, migrationsApplied: after.count - before.count, seeded, latestMigration: after.latest };
  } finally {
    await sql.end();
  }
}
