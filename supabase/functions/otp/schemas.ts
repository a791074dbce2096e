// POST /functions/v1/otp/<action> (no JWT required; without `email`, request and verify act for
// the signed-in caller's bearer user JWT): email one-time codes for verification, login and
// password reset.
import { z } from 'zod';

const purpose = z.enum(['verification', 'login', 'reset']);
const email = z.string().trim().toLowerCase().max(320).pipe(z.email());

/** POST otp/request: sends a code. */
export const otpRequestRequestSchema = z.object({ purpose, email: email.optional() }).strict();

/** 202: the same answer whether or not an account exists for the email. */
export const otpRequestResponseSchema = z.object({
  status: z.literal('sent'),
  message: z.string(),
  /** Seconds the code stays valid. */
  expires_in: z.number().int(),
});

/** POST otp/verify: checks a code. */
export const otpVerifyRequestSchema = z.object({
  purpose,
  email: email.optional(),
  code: z.string().trim().regex(/^[0-9]{6}$/, 'must be 6 digits'),
}).strict();

/** 200 for purpose verification: the email is confirmed. */
export const otpVerifyVerificationResponseSchema = z.object({
  verified: z.literal(true),
  email: z.string(),
});

/** 200 for purpose reset: a single-use token for otp/reset-password. */
export const otpVerifyResetResponseSchema = z.object({
  reset_token: z.string(),
  expires_at: z.iso.datetime(),
});

/** 200 for purpose login: a short-lived proof for otp/exchange; mfa_required asks for mfa/challenge after. */
export const otpVerifyLoginResponseSchema = z.object({
  proof: z.string(),
  expires_at: z.iso.datetime(),
  mfa_required: z.boolean(),
});

/** One of the three, by the purpose sent. */
export const otpVerifyResponseSchema = z.union([
  otpVerifyVerificationResponseSchema,
  otpVerifyResetResponseSchema,
  otpVerifyLoginResponseSchema,
]);

/** POST otp/reset-password: sets a new password with the token from verify. */
export const otpResetPasswordRequestSchema = z.object({
  reset_token: z.string().min(32).max(200),
  password: z.string().min(8, 'must have at least 8 characters')
    .refine((p) => new TextEncoder().encode(p).length <= 72, 'must have at most 72 bytes'),
}).strict();

/** 200: the password is changed. */
export const otpResetPasswordResponseSchema = z.object({ password_updated: z.literal(true) });

/** POST otp/exchange: turns a login proof (once) into a session grant. */
export const otpExchangeRequestSchema = z.object({ proof: z.string().min(1).max(4000) }).strict();

/** 200 on a hosted project: pass to supabase.auth.verifyOtp({ token_hash, type: 'magiclink' }). */
export const otpExchangeTokenHashResponseSchema = z.object({
  type: z.literal('token_hash'),
  token_hash: z.string(),
  verification_type: z.literal('magiclink'),
});

/** 200 on the local stack: an access token as Supabase Auth would issue it (no refresh token). */
export const otpExchangeSessionResponseSchema = z.object({
  type: z.literal('session'),
  access_token: z.string(),
  token_type: z.literal('bearer'),
  expires_in: z.number().int(),
  /** Unix seconds. */
  expires_at: z.number().int(),
  user: z.object({ id: z.uuid(), email: z.string() }),
});

export const otpExchangeResponseSchema = z.discriminatedUnion('type', [
  otpExchangeTokenHashResponseSchema,
  otpExchangeSessionResponseSchema,
]);

/** What the client sends. */
export type OtpRequestRequest = z.input<typeof otpRequestRequestSchema>;
export type OtpRequestResponse = z.infer<typeof otpRequestResponseSchema>;
export type OtpVerifyRequest = z.input<typeof otpVerifyRequestSchema>;
export type OtpVerifyVerificationResponse = z.infer<typeof otpVerifyVerificationResponseSchema>;
export type OtpVerifyResetResponse = z.infer<typeof otpVerifyResetResponseSchema>;
export type OtpVerifyLoginResponse = z.infer<typeof otpVerifyLoginResponseSchema>;
export type OtpVerifyResponse = z.infer<typeof otpVerifyResponseSchema>;
export type OtpResetPasswordRequest = z.input<typeof otpResetPasswordRequestSchema>;
export type OtpResetPasswordResponse = z.infer<typeof otpResetPasswordResponseSchema>;
export type OtpExchangeRequest = z.input<typeof otpExchangeRequestSchema>;
export type OtpExchangeResponse = z.infer<typeof otpExchangeResponseSchema>;
