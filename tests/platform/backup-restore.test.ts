// docs/operations.md's backup and restore, done as it says, with nothing but what hosted postgres
// may do: the data dump `supabase db dump --data-only` makes (its own pg_dump script, run with the
// system's pg_dump because the CLI runs it in Docker) of a seeded database, restored as postgres
// into a database that the migrations built, gives back every row. Both databases are new ones of
// the test cluster, so that the other suites' writes do not change the counts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { setupDatabase, withLocalSslMode } from '../../scripts/lib/database-setup.ts';
import { binPath, rootDir } from '../../scripts/lib/project.ts';

const stack = inject('stack');
// A superuser of the test cluster, to build the local platform in the new database; absent when
// the suite runs against a Supabase database, where only Supabase can create one.
const adminUrl = process.env.SUPABASE_ADMIN_DB_URL;

/** Tables whose rows the migrations create themselves (Storage buckets), or that postgres may not write. */
const notDumped = ['auth.identities', 'storage.buckets'];
/** Rows the migrations generate that the dump must replace: the keys the dumped ADLY secrets and OTP hashes need. */
const replacedByDump = ['private.adly_encryption_keys', 'private.auth_hash_keys'];

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function rowCounts(url: string): Promise<Record<string, number>> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const tables = await sql<{ name: string }[]>`
      select format('%I.%I', n.nspname, c.relname) as name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p')
        and n.nspname in ('auth', 'storage', 'private', 'public', 'marketplace', 'adly', 'dtf', 'courses')
      order by 1`;
    const counts: Record<string, number> = {};
    for (const { name } of tables) {
      const [{ count }] = await sql.unsafe(`select count(*)::int as count from ${name}`);
      counts[name] = count;
    }
    return counts;
  } finally {
    await sql.end();
  }
}

describe.skipIf(!adminUrl)('backup and restore as postgres', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'supabase-restore-'));
  const databases = { source: `restore_source_${process.pid}`, target: `restore_target_${process.pid}` };
  let admin: postgres.Sql;

  beforeAll(async () => {
    admin = postgres(adminUrl!, { max: 1, onnotice: () => {} });
    for (const name of Object.values(databases)) await admin.unsafe(`create database ${name}`);
  });

  afterAll(async () => {
    for (const name of Object.values(databases)) await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    rmSync(work, { recursive: true, force: true });
  });

  it('a data-only dump restored into a freshly migrated database gives back every row', async () => {
    const source = withDatabase(stack.dbUrl, databases.source);
    await setupDatabase({ url: source, adminUrl: withDatabase(adminUrl!, databases.source) }, { seed: 'always' });
    const script = execFileSync(binPath('supabase'), [
      'db', 'dump', '--data-only', '--dry-run', `--remote=${withLocalSslMode(source)}`,
      ...notDumped.flatMap((table) => ['-x', table]),
    ], { cwd: rootDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const scriptFile = path.join(work, 'dump.sh');
    writeFileSync(scriptFile, script.slice(script.indexOf('#!')));
    const dump = execFileSync('bash', [scriptFile], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    expect(dump).toContain('session_replication_role = replica');

    const restoredUrl = withDatabase(stack.dbUrl, databases.target);
    await setupDatabase({ url: restoredUrl, adminUrl: withDatabase(adminUrl!, databases.target) }, { seed: 'never' });
    const dumpFile = path.join(work, 'data.sql');
    writeFileSync(dumpFile, dump);
    execFileSync('psql', [
      '-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-d', restoredUrl,
      ...replacedByDump.flatMap((table) => ['-c', `delete from ${table}`]), '-f', dumpFile,
    ], { stdio: 'pipe' });

    const before = await rowCounts(source);
    const after = await rowCounts(restoredUrl);
    for (const table of notDumped) {
      delete before[table];
      delete after[table];
    }
    expect(Object.keys(before).length).toBeGreaterThan(50);
    expect(Object.values(before).reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
    expect(after).toEqual(before);

    // the restored ADLY secrets decrypt with the restored key
    const restored = postgres(restoredUrl, { max: 1, onnotice: () => {} });
    try {
      const [{ readable }] = await restored`
        select count(*) filter (where private.adly_decrypt(key_id, access_token) is not null)::int as readable
        from private.adly_store_connection_secrets`;
      expect(before['private.adly_store_connection_secrets']).toBeGreaterThan(0);
    expect(readable).toBe(before['private.adly_store_connection_secrets']);
    } finally {
      await restored.end();
    }
  });
});
