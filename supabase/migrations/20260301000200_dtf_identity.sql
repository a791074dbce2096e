-- DTF Editor: profiles for auth users. A profile is created when someone signs up for the app
-- (user_metadata.product = 'dtf') or when an existing auth user enrols through the RPC. The two
-- free credits of a new profile arrive as a 'bonus' ledger row, so the ledger explains every credit.

-- ============================================================================================
-- helpers
-- ============================================================================================

create function private.dtf_create_profile(p_user_id uuid)
returns dtf.profiles
language plpgsql
security definer
-- definer: reads auth.users and writes dtf.profiles and the ledger
set search_path = ''
as $$
declare
  v_user record;
  v_profile dtf.profiles;
begin
  select u.id, u.email, u.is_anonymous, u.raw_user_meta_data as meta
    into v_user
    from auth.users u
   where u.id = p_user_id;
  if not found then
    raise exception 'unknown user: no auth user %', p_user_id using errcode = 'DT002';
  end if;
  if v_user.is_anonymous then
    raise exception 'anonymous users cannot enrol: sign up with an e-mail address first'
      using errcode = '42501';
  end if;
  if v_user.email is null then
    raise exception 'a DTF Editor profile needs an e-mail address' using errcode = '22023';
  end if;

  -- Names come from user_metadata only as display values; nothing is authorized on them.
  insert into dtf.profiles (id, email, first_name, last_name)
  values (
    v_user.id,
    v_user.email,
    left(nullif(btrim(v_user.meta ->> 'first_name'), ''), 100),
    left(nullif(btrim(v_user.meta ->> 'last_name'), ''), 100)
  )
  on conflict (id) do nothing
  returning * into v_profile;

  if v_profile.id is null then
    select * into v_profile from dtf.profiles p where p.id = p_user_id;
    return v_profile;
  end if;

  perform private.dtf_post_credit_change(
    v_profile.id, 'bonus', 2, p_description => 'Welcome credits',
    p_metadata => jsonb_build_object('reason', 'signup')
  );
  select * into v_profile from dtf.profiles p where p.id = p_user_id;
  return v_profile;
end;
$$;

revoke execute on function private.dtf_create_profile(uuid) from public;

comment on function private.dtf_create_profile(uuid) is
  'Creates the profile of an auth user with its 2 welcome credits; returns the existing profile '
  'unchanged when there is one.';

create function private.dtf_handle_new_user()
returns trigger
language plpgsql
security definer
-- definer: runs as the auth service's role, which has no rights on dtf
set search_path = ''
as $$
begin
  -- Anonymous and e-mail-less sign-ups get no profile (and no free credits) until they have an
  -- e-mail account; they can enrol then.
  if new.raw_user_meta_data ->> 'product' = 'dtf' and new.email is not null and not new.is_anonymous then
    perform private.dtf_create_profile(new.id);
  end if;
  return new;
end;
$$;

revoke execute on function private.dtf_handle_new_user() from public;

comment on function private.dtf_handle_new_user() is
  'AFTER INSERT on auth.users: a sign-up for the DTF Editor with an e-mail address (not anonymous) '
  'gets its profile.';

create function private.dtf_sync_user_email()
returns trigger
language plpgsql
security definer
-- definer: runs as the auth service's role, which has no rights on dtf
set search_path = ''
as $$
begin
  update dtf.profiles p set email = new.email where p.id = new.id and new.email is not null;
  return new;
end;
$$;

revoke execute on function private.dtf_sync_user_email() from public;

comment on function private.dtf_sync_user_email() is
  'AFTER UPDATE OF email on auth.users: keeps dtf.profiles.email equal to the confirmed address.';

-- ============================================================================================
-- triggers
-- ============================================================================================

create trigger on_auth_user_created_dtf
  after insert on auth.users
  for each row execute function private.dtf_handle_new_user();

create trigger on_auth_user_email_updated_dtf
  after update of email on auth.users
  for each row when (old.email is distinct from new.email)
  execute function private.dtf_sync_user_email();

-- ============================================================================================
-- functions
-- ============================================================================================

create function dtf.enroll_current_user()
returns dtf.profiles
language plpgsql
security definer
-- definer: creates the caller's profile and welcome credits, which the caller cannot write
set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
begin
  if v_uid is null then
    raise exception 'sign in to enrol in the DTF Editor' using errcode = '42501';
  end if;
  return private.dtf_create_profile(v_uid);
end;
$$;

revoke execute on function dtf.enroll_current_user() from public;

comment on function dtf.enroll_current_user() is
  'RPC for a signed-in user: creates his DTF Editor profile (with 2 welcome credits) if he has '
  'none yet, and returns it. Idempotent.';
