-- Auth's aal2 claim counts only while the Auth session it was issued for lives. Before, an aal2
-- token passed the second-factor check for its whole life (up to an hour) even after its user
-- signed out, was signed out everywhere, or had the session revoked, while a session verified by
-- the mfa function stopped counting at once. Auth puts the session's id in every user token
-- (session_id) and deletes the session at sign-out, so the check now also asks auth.sessions, as
-- it does for the mfa function's sessions: same user, before not_after.
--
-- A token with aal2 and no session_id claim is still accepted: Auth issues none for users, so only
-- the project's own signing key (an operator's tool, a test) can make one, and it can make any
-- claim anyway. Policies call the helper once per statement; this adds one primary-key lookup.

create or replace function private.has_verified_second_factor()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select (
           coalesce(auth.jwt() ->> 'aal', '') = 'aal2'
           and (
             auth.jwt() ->> 'session_id' is null
             or exists (
               select 1
               from auth.sessions s
               where s.id = private.request_session_id()
                 and s.user_id = auth.uid()
                 and (s.not_after is null or s.not_after > now())
             )
           )
         )
      or coalesce(private.auth_session_passed_second_factor(auth.uid(), private.request_session_id()), false)
$$;
comment on function private.has_verified_second_factor() is
  'True when this session passed a second factor: a JWT Supabase Auth signed with aal = aal2 (its own MFA) '
  'whose Auth session still lives, or a live session the mfa function recorded after a correct code. '
  'Requires a factor even of users without one.';
