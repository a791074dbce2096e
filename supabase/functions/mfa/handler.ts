// /functions/v1/mfa/<action>: TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s, ±1 step) for
// the signed-in caller (verify_jwt is on; anon keys are refused here).
//   GET  status                   → { enrolled, enabled, enabled_at, backup_codes_left, locked_until }
//   POST enroll       {}          → { secret, otpauth_uri, qr_svg }      (2FA stays off)
//   POST verify       { code }    → { enabled, backup_codes, access_token?, expires_at? }
//   POST challenge    { code }    → { method, backup_codes_left, access_token?, expires_at? }
//   POST disable      { code }    → { enabled: false }
//   POST backup-codes { code }    → { backup_codes }
// access_token is the caller's JWT re-signed with aal = aal2 (same expiry), which the SQL helper
// private.has_verified_second_factor() recognises. It is signed with the legacy JWT secret, so a
// project that no longer has one gets no access_token.
import { SignJWT } from 'jose';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { requireUser, type Claims, type ClaimsReader } from '../_shared/auth.ts';
import { asServiceRole, type Sql, type Transaction } from '../_shared/database.ts';
import { errorToResponse, HttpError } from '../_shared/errors.ts';
import { errorResponse, json, preflight } from '../_shared/http.ts';
import { parseJsonBody } from '../_shared/validation.ts';
import {
  mfaBackupCodesRequestSchema, mfaChallengeRequestSchema, mfaDisableRequestSchema, mfaEnrollRequestSchema,
  mfaVerifyRequestSchema, type MfaBackupCodesResponse, type MfaChallengeResponse, type MfaDisableResponse,
  type MfaEnrollResponse, type MfaStatusResponse, type MfaVerifyResponse,
} from './schemas.ts';

export interface MfaPolicy {
  maxFailures: number;
  lockSeconds: number;
  /** Accepted drift in steps either way. */
  window: number;
}

export const defaultMfaPolicy: MfaPolicy = { maxFailures: 5, lockSeconds: 900, window: 1 };

export interface MfaDeps {
  sql: Sql;
  /** The caller's verified claims (claimsReader). */
  readClaims: ClaimsReader;
  /** The legacy JWT secret, while the project has one: the aal2 access_token is signed with it. */
  legacyJwtSecret?: string;
  clock?: () => Date;
  issuer?: string;
  policy?: Partial<MfaPolicy>;
}

const PERIOD = 30;
const BACKUP_CODE_COUNT = 10;
// Crockford's base32 alphabet in lower case: no i, l, o, u.
const BACKUP_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** 10 codes of 10 characters (50 bits each), shown as xxxxx-xxxxx. */
export function generateBackupCodes(): string[] {
  return Array.from({ length: BACKUP_CODE_COUNT }, () => {
    const bytes = crypto.getRandomValues(new Uint8Array(10));
    const chars = Array.from(bytes, (b) => BACKUP_ALPHABET[b & 31]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

function totpFor(secret: string, label: string, issuer: string): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });
}

interface FactorState {
  secret: string;
  is_enabled: boolean;
  last_used_step: string | null;
  failed_attempts: number;
  locked_until: Date | null;
  backup_codes_left: number;
}

interface StatusRow {
  enrolled: boolean;
  enabled: boolean;
  enabled_at: Date | null;
  backup_codes_left: number;
  locked_until: Date | null;
}

type CheckResult =
  | { ok: true; method: 'totp' | 'backup_code'; backupCodesLeft: number }
  | { ok: false; response: Response };

const sqlStateOverrides: Record<string, [number, string]> = {
  '55000': [409, 'conflict'], // object_not_in_prerequisite_state: enabled / not enabled
};

export function createMfaHandler(deps: MfaDeps): (req: Request) => Promise<Response> {
  const { sql } = deps;
  const clock = deps.clock ?? (() => new Date());
  const policy = { ...defaultMfaPolicy, ...deps.policy };
  const issuer = deps.issuer ?? 'Supabase app';
  const { readClaims } = deps;
  const signingKey = deps.legacyJwtSecret ? new TextEncoder().encode(deps.legacyJwtSecret) : null;
  const asService = <T>(work: (tx: Transaction) => Promise<T>) => asServiceRole(sql, work);

  const lockedResponse = (lockedUntil: Date, now: Date) =>
    errorResponse(429, 'factor_locked', 'Too many wrong codes: the factor is locked for a while', {
      'retry-after': String(Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000))),
    });

  /**
   * Checks a code against the caller's factor inside `tx` (the factor row stays locked until
   * commit). A failure is recorded and answered, not thrown, so that it commits.
   */
  async function checkCode(
    tx: Transaction,
    user: Claims & { sub: string },
    code: string,
    now: Date,
    mode: { enable: boolean; allowBackupCode: boolean; backupCodes?: string[] },
  ): Promise<CheckResult> {
    const [state] = await tx<FactorState[]>`select * from private.auth_totp_state(${user.sub})`;
    if (mode.enable && state.is_enabled) {
      throw new HttpError(409, 'already_enabled', 'Two-factor authentication is already enabled');
    }
    if (!mode.enable && !state.is_enabled) {
      throw new HttpError(409, 'not_enabled', 'Two-factor authentication is not enabled');
    }
    if (state.locked_until && state.locked_until.getTime() > now.getTime()) {
      return { ok: false, response: lockedResponse(state.locked_until, now) };
    }

    const normalized = code.replace(/\s/g, '');
    if (/^[0-9]{6}$/.test(normalized)) {
      const delta = totpFor(state.secret, String(user.email ?? user.sub), issuer)
        .validate({ token: normalized, timestamp: now.getTime(), window: policy.window });
      if (delta !== null) {
        const step = Math.floor(now.getTime() / 1000 / PERIOD) + delta;
        // A step at or before the last accepted one is a replay: refused and counted.
        if (step > Number(state.last_used_step ?? 0)) {
          await tx`select private.auth_totp_accept_step(${user.sub}, ${step}, ${now}, ${mode.enable},
            ${mode.enable ? mode.backupCodes! : null}::text[])`;
          return { ok: true, method: 'totp', backupCodesLeft: mode.enable ? BACKUP_CODE_COUNT : state.backup_codes_left };
        }
      }
    } else if (mode.allowBackupCode) {
      const [{ used }] = await tx<{ used: boolean }[]>`
        select private.auth_totp_use_backup_code(${user.sub}, ${normalized}, ${now}) as used`;
      if (used) return { ok: true, method: 'backup_code', backupCodesLeft: state.backup_codes_left - 1 };
    }

    const [{ locked_until }] = await tx<{ locked_until: Date | null }[]>`
      select private.auth_totp_record_failure(${user.sub}, ${now}, ${policy.maxFailures}, ${policy.lockSeconds}) as locked_until`;
    if (locked_until) return { ok: false, response: lockedResponse(locked_until, now) };
    return { ok: false, response: errorResponse(400, 'invalid_code', 'The code is wrong or was already used') };
  }

  /** The caller's token again, with aal2 and the second factor in amr; the expiry is kept. */
  async function aal2Token(claims: Claims, method: string, now: Date): Promise<{ access_token?: string; expires_at?: number }> {
    if (!signingKey) return {};
    const iat = Math.floor(now.getTime() / 1000);
    const { exp, iat: _iat, nbf: _nbf, ...rest } = claims as Claims & { exp?: number; iat?: number; nbf?: number };
    const expiresAt = typeof exp === 'number' ? exp : iat + 3600;
    const amr = Array.isArray(claims.amr) ? claims.amr : [];
    const token = await new SignJWT({ ...rest, aal: 'aal2', amr: [...amr, { method, timestamp: iat }] })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(iat)
      .setExpirationTime(expiresAt)
      .sign(signingKey);
    return { access_token: token, expires_at: expiresAt };
  }

  async function status(user: Claims & { sub: string }): Promise<Response> {
    const [row] = await asService((tx) => tx<StatusRow[]>`select * from private.auth_totp_status(${user.sub})`);
    return json({
      enrolled: row.enrolled,
      enabled: row.enabled,
      enabled_at: row.enabled_at?.toISOString() ?? null,
      backup_codes_left: row.backup_codes_left,
      locked_until: row.locked_until?.toISOString() ?? null,
    } satisfies MfaStatusResponse);
  }

  async function enroll(req: Request, user: Claims & { sub: string }): Promise<Response> {
    await parseJsonBody(req, mfaEnrollRequestSchema);
    const secret = new Secret({ buffer: crypto.getRandomValues(new Uint8Array(20)).buffer });
    await asService((tx) => tx`select private.auth_totp_enroll(${user.sub}, ${secret.base32})`);
    const uri = totpFor(secret.base32, String(user.email ?? user.sub), issuer).toString();
    const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return json({ secret: secret.base32, otpauth_uri: uri, qr_svg: svg } satisfies MfaEnrollResponse);
  }

  async function verify(req: Request, user: Claims & { sub: string }): Promise<Response> {
    const { code } = await parseJsonBody(req, mfaVerifyRequestSchema);
    const now = clock();
    const backupCodes = generateBackupCodes();
    const result = await asService((tx) => checkCode(tx, user, code, now, { enable: true, allowBackupCode: false, backupCodes }));
    if (!result.ok) return result.response;
    return json({ enabled: true, backup_codes: backupCodes, ...(await aal2Token(user, 'totp', now)) } satisfies MfaVerifyResponse);
  }

  async function challenge(req: Request, user: Claims & { sub: string }): Promise<Response> {
    const { code } = await parseJsonBody(req, mfaChallengeRequestSchema);
    const now = clock();
    const result = await asService((tx) => checkCode(tx, user, code, now, { enable: false, allowBackupCode: true }));
    if (!result.ok) return result.response;
    return json({
      method: result.method,
      backup_codes_left: result.backupCodesLeft,
      ...(await aal2Token(user, result.method, now)),
    } satisfies MfaChallengeResponse);
  }

  async function disable(req: Request, user: Claims & { sub: string }): Promise<Response> {
    const { code } = await parseJsonBody(req, mfaDisableRequestSchema);
    const now = clock();
    return await asService(async (tx) => {
      const result = await checkCode(tx, user, code, now, { enable: false, allowBackupCode: false });
      if (!result.ok) return result.response;
      await tx`select private.auth_totp_remove(${user.sub})`;
      return json({ enabled: false } satisfies MfaDisableResponse);
    });
  }

  async function regenerateBackupCodes(req: Request, user: Claims & { sub: string }): Promise<Response> {
    const { code } = await parseJsonBody(req, mfaBackupCodesRequestSchema);
    const now = clock();
    const backupCodes = generateBackupCodes();
    return await asService(async (tx) => {
      const result = await checkCode(tx, user, code, now, { enable: false, allowBackupCode: false });
      if (!result.ok) return result.response;
      await tx`select private.auth_totp_replace_backup_codes(${user.sub}, ${backupCodes}::text[], ${now})`;
      return json({ backup_codes: backupCodes } satisfies MfaBackupCodesResponse);
    });
  }

  const posts: Record<string, (req: Request, user: Claims & { sub: string }) => Promise<Response>> = {
    enroll,
    verify,
    challenge,
    disable,
    'backup-codes': regenerateBackupCodes,
  };

  return async (req) => {
    const early = preflight(req);
    if (early) return early;
    const action = new URL(req.url).pathname.split('/').filter(Boolean).at(-1) ?? '';
    const isStatus = action === 'status';
    if (!isStatus && !posts[action]) {
      return errorResponse(404, 'not_found', 'Use /mfa/status, enroll, verify, challenge, disable or backup-codes');
    }
    if (req.method !== (isStatus ? 'GET' : 'POST')) {
      return errorResponse(405, 'method_not_allowed', `Use ${isStatus ? 'GET' : 'POST'}`);
    }
    try {
      const user = await requireUser(readClaims, req);
      return isStatus ? await status(user) : await posts[action](req, user);
    } catch (error) {
      if ((error as { code?: string }).code === 'P0002') {
        return errorResponse(404, 'not_enrolled', 'No two-factor factor is enrolled: call enroll first');
      }
      return errorToResponse(error, sqlStateOverrides);
    }
  };
}
