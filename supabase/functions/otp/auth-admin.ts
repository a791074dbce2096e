// What the otp function asks of Supabase Auth, behind one interface: in production its admin API
// (the project's secret key), on the local stack (no GoTrue) service-role SQL functions on auth.users.
import { importJWK, type JWK, SignJWT } from 'jose';
import { type ServerKey, serverKeyHeaders } from '../_shared/api-keys.ts';
import type { Sql, Transaction } from '../_shared/database.ts';
import { HttpError } from '../_shared/errors.ts';
import type { OtpExchangeResponse } from './schemas.ts';

/** What the frontend receives for a login proof (otpExchangeResponseSchema). */
export type SessionGrant = OtpExchangeResponse;

export interface AuthAdmin {
  /** Marks the user's email as confirmed. `tx` is the service-role transaction of the request. */
  confirmEmail(tx: Transaction, userId: string): Promise<void>;
  /** Sets a new password. */
  setPassword(tx: Transaction, userId: string, password: string): Promise<void>;
  /** Something the frontend turns into a session for this user. */
  createSession(user: { id: string; email: string }, now: Date): Promise<SessionGrant>;
}

/**
 * What the local stack's sessions are signed with, standing in for Supabase Auth's key: the
 * stack's private signing key (AUTH_LOCAL_SIGNING_KEY, a JWK) when it runs with asymmetric keys,
 * else its legacy JWT secret.
 */
export type LocalSessionKey =
  | { alg: 'HS256'; key: Uint8Array }
  | { alg: 'ES256' | 'RS256'; kid: string; key: CryptoKey };

export async function localSessionKey(env: (name: string) => string | undefined): Promise<LocalSessionKey> {
  const signingKey = env('AUTH_LOCAL_SIGNING_KEY');
  if (signingKey) {
    // key_ops is left out: the CLI's key files list sign and verify, which Web Crypto refuses for a private key.
    const { key_ops: _ops, ...jwk } = JSON.parse(signingKey) as JWK;
    if ((jwk.alg !== 'ES256' && jwk.alg !== 'RS256') || typeof jwk.kid !== 'string' || typeof jwk.d !== 'string') {
      throw new Error('AUTH_LOCAL_SIGNING_KEY is not an ES256 or RS256 private key with a kid');
    }
    return { alg: jwk.alg, kid: jwk.kid, key: await importJWK(jwk, jwk.alg) as CryptoKey };
  }
  const secret = env('JWT_SECRET');
  if (secret) return { alg: 'HS256', key: new TextEncoder().encode(secret) };
  throw new Error('AUTH_ADMIN=local signs sessions: set AUTH_LOCAL_SIGNING_KEY or JWT_SECRET');
}

/**
 * Where the database is the local platform, a session in auth.sessions made by its stand-in for
 * Auth's sign-in (so that the mfa function's second factor can be bound to it); elsewhere one that
 * exists only in the token.
 */
async function localSessionId(sql: Sql, userId: string): Promise<string> {
  const [{ local }] = await sql<
    { local: boolean }[]
  >`select to_regproc('supabase_local.auth_sign_in') is not null as local`;
  if (!local) return crypto.randomUUID();
  const [{ session }] = await sql<{ session: string }[]>`select supabase_local.auth_sign_in(${userId}) as session`;
  return session;
}

/** Local stack: SQL functions (service_role only) update auth.users; sessions are signed here. */
export function localAuthAdmin(
  { sessionKey, issuer, sql }: { sessionKey: LocalSessionKey; issuer: string; sql: Sql },
): AuthAdmin {
  const header = sessionKey.alg === 'HS256'
    ? { alg: 'HS256', typ: 'JWT' }
    : { alg: sessionKey.alg, typ: 'JWT', kid: sessionKey.kid };
  return {
    async confirmEmail(tx, userId) {
      await tx`select private.auth_local_confirm_email(${userId}, now())`;
    },
    async setPassword(tx, userId, password) {
      await tx`select private.auth_local_set_password(${userId}, ${password})`;
    },
    async createSession(user, now) {
      const iat = Math.floor(now.getTime() / 1000);
      const expiresIn = 3600;
      const accessToken = await new SignJWT({
        aud: 'authenticated',
        role: 'authenticated',
        email: user.email,
        aal: 'aal1',
        amr: [{ method: 'otp', timestamp: iat }],
        session_id: await localSessionId(sql, user.id),
        is_anonymous: false,
      })
        .setProtectedHeader(header)
        .setSubject(user.id)
        .setIssuer(issuer)
        .setIssuedAt(iat)
        .setExpirationTime(iat + expiresIn)
        .sign(sessionKey.key);
      return {
        type: 'session',
        access_token: accessToken,
        token_type: 'bearer',
        expires_in: expiresIn,
        expires_at: iat + expiresIn,
        user,
      };
    },
  };
}

export interface ApiAuthAdminOptions {
  supabaseUrl: string;
  /** The project's secret key, or its legacy service_role key (see serverKey). */
  key: ServerKey;
  fetch?: typeof fetch;
}

/** Production: Supabase Auth's admin API, authorized with the project's secret key. */
export function apiAuthAdmin({ supabaseUrl, key, fetch: doFetch = fetch }: ApiAuthAdminOptions): AuthAdmin {
  const base = `${supabaseUrl.replace(/\/$/, '')}/auth/v1/admin`;
  const call = async (method: string, path: string, body: unknown): Promise<Record<string, unknown>> => {
    const res = await doFetch(`${base}${path}`, {
      method,
      headers: { ...serverKeyHeaders(key), 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    if (res.status === 422 || res.status === 400) {
      // Supabase Auth refuses weak passwords and similar with 422 and a message.
      let message = 'Supabase Auth refused the change';
      try {
        const parsed = JSON.parse(text) as { msg?: string; message?: string };
        message = parsed.msg ?? parsed.message ?? message;
      } catch { /* keep the generic message */ }
      throw new HttpError(422, 'auth_rejected', message);
    }
    if (!res.ok) {
      console.error(`auth admin ${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
      throw new HttpError(502, 'auth_unavailable', 'Supabase Auth did not complete the request');
    }
    return text ? JSON.parse(text) as Record<string, unknown> : {};
  };
  return {
    async confirmEmail(_tx, userId) {
      await call('PUT', `/users/${encodeURIComponent(userId)}`, { email_confirm: true });
    },
    async setPassword(_tx, userId, password) {
      await call('PUT', `/users/${encodeURIComponent(userId)}`, { password });
    },
    async createSession(user) {
      const link = await call('POST', '/generate_link', { type: 'magiclink', email: user.email });
      const properties = (link.properties ?? link) as { hashed_token?: unknown };
      if (typeof properties.hashed_token !== 'string') {
        throw new HttpError(502, 'auth_unavailable', 'Supabase Auth returned no sign-in token');
      }
      return { type: 'token_hash', token_hash: properties.hashed_token, verification_type: 'magiclink' };
    },
  };
}
