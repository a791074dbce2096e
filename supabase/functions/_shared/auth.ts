// Who is calling: the bearer token's claims. Supabase Auth signs user JWTs with the project's
// asymmetric signing keys (ES256 by default, RS256 possible) and publishes their public halves as a
// JWKS; a project that still has its legacy JWT secret also has HS256 tokens signed with it. The
// local gateway checks tokens with the same rules (scripts/local/functions-server.ts).
import {
  base64url,
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  type JSONWebKeySet,
  type JWTPayload,
  jwtVerify,
  type JWTVerifyGetKey,
} from 'jose';
import { HttpError } from './errors.ts';

export interface Claims {
  sub?: string;
  role: string;
  email?: string;
  aal?: string;
  [claim: string]: unknown;
}

export function bearerToken(req: Request): string | null {
  const header = req.headers.get('authorization');
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match ? match[1] : null;
}

/**
 * Whether a credential is one of the project's API keys (sb_publishable_..., sb_secret_...). They
 * are not JWTs, and supabase-js sends the key as the bearer token when nobody is signed in.
 */
export function isApiKey(credential: string): boolean {
  return credential.startsWith('sb_publishable_') || credential.startsWith('sb_secret_');
}

/** What tokens are checked with. */
export interface VerificationKeys {
  /** Legacy JWT secrets (HS256): none once the project has revoked its legacy secret. */
  legacySecrets: Uint8Array[];
  /** The project's public signing keys (ES256, RS256), if it has any. */
  publicKeys: JWTVerifyGetKey | null;
}

export interface KeySources {
  /** The legacy JWT secret, while the project has one. */
  jwtSecret?: string;
  /** The JWKS itself: its public keys verify ES256/RS256 tokens, a symmetric (oct) key is a legacy secret. */
  jwks?: JSONWebKeySet;
  /** Where the public keys are published, used when no JWKS is given. */
  jwksUrl?: string;
}

export function verificationKeys(sources: KeySources): VerificationKeys {
  const legacySecrets: Uint8Array[] = sources.jwtSecret ? [new TextEncoder().encode(sources.jwtSecret)] : [];
  for (const key of sources.jwks?.keys ?? []) {
    if (key.kty === 'oct' && typeof key.k === 'string') legacySecrets.push(base64url.decode(key.k));
  }
  let publicKeys: JWTVerifyGetKey | null = null;
  if (sources.jwks) {
    publicKeys = createLocalJWKSet(sources.jwks);
  } else if (sources.jwksUrl) {
    // Fetched on first use, then again only when 10 minutes old or for a key id not seen yet (at
    // most every 30 s, so forged key ids cannot make us fetch per request).
    publicKeys = createRemoteJWKSet(new URL(sources.jwksUrl), { cacheMaxAge: 600_000, cooldownDuration: 30_000 });
  }
  return { legacySecrets, publicKeys };
}

/** Where Supabase Auth publishes a project's public signing keys; JWT_JWKS_URL overrides it. */
export function jwksUrlFor(supabaseUrl: string | undefined, override?: string): string | undefined {
  if (override) return override;
  return supabaseUrl ? `${supabaseUrl.replace(/\/+$/, '')}/auth/v1/.well-known/jwks.json` : undefined;
}

/** A JWKS as SUPABASE_JWKS carries it: `{"keys": [...]}`, or the bare list. */
function parseJwks(raw: string): JSONWebKeySet {
  const parsed = JSON.parse(raw);
  const keys = Array.isArray(parsed) ? parsed : parsed?.keys;
  if (!Array.isArray(keys)) throw new Error('SUPABASE_JWKS is not a JSON Web Key Set');
  return { keys };
}

/**
 * The keys a function's environment gives, as hosted Supabase and the CLI provide them:
 * SUPABASE_JWKS inline (nothing to fetch), else the JWKS published under SUPABASE_URL (or at
 * JWT_JWKS_URL); JWT_SECRET only where the project's legacy secret is still in use.
 */
export function verificationKeysFromEnv(env: (name: string) => string | undefined): VerificationKeys {
  const inline = env('SUPABASE_JWKS');
  return verificationKeys({
    jwtSecret: env('JWT_SECRET') || undefined,
    jwks: inline ? parseJwks(inline) : undefined,
    jwksUrl: jwksUrlFor(env('SUPABASE_URL'), env('JWT_JWKS_URL')),
  });
}

const asymmetricAlgorithms = ['ES256', 'RS256'];

/**
 * The token's payload if one of the keys signed it and it has not expired; throws otherwise. The
 * header's alg chooses the kind of key and each key is used with its own algorithms only, so an
 * HS256 token keyed with a public key (algorithm confusion) or an unsigned one (alg none) fails.
 */
export async function verifyJwt(token: string, keys: VerificationKeys): Promise<JWTPayload> {
  const { alg } = decodeProtectedHeader(token);
  if (alg === 'HS256') {
    let failure: unknown = new Error('HS256 tokens are refused: the project has no legacy JWT secret');
    for (const secret of keys.legacySecrets) {
      try {
        return (await jwtVerify(token, secret, { algorithms: ['HS256'] })).payload;
      } catch (error) {
        // Past the signature (expired, say), this was the right secret: that is the answer.
        if ((error as { code?: string }).code !== 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') throw error;
        failure = error;
      }
    }
    throw failure;
  }
  if (alg && asymmetricAlgorithms.includes(alg) && keys.publicKeys) {
    return (await jwtVerify(token, keys.publicKeys, { algorithms: asymmetricAlgorithms })).payload;
  }
  throw new Error(`tokens signed with ${alg} are refused`);
}

export type ClaimsReader = (req: Request) => Promise<Claims | null>;

/**
 * Reads and verifies the caller's JWT: null when the caller sent no token or only an API key
 * (an app, not a user); a 401 for a token that does not verify or has no role.
 */
export function claimsReader(keys: VerificationKeys): ClaimsReader {
  return async (req) => {
    const token = bearerToken(req);
    if (!token || isApiKey(token)) return null;
    try {
      const payload = await verifyJwt(token, keys);
      if (typeof payload.role !== 'string') throw new Error('no role claim');
      return payload as Claims;
    } catch {
      throw new HttpError(401, 'unauthorized', 'Invalid JWT');
    }
  };
}

/** The signed-in user's claims, or a 401 for API keys, anon keys and missing tokens. */
export async function requireUser(read: ClaimsReader, req: Request): Promise<Claims & { sub: string }> {
  const claims = await read(req);
  if (!claims || claims.role !== 'authenticated' || typeof claims.sub !== 'string') {
    throw new HttpError(401, 'unauthorized', 'Sign in first');
  }
  return claims as Claims & { sub: string };
}
