-- Email one-time codes: a limit on wrong codes per account, across codes. Each code dies after 5
-- wrong tries and an email may ask for 5 codes per 15 minutes, so without this an attacker who
-- targets one account could try 25 codes every 15 minutes from many addresses. Now 10 failed
-- verifications for one account (or one unknown email: the same answer, so the limit reveals
-- nothing) within an hour refuse further verifications, the right code included, until the
-- oldest failure leaves the window.

alter table private.auth_rate_events drop constraint auth_rate_events_bucket_check;
alter table private.auth_rate_events add constraint auth_rate_events_bucket_check
  check (bucket in ('otp_request_email', 'otp_request_ip', 'otp_verify_ip', 'otp_verify_account'));

drop function private.auth_otp_verify(text, uuid, text, text, text, timestamptz, integer, integer, integer);

-- Definer: reads and updates code hashes. Outcome ok (the code is now used), invalid (unknown
-- email, no live code, expired, dead after p_max_attempts wrong tries, or wrong: counted) or
-- rate_limited (too many verifications from this IP, or too many failures for this account;
-- retry_after seconds). Comparison of the hashes in constant time. Never raises for a bad code,
-- so the attempt and failure counters commit.
create function private.auth_otp_verify(
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
  v_token private.adly_otp_tokens;
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
  from private.adly_otp_tokens t
  where t.user_id = v_user and t.purpose = p_purpose and t.used_at is null
  order by t.created_at desc
  limit 1
  for update;

  -- the hash is computed whether or not a code exists, so both answers take the same time
  v_hash := private.auth_hmac(coalesce(v_token.id, extensions.gen_random_uuid())::text || ':' || coalesce(p_code, ''));
  if v_token.id is null or v_token.expires_at <= p_now or v_token.attempts >= p_max_attempts
     or not private.auth_constant_time_equals(v_hash, v_token.token_hash) then
    if v_token.id is not null and v_token.expires_at > p_now and v_token.attempts < p_max_attempts then
      update private.adly_otp_tokens t set attempts = t.attempts + 1 where t.id = v_token.id;
    end if;
    insert into private.auth_rate_events (bucket, key_hash, created_at)
    values ('otp_verify_account', v_account_key, p_now);
    return query select 'invalid'::text, null::uuid, null::text, 0;
    return;
  end if;

  update private.adly_otp_tokens t set used_at = p_now where t.id = v_token.id;
  return query select 'ok'::text, v_user, u.email::text, 0 from auth.users u where u.id = v_user;
end;
$$;
revoke execute on function private.auth_otp_verify(
  text, uuid, text, text, text, timestamptz, integer, integer, integer, integer, integer
) from public;
grant execute on function private.auth_otp_verify(
  text, uuid, text, text, text, timestamptz, integer, integer, integer, integer, integer
) to service_role;
comment on function private.auth_otp_verify(
  text, uuid, text, text, text, timestamptz, integer, integer, integer, integer, integer
) is
  'service_role only: checks a code (constant time, attempts counted, '
  'single use) under a per-IP limit and a limit on failures per account.';
