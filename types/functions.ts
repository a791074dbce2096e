// The edge functions' request and response schemas (zod) and their types, for frontends. Each
// schema is defined once, in supabase/functions/<name>/schemas.ts, and the handlers type every
// body they send with these types. Request types are what the client sends (z.input); response
// types are what it receives. `xSchema.parse(await res.json())` checks an answer at runtime.
// Every path below is under <project url>/functions/v1/.

// Every function: the error answer of any 4xx or 5xx.
export { errorResponseSchema } from '../supabase/functions/_shared/schemas.ts';
export type { ErrorResponse } from '../supabase/functions/_shared/schemas.ts';

// health: GET health, no JWT.
export {
  healthOkResponseSchema,
  healthResponseSchema,
  healthUnavailableResponseSchema,
} from '../supabase/functions/health/schemas.ts';
export type {
  HealthOkResponse,
  HealthResponse,
  HealthUnavailableResponse,
} from '../supabase/functions/health/schemas.ts';

// checkout: POST checkout, user JWT (verify_jwt on; the anon key is refused).
export {
  checkoutFreeResponseSchema,
  checkoutRequestSchema,
  checkoutResponseSchema,
  checkoutSessionResponseSchema,
} from '../supabase/functions/checkout/schemas.ts';
export type {
  CheckoutFreeResponse,
  CheckoutRequest,
  CheckoutResponse,
  CheckoutSessionResponse,
} from '../supabase/functions/checkout/schemas.ts';

// otp: POST otp/request, otp/verify, otp/reset-password, otp/exchange; no JWT (a user JWT when request or verify has no email).
export {
  otpExchangeRequestSchema,
  otpExchangeResponseSchema,
  otpExchangeSessionResponseSchema,
  otpExchangeTokenHashResponseSchema,
  otpRequestRequestSchema,
  otpRequestResponseSchema,
  otpResetPasswordRequestSchema,
  otpResetPasswordResponseSchema,
  otpVerifyLoginResponseSchema,
  otpVerifyRequestSchema,
  otpVerifyResetResponseSchema,
  otpVerifyResponseSchema,
  otpVerifyVerificationResponseSchema,
} from '../supabase/functions/otp/schemas.ts';
export type {
  OtpExchangeRequest,
  OtpExchangeResponse,
  OtpRequestRequest,
  OtpRequestResponse,
  OtpResetPasswordRequest,
  OtpResetPasswordResponse,
  OtpVerifyLoginResponse,
  OtpVerifyRequest,
  OtpVerifyResetResponse,
  OtpVerifyResponse,
  OtpVerifyVerificationResponse,
} from '../supabase/functions/otp/schemas.ts';

// mfa: GET mfa/status, POST mfa/enroll, verify, challenge, disable, backup-codes; user JWT (verify_jwt on).
export {
  mfaBackupCodesRequestSchema,
  mfaBackupCodesResponseSchema,
  mfaChallengeRequestSchema,
  mfaChallengeResponseSchema,
  mfaCodeRequestSchema,
  mfaDisableRequestSchema,
  mfaDisableResponseSchema,
  mfaEnrollRequestSchema,
  mfaEnrollResponseSchema,
  mfaStatusResponseSchema,
  mfaVerifyRequestSchema,
  mfaVerifyResponseSchema,
} from '../supabase/functions/mfa/schemas.ts';
export type {
  MfaBackupCodesRequest,
  MfaBackupCodesResponse,
  MfaChallengeRequest,
  MfaChallengeResponse,
  MfaDisableRequest,
  MfaDisableResponse,
  MfaEnrollRequest,
  MfaEnrollResponse,
  MfaStatusResponse,
  MfaVerifyRequest,
  MfaVerifyResponse,
} from '../supabase/functions/mfa/schemas.ts';

// adly-invitations: POST adly-invitations/invite, adly-invitations/accept, adly-invitations/decline; user JWT (verify_jwt on).
export {
  adlyAcceptResponseSchema,
  adlyAnswerRequestSchema,
  adlyDeclineResponseSchema,
  adlyInviteRequestSchema,
  adlyInviteResponseSchema,
} from '../supabase/functions/adly-invitations/schemas.ts';
export type {
  AdlyAcceptResponse,
  AdlyAnswerRequest,
  AdlyDeclineResponse,
  AdlyInviteRequest,
  AdlyInviteResponse,
} from '../supabase/functions/adly-invitations/schemas.ts';

// stripe-webhook: POST stripe-webhook, no JWT (Stripe-Signature); called by Stripe, its answer only.
export { stripeWebhookResponseSchema } from '../supabase/functions/stripe-webhook/schemas.ts';
export type { StripeWebhookResponse } from '../supabase/functions/stripe-webhook/schemas.ts';

// stripe-reconcile: POST stripe-reconcile, no JWT (the jobs secret as bearer token); called by the scheduler and operators.
export {
  stripeReconcileRequestSchema,
  stripeReconcileResponseSchema,
} from '../supabase/functions/stripe-reconcile/schemas.ts';
export type {
  StripeReconcileRequest,
  StripeReconcileResponse,
} from '../supabase/functions/stripe-reconcile/schemas.ts';

// storage-cleanup: POST storage-cleanup, no JWT (the jobs secret as bearer token); called by the scheduler and operators.
export {
  storageCleanupRequestSchema,
  storageCleanupResponseSchema,
} from '../supabase/functions/storage-cleanup/schemas.ts';
export type { StorageCleanupRequest, StorageCleanupResponse } from '../supabase/functions/storage-cleanup/schemas.ts';

// store-webhook: POST store-webhook/<connection id>[/<event>], no JWT (the platform's signature); called by stores, its answers only.
export {
  storeWebhookDuplicateResponseSchema,
  storeWebhookHandshakeResponseSchema,
  storeWebhookIgnoredResponseSchema,
  storeWebhookProcessedResponseSchema,
  storeWebhookRejectedResponseSchema,
  storeWebhookResponseSchema,
} from '../supabase/functions/store-webhook/schemas.ts';
export type {
  StoreWebhookDuplicateResponse,
  StoreWebhookHandshakeResponse,
  StoreWebhookIgnoredResponse,
  StoreWebhookProcessedResponse,
  StoreWebhookRejectedResponse,
  StoreWebhookResponse,
} from '../supabase/functions/store-webhook/schemas.ts';
