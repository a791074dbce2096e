// The mfa function over HTTP through the local gateway (verify_jwt on), with the real clock. What a
// verified session then reaches is in second-factor-sessions.http.test.ts.
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { canSignIn, connect, createUser, noSignInReason, signIn, uniqueEmail, userToken, type Sql } from './support.ts';

const stack = inject('stack');
let sql: Sql;
let localAuth: boolean;

beforeAll(async () => {
  sql = connect(stack.dbUrl);
  localAuth = await canSignIn(sql);
});
afterAll(() => sql.end());

async function call(token: string | null, action: string, body?: unknown) {
  const res = await fetch(`${stack.functionsUrl}/mfa/${action}`, {
    method: action === 'status' ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: action === 'status' ? undefined : JSON.stringify(body ?? {}),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

/** Waits until at least 5 s remain in the current 30 s step, so codes computed now stay valid. */
async function awayFromStepEdge(): Promise<void> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < 5_000) await new Promise((resolve) => setTimeout(resolve, left + 200));
}

describe('mfa over HTTP', () => {
  it('refuses callers without a user JWT', async () => {
    expect((await call(null, 'status')).status).toBe(401);
    expect((await call(stack.anonKey, 'status')).status).toBe(401);
    expect((await call(stack.anonKey, 'enroll')).body.error.code).toBe('unauthorized');
    const preflight = await fetch(`${stack.functionsUrl}/mfa/enroll`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
  });

  it('enrolls, enables with a first code, challenges, and never returns the secret again', async () => {
    const email = uniqueEmail('mfa');
    const id = await createUser(sql, email);
    const token = await userToken(stack.jwtSecret, id, email);

    const enrolled = await call(token, 'enroll');
    expect(enrolled.status).toBe(200);
    const secret = enrolled.body.secret as string;
    expect(Secret.fromBase32(secret).bytes.length).toBeGreaterThanOrEqual(20);
    const uri = new URL(enrolled.body.otpauth_uri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('algorithm')).toBe('SHA1');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(enrolled.body.qr_svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);

    // stored encrypted: the secret is not in the row
    const [row] =
      await sql`select encode(secret, 'escape') as raw, is_enabled from private.auth_totp_factors where user_id = ${id}`;
    expect(row.raw).not.toContain(secret);
    expect(row.is_enabled).toBe(false);

    // 2FA is off until a code verifies; a challenge before that is refused
    expect((await call(token, 'status')).body).toMatchObject({ enrolled: true, enabled: false });
    const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
    await awayFromStepEdge();
    const previous = totp.generate({ timestamp: Date.now() - 30_000 });
    const current = totp.generate({ timestamp: Date.now() });
    expect((await call(token, 'challenge', { code: current })).status).toBe(409);

    const verified = await call(token, 'verify', { code: previous });
    expect(verified.status).toBe(200);
    // no token in the answer: the caller's own session is what passed the factor
    expect(Object.keys(verified.body).sort()).toEqual(['backup_codes', 'enabled']);
    expect(verified.body.enabled).toBe(true);
    expect(verified.body.backup_codes).toHaveLength(10);

    // enrolling again cannot switch a live factor off
    expect((await call(token, 'enroll')).status).toBe(409);
    expect((await call(token, 'verify', { code: current })).status).toBe(409);

    const challenged = await call(token, 'challenge', { code: current });
    expect(challenged.status).toBe(200);
    expect(challenged.body).toEqual({ method: 'totp', backup_codes_left: 10 });
    // replay of the step just used
    expect((await call(token, 'challenge', { code: current })).status).toBe(400);
    const fromBackup = await call(token, 'challenge', { code: verified.body.backup_codes[0] });
    expect(fromBackup.body).toEqual({ method: 'backup_code', backup_codes_left: 9 });

    // nothing after enrolment contains the secret
    const status = await call(token, 'status');
    expect(status.body).toMatchObject({ enrolled: true, enabled: true, backup_codes_left: 9 });
    for (const body of [verified.body, challenged.body, fromBackup.body, status.body]) {
      expect(JSON.stringify(body)).not.toContain(secret);
    }
  });

  it('replaces the backup codes from a session that passed the factor; the old ones stop working', async (ctx) => {
    if (!localAuth) ctx.skip(noSignInReason);
    const email = uniqueEmail('mfa-backup');
    const id = await createUser(sql, email);
    const { token } = await signIn(sql, stack.jwtSecret, id, email);
    const enrolled = await call(token, 'enroll');
    const totp = new TOTP({ secret: Secret.fromBase32(enrolled.body.secret), period: 30 });
    await awayFromStepEdge();
    const verified = await call(token, 'verify', { code: totp.generate({ timestamp: Date.now() - 30_000 }) });
    expect(verified.status).toBe(200);

    const regenerated = await call(token, 'backup-codes', { code: totp.generate() });
    expect(regenerated.status).toBe(200);
    expect(regenerated.body.backup_codes).toHaveLength(10);
    expect((await call(token, 'challenge', { code: verified.body.backup_codes[0] })).status).toBe(400);
    expect((await call(token, 'challenge', { code: regenerated.body.backup_codes[0] })).status).toBe(200);
    expect((await call(token, 'challenge', { code: regenerated.body.backup_codes[0] })).status).toBe(400);
    const hashes = await sql`select backup_code_hashes from private.auth_totp_factors where user_id = ${id}`;
    for (const code of regenerated.body.backup_codes as string[]) {
      expect(JSON.stringify(hashes)).not.toContain(code.replace('-', ''));
    }
  });

  it('answers unknown actions and wrong methods', async () => {
    const email = uniqueEmail('routes');
    const token = await userToken(stack.jwtSecret, await createUser(sql, email), email);
    expect((await call(token, 'nowhere')).status).toBe(404);
    const get = await fetch(`${stack.functionsUrl}/mfa/enroll`, { headers: { authorization: `Bearer ${token}` } });
    expect(get.status).toBe(405);
    expect((await call(token, 'challenge', { code: '123456' })).status).toBe(404);
    expect((await call(token, 'challenge', {})).status).toBe(400);
  });
});
