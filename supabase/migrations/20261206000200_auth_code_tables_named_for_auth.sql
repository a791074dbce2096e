-- Auth: the email one-time code and TOTP factor tables take names that say what they hold.
-- ADLY created them (20260501000300_adly_secrets) as private.adly_otp_tokens and
-- private.adly_user_2fa; 20260601000000_auth_tables re-pointed them from adly.users to auth.users,
-- and since then they have served every product (the otp and mfa edge functions, the auth_*
-- functions). Renamed here, with their constraints and indexes:
--   private.adly_otp_tokens -> private.auth_email_codes   (a user's one-time email codes)
--   private.adly_user_2fa   -> private.auth_totp_factors  (a user's TOTP factor and backup codes)
-- Earlier migrations keep the old names: they are what was applied. A rename keeps the rows, the
-- table and column grants, row level security, the triggers and the comments (the factor table's
-- is restated to say it serves every product). Function bodies name a table as text resolved when
-- they run, so every function that reads or writes these tables is defined again below, unchanged
-- but for the table name and a few lines wrapped to 120 columns; create or replace keeps its grants
-- and comment. No view, policy or scheduled job names either table.

-- ============================================================================================
-- tables
-- ============================================================================================

-- No client names these tables: private is not exposed, and the edge functions reach them only
-- through the functions redefined in this same transaction.
-- squawk-ignore renaming-table
alter table private.adly_otp_tokens rename to auth_email_codes;
alter table private.auth_email_codes rename constraint adly_otp_tokens_pkey to auth_email_codes_pkey;
alter table private.auth_email_codes rename constraint adly_otp_tokens_user_id_fkey to auth_email_codes_user_id_fkey;
alter table private.auth_email_codes rename constraint adly_otp_tokens_purpose_check to auth_email_codes_purpose_check;
alter table private.auth_email_codes
  rename constraint adly_otp_tokens_token_hash_format to auth_email_codes_token_hash_format;
alter table private.auth_email_codes
  rename constraint adly_otp_tokens_attempts_nonnegative to auth_email_codes_attempts_nonnegative;
alter table private.auth_email_codes
  rename constraint adly_otp_tokens_expiry_after_creation to auth_email_codes_expiry_after_creation;

-- squawk-ignore renaming-table
alter table private.adly_user_2fa rename to auth_totp_factors;
alter table private.auth_totp_factors rename constraint adly_user_2fa_pkey to auth_totp_factors_pkey;
alter table private.auth_totp_factors rename constraint adly_user_2fa_user_id_key to auth_totp_factors_user_id_key;
alter table private.auth_totp_factors rename constraint adly_user_2fa_user_id_fkey to auth_totp_factors_user_id_fkey;
alter table private.auth_totp_factors rename constraint adly_user_2fa_key_id_fkey to auth_totp_factors_key_id_fkey;
alter table private.auth_totp_factors
  rename constraint adly_user_2fa_enabled_at_when_enabled to auth_totp_factors_enabled_at_when_enabled;
alter table private.auth_totp_factors
  rename constraint adly_user_2fa_failed_attempts_nonnegative to auth_totp_factors_failed_attempts_nonnegative;
alter table private.auth_totp_factors
  rename constraint adly_user_2fa_last_used_step_positive to auth_totp_factors_last_used_step_positive;

comment on table private.auth_totp_factors is
  'TOTP factor of a user of any product (mfa edge function): secret encrypted with a key of '
  'private.adly_encryption_keys, backup codes as HMAC-SHA256 hex.';

-- ============================================================================================
-- indexes
-- ============================================================================================

-- (the primary key and unique indexes were renamed with their constraints)
alter index private.adly_otp_tokens_user_purpose_idx rename to auth_email_codes_user_purpose_idx;
alter index private.adly_otp_tokens_expires_at_idx rename to auth_email_codes_expires_at_idx;
alter index private.adly_user_2fa_key_id_idx rename to auth_totp_factors_key_id_idx;

-- ============================================================================================
-- helpers and rpc: the functions that name the tables, each as its latest migration left it
-- ============================================================================================

-- as in 20260501000300_adly_secrets
create or replace function adly.set_user_2fa_secret(p_user_id uuid, p_secret text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_enc record;
begin
  perform private.adly_check_secret(p_secret, 'TOTP secret', true);
  select * into v_enc from private.adly_encrypt(p_secret);
  insert into private.auth_totp_factors (user_id, key_id, secret, is_enabled, enabled_at)
  values (p_user_id, v_enc.key_id, v_enc.ciphertext, false, null)
  on conflict (user_id) do update
    set key_id = excluded.key_id, secret = excluded.secret, is_enabled = false, enabled_at = null,
        backup_code_hashes = '{}';
end;
$$;

-- as in 20260501000300_adly_secrets
create or replace function adly.get_user_2fa_secret(p_user_id uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select private.adly_decrypt(t.key_id, t.secret) from private.auth_totp_factors t where t.user_id = p_user_id
$$;

-- as in 20260501000300_adly_secrets
create or replace function adly.rotate_encryption_key()
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_new_id bigint;
  v_new_key text := encode(extensions.gen_random_bytes(32), 'base64');
begin
  lock table private.adly_encryption_keys in exclusive mode;
  update private.adly_encryption_keys set is_current = false where is_current;
  insert into private.adly_encryption_keys (key, is_current) values (v_new_key, true) returning id into v_new_id;

  update private.adly_store_connection_secrets x
  set access_token =
        extensions.pgp_sym_encrypt(private.adly_decrypt(x.key_id, x.access_token), v_new_key, 'cipher-algo=aes256'),
      refresh_token = case when x.refresh_token is null then null else
        extensions.pgp_sym_encrypt(private.adly_decrypt(x.key_id, x.refresh_token), v_new_key, 'cipher-algo=aes256')
      end,
      webhook_secret = case when x.webhook_secret is null then null else
        extensions.pgp_sym_encrypt(private.adly_decrypt(x.key_id, x.webhook_secret), v_new_key, 'cipher-algo=aes256')
      end,
      key_id = v_new_id
  where x.key_id <> v_new_id;

  update private.adly_ad_account_secrets x
  set access_token =
        extensions.pgp_sym_encrypt(private.adly_decrypt(x.key_id, x.access_token), v_new_key, 'cipher-algo=aes256'),
      refresh_token = case when x.refresh_token is null then null else
        extensions.pgp_sym_encrypt(private.adly_decrypt(x.key_id, x.refresh_token), v_new_key, 'cipher-algo=aes256')
      end,
      key_id = v_new_id
  where x.key_id <> v_new_id;

  update private.auth_totp_factors x
  set secret = extensions.pgp_sym_encrypt(private.adly_decrypt(x.key_id, x.secret), v_new_key, 'cipher-algo=aes256'),
      key_id = v_new_id
  where x.key_id <> v_new_id;

  -- nothing refers to the old keys any more: destroy them
  delete from private.adly_encryption_keys k where k.id <> v_new_id;
  return v_new_id;
end;
$$;

-- as in 20260601000100_auth_otp_functions
create or replace function private.auth_otp_request(
  p_email text,
  p_user_id uuid,
  p_purpose text,
  p_code text,
  p_ip text,
  p_now timestamptz,
  p_ttl_seconds integer default 600,
  p_email_limit integer default 5,
  p_ip_limit integer default 30,
  p_window_seconds integer default 900
)
returns table (retry_after integer, user_id uuid, email text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_window interval := make_interval(secs => p_window_seconds);
  v_email text;
  v_user uuid;
  v_email_key text;
  v_ip_key text;
  v_retry integer;
  v_id uuid := extensions.gen_random_uuid();
begin
  if p_purpose is null or p_purpose not in ('verification', 'login', 'reset') then
    raise exception using errcode = '22023', message = 'purpose must be verification, login or reset';
  end if;
  if p_code is null or p_code !~ '^[0-9]{6}$' then
    raise exception using errcode = '22023', message = 'the code must be 6 digits';
  end if;
  if p_now is null or coalesce(p_ttl_seconds, 0) <= 0 or coalesce(p_email_limit, 0) <= 0
     or coalesce(p_ip_limit, 0) <= 0 or coalesce(p_window_seconds, 0) <= 0 then
    raise exception using errcode = '22023', message = 'time, validity, limits and window must be positive';
  end if;

  if p_user_id is not null then
    select u.id, u.email into v_user, v_email
    from auth.users u
    where u.id = p_user_id and u.deleted_at is null and u.email is not null;
    if v_user is null then
      raise exception using errcode = 'P0002', message = 'no account with an email for this user';
    end if;
  else
    v_email := lower(btrim(p_email));
    if v_email is null or v_email !~ '^[^@\s]+@[^@\s]+$' or char_length(v_email) > 320 then
      raise exception using errcode = '22023', message = 'a valid email is required';
    end if;
  end if;

  -- rate limits: per email and per client IP, checked and counted under the buckets' locks
  -- (always email before IP, so two requests never wait on each other in a cycle)
  v_email_key := private.auth_hmac('email:' || lower(v_email));
  v_ip_key := private.auth_hmac('ip:' || coalesce(p_ip, 'unknown'));
  perform private.auth_rate_lock('otp_request_email', v_email_key, v_window, p_now);
  perform private.auth_rate_lock('otp_request_ip', v_ip_key, v_window, p_now);
  v_retry := greatest(
    private.auth_rate_retry_after('otp_request_email', v_email_key, p_email_limit, v_window, p_now),
    private.auth_rate_retry_after('otp_request_ip', v_ip_key, p_ip_limit, v_window, p_now));
  if v_retry > 0 then
    return query select v_retry, null::uuid, null::text;
    return;
  end if;
  insert into private.auth_rate_events (bucket, key_hash, created_at)
  values ('otp_request_email', v_email_key, p_now), ('otp_request_ip', v_ip_key, p_now);

  if v_user is null then
    v_user := private.auth_find_user(v_email, p_now);
    if v_user is null then
      return query select 0, null::uuid, null::text;
      return;
    end if;
  end if;

  delete from private.auth_email_codes t
  where t.user_id = v_user and t.purpose = p_purpose
    and (t.used_at is null or t.created_at < p_now - interval '1 day');
  insert into private.auth_email_codes (id, user_id, token_hash, purpose, attempts, expires_at, created_at)
  values (v_id, v_user, private.auth_hmac(v_id::text || ':' || p_code), p_purpose, 0,
          p_now + make_interval(secs => p_ttl_seconds), p_now);
  return query select 0, v_user, v_email;
end;
$$;

-- as in 20260601000200_auth_totp_functions
create or replace function private.auth_require_factor(p_user_id uuid)
returns private.auth_totp_factors
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_factor private.auth_totp_factors;
begin
  select f.* into v_factor from private.auth_totp_factors f where f.user_id = p_user_id for update;
  if v_factor.id is null then
    raise exception using errcode = 'P0002', message = 'no TOTP factor is enrolled';
  end if;
  return v_factor;
end;
$$;

-- as in 20260601000200_auth_totp_functions
create or replace function private.auth_totp_enroll(p_user_id uuid, p_secret text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if p_secret is null or p_secret !~ '^[A-Z2-7]{32,}$' then
    raise exception using errcode = '22023', message = 'the secret must be base32 of at least 160 bits';
  end if;
  if not exists (select 1 from auth.users u where u.id = p_user_id and u.deleted_at is null) then
    raise exception using errcode = 'P0002', message = 'user not found';
  end if;
  perform 1 from private.auth_totp_factors f where f.user_id = p_user_id for update;
  if exists (select 1 from private.auth_totp_factors f where f.user_id = p_user_id and f.is_enabled) then
    raise exception using errcode = '55000', message = 'two-factor authentication is already enabled';
  end if;
  perform adly.set_user_2fa_secret(p_user_id, p_secret);
  update private.auth_totp_factors f
  set last_used_step = null, failed_attempts = 0, locked_until = null, backup_codes_generated_at = null
  where f.user_id = p_user_id;
end;
$$;

-- as in 20260601000200_auth_totp_functions
create or replace function private.auth_totp_state(p_user_id uuid)
returns table (
  secret text,
  is_enabled boolean,
  last_used_step bigint,
  failed_attempts integer,
  locked_until timestamptz,
  backup_codes_left integer
)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_factor private.auth_totp_factors := private.auth_require_factor(p_user_id);
begin
  return query
  select private.adly_decrypt(v_factor.key_id, v_factor.secret), v_factor.is_enabled, v_factor.last_used_step,
         v_factor.failed_attempts, v_factor.locked_until, coalesce(cardinality(v_factor.backup_code_hashes), 0);
end;
$$;

-- as in 20260601000200_auth_totp_functions
create or replace function private.auth_totp_accept_step(
  p_user_id uuid, p_step bigint, p_now timestamptz, p_enable boolean default false, p_backup_codes text[] default null
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_factor private.auth_totp_factors := private.auth_require_factor(p_user_id);
begin
  if p_step is null or p_step <= coalesce(v_factor.last_used_step, 0) then
    raise exception using errcode = '22023', message = 'this time step was already used';
  end if;
  if v_factor.locked_until > p_now then
    raise exception using errcode = '55000', message = 'the factor is locked';
  end if;
  if p_enable then
    if v_factor.is_enabled then
      raise exception using errcode = '55000', message = 'two-factor authentication is already enabled';
    end if;
    if p_backup_codes is null or cardinality(p_backup_codes) <> 10 then
      raise exception using errcode = '22023', message = 'enabling needs 10 backup codes';
    end if;
  elsif not v_factor.is_enabled then
    raise exception using errcode = '55000', message = 'two-factor authentication is not enabled';
  end if;
  update private.auth_totp_factors f
  set last_used_step = p_step,
      failed_attempts = 0,
      locked_until = null,
      is_enabled = f.is_enabled or p_enable,
      enabled_at = case when p_enable then p_now else f.enabled_at end,
      backup_code_hashes = case when p_enable
        then (select array_agg(private.auth_backup_code_hash(c)) from unnest(p_backup_codes) c)
        else f.backup_code_hashes end,
      backup_codes_generated_at = case when p_enable then p_now else f.backup_codes_generated_at end
  where f.user_id = p_user_id;
end;
$$;

-- as in 20260601000200_auth_totp_functions
create or replace function private.auth_totp_record_failure(
  p_user_id uuid, p_now timestamptz, p_max_failures integer default 5, p_lock_seconds integer default 900
)
returns timestamptz
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_factor private.auth_totp_factors := private.auth_require_factor(p_user_id);
  v_locked_until timestamptz;
begin
  if v_factor.failed_attempts + 1 >= p_max_failures then
    v_locked_until := p_now + make_interval(secs => p_lock_seconds);
    update private.auth_totp_factors f
    set failed_attempts = 0, locked_until = v_locked_until
    where f.user_id = p_user_id;
  else
    update private.auth_totp_factors f set failed_attempts = f.failed_attempts + 1 where f.user_id = p_user_id;
  end if;
  return v_locked_until;
end;
$$;

-- as in 20260601000200_auth_totp_functions
create or replace function private.auth_totp_use_backup_code(p_user_id uuid, p_code text, p_now timestamptz)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_factor private.auth_totp_factors := private.auth_require_factor(p_user_id);
  v_hash text := private.auth_backup_code_hash(p_code);
  v_match text;
  v_stored text;
begin
  if not v_factor.is_enabled then
    raise exception using errcode = '55000', message = 'two-factor authentication is not enabled';
  end if;
  if v_factor.locked_until > p_now then
    raise exception using errcode = '55000', message = 'the factor is locked';
  end if;
  foreach v_stored in array v_factor.backup_code_hashes loop
    if private.auth_constant_time_equals(v_hash, v_stored) then
      v_match := v_stored;
    end if;
  end loop;
  if v_match is null then
    return false;
  end if;
  update private.auth_totp_factors f
  set backup_code_hashes = array_remove(f.backup_code_hashes, v_match), failed_attempts = 0
  where f.user_id = p_user_id;
  return true;
end;
$$;

-- as in 20260601000200_auth_totp_functions
create or replace function private.auth_totp_replace_backup_codes(p_user_id uuid, p_codes text[], p_now timestamptz)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_factor private.auth_totp_factors := private.auth_require_factor(p_user_id);
begin
  if not v_factor.is_enabled then
    raise exception using errcode = '55000', message = 'two-factor authentication is not enabled';
  end if;
  if p_codes is null or cardinality(p_codes) <> 10 then
    raise exception using errcode = '22023', message = 'exactly 10 backup codes are needed';
  end if;
  update private.auth_totp_factors f
  set backup_code_hashes = (select array_agg(private.auth_backup_code_hash(c)) from unnest(p_codes) c),
      backup_codes_generated_at = p_now
  where f.user_id = p_user_id;
end;
$$;

-- as in 20260601000200_auth_totp_functions
create or replace function private.auth_totp_remove(p_user_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.auth_require_factor(p_user_id);
  delete from private.auth_totp_factors f where f.user_id = p_user_id;
end;
$$;

-- as in 20260601000200_auth_totp_functions
create or replace function private.auth_totp_status(p_user_id uuid)
returns table (
  enrolled boolean, enabled boolean, enabled_at timestamptz, backup_codes_left integer, locked_until timestamptz
)
language sql
stable
security definer
set search_path = ''
as $$
  select f.id is not null, coalesce(f.is_enabled, false), f.enabled_at,
         coalesce(cardinality(f.backup_code_hashes), 0), f.locked_until
  from (select 1) one
  left join private.auth_totp_factors f on f.user_id = p_user_id
$$;

-- as in 20261101000200_auth_otp_account_failure_limit
create or replace function private.auth_otp_verify(
  p_email text,
  p_user_id uuid,
  p_purpose text,
  p_code text,
  p_ip text,
  p_now timestamptz,
  p_max_attempts integer default 5,
  p_ip_limit integer default 60,
  p_window_seconds integer default 900,
  p_account_failure_limit integer default 10,
  p_account_window_seconds integer default 3600
)
returns table (outcome text, user_id uuid, email text, retry_after integer)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_window interval := make_interval(secs => p_window_seconds);
  v_account_window interval := make_interval(secs => p_account_window_seconds);
  v_ip_key text;
  v_account_key text;
  v_retry integer;
  v_user uuid;
  v_token private.auth_email_codes;
  v_hash text;
begin
  if p_purpose is null or p_purpose not in ('verification', 'login', 'reset') then
    raise exception using errcode = '22023', message = 'purpose must be verification, login or reset';
  end if;
  if p_now is null or coalesce(p_max_attempts, 0) <= 0 or coalesce(p_ip_limit, 0) <= 0
     or coalesce(p_window_seconds, 0) <= 0 or coalesce(p_account_failure_limit, 0) <= 0
     or coalesce(p_account_window_seconds, 0) <= 0 then
    raise exception using errcode = '22023', message = 'time, attempts, limits and windows must be positive';
  end if;

  v_ip_key := private.auth_hmac('ip:' || coalesce(p_ip, 'unknown'));
  perform private.auth_rate_lock('otp_verify_ip', v_ip_key, v_window, p_now);
  v_retry := private.auth_rate_retry_after('otp_verify_ip', v_ip_key, p_ip_limit, v_window, p_now);
  if v_retry > 0 then
    return query select 'rate_limited'::text, null::uuid, null::text, v_retry;
    return;
  end if;
  insert into private.auth_rate_events (bucket, key_hash, created_at) values ('otp_verify_ip', v_ip_key, p_now);

  -- the account's failures are keyed by its email, whether the caller names the email or the
  -- user id, and whether or not an account has it
  v_account_key := private.auth_hmac('account:' || coalesce(
    (select u.email::text from auth.users u where u.id = p_user_id), lower(btrim(p_email)), 'unknown'));
  perform private.auth_rate_lock('otp_verify_account', v_account_key, v_account_window, p_now);
  v_retry := private.auth_rate_retry_after(
    'otp_verify_account', v_account_key, p_account_failure_limit, v_account_window, p_now);
  if v_retry > 0 then
    return query select 'rate_limited'::text, null::uuid, null::text, v_retry;
    return;
  end if;

  v_user := case when p_user_id is not null then p_user_id else private.auth_find_user(p_email, p_now) end;
  select t.* into v_token
  from private.auth_email_codes t
  where t.user_id = v_user and t.purpose = p_purpose and t.used_at is null
  order by t.created_at desc
  limit 1
  for update;

  -- the hash is computed whether or not a code exists, so both answers take the same time
  v_hash := private.auth_hmac(coalesce(v_token.id, extensions.gen_random_uuid())::text || ':' || coalesce(p_code, ''));
  if v_token.id is null or v_token.expires_at <= p_now or v_token.attempts >= p_max_attempts
     or not private.auth_constant_time_equals(v_hash, v_token.token_hash) then
    if v_token.id is not null and v_token.expires_at > p_now and v_token.attempts < p_max_attempts then
      update private.auth_email_codes t set attempts = t.attempts + 1 where t.id = v_token.id;
    end if;
    insert into private.auth_rate_events (bucket, key_hash, created_at)
    values ('otp_verify_account', v_account_key, p_now);
    return query select 'invalid'::text, null::uuid, null::text, 0;
    return;
  end if;

  update private.auth_email_codes t set used_at = p_now where t.id = v_token.id;
  return query select 'ok'::text, v_user, u.email::text, 0 from auth.users u where u.id = v_user;
end;
$$;

-- as in 20261201000050_auth_purge_in_batches
create or replace function private.auth_purge(p_now timestamptz, p_limit integer default null)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_total integer := 0;
  v_count integer;
  v_cutoff timestamptz := p_now - interval '1 day';
begin
  delete from private.auth_rate_events e
   where e.ctid = any (array(
     select e2.ctid from private.auth_rate_events e2 where e2.created_at < v_cutoff limit p_limit));
  get diagnostics v_count = row_count;
  v_total := v_total + v_count;
  delete from private.auth_email_codes t
   where t.ctid = any (array(
     select t2.ctid from private.auth_email_codes t2 where t2.expires_at < v_cutoff limit p_limit));
  get diagnostics v_count = row_count;
  v_total := v_total + v_count;
  delete from private.auth_password_resets r
   where r.ctid = any (array(
     select r2.ctid from private.auth_password_resets r2 where r2.expires_at < v_cutoff limit p_limit));
  get diagnostics v_count = row_count;
  v_total := v_total + v_count;
  delete from private.auth_login_proofs p
   where p.ctid = any (array(
     select p2.ctid from private.auth_login_proofs p2 where p2.expires_at < v_cutoff limit p_limit));
  get diagnostics v_count = row_count;
  return v_total + v_count;
end;
$$;

-- as in 20261201000500_auth_second_factor_sessions
create or replace function private.auth_has_second_factor(p_user_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from private.auth_totp_factors f where f.user_id = p_user_id and f.is_enabled)
      or exists (select 1 from auth.mfa_factors f where f.user_id = p_user_id and f.status = 'verified')
$$;

-- as in 20261201000500_auth_second_factor_sessions
create or replace function private.auth_record_second_factor_session(
  p_user_id uuid, p_session_id uuid, p_method text, p_now timestamptz
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if p_session_id is null then
    raise exception using errcode = '22023', message = 'the token names no Auth session (session_id claim)';
  end if;
  if not exists (select 1 from private.auth_totp_factors f where f.user_id = p_user_id and f.is_enabled) then
    raise exception using errcode = '55000', message = 'two-factor authentication is not enabled';
  end if;
  delete from private.auth_second_factor_sessions v
  where v.user_id = p_user_id
    and not exists (select 1 from auth.sessions s
                    where s.id = v.session_id and (s.not_after is null or s.not_after > p_now));
  insert into private.auth_second_factor_sessions (session_id, user_id, method, verified_at)
  values (p_session_id, p_user_id, p_method, p_now)
  on conflict (session_id) do update
    set method = excluded.method, verified_at = excluded.verified_at
    where private.auth_second_factor_sessions.user_id = excluded.user_id;
  if not found then
    raise exception using errcode = '22023', message = 'this session belongs to another user';
  end if;
end;
$$;
