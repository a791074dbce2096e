// The otp function over HTTP through the local gateway, with the real database and the local
// providers (AUTH_ADMIN=local, MAIL_PROVIDER=outbox).
import { decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  clearLoopbackLimits,
  connect,
  createUser,
  latestCode,
  outbox,
  uniqueEmail,
  userToken,
  wrongCode,
  type Sql,
} from './support.ts';

const stack = inject('stack');
let sql: Sql;

beforeAll(() => {
  sql = connect(stack.dbUrl);
});
afterAll(() => sql.end());
// Every request here comes from 127.0.0.1: the per-IP limits are tested with a fake address in
// otp.handler.test.ts.
beforeEach(() => clearLoopbackLimits(sql));

async function post(action: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.functionsUrl}/otp/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.anonKey}`, ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

describe('otp request', () => {
  it('answers a known and an unknown email the same way, and mails only the known one', async () => {
    const known = uniqueEmail('known');
    await createUser(sql, known);
    const unknown = uniqueEmail('unknown');

    const a = await post('request', { purpose: 'login', email: known });
    const b = await post('request', { purpose: 'login', email: unknown });
    expect(a.status).toBe(202);
    expect(b.status).toBe(a.status);
    expect(b.body).toEqual(a.body);
    expect([...b.headers.keys()].filter((k) => k !== 'date').sort()).toEqual(
      [...a.headers.keys()].filter((k) => k !== 'date').sort(),
    );

    await latestCode(sql, known);
    expect(await outbox(sql, unknown)).toHaveLength(0);
    const [message] = await outbox(sql, known);
    expect(message).toMatchObject({ template: 'otp_login', provider: 'outbox', status: 'sent' });
  });

  it('stores only a hash of the code', async () => {
    const email = uniqueEmail('hash');
    const id = await createUser(sql, email);
    await post('request', { purpose: 'login', email });
    const code = await latestCode(sql, email);
    const rows = await sql`select token_hash from private.auth_email_codes where user_id = ${id}`;
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].token_hash).not.toContain(code);
  });

  it('limits requests per email: the 6th within 15 minutes is a 429 with Retry-After', async () => {
    const email = uniqueEmail('limit');
    await createUser(sql, email);
    for (let i = 0; i < 5; i++) expect((await post('request', { purpose: 'reset', email })).status).toBe(202);
    const refused = await post('request', { purpose: 'reset', email });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(890);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // an unknown email is limited the same way
    const unknown = uniqueEmail('limit-unknown');
    for (let i = 0; i < 5; i++) expect((await post('request', { purpose: 'reset', email: unknown })).status).toBe(202);
    expect((await post('request', { purpose: 'reset', email: unknown })).status).toBe(429);
  });

  it('holds the limit under a burst: of 10 concurrent requests for one email, 5 are accepted and 5 mails sent', async () => {
    const email = uniqueEmail('burst');
    await createUser(sql, email);
    const statuses = await Promise.all(
      Array.from({ length: 10 }, () => post('request', { purpose: 'login', email }).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 202)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    await latestCode(sql, email, 5);
    await new Promise((resolve) => setTimeout(resolve, 300)); // no sixth mail is on its way
    expect(await outbox(sql, email)).toHaveLength(5);
  });

  it('refuses a bad purpose, a bad email, and a request without email from an anonymous caller', async () => {
    expect((await post('request', { purpose: 'signup', email: uniqueEmail('x') })).body.error.code).toBe(
      'invalid_body',
    );
    expect((await post('request', { purpose: 'login', email: 'not-an-email' })).status).toBe(400);
    const anonymous = await post('request', { purpose: 'verification' });
    expect(anonymous.status).toBe(401);
    expect((await fetch(`${stack.functionsUrl}/otp/request`)).status).toBe(405);
    expect((await post('nowhere', {})).status).toBe(404);
  });
});

describe('otp verify', () => {
  it("verifies the calling user's email (no email in the body, user JWT)", async () => {
    const email = uniqueEmail('verify');
    const id = await createUser(sql, email, { confirmed: false });
    const auth = { authorization: `Bearer ${await userToken(stack.jwtSecret, id, email)}` };
    expect((await post('request', { purpose: 'verification' }, auth)).status).toBe(202);
    const code = await latestCode(sql, email);
    const ok = await post('verify', { purpose: 'verification', code }, auth);
    expect(ok).toMatchObject({ status: 200, body: { verified: true, email } });
    const [user] = await sql`select email_confirmed_at from auth.users where id = ${id}`;
    expect(user.email_confirmed_at).not.toBeNull();
  });

  it('refuses a wrong code, then accepts the right one once; a used code is refused', async () => {
    const email = uniqueEmail('once');
    await createUser(sql, email, { confirmed: false });
    await post('request', { purpose: 'verification', email });
    const code = await latestCode(sql, email);
    const wrong = await post('verify', { purpose: 'verification', email, code: wrongCode(code) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('invalid_code');
    expect((await post('verify', { purpose: 'verification', email, code })).status).toBe(200);
    const reused = await post('verify', { purpose: 'verification', email, code });
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toBe('invalid_code');
  });

  it('a code is used once under concurrency, and concurrent wrong guesses kill it at the limit', async () => {
    const email = uniqueEmail('race');
    await createUser(sql, email);
    await post('request', { purpose: 'login', email });
    const code = await latestCode(sql, email);
    const verified = await Promise.all(
      Array.from({ length: 10 }, () => post('verify', { purpose: 'login', email, code }).then((r) => r.status)),
    );
    expect(verified.filter((s) => s === 200)).toHaveLength(1);
    expect(verified.filter((s) => s === 400)).toHaveLength(9);

    // another account, whose failed verifications the first part did not count
    const guessed = uniqueEmail('race-guess');
    await createUser(sql, guessed);
    await post('request', { purpose: 'login', email: guessed });
    const next = await latestCode(sql, guessed);
    const guesses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        post('verify', { purpose: 'login', email: guessed, code: wrongCode(next, i + 1) }).then((r) => r.status),
      ),
    );
    expect(guesses).toEqual(Array(8).fill(400));
    const [{ attempts }] = await sql`
      select t.attempts from private.auth_email_codes t join auth.users u on u.id = t.user_id
      where u.email = ${guessed} and t.used_at is null`;
    expect(attempts).toBe(5);
    expect((await post('verify', { purpose: 'login', email: guessed, code: next })).status).toBe(400);
  });

  it('kills a code after 5 wrong attempts: the 6th attempt fails even with the right code', async () => {
    const email = uniqueEmail('sixth');
    await createUser(sql, email);
    await post('request', { purpose: 'login', email });
    const code = await latestCode(sql, email);
    for (let i = 1; i <= 5; i++) {
      expect((await post('verify', { purpose: 'login', email, code: wrongCode(code, i) })).status).toBe(400);
    }
    const sixth = await post('verify', { purpose: 'login', email, code });
    expect(sixth.status).toBe(400);
    expect(sixth.body.error.code).toBe('invalid_code');
  });

  it('voids the older code when a new one is requested for the same purpose', async () => {
    const email = uniqueEmail('void');
    await createUser(sql, email);
    await post('request', { purpose: 'login', email });
    const first = await latestCode(sql, email, 1);
    await post('request', { purpose: 'login', email });
    const second = await latestCode(sql, email, 2);
    if (first !== second) expect((await post('verify', { purpose: 'login', email, code: first })).status).toBe(400);
    expect((await post('verify', { purpose: 'login', email, code: second })).status).toBe(200);
  });

  it('keeps purposes apart: a login code does not verify a reset', async () => {
    const email = uniqueEmail('purpose');
    await createUser(sql, email);
    await post('request', { purpose: 'login', email });
    const code = await latestCode(sql, email);
    expect((await post('verify', { purpose: 'reset', email, code })).status).toBe(400);
    expect((await post('verify', { purpose: 'login', email, code })).status).toBe(200);
  });

  it('answers an unknown email like a wrong code', async () => {
    const res = await post('verify', { purpose: 'login', email: uniqueEmail('nobody'), code: '123456' });
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_code' } } });
  });
});

describe('password reset', () => {
  it('exchanges a reset code for a single-use token, and the token for a new password', async () => {
    const email = uniqueEmail('reset');
    const id = await createUser(sql, email);
    await post('request', { purpose: 'reset', email });
    const code = await latestCode(sql, email);
    const verified = await post('verify', { purpose: 'reset', email, code });
    expect(verified.status).toBe(200);
    const token = verified.body.reset_token as string;
    expect(token.length).toBeGreaterThanOrEqual(43);
    expect(new Date(verified.body.expires_at).getTime() - Date.now()).toBeGreaterThan(14 * 60_000);

    const weak = await post('reset-password', { reset_token: token, password: 'short' });
    expect(weak.status).toBe(400);
    const done = await post('reset-password', { reset_token: token, password: 'a new passphrase 42' });
    expect(done).toMatchObject({ status: 200, body: { password_updated: true } });
    const [row] = await sql`
      select encrypted_password = extensions.crypt('a new passphrase 42', encrypted_password) as matches
      from auth.users where id = ${id}`;
    expect(row.matches).toBe(true);
    const stored = await sql`select token_hash, used_at from private.auth_password_resets where user_id = ${id}`;
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0].token_hash).not.toBe(token);
    expect(stored[0].used_at).not.toBeNull();

    const again = await post('reset-password', { reset_token: token, password: 'another passphrase 43' });
    expect(again).toMatchObject({ status: 400, body: { error: { code: 'invalid_token' } } });
  });

  it('refuses a made-up token', async () => {
    const res = await post('reset-password', { reset_token: 'x'.repeat(43), password: 'a new passphrase 42' });
    expect(res.status).toBe(400);
  });
});

describe('login', () => {
  it('returns a short-lived proof that is exchanged once for a session', async () => {
    const email = uniqueEmail('login');
    const id = await createUser(sql, email);
    await post('request', { purpose: 'login', email });
    const code = await latestCode(sql, email);
    const verified = await post('verify', { purpose: 'login', email, code });
    expect(verified.status).toBe(200);
    expect(verified.body.mfa_required).toBe(false);
    const proof = decodeJwt(verified.body.proof);
    expect(proof).toMatchObject({ sub: id, aud: 'otp-login', email });
    expect(proof.role).toBeUndefined();
    expect(proof.exp! - proof.iat!).toBe(300);

    // the proof is not a project JWT: it does not verify with the JWT secret, and the gateway
    // refuses it in front of a user endpoint
    await expect(jwtVerify(verified.body.proof, new TextEncoder().encode(stack.jwtSecret))).rejects.toThrow();
    const asUser = await fetch(`${stack.functionsUrl}/mfa/status`, {
      headers: { authorization: `Bearer ${verified.body.proof}` },
    });
    expect(asUser.status).toBe(401);
    expect((await asUser.json()).error.message).toBe('Invalid JWT');

    const session = await post('exchange', { proof: verified.body.proof });
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ type: 'session', token_type: 'bearer', user: { id, email } });
    const { payload } = await jwtVerify(session.body.access_token, new TextEncoder().encode(stack.jwtSecret));
    expect(payload).toMatchObject({ sub: id, role: 'authenticated', aud: 'authenticated', aal: 'aal1' });

    const twice = await post('exchange', { proof: verified.body.proof });
    expect(twice).toMatchObject({ status: 401, body: { error: { code: 'invalid_proof' } } });
  });

  it('refuses a forged proof and an access token in place of a proof', async () => {
    const email = uniqueEmail('forged');
    const id = await createUser(sql, email);
    const forged = await post('exchange', { proof: await userToken('another-secret-another-secret-1234', id, email) });
    expect(forged.status).toBe(401);
    const accessToken = await post('exchange', { proof: await userToken(stack.jwtSecret, id, email) });
    expect(accessToken.status).toBe(401);
  });

  it('tells the frontend when the account has two-factor authentication on', async () => {
    const email = uniqueEmail('login-2fa');
    const id = await createUser(sql, email);
    await sql`select private.auth_totp_enroll(${id}, ${'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'})`;
    await sql`select private.auth_totp_accept_step(${id}, 1, now(), true, ${Array.from({ length: 10 }, (_, i) => `code-${i}`)}::text[])`;
    await post('request', { purpose: 'login', email });
    const code = await latestCode(sql, email);
    const verified = await post('verify', { purpose: 'login', email, code });
    expect(verified.body.mfa_required).toBe(true);
  });
});
