// The local gateway checks JWTs for functions with verify_jwt on, as Supabase's edge runtime does.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFunctionsServer, type FunctionsServer } from '../../scripts/lib/functions-server.ts';
import { signJwt } from '../../scripts/lib/local-env.ts';
import { rootDir } from '../../scripts/lib/project.ts';

const stack = inject('stack');
let server: FunctionsServer;

beforeAll(async () => {
  server = await startFunctionsServer({
    port: 0,
    jwtSecret: stack.jwtSecret,
    env: {},
    log: () => {},
    functions: [{
      name: 'whoami',
      verifyJwt: true,
      entrypoint: path.join(rootDir, 'tests/fixtures/functions/whoami/index.ts'),
    }],
  });
});
afterAll(() => server?.stop());

async function call(authorization?: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (authorization !== undefined) headers.set('authorization', authorization);
  return fetch(`${server.url}/whoami/orders/7?x=1`, { ...init, headers });
}

async function expectUnauthorized(res: Response, message: string) {
  expect(res.status).toBe(401);
  expect(await res.json()).toEqual({ error: { code: 'unauthorized', message } });
}

describe('gateway JWT check (verify_jwt = true)', () => {
  it('refuses a request without an authorization header', async () => {
    await expectUnauthorized(await call(), 'Missing authorization header');
  });

  it('refuses a header that is not a bearer token', async () => {
    await expectUnauthorized(await call(`Basic ${btoa('a:b')}`), 'Authorization header is not a bearer token');
  });

  it('refuses a malformed token', async () => {
    await expectUnauthorized(await call('Bearer abc.def'), 'Invalid JWT');
  });

  it('refuses a token signed with another secret', async () => {
    const forged = await signJwt('another-secret-that-is-at-least-32-characters', { role: 'service_role' });
    await expectUnauthorized(await call(`Bearer ${forged}`), 'Invalid JWT');
  });

  it('refuses an expired token', async () => {
    const expired = await signJwt(stack.jwtSecret, { role: 'authenticated', sub: crypto.randomUUID() }, Math.floor(Date.now() / 1000) - 60);
    await expectUnauthorized(await call(`Bearer ${expired}`), 'JWT has expired');
  });

  it('refuses a token with alg none', async () => {
    const unsigned = `${btoa(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${btoa(JSON.stringify({ role: 'service_role' }))}.`.replace(/=/g, '');
    await expectUnauthorized(await call(`Bearer ${unsigned}`), 'Invalid JWT');
  });

  it('passes the anon key through to the function with path and query', async () => {
    const res = await call(`Bearer ${stack.anonKey}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ method: 'GET', path: '/whoami/orders/7' });
  });

  it('passes a signed-in user\'s JWT', async () => {
    const token = await signJwt(stack.jwtSecret, { role: 'authenticated', sub: crypto.randomUUID() }, '1h');
    const res = await call(`Bearer ${token}`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(200);
    expect((await res.json()).method).toBe('POST');
  });

  it('lets CORS preflights through without a token', async () => {
    const res = await call(undefined, { method: 'OPTIONS' });
    expect(res.status).toBe(200);
  });

  it('answers 404 with a JSON error for an unknown function', async () => {
    const res = await fetch(`${server.url}/nope`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });
});
