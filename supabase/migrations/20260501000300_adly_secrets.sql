-- ADLY: integration secrets encrypted with pgcrypto, OTP and 2FA tables, all in `private`.
-- No API role can read the key table or the secret tables; tokens are written through owner
-- functions and read back in clear only through functions executable by service_role.

-- ============================================================================================
-- tables
-- ============================================================================================

create table private.adly_encryption_keys (
  id bigint generated always as identity,
  key text not null,
  is_current boolean not null default false,
  created_at timestamptz not null default now(),
  constraint adly_encryption_keys_pkey primary key (id),
  constraint adly_encryption_keys_key_length check (char_length(key) >= 32)
);
comment on table private.adly_encryption_keys is
  'Symmetric keys for ADLY secrets (pgp_sym_encrypt). Readable by no API role.';

create table private.adly_store_connection_secrets (
  store_connection_id uuid not null,
  key_id bigint not null,
  access_token bytea not null,
  refresh_token bytea,
  webhook_secret bytea,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint adly_store_connection_secrets_pkey primary key (store_connection_id),
  constraint adly_store_connection_secrets_store_connection_id_fkey foreign key (store_connection_id)
    references adly.store_connections (id) on delete cascade,
  constraint adly_store_connection_secrets_key_id_fkey foreign key (key_id)
    references private.adly_encryption_keys (id)
);
comment on table private.adly_store_connection_secrets is
  'Encrypted access token, refresh token and webhook secret of a store connection.';

create table private.adly_ad_account_secrets (
  ad_account_id uuid not null,
  key_id bigint not null,
  access_token bytea not null,
  refresh_token bytea,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint adly_ad_account_secrets_pkey primary key (ad_account_id),
  constraint adly_ad_account_secrets_ad_account_id_fkey foreign key (ad_account_id)
    references adly.ad_accounts (id) on delete cascade,
  constraint adly_ad_account_secrets_key_id_fkey foreign key (key_id)
    references private.adly_encryption_keys (id)
);
comment on table private.adly_ad_account_secrets is 'Encrypted access and refresh token of an ad account.';

create table private.adly_otp_tokens (
  id uuid not null default extensions.gen_random_uuid(),
  user_id uuid not null,
  token_hash text not null,
  purpose text not null,
  attempts integer not null default 0,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now(),
  constraint adly_otp_tokens_pkey primary key (id),
  constraint adly_otp_tokens_user_id_fkey foreign key (user_id)
    references adly.users (id) on delete cascade,
  constraint adly_otp_tokens_purpose_check check (purpose in ('verification', 'login', 'reset')),
  constraint adly_otp_tokens_token_hash_format check (token_hash ~ '^[0-9a-f]{64}$'),
  constraint adly_otp_tokens_attempts_nonnegative check (attempts >= 0),
  constraint adly_otp_tokens_expiry_after_creation check (expires_at > created_at)
);
comment on table private.adly_otp_tokens is
  'One-time codes of the OTP edge function; only the SHA-256 hex of the code is stored.';

create table private.adly_user_2fa (
  id uuid not null default extensions.gen_random_uuid(),
  user_id uuid not null,
  key_id bigint not null,
  secret bytea not null,
  is_enabled boolean not null default false,
  backup_code_hashes text[] not null default '{}',
  enabled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint adly_user_2fa_pkey primary key (id),
  constraint adly_user_2fa_user_id_key unique (user_id),
  constraint adly_user_2fa_user_id_fkey foreign key (user_id)
    references adly.users (id) on delete cascade,
  constraint adly_user_2fa_key_id_fkey foreign key (key_id)
    references private.adly_encryption_keys (id),
  constraint adly_user_2fa_enabled_at_when_enabled check (is_enabled = (enabled_at is not null))
);
comment on table private.adly_user_2fa is
  'TOTP enrolment of a user: secret encrypted with the ADLY key, backup codes stored as SHA-256 hex.';

-- ============================================================================================
-- indexes
-- ============================================================================================

create unique index adly_encryption_keys_one_current_idx
  on private.adly_encryption_keys (is_current) where is_current;
create index adly_store_connection_secrets_key_id_idx on private.adly_store_connection_secrets (key_id);
create index adly_ad_account_secrets_key_id_idx on private.adly_ad_account_secrets (key_id);
create index adly_otp_tokens_user_purpose_idx on private.adly_otp_tokens (user_id, purpose);
create index adly_user_2fa_key_id_idx on private.adly_user_2fa (key_id);

-- ============================================================================================
-- triggers
-- ============================================================================================

create trigger set_updated_at before update on private.adly_store_connection_secrets
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on private.adly_ad_account_secrets
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on private.adly_user_2fa
  for each row execute function private.set_updated_at();

-- The first key, generated inside the database at migration time.
insert into private.adly_encryption_keys (key, is_current)
values (encode(extensions.gen_random_bytes(32), 'base64'), true);

-- ============================================================================================
-- helpers: encryption (internal, never granted to an API role)
-- ============================================================================================

create function private.adly_encrypt(p_plaintext text, out key_id bigint, out ciphertext bytea)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_key text;
begin
  select k.id, k.key into key_id, v_key from private.adly_encryption_keys k where k.is_current;
  if v_key is null then
    raise exception using errcode = 'P0001', message = 'no current ADLY encryption key';
  end if;
  ciphertext := case when p_plaintext is null then null
                     else extensions.pgp_sym_encrypt(p_plaintext, v_key, 'cipher-algo=aes256') end;
end;
$$;
revoke execute on function private.adly_encrypt(text) from public;
comment on function private.adly_encrypt(text) is
  'Internal: encrypts with the current key; returns the key id to store beside the ciphertext.';

create function private.adly_decrypt(p_key_id bigint, p_ciphertext bytea)
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
  select k.key into v_key from private.adly_encryption_keys k where k.id = p_key_id;
  if v_key is null then
    raise exception using errcode = 'P0001', message = 'unknown ADLY encryption key';
  end if;
  return extensions.pgp_sym_decrypt(p_ciphertext, v_key);
end;
$$;
revoke execute on function private.adly_decrypt(bigint, bytea) from public;
comment on function private.adly_decrypt(bigint, bytea) is 'Internal: decrypts with the key it was encrypted with.';

create function private.adly_check_secret(p_value text, p_what text, p_required boolean)
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
revoke execute on function private.adly_check_secret(text, text, boolean) from public;

-- ============================================================================================
-- rpc: store connections
-- ============================================================================================

-- Definer: writes the encrypted tokens into private tables no client can read. Refuses callers
-- that are not owners of the workspace (service_role may act for any workspace) and invalid
-- platforms or tokens. Never returns a token.
create function adly.create_store_connection(
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
revoke execute on function adly.create_store_connection(uuid, text, text, text, text, text, text) from public;
grant execute on function adly.create_store_connection(uuid, text, text, text, text, text, text)
  to authenticated, service_role;
comment on function adly.create_store_connection(uuid, text, text, text, text, text, text) is
  'Owner connects a store; the tokens are stored encrypted and never returned.';

-- Sets or rotates the secrets of a store connection. A null refresh token or webhook secret
-- keeps the stored one; an empty string removes it. Same trust boundary as create.
create function adly.set_store_connection_secrets(
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
revoke execute on function adly.set_store_connection_secrets(uuid, text, text, text) from public;
grant execute on function adly.set_store_connection_secrets(uuid, text, text, text) to authenticated, service_role;
comment on function adly.set_store_connection_secrets(uuid, text, text, text) is
  'Owner sets or rotates store tokens (null keeps the stored refresh token / webhook secret, empty string removes it).';

-- Clear-text secrets for the sync and webhook edge functions. service_role only.
create function adly.get_store_connection_secrets(p_store_connection_id uuid)
returns table (access_token text, refresh_token text, webhook_secret text)
language sql
stable
security definer
set search_path = ''
as $$
  select private.adly_decrypt(x.key_id, x.access_token),
         private.adly_decrypt(x.key_id, x.refresh_token),
         private.adly_decrypt(x.key_id, x.webhook_secret)
  from private.adly_store_connection_secrets x
  where x.store_connection_id = p_store_connection_id
$$;
revoke execute on function adly.get_store_connection_secrets(uuid) from public;
grant execute on function adly.get_store_connection_secrets(uuid) to service_role;
comment on function adly.get_store_connection_secrets(uuid) is
  'service_role only: decrypted tokens of a store connection.';

-- ============================================================================================
-- rpc: ad accounts
-- ============================================================================================

create function adly.create_ad_account(
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
revoke execute on function adly.create_ad_account(uuid, text, text, text, text, text, timestamptz) from public;
grant execute on function adly.create_ad_account(uuid, text, text, text, text, text, timestamptz)
  to authenticated, service_role;
comment on function adly.create_ad_account(uuid, text, text, text, text, text, timestamptz) is
  'Owner connects an ad account; the tokens are stored encrypted and never returned.';

create function adly.set_ad_account_tokens(
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
revoke execute on function adly.set_ad_account_tokens(uuid, text, text, timestamptz) from public;
grant execute on function adly.set_ad_account_tokens(uuid, text, text, timestamptz) to authenticated, service_role;
comment on function adly.set_ad_account_tokens(uuid, text, text, timestamptz) is
  'Owner sets or rotates ad account tokens (null keeps the stored refresh token, empty string removes it).';

create function adly.get_ad_account_tokens(p_ad_account_id uuid)
returns table (access_token text, refresh_token text, token_expires_at timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  select private.adly_decrypt(x.key_id, x.access_token),
         private.adly_decrypt(x.key_id, x.refresh_token),
         a.token_expires_at
  from private.adly_ad_account_secrets x
  join adly.ad_accounts a on a.id = x.ad_account_id
  where x.ad_account_id = p_ad_account_id
$$;
revoke execute on function adly.get_ad_account_tokens(uuid) from public;
grant execute on function adly.get_ad_account_tokens(uuid) to service_role;
comment on function adly.get_ad_account_tokens(uuid) is 'service_role only: decrypted tokens of an ad account.';

-- ============================================================================================
-- rpc: 2FA secret (for the mfa edge function) and key rotation, service_role only
-- ============================================================================================

create function adly.set_user_2fa_secret(p_user_id uuid, p_secret text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_enc record;
begin
  perform private.adly_check_secret(p_secret, 'TOTP secret', true);
  select * into v_enc from private.adly_encrypt(p_secret);
  insert into private.adly_user_2fa (user_id, key_id, secret, is_enabled, enabled_at)
  values (p_user_id, v_enc.key_id, v_enc.ciphertext, false, null)
  on conflict (user_id) do update
    set key_id = excluded.key_id, secret = excluded.secret, is_enabled = false, enabled_at = null,
        backup_code_hashes = '{}';
end;
$$;
revoke execute on function adly.set_user_2fa_secret(uuid, text) from public;
grant execute on function adly.set_user_2fa_secret(uuid, text) to service_role;
comment on function adly.set_user_2fa_secret(uuid, text) is
  'service_role only: stores a new (not yet enabled) TOTP secret for a user, encrypted.';

create function adly.get_user_2fa_secret(p_user_id uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select private.adly_decrypt(t.key_id, t.secret) from private.adly_user_2fa t where t.user_id = p_user_id
$$;
revoke execute on function adly.get_user_2fa_secret(uuid) from public;
grant execute on function adly.get_user_2fa_secret(uuid) to service_role;
comment on function adly.get_user_2fa_secret(uuid) is 'service_role only: decrypted TOTP secret of a user.';

-- Generates a new key, re-encrypts every secret with it and deletes the old keys, in one
-- transaction (the key table is locked so two rotations cannot interleave).
create function adly.rotate_encryption_key()
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_new_id bigint;
  v_new_key text := encode(extensions.gen_random_bytes(32), 'base64');
begin
  lock table private.adly_encryption_keys in exclusive mode;
  update private.adly_encryption_keys set is_current = false where is_current;
  insert into private.adly_encryption_keys (key, is_current) values (v_new_key, true) returning id into v_new_id;

  update private.adly_store_connection_secrets x
  set access_token =
        extensions.pgp_sym_encrypt(private.adly_decrypt(x.key_id, x.access_token), v_new_key, 'cipher-algo=aes256'),
      refresh_token = case when x.refresh_token is null then null else
        extensions.pgp_sym_encrypt(private.adly_decrypt(x.key_id, x.refresh_token), v_new_key, 'cipher-algo=aes256')
      end,
      webhook_secret = case when x.webhook_secret is null then null else
        extensions.pgp_sym_encrypt(private.adly_decrypt(x.key_id, x.webhook_secret), v_new_key, 'cipher-algo=aes256')
      end,
      key_id = v_new_id
  where x.key_id <> v_new_id;

  update private.adly_ad_account_secrets x
  set access_token =
        extensions.pgp_sym_encrypt(private.adly_decrypt(x.key_id, x.access_token), v_new_key, 'cipher-algo=aes256'),
      refresh_token = case when x.refresh_token is null then null else
        extensions.pgp_sym_encrypt(private.adly_decrypt(x.key_id, x.refresh_token), v_new_key, 'cipher-algo=aes256')
      end,
      key_id = v_new_id
  where x.key_id <> v_new_id;

  update private.adly_user_2fa x
  set secret = extensions.pgp_sym_encrypt(private.adly_decrypt(x.key_id, x.secret), v_new_key, 'cipher-algo=aes256'),
      key_id = v_new_id
  where x.key_id <> v_new_id;

  -- nothing refers to the old keys any more: destroy them
  delete from private.adly_encryption_keys k where k.id <> v_new_id;
  return v_new_id;
end;
$$;
revoke execute on function adly.rotate_encryption_key() from public;
grant execute on function adly.rotate_encryption_key() to service_role;
comment on function adly.rotate_encryption_key() is
  'service_role only: new encryption key, every ADLY secret re-encrypted with it, old keys deleted.';

-- ============================================================================================
-- grants
-- ============================================================================================

-- Nothing on the key table or the integration secrets for any API role.
revoke all on private.adly_encryption_keys, private.adly_store_connection_secrets,
  private.adly_ad_account_secrets, private.adly_otp_tokens, private.adly_user_2fa
  from public, anon, authenticated, service_role;

-- The OTP and mfa edge functions work with hashes and go through the functions above for the
-- TOTP secret.
grant select, insert, update, delete on private.adly_otp_tokens to service_role;
grant select (id, user_id, is_enabled, backup_code_hashes, enabled_at, created_at, updated_at),
  update (is_enabled, backup_code_hashes, enabled_at), delete
  on private.adly_user_2fa to service_role;
