-- Course platform: identity. courses.users rows are created from auth.users (on sign-up for the
-- course platform, or by courses.enroll_current_user), emails follow auth.users, and the columns
-- users cannot change themselves (role, deleted_at) change only through the functions below.

-- ============================================================================================
-- triggers
-- ============================================================================================

create function private.courses_handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- user_metadata only says which product the person signed up for; it never grants anything:
  -- every new row gets the default role 'user'. Accounts without an email enrol later.
  if new.raw_user_meta_data ->> 'product' = 'courses' and new.email is not null then
    insert into courses.users (id, name, email)
    values (new.id, private.courses_display_name(new.raw_user_meta_data, new.email), new.email)
    on conflict (id) do nothing;
  end if;
  return new;
end;
$$;

comment on function private.courses_handle_new_user() is
  'AFTER INSERT on auth.users: enrols users who signed up for the course platform, always as role user.';

revoke execute on function private.courses_handle_new_user() from public;

create trigger on_auth_user_created_courses
  after insert on auth.users
  for each row execute function private.courses_handle_new_user();

create function private.courses_sync_user_email()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.email is not null and new.email is distinct from old.email then
    update courses.users u
    set email = new.email
    where u.id = new.id;
  end if;
  return new;
end;
$$;

comment on function private.courses_sync_user_email() is
  'AFTER UPDATE OF email on auth.users: keeps courses.users.email equal to the auth email.';

revoke execute on function private.courses_sync_user_email() from public;

create trigger on_auth_user_email_updated_courses
  after update of email on auth.users
  for each row execute function private.courses_sync_user_email();

-- ============================================================================================
-- functions
-- ============================================================================================

create function courses.enroll_current_user()
returns courses.users
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_auth_user record;
  v_user courses.users;
begin
  if v_uid is null then
    raise exception 'enroll_current_user: sign in first' using errcode = '42501';
  end if;
  if coalesce((select auth.jwt() ->> 'is_anonymous'), 'false') = 'true' then
    raise exception 'enroll_current_user: anonymous users cannot enrol' using errcode = '42501';
  end if;

  select au.id, au.email, au.raw_user_meta_data
  into v_auth_user
  from auth.users au
  where au.id = v_uid;
  if not found then
    raise exception 'enroll_current_user: no auth user %', v_uid using errcode = 'P0002';
  end if;
  if v_auth_user.email is null then
    raise exception 'enroll_current_user: an email address is required' using errcode = '22023';
  end if;

  insert into courses.users (id, name, email)
  values (v_uid, private.courses_display_name(v_auth_user.raw_user_meta_data, v_auth_user.email),
          v_auth_user.email)
  on conflict (id) do nothing;

  select * into v_user from courses.users u where u.id = v_uid;
  return v_user;
end;
$$;

comment on function courses.enroll_current_user() is
  'Idempotent: creates the caller''s courses.users row (role user) if missing and returns it.';

revoke execute on function courses.enroll_current_user() from public;
grant execute on function courses.enroll_current_user() to authenticated;

create function courses.admin_set_user_role(p_user_id uuid, p_role courses.user_role)
returns courses.users
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user courses.users;
begin
  if not private.courses_is_admin() then
    raise exception 'admin_set_user_role: admins only' using errcode = '42501';
  end if;
  if p_user_id is null or p_role is null then
    raise exception 'admin_set_user_role: user and role are required' using errcode = '22023';
  end if;
  if p_user_id = (select auth.uid()) then
    raise exception 'admin_set_user_role: admins cannot change their own role' using errcode = 'CR020';
  end if;

  update courses.users u
  set role = p_role
  where u.id = p_user_id
  returning * into v_user;
  if not found then
    raise exception 'admin_set_user_role: no course platform user %', p_user_id using errcode = 'P0002';
  end if;
  return v_user;
end;
$$;

comment on function courses.admin_set_user_role(uuid, courses.user_role) is
  'Admins only: sets another user''s role.';

revoke execute on function courses.admin_set_user_role(uuid, courses.user_role) from public;
grant execute on function courses.admin_set_user_role(uuid, courses.user_role) to authenticated;

create function courses.admin_set_user_deleted(p_user_id uuid, p_deleted boolean)
returns courses.users
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user courses.users;
begin
  if not private.courses_is_admin() then
    raise exception 'admin_set_user_deleted: admins only' using errcode = '42501';
  end if;
  if p_user_id is null or p_deleted is null then
    raise exception 'admin_set_user_deleted: user and flag are required' using errcode = '22023';
  end if;
  if p_user_id = (select auth.uid()) then
    raise exception 'admin_set_user_deleted: admins cannot soft delete or restore themselves'
      using errcode = 'CR020';
  end if;

  update courses.users u
  set deleted_at = case when p_deleted then coalesce(u.deleted_at, now()) else null end
  where u.id = p_user_id
  returning * into v_user;
  if not found then
    raise exception 'admin_set_user_deleted: no course platform user %', p_user_id using errcode = 'P0002';
  end if;
  return v_user;
end;
$$;

comment on function courses.admin_set_user_deleted(uuid, boolean) is
  'Admins only: soft deletes (true) or restores (false) another user. Purchases and access rows are kept; '
  'a soft deleted user reads no lesson that needs access and is never an admin.';

revoke execute on function courses.admin_set_user_deleted(uuid, boolean) from public;
grant execute on function courses.admin_set_user_deleted(uuid, boolean) to authenticated;

create function courses.soft_delete_current_user()
returns courses.users
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user courses.users;
begin
  update courses.users u
  set deleted_at = coalesce(u.deleted_at, now())
  where u.id = (select auth.uid())
  returning * into v_user;
  if not found then
    raise exception 'soft_delete_current_user: not enrolled in the course platform' using errcode = 'P0002';
  end if;
  return v_user;
end;
$$;

comment on function courses.soft_delete_current_user() is
  'Closes the caller''s course platform account (soft delete; only an admin can restore it).';

revoke execute on function courses.soft_delete_current_user() from public;
grant execute on function courses.soft_delete_current_user() to authenticated;
