-- Secret encryption takes names that say whose it is, and the TOTP secret leaves ADLY's API.
-- ADLY created the key table and its helpers (20260501000300_adly_secrets) for its store and
-- ad-account tokens and for the TOTP secret; since 20260601000000_auth_tables the TOTP factor
-- serves every product (the mfa edge function, the auth_totp_* functions), so one key and one pair
-- of helpers encrypt both products' secrets. Renamed here:
--   private.adly_encryption_keys  -> private.secret_encryption_keys (with its constraints, index
--                                    and identity sequence)
--   private.adly_encrypt(text)    -> private.encrypt_secret(text)
--   private.adly_decrypt(...)     -> private.decrypt_secret(bigint, bytea)
--   private.adly_check_secret(...) -> private.check_secret(text, text, boolean)
--   adly.rotate_encryption_key()  -> private.rotate_secret_encryption_key() (service_role, as
--                                    before; it re-encrypts the TOTP secrets too, and an operator
--                                    runs it from SQL, so it has no place in ADLY's Data API)
--   adly.set_user_2fa_secret(uuid, text) -> private.auth_totp_set_secret(uuid, text), internal:
--                                    its one caller is private.auth_totp_enroll, which checks the
--                                    user, the secret's format and that no factor is enabled; the
--                                    service role enrolls through that, not around it
--   adly.get_user_2fa_secret(uuid) -> dropped: nothing calls it; private.auth_totp_state gives the
--                                    mfa function the secret, under the factor's row lock
-- The rename keeps the key table's rows, its (absent) grants and the foreign keys of the three
-- secret tables. Function bodies name functions and tables as text resolved when they run, so
-- every function that calls the old ones is defined again below, unchanged but for those names;
-- create or replace keeps its grants and comment. Then the old functions are dropped. No view,
-- policy, trigger or scheduled job names any of them. Earlier migrations keep the old names: they
-- are what was applied.

-- ============================================================================================
-- tables
-- ============================================================================================

-- No client names the key table: private is not exposed and no API role has a privilege on it;
-- only the definer functions redefined in this same transaction read it.
-- squawk-ignore renaming-table
alter table private.adly_encryption_keys rename to secret_encryption_keys;
alter table private.secret_encryption_keys
  rename constraint adly_encryption_keys_pkey to secret_encryption_keys_pkey;
alter table private.secret_encryption_keys
  rename constraint adly_encryption_keys_key_length to secret_encryption_keys_key_length;
alter sequence private.adly_encryption_keys_id_seq rename to secret_encryption_keys_id_seq;

comment on table private.secret_encryption_keys is
  'Symmetric keys (pgp_sym_encrypt) of the secrets stored encrypted: ADLY store and ad-account tokens, TOTP '
  'secrets. Readable by no API role.';
comment on table private.auth_totp_factors is
  'TOTP factor of a user of any product (mfa edge function): secret encrypted with a key of '
  'private.secret_encryption_keys, backup codes as HMAC-SHA256 hex.';

-- ============================================================================================
-- indexes
-- ============================================================================================

-- (the primary key index was renamed with its constraint)
alter index private.adly_encryption_keys_one_current_idx rename to secret_encryption_keys_one_current_idx;

-- ============================================================================================
-- helpers: encryption (internal, never granted to an API role)
-- ============================================================================================

-- as private.adly_encrypt in 20260501000300_adly_secrets
create function private.encrypt_secret(p_plaintext text, out key_id bigint, out ciphertext bytea)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_key text;
begin
  select k.id, k.key into key_id, v_key from private.secret_encryption_keys k where k.is_current;
  if v_key is null then
    raise exception using errcode = 'P0001', message = 'no current secret encryption key';
  end if;
  ciphertext := case when p_plaintext is null then null
                     else extensions.pgp_sym_encrypt(p_plaintext, v_key, 'cipher-algo=aes256') end;
end;
$$;
revoke execute on function private.encrypt_secret(text) from public;
comment on function private.encrypt_secret(text) is
  'Internal: encrypts with the current key; returns the key id to store beside the ciphertext.';

-- as private.adly_decrypt in 20260501000300_adly_secrets
create function private.decrypt_secret(p_key_id bigint, p_ciphertext bytea)
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_key text;
begin
  if p_ciphertext is null then
    return null;
  end if;
  select k.key into v_key from private.secret_encryption_keys k where k.id = p_key_id;
  if v_key is null then
    raise exception using errcode = 'P0001', message = 'unknown secret encryption key';
  end if;
  return extensions.pgp_sym_decrypt(p_ciphertext, v_key);
end;
$$;
revoke execute on function private.decrypt_secret(bigint, bytea) from public;
comment on function private.decrypt_secret(bigint, bytea) is 'Internal: decrypts with the key it was encrypted with.';

-- as private.adly_check_secret in 20260501000300_adly_secrets
create function private.check_secret(p_value text, p_what text, p_required boolean)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_value is null then
    if p_required then
      raise exception using errcode = '22023', message = p_what || ' is required';
    end if;
    return;
  end if;
  if char_length(p_value) not between 1 and 8192 then
    raise exception using errcode = '22023', message = p_what || ' must be 1 to 8192 characters';
  end if;
end;
$$;
revoke execute on function private.check_secret(text, text, boolean) from public;
comment on function private.check_secret(text, text, boolean) is
  'Internal: refuses a missing required secret (22023) or one outside 1 to 8192 characters, named p_what.';

-- as adly.set_user_2fa_secret in 20261206000200_auth_code_tables_named_for_auth. Internal: its
-- caller, private.auth_totp_enroll, is what the service role calls.
create function private.auth_totp_set_secret(p_user_id uuid, p_secret text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_enc record;
begin
  perform private.check_secret(p_secret, 'TOTP secret', true);
  select * into v_enc from private.encrypt_secret(p_secret);
  insert into private.auth_totp_factors (user_id, key_id, secret, is_enabled, enabled_at)
  values (p_user_id, v_enc.key_id, v_enc.ciphertext, false, null)
  on conflict (user_id) do update
    set key_id = excluded.key_id, secret = excluded.secret, is_enabled = false, enabled_at = null,
        backup_code_hashes = '{}';
end;
$$;
revoke execute on function private.auth_totp_set_secret(uuid, text) from public;
comment on function private.auth_totp_set_secret(uuid, text) is
  'Internal: stores a new (not yet enabled) TOTP secret for a user, encrypted; private.auth_totp_enroll calls it.';

-- as adly.rotate_encryption_key in 20261206000200_auth_code_tables_named_for_auth. Generates a
-- new key, re-encrypts every secret with it and deletes the old keys, in one transaction (the
-- key table is locked so two rotations cannot interleave).
create function private.rotate_secret_encryption_key()
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_new_id bigint;
  v_new_key text := encode(extensions.gen_random_bytes(32), 'base64');
begin
  lock table private.secret_encryption_keys in exclusive mode;
  update private.secret_encryption_keys set is_current = false where is_current;
  insert into private.secret_encryption_keys (key, is_current) values (v_new_key, true) returning id into v_new_id;

  update private.adly_store_connection_secrets x
  set access_token =
        extensions.pgp_sym_encrypt(private.decrypt_secret(x.key_id, x.access_token), v_new_key, 'cipher-algo=aes256'),
      refresh_token = case when x.refresh_token is null then null else
        extensions.pgp_sym_encrypt(private.decrypt_secret(x.key_id, x.refresh_token), v_new_key, 'cipher-algo=aes256')
      end,
      webhook_secret = case when x.webhook_secret is null then null else
        extensions.pgp_sym_encrypt(private.decrypt_secret(x.key_id, x.webhook_secret), v_new_key, 'cipher-algo=aes256')
      end,
      key_id = v_new_id
  where x.key_id <> v_new_id;

  update private.adly_ad_account_secrets x
  set access_token =
        extensions.pgp_sym_encrypt(private.decrypt_secret(x.key_id, x.access_token), v_new_key, 'cipher-algo=aes256'),
      refresh_token = case when x.refresh_token is null then null else
        extensions.pgp_sym_encrypt(private.decrypt_secret(x.key_id, x.refresh_token), v_new_key, 'cipher-algo=aes256')
      end,
      key_id = v_new_id
  where x.key_id <> v_new_id;

  update private.auth_totp_factors x
  set secret = extensions.pgp_sym_encrypt(private.decrypt_secret(x.key_id, x.secret), v_new_key, 'cipher-algo=aes256'),
      key_id = v_new_id
  where x.key_id <> v_new_id;

  -- nothing refers to the old keys any more: destroy them
  delete from private.secret_encryption_keys k where k.id <> v_new_id;
  return v_new_id;
end;
$$;
revoke execute on function private.rotate_secret_encryption_key() from public;
comment on function private.rotate_secret_encryption_key() is
  'Operator (postgres or service_role): new encryption key, every encrypted secret (ADLY tokens, TOTP secrets) '
  're-encrypted with it, old keys deleted.';

-- ============================================================================================
-- rpc: the functions that call the old helpers, each as its latest migration left it
-- ============================================================================================

-- as in 20261201000520_adly_second_factor_rpc_guards
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
  perform private.check_secret(p_access_token, 'access token', true);
  perform private.check_secret(p_refresh_token, 'refresh token', false);
  perform private.check_secret(p_webhook_secret, 'webhook secret', false);

  insert into adly.store_connections (workspace_id, platform, store_name, store_url, credentials_updated_at)
  values (p_workspace_id, p_platform, p_store_name, p_store_url, now())
  returning * into v_connection;

  select * into v_access from private.encrypt_secret(p_access_token);
  insert into private.adly_store_connection_secrets
    (store_connection_id, key_id, access_token, refresh_token, webhook_secret)
  values (
    v_connection.id, v_access.key_id, v_access.ciphertext,
    (select e.ciphertext from private.encrypt_secret(p_refresh_token) e),
    (select e.ciphertext from private.encrypt_secret(p_webhook_secret) e)
  );
  return v_connection;
end;
$$;

-- as in 20261201000520_adly_second_factor_rpc_guards
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
  perform private.check_secret(p_access_token, 'access token', true);
  if p_refresh_token <> '' then perform private.check_secret(p_refresh_token, 'refresh token', false); end if;
  if p_webhook_secret <> '' then perform private.check_secret(p_webhook_secret, 'webhook secret', false); end if;

  select * into v_existing from private.adly_store_connection_secrets x
  where x.store_connection_id = p_store_connection_id;
  v_refresh := case when p_refresh_token = '' then null
                    when p_refresh_token is null
                      then private.decrypt_secret(v_existing.key_id, v_existing.refresh_token)
                    else p_refresh_token end;
  v_webhook := case when p_webhook_secret = '' then null
                    when p_webhook_secret is null
                      then private.decrypt_secret(v_existing.key_id, v_existing.webhook_secret)
                    else p_webhook_secret end;

  select * into v_enc from private.encrypt_secret(v_access);
  insert into private.adly_store_connection_secrets
    (store_connection_id, key_id, access_token, refresh_token, webhook_secret)
  values (
    p_store_connection_id, v_enc.key_id, v_enc.ciphertext,
    (select e.ciphertext from private.encrypt_secret(v_refresh) e),
    (select e.ciphertext from private.encrypt_secret(v_webhook) e)
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
create or replace function adly.get_store_connection_secrets(p_store_connection_id uuid)
returns table (access_token text, refresh_token text, webhook_secret text)
language sql
stable
security definer
set search_path = ''
as $$
  select private.decrypt_secret(x.key_id, x.access_token),
         private.decrypt_secret(x.key_id, x.refresh_token),
         private.decrypt_secret(x.key_id, x.webhook_secret)
  from private.adly_store_connection_secrets x
  where x.store_connection_id = p_store_connection_id
$$;

-- as in 20261201000520_adly_second_factor_rpc_guards
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
  perform private.check_secret(p_access_token, 'access token', true);
  perform private.check_secret(p_refresh_token, 'refresh token', false);

  insert into adly.ad_accounts
    (workspace_id, platform, account_id, account_name, token_expires_at, credentials_updated_at)
  values (p_workspace_id, p_platform, p_account_id, p_account_name, p_token_expires_at, now())
  returning * into v_account;

  select * into v_access from private.encrypt_secret(p_access_token);
  insert into private.adly_ad_account_secrets (ad_account_id, key_id, access_token, refresh_token)
  values (v_account.id, v_access.key_id, v_access.ciphertext,
          (select e.ciphertext from private.encrypt_secret(p_refresh_token) e));
  return v_account;
end;
$$;

-- as in 20261201000520_adly_second_factor_rpc_guards
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
  perform private.check_secret(p_access_token, 'access token', true);
  if p_refresh_token <> '' then perform private.check_secret(p_refresh_token, 'refresh token', false); end if;

  select * into v_existing from private.adly_ad_account_secrets x where x.ad_account_id = p_ad_account_id;
  v_refresh := case when p_refresh_token = '' then null
                    when p_refresh_token is null
                      then private.decrypt_secret(v_existing.key_id, v_existing.refresh_token)
                    else p_refresh_token end;

  select * into v_enc from private.encrypt_secret(p_access_token);
  insert into private.adly_ad_account_secrets (ad_account_id, key_id, access_token, refresh_token)
  values (p_ad_account_id, v_enc.key_id, v_enc.ciphertext,
          (select e.ciphertext from private.encrypt_secret(v_refresh) e))
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

-- as in 20260501000300_adly_secrets
create or replace function adly.get_ad_account_tokens(p_ad_account_id uuid)
returns table (access_token text, refresh_token text, token_expires_at timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  select private.decrypt_secret(x.key_id, x.access_token),
         private.decrypt_secret(x.key_id, x.refresh_token),
         a.token_expires_at
  from private.adly_ad_account_secrets x
  join adly.ad_accounts a on a.id = x.ad_account_id
  where x.ad_account_id = p_ad_account_id
$$;

-- as in 20261206000200_auth_code_tables_named_for_auth
create or replace function private.auth_totp_enroll(p_user_id uuid, p_secret text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if p_secret is null or p_secret !~ '^[A-Z2-7]{32,}$' then
    raise exception using errcode = '22023', message = 'the secret must be base32 of at least 160 bits';
  end if;
  if not exists (select 1 from auth.users u where u.id = p_user_id and u.deleted_at is null) then
    raise exception using errcode = 'P0002', message = 'user not found';
  end if;
  perform 1 from private.auth_totp_factors f where f.user_id = p_user_id for update;
  if exists (select 1 from private.auth_totp_factors f where f.user_id = p_user_id and f.is_enabled) then
    raise exception using errcode = '55000', message = 'two-factor authentication is already enabled';
  end if;
  perform private.auth_totp_set_secret(p_user_id, p_secret);
  update private.auth_totp_factors f
  set last_used_step = null, failed_attempts = 0, locked_until = null, backup_codes_generated_at = null
  where f.user_id = p_user_id;
end;
$$;

-- as in 20261206000200_auth_code_tables_named_for_auth
create or replace function private.auth_totp_state(p_user_id uuid)
returns table (
  secret text,
  is_enabled boolean,
  last_used_step bigint,
  failed_attempts integer,
  locked_until timestamptz,
  backup_codes_left integer
)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_factor private.auth_totp_factors := private.auth_require_factor(p_user_id);
begin
  return query
  select private.decrypt_secret(v_factor.key_id, v_factor.secret), v_factor.is_enabled, v_factor.last_used_step,
         v_factor.failed_attempts, v_factor.locked_until, coalesce(cardinality(v_factor.backup_code_hashes), 0);
end;
$$;

-- ============================================================================================
-- the old functions, called by nothing any more
-- ============================================================================================

drop function adly.set_user_2fa_secret(uuid, text);
drop function adly.get_user_2fa_secret(uuid);
drop function adly.rotate_encryption_key();
drop function private.adly_check_secret(text, text, boolean);
drop function private.adly_encrypt(text);
drop function private.adly_decrypt(bigint, bytea);

-- ============================================================================================
-- grants
-- ============================================================================================

-- The key table keeps no grant for any role but its owner. The encryption helpers and the TOTP
-- secret setter stay internal (their callers are definer functions). Rotation is an operator's
-- task, run as postgres or as the service role, as it was.
grant execute on function private.rotate_secret_encryption_key() to service_role;
