// The local stack both commands share: a database brought up to date, and the edge functions.
import type { JWK } from 'jose';
import { readProjectConfig } from '../project.ts';
import { defaults, publicJwks, type ApiKeys, type ProjectKeys } from './local-env.ts';
import { startFunctionsServer, type FunctionsServer, type FunctionsServerOptions } from './functions-server.ts';

export interface StackSettings {
  apiPort: number;
  dbUrl: string;
  /** The legacy JWT secret, when the project has one. */
  jwtSecret?: string;
  /** The private signing keys standing in for Supabase Auth's, when the project has them. */
  signingKeys?: JWK[];
}

/** The environment each edge function receives, as the hosted edge runtime provides it. */
export function functionEnv(
  settings: StackSettings,
  keys: ApiKeys,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    SUPABASE_URL: `http://127.0.0.1:${settings.apiPort}`,
    SUPABASE_DB_URL: settings.dbUrl,
    ...(keys.anonKey ? { SUPABASE_ANON_KEY: keys.anonKey } : {}),
    ...(keys.serviceRoleKey ? { SUPABASE_SERVICE_ROLE_KEY: keys.serviceRoleKey } : {}),
    // Hosted passes the new API keys as JSON objects of named keys; every project has a `default`.
    ...(keys.publishableKey ? { SUPABASE_PUBLISHABLE_KEYS: JSON.stringify({ default: keys.publishableKey }) } : {}),
    ...(keys.secretKey ? { SUPABASE_SECRET_KEYS: JSON.stringify({ default: keys.secretKey }) } : {}),
    ...(settings.signingKeys
      ? {
          SUPABASE_JWKS: JSON.stringify(publicJwks(settings.signingKeys)),
          // otp with AUTH_ADMIN=local stands in for Supabase Auth and signs sessions with this key.
          AUTH_LOCAL_SIGNING_KEY: JSON.stringify(settings.signingKeys[0]),
        }
      : {}),
    // The project's legacy JWT secret. Hosted projects that still use it set it with `supabase
    // secrets set JWT_SECRET=...` (names starting with SUPABASE_ are reserved).
    ...(settings.jwtSecret ? { JWT_SECRET: settings.jwtSecret } : {}),
    STRIPE_SECRET_KEY: process.env.STRIPE_SECRET_KEY ?? defaults.stripeSecretKey,
    STRIPE_WEBHOOK_SECRET: process.env.STRIPE_WEBHOOK_SECRET ?? defaults.stripeWebhookSecret,
    // The bearer token the scheduler and operators send to job functions (JOBS_SECRET).
    JOBS_SECRET: process.env.JOBS_SECRET ?? defaults.jobsSecret,
    // Where the Stripe client sends API calls: api.stripe.com unless set (tests use a local fake).
    ...(process.env.STRIPE_API_BASE ? { STRIPE_API_BASE: process.env.STRIPE_API_BASE } : {}),
    // Where storage-cleanup reaches the Storage API: SUPABASE_URL/storage/v1 unless set (the local
    // stack has none; tests use a local fake).
    ...(process.env.STORAGE_API_URL ? { STORAGE_API_URL: process.env.STORAGE_API_URL } : {}),
    // Origins the checkout function accepts in success_url and cancel_url (comma-separated).
    CHECKOUT_ALLOWED_ORIGINS: process.env.CHECKOUT_ALLOWED_ORIGINS ?? 'http://127.0.0.1:3000,http://localhost:3000',
    // adly-invitations: the app page an invitation email links to (the token goes in the fragment).
    INVITATION_ACCEPT_URL: process.env.INVITATION_ACCEPT_URL ?? 'http://127.0.0.1:3000/invitations/accept',
    // otp: Supabase Auth's admin API (`api`, hosted) or SQL on auth.users (`local`, no GoTrue here).
    AUTH_ADMIN: process.env.AUTH_ADMIN ?? 'local',
    // otp, adly-invitations: `outbox` writes emails to private.auth_mail_outbox and the log; `http` posts to MAIL_API_URL.
    MAIL_PROVIDER: process.env.MAIL_PROVIDER ?? 'outbox',
    // Each function's connection pool: its size, and prepared statements (see .env.example).
    ...(process.env.DB_POOL_MAX ? { DB_POOL_MAX: process.env.DB_POOL_MAX } : {}),
    ...(process.env.DB_PREPARE ? { DB_PREPARE: process.env.DB_PREPARE } : {}),
    ...extra,
  };
}

/** What the gateway checks credentials with, for a project's keys. */
export function gatewayOptions(keys: ProjectKeys): Pick<FunctionsServerOptions, 'jwtSecret' | 'jwks' | 'apiKeys'> {
  return keys.mode === 'legacy'
    ? { jwtSecret: keys.jwtSecret }
    : { jwks: publicJwks(keys.signingKeys), apiKeys: [keys.apiKeys.publishableKey, keys.apiKeys.secretKey] };
}

export async function serveFunctions(
  settings: { apiPort: number; dbUrl: string },
  keys: ProjectKeys,
  extraEnv: Record<string, string> = {},
  log?: (line: string) => void,
): Promise<FunctionsServer> {
  const stack: StackSettings =
    keys.mode === 'legacy'
      ? { ...settings, jwtSecret: keys.jwtSecret }
      : { ...settings, signingKeys: keys.signingKeys };
  return startFunctionsServer({
    port: settings.apiPort,
    functions: readProjectConfig().functions,
    ...gatewayOptions(keys),
    env: functionEnv(stack, keys.apiKeys, extraEnv),
    log,
  });
}
