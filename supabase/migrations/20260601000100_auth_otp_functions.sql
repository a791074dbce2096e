-- Email one-time codes: issue, verify, rate limits, password reset tokens, login proofs, the mail
-- record and the local stand-ins for Supabase Auth's admin API. Every function takes the time
-- (`p_now`) from the edge function's clock, so expiry and rate windows can be tested with a fake
-- clock. All are executable by service_role only: the otp edge function calls them.

-- ============================================================================================
-- helpers (internal, executable by no API role)
-- ============================================================================================

-- Definer: reads the pepper, which no API role can read.
create function private.auth_hmac(p_message text)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select encode(extensions.hmac(convert_to(p_message, 'UTF8'), k.key, 'sha256'), 'hex')
  from private.auth_hash_keys k
  where k.id = 1
$$;
revoke execute on function private.auth_hmac(text) from public;
comment on function private.auth_hmac(text) is
  'Internal: hex HMAC-SHA256 of a message with the code pepper.';

-- Compares two hex digests without stopping at the first difference.
create function private.auth_constant_time_equals(p_left text, p_right text)
returns boolean
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_left bytea;
  v_right bytea;
  v_diff integer := 0;
begin
  if p_left is null or p_right is null then
    return false;
  end if;
  v_left := decode(p_left, 'hex');
  v_right := decode(p_right, 'hex');
  if octet_length(v_left) <> octet_length(v_right) then
    return false;
  end if;
  for i in 0 .. octet_length(v_left) - 1 loop
    v_diff := v_diff | (get_byte(v_left, i) # get_byte(v_right, i));
  end loop;
  return v_diff = 0;
end;
$$;
revoke execute on function private.auth_constant_time_equals(text, text) from public;
comment on function private.auth_constant_time_equals(text, text) is
  'Internal: equality of two hex digests in time independent of where they differ.';

-- Seconds until the bucket has room again (0: under the limit). The caller holds the bucket's
-- advisory lock so that check and record are one step.
create function private.auth_rate_retry_after(
  p_bucket text, p_key_hash text, p_limit integer, p_window interval, p_now timestamptz
)
returns integer
language sql
stable
set search_path = ''
as $$
  select coalesce((
    select greatest(1, ceil(extract(epoch from (e.created_at + p_window - p_now))))::integer
    from private.auth_rate_events e
    where e.bucket = p_bucket and e.key_hash = p_key_hash
      and e.created_at > p_now - p_window and e.created_at <= p_now
    order by e.created_at desc
    offset greatest(p_limit - 1, 0)
    limit 1
  ), 0)
$$;
revoke execute on function private.auth_rate_retry_after(text, text, integer, interval, timestamptz) from public;

-- Locks a bucket for the rest of the transaction and drops its events older than the window.
create function private.auth_rate_lock(p_bucket text, p_key_hash text, p_window interval, p_now timestamptz)
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended(p_bucket || ':' || p_key_hash, 0));
  delete from private.auth_rate_events e
  where e.bucket = p_bucket and e.key_hash = p_key_hash and e.created_at <= p_now - p_window;
end;
$$;
revoke execute on function private.auth_rate_lock(text, text, interval, timestamptz) from public;

-- The active account with this email (Supabase Auth stores emails in lower case).
create function private.auth_find_user(p_email text, p_now timestamptz)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select u.id
  from auth.users u
  where u.email = lower(btrim(p_email))
    and not u.is_sso_user
    and u.deleted_at is null
    and (u.banned_until is null or u.banned_until <= p_now)
$$;
revoke execute on function private.auth_find_user(text, timestamptz) from public;

-- ============================================================================================
-- rpc: one-time codes (service_role only)
-- ============================================================================================

-- Definer: writes the code hash and rate events into tables no API role can read. Refuses an
-- unknown purpose, a code that is not 6 digits and a p_user_id without an account. Answers the
-- same way for unknown emails as for known ones except for the user it returns, which the edge
-- function never reveals. A new code deletes the user's unused codes for the same purpose.
create function private.auth_otp_request(
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

  delete from private.adly_otp_tokens t
  where t.user_id = v_user and t.purpose = p_purpose
    and (t.used_at is null or t.created_at < p_now - interval '1 day');
  insert into private.adly_otp_tokens (id, user_id, token_hash, purpose, attempts, expires_at, created_at)
  values (v_id, v_user, private.auth_hmac(v_id::text || ':' || p_code), p_purpose, 0,
          p_now + make_interval(secs => p_ttl_seconds), p_now);
  return query select 0, v_user, v_email;
end;
$$;
revoke execute on function private.auth_otp_request(
  text, uuid, text, text, text, timestamptz, integer, integer, integer, integer
) from public;
grant execute on function private.auth_otp_request(
  text, uuid, text, text, text, timestamptz, integer, integer, integer, integer
) to service_role;
comment on function private.auth_otp_request(
  text, uuid, text, text, text, timestamptz, integer, integer, integer, integer
) is
  'service_role only: counts the request against the email and IP '
  'limits and stores the hash of a new code for the account, if any.';

-- Definer: reads and updates code hashes. Outcome ok (the code is now used), invalid (unknown
-- email, no live code, expired, dead after p_max_attempts wrong tries, or wrong: counted) or
-- rate_limited (too many verifications from this IP; retry_after seconds). Comparison of the
-- hashes in constant time. Never raises for a bad code, so the attempt counter commits.
create function private.auth_otp_verify(
  p_email text,
  p_user_id uuid,
  p_purpose text,
  p_code text,
  p_ip text,
  p_now timestamptz,
  p_max_attempts integer default 5,
  p_ip_limit integer default 60,
  p_window_seconds integer default 900
)
returns table (outcome text, user_id uuid, email text, retry_after integer)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_window interval := make_interval(secs => p_window_seconds);
  v_ip_key text;
  v_retry integer;
  v_user uuid;
  v_token private.adly_otp_tokens;
  v_hash text;
begin
  if p_purpose is null or p_purpose not in ('verification', 'login', 'reset') then
    raise exception using errcode = '22023', message = 'purpose must be verification, login or reset';
  end if;
  if p_now is null or coalesce(p_max_attempts, 0) <= 0 or coalesce(p_ip_limit, 0) <= 0
     or coalesce(p_window_seconds, 0) <= 0 then
    raise exception using errcode = '22023', message = 'time, attempts, limit and window must be positive';
  end if;

  v_ip_key := private.auth_hmac('ip:' || coalesce(p_ip, 'unknown'));
  perform private.auth_rate_lock('otp_verify_ip', v_ip_key, v_window, p_now);
  v_retry := private.auth_rate_retry_after('otp_verify_ip', v_ip_key, p_ip_limit, v_window, p_now);
  if v_retry > 0 then
    return query select 'rate_limited'::text, null::uuid, null::text, v_retry;
    return;
  end if;
  insert into private.auth_rate_events (bucket, key_hash, created_at) values ('otp_verify_ip', v_ip_key, p_now);

  v_user := case when p_user_id is not null then p_user_id else private.auth_find_user(p_email, p_now) end;
  select t.* into v_token
  from private.adly_otp_tokens t
  where t.user_id = v_user and t.purpose = p_purpose and t.used_at is null
  order by t.created_at desc
  limit 1
  for update;

  -- the hash is computed whether or not a code exists, so both answers take the same time
  v_hash := private.auth_hmac(coalesce(v_token.id, extensions.gen_random_uuid())::text || ':' || coalesce(p_code, ''));
  if v_token.id is null or v_token.expires_at <= p_now or v_token.attempts >= p_max_attempts then
    return query select 'invalid'::text, null::uuid, null::text, 0;
    return;
  end if;
  if not private.auth_constant_time_equals(v_hash, v_token.token_hash) then
    update private.adly_otp_tokens t set attempts = t.attempts + 1 where t.id = v_token.id;
    return query select 'invalid'::text, null::uuid, null::text, 0;
    return;
  end if;

  update private.adly_otp_tokens t set used_at = p_now where t.id = v_token.id;
  return query select 'ok'::text, v_user, u.email::text, 0 from auth.users u where u.id = v_user;
end;
$$;
revoke execute on function private.auth_otp_verify(
  text, uuid, text, text, text, timestamptz, integer, integer, integer
) from public;
grant execute on function private.auth_otp_verify(
  text, uuid, text, text, text, timestamptz, integer, integer, integer
) to service_role;
comment on function private.auth_otp_verify(text, uuid, text, text, text, timestamptz, integer, integer, integer) is
  'service_role only: checks a code (constant time, attempts counted, single use) under a per-IP limit.';

-- ============================================================================================
-- rpc: password reset tokens and login proofs (service_role only)
-- ============================================================================================

-- Definer: stores the token's HMAC in a private table. Voids the user's earlier unused tokens.
create function private.auth_password_reset_issue(
  p_user_id uuid, p_token text, p_now timestamptz, p_ttl_seconds integer default 900
)
returns timestamptz
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_expires_at timestamptz := p_now + make_interval(secs => p_ttl_seconds);
begin
  if p_token is null or char_length(p_token) < 32 then
    raise exception using errcode = '22023', message = 'a reset token needs at least 32 characters';
  end if;
  if coalesce(p_ttl_seconds, 0) <= 0 then
    raise exception using errcode = '22023', message = 'the validity must be positive';
  end if;
  delete from private.auth_password_resets r
  where r.user_id = p_user_id and (r.used_at is null or r.expires_at < p_now - interval '1 day');
  insert into private.auth_password_resets (user_id, token_hash, expires_at, created_at)
  values (p_user_id, private.auth_hmac('reset:' || p_token), v_expires_at, p_now);
  return v_expires_at;
end;
$$;
revoke execute on function private.auth_password_reset_issue(uuid, text, timestamptz, integer) from public;
grant execute on function private.auth_password_reset_issue(uuid, text, timestamptz, integer) to service_role;
comment on function private.auth_password_reset_issue(uuid, text, timestamptz, integer) is
  'service_role only: records a new single-use reset token (hash only) and voids the older ones.';

-- Definer: one conditional update, so two concurrent calls cannot both consume the token.
-- Returns the user, or null for an unknown, used or expired token.
create function private.auth_password_reset_consume(p_token text, p_now timestamptz)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user uuid;
begin
  update private.auth_password_resets r
  set used_at = p_now
  where r.token_hash = private.auth_hmac('reset:' || coalesce(p_token, ''))
    and r.used_at is null and r.expires_at > p_now
  returning r.user_id into v_user;
  return v_user;
end;
$$;
revoke execute on function private.auth_password_reset_consume(text, timestamptz) from public;
grant execute on function private.auth_password_reset_consume(text, timestamptz) to service_role;
comment on function private.auth_password_reset_consume(text, timestamptz) is
  'service_role only: uses a reset token once; the user id, or null when unknown, used or expired.';

-- Definer: writes the used-proof table. True the first time a proof id is presented.
create function private.auth_login_proof_consume(
  p_jti uuid, p_user_id uuid, p_expires_at timestamptz, p_now timestamptz
)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_inserted integer;
begin
  delete from private.auth_login_proofs p where p.expires_at < p_now - interval '1 day';
  insert into private.auth_login_proofs (jti, user_id, expires_at, used_at)
  values (p_jti, p_user_id, p_expires_at, p_now)
  on conflict (jti) do nothing;
  get diagnostics v_inserted = row_count;
  return v_inserted = 1;
end;
$$;
revoke execute on function private.auth_login_proof_consume(uuid, uuid, timestamptz, timestamptz) from public;
grant execute on function private.auth_login_proof_consume(uuid, uuid, timestamptz, timestamptz) to service_role;
comment on function private.auth_login_proof_consume(uuid, uuid, timestamptz, timestamptz) is
  'service_role only: records an exchanged login proof; false when it was exchanged before.';

-- ============================================================================================
-- rpc: mail record (service_role only)
-- ============================================================================================

-- Definer: appends to a table no API role can read.
create function private.auth_record_mail(
  p_to_email text,
  p_subject text,
  p_template text,
  p_provider text,
  p_body_text text,
  p_status text,
  p_provider_message_id text default null,
  p_error text default null
)
returns uuid
language sql
security definer
set search_path = ''
as $$
  insert into private.auth_mail_outbox
    (to_email, subject, template, provider, body_text, status, provider_message_id, error)
  values
    (p_to_email, p_subject, p_template, p_provider, p_body_text, p_status, p_provider_message_id, left(p_error, 2000))
  returning id
$$;
revoke execute on function private.auth_record_mail(text, text, text, text, text, text, text, text) from public;
grant execute on function private.auth_record_mail(text, text, text, text, text, text, text, text) to service_role;
comment on function private.auth_record_mail(text, text, text, text, text, text, text, text) is
  'service_role only: records one sent (or failed) email; the body only for the local outbox.';

-- ============================================================================================
-- rpc: local stand-ins for Supabase Auth's admin API (service_role only)
-- ============================================================================================

-- Definer: writes auth.users, which only the auth admin may. Used when the functions run with
-- AUTH_ADMIN=local (no GoTrue); hosted projects go through the Auth admin API instead. Refuses
-- passwords outside 8..72 bytes (bcrypt reads 72) and unknown users.
create function private.auth_local_set_password(p_user_id uuid, p_password text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if p_password is null or char_length(p_password) < 8 or octet_length(p_password) > 72 then
    raise exception using errcode = '22023', message = 'the password must have 8 to 72 bytes';
  end if;
  update auth.users u
  set encrypted_password = extensions.crypt(p_password, extensions.gen_salt('bf', 10)),
      updated_at = now()
  where u.id = p_user_id and u.deleted_at is null;
  if not found then
    raise exception using errcode = 'P0002', message = 'user not found';
  end if;
end;
$$;
revoke execute on function private.auth_local_set_password(uuid, text) from public;
grant execute on function private.auth_local_set_password(uuid, text) to service_role;
comment on function private.auth_local_set_password(uuid, text) is
  'service_role only, local stack: sets a user''s password (bcrypt) as Supabase Auth would.';

-- Definer: same boundary as above. Keeps an earlier confirmation time.
create function private.auth_local_confirm_email(p_user_id uuid, p_now timestamptz)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  update auth.users u
  set email_confirmed_at = coalesce(u.email_confirmed_at, p_now),
      updated_at = now()
  where u.id = p_user_id and u.deleted_at is null;
  if not found then
    raise exception using errcode = 'P0002', message = 'user not found';
  end if;
end;
$$;
revoke execute on function private.auth_local_confirm_email(uuid, timestamptz) from public;
grant execute on function private.auth_local_confirm_email(uuid, timestamptz) to service_role;
comment on function private.auth_local_confirm_email(uuid, timestamptz) is
  'service_role only, local stack: marks a user''s email as confirmed as Supabase Auth would.';
