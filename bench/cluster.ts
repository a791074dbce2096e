// The benchmark's own throwaway cluster of the system PostgreSQL. Unlike the test cluster (fsync
// and synchronous commit off, to be fast), this one keeps a production server's durability
// settings, because credit and webhook throughput are bounded by commits: fsync, full page writes
// and synchronous_commit stay on. Memory is sized for the generated data set to fit in shared
// buffers, as on a production instance whose working set fits in memory.
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemPostgresBinDir } from '../scripts/lib/postgres-cluster.ts';

export interface BenchCluster {
  url: string;
  settings: Record<string, string>;
  stop(): Promise<void>;
}

const isRoot = process.getuid?.() === 0;
// PostgreSQL refuses to run as root; as root the cluster runs as the unprivileged `postgres` user.
const clusterUser = 'postgres';

function run(binary: string, args: string[]): void {
  if (isRoot) execFileSync('runuser', ['-u', clusterUser, '--', binary, ...args], { stdio: 'pipe' });
  else execFileSync(binary, args, { stdio: 'pipe' });
}

export const clusterSettings: Record<string, string> = {
  max_connections: '100',
  shared_buffers: '1GB',
  effective_cache_size: '3GB',
  work_mem: '16MB',
  maintenance_work_mem: '256MB',
  max_wal_size: '4GB',
  checkpoint_timeout: '15min',
  fsync: 'on',
  synchronous_commit: 'on',
  full_page_writes: 'on',
};

export async function startBenchCluster(port: number): Promise<BenchCluster> {
  const binDir = systemPostgresBinDir();
  if (!binDir) throw new Error('no system PostgreSQL found (Debian: apt-get install postgresql)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'supabase-bench-pg-'));
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', clusterUser]).toString());
    const gid = Number(execFileSync('id', ['-g', clusterUser]).toString());
    chownSync(dir, uid, gid);
  }
  const dataDir = path.join(dir, 'data');
  const pgCtl = path.join(binDir, 'pg_ctl');
  const stop = async () => {
    try {
      run(pgCtl, ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    } catch {
      // not running
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run(path.join(binDir, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
    const options = [
      `-p ${port}`, '-c listen_addresses=127.0.0.1', `-k ${dir}`,
      ...Object.entries(clusterSettings).map(([name, value]) => `-c ${name}=${value}`),
    ].join(' ');
    run(pgCtl, ['-D', dataDir, '-o', options, '-l', path.join(dir, 'server.log'), '-w', '-t', '120', 'start']);
  } catch (error) {
    await stop();
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(`could not start the benchmark cluster: ${stderr.trim()}`);
  }
  return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, settings: clusterSettings, stop };
}
