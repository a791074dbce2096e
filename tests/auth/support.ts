// Helpers shared by the auth tests: users, tokens, the mail outbox and the rate-limit rows of
// the loopback address (every request through the local gateway comes from it).
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { signUserJwt } from '../support/gateway.ts';

export type Sql = postgres.Sql;

export function connect(dbUrl: string): Sql {
  return postgres(dbUrl, { max: 6, onnotice: () => {} });
}

export function uniqueEmail(tag: string): string {
  return `${tag}-${randomUUID().slice(0, 8)}@auth-tests.example.com`;
}

export async function createUser(sql: Sql, email: string, options: { confirmed?: boolean } = {}): Promise<string> {
  const [{ id }] = await sql<{ id: string }[]>`select tests.create_user(${email}) as id`;
  if (options.confirmed === false) await sql`update auth.users set email_confirmed_at = null where id = ${id}`;
  return id;
}

/** A password sign-in's access token: aal1, with its authentication method and session. */
export async function userToken(
  jwtSecret: string,
  id: string,
  email: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  return signUserJwt(jwtSecret, id, email, {
    aal: 'aal1',
    amr: [{ method: 'password', timestamp: Math.floor(Date.now() / 1000) }],
    session_id: randomUUID(),
    ...extra,
  });
}

/**
 * Whether the database has the local platform's stand-in for Supabase Auth's sign-in, which puts
 * a session in auth.sessions. Hosted projects and `supabase start` have sessions only through
 * Auth's API, so the tests that need a live session skip there.
 */
export async function canSignIn(sql: Sql): Promise<boolean> {
  const [{ available }] = await sql<{ available: boolean }[]>`
    select to_regproc('supabase_local.auth_sign_in') is not null as available`;
  return available;
}

export const noSignInReason = 'needs supabase_local.auth_sign_in (the local platform) to create Auth sessions';

/**
 * A password sign-in as Supabase Auth records it: a session in auth.sessions and an access token
 * carrying its id. `refresh` gives another token of the same session, as a token refresh does.
 */
export async function signIn(sql: Sql, jwtSecret: string, id: string, email: string) {
  const [{ session }] = await sql<{ session: string }[]>`select supabase_local.auth_sign_in(${id}) as session`;
  const refresh = () => userToken(jwtSecret, id, email, { session_id: session });
  return { session, token: await refresh(), refresh };
}

/** Messages recorded for this address, oldest first. */
export async function outbox(sql: Sql, email: string) {
  return sql<{ subject: string; template: string; provider: string; body_text: string | null; status: string }[]>`
    select subject, template, provider, body_text, status from private.auth_mail_outbox
    where to_email = ${email} order by created_at, id`;
}

/** The code of the newest message to this address, waiting for the background send. */
export async function latestCode(sql: Sql, email: string, count = 1, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const messages = await outbox(sql, email);
    if (messages.length >= count) {
      const match = /: (\d{6})\b/.exec(messages[count - 1].body_text ?? '');
      if (!match) throw new Error(`no code in ${messages[count - 1].body_text}`);
      return match[1];
    }
    if (Date.now() > deadline) throw new Error(`no message number ${count} for ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Forgets the loopback address's request and verification counts. */
export async function clearLoopbackLimits(sql: Sql): Promise<void> {
  await sql`
    delete from private.auth_rate_events
    where bucket in ('otp_request_ip', 'otp_verify_ip')
      and key_hash in (select private.auth_hmac('ip:' || a) from unnest(array['127.0.0.1', '::ffff:127.0.0.1', '::1']) a)`;
}

/** The code a wrong guess uses: any 6 digits other than the right one. */
export function wrongCode(code: string, n = 1): string {
  return String((Number(code) + n) % 1_000_000).padStart(6, '0');
}
