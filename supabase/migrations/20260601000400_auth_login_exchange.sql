-- The email of an active account, for exchanging an OTP login proof for a session.

-- ============================================================================================
-- rpc (service_role only)
-- ============================================================================================

-- Definer: reads auth.users. Null for unknown, deleted or banned users, so a proof issued before
-- a ban or a deletion cannot be exchanged.
create function private.auth_find_user_email(p_user_id uuid, p_now timestamptz)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select u.email::text
  from auth.users u
  where u.id = p_user_id
    and u.deleted_at is null
    and (u.banned_until is null or u.banned_until <= p_now)
$$;
revoke execute on function private.auth_find_user_email(uuid, timestamptz) from public;
grant execute on function private.auth_find_user_email(uuid, timestamptz) to service_role;
comment on function private.auth_find_user_email(uuid, timestamptz) is
  'service_role only: the email of an active (not deleted, not banned) user, else null.';
