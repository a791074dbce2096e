-- Marketplace identity: the users row for an auth user (on sign-up or by RPC), email and
-- last-login copies from auth.users, and the guard that keeps role and is_deleted admin-only.

-- ============================================================================================
-- helpers
-- ============================================================================================

-- Creates the marketplace account (and its settings row) for an auth user; does nothing for an
-- existing one. The display name comes from user_metadata, which is fine for a name and never
-- used for authorization; role always starts as USER.
create function private.marketplace_ensure_user(p_user_id uuid)
returns marketplace.users
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user marketplace.users;
begin
  insert into marketplace.users (id, name, email, last_login)
  select
    au.id,
    left(coalesce(
      nullif(btrim(au.raw_user_meta_data ->> 'full_name'), ''),
      nullif(btrim(au.raw_user_meta_data ->> 'name'), ''),
      nullif(split_part(au.email, '@', 1), ''),
      'User'
    ), 120),
    au.email,
    au.last_sign_in_at
  from auth.users au
  where au.id = p_user_id
  on conflict (id) do nothing;

  select * into v_user from marketplace.users u where u.id = p_user_id;
  if not found then
    raise exception 'no auth user with id %', p_user_id using errcode = 'MK001';
  end if;

  insert into marketplace.user_settings (user_id)
  values (p_user_id)
  on conflict (user_id) do nothing;

  return v_user;
end;
$$;
revoke execute on function private.marketplace_ensure_user(uuid) from public;
comment on function private.marketplace_ensure_user(uuid) is
  'Creates the marketplace user and settings rows for an auth user if missing; returns the user row.';

-- ============================================================================================
-- triggers
-- ============================================================================================

create function private.marketplace_handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.marketplace_ensure_user(new.id);
  return new;
end;
$$;
revoke execute on function private.marketplace_handle_new_user() from public;
comment on function private.marketplace_handle_new_user() is
  'AFTER INSERT on auth.users: creates the marketplace account when the sign-up names the marketplace.';

create trigger on_auth_user_created_marketplace
  after insert on auth.users
  for each row
  when (new.raw_user_meta_data ->> 'product' = 'marketplace' and not new.is_anonymous)
  execute function private.marketplace_handle_new_user();

create function private.marketplace_sync_auth_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update marketplace.users u
  set email = new.email,
      last_login = new.last_sign_in_at
  where u.id = new.id
    and (u.email is distinct from new.email or u.last_login is distinct from new.last_sign_in_at);
  return new;
end;
$$;
revoke execute on function private.marketplace_sync_auth_user() from public;
comment on function private.marketplace_sync_auth_user() is
  'AFTER UPDATE on auth.users: keeps marketplace.users.email and last_login equal to Auth''s values.';

create trigger on_auth_user_updated_marketplace
  after update of email, last_sign_in_at on auth.users
  for each row
  when (old.email is distinct from new.email or old.last_sign_in_at is distinct from new.last_sign_in_at)
  execute function private.marketplace_sync_auth_user();

-- Column privileges let a user update his own name only, but admins share the authenticated
-- role and may change role and is_deleted: this guard is what stops a user from doing the same
-- to himself, and stops an admin from demoting or disabling his own account.
create function private.marketplace_guard_user_update()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user in ('anon', 'authenticated')
     and (new.role is distinct from old.role or new.is_deleted is distinct from old.is_deleted) then
    if not private.marketplace_is_admin() then
      raise exception 'only admins can change a user''s role or deleted flag'
        using errcode = '42501';
    end if;
    if old.id = (select auth.uid()) then
      raise exception 'admins cannot change their own role or deleted flag'
        using errcode = '42501';
    end if;
  end if;
  return new;
end;
$$;
revoke execute on function private.marketplace_guard_user_update() from public;
comment on function private.marketplace_guard_user_update() is
  'BEFORE UPDATE on marketplace.users: role and is_deleted change only by another admin.';

create trigger guard_user_update
  before update on marketplace.users
  for each row execute function private.marketplace_guard_user_update();

-- ============================================================================================
-- rpc
-- ============================================================================================

create function private.marketplace_enroll_current_user()
returns marketplace.users
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_user marketplace.users;
begin
  if v_uid is null then
    raise exception 'sign in to join the marketplace' using errcode = '42501';
  end if;
  -- an anonymous session is not an account: it could otherwise comment, like and download
  if exists (select 1 from auth.users au where au.id = v_uid and au.is_anonymous) then
    raise exception 'anonymous users cannot join the marketplace: sign up first' using errcode = '42501';
  end if;
  v_user := private.marketplace_ensure_user(v_uid);
  if v_user.is_deleted then
    raise exception 'this marketplace account is disabled' using errcode = 'MK011';
  end if;
  return v_user;
end;
$$;
revoke execute on function private.marketplace_enroll_current_user() from public;
grant execute on function private.marketplace_enroll_current_user() to authenticated;
comment on function private.marketplace_enroll_current_user() is
  'Definer half of marketplace.enroll_current_user(): creates the caller''s account if missing.';

-- The RPC itself runs with the caller's rights; only the private half needs definer rights.
create function marketplace.enroll_current_user()
returns marketplace.users
language sql
volatile
security invoker
set search_path = ''
as $$
  select * from private.marketplace_enroll_current_user()
$$;
revoke execute on function marketplace.enroll_current_user() from public;
grant execute on function marketplace.enroll_current_user() to authenticated;
comment on function marketplace.enroll_current_user() is
  'Idempotent: creates the marketplace account (role USER) and settings of the signed-in auth user '
  'if missing, and returns the account. Raises MK011 for a disabled account.';
