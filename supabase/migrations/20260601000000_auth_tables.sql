-- Email one-time codes and TOTP second factor for every product (the otp and mfa edge functions).
-- Identity is Supabase Auth's: the code and factor tables that ADLY created are re-pointed from
-- adly.users to auth.users, so a user of any product can verify an email, reset a password, sign
-- in with a code or enable two-factor authentication. Everything here lives in `private`, where no
-- API role has a grant: codes, hashes and secrets are reached only through the service-role
-- functions of the next migrations.

-- ============================================================================================
-- tables
-- ============================================================================================

-- The pepper of every code hash (HMAC-SHA256). Without it a leaked hash of a 6-digit code or of a
-- backup code cannot be brute-forced offline.
create table private.auth_hash_keys (
  id smallint not null default 1,
  key bytea not null,
  created_at timestamptz not null default now(),
  constraint auth_hash_keys_pkey primary key (id),
  constraint auth_hash_keys_single_row check (id = 1),
  constraint auth_hash_keys_key_length check (octet_length(key) >= 32)
);
comment on table private.auth_hash_keys is
  'HMAC key (pepper) for OTP codes, backup codes, reset tokens and rate-limit keys. Readable by no API role.';

insert into private.auth_hash_keys (id, key) values (1, extensions.gen_random_bytes(32));

-- One-time codes: any auth user, not only ADLY users.
alter table private.adly_otp_tokens drop constraint adly_otp_tokens_user_id_fkey;
alter table private.adly_otp_tokens
  add constraint adly_otp_tokens_user_id_fkey foreign key (user_id) references auth.users (id) on delete cascade;
comment on table private.adly_otp_tokens is
  'Email one-time codes of the otp edge function: HMAC-SHA256 of the code only, 10 minutes, single use, 5 attempts.';
comment on column private.adly_otp_tokens.token_hash is
  'hex HMAC-SHA256 (private.auth_hash_keys) of "<id>:<code>"; the code itself is never stored.';

-- TOTP factor: any auth user; replay guard, failure counter and lock.
alter table private.adly_user_2fa drop constraint adly_user_2fa_user_id_fkey;
alter table private.adly_user_2fa
  add constraint adly_user_2fa_user_id_fkey foreign key (user_id) references auth.users (id) on delete cascade,
  add column last_used_step bigint,
  add column failed_attempts integer not null default 0,
  add column locked_until timestamptz,
  add column backup_codes_generated_at timestamptz,
  add constraint adly_user_2fa_failed_attempts_nonnegative check (failed_attempts >= 0),
  add constraint adly_user_2fa_last_used_step_positive check (last_used_step is null or last_used_step > 0);
comment on table private.adly_user_2fa is
  'TOTP factor of a user (mfa edge function): secret encrypted with the ADLY key, backup codes as HMAC-SHA256 hex.';
comment on column private.adly_user_2fa.last_used_step is
  'The latest accepted 30-second TOTP step: a code of this step or an earlier one is never accepted again.';
comment on column private.adly_user_2fa.locked_until is
  'Set for 15 minutes after 5 failed codes in a row; no code is checked before it passes.';
comment on column private.adly_user_2fa.backup_code_hashes is
  'HMAC-SHA256 hex of the unused backup codes; a code is removed when used.';

-- Sliding-window rate limits: one row per counted request.
create table private.auth_rate_events (
  id bigint generated always as identity,
  bucket text not null,
  key_hash text not null,
  created_at timestamptz not null,
  constraint auth_rate_events_pkey primary key (id),
  constraint auth_rate_events_bucket_check check (bucket in ('otp_request_email', 'otp_request_ip', 'otp_verify_ip')),
  constraint auth_rate_events_key_hash_format check (key_hash ~ '^[0-9a-f]{64}$')
);
comment on table private.auth_rate_events is
  'Counted OTP requests and verifications per email or client IP (keys stored as HMAC, never in clear).';

-- Every message the functions send, with the provider's answer. Only the local outbox provider
-- keeps the body (so a developer can read the code); the HTTP provider records no body.
create table private.auth_mail_outbox (
  id uuid not null default extensions.gen_random_uuid(),
  to_email text not null,
  subject text not null,
  template text not null,
  provider text not null,
  body_text text,
  status text not null,
  provider_message_id text,
  error text,
  created_at timestamptz not null default now(),
  constraint auth_mail_outbox_pkey primary key (id),
  constraint auth_mail_outbox_provider_check check (provider in ('outbox', 'http')),
  constraint auth_mail_outbox_status_check check (status in ('sent', 'failed')),
  constraint auth_mail_outbox_body_only_local check (provider = 'outbox' or body_text is null)
);
comment on table private.auth_mail_outbox is
  'Record of every email sent by the otp function; the body only for the local outbox provider.';

-- Reset tokens handed out after a good reset code, exchanged once for a new password.
create table private.auth_password_resets (
  id uuid not null default extensions.gen_random_uuid(),
  user_id uuid not null,
  token_hash text not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null,
  constraint auth_password_resets_pkey primary key (id),
  constraint auth_password_resets_user_id_fkey foreign key (user_id) references auth.users (id) on delete cascade,
  constraint auth_password_resets_token_hash_key unique (token_hash),
  constraint auth_password_resets_token_hash_format check (token_hash ~ '^[0-9a-f]{64}$'),
  constraint auth_password_resets_expiry_after_creation check (expires_at > created_at)
);
comment on table private.auth_password_resets is
  'Single-use password reset tokens (HMAC-SHA256 only), valid 15 minutes.';

-- Login proofs that were exchanged, so each proof is exchanged at most once.
create table private.auth_login_proofs (
  jti uuid not null,
  user_id uuid not null,
  expires_at timestamptz not null,
  used_at timestamptz not null,
  constraint auth_login_proofs_pkey primary key (jti),
  constraint auth_login_proofs_user_id_fkey foreign key (user_id) references auth.users (id) on delete cascade
);
comment on table private.auth_login_proofs is 'Identifiers of OTP login proofs already exchanged for a session.';

-- ============================================================================================
-- indexes
-- ============================================================================================

create index auth_rate_events_bucket_key_created_idx on private.auth_rate_events (bucket, key_hash, created_at);
create index auth_rate_events_created_at_idx on private.auth_rate_events (created_at);
create index auth_mail_outbox_to_email_created_idx on private.auth_mail_outbox (to_email, created_at);
create index auth_password_resets_user_id_idx on private.auth_password_resets (user_id);
create index auth_login_proofs_user_id_idx on private.auth_login_proofs (user_id);
create index auth_login_proofs_expires_at_idx on private.auth_login_proofs (expires_at);

-- ============================================================================================
-- policies
-- ============================================================================================

-- Row level security without policies: even if a grant slipped in, no API role would see a row.
-- The definer functions below run as the table owner and are not subject to it.
alter table private.auth_hash_keys enable row level security;
alter table private.auth_rate_events enable row level security;
alter table private.auth_mail_outbox enable row level security;
alter table private.auth_password_resets enable row level security;
alter table private.auth_login_proofs enable row level security;

-- ============================================================================================
-- grants
-- ============================================================================================

-- No API role touches these tables directly; the service role goes through the functions.
revoke all on private.auth_hash_keys, private.auth_rate_events, private.auth_mail_outbox,
  private.auth_password_resets, private.auth_login_proofs
  from public, anon, authenticated, service_role;
