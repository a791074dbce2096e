-- ADLY: workspace invitations with an acceptance step. adly.add_workspace_member added an existing
-- ADLY user at once: the user never agreed, and its "no ADLY user has this email address" told any
-- owner whether an email had an account. Owners now invite an email address (known or not, the
-- answer is the same); the holder of that address, signed in with it confirmed, accepts or
-- declines. There is no secret link token: the confirmed auth email is the credential, so nothing
-- secret is stored or audited.

-- ============================================================================================
-- tables
-- ============================================================================================

create table adly.workspace_invitations (
  id uuid not null default extensions.gen_random_uuid(),
  workspace_id uuid not null,
  email text not null,
  role adly.workspace_role not null default 'member',
  invited_by uuid,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '7 days',
  accepted_at timestamptz,
  declined_at timestamptz,
  constraint workspace_invitations_pkey primary key (id),
  constraint workspace_invitations_workspace_id_fkey foreign key (workspace_id)
    references adly.workspaces (id) on delete cascade,
  constraint workspace_invitations_invited_by_fkey foreign key (invited_by)
    references adly.users (id) on delete set null,
  constraint workspace_invitations_email_normalized check (email = lower(btrim(email))),
  constraint workspace_invitations_email_length check (char_length(email) between 3 and 254),
  constraint workspace_invitations_email_format check (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  constraint workspace_invitations_one_outcome check (accepted_at is null or declined_at is null),
  constraint workspace_invitations_expires_after_creation check (expires_at > created_at)
);
comment on table adly.workspace_invitations is
  'Invitations of an email address into a workspace with a role. Created and refreshed by owners through '
  'invite_workspace_member, answered by the holder of the confirmed email through '
  'accept_/decline_workspace_invitation, revoked by owners with delete. Open = neither accepted nor declined.';
comment on column adly.workspace_invitations.email is
  'The invited address, lower-cased and trimmed. Not checked against '
  'existing accounts, so an invitation reveals nothing about them.';
comment on column adly.workspace_invitations.expires_at is
  'After this time the invitation can no longer be accepted or declined; inviting the same email again refreshes it.';

alter table adly.workspace_invitations enable row level security;

-- ============================================================================================
-- indexes
-- ============================================================================================

-- at most one open invitation per workspace and email (the upsert of invite_workspace_member
-- relies on it); its leading column also serves the owners' policy and the foreign key
create unique index workspace_invitations_open_key
  on adly.workspace_invitations (workspace_id, email)
  where accepted_at is null and declined_at is null;
create index workspace_invitations_workspace_id_idx on adly.workspace_invitations (workspace_id);
create index workspace_invitations_email_idx on adly.workspace_invitations (email);
create index workspace_invitations_invited_by_idx on adly.workspace_invitations (invited_by);

-- ============================================================================================
-- triggers: revocations are audited
-- ============================================================================================

-- Definer: clients cannot insert audit rows. Writes 'member.invitation_revoked' when an open
-- invitation is deleted (by an owner, or service_role); deleting an answered invitation is
-- housekeeping (its invitation and answer are already in the log), and a deleted workspace takes
-- its audit rows with it.
create function private.adly_audit_invitation_revoked()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if old.accepted_at is null and old.declined_at is null then
    perform private.adly_write_audit(old.workspace_id, 'member.invitation_revoked', 'workspace_invitation', old.id,
      jsonb_build_object('email', old.email, 'role', old.role));
  end if;
  return old;
end;
$$;
revoke execute on function private.adly_audit_invitation_revoked() from public;
comment on function private.adly_audit_invitation_revoked() is
  'AFTER DELETE on workspace_invitations: audits the revocation of an open invitation.';

create trigger audit_invitation_revoked
  after delete on adly.workspace_invitations
  for each row execute function private.adly_audit_invitation_revoked();

-- ============================================================================================
-- helpers
-- ============================================================================================

-- Definer: authenticated cannot read auth.users. The address comes from auth.users, not from the
-- JWT's email claim, which can be stale after an email change and does not say it was confirmed.
create function private.adly_confirmed_email()
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select lower(u.email)
  from auth.users u
  where u.id = (select auth.uid())
    and u.email_confirmed_at is not null
$$;
revoke execute on function private.adly_confirmed_email() from public;
grant execute on function private.adly_confirmed_email() to authenticated;
comment on function private.adly_confirmed_email() is
  'The current user''s auth email, lower-cased, when it is confirmed; null otherwise (also for anon).';

-- ============================================================================================
-- rpc: invite, accept, decline, list one's invitations
-- ============================================================================================

drop function adly.add_workspace_member(uuid, text, adly.workspace_role);

-- Definer: clients cannot insert invitations, and the member check reads other users' profiles.
-- Refuses: non-owners (42501), a null role or an implausible email (22023), the email of a member
-- of this workspace (23505; owners see their members anyway). Never looks at other accounts, so a
-- known and an unknown email get the same answer. An open invitation for the same email is
-- refreshed (role, inviter, expiry) instead of duplicated.
create function adly.invite_workspace_member(
  p_workspace_id uuid,
  p_email text,
  p_role adly.workspace_role default 'member'
)
returns adly.workspace_invitations
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_email text := lower(btrim(p_email));
  v_invitation adly.workspace_invitations;
begin
  if not private.adly_has_role(p_workspace_id, 'owner') then
    raise exception using errcode = '42501', message = 'only workspace owners can invite members';
  end if;
  if p_role is null then
    raise exception using errcode = '22023', message = 'a role is required';
  end if;
  if v_email is null or char_length(v_email) not between 3 and 254 or v_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
    raise exception using errcode = '22023', message = 'a valid email address is required';
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

  perform private.adly_write_audit(p_workspace_id, 'member.invited', 'workspace_invitation', v_invitation.id,
    jsonb_build_object('email', v_invitation.email, 'role', v_invitation.role, 'expires_at', v_invitation.expires_at));
  return v_invitation;
end;
$$;
revoke execute on function adly.invite_workspace_member(uuid, text, adly.workspace_role) from public;
grant execute on function adly.invite_workspace_member(uuid, text, adly.workspace_role) to authenticated;
comment on function adly.invite_workspace_member(uuid, text, adly.workspace_role) is
  'Owner invites an email address into the workspace with a role (default member); refreshes an '
  'open invitation of the same address. Same answer whether or not the address has an account.';

-- Definer: inserts the membership (clients cannot) and locks the invitation row. Refuses: callers
-- without an ADLY profile or without a confirmed email (42501); an id that is unknown, addressed
-- to another email, expired, accepted or declined, all with the same P0002, so ids cannot be
-- probed; a caller who is already a member (23505). Concurrent accepts of one invitation wait on
-- its row lock, and all but the first then find it accepted.
create function adly.accept_workspace_invitation(p_invitation_id uuid)
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

  select * into v_invitation
  from adly.workspace_invitations i
  where i.id = p_invitation_id
    and i.email = v_email
    and i.accepted_at is null
    and i.declined_at is null
    and i.expires_at > now()
  for update;
  if not found then
    raise exception using errcode = 'P0002', message = 'no open invitation with this id for you';
  end if;

  begin
    insert into adly.workspace_members (workspace_id, user_id, role, invited_by)
    values (v_invitation.workspace_id, v_uid, v_invitation.role, v_invitation.invited_by)
    returning * into v_member;
  exception when unique_violation then
    raise exception using errcode = '23505', message = 'you are already a member of this workspace';
  end;

  update adly.workspace_invitations set accepted_at = now() where id = v_invitation.id;
  return v_member;
end;
$$;
revoke execute on function adly.accept_workspace_invitation(uuid) from public;
grant execute on function adly.accept_workspace_invitation(uuid) to authenticated;
comment on function adly.accept_workspace_invitation(uuid) is
  'The invitee (confirmed auth email = the invitation''s email, with an ADLY profile) '
  'joins the workspace with the invited role; invited_by is kept. Returns the membership.';

-- Definer: clients cannot update invitations. Refuses: callers without a confirmed email (42501);
-- an id that is unknown, not addressed to the caller, expired or already answered (P0002). No
-- ADLY profile is needed to say no.
create function adly.decline_workspace_invitation(p_invitation_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_email text;
  v_invitation adly.workspace_invitations;
begin
  if (select auth.uid()) is null then
    raise exception using errcode = '42501', message = 'not signed in';
  end if;
  v_email := private.adly_confirmed_email();
  if v_email is null then
    raise exception using errcode = '42501', message = 'a confirmed email address is required to answer an invitation';
  end if;

  update adly.workspace_invitations i
  set declined_at = now()
  where i.id = p_invitation_id
    and i.email = v_email
    and i.accepted_at is null
    and i.declined_at is null
    and i.expires_at > now()
  returning * into v_invitation;
  if not found then
    raise exception using errcode = 'P0002', message = 'no open invitation with this id for you';
  end if;

  perform private.adly_write_audit(v_invitation.workspace_id, 'member.invitation_declined', 'workspace_invitation',
    v_invitation.id, jsonb_build_object('email', v_invitation.email, 'role', v_invitation.role));
end;
$$;
revoke execute on function adly.decline_workspace_invitation(uuid) from public;
grant execute on function adly.decline_workspace_invitation(uuid) to authenticated;
comment on function adly.decline_workspace_invitation(uuid) is
  'The invitee (confirmed auth email = the invitation''s email) declines an open invitation.';

-- The open invitations addressed to the caller, with the workspace's name and the inviter's name:
-- an invitee is not a member yet, so RLS lets him read neither the workspace nor the inviter's
-- profile, and the invitations table alone shows him only ids.
-- Definer: reads the workspace and the inviter's profile, which the invitee cannot. Answers only
-- for the caller's confirmed email; nothing for anon or an unconfirmed address.
create function adly.my_workspace_invitations()
returns table (
  id uuid,
  workspace_id uuid,
  workspace_name text,
  role adly.workspace_role,
  invited_by_name text,
  expires_at timestamptz
)
language sql
stable
security definer
set search_path = ''
as $$
  select i.id, i.workspace_id, w.name, i.role,
         nullif(btrim(concat_ws(' ', u.first_name, u.last_name)), ''),
         i.expires_at
  from adly.workspace_invitations i
  join adly.workspaces w on w.id = i.workspace_id
  left join adly.users u on u.id = i.invited_by
  where i.email = (select private.adly_confirmed_email())
    and i.accepted_at is null
    and i.declined_at is null
    and i.expires_at > now()
  order by i.created_at desc
$$;
revoke execute on function adly.my_workspace_invitations() from public;
grant execute on function adly.my_workspace_invitations() to authenticated;
comment on function adly.my_workspace_invitations() is
  'The caller''s open invitations (confirmed email), newest first, with '
  'the workspace name and the inviter''s name, to show before accepting.';

-- ============================================================================================
-- policies
-- ============================================================================================

create policy "owners and the invitee can read invitations" on adly.workspace_invitations
  for select to authenticated
  using (
    workspace_id in (select private.adly_workspace_ids('owner'))
    or email = (select private.adly_confirmed_email())
  );
create policy "owners can revoke invitations" on adly.workspace_invitations
  for delete to authenticated
  using (workspace_id in (select private.adly_workspace_ids('owner')));

-- ============================================================================================
-- grants
-- ============================================================================================

-- no insert or update for clients: invitations are created, refreshed and answered by the
-- functions above
grant select, delete on adly.workspace_invitations to authenticated;
grant select, insert, update, delete on adly.workspace_invitations to service_role;
