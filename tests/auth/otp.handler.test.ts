// The otp handler called directly with a fake clock, a fake client address and a capturing mailer
// (the real database behind it): expiry, rate windows and Retry-After, proof and reset token
// lifetimes; and the production providers against a fake HTTP API.
import { randomBytes } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { claimsReader, verificationKeys } from '../../supabase/functions/_shared/auth.ts';
import { serverKey, type ServerKey } from '../../supabase/functions/_shared/api-keys.ts';
import { apiAuthAdmin, localAuthAdmin, localSessionKey } from '../../supabase/functions/otp/auth-admin.ts';
import { asymmetricProjectKeys, publicJwks } from '../../scripts/local/local-env.ts';
import { createOtpHandler, randomCode, type OtpPolicy } from '../../supabase/functions/otp/handler.ts';
import { httpMailer, type MailMessage } from '../../supabase/functions/_shared/mailer.ts';
import { canSignIn, connect, createUser, noSignInReason, outbox, uniqueEmail, wrongCode, type Sql } from './support.ts';

const stack = inject('stack');
let sql: Sql;

beforeAll(() => {
  sql = connect(stack.dbUrl);
});
afterAll(() => sql.end());

/** An address in the IPv6 documentation range, unique to this call. */
const randomIp = () => `2001:db8:${randomBytes(6).toString('hex').match(/.{4}/g)!.join(':')}::1`;

function setup(policy: Partial<OtpPolicy> = {}) {
  const sent: MailMessage[] = [];
  const pending: Promise<unknown>[] = [];
  const clock = { now: new Date() };
  // a fresh documentation address per setup, so the per-IP buckets are this test's own
  const ip = `198.51.100.7, ${randomIp()}`;
  const handler = createOtpHandler({
    sql,
    readClaims: claimsReader(verificationKeys({ jwtSecret: stack.jwtSecret })),
    proofSecret: stack.serviceRoleKey,
    clock: () => clock.now,
    policy,
    mailer: {
      send: async (message) => {
        sent.push(message);
      },
    },
    authAdmin: localAuthAdmin({
      sessionKey: { alg: 'HS256', key: new TextEncoder().encode(stack.jwtSecret) },
      issuer: 'http://localhost/auth/v1',
      sql,
    }),
    background: (work) => {
      pending.push(work);
    },
  });
  const post = async (action: string, body: unknown, forwardedFor = ip, extraHeaders: Record<string, string> = {}) => {
    const res = await handler(
      new Request(`http://localhost/otp/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor, ...extraHeaders },
        body: JSON.stringify(body),
      }),
    );
    await Promise.all(pending);
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
  };
  const lastCode = (email: string) => {
    const message = sent.filter((m) => m.to === email).at(-1);
    return /: (\d{6})\b/.exec(message!.text)![1];
  };
  const advance = (ms: number) => {
    clock.now = new Date(clock.now.getTime() + ms);
  };
  return { post, sent, lastCode, advance, clock, ip };
}

describe('otp codes with a fake clock', () => {
  it('a code is valid for 10 minutes and no longer', async () => {
    const t = setup();
    const email = uniqueEmail('expiry');
    await createUser(sql, email);
    await t.post('request', { purpose: 'login', email });
    const first = t.lastCode(email);
    t.advance(10 * 60_000);
    const expired = await t.post('verify', { purpose: 'login', email, code: first });
    expect(expired).toMatchObject({ status: 400, body: { error: { code: 'invalid_code' } } });

    await t.post('request', { purpose: 'login', email });
    t.advance(10 * 60_000 - 1_000);
    expect((await t.post('verify', { purpose: 'login', email, code: t.lastCode(email) })).status).toBe(200);
  });

  it('sends the code only to an existing account, with the same answer for both', async () => {
    const t = setup();
    const known = uniqueEmail('known');
    await createUser(sql, known);
    const a = await t.post('request', { purpose: 'reset', email: known });
    const b = await t.post('request', { purpose: 'reset', email: uniqueEmail('unknown') });
    expect(b.status).toBe(a.status);
    expect(b.body).toEqual(a.body);
    expect(t.sent.map((m) => m.to)).toEqual([known]);
    expect(t.sent[0]).toMatchObject({ template: 'otp_reset' });
    expect(t.sent[0].text).toContain('10 minutes');
  });

  it('limits requests per email with an exact Retry-After, and lets them through after the window', async () => {
    const t = setup();
    const email = uniqueEmail('email-limit');
    for (let i = 0; i < 5; i++) {
      expect((await t.post('request', { purpose: 'login', email })).status).toBe(202);
      t.advance(60_000);
    }
    // 5 requests at t0 .. t0+4min; now t0+5min: the first frees at t0+15min
    const refused = await t.post('request', { purpose: 'login', email });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('600');
    // a refused request is not counted
    t.advance(600_000 - 1_000);
    expect((await t.post('request', { purpose: 'login', email })).headers.get('retry-after')).toBe('1');
    t.advance(1_000);
    expect((await t.post('request', { purpose: 'login', email })).status).toBe(202);
    expect((await t.post('request', { purpose: 'login', email })).headers.get('retry-after')).toBe('60');
  });

  it('limits requests per client IP (the right-most x-forwarded-for entry) across emails', async () => {
    const t = setup({ ipLimit: 3 });
    for (let i = 0; i < 3; i++)
      expect((await t.post('request', { purpose: 'login', email: uniqueEmail('ip') })).status).toBe(202);
    const refused = await t.post('request', { purpose: 'login', email: uniqueEmail('ip') });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('900');
    // a client cannot escape by prepending addresses of its own
    const spoofed = await t.post('request', { purpose: 'login', email: uniqueEmail('ip') }, `10.9.8.7, ${t.ip}`);
    expect(spoofed.status).toBe(429);
    // another client is not affected
    const other = await t.post('request', { purpose: 'login', email: uniqueEmail('ip') }, `${t.ip}, ${randomIp()}`);
    expect(other.status).toBe(202);
    t.advance(900_000);
    expect((await t.post('request', { purpose: 'login', email: uniqueEmail('ip') })).status).toBe(202);
  });

  it('takes the client address from cf-connecting-ip when the platform sets it', async () => {
    const t = setup({ ipLimit: 1 });
    const cloudflare = { 'cf-connecting-ip': randomIp() };
    expect(
      (await t.post('request', { purpose: 'login', email: uniqueEmail('cf') }, randomIp(), cloudflare)).status,
    ).toBe(202);
    // another x-forwarded-for, same connecting address: the same client
    expect(
      (await t.post('request', { purpose: 'login', email: uniqueEmail('cf') }, randomIp(), cloudflare)).status,
    ).toBe(429);
  });

  it('limits verifications per client IP, so codes cannot be sprayed across accounts', async () => {
    const t = setup({ verifyIpLimit: 4 });
    const email = uniqueEmail('verify-limit');
    await createUser(sql, email);
    await t.post('request', { purpose: 'login', email });
    const code = t.lastCode(email);
    for (let i = 1; i <= 4; i++)
      expect((await t.post('verify', { purpose: 'login', email, code: wrongCode(code, i) })).status).toBe(400);
    const refused = await t.post('verify', { purpose: 'login', email, code });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBe(900);
  });

  it('limits failed verifications per account across codes and addresses, and unknown emails alike', async () => {
    const t = setup();
    const email = uniqueEmail('account-limit');
    await createUser(sql, email);
    // two codes, 5 wrong tries each, every try from another address: 10 failures in 10 minutes
    for (let round = 0; round < 2; round++) {
      await t.post('request', { purpose: 'login', email });
      const code = t.lastCode(email);
      for (let i = 1; i <= 5; i++) {
        expect((await t.post('verify', { purpose: 'login', email, code: wrongCode(code, i) }, randomIp())).status).toBe(
          400,
        );
        t.advance(60_000);
      }
    }
    await t.post('request', { purpose: 'login', email });
    const refused = await t.post('verify', { purpose: 'login', email, code: t.lastCode(email) }, randomIp());
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe(String(3600 - 600));
    // an unknown email gets the same answers after the same failures
    const unknown = uniqueEmail('account-limit-unknown');
    for (let i = 1; i <= 10; i++)
      expect((await t.post('verify', { purpose: 'login', email: unknown, code: '123456' }, randomIp())).status).toBe(
        400,
      );
    expect((await t.post('verify', { purpose: 'login', email: unknown, code: '123456' }, randomIp())).status).toBe(429);
    // once the first failure leaves the hour, the right code works again
    t.advance(3_000_000);
    await t.post('request', { purpose: 'login', email });
    expect((await t.post('verify', { purpose: 'login', email, code: t.lastCode(email) }, randomIp())).status).toBe(200);
  });

  it('a login proof expires after 5 minutes', async () => {
    const t = setup();
    const email = uniqueEmail('proof');
    await createUser(sql, email);
    await t.post('request', { purpose: 'login', email });
    const { body } = await t.post('verify', { purpose: 'login', email, code: t.lastCode(email) });
    t.advance(5 * 60_000 + 1_000);
    const late = await t.post('exchange', { proof: body.proof });
    expect(late).toMatchObject({ status: 401, body: { error: { code: 'invalid_proof' } } });
  });

  it('a login proof is refused once the account is banned', async () => {
    const t = setup();
    const email = uniqueEmail('banned');
    const id = await createUser(sql, email);
    await t.post('request', { purpose: 'login', email });
    const { body } = await t.post('verify', { purpose: 'login', email, code: t.lastCode(email) });
    await sql`update auth.users set banned_until = now() + interval '1 day' where id = ${id}`;
    expect((await t.post('exchange', { proof: body.proof })).status).toBe(401);
    // and a banned account gets no code
    await t.post('request', { purpose: 'login', email });
    expect(t.sent.filter((m) => m.to === email)).toHaveLength(1);
  });

  it('a reset token expires after 15 minutes', async () => {
    const t = setup();
    const email = uniqueEmail('reset-expiry');
    await createUser(sql, email);
    await t.post('request', { purpose: 'reset', email });
    const { body } = await t.post('verify', { purpose: 'reset', email, code: t.lastCode(email) });
    t.advance(15 * 60_000);
    const late = await t.post('reset-password', { reset_token: body.reset_token, password: 'a new passphrase 42' });
    expect(late).toMatchObject({ status: 400, body: { error: { code: 'invalid_token' } } });
  });

  it('codes are 6 digits and spread over the whole range', () => {
    const codes = Array.from({ length: 2000 }, randomCode);
    for (const code of codes) expect(code).toMatch(/^[0-9]{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(1990);
    const firstDigits = new Set(codes.map((c) => c[0]));
    expect(firstDigits.size).toBe(10);
  });
});

describe('production providers against a fake HTTP API', () => {
  it('the HTTP mailer posts the message with the API key and records the send without the body', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ id: 'msg_123' }), { status: 200 });
    }) as unknown as typeof fetch;
    const mailer = httpMailer({
      sql,
      endpoint: 'https://mail.example.test/emails',
      apiKey: 're_key',
      from: 'App <no-reply@example.test>',
      fetch: fakeFetch,
    });
    const to = uniqueEmail('http-mail');
    await mailer.send({ to, subject: 'Code', text: 'Your code: 123456', html: '<p>123456</p>', template: 'otp_login' });

    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('https://mail.example.test/emails');
    expect(new Headers(calls[0].init.headers).get('authorization')).toBe('Bearer re_key');
    expect(JSON.parse(calls[0].init.body as string)).toMatchObject({
      from: 'App <no-reply@example.test>',
      to: [to],
      subject: 'Code',
    });
    const [row] =
      await sql`select provider, status, provider_message_id, body_text from private.auth_mail_outbox where to_email = ${to}`;
    expect(row).toEqual({ provider: 'http', status: 'sent', provider_message_id: 'msg_123', body_text: null });
  });

  it('the HTTP mailer records a failed send and throws', async () => {
    const fakeFetch = (async () =>
      new Response('{"message":"invalid from"}', { status: 422 })) as unknown as typeof fetch;
    const mailer = httpMailer({
      sql,
      endpoint: 'https://mail.example.test/emails',
      apiKey: 'k',
      from: 'x@example.test',
      fetch: fakeFetch,
    });
    const to = uniqueEmail('http-fail');
    await expect(mailer.send({ to, subject: 'Code', text: 't', html: 'h', template: 'otp_login' })).rejects.toThrow(
      /422/,
    );
    const rows = await outbox(sql, to);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ provider: 'http', status: 'failed', body_text: null });
  });

  it('the HTTP mailer without its API key or sender records the send as failed and posts nothing', async () => {
    const calls: unknown[] = [];
    const fakeFetch = (async (...args: unknown[]) => {
      calls.push(args);
      return new Response('{}');
    }) as unknown as typeof fetch;
    for (const settings of [
      { apiKey: undefined, from: 'x@example.test' },
      { apiKey: 'k', from: undefined },
    ]) {
      const mailer = httpMailer({ sql, endpoint: 'https://mail.example.test/emails', ...settings, fetch: fakeFetch });
      const to = uniqueEmail('http-unset');
      await expect(mailer.send({ to, subject: 'Code', text: 't', html: 'h', template: 'otp_login' })).rejects.toThrow(
        /MAIL_API_KEY and MAIL_FROM/,
      );
      expect(await outbox(sql, to)).toEqual([expect.objectContaining({ provider: 'http', status: 'failed' })]);
    }
    expect(calls).toEqual([]);
  });

  // The fake Auth admin API answers like the hosted gateway in front of it: the project's secret
  // key in `apikey` alone, or the legacy service_role JWT in both headers; anything else is a 401.
  const secretKey = 'sb_secret_fake_project_key';
  const serviceRoleKey = 'eyJ.fake-service-role.jwt';
  function fakeAuthAdminApi() {
    const calls: { url: string; method: string; body: any; headers: Headers }[] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      const headers = new Headers(init.headers);
      calls.push({ url, method: init.method!, body: JSON.parse(init.body as string), headers });
      const apikey = headers.get('apikey');
      const bearer = headers.get('authorization');
      const authorized =
        (apikey === secretKey && bearer === null) ||
        (apikey === serviceRoleKey && bearer === `Bearer ${serviceRoleKey}`);
      if (!authorized) return new Response('{"message":"Invalid API key"}', { status: 401 });
      if (url.endsWith('/generate_link'))
        return new Response(JSON.stringify({ hashed_token: 'hash-abc', verification_type: 'magiclink' }));
      return new Response(JSON.stringify({ id: 'u' }));
    }) as unknown as typeof fetch;
    return { calls, fetch: fakeFetch };
  }

  it('the server key is the secret key named default when the project has secret keys, else the service_role key', () => {
    const env = (vars: Record<string, string>) => (name: string) => vars[name];
    expect(
      serverKey(
        env({
          SUPABASE_SECRET_KEYS: JSON.stringify({ default: secretKey }),
          SUPABASE_SERVICE_ROLE_KEY: serviceRoleKey,
        }),
      ),
    ).toEqual({ kind: 'secret', value: secretKey });
    expect(
      serverKey(
        env({
          SUPABASE_SECRET_KEYS: JSON.stringify({ automations: secretKey }),
          SUPABASE_SERVICE_ROLE_KEY: serviceRoleKey,
        }),
      ),
    ).toEqual({ kind: 'service_role', value: serviceRoleKey });
    expect(serverKey(env({ SUPABASE_SERVICE_ROLE_KEY: serviceRoleKey }))).toEqual({
      kind: 'service_role',
      value: serviceRoleKey,
    });
    expect(() => serverKey(env({}))).toThrow(/SUPABASE_SECRET_KEYS/);
    expect(() => serverKey(env({ SUPABASE_SECRET_KEYS: secretKey }))).toThrow(/not JSON/);
    expect(() => serverKey(env({ SUPABASE_SECRET_KEYS: JSON.stringify([secretKey]) }))).toThrow(/named keys/);
  });

  it.each<[string, ServerKey]>([
    ['the secret key', { kind: 'secret', value: secretKey }],
    ['the legacy service_role key', { kind: 'service_role', value: serviceRoleKey }],
  ])(
    'the Auth admin API client with %s sets passwords, confirms emails and asks for a magic-link token',
    async (_name, key) => {
      const { calls, fetch: fakeFetch } = fakeAuthAdminApi();
      const admin = apiAuthAdmin({ supabaseUrl: 'https://proj.supabase.co/', key, fetch: fakeFetch });
      const tx = null as never;
      await admin.setPassword(tx, 'a0000000-0000-4000-8000-000000000002', 'new password');
      await admin.confirmEmail(tx, 'a0000000-0000-4000-8000-000000000002');
      const grant = await admin.createSession(
        { id: 'a0000000-0000-4000-8000-000000000002', email: 'alice@example.com' },
        new Date(),
      );

      expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
        'PUT https://proj.supabase.co/auth/v1/admin/users/a0000000-0000-4000-8000-000000000002',
        'PUT https://proj.supabase.co/auth/v1/admin/users/a0000000-0000-4000-8000-000000000002',
        'POST https://proj.supabase.co/auth/v1/admin/generate_link',
      ]);
      expect(calls.map((c) => c.body)).toEqual([
        { password: 'new password' },
        { email_confirm: true },
        { type: 'magiclink', email: 'alice@example.com' },
      ]);
      for (const c of calls) {
        expect(c.headers.get('apikey')).toBe(key.value);
        expect(c.headers.get('authorization')).toBe(key.kind === 'secret' ? null : `Bearer ${key.value}`);
      }
      expect(grant).toEqual({ type: 'token_hash', token_hash: 'hash-abc', verification_type: 'magiclink' });
    },
  );

  it('the Auth admin API client reports a refused key as Auth being unavailable (502)', async () => {
    const { fetch: fakeFetch } = fakeAuthAdminApi();
    const revoked = apiAuthAdmin({
      supabaseUrl: 'https://p.supabase.co',
      key: { kind: 'secret', value: 'sb_secret_deleted' },
      fetch: fakeFetch,
    });
    await expect(revoked.confirmEmail(null as never, 'u')).rejects.toMatchObject({
      status: 502,
      code: 'auth_unavailable',
    });
  });

  it('the Auth admin API client turns a refused password into a 422 and an outage into a 502', async () => {
    const refuse = (async () =>
      new Response('{"msg":"Password should be at least 10 characters"}', { status: 422 })) as unknown as typeof fetch;
    await expect(
      apiAuthAdmin({
        supabaseUrl: 'https://p.supabase.co',
        key: { kind: 'secret', value: secretKey },
        fetch: refuse,
      }).setPassword(null as never, 'u', 'short pw'),
    ).rejects.toMatchObject({ status: 422, message: 'Password should be at least 10 characters' });
    const down = (async () => new Response('bad gateway', { status: 503 })) as unknown as typeof fetch;
    await expect(
      apiAuthAdmin({
        supabaseUrl: 'https://p.supabase.co',
        key: { kind: 'secret', value: secretKey },
        fetch: down,
      }).confirmEmail(null as never, 'u'),
    ).rejects.toMatchObject({ status: 502 });
  });
});

describe('the session key of the local stack (AUTH_ADMIN=local)', () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  const user = { id: 'a0000000-0000-4000-8000-000000000002', email: 'alice@example.com' };

  it("signs with AUTH_LOCAL_SIGNING_KEY (a key file of the CLI's format) so that the JWKS verifies the session", async () => {
    const keys = await asymmetricProjectKeys();
    const sessionKey = await localSessionKey(
      env({ AUTH_LOCAL_SIGNING_KEY: JSON.stringify(keys.signingKeys[0]), JWT_SECRET: stack.jwtSecret }),
    );
    const grant = await localAuthAdmin({ sessionKey, issuer: 'http://localhost/auth/v1', sql }).createSession(
      user,
      new Date(),
    );
    const token = (grant as { access_token: string }).access_token;
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', typ: 'JWT', kid: keys.signingKeys[0].kid });
    const { payload } = await jwtVerify(token, createLocalJWKSet(publicJwks(keys.signingKeys)));
    expect(payload).toMatchObject({ sub: user.id, role: 'authenticated', aal: 'aal1' });
  });

  it('names a session the database keeps, where the local platform can sign in (so a second factor can be bound to it)', async (ctx) => {
    if (!(await canSignIn(sql))) ctx.skip(noSignInReason);
    const sessionKey = await localSessionKey(env({ JWT_SECRET: stack.jwtSecret }));
    const grant = await localAuthAdmin({ sessionKey, issuer: 'http://localhost/auth/v1', sql }).createSession(
      user,
      new Date(),
    );
    const { session_id } = decodeJwt((grant as { access_token: string }).access_token);
    const sessions = await sql`select 1 from auth.sessions where id = ${session_id as string} and user_id = ${user.id}`;
    expect(sessions).toHaveLength(1);
  });

  it('signs with JWT_SECRET without a signing key', async () => {
    expect(await localSessionKey(env({ JWT_SECRET: stack.jwtSecret }))).toMatchObject({ alg: 'HS256' });
  });

  it('refuses to start without a key, or with a key that is not an ES256/RS256 private key with a kid', async () => {
    await expect(localSessionKey(env({}))).rejects.toThrow(/AUTH_LOCAL_SIGNING_KEY or JWT_SECRET/);
    const {
      signingKeys: [key],
    } = await asymmetricProjectKeys();
    await expect(
      localSessionKey(env({ AUTH_LOCAL_SIGNING_KEY: JSON.stringify({ ...key, kid: undefined }) })),
    ).rejects.toThrow(/with a kid/);
    await expect(
      localSessionKey(env({ AUTH_LOCAL_SIGNING_KEY: JSON.stringify({ ...key, alg: 'HS256' }) })),
    ).rejects.toThrow(/ES256 or RS256/);
    await expect(
      localSessionKey(env({ AUTH_LOCAL_SIGNING_KEY: JSON.stringify(publicJwks([key]).keys[0]) })),
    ).rejects.toThrow(/private key/);
  });
});

describe('otp under concurrent requests', () => {
  it('a code verified 5 times at once passes once', async () => {
    const t = setup();
    const email = uniqueEmail('race');
    await createUser(sql, email);
    await t.post('request', { purpose: 'login', email });
    const code = t.lastCode(email);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => t.post('verify', { purpose: 'login', email, code })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400, 400, 400]);
  });

  it('a reset token used 5 times at once sets the password once', async () => {
    const t = setup();
    const email = uniqueEmail('race-reset');
    await createUser(sql, email);
    await t.post('request', { purpose: 'reset', email });
    const { body } = await t.post('verify', { purpose: 'reset', email, code: t.lastCode(email) });
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        t.post('reset-password', { reset_token: body.reset_token, password: `new passphrase ${i}` }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400, 400, 400]);
  });

  it('6 simultaneous requests for one email: 5 accepted, 1 refused', async () => {
    const t = setup();
    const email = uniqueEmail('race-limit');
    const results = await Promise.all(Array.from({ length: 6 }, () => t.post('request', { purpose: 'login', email })));
    expect(results.map((r) => r.status).sort()).toEqual([202, 202, 202, 202, 202, 429]);
  });

  // every other limit under a burst, set low: exactly the limit passes, the rest is refused
  const statuses = (results: { status: number }[]) => results.map((r) => r.status).sort();

  it('10 simultaneous requests from one address for 10 emails, 4 allowed per address: 4 accepted', async () => {
    const t = setup({ ipLimit: 4 });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => t.post('request', { purpose: 'login', email: uniqueEmail(`race-ip-${i}`) })),
    );
    expect(statuses(results)).toEqual([...Array(4).fill(202), ...Array(6).fill(429)]);
  });

  it('10 simultaneous verifications from one address, 4 allowed per address: 4 checked', async () => {
    const t = setup({ verifyIpLimit: 4 });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.post('verify', { purpose: 'login', email: uniqueEmail(`race-verify-ip-${i}`), code: '000000' }),
      ),
    );
    expect(statuses(results)).toEqual([...Array(4).fill(400), ...Array(6).fill(429)]);
  });

  it('10 simultaneous wrong codes for one account from 10 addresses, 3 failures allowed per account: 3 checked', async () => {
    const t = setup({ accountFailureLimit: 3, maxAttempts: 100 });
    const email = uniqueEmail('race-account');
    await createUser(sql, email);
    await t.post('request', { purpose: 'login', email });
    const code = t.lastCode(email);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.post('verify', { purpose: 'login', email, code: wrongCode(code, i + 1) }, randomIp()),
      ),
    );
    expect(statuses(results)).toEqual([...Array(3).fill(400), ...Array(7).fill(429)]);
  });
});
