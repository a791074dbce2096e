// POST /functions/v1/otp/<action>: email one-time codes for verification, login and password reset.
//   request         { purpose, email? }        → 202, the same answer whether or not the account exists
//   verify          { purpose, code, email? }  → verification: { verified }, reset: { reset_token },
//                                                login: { proof } (a short-lived JWT, see exchange)
//   reset-password  { reset_token, password }  → { password_updated }
//   exchange        { proof }                  → what the frontend turns into a session
// Without `email`, request and verify act for the signed-in caller (bearer user JWT).
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { ClaimsReader } from '../_shared/auth.ts';
import { randomToken } from '../_shared/crypto.ts';
import { asServiceRole, type Sql, type Transaction } from '../_shared/database.ts';
import { errorToResponse, HttpError } from '../_shared/errors.ts';
import { clientIp, errorResponse, json, preflight } from '../_shared/http.ts';
import { parseJsonBody } from '../_shared/validation.ts';
import type { Mailer } from '../_shared/mailer.ts';
import type { AuthAdmin } from './auth-admin.ts';
import { codeMessage } from './message.ts';
import {
  otpExchangeRequestSchema,
  type OtpExchangeResponse,
  otpRequestRequestSchema,
  type OtpRequestResponse,
  otpResetPasswordRequestSchema,
  type OtpResetPasswordResponse,
  type OtpVerifyLoginResponse,
  otpVerifyRequestSchema,
  type OtpVerifyResetResponse,
  type OtpVerifyVerificationResponse,
} from './schemas.ts';

export const LOGIN_PROOF_AUDIENCE = 'otp-login';
const LOGIN_PROOF_ISSUER = 'otp';

export interface OtpPolicy {
  codeTtlSeconds: number;
  maxAttempts: number;
  /** Requests per email, and per client IP, within the window. */
  emailLimit: number;
  ipLimit: number;
  /** Verifications per client IP within the window. */
  verifyIpLimit: number;
  windowSeconds: number;
  /** Failed verifications per account (or unknown email), across its codes, within its window. */
  accountFailureLimit: number;
  accountWindowSeconds: number;
  resetTtlSeconds: number;
  proofTtlSeconds: number;
}

export const defaultOtpPolicy: OtpPolicy = {
  codeTtlSeconds: 600,
  maxAttempts: 5,
  emailLimit: 5,
  ipLimit: 30,
  verifyIpLimit: 60,
  windowSeconds: 900,
  accountFailureLimit: 10,
  accountWindowSeconds: 3600,
  resetTtlSeconds: 900,
  proofTtlSeconds: 300,
};

export interface OtpDeps {
  sql: Sql;
  mailer: Mailer;
  authAdmin: AuthAdmin;
  /** The caller's verified claims (claimsReader). */
  readClaims: ClaimsReader;
  /** A secret only the backend holds, which login proofs are signed with a key derived from. */
  proofSecret: string;
  clock?: () => Date;
  policy?: Partial<OtpPolicy>;
  appName?: string;
  /**
   * Runs the email send after the answer: an account's request then takes as long as an unknown
   * email's. Hosted: EdgeRuntime.waitUntil. Tests pass one they can await.
   */
  background?: (work: Promise<unknown>) => void;
  /** 6-digit code source; CSPRNG by default. */
  generateCode?: () => string;
}

/**
 * The key login proofs are signed with: derived from the secret for this one use, so that a proof
 * is never accepted anywhere else, even where the secret itself is a signing key.
 */
async function loginProofKey(proofSecret: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(proofSecret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode('otp login proof')));
}

/** 6 decimal digits, uniform (rejection sampling over 32-bit values from the CSPRNG). */
export function randomCode(): string {
  const limit = 2 ** 32 - (2 ** 32 % 1_000_000);
  const buffer = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(buffer);
    if (buffer[0] < limit) return String(buffer[0] % 1_000_000).padStart(6, '0');
  }
}

const tooMany = (retryAfter: number) =>
  new HttpError(429, 'rate_limited', 'Too many requests, try again later', { 'retry-after': String(retryAfter) });

/** The largest body: a login proof (up to 4000 characters) and a little more. */
const maxBodyBytes = 8 * 1024;

const invalidCode = () => new HttpError(400, 'invalid_code', 'The code is wrong, expired or already used');

export function createOtpHandler(deps: OtpDeps): (req: Request) => Promise<Response> {
  const { sql, mailer, authAdmin } = deps;
  const clock = deps.clock ?? (() => new Date());
  const policy = { ...defaultOtpPolicy, ...deps.policy };
  const appName = deps.appName ?? 'Your account';
  const generateCode = deps.generateCode ?? randomCode;
  const background = deps.background ?? ((work) => void work.catch((e) => console.error('otp mail:', e)));
  const { readClaims } = deps;
  const proofKey = loginProofKey(deps.proofSecret);
  const asService = <T>(work: (tx: Transaction) => Promise<T>) => asServiceRole(sql, work);

  /** The signed-in user when the body names no email; anon keys and missing tokens are refused. */
  async function callerId(req: Request): Promise<string> {
    const claims = await readClaims(req);
    if (!claims || claims.role !== 'authenticated' || typeof claims.sub !== 'string') {
      throw new HttpError(401, 'unauthorized', 'Give an email or sign in');
    }
    return claims.sub;
  }

  async function request(req: Request): Promise<Response> {
    const body = await parseJsonBody(req, otpRequestRequestSchema, maxBodyBytes);
    const userId = body.email ? null : await callerId(req);
    const code = generateCode();
    const now = clock();
    const [row] = await asService(async (tx) => {
      await tx`select private.auth_purge(${now})`;
      return await tx<{ retry_after: number; user_id: string | null; email: string | null }[]>`
        select * from private.auth_otp_request(${body.email ?? null}, ${userId}, ${body.purpose}, ${code},
          ${clientIp(req)}, ${now}, ${policy.codeTtlSeconds}, ${policy.emailLimit}, ${policy.ipLimit},
          ${policy.windowSeconds})`;
    });
    if (row.retry_after > 0) throw tooMany(row.retry_after);
    if (row.user_id && row.email) {
      const message = codeMessage(row.email, body.purpose, code, Math.round(policy.codeTtlSeconds / 60), appName);
      background(mailer.send(message));
    }
    return json(
      {
        status: 'sent',
        message: 'If an account exists for this email, a code is on its way.',
        expires_in: policy.codeTtlSeconds,
      } satisfies OtpRequestResponse,
      202,
    );
  }

  async function verify(req: Request): Promise<Response> {
    const body = await parseJsonBody(req, otpVerifyRequestSchema, maxBodyBytes);
    const userId = body.email ? null : await callerId(req);
    const now = clock();
    return await asService(async (tx) => {
      const [row] = await tx<{ outcome: string; user_id: string | null; email: string | null; retry_after: number }[]>`
        select * from private.auth_otp_verify(${body.email ?? null}, ${userId}, ${body.purpose}, ${body.code},
          ${clientIp(req)}, ${now}, ${policy.maxAttempts}, ${policy.verifyIpLimit}, ${policy.windowSeconds},
          ${policy.accountFailureLimit}, ${policy.accountWindowSeconds})`;
      // Returning (not throwing) commits the counted attempt.
      if (row.outcome === 'rate_limited') return errorToResponse(tooMany(row.retry_after));
      if (row.outcome !== 'ok' || !row.user_id || !row.email) return errorToResponse(invalidCode());
      const user = { id: row.user_id, email: row.email };

      if (body.purpose === 'verification') {
        // In the same transaction: if Auth refuses, the code stays unused.
        await authAdmin.confirmEmail(tx, user.id);
        return json({ verified: true, email: user.email } satisfies OtpVerifyVerificationResponse);
      }
      if (body.purpose === 'reset') {
        const resetToken = randomToken();
        const [{ expires_at }] = await tx<{ expires_at: Date }[]>`
          select private.auth_password_reset_issue(${user.id}, ${resetToken}, ${now}, ${policy.resetTtlSeconds}) as expires_at`;
        return json(
          { reset_token: resetToken, expires_at: new Date(expires_at).toISOString() } satisfies OtpVerifyResetResponse,
        );
      }
      const [status] = await tx<{ enabled: boolean }[]>`select enabled from private.auth_totp_status(${user.id})`;
      const iat = Math.floor(now.getTime() / 1000);
      const proof = await new SignJWT({ email: user.email })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(LOGIN_PROOF_ISSUER)
        .setAudience(LOGIN_PROOF_AUDIENCE)
        .setSubject(user.id)
        .setJti(crypto.randomUUID())
        .setIssuedAt(iat)
        .setExpirationTime(iat + policy.proofTtlSeconds)
        .sign(await proofKey);
      return json(
        {
          proof,
          expires_at: new Date((iat + policy.proofTtlSeconds) * 1000).toISOString(),
          mfa_required: status.enabled,
        } satisfies OtpVerifyLoginResponse,
      );
    });
  }

  async function resetPassword(req: Request): Promise<Response> {
    const body = await parseJsonBody(req, otpResetPasswordRequestSchema, maxBodyBytes);
    const now = clock();
    await asService(async (tx) => {
      const [{ user_id }] = await tx<{ user_id: string | null }[]>`
        select private.auth_password_reset_consume(${body.reset_token}, ${now}) as user_id`;
      if (!user_id) throw new HttpError(400, 'invalid_token', 'The reset token is wrong, expired or already used');
      // Inside the transaction: if Auth refuses the password, the token stays usable.
      await authAdmin.setPassword(tx, user_id, body.password);
    });
    return json({ password_updated: true } satisfies OtpResetPasswordResponse);
  }

  async function exchange(req: Request): Promise<Response> {
    const body = await parseJsonBody(req, otpExchangeRequestSchema, maxBodyBytes);
    const now = clock();
    let payload;
    try {
      ({ payload } = await jwtVerify(body.proof, await proofKey, {
        algorithms: ['HS256'],
        audience: LOGIN_PROOF_AUDIENCE,
        issuer: LOGIN_PROOF_ISSUER,
        currentDate: now,
        requiredClaims: ['sub', 'jti', 'exp'],
      }));
    } catch {
      throw new HttpError(401, 'invalid_proof', 'The login proof is invalid or expired');
    }
    const { sub, jti, exp } = payload as { sub: string; jti: string; exp: number };
    if (!z.uuid().safeParse(jti).success || !z.uuid().safeParse(sub).success) {
      throw new HttpError(401, 'invalid_proof', 'The login proof is invalid or expired');
    }
    const user = await asService(async (tx) => {
      const [first] = await tx<{ first: boolean }[]>`
        select private.auth_login_proof_consume(${jti}, ${sub}, ${new Date(exp * 1000)}, ${now}) as first`;
      if (!first.first) throw new HttpError(401, 'invalid_proof', 'The login proof was already used');
      const [row] = await tx<{ email: string | null }[]>`
        select private.auth_find_user_email(${sub}, ${now}) as email`;
      if (!row.email) throw new HttpError(401, 'invalid_proof', 'The account is no longer active');
      return { id: sub, email: row.email };
    });
    return json((await authAdmin.createSession(user, now)) satisfies OtpExchangeResponse);
  }

  const routes: Record<string, (req: Request) => Promise<Response>> = {
    request,
    verify,
    'reset-password': resetPassword,
    exchange,
  };

  return async (req) => {
    const early = preflight(req);
    if (early) return early;
    const action = new URL(req.url).pathname.split('/').filter(Boolean).at(-1) ?? '';
    const route = routes[action];
    if (!route) {
      return errorResponse(404, 'not_found', 'Use /otp/request, /otp/verify, /otp/reset-password or /otp/exchange');
    }
    if (req.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'Use POST');
    try {
      return await route(req);
    } catch (error) {
      return errorToResponse(error);
    }
  };
}
