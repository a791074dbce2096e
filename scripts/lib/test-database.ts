// A database for the test command and the type generator: TEST_DATABASE_URL if set, otherwise a
// throwaway cluster of the system PostgreSQL. Either way it ends up migrated and seeded.
import { freePort } from './ports.ts';
import { startThrowawayCluster, systemPostgresBinDir } from './postgres-cluster.ts';
import { connect, runSqlFile, setupDatabase, type SetupResult } from './database-setup.ts';
import { testHelpersFile } from './project.ts';

export interface TestDatabase {
  url: string;
  setup: SetupResult;
  stop(): Promise<void>;
}

export async function startTestDatabase(options: { withTestHelpers: boolean }): Promise<TestDatabase> {
  let url = process.env.TEST_DATABASE_URL;
  let stop = async () => {};
  if (!url) {
    const binDir = systemPostgresBinDir();
    if (!binDir) throw new Error('no system PostgreSQL found (Debian: apt-get install postgresql)');
    const cluster = await startThrowawayCluster({ binDir, port: await freePort() });
    url = cluster.url;
    stop = cluster.stop;
  }
  try {
    const setup = await setupDatabase(url, { seed: 'always' });
    if (options.withTestHelpers) {
      const sql = connect(url);
      try {
        await runSqlFile(sql, testHelpersFile);
      } finally {
        await sql.end();
      }
    }
    return { url, setup, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
