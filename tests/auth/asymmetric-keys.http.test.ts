// The functions on a project that signs user JWTs with an asymmetric key and has revoked its
// legacy secret: a second local gateway in `asymmetric` mode over the test database. Every
// function boots without JWT_SECRET and the legacy keys; user tokens verify against the JWKS, the
// publishable key stands in for the anon key, and the otp sign-in ends in a session signed with
// the project key (the local stand-in for Supabase Auth).
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { FunctionsServer } from '../../scripts/local/functions-server.ts';
import { asymmetricProjectKeys, signJwt, type AsymmetricProjectKeys } from '../../scripts/local/local-env.ts';
import { freePort } from '../../scripts/local/ports.ts';
import { serveFunctions } from '../../scripts/local/stack.ts';
import { clearLoopbackLimits, connect, createUser, latestCode, uniqueEmail, type Sql } from './support.ts';

const stack = inject('stack');
let sql: Sql;
let keys: AsymmetricProjectKeys;
let server: FunctionsServer;

beforeAll(async () => {
  sql = connect(stack.dbUrl);
  keys = await asymmetricProjectKeys();
  server = await serveFunctions(
    { apiPort: await freePort(), dbUrl: stack.dbUrl },
    keys,
    {
      AUTH_ADMIN: 'local',
      MAIL_PROVIDER: 'outbox',
    },
    () => {},
  );
});
afterAll(async () => {
  await server?.stop();
  await sql.end();
});
// Requests come from 127.0.0.1, like those of the other otp tests.
beforeEach(() => clearLoopbackLimits(sql));

/** What supabase-js sends without a session: the publishable key as bearer and apikey. */
const anonymous = () => ({
  authorization: `Bearer ${keys.apiKeys.publishableKey}`,
  apikey: keys.apiKeys.publishableKey,
});
const signedIn = (token: string) => ({ authorization: `Bearer ${token}`, apikey: keys.apiKeys.publishableKey });

async function call(path: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(`${server.url}/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function userToken(id: string, email: string): Promise<string> {
  return signJwt(
    keys.signingKeys[0],
    {
      sub: id,
      email,
      role: 'authenticated',
      aud: 'authenticated',
      aal: 'aal1',
      session_id: crypto.randomUUID(),
    },
    '1h',
  );
}

describe('functions on a project with asymmetric signing keys only', () => {
  it('boot without a legacy secret and answer', async () => {
    expect((await call('health', {})).status).toBe(200);
  });

  it('accept a user token signed with the project key, and refuse an HS256 one', async () => {
    const email = uniqueEmail('asym-user');
    const id = await createUser(sql, email);
    const status = await call('mfa/status', signedIn(await userToken(id, email)));
    expect(status).toMatchObject({ status: 200, body: { enrolled: false } });

    const legacy = await signJwt(stack.jwtSecret, { sub: id, email, role: 'authenticated' }, '1h');
    expect(await call('mfa/status', signedIn(legacy))).toMatchObject({
      status: 401,
      body: { error: { message: 'Invalid JWT' } },
    });
  });

  it('let the publishable key through the gateway, but a user endpoint still wants a user', async () => {
    const res = await call('checkout', anonymous(), { product: 'dtf', item_id: crypto.randomUUID() });
    expect(res).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
  });

  it('sign in with an email code from a publishable-key client, ending in a session signed with the project key', async () => {
    const email = uniqueEmail('asym-login');
    const id = await createUser(sql, email);
    expect((await call('otp/request', anonymous(), { purpose: 'login', email })).status).toBe(202);
    const verified = await call('otp/verify', anonymous(), {
      purpose: 'login',
      email,
      code: await latestCode(sql, email),
    });
    expect(verified.status).toBe(200);
    const session = await call('otp/exchange', anonymous(), { proof: verified.body.proof });
    expect(session.status).toBe(200);

    const token = session.body.access_token as string;
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', kid: keys.signingKeys[0].kid });
    const published = createRemoteJWKSet(
      new URL(server.url.replace('/functions/v1', '/auth/v1/.well-known/jwks.json')),
    );
    const { payload } = await jwtVerify(token, published);
    expect(payload).toMatchObject({ sub: id, role: 'authenticated', aal: 'aal1' });
    expect((await call('mfa/status', signedIn(token))).status).toBe(200);
  });

  it("turn two-factor on, binding it to the caller's session: nothing is signed, so no legacy secret is needed", async () => {
    const email = uniqueEmail('asym-mfa');
    const id = await createUser(sql, email);
    const headers = signedIn(await userToken(id, email));
    const enrolled = await call('mfa/enroll', headers, {});
    expect(enrolled.status).toBe(200);
    const code = new TOTP({ secret: Secret.fromBase32(enrolled.body.secret) }).generate();
    const verified = await call('mfa/verify', headers, { code });
    expect(verified.status).toBe(200);
    expect(verified.body.enabled).toBe(true);
    expect((await call('mfa/status', headers)).body.enabled).toBe(true);
    const [recorded] = await sql`select method from private.auth_second_factor_sessions where user_id = ${id}`;
    expect(recorded.method).toBe('totp');
  });
});
