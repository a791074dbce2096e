// New databases of the test cluster, built like the one the test command prepared (platform
// baseline, migrations, optionally the seed), for suites whose work must not meet the other
// suites' rows: a restore that counts every row, jobs that act on every user. They need a
// superuser of the cluster (SUPABASE_ADMIN_DB_URL, given when the test command built the cluster);
// against a Supabase database, where only Supabase creates databases, those suites are skipped.
import postgres from 'postgres';
import { setupDatabase } from '../../scripts/local/database-setup.ts';
import { databaseUrl } from './database.ts';

export const adminDatabaseUrl = process.env.SUPABASE_ADMIN_DB_URL;

/** The URL with another database name. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface FreshDatabase {
  /** postgres's URL of the new database. */
  url: string;
  drop(): Promise<void>;
}

/** Creates database `name`, builds the platform and applies the migrations (and the seed) as postgres. */
export async function createFreshDatabase(name: string, options: { seed: boolean }): Promise<FreshDatabase> {
  if (!adminDatabaseUrl) throw new Error('SUPABASE_ADMIN_DB_URL is not set');
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  const admin = postgres(adminDatabaseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = withDatabase(databaseUrl(), name);
  const drop = async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  try {
    await setupDatabase(
      { url, adminUrl: withDatabase(adminDatabaseUrl, name) },
      { seed: options.seed ? 'always' : 'never' },
    );
  } catch (error) {
    await drop();
    throw error;
  }
  return { url, drop };
}
