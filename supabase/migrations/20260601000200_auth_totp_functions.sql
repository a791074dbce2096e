-- TOTP second factor: enrolment, the factor's state under a row lock, replay guard, failure
-- counter and lock, backup codes (HMAC only). The TOTP arithmetic (RFC 6238) runs in the mfa edge
-- function; these functions keep the state consistent. service_role only, and the mfa function
-- calls them in one transaction per request so the row lock of private.auth_totp_state holds
-- until the outcome is recorded.

-- ============================================================================================
-- helpers (internal)
-- ============================================================================================

-- Backup codes are compared in a normal form: lower case, without separators or spaces.
create function private.auth_backup_code_hash(p_code text)
returns text
language sql
stable
set search_path = ''
as $$
  select private.auth_hmac('backup:' || lower(regexp_replace(coalesce(p_code, ''), '[\s-]', '', 'g')))
$$;
revoke execute on function private.auth_backup_code_hash(text) from public;

-- Definer: the caller holds no privilege on the factor table.
create function private.auth_require_factor(p_user_id uuid)
returns private.adly_user_2fa
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_factor private.adly_user_2fa;
begin
  select f.* into v_factor from private.adly_user_2fa f where f.user_id = p_user_id for update;
  if v_factor.id is null then
    raise exception using errcode = 'P0002', message = 'no TOTP factor is enrolled';
  end if;
  return v_factor;
end;
$$;
revoke execute on function private.auth_require_factor(uuid) from public;

-- ============================================================================================
-- rpc: factor lifecycle (service_role only)
-- ============================================================================================

-- Definer: stores the secret encrypted (adly.set_user_2fa_secret). Refuses when 2FA is already
-- enabled (55000: disable it first), so enrolling again can never switch a live factor off.
create function private.auth_totp_enroll(p_user_id uuid, p_secret text)
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
  perform 1 from private.adly_user_2fa f where f.user_id = p_user_id for update;
  if exists (select 1 from private.adly_user_2fa f where f.user_id = p_user_id and f.is_enabled) then
    raise exception using errcode = '55000', message = 'two-factor authentication is already enabled';
  end if;
  perform adly.set_user_2fa_secret(p_user_id, p_secret);
  update private.adly_user_2fa f
  set last_used_step = null, failed_attempts = 0, locked_until = null, backup_codes_generated_at = null
  where f.user_id = p_user_id;
end;
$$;
revoke execute on function private.auth_totp_enroll(uuid, text) from public;
grant execute on function private.auth_totp_enroll(uuid, text) to service_role;
comment on function private.auth_totp_enroll(uuid, text) is
  'service_role only: stores a new, not yet enabled TOTP secret; refuses while 2FA is enabled.';

-- Definer: decrypts the secret. Locks the factor row for the rest of the transaction, so two
-- requests for the same user are checked one after the other (a step cannot be used twice).
create function private.auth_totp_state(p_user_id uuid)
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
  v_factor private.adly_user_2fa := private.auth_require_factor(p_user_id);
begin
  return query
  select private.adly_decrypt(v_factor.key_id, v_factor.secret), v_factor.is_enabled, v_factor.last_used_step,
         v_factor.failed_attempts, v_factor.locked_until, coalesce(cardinality(v_factor.backup_code_hashes), 0);
end;
$$;
revoke execute on function private.auth_totp_state(uuid) from public;
grant execute on function private.auth_totp_state(uuid) to service_role;
comment on function private.auth_totp_state(uuid) is
  'service_role only: the decrypted secret and state of a user''s factor, row locked until commit.';

-- Definer: updates the factor. Accepts a step only if it is later than the last accepted one
-- (22023 otherwise: a replay), then clears the failure counter. Enables the factor when
-- p_enable, with its backup codes.
create function private.auth_totp_accept_step(
  p_user_id uuid, p_step bigint, p_now timestamptz, p_enable boolean default false, p_backup_codes text[] default null
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_factor private.adly_user_2fa := private.auth_require_factor(p_user_id);
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
  update private.adly_user_2fa f
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
revoke execute on function private.auth_totp_accept_step(uuid, bigint, timestamptz, boolean, text[]) from public;
grant execute on function private.auth_totp_accept_step(uuid, bigint, timestamptz, boolean, text[]) to service_role;
comment on function private.auth_totp_accept_step(uuid, bigint, timestamptz, boolean, text[]) is
  'service_role only: records an accepted TOTP step (never the same or an earlier one twice), optionally enabling 2FA.';

-- Definer: counts a failed code; at p_max_failures in a row the factor locks for p_lock_seconds
-- and the counter restarts. Returns the lock's end, or null while not locked.
create function private.auth_totp_record_failure(
  p_user_id uuid, p_now timestamptz, p_max_failures integer default 5, p_lock_seconds integer default 900
)
returns timestamptz
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_factor private.adly_user_2fa := private.auth_require_factor(p_user_id);
  v_locked_until timestamptz;
begin
  if v_factor.failed_attempts + 1 >= p_max_failures then
    v_locked_until := p_now + make_interval(secs => p_lock_seconds);
    update private.adly_user_2fa f set failed_attempts = 0, locked_until = v_locked_until where f.user_id = p_user_id;
  else
    update private.adly_user_2fa f set failed_attempts = f.failed_attempts + 1 where f.user_id = p_user_id;
  end if;
  return v_locked_until;
end;
$$;
revoke execute on function private.auth_totp_record_failure(uuid, timestamptz, integer, integer) from public;
grant execute on function private.auth_totp_record_failure(uuid, timestamptz, integer, integer) to service_role;
comment on function private.auth_totp_record_failure(uuid, timestamptz, integer, integer) is
  'service_role only: counts a failed code and locks the factor after too many in a row.';

-- Definer: removes a backup code when it matches one of the unused ones (every stored hash is
-- compared in constant time, none skipped). True once per code.
create function private.auth_totp_use_backup_code(p_user_id uuid, p_code text, p_now timestamptz)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_factor private.adly_user_2fa := private.auth_require_factor(p_user_id);
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
  update private.adly_user_2fa f
  set backup_code_hashes = array_remove(f.backup_code_hashes, v_match), failed_attempts = 0
  where f.user_id = p_user_id;
  return true;
end;
$$;
revoke execute on function private.auth_totp_use_backup_code(uuid, text, timestamptz) from public;
grant execute on function private.auth_totp_use_backup_code(uuid, text, timestamptz) to service_role;
comment on function private.auth_totp_use_backup_code(uuid, text, timestamptz) is
  'service_role only: uses an unused backup code once.';

-- Definer: replaces every backup code of an enabled factor.
create function private.auth_totp_replace_backup_codes(p_user_id uuid, p_codes text[], p_now timestamptz)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_factor private.adly_user_2fa := private.auth_require_factor(p_user_id);
begin
  if not v_factor.is_enabled then
    raise exception using errcode = '55000', message = 'two-factor authentication is not enabled';
  end if;
  if p_codes is null or cardinality(p_codes) <> 10 then
    raise exception using errcode = '22023', message = 'exactly 10 backup codes are needed';
  end if;
  update private.adly_user_2fa f
  set backup_code_hashes = (select array_agg(private.auth_backup_code_hash(c)) from unnest(p_codes) c),
      backup_codes_generated_at = p_now
  where f.user_id = p_user_id;
end;
$$;
revoke execute on function private.auth_totp_replace_backup_codes(uuid, text[], timestamptz) from public;
grant execute on function private.auth_totp_replace_backup_codes(uuid, text[], timestamptz) to service_role;
comment on function private.auth_totp_replace_backup_codes(uuid, text[], timestamptz) is
  'service_role only: new backup codes (hashes) for an enabled factor; the old ones stop working.';

-- Definer: deletes the factor (secret and backup codes with it).
create function private.auth_totp_remove(p_user_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.auth_require_factor(p_user_id);
  delete from private.adly_user_2fa f where f.user_id = p_user_id;
end;
$$;
revoke execute on function private.auth_totp_remove(uuid) from public;
grant execute on function private.auth_totp_remove(uuid) to service_role;
comment on function private.auth_totp_remove(uuid) is
  'service_role only: removes a user''s TOTP factor, its secret and backup codes.';

-- Definer: what the user may know about their own factor, nothing secret.
create function private.auth_totp_status(p_user_id uuid)
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
  left join private.adly_user_2fa f on f.user_id = p_user_id
$$;
revoke execute on function private.auth_totp_status(uuid) from public;
grant execute on function private.auth_totp_status(uuid) to service_role;
comment on function private.auth_totp_status(uuid) is
  'service_role only: whether a user has a factor, whether it is enabled, backup codes left, lock.';
