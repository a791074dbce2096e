import { serverKey } from '../_shared/api-keys.ts';
import { claimsReader, verificationKeysFromEnv } from '../_shared/auth.ts';
import { connectDatabase } from '../_shared/database.ts';
import { mailerFromEnv } from '../_shared/mailer.ts';
import { apiAuthAdmin, type AuthAdmin, localAuthAdmin, localSessionKey } from './auth-admin.ts';
import { createOtpHandler } from './handler.ts';

function required(name: string): string {
  const value = Deno.env.get(name);
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const env = (name: string) => Deno.env.get(name);
const sql = connectDatabase(env, 3);
const supabaseUrl = required('SUPABASE_URL');
const key = serverKey(env);

// AUTH_ADMIN=local: the local stack has no Supabase Auth server; write auth.users through SQL.
const authAdmin: AuthAdmin = Deno.env.get('AUTH_ADMIN') === 'local'
  ? localAuthAdmin({ sessionKey: await localSessionKey(env), issuer: `${supabaseUrl}/auth/v1`, sql })
  : apiAuthAdmin({ supabaseUrl, key });

// The hosted edge runtime keeps a worker alive for promises handed to EdgeRuntime.waitUntil.
const runtime = (globalThis as { EdgeRuntime?: { waitUntil(work: Promise<unknown>): void } }).EdgeRuntime;
const background = (work: Promise<unknown>) => {
  const logged = work.catch((error) => console.error('otp mail:', error));
  if (runtime) runtime.waitUntil(logged);
};

Deno.serve(createOtpHandler({
  sql,
  mailer: mailerFromEnv(sql, env),
  authAdmin,
  readClaims: claimsReader(verificationKeysFromEnv(env)),
  // Login proofs are signed with a key derived from the project's secret key.
  proofSecret: key.value,
  appName: Deno.env.get('APP_NAME') ?? 'Your account',
  background,
}));
