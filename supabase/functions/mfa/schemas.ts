// /functions/v1/mfa/<action> (user JWT; anon keys are refused): the caller's TOTP second factor.
// A correct code in verify or challenge marks the caller's Supabase Auth session as having passed
// the second factor; no answer carries a token.
import { z } from 'zod';

/** The body of verify, challenge, disable and backup-codes: a 6-digit TOTP code (challenge also takes a backup code). */
export const mfaCodeRequestSchema = z.object({ code: z.string().trim().min(6).max(32) }).strict();

/** GET mfa/status (no body). */
export const mfaStatusResponseSchema = z.object({
  enrolled: z.boolean(),
  enabled: z.boolean(),
  enabled_at: z.iso.datetime({ offset: true }).nullable(),
  backup_codes_left: z.number().int(),
  /** Set while too many wrong codes keep the factor locked. */
  locked_until: z.iso.datetime({ offset: true }).nullable(),
  /** Whether the caller's session passed this factor (verify or challenge); false asks for a challenge when enabled. */
  session_verified: z.boolean(),
});

/** POST mfa/enroll: an empty JSON object. */
export const mfaEnrollRequestSchema = z.object({}).strict();

/** 200: a new secret to scan; two-factor stays off until verify. */
export const mfaEnrollResponseSchema = z.object({
  /** Base32. */
  secret: z.string(),
  otpauth_uri: z.string(),
  qr_svg: z.string(),
});

/** POST mfa/verify: the first code from the authenticator app turns two-factor on. */
export const mfaVerifyRequestSchema = mfaCodeRequestSchema;

/** 200: enabled, with 10 backup codes shown once; the caller's session has passed the factor. */
export const mfaVerifyResponseSchema = z.object({
  enabled: z.literal(true),
  backup_codes: z.array(z.string()),
});

/** POST mfa/challenge: a TOTP or backup code after signing in. */
export const mfaChallengeRequestSchema = mfaCodeRequestSchema;

/** 200: the caller's session has passed the factor, and keeps it across token refreshes until it ends. */
export const mfaChallengeResponseSchema = z.object({
  method: z.enum(['totp', 'backup_code']),
  backup_codes_left: z.number().int(),
});

/** POST mfa/disable: a current TOTP code, from a session that passed the factor, turns two-factor off. */
export const mfaDisableRequestSchema = mfaCodeRequestSchema;

/** 200: off, factor removed. */
export const mfaDisableResponseSchema = z.object({ enabled: z.literal(false) });

/** POST mfa/backup-codes: a current TOTP code, from a session that passed the factor, replaces the backup codes. */
export const mfaBackupCodesRequestSchema = mfaCodeRequestSchema;

/** 200: the new backup codes, shown once. */
export const mfaBackupCodesResponseSchema = z.object({ backup_codes: z.array(z.string()) });

export type MfaStatusResponse = z.infer<typeof mfaStatusResponseSchema>;
/** What the client sends. */
export type MfaEnrollRequest = z.input<typeof mfaEnrollRequestSchema>;
export type MfaEnrollResponse = z.infer<typeof mfaEnrollResponseSchema>;
export type MfaVerifyRequest = z.input<typeof mfaVerifyRequestSchema>;
export type MfaVerifyResponse = z.infer<typeof mfaVerifyResponseSchema>;
export type MfaChallengeRequest = z.input<typeof mfaChallengeRequestSchema>;
export type MfaChallengeResponse = z.infer<typeof mfaChallengeResponseSchema>;
export type MfaDisableRequest = z.input<typeof mfaDisableRequestSchema>;
export type MfaDisableResponse = z.infer<typeof mfaDisableResponseSchema>;
export type MfaBackupCodesRequest = z.input<typeof mfaBackupCodesRequestSchema>;
export type MfaBackupCodesResponse = z.infer<typeof mfaBackupCodesResponseSchema>;
