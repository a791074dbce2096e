// The Debian packages the test command needs: PostgreSQL with pgTAP, pg_prove, plpgsql_check, pg_cron.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { systemPostgresBinDir } from './postgres-cluster.ts';

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function missingPackages(): { major: number | null; missing: string[] } {
  const binDir = systemPostgresBinDir();
  const major = binDir ? Number(binDir.split('/').at(-2)) : null;
  const missing: string[] = [];
  if (major === null) missing.push('postgresql');
  const extensionDir = `/usr/share/postgresql/${major ?? '<major>'}/extension`;
  const versioned = (name: string) => (major === null ? `postgresql-${name}` : `postgresql-${major}-${name}`);
  if (major === null || !existsSync(`${extensionDir}/pgtap.control`)) missing.push(versioned('pgtap'));
  if (major === null || !existsSync(`${extensionDir}/plpgsql_check.control`)) missing.push(versioned('plpgsql-check'));
  if (major === null || !existsSync(`${extensionDir}/pg_cron.control`)) missing.push(versioned('cron'));
  if (!hasCommand('pg_prove')) missing.push('libtap-parser-sourcehandler-pgtap-perl');
  return { major, missing };
}

/** Installs what is missing when running as root; otherwise says exactly what to install. */
export function ensureSystemDependencies(log: (line: string) => void): void {
  let { major, missing } = missingPackages();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing system packages. Install them with:\n  sudo apt-get install -y ${missing.join(' ')}`);
  }
  const apt = (args: string[]) =>
    execFileSync('apt-get', args, {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  log(`Installing ${missing.join(', ')} with apt-get ...`);
  apt(['update', '-qq']);
  if (major === null) {
    // Install the server first: the pgTAP and plpgsql_check packages are named by its major version.
    apt(['install', '-y', '-qq', 'postgresql']);
    ({ major, missing } = missingPackages());
  }
  if (missing.length > 0) apt(['install', '-y', '-qq', ...missing]);
  const after = missingPackages();
  if (after.missing.length > 0) throw new Error(`still missing after apt-get: ${after.missing.join(', ')}`);
}
