-- ADLY: product user rows for auth users, policy helpers and the audit writer.

-- ============================================================================================
-- triggers: product user row on sign-up, email kept in sync with Supabase Auth
-- ============================================================================================

-- Runs as the function owner because the inserting role (supabase_auth_admin) has no rights
-- on adly. Only the product marker of user_metadata is read; it grants nothing but a profile.
create function private.adly_handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.raw_user_meta_data ->> 'product' = 'adly' and new.email is not null then
    insert into adly.users (id, email, first_name, last_name)
    values (
      new.id,
      lower(new.email),
      nullif(left(btrim(new.raw_user_meta_data ->> 'first_name'), 100), ''),
      nullif(left(btrim(new.raw_user_meta_data ->> 'last_name'), 100), '')
    )
    on conflict (id) do nothing;
  end if;
  return new;
end;
$$;
revoke execute on function private.adly_handle_new_user() from public;
comment on function private.adly_handle_new_user() is
  'AFTER INSERT on auth.users: creates the adly.users row when the sign-up asked for ADLY.';

create trigger on_auth_user_created_adly
  after insert on auth.users
  for each row execute function private.adly_handle_new_user();

create function private.adly_sync_user_email()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.email is not null then
    update adly.users set email = lower(new.email) where id = new.id and email <> lower(new.email);
  end if;
  return new;
end;
$$;
revoke execute on function private.adly_sync_user_email() from public;
comment on function private.adly_sync_user_email() is
  'AFTER UPDATE OF email on auth.users: keeps adly.users.email equal to the confirmed auth email.';

create trigger on_auth_user_email_updated_adly
  after update of email on auth.users
  for each row execute function private.adly_sync_user_email();

-- ============================================================================================
-- helpers: policy helpers (security definer to read membership without recursing into RLS)
-- ============================================================================================

create function private.adly_workspace_role(p_workspace_id uuid)
returns adly.workspace_role
language sql
stable
security definer
set search_path = ''
as $$
  select m.role
  from adly.workspace_members m
  where m.workspace_id = p_workspace_id
    and m.user_id = (select auth.uid())
$$;
revoke execute on function private.adly_workspace_role(uuid) from public;
grant execute on function private.adly_workspace_role(uuid) to authenticated;
comment on function private.adly_workspace_role(uuid) is
  'Role of the current user in the workspace, or null when not a member.';

create function private.adly_has_role(p_workspace_id uuid, p_min_role adly.workspace_role)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(private.adly_workspace_role(p_workspace_id) >= p_min_role, false)
$$;
revoke execute on function private.adly_has_role(uuid, adly.workspace_role) from public;
grant execute on function private.adly_has_role(uuid, adly.workspace_role) to authenticated;
comment on function private.adly_has_role(uuid, adly.workspace_role) is
  'True when the current user has at least this role in the workspace.';

create function private.adly_workspace_ids(p_min_role adly.workspace_role)
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select m.workspace_id
  from adly.workspace_members m
  where m.user_id = (select auth.uid())
    and m.role >= p_min_role
$$;
revoke execute on function private.adly_workspace_ids(adly.workspace_role) from public;
grant execute on function private.adly_workspace_ids(adly.workspace_role) to authenticated;
comment on function private.adly_workspace_ids(adly.workspace_role) is
  'Workspaces in which the current user has at least this role (read live: a removal applies to the next query).';

create function private.adly_store_connection_workspace(p_store_connection_id uuid)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select s.workspace_id from adly.store_connections s where s.id = p_store_connection_id
$$;
revoke execute on function private.adly_store_connection_workspace(uuid) from public;
grant execute on function private.adly_store_connection_workspace(uuid) to authenticated;

create function private.adly_order_workspace(p_order_id uuid)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select s.workspace_id
  from adly.orders o
  join adly.store_connections s on s.id = o.store_connection_id
  where o.id = p_order_id
$$;
revoke execute on function private.adly_order_workspace(uuid) from public;
grant execute on function private.adly_order_workspace(uuid) to authenticated;

create function private.adly_campaign_workspace(p_campaign_id uuid)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select c.workspace_id from adly.campaigns c where c.id = p_campaign_id
$$;
revoke execute on function private.adly_campaign_workspace(uuid) from public;
grant execute on function private.adly_campaign_workspace(uuid) to authenticated;

create function private.adly_ad_set_workspace(p_ad_set_id uuid)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select c.workspace_id
  from adly.ad_sets a
  join adly.campaigns c on c.id = a.campaign_id
  where a.id = p_ad_set_id
$$;
revoke execute on function private.adly_ad_set_workspace(uuid) from public;
grant execute on function private.adly_ad_set_workspace(uuid) to authenticated;

comment on function private.adly_store_connection_workspace(uuid) is
  'Workspace of a store connection, read without RLS so child-table policies do not recurse.';
comment on function private.adly_order_workspace(uuid) is 'Workspace of an order (through its store connection).';
comment on function private.adly_campaign_workspace(uuid) is 'Workspace of a campaign.';
comment on function private.adly_ad_set_workspace(uuid) is 'Workspace of an ad set (through its campaign).';

create function private.adly_shares_workspace_with(p_user_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from adly.workspace_members mine
    join adly.workspace_members theirs on theirs.workspace_id = mine.workspace_id
    where mine.user_id = (select auth.uid())
      and theirs.user_id = p_user_id
  )
$$;
revoke execute on function private.adly_shares_workspace_with(uuid) from public;
grant execute on function private.adly_shares_workspace_with(uuid) to authenticated;
comment on function private.adly_shares_workspace_with(uuid) is
  'True when the current user and this user are members of a common workspace.';

-- ============================================================================================
-- helpers: audit writer
-- ============================================================================================

-- Writes one audit row with the acting user and, when the request came through PostgREST, the
-- client's IP address (first x-forwarded-for entry) and user agent from request.headers.
-- Internal: called by triggers and definer functions only, never granted to an API role.
create function private.adly_write_audit(
  p_workspace_id uuid,
  p_action text,
  p_resource_type text,
  p_resource_id uuid,
  p_details jsonb default null
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_headers jsonb;
  v_ip inet;
  v_forwarded text;
begin
  -- the workspace is being deleted (cascade): its audit rows go with it
  if not exists (select 1 from adly.workspaces w where w.id = p_workspace_id) then
    return;
  end if;

  begin
    v_headers := nullif(current_setting('request.headers', true), '')::jsonb;
  exception when invalid_text_representation then
    v_headers := null;
  end;

  v_forwarded := btrim(split_part(coalesce(v_headers ->> 'x-forwarded-for', v_headers ->> 'x-real-ip', ''), ',', 1));
  if v_forwarded <> '' then
    begin
      v_ip := v_forwarded::inet;
    exception when invalid_text_representation then
      v_ip := null;
    end;
  end if;

  insert into adly.audit_logs
    (workspace_id, user_id, action, resource_type, resource_id, details, ip_address, user_agent)
  values (
    p_workspace_id,
    (select u.id from adly.users u where u.id = (select auth.uid())),
    p_action,
    p_resource_type,
    p_resource_id,
    p_details,
    v_ip,
    left(v_headers ->> 'user-agent', 1000)
  );
end;
$$;
revoke execute on function private.adly_write_audit(uuid, text, text, uuid, jsonb) from public;
comment on function private.adly_write_audit(uuid, text, text, uuid, jsonb) is
  'Internal: appends an audit row with the acting user, IP address and user agent of the request.';

-- ============================================================================================
-- rpc: enroll an existing auth user
-- ============================================================================================

create function adly.enroll_current_user()
returns adly.users
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_email text;
  v_user adly.users;
begin
  if v_uid is null then
    raise exception using errcode = '42501', message = 'not signed in';
  end if;
  select lower(u.email) into v_email from auth.users u where u.id = v_uid;
  if v_email is null then
    raise exception using errcode = 'P0001', message = 'an email address is required to use ADLY';
  end if;
  insert into adly.users (id, email) values (v_uid, v_email) on conflict (id) do nothing;
  select * into v_user from adly.users u where u.id = v_uid;
  return v_user;
end;
$$;
revoke execute on function adly.enroll_current_user() from public;
grant execute on function adly.enroll_current_user() to authenticated;
comment on function adly.enroll_current_user() is
  'Creates the ADLY profile of the signed-in auth user if missing (idempotent) and returns it.';
