// docs/operations.md's backup and restore, done as it says, with nothing but what hosted postgres
// may do: the data dump `supabase db dump --data-only` makes (its own pg_dump script, run with the
// system's pg_dump because the CLI runs it in Docker) of a seeded database, restored as postgres
// into a database that the migrations built, gives back every row. Both databases are fresh ones,
// so that the other suites' writes do not change the counts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { withLocalSslMode } from '../../scripts/local/database-setup.ts';
import { binPath, rootDir } from '../../scripts/project.ts';
import { adminDatabaseUrl, createFreshDatabase, type FreshDatabase } from '../support/fresh-database.ts';

/** Tables whose rows the migrations create (Storage buckets, job definitions), or that postgres may not write. */
const notDumped = ['auth.identities', 'storage.buckets', 'private.scheduled_jobs'];
/**
 * Rows the migrations generate that the dump must replace: the keys the dumped secrets (ADLY
 * tokens, TOTP secrets) and OTP hashes need, and the Stripe reconciliation checkpoint.
 */
const replacedByDump = ['private.secret_encryption_keys', 'private.auth_hash_keys', 'private.stripe_reconciliation'];

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

describe.skipIf(!adminDatabaseUrl)('backup and restore as postgres', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'supabase-restore-'));
  const databases: FreshDatabase[] = [];

  afterAll(async () => {
    for (const database of databases) await database.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('a data-only dump restored into a freshly migrated database gives back every row', async () => {
    const sourceDatabase = await createFreshDatabase(`restore_source_${process.pid}`, { seed: true });
    databases.push(sourceDatabase);
    const source = sourceDatabase.url;
    const script = execFileSync(
      binPath('supabase'),
      [
        'db',
        'dump',
        '--data-only',
        '--dry-run',
        `--remote=${withLocalSslMode(source)}`,
        ...notDumped.flatMap((table) => ['-x', table]),
      ],
      { cwd: rootDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const scriptFile = path.join(work, 'dump.sh');
    writeFileSync(scriptFile, script.slice(script.indexOf('#!')));
    const dump = execFileSync('bash', [scriptFile], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    expect(dump).toContain('session_replication_role = replica');

    const target = await createFreshDatabase(`restore_target_${process.pid}`, { seed: false });
    databases.push(target);
    const restoredUrl = target.url;
    // every table the migrations fill is named above, so that the procedure stays complete
    const filledByMigrations = Object.entries(await rowCounts(restoredUrl))
      .filter(([, count]) => count > 0)
      .map(([table]) => table);
    expect(
      filledByMigrations.filter((table) => ![...notDumped, ...replacedByDump].includes(table)),
      'tables the migrations fill, missing from the restore procedure (docs/operations.md)',
    ).toEqual([]);

    const dumpFile = path.join(work, 'data.sql');
    writeFileSync(dumpFile, dump);
    execFileSync(
      'psql',
      [
        '-X',
        '-q',
        '-v',
        'ON_ERROR_STOP=1',
        '--single-transaction',
        '-d',
        restoredUrl,
        ...replacedByDump.flatMap((table) => ['-c', `delete from ${table}`]),
        '-f',
        dumpFile,
      ],
      { stdio: 'pipe' },
    );

    const before = await rowCounts(source);
    const after = await rowCounts(restoredUrl);
    for (const table of notDumped) {
      delete before[table];
      delete after[table];
    }
    expect(Object.keys(before).length).toBeGreaterThan(50);
    expect(Object.values(before).reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
    expect(after).toEqual(before);

    // the restored secrets decrypt with the restored key
    const restored = postgres(restoredUrl, { max: 1, onnotice: () => {} });
    try {
      const [{ readable }] = await restored`
        select count(*) filter (where private.decrypt_secret(key_id, access_token) is not null)::int as readable
        from private.adly_store_connection_secrets`;
      expect(before['private.adly_store_connection_secrets']).toBeGreaterThan(0);
      expect(readable).toBe(before['private.adly_store_connection_secrets']);
    } finally {
      await restored.end();
    }
  });
});
