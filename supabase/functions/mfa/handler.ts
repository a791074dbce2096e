// /functions/v1/mfa/<action>: TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s, ±1 step) for
// the signed-in caller (verify_jwt is on; anon keys are refused here).
//   GET  status                   → { enrolled, enabled, enabled_at, backup_codes_left, locked_until, session_verified }
//   POST enroll       {}          → { secret, otpauth_uri, qr_svg }      (2FA stays off)
//   POST verify       { code }    → { enabled, backup_codes }
//   POST challenge    { code }    → { method, backup_codes_left }
//   POST disable      { code }    → { enabled: false }
//   POST backup-codes { code }    → { backup_codes }
// A correct code in verify or challenge records the caller's Auth session (the JWT's session_id,
// which refreshes keep) as having passed the second factor; row level security and the ADLY RPCs
// then admit that session (private.second_factor_satisfied()). No token is issued: the caller
// keeps using the session Supabase Auth gave it. disable and backup-codes need such a session and
// a current code.
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { type Claims, type ClaimsReader, requireUser } from '../_shared/auth.ts';
import { asServiceRole, type Sql, type Transaction } from '../_shared/database.ts';
import { errorToResponse, HttpError } from '../_shared/errors.ts';
import { errorResponse, json, preflight } from '../_shared/http.ts';
import { parseJsonBody } from '../_shared/validation.ts';
import {
  mfaBackupCodesRequestSchema,
  type MfaBackupCodesResponse,
  mfaChallengeRequestSchema,
  type MfaChallengeResponse,
  mfaDisableRequestSchema,
  type MfaDisableResponse,
  mfaEnrollRequestSchema,
  type MfaEnrollResponse,
  type MfaStatusResponse,
  mfaVerifyRequestSchema,
  type MfaVerifyResponse,
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
  clock?: () => Date;
  issuer?: string;
  policy?: Partial<MfaPolicy>;
}

/** The largest body: a code of 32 characters at most, in a small object. */
const maxBodyBytes = 1024;

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
  session_verified: boolean;
}

type User = Claims & { sub: string };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The caller's Auth session: the session_id claim, or null (a token Supabase Auth did not issue for a sign-in). */
function sessionOf(user: User): string | null {
  return typeof user.session_id === 'string' && uuidPattern.test(user.session_id) ? user.session_id : null;
}

/** The caller's Auth session, or a 401: without one there is nothing to bind the second factor to. */
function requireSession(user: User): string {
  const session = sessionOf(user);
  if (!session) {
    throw new HttpError(
      401,
      'no_session',
      'This token names no Supabase Auth session (session_id claim): sign in again',
    );
  }
  return session;
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
    user: User,
    code: string,
    now: Date,
    mode: { enable: boolean; allowBackupCode: boolean; backupCodes?: string[]; verifiedSession?: string },
  ): Promise<CheckResult> {
    const [state] = await tx<FactorState[]>`select * from private.auth_totp_state(${user.sub})`;
    if (mode.enable && state.is_enabled) {
      throw new HttpError(409, 'already_enabled', 'Two-factor authentication is already enabled');
    }
    if (!mode.enable && !state.is_enabled) {
      throw new HttpError(409, 'not_enabled', 'Two-factor authentication is not enabled');
    }
    if (mode.verifiedSession) {
      // Checked before the code, so that a refused request uses up no code and counts no failure.
      const [{ passed }] = await tx<{ passed: boolean }[]>`
        select private.auth_session_passed_second_factor(${user.sub}, ${mode.verifiedSession}) as passed`;
      if (!passed) {
        throw new HttpError(
          403,
          'second_factor_required',
          'Pass the second factor in this session first (POST /mfa/challenge)',
        );
      }
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
          return {
            ok: true,
            method: 'totp',
            backupCodesLeft: mode.enable ? BACKUP_CODE_COUNT : state.backup_codes_left,
          };
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

  async function status(user: User): Promise<Response> {
    const [row] = await asService((tx) =>
      tx<StatusRow[]>`
      select s.*, private.auth_session_passed_second_factor(${user.sub}, ${sessionOf(user)}) as session_verified
      from private.auth_totp_status(${user.sub}) s`
    );
    return json(
      {
        enrolled: row.enrolled,
        enabled: row.enabled,
        enabled_at: row.enabled_at?.toISOString() ?? null,
        backup_codes_left: row.backup_codes_left,
        locked_until: row.locked_until?.toISOString() ?? null,
        session_verified: row.session_verified,
      } satisfies MfaStatusResponse,
    );
  }

  /** Records, in the transaction that accepted the code, that the caller's session passed the factor. */
  async function recordSession(tx: Transaction, user: User, session: string, method: string, now: Date): Promise<void> {
    await tx`select private.auth_record_second_factor_session(${user.sub}, ${session}, ${method}, ${now})`;
  }

  async function enroll(req: Request, user: User): Promise<Response> {
    await parseJsonBody(req, mfaEnrollRequestSchema, maxBodyBytes);
    const secret = new Secret({ buffer: crypto.getRandomValues(new Uint8Array(20)).buffer });
    await asService((tx) => tx`select private.auth_totp_enroll(${user.sub}, ${secret.base32})`);
    const uri = totpFor(secret.base32, String(user.email ?? user.sub), issuer).toString();
    const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return json({ secret: secret.base32, otpauth_uri: uri, qr_svg: svg } satisfies MfaEnrollResponse);
  }

  async function verify(req: Request, user: User): Promise<Response> {
    const { code } = await parseJsonBody(req, mfaVerifyRequestSchema, maxBodyBytes);
    const session = requireSession(user);
    const now = clock();
    const backupCodes = generateBackupCodes();
    return await asService(async (tx) => {
      const result = await checkCode(tx, user, code, now, { enable: true, allowBackupCode: false, backupCodes });
      if (!result.ok) return result.response;
      // The session that turned 2FA on has just shown the factor.
      await recordSession(tx, user, session, result.method, now);
      return json({ enabled: true, backup_codes: backupCodes } satisfies MfaVerifyResponse);
    });
  }

  async function challenge(req: Request, user: User): Promise<Response> {
    const { code } = await parseJsonBody(req, mfaChallengeRequestSchema, maxBodyBytes);
    const session = requireSession(user);
    const now = clock();
    return await asService(async (tx) => {
      const result = await checkCode(tx, user, code, now, { enable: false, allowBackupCode: true });
      if (!result.ok) return result.response;
      await recordSession(tx, user, session, result.method, now);
      return json({ method: result.method, backup_codes_left: result.backupCodesLeft } satisfies MfaChallengeResponse);
    });
  }

  // Turning the factor off, or replacing the backup codes, needs a session that passed the factor
  // and a current code: one phished code alone cannot remove the factor for good.
  async function disable(req: Request, user: User): Promise<Response> {
    const { code } = await parseJsonBody(req, mfaDisableRequestSchema, maxBodyBytes);
    const session = requireSession(user);
    const now = clock();
    return await asService(async (tx) => {
      const result = await checkCode(tx, user, code, now, {
        enable: false,
        allowBackupCode: false,
        verifiedSession: session,
      });
      if (!result.ok) return result.response;
      // Deleting the factor also ends every session's second factor (trigger on the factor table).
      await tx`select private.auth_totp_remove(${user.sub})`;
      return json({ enabled: false } satisfies MfaDisableResponse);
    });
  }

  async function regenerateBackupCodes(req: Request, user: User): Promise<Response> {
    const { code } = await parseJsonBody(req, mfaBackupCodesRequestSchema, maxBodyBytes);
    const session = requireSession(user);
    const now = clock();
    const backupCodes = generateBackupCodes();
    return await asService(async (tx) => {
      const result = await checkCode(tx, user, code, now, {
        enable: false,
        allowBackupCode: false,
        verifiedSession: session,
      });
      if (!result.ok) return result.response;
      await tx`select private.auth_totp_replace_backup_codes(${user.sub}, ${backupCodes}::text[], ${now})`;
      return json({ backup_codes: backupCodes } satisfies MfaBackupCodesResponse);
    });
  }

  const posts: Record<string, (req: Request, user: User) => Promise<Response>> = {
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
