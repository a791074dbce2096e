// Who is calling: the bearer token's claims, verified with the project's JWT secret.
import { jwtVerify } from 'jose';
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

/** Reads and verifies the caller's JWT (HS256, the project's secret); null without a token. */
export function claimsReader(jwtSecret: string): ClaimsReader {
  const key = new TextEncoder().encode(jwtSecret);
  return async (req) => {
    const token = bearerToken(req);
    if (!token) return null;
    try {
      const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'] });
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
