-- The second factor, bound to the Supabase Auth session. After a correct TOTP or backup code the
-- mfa edge function records the caller's session (the session_id claim Auth puts in every JWT of
-- a sign-in and keeps across refreshes) as having passed the factor. A session counts while Auth
-- keeps it (auth.sessions: sign-out and revocation delete it, not_after ends it) and until the
-- factor is disabled or replaced, or the password is reset through the otp function. Nothing is
-- signed: the mfa function used to re-sign the caller's JWT with aal2 using the legacy JWT secret,
-- a token that was lost at the first refresh and that no policy required.
--
-- private.second_factor_satisfied() is what policies and RPCs require: true for a caller without a
-- verified second factor (ours or Auth's own), for a JWT Auth signed with aal2 (Auth's native
-- MFA), and for a session recorded here that Auth still keeps.

-- ============================================================================================
-- tables
-- ============================================================================================

create table private.auth_second_factor_sessions (
  session_id uuid not null,
  user_id uuid not null,
  method text not null,
  verified_at timestamptz not null,
  constraint auth_second_factor_sessions_pkey primary key (session_id),
  constraint auth_second_factor_sessions_user_id_fkey
    foreign key (user_id) references auth.users (id) on delete cascade,
  constraint auth_second_factor_sessions_method_check check (method in ('totp', 'backup_code'))
);
comment on table private.auth_second_factor_sessions is
  'Auth sessions (auth.sessions.id, the JWT''s session_id) that passed the mfa function''s second factor. '
  'A row counts only while Auth keeps the session; rows go when '
  'the factor is disabled or replaced and at a password reset.';

-- ============================================================================================
-- indexes
-- ============================================================================================

create index auth_second_factor_sessions_user_id_idx on private.auth_second_factor_sessions (user_id);

-- ============================================================================================
-- triggers
-- ============================================================================================

-- Definer: service_role may update the factor table directly and holds no privilege on the
-- sessions. A session passed the factor that existed then: when the factor is removed or switched
-- off (disable, a new secret through enroll or adly.set_user_2fa_secret), no session keeps it.
create function private.auth_end_second_factor_sessions()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' or (old.is_enabled and not new.is_enabled) then
    delete from private.auth_second_factor_sessions v where v.user_id = old.user_id;
  end if;
  return null;
end;
$$;
revoke execute on function private.auth_end_second_factor_sessions() from public;

create trigger end_second_factor_sessions
  after update of is_enabled or delete on private.adly_user_2fa
  for each row execute function private.auth_end_second_factor_sessions();

-- ============================================================================================
-- helpers
-- ============================================================================================

-- Definer: reads the factor table and Auth's factors, which no API role may read. Internal.
create function private.auth_has_second_factor(p_user_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from private.adly_user_2fa f where f.user_id = p_user_id and f.is_enabled)
      or exists (select 1 from auth.mfa_factors f where f.user_id = p_user_id and f.status = 'verified')
$$;
revoke execute on function private.auth_has_second_factor(uuid) from public;
comment on function private.auth_has_second_factor(uuid) is
  'Internal: whether the user has an enabled TOTP factor of the '
  'mfa function or a verified factor of Supabase Auth''s MFA.';

-- Definer: reads the recorded sessions and auth.sessions. A session counts while Auth keeps it and
-- before its not_after; the record and the session must name the same user.
create function private.auth_session_passed_second_factor(p_user_id uuid, p_session_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from private.auth_second_factor_sessions v
    join auth.sessions s on s.id = v.session_id and s.user_id = v.user_id
    where v.session_id = p_session_id
      and v.user_id = p_user_id
      and (s.not_after is null or s.not_after > now())
  )
$$;
revoke execute on function private.auth_session_passed_second_factor(uuid, uuid) from public;
grant execute on function private.auth_session_passed_second_factor(uuid, uuid) to service_role;
comment on function private.auth_session_passed_second_factor(uuid, uuid) is
  'Whether this live Auth session of this user passed the mfa function''s second factor.';

-- The request's session: the JWT's session_id claim, null when absent or not a uuid. Internal.
create function private.request_session_id()
returns uuid
language sql
stable
set search_path = ''
as $$
  select case when s ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then s::uuid end
  from (select auth.jwt() ->> 'session_id') claim (s)
$$;
revoke execute on function private.request_session_id() from public;
comment on function private.request_session_id() is
  'The session_id claim of the request''s JWT (the Auth session), or null.';

-- Definer since this migration: it reads the recorded sessions. Before, it trusted only the aal
-- claim, which the mfa function's re-signed tokens set.
create or replace function private.has_verified_second_factor()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(auth.jwt() ->> 'aal', '') = 'aal2'
      or coalesce(private.auth_session_passed_second_factor(auth.uid(), private.request_session_id()), false)
$$;
comment on function private.has_verified_second_factor() is
  'True when this session passed a second factor: a JWT Supabase Auth signed with aal = aal2 (its own MFA), '
  'or a live session the mfa function recorded after a correct code. Requires a factor even of users without one.';

-- Definer: reads the factors. What every ADLY policy and RPC requires; a policy calls it as
-- (select private.second_factor_satisfied()), so it runs once per statement.
create function private.second_factor_satisfied()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select auth.uid() is null
      or not private.auth_has_second_factor(auth.uid())
      or private.has_verified_second_factor()
$$;
revoke execute on function private.second_factor_satisfied() from public;
grant execute on function private.second_factor_satisfied() to authenticated;
comment on function private.second_factor_satisfied() is
  'False only for a signed-in user with a second factor whose '
  'session has not passed it (see has_verified_second_factor). '
  'Users without a second factor, the service role and anonymous callers are not affected.';

-- The guard at the top of the SECURITY DEFINER RPCs, which row level security does not reach.
-- Internal: the RPCs call it with their owner's rights.
create function private.require_second_factor()
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if not private.second_factor_satisfied() then
    raise exception using errcode = '42501', message = 'a verified second factor is required for this session',
      hint = 'Pass the second factor in this session: POST /functions/v1/mfa/challenge with a code.';
  end if;
end;
$$;
revoke execute on function private.require_second_factor() from public;
comment on function private.require_second_factor() is
  'Raises 42501 unless private.second_factor_satisfied(): the first statement of every ADLY RPC.';

-- ============================================================================================
-- rpc (service_role only)
-- ============================================================================================

-- Definer: writes the recorded sessions. Called by the mfa function in the transaction that
-- accepted the code, with the session_id of the caller's verified JWT. Refuses a missing session
-- (22023), a user without an enabled factor (55000) and a session recorded for another user
-- (22023). The user's records of sessions Auth no longer keeps are dropped on the way.
create function private.auth_record_second_factor_session(
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
  if not exists (select 1 from private.adly_user_2fa f where f.user_id = p_user_id and f.is_enabled) then
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
revoke execute on function private.auth_record_second_factor_session(uuid, uuid, text, timestamptz) from public;
grant execute on function private.auth_record_second_factor_session(uuid, uuid, text, timestamptz) to service_role;
comment on function private.auth_record_second_factor_session(uuid, uuid, text, timestamptz) is
  'service_role only: records that this Auth session of the '
  'user passed the second factor (method totp or backup_code).';

-- A password reset through the otp function ends what the user's sessions proved: whoever holds
-- a session must pass the second factor again. Otherwise as in 20260601000100_auth_otp_functions.
create or replace function private.auth_password_reset_consume(p_token text, p_now timestamptz)
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
  delete from private.auth_second_factor_sessions v where v.user_id = v_user;
  return v_user;
end;
$$;
comment on function private.auth_password_reset_consume(text, timestamptz) is
  'service_role only: uses a reset token once and ends the second factor of the user''s sessions; '
  'the user id, or null when unknown, used or expired.';

-- ============================================================================================
-- policies
-- ============================================================================================

-- Row level security without policies: no API role reads or writes the recorded sessions.
alter table private.auth_second_factor_sessions enable row level security;

-- ============================================================================================
-- grants
-- ============================================================================================

revoke all on private.auth_second_factor_sessions from public, anon, authenticated, service_role;
