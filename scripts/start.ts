// npm start: the whole backend on this machine, without Docker.
//   npm start              keep the data of earlier runs, apply new migrations
//   npm start -- --reset   rebuild the database from the migrations and the seed
//   npm start -- --signing-keys asymmetric   user JWTs signed with a local ES256 key (see --help)
import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  defaults,
  legacyProjectKeys,
  signingKeysModes,
  storedAsymmetricProjectKeys,
  type SigningKeysMode,
} from './local/local-env.ts';
import { localStateDir, readProjectConfig } from './project.ts';
import { isPortFree } from './local/ports.ts';
import { startEmbeddedPostgres, type RunningCluster } from './local/postgres-cluster.ts';
import { connect, SetupError, setupDatabase, targetForUrl, type DatabaseTarget } from './local/database-setup.ts';
import { serveFunctions } from './local/stack.ts';
import { startJobScheduler, type JobScheduler } from './local/job-scheduler.ts';

const usage = `Usage: npm start [-- options]

Runs the database and the edge functions on this machine, without Docker.

Options:
  --reset               rebuild the database from the migrations and the seed
  --signing-keys MODE   how the project signs and checks JWTs (default: $SIGNING_KEYS, else legacy)
      legacy            like a project on its legacy JWT secret: user JWTs are HS256 with the
                        secret ($JWT_SECRET, else the Supabase CLI's local default); the anon and
                        service_role keys are JWTs signed with it
      asymmetric        like a project on asymmetric signing keys that revoked its legacy secret:
                        user JWTs are ES256 with the key pair in .local/signing_keys.json (made on
                        first use; the Supabase CLI's signing_keys_path format), its public half is
                        served at http://127.0.0.1:$API_PORT/auth/v1/.well-known/jwks.json, the API
                        keys are sb_publishable_... and sb_secret_... (.local/api_keys.json), and
                        HS256 tokens are refused
  --help                show this text

Environment: DATABASE_URL, API_PORT (${defaults.apiPort}), JWT_SECRET, SIGNING_KEYS, and the
functions' settings (STRIPE_*, CHECKOUT_ALLOWED_ORIGINS, AUTH_ADMIN, MAIL_PROVIDER): see README.md.
`;

function fail(message: string): never {
  console.error(`\nnpm start failed: ${message}`);
  process.exit(1);
}

function parseOptions() {
  try {
    return parseArgs({
      options: { reset: { type: 'boolean' }, 'signing-keys': { type: 'string' }, help: { type: 'boolean' } },
    }).values;
  } catch (error) {
    return fail(`${(error as Error).message} (npm start -- --help lists the options)`);
  }
}

const options = parseOptions();
if (options.help) {
  console.log(usage);
  process.exit(0);
}
const reset = options.reset ?? false;
const signingKeys = (options['signing-keys'] ?? process.env.SIGNING_KEYS ?? 'legacy') as SigningKeysMode;
if (!signingKeysModes.includes(signingKeys)) {
  fail(
    `--signing-keys (or SIGNING_KEYS) must be ${signingKeysModes.join(' or ')}, not "${signingKeys}" (npm start -- --help)`,
  );
}
const apiPort = Number(process.env.API_PORT ?? defaults.apiPort);
const jwtSecret = process.env.JWT_SECRET ?? defaults.jwtSecret;
const externalUrl = process.env.DATABASE_URL;

async function portOrFail(port: number, what: string): Promise<void> {
  if (!(await isPortFree(port))) {
    fail(
      `port ${port} (${what}) is already in use on 127.0.0.1. Another \`npm start\` or \`supabase start\` may be running: stop it, or free the port.`,
    );
  }
}

/** Drops and recreates the database an external URL names: only on this machine. */
async function resetExternalDatabase(url: string): Promise<void> {
  const parsed = new URL(url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname)) {
    fail('--reset with DATABASE_URL only works for a database on this machine (127.0.0.1 or localhost).');
  }
  const name = decodeURIComponent(parsed.pathname.slice(1) || 'postgres');
  const maintenance = new URL(url);
  maintenance.pathname = name === 'postgres' ? '/template1' : '/postgres';
  const sql = connect(maintenance.toString());
  try {
    await sql.unsafe(`drop database if exists "${name.replace(/"/g, '""')}" with (force)`);
    await sql.unsafe(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await sql.end();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  await portOrFail(apiPort, 'edge functions');

  let cluster: RunningCluster | null = null;
  let target: DatabaseTarget;
  if (externalUrl) {
    if (reset) await resetExternalDatabase(externalUrl);
    target = await targetForUrl(externalUrl).catch((error) => fail((error as Error).message));
  } else {
    await portOrFail(defaults.dbPort, 'database');
    const dataDir = path.join(localStateDir, 'postgres');
    if (reset) rmSync(dataDir, { recursive: true, force: true });
    console.log(`Starting PostgreSQL 17 (data in ${path.relative(process.cwd(), dataDir) || dataDir}) ...`);
    cluster = await startEmbeddedPostgres({ dataDir, port: defaults.dbPort });
    target = cluster;
  }
  const dbUrl = target.url;

  let stopping = false;
  let stopFunctions: (() => Promise<void>) | null = null;
  let jobs: JobScheduler | null = null;
  let jobsSql: ReturnType<typeof connect> | null = null;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping ...`);
    jobs?.stop();
    await jobsSql?.end().catch(() => {});
    await stopFunctions?.().catch(() => {});
    await cluster?.stop().catch(() => {});
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGHUP', () => void shutdown('SIGHUP'));
  // `npm start` runs this through a shell that dies on SIGTERM without passing it on; when the
  // process that started us is gone, stop as if we had been told to.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown('parent process exited');
  }, 500).unref();

  try {
    console.log('Applying the platform baseline, migrations and seed ...');
    const result = await setupDatabase(target, { seed: 'if-new' }).catch((error: Error) => {
      // Data directories from before the platform was built like hosted have postgres as their
      // superuser and no supabase_admin.
      if (cluster && /role "supabase_admin" does not exist|bootstrap superuser/.test(error.message)) {
        throw new SetupError(
          `${error.message}\nThe local database was created by an older version of this project: \`npm start -- --reset\` rebuilds it.`,
        );
      }
      throw error;
    });
    console.log(
      `  ${result.migrationsApplied} new migration(s); latest ${result.latestMigration ?? 'none'}${result.seeded ? '; seeded' : ''}`,
    );

    console.log('Starting edge functions on Deno ...');
    const keys =
      signingKeys === 'asymmetric'
        ? await storedAsymmetricProjectKeys(localStateDir)
        : await legacyProjectKeys(jwtSecret);
    const functions = await serveFunctions({ apiPort, dbUrl }, keys);
    stopFunctions = functions.stop;

    jobsSql = connect(dbUrl, 2);
    jobs = await startJobScheduler({
      sql: jobsSql,
      functionsUrl: functions.url,
      jobsSecret: process.env.JOBS_SECRET ?? defaults.jobsSecret,
      log: (message) => console.log(`${new Date().toISOString()} ${message}`),
    });

    const names = readProjectConfig().functions.map((f) => `${f.name}${f.verifyJwt ? '' : ' (no JWT)'}`);
    const line = (label: string, value: string) => console.log(`${label.padStart(18)}: ${value}`);
    console.log(`\nLocal backend is running (${((Date.now() - started) / 1000).toFixed(1)}s).\n`);
    line('Database URL', dbUrl);
    line('Functions URL', functions.url);
    line('Functions', names.join(', '));
    if (keys.mode === 'asymmetric') {
      const [signingKey] = keys.signingKeys;
      line(
        'Signing keys',
        `asymmetric: ${signingKey.alg} key ${signingKey.kid} (.local/signing_keys.json); HS256 refused`,
      );
      line('JWKS', `http://127.0.0.1:${apiPort}/auth/v1/.well-known/jwks.json`);
      line('publishable key', keys.apiKeys.publishableKey);
      line('secret key', keys.apiKeys.secretKey);
    } else {
      line('Signing keys', 'legacy: HS256 with the JWT secret (`npm start -- --help` for asymmetric)');
      line('JWT secret', jwtSecret);
      line('anon key', keys.apiKeys.anonKey);
      line('service_role key', keys.apiKeys.serviceRoleKey);
    }
    line('Scheduled jobs', jobs.summary);
    if (cluster) {
      line(
        'pgTAP',
        cluster.pgTap
          ? 'installed: pg_prove --ext .sql --ext .pg -r supabase/tests'
          : 'not installed (Debian: apt-get install postgresql-<major>-pgtap, then restart)',
      );
    }
    line('Demo users', 'admin@ alice@ bob@ carol@ dave@ erin@ frank@ example.com');
    line('Demo password', defaults.demoPassword);
    console.log('\n  Not served without Docker: PostgREST (REST API), Auth (GoTrue), Storage API, Realtime, Studio.');
    console.log('  For those, run `npx supabase start` (needs Docker): it serves this same supabase/ folder.');
    console.log('\nPress Ctrl-C to stop.');
  } catch (error) {
    jobs?.stop();
    await jobsSql?.end().catch(() => {});
    await stopFunctions?.().catch(() => {});
    await cluster?.stop().catch(() => {});
    fail(error instanceof SetupError ? error.message : ((error as Error).stack ?? String(error)));
  }
}

main().catch((error) => fail((error as Error).message ?? String(error)));
