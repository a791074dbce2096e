// How the functions verify callers: HS256 tokens with the project's secret, and ES256/RS256 tokens
// (projects on asymmetric signing keys) with the public keys Supabase Auth publishes, served here
// by a local JWKS endpoint. Anything else is a 401.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsReader, jwksUrlFor } from '../../supabase/functions/_shared/auth.ts';
import { HttpError } from '../../supabase/functions/_shared/errors.ts';

const secret = 'a-project-secret-of-at-least-32-characters';
let jwksUrl: string;
let server: http.Server;
let keyFetches = 0;
const keys: Record<string, { privateKey: CryptoKey; jwk: JWK }> = {};

async function addKey(kid: string, alg: 'ES256' | 'RS256'): Promise<void> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  keys[kid] = { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

beforeAll(async () => {
  await addKey('es-1', 'ES256');
  await addKey('rs-1', 'RS256');
  server = http.createServer((_req, res) => {
    keyFetches++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: Object.values(keys).map((k) => k.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/auth/v1/.well-known/jwks.json`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const claims = { sub: '00000000-0000-4000-8000-000000000001', role: 'authenticated', aud: 'authenticated' };

function signed(alg: string, key: CryptoKey | Uint8Array, kid?: string, expiresIn = '5m'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) })
    .setIssuedAt().setExpirationTime(expiresIn).sign(key);
}

const request = (token: string) => new Request('http://localhost/fn', { headers: { authorization: `Bearer ${token}` } });

async function status(read: ReturnType<typeof claimsReader>, token: string): Promise<number> {
  try {
    await read(request(token));
    return 200;
  } catch (error) {
    return error instanceof HttpError ? error.status : 500;
  }
}

describe('caller tokens', () => {
  it('accepts HS256 tokens signed with the project secret, with or without public keys configured', async () => {
    const token = await signed('HS256', new TextEncoder().encode(secret));
    expect(await claimsReader(secret)(request(token))).toMatchObject(claims);
    expect(await claimsReader(secret, { jwksUrl })(request(token))).toMatchObject(claims);
  });

  it('accepts ES256 and RS256 tokens signed with a published key, fetching the keys once', async () => {
    const read = claimsReader(secret, { jwksUrl });
    const before = keyFetches;
    expect(await read(request(await signed('ES256', keys['es-1'].privateKey, 'es-1')))).toMatchObject(claims);
    expect(await read(request(await signed('RS256', keys['rs-1'].privateKey, 'rs-1')))).toMatchObject(claims);
    expect(await read(request(await signed('ES256', keys['es-1'].privateKey, 'es-1')))).toMatchObject(claims);
    expect(keyFetches - before).toBe(1);
  });

  it('refuses asymmetric tokens from an unpublished key, an expired one, one without keys configured, and alg none', async () => {
    const read = claimsReader(secret, { jwksUrl });
    const { privateKey: stranger } = await generateKeyPair('ES256');
    expect(await status(read, await signed('ES256', stranger, 'es-1'))).toBe(401);
    expect(await status(read, await signed('ES256', keys['es-1'].privateKey, 'es-1', '-1m'))).toBe(401);
    expect(await status(claimsReader(secret), await signed('ES256', keys['es-1'].privateKey, 'es-1'))).toBe(401);
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    expect(await status(read, unsigned)).toBe(401);
    // an HS256 token signed with the public key's JSON as the secret (algorithm confusion)
    expect(await status(read, await signed('HS256', new TextEncoder().encode(JSON.stringify(keys['es-1'].jwk))))).toBe(401);
  });

  it('finds the keys under the project URL unless JWT_JWKS_URL says otherwise', () => {
    expect(jwksUrlFor('https://abc.supabase.co/')).toBe('https://abc.supabase.co/auth/v1/.well-known/jwks.json');
    expect(jwksUrlFor('https://abc.supabase.co', 'https://keys.example.com/jwks.json')).toBe('https://keys.example.com/jwks.json');
    expect(jwksUrlFor(undefined)).toBeUndefined();
  });
});
