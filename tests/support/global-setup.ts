// Serves the project's edge functions through the local gateway for the whole test run, against
// the database the test command prepared (SUPABASE_DB_URL).
import type { TestProject } from 'vitest/node';
import { defaults } from '../../scripts/lib/local-env.ts';
import { freePort } from '../../scripts/lib/ports.ts';
import { serveFunctions } from '../../scripts/lib/stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: {
      dbUrl: string;
      functionsUrl: string;
      jwtSecret: string;
      anonKey: string;
      serviceRoleKey: string;
    };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dbUrl = process.env.SUPABASE_DB_URL;
  if (!dbUrl) throw new Error('SUPABASE_DB_URL is not set: run the tests with `npm test`');
  const jwtSecret = defaults.jwtSecret;
  const server = await serveFunctions({ apiPort: await freePort(), dbUrl, jwtSecret }, {}, () => {});
  project.provide('stack', {
    dbUrl,
    functionsUrl: server.url,
    jwtSecret,
    anonKey: server.keys.anonKey,
    serviceRoleKey: server.keys.serviceRoleKey,
  });
  return () => server.stop();
}
