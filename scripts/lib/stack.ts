// The local stack both commands share: a database brought up to date, and the edge functions.
import { readProjectConfig } from './project.ts';
import { apiKeys, defaults, type ApiKeys } from './local-env.ts';
import { startFunctionsServer, type FunctionsServer } from './functions-server.ts';

export interface StackSettings {
  apiPort: number;
  dbUrl: string;
  jwtSecret: string;
}

/** The environment each edge function receives, as the hosted edge runtime provides it. */
export function functionEnv(settings: StackSettings, keys: ApiKeys, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SUPABASE_URL: `http://127.0.0.1:${settings.apiPort}`,
    SUPABASE_ANON_KEY: keys.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: keys.serviceRoleKey,
    SUPABASE_DB_URL: settings.dbUrl,
    // The project's JWT secret, with which functions verify callers' JWTs. Hosted projects set it
    // with `supabase secrets set JWT_SECRET=...` (names starting with SUPABASE_ are reserved).
    JWT_SECRET: settings.jwtSecret,
    STRIPE_SECRET_KEY: process.env.STRIPE_SECRET_KEY ?? defaults.stripeSecretKey,
    STRIPE_WEBHOOK_SECRET: process.env.STRIPE_WEBHOOK_SECRET ?? defaults.stripeWebhookSecret,
    // Where the Stripe client sends API calls: api.stripe.com unless set (tests use a local fake).
    ...(process.env.STRIPE_API_BASE ? { STRIPE_API_BASE: process.env.STRIPE_API_BASE } : {}),
    // Origins the checkout function accepts in success_url and cancel_url (comma-separated).
    CHECKOUT_ALLOWED_ORIGINS: process.env.CHECKOUT_ALLOWED_ORIGINS ?? 'http://127.0.0.1:3000,http://localhost:3000',
    // otp: Supabase Auth's admin API (`api`, hosted) or SQL on auth.users (`local`, no GoTrue here).
    AUTH_ADMIN: process.env.AUTH_ADMIN ?? 'local',
    // otp: `outbox` writes emails to private.auth_mail_outbox and the log; `http` posts to MAIL_API_URL.
    MAIL_PROVIDER: process.env.MAIL_PROVIDER ?? 'outbox',
    ...extra,
  };
}

export async function serveFunctions(settings: StackSettings, extraEnv: Record<string, string> = {}, log?: (line: string) => void): Promise<FunctionsServer & { keys: ApiKeys }> {
  const keys = await apiKeys(settings.jwtSecret);
  const server = await startFunctionsServer({
    port: settings.apiPort,
    functions: readProjectConfig().functions,
    jwtSecret: settings.jwtSecret,
    env: functionEnv(settings, keys, extraEnv),
    log,
  });
  return { ...server, keys };
}
