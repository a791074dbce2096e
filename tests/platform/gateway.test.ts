// The local gateway checks credentials for functions with verify_jwt on, as Supabase's edge
// runtime does, for a project in each signing-keys mode: `legacy` (HS256 with the JWT secret,
// JWT-shaped anon and service_role keys) and `asymmetric` (ES256 against the JWKS the gateway
// publishes, sb_publishable_/sb_secret_ API keys, no legacy secret). Tokens are signed with the
// mode's key, standing in for Supabase Auth.
import path from 'node:path';
import { generateKeyPair, exportJWK, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFunctionsServer, type FunctionsServer } from '../../scripts/local/functions-server.ts';
import {
  asymmetricProjectKeys,
  authSigningKey,
  generateSigningKey,
  legacyProjectKeys,
  signJwt,
  type ProjectKeys,
  type SigningKeysMode,
} from '../../scripts/local/local-env.ts';
import { rootDir } from '../../scripts/project.ts';
import { gatewayOptions } from '../../scripts/local/stack.ts';

const stack = inject('stack');
const modes: SigningKeysMode[] = ['legacy', 'asymmetric'];

interface Gateway {
  server: FunctionsServer;
  keys: ProjectKeys;
  /** A key of the same kind as the project's, that the project does not trust. */
  strangerKey: string | JWK;
}
const gateways = {} as Record<SigningKeysMode, Gateway>;

beforeAll(async () => {
  for (const mode of modes) {
    const keys = mode === 'legacy' ? await legacyProjectKeys(stack.jwtSecret) : await asymmetricProjectKeys();
    const server = await startFunctionsServer({
      port: 0,
      ...gatewayOptions(keys),
      env: {},
      log: () => {},
      functions: [
        {
          name: 'whoami',
          verifyJwt: true,
          entrypoint: path.join(rootDir, 'tests/fixtures/functions/whoami/index.ts'),
          denoConfig: path.join(rootDir, 'tests/fixtures/functions/whoami/deno.json'),
        },
      ],
    });
    const strangerKey =
      mode === 'legacy' ? 'another-secret-that-is-at-least-32-characters' : await generateSigningKey();
    gateways[mode] = { server, keys, strangerKey };
  }
});
afterAll(() => Promise.all(Object.values(gateways).map((g) => g.server.stop())));

const user = () => ({ role: 'authenticated', sub: crypto.randomUUID(), aud: 'authenticated' });
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

type Headers = Record<string, string>;
type Outcome = 200 | string;

/**
 * Each row: the headers a caller sends, and what the gateway answers in each mode (200: the
 * function ran; otherwise the 401's message). The legacy project has no publishable or secret
 * key: its rows send one of another project.
 */
const matrix: {
  name: string;
  headers: (g: Gateway) => Promise<Headers> | Headers;
  legacy: Outcome;
  asymmetric: Outcome;
}[] = [
  {
    name: 'no credentials',
    headers: () => ({}),
    legacy: 'Missing authorization header',
    asymmetric: 'Missing authorization header',
  },
  {
    name: 'an authorization header that is not a bearer token',
    headers: () => ({ authorization: `Basic ${btoa('a:b')}` }),
    legacy: 'Authorization header is not a bearer token',
    asymmetric: 'Authorization header is not a bearer token',
  },
  {
    name: 'a malformed token',
    headers: () => ({ authorization: 'Bearer abc.def' }),
    legacy: 'Invalid JWT',
    asymmetric: 'Invalid JWT',
  },
  {
    name: 'a user token signed with the project key',
    headers: async (g) => ({ authorization: `Bearer ${await signJwt(authSigningKey(g.keys), user(), '1h')}` }),
    legacy: 200,
    asymmetric: 200,
  },
  {
    name: 'an expired user token',
    headers: async (g) => ({
      authorization: `Bearer ${await signJwt(authSigningKey(g.keys), user(), Math.floor(Date.now() / 1000) - 60)}`,
    }),
    legacy: 'JWT has expired',
    asymmetric: 'JWT has expired',
  },
  {
    name: 'a service_role token signed with a key the project does not trust',
    headers: async (g) => ({ authorization: `Bearer ${await signJwt(g.strangerKey, { role: 'service_role' })}` }),
    legacy: 'Invalid JWT',
    asymmetric: 'Invalid JWT',
  },
  {
    name: "a token with the project key's kid but another key's signature",
    headers: async (g) => {
      if (g.keys.mode === 'legacy') return { authorization: `Bearer ${await signJwt(g.strangerKey, user())}` };
      const forged = { ...(await generateSigningKey()), kid: g.keys.signingKeys[0].kid };
      return { authorization: `Bearer ${await signJwt(forged, user())}` };
    },
    legacy: 'Invalid JWT',
    asymmetric: 'Invalid JWT',
  },
  {
    name: 'an unsigned token (alg none)',
    headers: () => ({
      authorization: `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ role: 'service_role' })}.`,
    }),
    legacy: 'Invalid JWT',
    asymmetric: 'Invalid JWT',
  },
  {
    name: 'an HS256 token signed with the legacy default secret',
    headers: async () => ({ authorization: `Bearer ${await signJwt(stack.jwtSecret, user(), '1h')}` }),
    // the asymmetric project has no legacy secret any more: HS256 is refused whatever the secret
    legacy: 200,
    asymmetric: 'Invalid JWT',
  },
  {
    name: 'an HS256 token keyed with the published public key (algorithm confusion)',
    headers: async (g) => {
      const publicKey =
        g.keys.mode === 'asymmetric'
          ? JSON.stringify(gatewayOptions(g.keys).jwks!.keys[0])
          : JSON.stringify(await exportJWK((await generateKeyPair('ES256')).publicKey));
      return { authorization: `Bearer ${await signJwt(publicKey, user(), '1h')}` };
    },
    legacy: 'Invalid JWT',
    asymmetric: 'Invalid JWT',
  },
  {
    name: 'an ES256 token from a key that is not published',
    headers: async () => ({ authorization: `Bearer ${await signJwt(await generateSigningKey(), user(), '1h')}` }),
    legacy: 'Invalid JWT',
    asymmetric: 'Invalid JWT',
  },
  {
    name: 'the legacy anon key as the bearer',
    headers: () => ({ authorization: `Bearer ${stack.anonKey}`, apikey: stack.anonKey }),
    // its secret is revoked on the asymmetric project, and the key with it
    legacy: 200,
    asymmetric: 'Invalid JWT',
  },
  {
    name: 'the legacy anon key in apikey alone',
    headers: () => ({ apikey: stack.anonKey }),
    legacy: 'Missing authorization header',
    asymmetric: 'Missing authorization header',
  },
  {
    name: "the project's publishable key in apikey alone",
    headers: (g) => ({
      apikey: g.keys.mode === 'asymmetric' ? g.keys.apiKeys.publishableKey : 'sb_publishable_not_this_project',
    }),
    legacy: 'Missing authorization header',
    asymmetric: 200,
  },
  {
    name: "the project's publishable key as bearer and apikey (supabase-js without a session)",
    headers: (g) => {
      const key = g.keys.mode === 'asymmetric' ? g.keys.apiKeys.publishableKey : 'sb_publishable_not_this_project';
      return { authorization: `Bearer ${key}`, apikey: key };
    },
    legacy: 'Invalid JWT',
    asymmetric: 200,
  },
  {
    name: "the project's secret key in apikey alone",
    headers: (g) => ({
      apikey: g.keys.mode === 'asymmetric' ? g.keys.apiKeys.secretKey : 'sb_secret_not_this_project',
    }),
    legacy: 'Missing authorization header',
    asymmetric: 200,
  },
  {
    name: 'a secret key of another project',
    headers: () => ({ authorization: 'Bearer sb_secret_not_this_project', apikey: 'sb_secret_not_this_project' }),
    legacy: 'Invalid JWT',
    asymmetric: 'Invalid JWT',
  },
  {
    name: 'a valid apikey with a bad bearer token',
    headers: (g) => ({
      authorization: 'Bearer abc.def',
      apikey: g.keys.mode === 'asymmetric' ? g.keys.apiKeys.publishableKey : stack.anonKey,
    }),
    legacy: 'Invalid JWT',
    asymmetric: 'Invalid JWT',
  },
];

describe.each(modes)('gateway credential check in %s mode (verify_jwt = true)', (mode) => {
  const call = (headers: Headers, init: RequestInit = {}) =>
    fetch(`${gateways[mode].server.url}/whoami/orders/7?x=1`, { ...init, headers });

  it.each(matrix.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const res = await call(await row.headers(gateways[mode]));
    const expected = row[mode];
    if (expected === 200) {
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ method: 'GET', path: '/whoami/orders/7' });
    } else {
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: expected } });
    }
  });

  it('passes a POST with a user token, body and all', async () => {
    const token = await signJwt(authSigningKey(gateways[mode].keys), user(), '1h');
    const res = await call({ authorization: `Bearer ${token}` }, { method: 'POST', body: '{}' });
    expect(res.status).toBe(200);
    expect((await res.json()).method).toBe('POST');
  });

  it('lets CORS preflights through without a token', async () => {
    expect((await call({}, { method: 'OPTIONS' })).status).toBe(200);
  });

  it('answers 404 with a JSON error for an unknown function', async () => {
    const res = await fetch(`${gateways[mode].server.url}/nope`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });

  it('publishes the public signing keys, and nothing private, at /auth/v1/.well-known/jwks.json', async () => {
    const res = await fetch(gateways[mode].server.url.replace('/functions/v1', '/auth/v1/.well-known/jwks.json'));
    expect(res.status).toBe(200);
    const { keys } = (await res.json()) as { keys: JWK[] };
    const project = gateways[mode].keys;
    if (project.mode === 'legacy') {
      expect(keys).toEqual([]);
    } else {
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatchObject({
        kty: 'EC',
        crv: 'P-256',
        alg: 'ES256',
        kid: project.signingKeys[0].kid,
        use: 'sig',
      });
      expect(keys[0]).not.toHaveProperty('d');
    }
  });
});
