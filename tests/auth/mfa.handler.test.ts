// The mfa handler called directly with a fake clock (the real database behind it): drift, replay,
// the lock and its expiry, backup codes, disable and regeneration. disable and backup-codes need a
// session that passed the factor, which only a live Auth session can be: those tests sign in
// through the local platform's stand-in for Auth and skip where it is missing.
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { claimsReader, verificationKeys } from '../../supabase/functions/_shared/auth.ts';
import { createMfaHandler } from '../../supabase/functions/mfa/handler.ts';
import { canSignIn, connect, createUser, noSignInReason, signIn, uniqueEmail, userToken, type Sql } from './support.ts';

const stack = inject('stack');
let sql: Sql;
let now: Date;
let handler: (req: Request) => Promise<Response>;
let localAuth: boolean;

beforeAll(async () => {
  sql = connect(stack.dbUrl);
  localAuth = await canSignIn(sql);
  handler = createMfaHandler({
    sql,
    readClaims: claimsReader(verificationKeys({ jwtSecret: stack.jwtSecret })),
    clock: () => now,
    issuer: 'Test app',
  });
});
afterAll(() => sql.end());

const STEP = 30_000;
/** A clock at the start of a 30-second step, so that ±1 step is exact. */
const stepStart = () => new Date(Math.floor(Date.now() / STEP) * STEP + 3_000);

async function call(token: string, action: string, body?: unknown) {
  const res = await handler(
    new Request(`http://localhost/mfa/${action}`, {
      method: action === 'status' ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: action === 'status' ? undefined : JSON.stringify(body ?? {}),
    }),
  );
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

interface Enrolled {
  token: string;
  id: string;
  codeAt(time: Date): string;
  backupCodes: string[];
}

/**
 * A user with 2FA enabled at `now` (the current step is then used), from a session that thereby
 * passed the factor: a live Auth session where the platform can sign in.
 */
async function enabledUser(tag: string): Promise<Enrolled> {
  const email = uniqueEmail(tag);
  const id = await createUser(sql, email);
  const token = localAuth
    ? (await signIn(sql, stack.jwtSecret, id, email)).token
    : await userToken(stack.jwtSecret, id, email);
  now = stepStart();
  const enrolled = await call(token, 'enroll');
  const totp = new TOTP({ secret: Secret.fromBase32(enrolled.body.secret), algorithm: 'SHA1', digits: 6, period: 30 });
  const codeAt = (time: Date) => totp.generate({ timestamp: time.getTime() });
  const verified = await call(token, 'verify', { code: codeAt(now) });
  expect(verified.status).toBe(200);
  return { token, id, codeAt, backupCodes: verified.body.backup_codes };
}

const later = (ms: number) => new Date(now.getTime() + ms);

describe('mfa with a fake clock', () => {
  it('accepts one step of drift either way, not two', async () => {
    const user = await enabledUser('drift');
    now = later(5 * STEP); // last used step is 5 steps back
    expect((await call(user.token, 'challenge', { code: user.codeAt(later(-2 * STEP)) })).status).toBe(400);
    expect((await call(user.token, 'challenge', { code: user.codeAt(later(2 * STEP)) })).status).toBe(400);
    expect((await call(user.token, 'challenge', { code: user.codeAt(later(-STEP)) })).status).toBe(200);
    now = later(3 * STEP);
    expect((await call(user.token, 'challenge', { code: user.codeAt(later(STEP)) })).status).toBe(200);
  });

  it('never accepts the same step twice, nor an earlier step after a later one', async () => {
    const user = await enabledUser('replay');
    now = later(STEP);
    const code = user.codeAt(now);
    const first = await call(user.token, 'challenge', { code });
    expect(first.status).toBe(200);
    expect(first.body.method).toBe('totp');
    const replay = await call(user.token, 'challenge', { code });
    expect(replay).toMatchObject({ status: 400, body: { error: { code: 'invalid_code' } } });
    // the code of the step before, still inside the drift window, is refused too
    expect((await call(user.token, 'challenge', { code: user.codeAt(later(-STEP)) })).status).toBe(400);
    now = later(STEP);
    expect((await call(user.token, 'challenge', { code: user.codeAt(now) })).status).toBe(200);
  });

  it('locks the factor for 15 minutes after 5 failures, then accepts a good code again', async (ctx) => {
    if (!localAuth) ctx.skip(noSignInReason);
    const user = await enabledUser('lock');
    now = later(STEP);
    const good = user.codeAt(now);
    const wrong = String((Number(good) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 1; i <= 4; i++) expect((await call(user.token, 'challenge', { code: wrong })).status).toBe(400);
    const fifth = await call(user.token, 'challenge', { code: wrong });
    expect(fifth.status).toBe(429);
    expect(fifth.body.error.code).toBe('factor_locked');
    expect(fifth.headers.get('retry-after')).toBe('900');

    // locked: a good code and a backup code are refused without being checked
    now = later(60_000);
    const locked = await call(user.token, 'challenge', { code: user.codeAt(now) });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('840');
    expect((await call(user.token, 'challenge', { code: user.backupCodes[0] })).status).toBe(429);
    expect((await call(user.token, 'disable', { code: user.codeAt(now) })).status).toBe(429);

    now = later(14 * 60_000 + 1_000);
    const open = await call(user.token, 'challenge', { code: user.codeAt(now) });
    expect(open.status).toBe(200);
    // the counter starts again from zero after the lock
    now = later(STEP);
    for (let i = 1; i <= 4; i++) expect((await call(user.token, 'challenge', { code: wrong })).status).toBe(400);
    expect((await call(user.token, 'challenge', { code: user.codeAt(now) })).status).toBe(200);
  });

  it('a success resets the failure counter', async () => {
    const user = await enabledUser('reset-counter');
    now = later(STEP);
    for (let i = 1; i <= 4; i++)
      expect(
        (await call(user.token, 'challenge', { code: '000000' === user.codeAt(now) ? '111111' : '000000' })).status,
      ).toBe(400);
    expect((await call(user.token, 'challenge', { code: user.codeAt(now) })).status).toBe(200);
    now = later(STEP);
    for (let i = 1; i <= 4; i++)
      expect(
        (await call(user.token, 'challenge', { code: '000000' === user.codeAt(now) ? '111111' : '000000' })).status,
      ).toBe(400);
    const [row] =
      await sql`select failed_attempts, locked_until from private.auth_totp_factors where user_id = ${user.id}`;
    expect(row).toEqual({ failed_attempts: 4, locked_until: null });
  });

  it('uses each backup code once; regenerating needs a current code and voids the old codes', async (ctx) => {
    if (!localAuth) ctx.skip(noSignInReason);
    const user = await enabledUser('backup');
    expect(user.backupCodes).toHaveLength(10);
    expect(new Set(user.backupCodes).size).toBe(10);
    for (const code of user.backupCodes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);

    const used = await call(user.token, 'challenge', { code: user.backupCodes[0].toUpperCase() });
    expect(used).toMatchObject({ status: 200, body: { method: 'backup_code', backup_codes_left: 9 } });
    const reused = await call(user.token, 'challenge', { code: user.backupCodes[0] });
    expect(reused).toMatchObject({ status: 400, body: { error: { code: 'invalid_code' } } });

    // a backup code is not a current code
    expect((await call(user.token, 'backup-codes', { code: user.backupCodes[1] })).status).toBe(400);
    now = later(STEP);
    const fresh = await call(user.token, 'backup-codes', { code: user.codeAt(now) });
    expect(fresh.status).toBe(200);
    expect(fresh.body.backup_codes).toHaveLength(10);
    expect((await call(user.token, 'challenge', { code: user.backupCodes[2] })).status).toBe(400);
    expect((await call(user.token, 'challenge', { code: fresh.body.backup_codes[0] })).status).toBe(200);
    const status = await call(user.token, 'status');
    expect(status.body).toMatchObject({ enrolled: true, enabled: true, backup_codes_left: 9 });
  });

  it('disables only with a current code, and then forgets the secret and the backup codes', async (ctx) => {
    if (!localAuth) ctx.skip(noSignInReason);
    const user = await enabledUser('disable');
    now = later(STEP);
    expect((await call(user.token, 'disable', { code: user.backupCodes[0] })).status).toBe(400);
    expect(
      (await call(user.token, 'disable', { code: '123456' === user.codeAt(now) ? '654321' : '123456' })).status,
    ).toBe(400);
    const done = await call(user.token, 'disable', { code: user.codeAt(now) });
    expect(done).toMatchObject({ status: 200, body: { enabled: false } });
    const rows = await sql`select 1 from private.auth_totp_factors where user_id = ${user.id}`;
    expect(rows).toHaveLength(0);
    expect((await call(user.token, 'status')).body).toMatchObject({ enrolled: false, enabled: false });
    expect((await call(user.token, 'challenge', { code: user.codeAt(now) })).status).toBe(404);
  });

  it('keeps 2FA off until a first code verifies, and a wrong first code counts as a failure', async () => {
    const email = uniqueEmail('pending');
    const id = await createUser(sql, email);
    const token = await userToken(stack.jwtSecret, id, email);
    now = stepStart();
    const enrolled = await call(token, 'enroll');
    const totp = new TOTP({ secret: Secret.fromBase32(enrolled.body.secret), period: 30 });
    expect((await call(token, 'status')).body).toMatchObject({ enrolled: true, enabled: false });
    expect((await call(token, 'challenge', { code: totp.generate({ timestamp: now.getTime() }) })).status).toBe(409);
    const wrong = await call(token, 'verify', { code: totp.generate({ timestamp: later(10 * STEP).getTime() }) });
    expect(wrong.status).toBe(400);
    const [row] = await sql`select failed_attempts, is_enabled from private.auth_totp_factors where user_id = ${id}`;
    expect(row).toEqual({ failed_attempts: 1, is_enabled: false });
    expect((await call(token, 'verify', { code: totp.generate({ timestamp: now.getTime() }) })).status).toBe(200);
  });

  it('binds nothing to a token that names no Auth session: verify and challenge refuse it', async () => {
    const email = uniqueEmail('no-session');
    const id = await createUser(sql, email);
    const withSession = await userToken(stack.jwtSecret, id, email);
    const withoutSession = await userToken(stack.jwtSecret, id, email, { session_id: undefined });
    now = stepStart();
    const enrolled = await call(withoutSession, 'enroll');
    expect(enrolled.status).toBe(200);
    const totp = new TOTP({ secret: Secret.fromBase32(enrolled.body.secret), period: 30 });
    const code = totp.generate({ timestamp: now.getTime() });
    expect(await call(withoutSession, 'verify', { code })).toMatchObject({
      status: 401,
      body: { error: { code: 'no_session' } },
    });
    // refused before the code was looked at: the same code still turns 2FA on
    expect((await call(withSession, 'verify', { code })).status).toBe(200);
    now = later(STEP);
    const next = totp.generate({ timestamp: now.getTime() });
    expect((await call(withoutSession, 'challenge', { code: next })).body.error.code).toBe('no_session');
    expect((await call(withoutSession, 'status')).body).toMatchObject({ enabled: true, session_verified: false });
  });

  it('disables and replaces backup codes only from a session that passed the factor, using up no code when refused', async (ctx) => {
    if (!localAuth) ctx.skip(noSignInReason);
    const user = await enabledUser('verified-session');
    const [{ email }] = await sql<{ email: string }[]>`select email from auth.users where id = ${user.id}`;
    const other = await signIn(sql, stack.jwtSecret, user.id, email);
    expect((await call(user.token, 'status')).body.session_verified).toBe(true);
    expect((await call(other.token, 'status')).body.session_verified).toBe(false);

    now = later(STEP);
    const code = user.codeAt(now);
    for (const action of ['disable', 'backup-codes']) {
      const refused = await call(other.token, action, { code });
      expect(refused).toMatchObject({ status: 403, body: { error: { code: 'second_factor_required' } } });
    }
    const [row] = await sql`select failed_attempts from private.auth_totp_factors where user_id = ${user.id}`;
    expect(row.failed_attempts).toBe(0);
    // the code the refusals did not use passes the other session, which may then disable with the next one
    expect((await call(other.token, 'challenge', { code })).status).toBe(200);
    now = later(STEP);
    expect((await call(other.token, 'disable', { code: user.codeAt(now) })).status).toBe(200);
    const sessions = await sql`select 1 from private.auth_second_factor_sessions where user_id = ${user.id}`;
    expect(sessions).toHaveLength(0);
  });
});

describe('mfa under concurrent requests', () => {
  it('of 5 simultaneous challenges with the same code, exactly one passes', async () => {
    const user = await enabledUser('race');
    now = later(STEP);
    const code = user.codeAt(now);
    const results = await Promise.all(Array.from({ length: 5 }, () => call(user.token, 'challenge', { code })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400, 400, 400]);
  });

  it('of 5 simultaneous challenges with the same backup code, exactly one passes', async () => {
    const user = await enabledUser('race-backup');
    const results = await Promise.all(
      Array.from({ length: 5 }, () => call(user.token, 'challenge', { code: user.backupCodes[3] })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400, 400, 400]);
  });

  it('12 simultaneous wrong codes count 5 failures and lock the factor; the rest find it locked', async () => {
    const user = await enabledUser('race-lock');
    now = later(STEP);
    const wrong = String((Number(user.codeAt(now)) + 500_000) % 1_000_000).padStart(6, '0');
    const results = await Promise.all(Array.from({ length: 12 }, () => call(user.token, 'challenge', { code: wrong })));
    expect(results.map((r) => r.status).sort()).toEqual([...Array(4).fill(400), ...Array(8).fill(429)]);
    const [factor] =
      await sql`select failed_attempts, locked_until from private.auth_totp_factors where user_id = ${user.id}`;
    expect(factor.failed_attempts).toBe(0);
    expect(factor.locked_until).not.toBeNull();
  });
});
