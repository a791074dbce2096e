// The local stack's fixed defaults, and the keys of the project it plays. Two modes, as hosted
// projects have them: `legacy`, the JWT secret signs user tokens (HS256) and the anon and
// service_role keys, which are JWTs too; `asymmetric`, an ES256 key pair signs user tokens, its
// public half is the project's JWKS, and the API keys are opaque sb_publishable_/sb_secret_ keys.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JSONWebKeySet, type JWK } from 'jose';

export const defaults = {
  apiPort: 54321,
  dbPort: 54322,
  // Supabase's well-known local development secret: never use it for a hosted project.
  jwtSecret: 'super-secret-jwt-token-with-at-least-32-characters-long',
  stripeSecretKey: 'sk_test_local_stack',
  stripeWebhookSecret: 'whsec_local_stack_webhook_secret',
  // The bearer token the scheduler and operators send to job functions; hosted projects set their own.
  jobsSecret: 'local-stack-jobs-secret-not-for-hosted-projects',
  demoPassword: 'password123',
};

export const signingKeysModes = ['legacy', 'asymmetric'] as const;
export type SigningKeysMode = (typeof signingKeysModes)[number];

/** The legacy API keys: JWTs signed with the JWT secret. */
export interface LegacyApiKeys {
  anonKey: string;
  serviceRoleKey: string;
}

/** The new API keys: opaque strings. */
export interface NewApiKeys {
  publishableKey: string;
  secretKey: string;
}

/** A project's API keys: the legacy ones, the new ones, or both. */
export type ApiKeys = Partial<LegacyApiKeys & NewApiKeys>;

export interface LegacyProjectKeys {
  mode: 'legacy';
  jwtSecret: string;
  apiKeys: LegacyApiKeys;
}

export interface AsymmetricProjectKeys {
  mode: 'asymmetric';
  /** Private keys standing in for Supabase Auth's, in the CLI's signing_keys_path format; the first signs. */
  signingKeys: JWK[];
  apiKeys: NewApiKeys;
}

export type ProjectKeys = LegacyProjectKeys | AsymmetricProjectKeys;

/** Signs a JWT with a secret (HS256) or with a private JWK (its alg, its kid in the header). */
export async function signJwt(
  key: string | JWK,
  claims: Record<string, unknown>,
  expiresIn: string | number = '10y',
): Promise<string> {
  const token = new SignJWT(claims).setIssuedAt().setExpirationTime(expiresIn);
  if (typeof key === 'string') {
    return token.setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(key));
  }
  if (!key.alg) throw new Error('the signing key names no alg');
  // The CLI's files list key_ops sign and verify, which Web Crypto refuses for a private key.
  const { key_ops: _ops, ...privateKey } = key;
  return token
    .setProtectedHeader({ alg: key.alg, typ: 'JWT', kid: key.kid })
    .sign(await importJWK(privateKey, key.alg));
}

/** The legacy anon and service_role keys: JWTs signed with the secret, as the Supabase CLI makes them. */
export async function apiKeys(jwtSecret: string): Promise<LegacyApiKeys> {
  return {
    anonKey: await signJwt(jwtSecret, { iss: 'supabase-demo', role: 'anon' }),
    serviceRoleKey: await signJwt(jwtSecret, { iss: 'supabase-demo', role: 'service_role' }),
  };
}

/** A new ES256 signing key, shaped as `supabase gen signing-key --algorithm ES256` writes one. */
export async function generateSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return {
    ...(await exportJWK(privateKey)),
    kid: randomUUID(),
    use: 'sig',
    key_ops: ['sign', 'verify'],
    alg: 'ES256',
    ext: true,
  };
}

const publicMembers = ['kty', 'kid', 'use', 'alg', 'crv', 'x', 'y', 'n', 'e'] as const;

/** The JWKS that publishes the signing keys' public halves. */
export function publicJwks(signingKeys: JWK[]): JSONWebKeySet {
  return {
    keys: signingKeys.map((key) => ({
      ...Object.fromEntries(
        publicMembers.filter((member) => key[member] !== undefined).map((member) => [member, key[member]]),
      ),
      key_ops: ['verify'],
    })),
  };
}

function newApiKeys(): NewApiKeys {
  const random = () => randomBytes(24).toString('base64url');
  return { publishableKey: `sb_publishable_${random()}`, secretKey: `sb_secret_${random()}` };
}

export async function legacyProjectKeys(jwtSecret: string): Promise<LegacyProjectKeys> {
  return { mode: 'legacy', jwtSecret, apiKeys: await apiKeys(jwtSecret) };
}

/** A project on asymmetric keys, made up for one run (the tests). */
export async function asymmetricProjectKeys(): Promise<AsymmetricProjectKeys> {
  return { mode: 'asymmetric', signingKeys: [await generateSigningKey()], apiKeys: newApiKeys() };
}

/**
 * `npm start`'s asymmetric keys, kept in `dir` so that tokens and keys outlive a restart: the
 * signing keys in signing_keys.json (the format of the CLI's signing_keys_path, so a key from
 * `supabase gen signing-key` can be put there), the API keys in api_keys.json. Made when missing.
 */
export async function storedAsymmetricProjectKeys(dir: string): Promise<AsymmetricProjectKeys> {
  const signingKeysFile = path.join(dir, 'signing_keys.json');
  const apiKeysFile = path.join(dir, 'api_keys.json');
  mkdirSync(dir, { recursive: true });
  if (!existsSync(signingKeysFile)) {
    writeFileSync(signingKeysFile, `${JSON.stringify([await generateSigningKey()], null, 2)}\n`, { mode: 0o600 });
  }
  if (!existsSync(apiKeysFile)) {
    writeFileSync(apiKeysFile, `${JSON.stringify(newApiKeys(), null, 2)}\n`, { mode: 0o600 });
  }
  const signingKeys = JSON.parse(readFileSync(signingKeysFile, 'utf8')) as JWK[];
  if (!Array.isArray(signingKeys) || !signingKeys.length || signingKeys.some((key) => !key.d || !key.kid)) {
    throw new Error(`${signingKeysFile} must hold a JSON array of private JWKs with a kid`);
  }
  const apiKeys = JSON.parse(readFileSync(apiKeysFile, 'utf8')) as NewApiKeys;
  if (!apiKeys.publishableKey?.startsWith('sb_publishable_') || !apiKeys.secretKey?.startsWith('sb_secret_')) {
    throw new Error(`${apiKeysFile} must hold a publishableKey (sb_publishable_...) and a secretKey (sb_secret_...)`);
  }
  return { mode: 'asymmetric', signingKeys, apiKeys };
}

/** The key Supabase Auth would sign the project's user tokens with: tests stand in for Auth with it. */
export function authSigningKey(keys: ProjectKeys): string | JWK {
  return keys.mode === 'asymmetric' ? keys.signingKeys[0] : keys.jwtSecret;
}
