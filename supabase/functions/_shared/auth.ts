// Who is calling: the bearer token's claims, verified with the project's JWT secret (HS256) or,
// for projects that sign with asymmetric keys, with the public keys Supabase Auth publishes.
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTVerifyResult } from 'jose';
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

export type ClaimsReader = (req: Request) => Promise<Claims | null>;

/** Where Supabase Auth publishes a project's public signing keys; JWT_JWKS_URL overrides it. */
export function jwksUrlFor(supabaseUrl: string | undefined, override?: string): string | undefined {
  if (override) return override;
  return supabaseUrl ? `${supabaseUrl.replace(/\/+$/, '')}/auth/v1/.well-known/jwks.json` : undefined;
}

/**
 * Reads and verifies the caller's JWT; null without a token. HS256 tokens are checked with the
 * project's secret; ES256 and RS256 tokens (projects on asymmetric signing keys) with the keys at
 * jwksUrl, fetched once and again only for a key id not seen yet. Any other algorithm is refused.
 */
export function claimsReader(jwtSecret: string, options: { jwksUrl?: string } = {}): ClaimsReader {
  const secret = new TextEncoder().encode(jwtSecret);
  const publicKeys = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : null;
  const verify = (token: string): Promise<JWTVerifyResult> => {
    if (decodeProtectedHeader(token).alg === 'HS256') return jwtVerify(token, secret, { algorithms: ['HS256'] });
    if (!publicKeys) throw new Error('no public signing keys configured');
    return jwtVerify(token, publicKeys, { algorithms: ['ES256', 'RS256'] });
  };
  return async (req) => {
    const token = bearerToken(req);
    if (!token) return null;
    try {
      const { payload } = await verify(token);
      if (typeof payload.role !== 'string') throw new Error('no role claim');
      return payload as Claims;
    } catch {
      throw new HttpError(401, 'unauthorized', 'Invalid JWT');
    }
  };
}

/** The signed-in user's claims, or a 401 for anon keys and missing tokens. */
export async function requireUser(read: ClaimsReader, req: Request): Promise<Claims & { sub: string }> {
  const claims = await read(req);
  if (!claims || claims.role !== 'authenticated' || typeof claims.sub !== 'string') {
    throw new HttpError(401, 'unauthorized', 'Sign in first');
  }
  return claims as Claims & { sub: string };
}
