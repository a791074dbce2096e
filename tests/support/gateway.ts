// Calls through the local gateway: the access token a signed-in user sends, and gateways of a
// suite's own serving one function: against a database of its own, or one that is down, to see
// how a function answers when PostgreSQL cannot be reached.
import { inject } from 'vitest';
import { startFunctionsServer, type FunctionsServer } from '../../scripts/local/functions-server.ts';
import { signJwt } from '../../scripts/local/local-env.ts';
import { freePort } from '../../scripts/local/ports.ts';
import { readProjectConfig } from '../../scripts/project.ts';
import { functionEnv } from '../../scripts/local/stack.ts';

/**
 * A user's access token as Supabase Auth issues it (valid for an hour), signed with `secret`:
 * the test stack's secret, or another one to forge it. `extra` adds or overrides claims.
 */
export function signUserJwt(
  secret: string,
  id: string,
  email: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  return signJwt(secret, { sub: id, email, role: 'authenticated', aud: 'authenticated', ...extra }, '1h');
}

/**
 * A gateway serving only `functionName` (or the functions named) against the database at
 * `dbUrl`, with the stack's keys and `extraEnv`. The caller stops it.
 */
export async function startGatewayFor(
  functionName: string | string[],
  dbUrl: string,
  extraEnv: Record<string, string> = {},
): Promise<FunctionsServer> {
  const stack = inject('stack');
  const names = [functionName].flat();
  const functions = readProjectConfig().functions.filter((f) => names.includes(f.name));
  if (functions.length !== names.length) throw new Error(`not every function of ${names.join(', ')} exists`);
  const env = functionEnv(
    { apiPort: 0, dbUrl, jwtSecret: stack.jwtSecret },
    { anonKey: stack.anonKey, serviceRoleKey: stack.serviceRoleKey },
    extraEnv,
  );
  return startFunctionsServer({ port: 0, functions, jwtSecret: stack.jwtSecret, env, log: () => {} });
}

/**
 * A gateway serving only `functionName` whose database URL points at a free port nothing listens
 * on, so every connection attempt is refused at once. The caller stops it.
 */
export async function startGatewayWithDatabaseDown(
  functionName: string,
  extraEnv: Record<string, string> = {},
): Promise<FunctionsServer> {
  return startGatewayFor(functionName, `postgresql://postgres@127.0.0.1:${await freePort()}/postgres`, extraEnv);
}
