// How the functions verify callers: ES256/RS256 tokens (projects on asymmetric signing keys)
// against the project's JWKS, given inline (SUPABASE_JWKS, as hosted passes it) or fetched from a
// local JWKS endpoint standing in for Supabase Auth's; HS256 tokens with the legacy JWT secret
// only while the project has one. Anything else is a 401; an API key as the bearer is no user.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimsReader,
  jwksUrlFor,
  verificationKeys,
  verificationKeysFromEnv,
  type ClaimsReader,
} from '../../supabase/functions/_shared/auth.ts';
import { HttpError } from '../../supabase/functions/_shared/errors.ts';
import {
  asymmetricProjectKeys,
  authSigningKey,
  legacyProjectKeys,
  signJwt,
  type ProjectKeys,
} from '../../scripts/local/local-env.ts';
import { functionEnv } from '../../scripts/local/stack.ts';

const secret = 'a-project-secret-of-at-least-32-characters';
let jwksUrl: string;
let server: http.Server;
let keyFetches = 0;
const keys: Record<string, { privateKey: CryptoKey; jwk: JWK }> = {};

async function addKey(kid: string, alg: 'ES256' | 'RS256'): Promise<void> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  keys[kid] = { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}
const published = () => ({ keys: Object.values(keys).map((k) => k.jwk) });

beforeAll(async () => {
  await addKey('es-1', 'ES256');
  await addKey('rs-1', 'RS256');
  server = http.createServer((_req, res) => {
    keyFetches++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(published()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/auth/v1/.well-known/jwks.json`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const claims = { sub: '00000000-0000-4000-8000-000000000001', role: 'authenticated', aud: 'authenticated' };

function signed(alg: string, key: CryptoKey | Uint8Array, kid?: string, expiresIn = '5m'): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) })
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key);
}
const hs256 = (key: string) => signed('HS256', new TextEncoder().encode(key));
const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;

const request = (token: string) =>
  new Request('http://localhost/fn', { headers: { authorization: `Bearer ${token}` } });

async function status(read: ClaimsReader, token: string): Promise<number> {
  try {
    await read(request(token));
    return 200;
  } catch (error) {
    return error instanceof HttpError ? error.status : 500;
  }
}

describe('caller tokens', () => {
  it('accepts HS256 tokens signed with the legacy secret, with or without public keys configured', async () => {
    const token = await hs256(secret);
    expect(await claimsReader(verificationKeys({ jwtSecret: secret }))(request(token))).toMatchObject(claims);
    expect(await claimsReader(verificationKeys({ jwtSecret: secret, jwksUrl }))(request(token))).toMatchObject(claims);
  });

  it('refuses HS256 tokens when the project has no legacy secret, whatever they are signed with', async () => {
    const read = claimsReader(verificationKeys({ jwks: published() }));
    expect(await status(read, await hs256(secret))).toBe(401);
    // algorithm confusion: the public key itself, or its JSON, used as an HMAC secret
    expect(await status(read, await hs256(JSON.stringify(keys['es-1'].jwk)))).toBe(401);
    expect(await status(read, await signed('HS256', Buffer.from(keys['es-1'].jwk.x!, 'base64url')))).toBe(401);
  });

  it('accepts ES256 and RS256 tokens signed with a published key, fetching the keys once', async () => {
    const read = claimsReader(verificationKeys({ jwtSecret: secret, jwksUrl }));
    const before = keyFetches;
    expect(await read(request(await signed('ES256', keys['es-1'].privateKey, 'es-1')))).toMatchObject(claims);
    expect(await read(request(await signed('RS256', keys['rs-1'].privateKey, 'rs-1')))).toMatchObject(claims);
    expect(await read(request(await signed('ES256', keys['es-1'].privateKey, 'es-1')))).toMatchObject(claims);
    expect(keyFetches - before).toBe(1);
  });

  it('fetches the keys for an unknown key id at most once in 30 seconds, so forged ids cost no request each', async () => {
    const read = claimsReader(verificationKeys({ jwksUrl }));
    const { privateKey: stranger } = await generateKeyPair('ES256');
    const before = keyFetches;
    for (const kid of ['forged-1', 'forged-2', 'forged-3']) {
      expect(await status(read, await signed('ES256', stranger, kid))).toBe(401);
    }
    expect(await status(read, await signed('ES256', keys['es-1'].privateKey, 'es-1'))).toBe(200);
    expect(keyFetches - before).toBe(1);
  });

  it('refuses asymmetric tokens from an unpublished key, an expired one, one without keys configured, and alg none', async () => {
    const read = claimsReader(verificationKeys({ jwtSecret: secret, jwksUrl }));
    const { privateKey: stranger } = await generateKeyPair('ES256');
    expect(await status(read, await signed('ES256', stranger, 'es-1'))).toBe(401);
    expect(await status(read, await signed('ES256', keys['es-1'].privateKey, 'es-1', '-1m'))).toBe(401);
    expect(
      await status(
        claimsReader(verificationKeys({ jwtSecret: secret })),
        await signed('ES256', keys['es-1'].privateKey, 'es-1'),
      ),
    ).toBe(401);
    expect(await status(read, unsigned)).toBe(401);
    // an HS256 token signed with the public key's JSON as the secret (algorithm confusion)
    expect(await status(read, await hs256(JSON.stringify(keys['es-1'].jwk)))).toBe(401);
  });

  it('refuses a malformed token and one without a role', async () => {
    const read = claimsReader(verificationKeys({ jwtSecret: secret }));
    expect(await status(read, 'abc.def')).toBe(401);
    const roleless = await new SignJWT({ sub: claims.sub })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(secret));
    expect(await status(read, roleless)).toBe(401);
  });

  it('reads an API key as the bearer (what supabase-js sends when nobody is signed in) as no user', async () => {
    const read = claimsReader(verificationKeys({ jwks: published() }));
    expect(await read(request('sb_publishable_anything'))).toBeNull();
    expect(await read(request('sb_secret_anything'))).toBeNull();
    expect(await read(new Request('http://localhost/fn'))).toBeNull();
  });

  it('finds the keys under the project URL unless JWT_JWKS_URL says otherwise', () => {
    expect(jwksUrlFor('https://abc.supabase.co/')).toBe('https://abc.supabase.co/auth/v1/.well-known/jwks.json');
    expect(jwksUrlFor('https://abc.supabase.co', 'https://keys.example.com/jwks.json')).toBe(
      'https://keys.example.com/jwks.json',
    );
    expect(jwksUrlFor(undefined)).toBeUndefined();
  });
});

describe('keys from the environment hosted and the CLI provide', () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];

  it('uses SUPABASE_JWKS as given, fetching nothing, even with SUPABASE_URL set', async () => {
    const read = claimsReader(
      verificationKeysFromEnv(env({ SUPABASE_JWKS: JSON.stringify(published()), SUPABASE_URL: jwksUrl })),
    );
    const before = keyFetches;
    expect(await status(read, await signed('ES256', keys['es-1'].privateKey, 'es-1'))).toBe(200);
    expect(await status(read, await signed('RS256', keys['rs-1'].privateKey, 'rs-1'))).toBe(200);
    expect(await status(read, await hs256(secret))).toBe(401);
    expect(keyFetches).toBe(before);
    // the bare list form
    const bare = claimsReader(verificationKeysFromEnv(env({ SUPABASE_JWKS: JSON.stringify(published().keys) })));
    expect(await status(bare, await signed('ES256', keys['es-1'].privateKey, 'es-1'))).toBe(200);
  });

  it('takes a symmetric key in SUPABASE_JWKS (the CLI puts the legacy secret there) as the legacy secret', async () => {
    const jwks = { keys: [{ kty: 'oct', k: Buffer.from(secret).toString('base64url') }] };
    const read = claimsReader(verificationKeysFromEnv(env({ SUPABASE_JWKS: JSON.stringify(jwks) })));
    expect(await status(read, await hs256(secret))).toBe(200);
    expect(await status(read, await hs256('another-secret-of-at-least-32-characters'))).toBe(401);
    expect(await status(read, await signed('ES256', keys['es-1'].privateKey, 'es-1'))).toBe(401);
  });

  it('without SUPABASE_JWKS, fetches the keys published under SUPABASE_URL', async () => {
    const projectUrl = jwksUrl.replace('/auth/v1/.well-known/jwks.json', '');
    const read = claimsReader(verificationKeysFromEnv(env({ SUPABASE_URL: projectUrl, JWT_SECRET: secret })));
    expect(await status(read, await signed('ES256', keys['es-1'].privateKey, 'es-1'))).toBe(200);
    expect(await status(read, await hs256(secret))).toBe(200);
  });

  it('refuses to start with a SUPABASE_JWKS that is not a key set', () => {
    expect(() => verificationKeysFromEnv(env({ SUPABASE_JWKS: '{"keys": 1}' }))).toThrow(/JSON Web Key Set/);
    expect(() => verificationKeysFromEnv(env({ SUPABASE_JWKS: 'keys' }))).toThrow();
  });
});

// The functions as the local stack runs them in each mode: the environment functionEnv gives them,
// read the way index.ts reads it, against tokens signed with each mode's key (standing in for Auth).
describe.each([
  ['legacy', () => legacyProjectKeys(secret)],
  ['asymmetric', () => asymmetricProjectKeys()],
] as const)('functions on a project with %s signing keys', (mode, makeKeys) => {
  let project: ProjectKeys;
  let other: ProjectKeys;
  let read: ClaimsReader;

  beforeAll(async () => {
    project = await makeKeys();
    other = mode === 'legacy' ? await asymmetricProjectKeys() : await legacyProjectKeys(secret);
    const settings = { apiPort: 0, dbUrl: 'postgresql://unused' };
    const vars = functionEnv(
      project.mode === 'legacy'
        ? { ...settings, jwtSecret: project.jwtSecret }
        : { ...settings, signingKeys: project.signingKeys },
      project.apiKeys,
    );
    read = claimsReader(verificationKeysFromEnv((name) => vars[name]));
  });

  const userToken = (keys: ProjectKeys, expiresIn: string | number = '5m') =>
    signJwt(authSigningKey(keys), claims, expiresIn);

  it('accepts a user token signed with the project key', async () => {
    expect(await read(request(await userToken(project)))).toMatchObject(claims);
  });

  it("refuses a token signed with the other mode's key, an expired one and alg none", async () => {
    expect(await status(read, await userToken(other))).toBe(401);
    expect(await status(read, await userToken(project, Math.floor(Date.now() / 1000) - 60))).toBe(401);
    expect(await status(read, unsigned)).toBe(401);
  });

  it("reads the project's public API key as no user", async () => {
    const publicKey = project.mode === 'legacy' ? project.apiKeys.anonKey : project.apiKeys.publishableKey;
    const caller = await read(request(publicKey));
    expect(caller?.role ?? null).toBe(mode === 'legacy' ? 'anon' : null);
  });
});
