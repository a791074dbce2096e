-- A policy helper for products that want a verified second factor on some rows or operations:
--   create policy "..." on x for update to authenticated
--     using (... and (select private.has_verified_second_factor()));
-- The claim comes from the caller's JWT: Supabase Auth sets aal2 after its own MFA, and the mfa
-- edge function returns an aal2 access token after a good TOTP or backup code.

-- ============================================================================================
-- helpers
-- ============================================================================================

-- Invoker rights are enough: it reads only the request's claims.
create function private.has_verified_second_factor()
returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce((select auth.jwt() ->> 'aal') = 'aal2', false)
$$;
comment on function private.has_verified_second_factor() is
  'True when the caller''s JWT says a second factor was verified in this session (aal = aal2).';

-- ============================================================================================
-- grants
-- ============================================================================================

revoke execute on function private.has_verified_second_factor() from public;
grant execute on function private.has_verified_second_factor() to authenticated, service_role;
