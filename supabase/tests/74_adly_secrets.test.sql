-- Integration secrets: tokens never sit in a table any client role can read; owners set and
-- rotate them through functions that encrypt them; only service_role reads them back.
begin;
select plan(48);

-- Fixture: workspace one (e1000000-0000-4000-8000-000000000001) with an owner, a member and a viewer;
-- workspace two (e1000000-0000-4000-8000-000000000002) whose owner is the outsider of workspace one. Every tenant table has
-- one row in each workspace; fixture ids end in the workspace's number (1 or 2).
select tests.create_user('owner@adly.test', '{"product": "adly"}', 'e0000000-0000-4000-8000-000000000011');
select tests.create_user('member@adly.test', '{"product": "adly"}', 'e0000000-0000-4000-8000-000000000021');
select tests.create_user('viewer@adly.test', '{"product": "adly"}', 'e0000000-0000-4000-8000-000000000031');
select tests.create_user('other@adly.test', '{"product": "adly"}', 'e0000000-0000-4000-8000-000000000012');

insert into adly.workspaces (id, name, slug, created_by) values
  ('e1000000-0000-4000-8000-000000000001', 'Fixture One', 'fixture-one', 'e0000000-0000-4000-8000-000000000011'),
  ('e1000000-0000-4000-8000-000000000002', 'Fixture Two', 'fixture-two', 'e0000000-0000-4000-8000-000000000012');
insert into adly.workspace_members (id, workspace_id, user_id, role, invited_by) values
  ('d1000000-0000-4000-8000-000000000001', 'e1000000-0000-4000-8000-000000000001', 'e0000000-0000-4000-8000-000000000011', 'owner', null),
  ('d2000000-0000-4000-8000-000000000001', 'e1000000-0000-4000-8000-000000000001', 'e0000000-0000-4000-8000-000000000021', 'member', 'e0000000-0000-4000-8000-000000000011'),
  ('d3000000-0000-4000-8000-000000000001', 'e1000000-0000-4000-8000-000000000001', 'e0000000-0000-4000-8000-000000000031', 'viewer', 'e0000000-0000-4000-8000-000000000011'),
  ('d1000000-0000-4000-8000-000000000002', 'e1000000-0000-4000-8000-000000000002', 'e0000000-0000-4000-8000-000000000012', 'owner', null);

insert into adly.store_connections (id, workspace_id, platform, store_name) values
  ('e2000000-0000-4000-8000-000000000001', 'e1000000-0000-4000-8000-000000000001', 'shopify', 'Store one'), ('e2000000-0000-4000-8000-000000000002', 'e1000000-0000-4000-8000-000000000002', 'zid', 'Store two');
insert into private.adly_store_connection_secrets (store_connection_id, key_id, access_token, webhook_secret)
select s.id, e.key_id, e.ciphertext, (private.adly_encrypt('whsec-fixture-' || s.n)).ciphertext
from (values ('e2000000-0000-4000-8000-000000000001'::uuid, 1), ('e2000000-0000-4000-8000-000000000002'::uuid, 2)) as s (id, n)
cross join lateral private.adly_encrypt('store-token-fixture-' || s.n) as e;
insert into adly.ad_accounts (id, workspace_id, platform, account_id) values
  ('e6000000-0000-4000-8000-000000000001', 'e1000000-0000-4000-8000-000000000001', 'meta', 'act_1'), ('e6000000-0000-4000-8000-000000000002', 'e1000000-0000-4000-8000-000000000002', 'tiktok', 'tt_2');
insert into private.adly_ad_account_secrets (ad_account_id, key_id, access_token, refresh_token)
select a.id, e.key_id, e.ciphertext, (private.adly_encrypt('ad-refresh-fixture-' || a.n)).ciphertext
from (values ('e6000000-0000-4000-8000-000000000001'::uuid, 1), ('e6000000-0000-4000-8000-000000000002'::uuid, 2)) as a (id, n)
cross join lateral private.adly_encrypt('ad-token-fixture-' || a.n) as e;

insert into adly.products (id, store_connection_id, external_id, title) values
  ('e3000000-0000-4000-8000-000000000001', 'e2000000-0000-4000-8000-000000000001', 'p1', 'Product one'), ('e3000000-0000-4000-8000-000000000002', 'e2000000-0000-4000-8000-000000000002', 'p2', 'Product two');
insert into adly.orders (id, store_connection_id, external_id, total_amount, status, order_date, attribution_data) values
  ('e4000000-0000-4000-8000-000000000001', 'e2000000-0000-4000-8000-000000000001', 'o1', 10, 'paid', now(), '{"utm_source": "one"}'),
  ('e4000000-0000-4000-8000-000000000002', 'e2000000-0000-4000-8000-000000000002', 'o2', 20, 'paid', now(), '{"utm_source": "two"}');
insert into adly.order_items (id, order_id, product_id, quantity, price) values
  ('e5000000-0000-4000-8000-000000000001', 'e4000000-0000-4000-8000-000000000001', 'e3000000-0000-4000-8000-000000000001', 1, 10), ('e5000000-0000-4000-8000-000000000002', 'e4000000-0000-4000-8000-000000000002', 'e3000000-0000-4000-8000-000000000002', 1, 20);
insert into adly.campaigns (id, workspace_id, ad_account_id, name, objective) values
  ('e7000000-0000-4000-8000-000000000001', 'e1000000-0000-4000-8000-000000000001', 'e6000000-0000-4000-8000-000000000001', 'Campaign one', 'sales'),
  ('e7000000-0000-4000-8000-000000000002', 'e1000000-0000-4000-8000-000000000002', 'e6000000-0000-4000-8000-000000000002', 'Campaign two', 'sales');
insert into adly.ad_sets (id, campaign_id, name) values
  ('e8000000-0000-4000-8000-000000000001', 'e7000000-0000-4000-8000-000000000001', 'Ad set one'), ('e8000000-0000-4000-8000-000000000002', 'e7000000-0000-4000-8000-000000000002', 'Ad set two');
insert into adly.ads (id, ad_set_id, name) values
  ('e9000000-0000-4000-8000-000000000001', 'e8000000-0000-4000-8000-000000000001', 'Ad one'), ('e9000000-0000-4000-8000-000000000002', 'e8000000-0000-4000-8000-000000000002', 'Ad two');
insert into adly.content_assets (id, workspace_id, type, name) values
  ('ea000000-0000-4000-8000-000000000001', 'e1000000-0000-4000-8000-000000000001', 'image', 'Asset one'), ('ea000000-0000-4000-8000-000000000002', 'e1000000-0000-4000-8000-000000000002', 'image', 'Asset two');
insert into adly.content_templates (id, workspace_id, name, type, template_data, is_public) values
  ('eb000000-0000-4000-8000-000000000001', 'e1000000-0000-4000-8000-000000000001', 'Template one', 'text', '{}', false),
  ('eb000000-0000-4000-8000-000000000002', 'e1000000-0000-4000-8000-000000000002', 'Template two', 'text', '{}', false),
  ('eb000000-0000-4000-8000-000000000003', null, 'Public template', 'text', '{}', true);
insert into adly.generation_jobs (id, workspace_id, user_id, type, provider, prompt) values
  ('ec000000-0000-4000-8000-000000000001', 'e1000000-0000-4000-8000-000000000001', 'e0000000-0000-4000-8000-000000000021', 'text', 'fixture-ai', 'Prompt one'),
  ('ec000000-0000-4000-8000-000000000002', 'e1000000-0000-4000-8000-000000000002', 'e0000000-0000-4000-8000-000000000012', 'text', 'fixture-ai', 'Prompt two');
insert into adly.campaign_metrics (id, campaign_id, date, impressions, clicks, spend, revenue) values
  ('ed000000-0000-4000-8000-000000000001', 'e7000000-0000-4000-8000-000000000001', date '2026-01-01', 1000, 10, 5, 20),
  ('ed000000-0000-4000-8000-000000000002', 'e7000000-0000-4000-8000-000000000002', date '2026-01-01', 2000, 20, 10, 5);
insert into adly.attribution_events (id, workspace_id, campaign_id, order_id, event_type, event_time) values
  ('ee000000-0000-4000-8000-000000000001', 'e1000000-0000-4000-8000-000000000001', 'e7000000-0000-4000-8000-000000000001', 'e4000000-0000-4000-8000-000000000001', 'conversion', now()),
  ('ee000000-0000-4000-8000-000000000002', 'e1000000-0000-4000-8000-000000000002', 'e7000000-0000-4000-8000-000000000002', 'e4000000-0000-4000-8000-000000000002', 'click', now());
insert into adly.subscription_plans (id, name, stripe_price_id, price, interval, features) values
  ('ef000000-0000-4000-8000-000000000001', 'Plan one', 'price_fixture_1', 100, 'month', '{}'),
  ('ef000000-0000-4000-8000-000000000002', 'Plan two', 'price_fixture_2', 1000, 'year', '{}');
insert into adly.workspace_subscriptions (id, workspace_id, plan_id, stripe_subscription_id, status, stripe_event_created_at) values
  ('f1000000-0000-4000-8000-000000000001', 'e1000000-0000-4000-8000-000000000001', 'ef000000-0000-4000-8000-000000000001', 'sub_fixture_1', 'active', now()),
  ('f1000000-0000-4000-8000-000000000002', 'e1000000-0000-4000-8000-000000000002', 'ef000000-0000-4000-8000-000000000002', 'sub_fixture_2', 'active', now());
insert into adly.invoices (id, workspace_id, stripe_invoice_id, amount, status, stripe_event_created_at) values
  ('f2000000-0000-4000-8000-000000000001', 'e1000000-0000-4000-8000-000000000001', 'in_fixture_1', 100, 'paid', now()),
  ('f2000000-0000-4000-8000-000000000002', 'e1000000-0000-4000-8000-000000000002', 'in_fixture_2', 1000, 'paid', now());

-- no secret column on the exposed tables -----------------------------------------------------
select hasnt_column('adly', 'store_connections', 'access_token', 'store_connections has no access_token column');
select hasnt_column('adly', 'store_connections', 'refresh_token', 'store_connections has no refresh_token column');
select hasnt_column('adly', 'store_connections', 'webhook_secret', 'store_connections has no webhook_secret column');
select hasnt_column('adly', 'ad_accounts', 'access_token', 'ad_accounts has no access_token column');
select hasnt_column('adly', 'ad_accounts', 'refresh_token', 'ad_accounts has no refresh_token column');
select is(
  (select array_agg(distinct r.rolname order by r.rolname)
   from pg_roles r
   cross join (values ('private.adly_encryption_keys'), ('private.adly_store_connection_secrets'), ('private.adly_ad_account_secrets')) as t (name)
   where r.rolname in ('anon', 'authenticated', 'service_role')
     and (has_table_privilege(r.rolname, t.name, 'select') or has_any_column_privilege(r.rolname, t.name, 'select'))),
  null, 'no API role has any select privilege on the key or integration secret tables');
select is(
  (select count(*) from private.adly_store_connection_secrets
   where position(convert_to('store-token-fixture-1', 'UTF8') in access_token) > 0),
  0::bigint, 'stored tokens are ciphertext, not the token');

-- create_store_connection ------------------------------------------------------------------
select tests.authenticate_as('owner@adly.test');
select lives_ok($$select adly.create_store_connection('e1000000-0000-4000-8000-000000000001', 'woocommerce', 'Woo shop', 'https://woo.example.com',
  'woo-access-1', 'woo-refresh-1', 'woo-webhook-1')$$, 'an owner connects a store with its tokens');
select is((select count(*) from adly.store_connections where store_name = 'Woo shop' and credentials_updated_at is not null),
  1::bigint, 'the owner sees the connection and when its credentials were set');
select throws_ok($$select adly.create_store_connection('e1000000-0000-4000-8000-000000000001', 'zid', 'No token', null, '')$$, '22023',
  'access token must be 1 to 8192 characters', 'an empty access token is refused');
select throws_ok($$select adly.create_store_connection('e1000000-0000-4000-8000-000000000001', 'zid', 'No token', null, null)$$, '22023',
  'access token is required', 'a missing access token is refused');
select throws_ok($$select adly.create_store_connection('e1000000-0000-4000-8000-000000000001', 'ebay', 'Wrong', null, 'tok')$$, '23514', null,
  'an unknown platform is refused');
select throws_ok($$select * from adly.get_store_connection_secrets('e2000000-0000-4000-8000-000000000001')$$, '42501',
  'permission denied for function get_store_connection_secrets', 'an owner cannot read store tokens back');
select throws_ok($$select * from adly.get_ad_account_tokens('e6000000-0000-4000-8000-000000000001')$$, '42501',
  'permission denied for function get_ad_account_tokens', 'an owner cannot read ad account tokens back');
select tests.clear_authentication();

select tests.authenticate_as('member@adly.test');
select throws_ok($$select adly.create_store_connection('e1000000-0000-4000-8000-000000000001', 'zid', 'Member shop', null, 'tok')$$, '42501',
  'only workspace owners can connect a store', 'a member cannot connect a store');
select throws_ok($$select adly.set_store_connection_secrets('e2000000-0000-4000-8000-000000000001', 'stolen')$$, '42501',
  'only workspace owners can set the secrets of a store connection', 'a member cannot rotate store tokens');
select throws_ok($$select adly.create_ad_account('e1000000-0000-4000-8000-000000000001', 'meta', 'act_m', null, 'tok')$$, '42501',
  'only workspace owners can connect an ad account', 'a member cannot connect an ad account');
select throws_ok($$select adly.set_ad_account_tokens('e6000000-0000-4000-8000-000000000001', 'stolen')$$, '42501',
  'only workspace owners can set the tokens of an ad account', 'a member cannot rotate ad account tokens');
select tests.clear_authentication();

select tests.authenticate_as('viewer@adly.test');
select throws_ok($$select adly.create_store_connection('e1000000-0000-4000-8000-000000000001', 'zid', 'Viewer shop', null, 'tok')$$, '42501',
  'only workspace owners can connect a store', 'a viewer cannot connect a store');
select throws_ok($$select adly.set_store_connection_secrets('e2000000-0000-4000-8000-000000000001', 'stolen')$$, '42501',
  'only workspace owners can set the secrets of a store connection', 'a viewer cannot rotate store tokens');
select tests.clear_authentication();

select tests.authenticate_as('other@adly.test');
select throws_ok($$select adly.create_store_connection('e1000000-0000-4000-8000-000000000001', 'zid', 'Foreign', null, 'tok')$$, '42501',
  'only workspace owners can connect a store', 'an owner of another workspace cannot connect a store here');
select throws_ok($$select adly.set_store_connection_secrets('e2000000-0000-4000-8000-000000000001', 'stolen')$$, '42501',
  'only workspace owners can set the secrets of a store connection', 'an owner of another workspace cannot rotate these tokens');
select throws_ok($$select adly.set_ad_account_tokens('e6000000-0000-4000-8000-000000000001', 'stolen')$$, '42501',
  'only workspace owners can set the tokens of an ad account', 'an owner of another workspace cannot rotate ad tokens here');
select throws_ok($$select adly.set_store_connection_secrets('00000000-0000-4000-8000-000000000000', 'x')$$, '42501',
  'only workspace owners can set the secrets of a store connection', 'an unknown connection is refused like a foreign one');
select tests.clear_authentication();

select tests.authenticate_as_anon();
select throws_ok($$select adly.create_store_connection('e1000000-0000-4000-8000-000000000001', 'zid', 'Anon', null, 'tok')$$, '42501',
  'permission denied for function create_store_connection', 'anon cannot connect a store');
select throws_ok($$select * from adly.get_store_connection_secrets('e2000000-0000-4000-8000-000000000001')$$, '42501',
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
select set_config('request.headers', '{"x-forwarded-for": "198.51.100.23, 10.0.0.1", "user-agent": "adly-web/2.0"}', true);
select lives_ok($$select adly.set_store_connection_secrets('e2000000-0000-4000-8000-000000000001', 'store-token-rotated', null, '')$$,
  'an owner rotates the access token and removes the webhook secret');
select set_config('request.headers', '', true);
select tests.clear_authentication();
select tests.authenticate_as_service_role();
select results_eq($$select * from adly.get_store_connection_secrets('e2000000-0000-4000-8000-000000000001')$$,
  $$values ('store-token-rotated', null::text, null::text)$$, 'the rotated token is stored and the webhook secret removed');
select lives_ok($$select adly.set_store_connection_secrets('e2000000-0000-4000-8000-000000000001', 'store-token-refreshed', 'new-refresh')$$,
  'service_role (token refresh job) can rotate tokens');
select results_eq($$select * from adly.get_store_connection_secrets('e2000000-0000-4000-8000-000000000001')$$,
  $$values ('store-token-refreshed', 'new-refresh', null::text)$$, 'a null webhook secret keeps the stored one');
select tests.clear_authentication();

select is(
  (select row(a.user_id, a.ip_address, a.user_agent)::text from adly.audit_logs a
   where a.workspace_id = 'e1000000-0000-4000-8000-000000000001' and a.action = 'store_connection.secrets_set' and a.user_id is not null),
  row('e0000000-0000-4000-8000-000000000011'::uuid, '198.51.100.23'::inet, 'adly-web/2.0')::text,
  'rotation is audited with the acting owner, his IP address and user agent');
select is(
  (select count(*) from adly.audit_logs a where a.workspace_id = 'e1000000-0000-4000-8000-000000000001' and a.details::text ~ '(store-token|refresh)-'),
  0::bigint, 'no audit row contains a token');
select isnt((select credentials_updated_at from adly.store_connections where id = 'e2000000-0000-4000-8000-000000000001'), null,
  'credentials_updated_at is set on rotation');

-- ad accounts ------------------------------------------------------------------------------
select tests.authenticate_as('owner@adly.test');
select lives_ok($$select adly.create_ad_account('e1000000-0000-4000-8000-000000000001', 'snapchat', 'snap_1', 'Snap', 'snap-access', null, '2030-01-01')$$,
  'an owner connects an ad account');
select lives_ok($$select adly.set_ad_account_tokens('e6000000-0000-4000-8000-000000000001', 'ad-token-rotated', '', '2031-01-01')$$,
  'an owner rotates ad account tokens');
select tests.clear_authentication();
select tests.authenticate_as_service_role();
select results_eq($$select * from adly.get_ad_account_tokens('e6000000-0000-4000-8000-000000000001')$$,
  $$values ('ad-token-rotated', null::text, '2031-01-01'::timestamptz)$$, 'service_role reads the rotated ad account tokens');
select results_eq($$select t.access_token from adly.ad_accounts a, adly.get_ad_account_tokens(a.id) t where a.account_id = 'snap_1'$$,
  $$values ('snap-access')$$, 'service_role reads the new ad account''s token');

-- key rotation -------------------------------------------------------------------------------
select lives_ok($$select adly.set_user_2fa_secret('e0000000-0000-4000-8000-000000000031', 'JBSWY3DPEHPK3PXP')$$, 'service_role stores a TOTP secret');
select is(adly.get_user_2fa_secret('e0000000-0000-4000-8000-000000000031'), 'JBSWY3DPEHPK3PXP', 'service_role reads the TOTP secret back');
select lives_ok($$select adly.rotate_encryption_key()$$, 'service_role rotates the encryption key');
select results_eq($$select * from adly.get_store_connection_secrets('e2000000-0000-4000-8000-000000000002')$$,
  $$values ('store-token-fixture-2', null::text, 'whsec-fixture-2')$$, 'store secrets still decrypt after key rotation');
select is(adly.get_user_2fa_secret('e0000000-0000-4000-8000-000000000031'), 'JBSWY3DPEHPK3PXP', 'the TOTP secret still decrypts after key rotation');
select tests.clear_authentication();
select is((select count(*) from private.adly_encryption_keys), 1::bigint, 'the old key is destroyed after rotation');
select is(
  (select count(*) from private.adly_store_connection_secrets s join private.adly_encryption_keys k on k.id = s.key_id where k.is_current),
  (select count(*) from private.adly_store_connection_secrets), 'every secret uses the current key');

select tests.authenticate_as('owner@adly.test');
select throws_ok($$select adly.rotate_encryption_key()$$, '42501', 'permission denied for function rotate_encryption_key',
  'an owner cannot rotate the encryption key');
select throws_ok($$select adly.get_user_2fa_secret('e0000000-0000-4000-8000-000000000011')$$, '42501', 'permission denied for function get_user_2fa_secret',
  'a user cannot read a TOTP secret');
select throws_ok($$select adly.set_user_2fa_secret('e0000000-0000-4000-8000-000000000011', 'x')$$, '42501', 'permission denied for function set_user_2fa_secret',
  'a user cannot set a TOTP secret directly');
select tests.clear_authentication();

select * from finish();
rollback;
