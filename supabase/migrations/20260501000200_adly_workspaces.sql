-- ADLY: workspace creation, membership rules (no self-promotion, last owner stays) and their audit.

-- ============================================================================================
-- triggers: membership rules
-- ============================================================================================

-- Definer: must see every owner of the workspace and lock the workspace row whatever the
-- caller's rights. Refuses: changing workspace_id/user_id, raising one's own role, and removing
-- or demoting the last owner (the workspace row is locked first, so two owners demoting each
-- other concurrently cannot both succeed).
create function private.adly_guard_membership()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
begin
  if tg_op = 'UPDATE' then
    if new.workspace_id <> old.workspace_id or new.user_id <> old.user_id then
      raise exception using errcode = 'P0001',
        message = 'workspace_id and user_id of a membership cannot change';
    end if;
    if new.user_id = v_uid and new.role > old.role then
      raise exception using errcode = '42501', message = 'you cannot raise your own role';
    end if;
    if old.role = 'owner' and new.role <> 'owner' then
      perform 1 from adly.workspaces w where w.id = old.workspace_id for no key update;
      if not exists (
        select 1 from adly.workspace_members m
        where m.workspace_id = old.workspace_id and m.role = 'owner' and m.id <> old.id
      ) then
        raise exception using errcode = 'P0001',
          message = 'the last owner of a workspace cannot be demoted';
      end if;
    end if;
    return new;
  end if;

  -- DELETE
  if old.role = 'owner'
     -- cascades from deleting the workspace or the user account are not a member leaving
     and exists (select 1 from adly.workspaces w where w.id = old.workspace_id)
     and exists (select 1 from adly.users u where u.id = old.user_id)
  then
    perform 1 from adly.workspaces w where w.id = old.workspace_id for no key update;
    if not exists (
      select 1 from adly.workspace_members m
      where m.workspace_id = old.workspace_id and m.role = 'owner' and m.id <> old.id
    ) then
      raise exception using errcode = 'P0001',
        message = 'the last owner of a workspace cannot leave or be removed';
    end if;
  end if;
  return old;
end;
$$;
revoke execute on function private.adly_guard_membership() from public;
comment on function private.adly_guard_membership() is
  'BEFORE UPDATE/DELETE on workspace_members: no self-promotion, the last owner stays.';

create trigger guard_membership
  before update or delete on adly.workspace_members
  for each row execute function private.adly_guard_membership();

create function private.adly_audit_membership()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform private.adly_write_audit(new.workspace_id, 'member.added', 'workspace_member', new.id,
      jsonb_build_object('user_id', new.user_id, 'role', new.role, 'invited_by', new.invited_by));
    return new;
  elsif tg_op = 'UPDATE' then
    if new.role is distinct from old.role then
      perform private.adly_write_audit(new.workspace_id, 'member.role_changed', 'workspace_member', new.id,
        jsonb_build_object('user_id', new.user_id, 'old_role', old.role, 'new_role', new.role));
    end if;
    return new;
  else
    perform private.adly_write_audit(old.workspace_id,
      case when old.user_id = (select auth.uid()) then 'member.left' else 'member.removed' end,
      'workspace_member', old.id,
      jsonb_build_object('user_id', old.user_id, 'role', old.role));
    return old;
  end if;
end;
$$;
revoke execute on function private.adly_audit_membership() from public;
comment on function private.adly_audit_membership() is
  'AFTER INSERT/UPDATE/DELETE on workspace_members: writes the audit row (definer: clients cannot insert audit rows).';

create trigger audit_membership
  after insert or update or delete on adly.workspace_members
  for each row execute function private.adly_audit_membership();

-- ============================================================================================
-- rpc: workspaces and members
-- ============================================================================================

-- Definer: creates the workspace and the creator's owner membership in one transaction
-- (clients have no insert privilege on either table). Refuses: anonymous callers, callers
-- without an ADLY profile, invalid or taken slugs.
create function adly.create_workspace(p_name text, p_slug text)
returns adly.workspaces
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_workspace adly.workspaces;
begin
  if v_uid is null then
    raise exception using errcode = '42501', message = 'not signed in';
  end if;
  if not exists (select 1 from adly.users u where u.id = v_uid) then
    raise exception using errcode = '42501', message = 'enroll in ADLY before creating a workspace';
  end if;
  if p_name is null or char_length(btrim(p_name)) not between 1 and 255 then
    raise exception using errcode = '22023', message = 'workspace name must be 1 to 255 characters';
  end if;
  if p_slug is null or char_length(p_slug) not between 3 and 63 or p_slug !~ '^[a-z0-9]+(-[a-z0-9]+)*$' then
    raise exception using errcode = '22023',
      message = 'slug must be 3 to 63 lowercase letters, digits and single hyphens';
  end if;

  begin
    insert into adly.workspaces (name, slug, created_by)
    values (btrim(p_name), p_slug, v_uid)
    returning * into v_workspace;
  exception when unique_violation then
    raise exception using errcode = '23505', message = 'this workspace slug is already taken';
  end;

  insert into adly.workspace_members (workspace_id, user_id, role, invited_by)
  values (v_workspace.id, v_uid, 'owner', null);

  return v_workspace;
end;
$$;
revoke execute on function adly.create_workspace(text, text) from public;
grant execute on function adly.create_workspace(text, text) to authenticated;
comment on function adly.create_workspace(text, text) is
  'Creates a workspace with the caller as its owner, atomically.';

-- Definer: owners add an existing ADLY user by email (clients cannot read other users'
-- profiles). Refuses: non-owners (42501), unknown email (P0002), existing members (23505).
create function adly.add_workspace_member(
  p_workspace_id uuid,
  p_email text,
  p_role adly.workspace_role default 'member'
)
returns adly.workspace_members
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_user_id uuid;
  v_member adly.workspace_members;
begin
  if not private.adly_has_role(p_workspace_id, 'owner') then
    raise exception using errcode = '42501', message = 'only workspace owners can add members';
  end if;
  if p_role is null then
    raise exception using errcode = '22023', message = 'a role is required';
  end if;
  select u.id into v_user_id from adly.users u where u.email = lower(btrim(p_email));
  if v_user_id is null then
    raise exception using errcode = 'P0002', message = 'no ADLY user has this email address';
  end if;

  begin
    insert into adly.workspace_members (workspace_id, user_id, role, invited_by)
    values (p_workspace_id, v_user_id, p_role, v_uid)
    returning * into v_member;
  exception when unique_violation then
    raise exception using errcode = '23505', message = 'this user is already a member of the workspace';
  end;
  return v_member;
end;
$$;
revoke execute on function adly.add_workspace_member(uuid, text, adly.workspace_role) from public;
grant execute on function adly.add_workspace_member(uuid, text, adly.workspace_role) to authenticated;
comment on function adly.add_workspace_member(uuid, text, adly.workspace_role) is
  'Owner adds an existing ADLY user (by email) to the workspace with a role; invited_by is the caller.';
