import { jwksUrlFor } from '../_shared/auth.ts';
import { connectDatabase } from '../_shared/database.ts';
import { apiAuthAdmin, localAuthAdmin, type AuthAdmin } from './auth-admin.ts';
import { createOtpHandler } from './handler.ts';
import { httpMailer, outboxMailer, type Mailer } from './mailer.ts';

function required(name: string): string {
  const value = Deno.env.get(name);
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const sql = connectDatabase(Deno.env.get('SUPABASE_DB_URL'), 3);
const jwtSecret = required('JWT_SECRET');
const supabaseUrl = required('SUPABASE_URL');

// AUTH_ADMIN=local: the local stack has no Supabase Auth server; write auth.users through SQL.
const authAdmin: AuthAdmin = Deno.env.get('AUTH_ADMIN') === 'local'
  ? localAuthAdmin({ jwtSecret, issuer: `${supabaseUrl}/auth/v1` })
  : apiAuthAdmin({ supabaseUrl, serviceRoleKey: required('SUPABASE_SERVICE_ROLE_KEY') });

// MAIL_PROVIDER=outbox: messages go to private.auth_mail_outbox and the log instead of an API.
const mailer: Mailer = Deno.env.get('MAIL_PROVIDER') === 'outbox'
  ? outboxMailer(sql)
  : httpMailer({
    sql,
    endpoint: Deno.env.get('MAIL_API_URL') ?? 'https://api.resend.com/emails',
    apiKey: required('MAIL_API_KEY'),
    from: required('MAIL_FROM'),
  });

// The hosted edge runtime keeps a worker alive for promises handed to EdgeRuntime.waitUntil.
const runtime = (globalThis as { EdgeRuntime?: { waitUntil(work: Promise<unknown>): void } }).EdgeRuntime;
const background = (work: Promise<unknown>) => {
  const logged = work.catch((error) => console.error('otp mail:', error));
  if (runtime) runtime.waitUntil(logged);
};

Deno.serve(createOtpHandler({
  sql,
  mailer,
  authAdmin,
  jwtSecret,
  jwksUrl: jwksUrlFor(supabaseUrl, Deno.env.get('JWT_JWKS_URL')),
  appName: Deno.env.get('APP_NAME') ?? 'Your account',
  background,
}));
