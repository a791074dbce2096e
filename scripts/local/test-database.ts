// A database for the test command and the generators: TEST_DATABASE_URL if set, otherwise a
// throwaway cluster of the system PostgreSQL. Either way it ends up migrated and seeded, and is
// used as postgres, an ordinary role, as on hosted Supabase.
import { freePort } from './ports.ts';
import { startThrowawayCluster, systemPostgresBinDir } from './postgres-cluster.ts';
import { connect, setupDatabase, targetForUrl, type DatabaseTarget, type SetupResult } from './database-setup.ts';

export interface TestDatabase {
  /** postgres's URL: everything after the baseline connects with it. */
  url: string;
  /** A superuser's URL when the database is a local platform the test command built. */
  adminUrl?: string;
  setup: SetupResult;
  stop(): Promise<void>;
}

export async function startTestDatabase(): Promise<TestDatabase> {
  let target: DatabaseTarget;
  let stop = async () => {};
  if (process.env.TEST_DATABASE_URL) {
    target = await targetForUrl(process.env.TEST_DATABASE_URL);
  } else {
    const binDir = systemPostgresBinDir();
    if (!binDir) throw new Error('no system PostgreSQL found (Debian: apt-get install postgresql)');
    const cluster = await startThrowawayCluster({ binDir, port: await freePort() });
    target = cluster;
    stop = cluster.stop;
  }
  try {
    const setup = await setupDatabase(target, { seed: 'always' });
    if (target.adminUrl) await deactivateCronJobs(target.url);
    return { url: target.url, adminUrl: target.adminUrl, setup, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Supabase Cron would start the scheduled jobs while the suites run and change rows under them.
 * On a database the test command built, the schedules stay registered (the pgTAP suite checks
 * them) but inactive; the suites run the jobs themselves, with a moved clock.
 */
async function deactivateCronJobs(url: string): Promise<void> {
  const sql = connect(url);
  try {
    const [{ cron }] = await sql`select to_regnamespace('cron') is not null as cron`;
    if (cron) await sql`select cron.alter_job(jobid, active := false) from cron.job`;
  } finally {
    await sql.end();
  }
}
