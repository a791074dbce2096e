-- ADLY: answering a workspace invitation proves control of the invited mailbox. Until now a
-- confirmed auth email equal to the invited one was enough, and whether an email is confirmed
-- depends on Auth's settings (with confirmations off, whoever signs up first with an address has
-- it "confirmed"). Each invitation now has a single-use token that only the invited mailbox
-- receives: the adly-invitations edge function creates the invitation, stores the token's keyed
-- hash here and mails the token; accepting or declining needs the token and, as before, the
-- caller's confirmed email equal to the invited address.
--
-- The functions live in `private`, which the Data API does not expose: the edge function calls
-- them as the signed-in caller (role authenticated, the caller's claims), so owner checks, RLS and
-- the audit actor work as for an RPC, but no client calls them directly. The RPCs they replace
-- (invite, accept and decline without a token) are dropped: an invitation created without the
-- function would have no token and could never be answered. Like every ADLY RPC since
-- 20261201000520, each function first requires the second factor of a caller who has one.

-- ============================================================================================
-- tables
-- ============================================================================================

create table private.adly_invitation_tokens (
  invitation_id uuid not null,
  token_hash text not null,
  failed_attempts integer not null default 0,
  issued_at timestamptz not null default now(),
  constraint adly_invitation_tokens_pkey primary key (invitation_id),
  constraint adly_invitation_tokens_invitation_id_fkey foreign key (invitation_id)
    references adly.workspace_invitations (id) on delete cascade,
  constraint adly_invitation_tokens_token_hash_format check (token_hash ~ '^[0-9a-f]{64}$'),
  constraint adly_invitation_tokens_failed_attempts_range check (failed_attempts between 0 and 5)
);
comment on table private.adly_invitation_tokens is
  'The live token of each open ADLY invitation, as a keyed hash only: replaced when the owner '
  'invites again, deleted when the invitation is answered (or with it). Readable by no API role.';
comment on column private.adly_invitation_tokens.token_hash is
  'hex HMAC-SHA256 (private.auth_hash_keys) of "adly_invitation:<invitation id>:<invited '
  'email>:<token>": the hash binds the token to its invitation and address.';
comment on column private.adly_invitation_tokens.failed_attempts is
  'Wrong tokens presented by the invitee for this invitation; at '
  '5 the invitation takes no token until the owner invites again.';

comment on table adly.workspace_invitations is
  'Invitations of an email address into a workspace with a role. Created and refreshed by owners through the '
  'adly-invitations edge function, which mails a single-use token to the address; answered with that token by '
  'the holder of the confirmed email; revoked by owners with delete. Open = neither accepted nor declined.';

-- ============================================================================================
-- policies
-- ============================================================================================

-- Row level security without policies: even if a grant slipped in, no API role would see a row.
alter table private.adly_invitation_tokens enable row level security;

-- ============================================================================================
-- helpers (internal, executable by no API role)
-- ============================================================================================

-- The keyed hash of a token for an invitation and its address. Keyed with the pepper of the OTP
-- codes, so a leaked table of hashes cannot be checked against guesses without the key.
create function private.adly_invitation_token_hash(p_invitation_id uuid, p_email text, p_token text)
returns text
language sql
stable
set search_path = ''
as $$
  select private.auth_hmac('adly_invitation:' || p_invitation_id::text || ':' || p_email || ':' || p_token)
$$;
revoke execute on function private.adly_invitation_token_hash(uuid, text, text) from public;
comment on function private.adly_invitation_token_hash(uuid, text, text) is
  'Internal: hex HMAC-SHA256 binding a token to its invitation and invited address.';

-- The open, unexpired invitation p_invitation_id addressed to p_email, when p_token is its token:
-- the invitation row stays locked for the rest of the transaction and the token is used up. Null
-- for anything else, whatever the reason, so an answer tells nothing about which check failed. A
-- wrong token for such an invitation is counted; at 5 the invitation takes none, the right one
-- included, until its owner invites again (which issues a new token). Every writer of a token
-- (this function and the invite, through the upsert) holds the invitation's row lock first, so
-- checks and counts of concurrent calls happen one after the other: the count never passes 5 and
-- a token is used once.
create function private.adly_redeem_invitation_token(p_invitation_id uuid, p_email text, p_token text)
returns adly.workspace_invitations
language plpgsql
set search_path = ''
as $$
declare
  v_invitation adly.workspace_invitations;
  v_token private.adly_invitation_tokens;
begin
  select * into v_invitation
  from adly.workspace_invitations i
  where i.id = p_invitation_id
    and i.email = p_email
    and i.accepted_at is null
    and i.declined_at is null
    and i.expires_at > now()
  for update;
  if not found then
    return null;
  end if;

  select * into v_token from private.adly_invitation_tokens t where t.invitation_id = v_invitation.id;
  if not found or v_token.failed_attempts >= 5 then
    return null;
  end if;
  if not private.auth_constant_time_equals(
    private.adly_invitation_token_hash(v_invitation.id, v_invitation.email, coalesce(p_token, '')), v_token.token_hash
  ) then
    update private.adly_invitation_tokens t set failed_attempts = t.failed_attempts + 1
    where t.invitation_id = v_invitation.id;
    return null;
  end if;

  delete from private.adly_invitation_tokens t where t.invitation_id = v_invitation.id;
  return v_invitation;
end;
$$;
revoke execute on function private.adly_redeem_invitation_token(uuid, text, text) from public;
comment on function private.adly_redeem_invitation_token(uuid, text, text) is
  'Internal: locks and returns the open invitation addressed to this email when the token is '
  'its token (using it up); null otherwise, counting a wrong token (5 lock the invitation).';

-- ============================================================================================
-- functions the adly-invitations edge function calls as the signed-in caller
-- ============================================================================================

drop function adly.invite_workspace_member(uuid, text, adly.workspace_role);
drop function adly.accept_workspace_invitation(uuid);
drop function adly.decline_workspace_invitation(uuid);

-- Definer: inserts invitations (no client insert), reads members' emails, writes the token hash
-- into a table no API role reaches. Refuses: a session without the caller's second factor and
-- non-owners (42501), a null role, an implausible email or a token of fewer than 22 base64url
-- characters (128 bits) (22023), the email of a member of this workspace (23505). Never looks at
-- other accounts, so a known and an unknown email get the same answer. An open invitation of the
-- same email is refreshed (role, inviter, expiry) and gets
-- the new token, which makes the old one worthless. Returns what the invitation email says.
create function private.adly_invite_workspace_member(
  p_workspace_id uuid,
  p_email text,
  p_role adly.workspace_role,
  p_token text
)
returns table (
  id uuid,
  workspace_id uuid,
  email text,
  role adly.workspace_role,
  expires_at timestamptz,
  workspace_name text,
  inviter_name text
)
language plpgsql
security definer
set search_path = ''
as $$
-- the output columns share the table's column names; in SQL statements a name is the column
#variable_conflict use_column
declare
  v_uid uuid := (select auth.uid());
  v_email text := lower(btrim(p_email));
  v_invitation adly.workspace_invitations;
begin
  perform private.require_second_factor();
  if not private.adly_has_role(p_workspace_id, 'owner') then
    raise exception using errcode = '42501', message = 'only workspace owners can invite members';
  end if;
  if p_role is null then
    raise exception using errcode = '22023', message = 'a role is required';
  end if;
  if v_email is null or char_length(v_email) not between 3 and 254 or v_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
    raise exception using errcode = '22023', message = 'a valid email address is required';
  end if;
  if p_token is null or p_token !~ '^[A-Za-z0-9_-]{22,128}$' then
    raise exception using errcode = '22023', message = 'the token must be 22 to 128 base64url characters';
  end if;
  if exists (
    select 1
    from adly.workspace_members m
    join adly.users u on u.id = m.user_id
    where m.workspace_id = p_workspace_id and u.email = v_email
  ) then
    raise exception using errcode = '23505', message = 'this email address belongs to a member of the workspace';
  end if;

  insert into adly.workspace_invitations (workspace_id, email, role, invited_by)
  values (p_workspace_id, v_email, p_role, v_uid)
  on conflict (workspace_id, email) where accepted_at is null and declined_at is null
  do update set role = excluded.role, invited_by = excluded.invited_by, expires_at = excluded.expires_at
  returning * into v_invitation;

  insert into private.adly_invitation_tokens (invitation_id, token_hash)
  values (v_invitation.id, private.adly_invitation_token_hash(v_invitation.id, v_invitation.email, p_token))
  on conflict (invitation_id)
  do update set token_hash = excluded.token_hash, failed_attempts = 0, issued_at = excluded.issued_at;

  perform private.adly_write_audit(p_workspace_id, 'member.invited', 'workspace_invitation', v_invitation.id,
    jsonb_build_object('email', v_invitation.email, 'role', v_invitation.role, 'expires_at', v_invitation.expires_at));

  return query
  select v_invitation.id, v_invitation.workspace_id, v_invitation.email, v_invitation.role, v_invitation.expires_at,
         w.name,
         coalesce(nullif(btrim(concat_ws(' ', u.first_name, u.last_name)), ''), u.email)
  from adly.workspaces w
  join adly.users u on u.id = v_uid
  where w.id = v_invitation.workspace_id;
end;
$$;
revoke execute on function private.adly_invite_workspace_member(uuid, text, adly.workspace_role, text) from public;
grant execute on function private.adly_invite_workspace_member(uuid, text, adly.workspace_role, text) to authenticated;
comment on function private.adly_invite_workspace_member(uuid, text, adly.workspace_role, text) is
  'adly-invitations, as the caller: an owner invites (or invites again) an email address with a role; '
  'stores the hash of the token the function mails. Same answer whether or not the address has an account.';

-- Definer: inserts the membership (clients cannot), marks the invitation, reads auth.users and the
-- token table. Refuses: a session without the caller's second factor, callers without an ADLY
-- profile or without a confirmed email (42501); a caller who is already a member (23505; the
-- token stays usable). Everything else that keeps the invitation from being answered (unknown id,
-- another address, expired, answered, wrong or used token, locked) returns null instead of
-- raising, so that a wrong token's count is committed.
create function private.adly_accept_workspace_invitation(p_invitation_id uuid, p_token text)
returns adly.workspace_members
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_email text;
  v_invitation adly.workspace_invitations;
  v_member adly.workspace_members;
begin
  perform private.require_second_factor();
  if v_uid is null then
    raise exception using errcode = '42501', message = 'not signed in';
  end if;
  if not exists (select 1 from adly.users u where u.id = v_uid) then
    raise exception using errcode = '42501', message = 'enroll in ADLY before accepting an invitation';
  end if;
  v_email := private.adly_confirmed_email();
  if v_email is null then
    raise exception using errcode = '42501', message = 'a confirmed email address is required to answer an invitation';
  end if;

  v_invitation := private.adly_redeem_invitation_token(p_invitation_id, v_email, p_token);
  if v_invitation.id is null then
    return null;
  end if;

  begin
    insert into adly.workspace_members (workspace_id, user_id, role, invited_by)
    values (v_invitation.workspace_id, v_uid, v_invitation.role, v_invitation.invited_by)
    returning * into v_member;
  exception when unique_violation then
    raise exception using errcode = '23505', message = 'you are already a member of this workspace';
  end;

  update adly.workspace_invitations i set accepted_at = now() where i.id = v_invitation.id;
  return v_member;
end;
$$;
revoke execute on function private.adly_accept_workspace_invitation(uuid, text) from public;
grant execute on function private.adly_accept_workspace_invitation(uuid, text) to authenticated;
comment on function private.adly_accept_workspace_invitation(uuid, text) is
  'adly-invitations, as the caller: the invitee (confirmed auth email = the invited one, '
  'ADLY profile, the mailed token) joins with the invited role; invited_by is kept. The '
  'membership, or null when the invitation cannot be answered with this token.';

-- Definer: marks the invitation (no client update), reads auth.users and the token table. The same
-- rules as accepting, without the ADLY profile: saying no needs no account in the product, but it
-- needs the token, since a decline ends the invitation for the real holder of the address too.
-- True when declined; false (not an error, so a wrong token's count is committed) otherwise.
create function private.adly_decline_workspace_invitation(p_invitation_id uuid, p_token text)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_email text;
  v_invitation adly.workspace_invitations;
begin
  perform private.require_second_factor();
  if (select auth.uid()) is null then
    raise exception using errcode = '42501', message = 'not signed in';
  end if;
  v_email := private.adly_confirmed_email();
  if v_email is null then
    raise exception using errcode = '42501', message = 'a confirmed email address is required to answer an invitation';
  end if;

  v_invitation := private.adly_redeem_invitation_token(p_invitation_id, v_email, p_token);
  if v_invitation.id is null then
    return false;
  end if;

  update adly.workspace_invitations i set declined_at = now() where i.id = v_invitation.id;
  perform private.adly_write_audit(v_invitation.workspace_id, 'member.invitation_declined', 'workspace_invitation',
    v_invitation.id, jsonb_build_object('email', v_invitation.email, 'role', v_invitation.role));
  return true;
end;
$$;
revoke execute on function private.adly_decline_workspace_invitation(uuid, text) from public;
grant execute on function private.adly_decline_workspace_invitation(uuid, text) to authenticated;
comment on function private.adly_decline_workspace_invitation(uuid, text) is
  'adly-invitations, as the caller: the invitee (confirmed auth email = the invited one, the mailed '
  'token) declines. True when declined, false when the invitation cannot be answered with this token.';

-- ============================================================================================
-- grants
-- ============================================================================================

-- No API role touches the token table; the functions above reach it as its owner.
revoke all on private.adly_invitation_tokens from public, anon, authenticated, service_role;
