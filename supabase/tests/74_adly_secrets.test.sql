-- Integration secrets: tokens never sit in a table any client role can read; owners set and
-- rotate them through functions that encrypt them; only service_role reads them back.
begin;
select plan(50);

\ir fixtures/adly_tenants.psql

-- no secret column on the exposed tables -----------------------------------------------------
select hasnt_column('adly', 'store_connections', 'access_token', 'store_connections has no access_token column');
select hasnt_column('adly', 'store_connections', 'refresh_token', 'store_connections has no refresh_token column');
select hasnt_column('adly', 'store_connections', 'webhook_secret', 'store_connections has no webhook_secret column');
select hasnt_column('adly', 'ad_accounts', 'access_token', 'ad_accounts has no access_token column');
select hasnt_column('adly', 'ad_accounts', 'refresh_token', 'ad_accounts has no refresh_token column');
select is(
  (select array_agg(distinct r.rolname order by r.rolname)
   from pg_roles r
   cross join (values ('private.secret_encryption_keys'), ('private.adly_store_connection_secrets'),
   ('private.adly_ad_account_secrets')) as t (name)
   where r.rolname in ('anon', 'authenticated', 'service_role')
     and (has_table_privilege(r.rolname, t.name, 'select') or has_any_column_privilege(r.rolname, t.name, 'select'))),
  null, 'no API role has any select privilege on the key or integration secret tables');
select is(
  (select count(*) from private.adly_store_connection_secrets
   where position(convert_to('store-token-fixture-1', 'UTF8') in access_token) > 0),
  0::bigint, 'stored tokens are ciphertext, not the token');

-- create_store_connection ------------------------------------------------------------------
select tests.authenticate_as('owner@adly.test');
select lives_ok($$select adly.create_store_connection(tests.seed_id('adly.workspace:one'), 'woocommerce', 'Woo shop',
  'https://woo.example.com',
  'woo-access-1', 'woo-refresh-1', 'woo-webhook-1')$$, 'an owner connects a store with its tokens');
select is((select count(*) from adly.store_connections where store_name = 'Woo shop'
  and credentials_updated_at is not null),
  1::bigint, 'the owner sees the connection and when its credentials were set');
select throws_ok($$select adly.create_store_connection(tests.seed_id('adly.workspace:one'), 'zid', 'No token', null,
  '')$$, '22023',
  'access token must be 1 to 8192 characters', 'an empty access token is refused');
select throws_ok($$select adly.create_store_connection(tests.seed_id('adly.workspace:one'), 'zid', 'No token', null,
  null)$$, '22023',
  'access token is required', 'a missing access token is refused');
select throws_ok($$select adly.create_store_connection(tests.seed_id('adly.workspace:one'), 'ebay', 'Wrong', null,
  'tok')$$, '23514', null,
  'an unknown platform is refused');
select throws_ok($$select * from adly.get_store_connection_secrets(tests.seed_id('adly.store_connection:one'))$$,
  '42501',
  'permission denied for function get_store_connection_secrets', 'an owner cannot read store tokens back');
select throws_ok($$select * from adly.get_ad_account_tokens(tests.seed_id('adly.ad_account:one'))$$, '42501',
  'permission denied for function get_ad_account_tokens', 'an owner cannot read ad account tokens back');
select tests.clear_authentication();

select tests.authenticate_as('member@adly.test');
select throws_ok($$select adly.create_store_connection(tests.seed_id('adly.workspace:one'), 'zid', 'Member shop', null,
  'tok')$$, '42501',
  'only workspace owners can connect a store', 'a member cannot connect a store');
select throws_ok($$select adly.set_store_connection_secrets(tests.seed_id('adly.store_connection:one'), 'stolen')$$,
  '42501',
  'only workspace owners can set the secrets of a store connection', 'a member cannot rotate store tokens');
select throws_ok($$select adly.create_ad_account(tests.seed_id('adly.workspace:one'), 'meta', 'act_m', null, 'tok')$$,
  '42501',
  'only workspace owners can connect an ad account', 'a member cannot connect an ad account');
select throws_ok($$select adly.set_ad_account_tokens(tests.seed_id('adly.ad_account:one'), 'stolen')$$, '42501',
  'only workspace owners can set the tokens of an ad account', 'a member cannot rotate ad account tokens');
select tests.clear_authentication();

select tests.authenticate_as('viewer@adly.test');
select throws_ok($$select adly.create_store_connection(tests.seed_id('adly.workspace:one'), 'zid', 'Viewer shop', null,
  'tok')$$, '42501',
  'only workspace owners can connect a store', 'a viewer cannot connect a store');
select throws_ok($$select adly.set_store_connection_secrets(tests.seed_id('adly.store_connection:one'), 'stolen')$$,
  '42501',
  'only workspace owners can set the secrets of a store connection', 'a viewer cannot rotate store tokens');
select tests.clear_authentication();

select tests.authenticate_as('other@adly.test');
select throws_ok($$select adly.create_store_connection(tests.seed_id('adly.workspace:one'), 'zid', 'Foreign', null,
  'tok')$$, '42501',
  'only workspace owners can connect a store', 'an owner of another workspace cannot connect a store here');
select throws_ok($$select adly.set_store_connection_secrets(tests.seed_id('adly.store_connection:one'), 'stolen')$$,
  '42501',
  'only workspace owners can set the secrets of a store connection',
  'an owner of another workspace cannot rotate these tokens');
select throws_ok($$select adly.set_ad_account_tokens(tests.seed_id('adly.ad_account:one'), 'stolen')$$, '42501',
  'only workspace owners can set the tokens of an ad account',
  'an owner of another workspace cannot rotate ad tokens here');
select throws_ok($$select adly.set_store_connection_secrets('00000000-0000-4000-8000-000000000000', 'x')$$, '42501',
  'only workspace owners can set the secrets of a store connection',
  'an unknown connection is refused like a foreign one');
select tests.clear_authentication();

select tests.authenticate_as_anon();
select throws_ok($$select adly.create_store_connection(tests.seed_id('adly.workspace:one'), 'zid', 'Anon', null,
  'tok')$$, '42501',
  'permission denied for function create_store_connection', 'anon cannot connect a store');
select throws_ok($$select * from adly.get_store_connection_secrets(tests.seed_id('adly.store_connection:one'))$$,
  '42501',
  'permission denied for function get_store_connection_secrets', 'anon cannot read store tokens');
select tests.clear_authentication();

-- the backend reads what the owner stored -----------------------------------------------------
select tests.authenticate_as_service_role();
select results_eq(
  $$select s.access_token, s.refresh_token, s.webhook_secret
    from adly.store_connections c, adly.get_store_connection_secrets(c.id) s where c.store_name = 'Woo shop'$$,
  $$values ('woo-access-1', 'woo-refresh-1', 'woo-webhook-1')$$,
  'service_role decrypts the tokens the owner stored');
select tests.clear_authentication();

-- rotation: null keeps, empty string removes ------------------------------------------------
select tests.authenticate_as('owner@adly.test');
select set_config('request.headers', '{"x-forwarded-for": "10.0.0.1, 198.51.100.23", "user-agent": "adly-web/2.0"}',
  true);
select lives_ok($$select adly.set_store_connection_secrets(tests.seed_id('adly.store_connection:one'),
  'store-token-rotated', null, '')$$,
  'an owner rotates the access token and removes the webhook secret');
select set_config('request.headers', '', true);
select tests.clear_authentication();
select tests.authenticate_as_service_role();
select results_eq($$select * from adly.get_store_connection_secrets(tests.seed_id('adly.store_connection:one'))$$,
  $$values ('store-token-rotated', null::text, null::text)$$,
  'the rotated token is stored and the webhook secret removed');
select lives_ok($$select adly.set_store_connection_secrets(tests.seed_id('adly.store_connection:one'),
  'store-token-refreshed', 'new-refresh')$$,
  'service_role (token refresh job) can rotate tokens');
select results_eq($$select * from adly.get_store_connection_secrets(tests.seed_id('adly.store_connection:one'))$$,
  $$values ('store-token-refreshed', 'new-refresh', null::text)$$, 'a null webhook secret keeps the stored one');
select tests.clear_authentication();

select is(
  (select row(a.user_id, a.ip_address, a.user_agent)::text from adly.audit_logs a
   where a.workspace_id = tests.seed_id('adly.workspace:one') and a.action = 'store_connection.secrets_set'
   and a.user_id is not null),
  row(tests.seed_id('user:adly-owner'), '198.51.100.23'::inet, 'adly-web/2.0')::text,
  'rotation is audited with the acting owner, his IP address and user agent');
select is(
  (select count(*) from adly.audit_logs a where a.workspace_id = tests.seed_id('adly.workspace:one')
    and a.details::text ~ '(store-token|refresh)-'),
  0::bigint, 'no audit row contains a token');
select isnt((select credentials_updated_at from adly.store_connections
  where id = tests.seed_id('adly.store_connection:one')), null,
  'credentials_updated_at is set on rotation');

-- ad accounts ------------------------------------------------------------------------------
select tests.authenticate_as('owner@adly.test');
select lives_ok($$select adly.create_ad_account(tests.seed_id('adly.workspace:one'), 'snapchat', 'snap_1', 'Snap',
  'snap-access', null, '2030-01-01')$$,
  'an owner connects an ad account');
select lives_ok($$select adly.set_ad_account_tokens(tests.seed_id('adly.ad_account:one'), 'ad-token-rotated', '',
  '2031-01-01')$$,
  'an owner rotates ad account tokens');
select tests.clear_authentication();
select tests.authenticate_as_service_role();
select results_eq($$select * from adly.get_ad_account_tokens(tests.seed_id('adly.ad_account:one'))$$,
  $$values ('ad-token-rotated', null::text, '2031-01-01'::timestamptz)$$,
  'service_role reads the rotated ad account tokens');
select results_eq($$select t.access_token from adly.ad_accounts a, adly.get_ad_account_tokens(a.id) t
  where a.account_id = 'snap_1'$$,
  $$values ('snap-access')$$, 'service_role reads the new ad account''s token');

-- key rotation -------------------------------------------------------------------------------
-- One key encrypts the ADLY tokens and the TOTP secrets of every product; rotating it re-encrypts
-- both. The mfa function stores a secret by enrolling and reads it through the state function.
select lives_ok($$select private.auth_totp_enroll(tests.seed_id('user:adly-viewer'),
  'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')$$, 'service_role stores a TOTP secret');
select is((select secret from private.auth_totp_state(tests.seed_id('user:adly-viewer'))),
  'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'service_role reads the TOTP secret back');
select lives_ok($$select private.rotate_secret_encryption_key()$$, 'service_role rotates the encryption key');
select results_eq($$select * from adly.get_store_connection_secrets(tests.seed_id('adly.store_connection:two'))$$,
  $$values ('store-token-fixture-2', null::text, 'whsec-fixture-2')$$,
  'store secrets still decrypt after key rotation');
select is((select secret from private.auth_totp_state(tests.seed_id('user:adly-viewer'))),
  'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'the TOTP secret still decrypts after key rotation');
select throws_ok($$select private.auth_totp_set_secret(tests.seed_id('user:adly-viewer'), 'JBSWY3DPEHPK3PXP')$$,
  '42501', 'permission denied for function auth_totp_set_secret',
  'service_role cannot store a TOTP secret around the enrolment''s checks');
select tests.clear_authentication();
select is((select count(*) from private.secret_encryption_keys), 1::bigint, 'the old key is destroyed after rotation');
select is(
  (select count(*) from private.adly_store_connection_secrets s join private.secret_encryption_keys k on k.id = s.key_id
    where k.is_current),
  (select count(*) from private.adly_store_connection_secrets), 'every secret uses the current key');
select is(
  (select count(*) from private.auth_totp_factors f join private.secret_encryption_keys k on k.id = f.key_id
    where k.is_current and f.user_id = tests.seed_id('user:adly-viewer')),
  1::bigint, 'the TOTP secret uses the current key');

select tests.authenticate_as('owner@adly.test');
select throws_ok($$select private.rotate_secret_encryption_key()$$, '42501',
  'permission denied for function rotate_secret_encryption_key',
  'an owner cannot rotate the encryption key');
select throws_ok($$select private.decrypt_secret(1, '\x00')$$, '42501',
  'permission denied for function decrypt_secret',
  'a user cannot decrypt a secret');
select throws_ok($$select private.auth_totp_set_secret(tests.seed_id('user:adly-owner'), 'x')$$, '42501',
  'permission denied for function auth_totp_set_secret',
  'a user cannot set a TOTP secret directly');
select tests.clear_authentication();

select * from finish();
rollback;
