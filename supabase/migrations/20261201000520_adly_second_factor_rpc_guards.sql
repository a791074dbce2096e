-- ADLY: the RPCs a frontend calls refuse a session that has not passed the user's second factor
-- (42501 'a verified second factor is required for this session'), as the restrictive policies of
-- 20261201000510 do for the tables: these functions are SECURITY DEFINER, so row level security
-- does not reach what they do. Each is re-created exactly as its latest migration left it (named
-- above it), with private.require_second_factor() as its first statement; grants and comments
-- are kept by create or replace. The service role and users without a second factor pass the
-- guard. The invitation functions get theirs in a later migration.

-- ============================================================================================
-- rpc
-- ============================================================================================

-- as in 20260501000100_adly_identity_and_helpers
create or replace function adly.enroll_current_user()
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
  perform private.require_second_factor();
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

-- as in 20260501000200_adly_workspaces
create or replace function adly.create_workspace(p_name text, p_slug text)
returns adly.workspaces
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_workspace adly.workspaces;
begin
  perform private.require_second_factor();
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

-- as in 20260501000300_adly_secrets
create or replace function adly.create_store_connection(
  p_workspace_id uuid,
  p_platform text,
  p_store_name text,
  p_store_url text,
  p_access_token text,
  p_refresh_token text default null,
  p_webhook_secret text default null
)
returns adly.store_connections
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_connection adly.store_connections;
  v_access record;
begin
  perform private.require_second_factor();
  if not (private.adly_has_role(p_workspace_id, 'owner') or (select auth.role()) = 'service_role') then
    raise exception using errcode = '42501', message = 'only workspace owners can connect a store';
  end if;
  perform private.adly_check_secret(p_access_token, 'access token', true);
  perform private.adly_check_secret(p_refresh_token, 'refresh token', false);
  perform private.adly_check_secret(p_webhook_secret, 'webhook secret', false);

  insert into adly.store_connections (workspace_id, platform, store_name, store_url, credentials_updated_at)
  values (p_workspace_id, p_platform, p_store_name, p_store_url, now())
  returning * into v_connection;

  select * into v_access from private.adly_encrypt(p_access_token);
  insert into private.adly_store_connection_secrets
    (store_connection_id, key_id, access_token, refresh_token, webhook_secret)
  values (
    v_connection.id, v_access.key_id, v_access.ciphertext,
    (select e.ciphertext from private.adly_encrypt(p_refresh_token) e),
    (select e.ciphertext from private.adly_encrypt(p_webhook_secret) e)
  );
  return v_connection;
end;
$$;

-- as in 20260501000300_adly_secrets
create or replace function adly.set_store_connection_secrets(
  p_store_connection_id uuid,
  p_access_token text,
  p_refresh_token text default null,
  p_webhook_secret text default null
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_workspace_id uuid;
  v_existing private.adly_store_connection_secrets;
  v_access text := p_access_token;
  v_refresh text;
  v_webhook text;
  v_enc record;
begin
  perform private.require_second_factor();
  -- lock the connection so concurrent rotations apply one after the other
  select s.workspace_id into v_workspace_id
  from adly.store_connections s where s.id = p_store_connection_id
  for no key update;
  if v_workspace_id is null
     or not (private.adly_has_role(v_workspace_id, 'owner') or (select auth.role()) = 'service_role') then
    raise exception using errcode = '42501',
      message = 'only workspace owners can set the secrets of a store connection';
  end if;
  perform private.adly_check_secret(p_access_token, 'access token', true);
  if p_refresh_token <> '' then perform private.adly_check_secret(p_refresh_token, 'refresh token', false); end if;
  if p_webhook_secret <> '' then perform private.adly_check_secret(p_webhook_secret, 'webhook secret', false); end if;

  select * into v_existing from private.adly_store_connection_secrets x
  where x.store_connection_id = p_store_connection_id;
  v_refresh := case when p_refresh_token = '' then null
                    when p_refresh_token is null
                      then private.adly_decrypt(v_existing.key_id, v_existing.refresh_token)
                    else p_refresh_token end;
  v_webhook := case when p_webhook_secret = '' then null
                    when p_webhook_secret is null
                      then private.adly_decrypt(v_existing.key_id, v_existing.webhook_secret)
                    else p_webhook_secret end;

  select * into v_enc from private.adly_encrypt(v_access);
  insert into private.adly_store_connection_secrets
    (store_connection_id, key_id, access_token, refresh_token, webhook_secret)
  values (
    p_store_connection_id, v_enc.key_id, v_enc.ciphertext,
    (select e.ciphertext from private.adly_encrypt(v_refresh) e),
    (select e.ciphertext from private.adly_encrypt(v_webhook) e)
  )
  on conflict (store_connection_id) do update
    set key_id = excluded.key_id,
        access_token = excluded.access_token,
        refresh_token = excluded.refresh_token,
        webhook_secret = excluded.webhook_secret;

  update adly.store_connections set credentials_updated_at = now() where id = p_store_connection_id;
  perform private.adly_write_audit(v_workspace_id, 'store_connection.secrets_set', 'store_connection',
    p_store_connection_id,
    jsonb_build_object('refresh_token', v_refresh is not null, 'webhook_secret', v_webhook is not null));
end;
$$;

-- as in 20260501000300_adly_secrets
create or replace function adly.create_ad_account(
  p_workspace_id uuid,
  p_platform text,
  p_account_id text,
  p_account_name text,
  p_access_token text,
  p_refresh_token text default null,
  p_token_expires_at timestamptz default null
)
returns adly.ad_accounts
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_account adly.ad_accounts;
  v_access record;
begin
  perform private.require_second_factor();
  if not (private.adly_has_role(p_workspace_id, 'owner') or (select auth.role()) = 'service_role') then
    raise exception using errcode = '42501', message = 'only workspace owners can connect an ad account';
  end if;
  perform private.adly_check_secret(p_access_token, 'access token', true);
  perform private.adly_check_secret(p_refresh_token, 'refresh token', false);

  insert into adly.ad_accounts
    (workspace_id, platform, account_id, account_name, token_expires_at, credentials_updated_at)
  values (p_workspace_id, p_platform, p_account_id, p_account_name, p_token_expires_at, now())
  returning * into v_account;

  select * into v_access from private.adly_encrypt(p_access_token);
  insert into private.adly_ad_account_secrets (ad_account_id, key_id, access_token, refresh_token)
  values (v_account.id, v_access.key_id, v_access.ciphertext,
          (select e.ciphertext from private.adly_encrypt(p_refresh_token) e));
  return v_account;
end;
$$;

-- as in 20260501000300_adly_secrets
create or replace function adly.set_ad_account_tokens(
  p_ad_account_id uuid,
  p_access_token text,
  p_refresh_token text default null,
  p_token_expires_at timestamptz default null
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_workspace_id uuid;
  v_existing private.adly_ad_account_secrets;
  v_refresh text;
  v_enc record;
begin
  perform private.require_second_factor();
  select a.workspace_id into v_workspace_id
  from adly.ad_accounts a where a.id = p_ad_account_id
  for no key update;
  if v_workspace_id is null
     or not (private.adly_has_role(v_workspace_id, 'owner') or (select auth.role()) = 'service_role') then
    raise exception using errcode = '42501',
      message = 'only workspace owners can set the tokens of an ad account';
  end if;
  perform private.adly_check_secret(p_access_token, 'access token', true);
  if p_refresh_token <> '' then perform private.adly_check_secret(p_refresh_token, 'refresh token', false); end if;

  select * into v_existing from private.adly_ad_account_secrets x where x.ad_account_id = p_ad_account_id;
  v_refresh := case when p_refresh_token = '' then null
                    when p_refresh_token is null
                      then private.adly_decrypt(v_existing.key_id, v_existing.refresh_token)
                    else p_refresh_token end;

  select * into v_enc from private.adly_encrypt(p_access_token);
  insert into private.adly_ad_account_secrets (ad_account_id, key_id, access_token, refresh_token)
  values (p_ad_account_id, v_enc.key_id, v_enc.ciphertext,
          (select e.ciphertext from private.adly_encrypt(v_refresh) e))
  on conflict (ad_account_id) do update
    set key_id = excluded.key_id,
        access_token = excluded.access_token,
        refresh_token = excluded.refresh_token;

  update adly.ad_accounts
  set credentials_updated_at = now(), token_expires_at = p_token_expires_at
  where id = p_ad_account_id;
  perform private.adly_write_audit(v_workspace_id, 'ad_account.tokens_set', 'ad_account', p_ad_account_id,
    jsonb_build_object('refresh_token', v_refresh is not null, 'token_expires_at', p_token_expires_at));
end;
$$;
