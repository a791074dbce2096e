-- Schema and identity: every table of the seed exists (OTP and 2FA in private), timestamptz
-- throughout, updated_at maintained, seed keys and indexes present; ADLY profiles are created on
-- sign-up or by enroll_current_user, keyed by auth.users.id, with columns users cannot change.
begin;
select plan(35);

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

select tables_are('adly', array[
  'users', 'workspaces', 'workspace_members', 'audit_logs', 'store_connections', 'products', 'orders',
  'order_items', 'ad_accounts', 'campaigns', 'ad_sets', 'ads', 'content_assets', 'content_templates',
  'generation_jobs', 'campaign_metrics', 'attribution_events', 'subscription_plans',
  'workspace_subscriptions', 'invoices'
], 'adly has every seed table except the OTP and 2FA ones');
select has_table('private', 'adly_otp_tokens', 'OTP tokens live in private');
select has_table('private', 'adly_user_2fa', '2FA settings live in private');
select is(
  (select array_agg(table_schema || '.' || table_name || '.' || column_name order by 1)
   from information_schema.columns
   where (table_schema = 'adly' or (table_schema = 'private' and table_name like 'adly\_%'))
     and data_type = 'timestamp without time zone'),
  null, 'every timestamp is timestamptz');
select is(
  (select array_agg(c.table_name::text order by 1)
   from information_schema.columns c
   where c.table_schema = 'adly' and c.column_name = 'updated_at'
     and not exists (
       select 1 from pg_trigger t
       where t.tgrelid = format('adly.%I', c.table_name)::regclass
         and t.tgfoid = 'private.set_updated_at()'::regprocedure and not t.tgisinternal)),
  null, 'every table with updated_at has the set_updated_at trigger');
select is(
  (select array_agg(format('%s.%s', conrelid::regclass, a.attname) order by 1)
   from pg_constraint k
   join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
   where k.contype = 'f' and k.connamespace = 'adly'::regnamespace
     and not exists (
       select 1 from pg_index i where i.indrelid = k.conrelid and i.indkey[0] = k.conkey[1])),
  null, 'every foreign key of adly has an index leading with its first column');
select is(
  (select am.amname::text from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam
   where c.relname = 'orders_attribution_data_idx'),
  'gin', 'orders.attribution_data has a GIN index');
select col_is_unique('adly', 'workspaces', 'slug', 'workspace slugs are unique');
select col_is_unique('adly', 'workspace_members', array['workspace_id', 'user_id'], 'one membership per user and workspace');
select col_is_unique('adly', 'products', array['store_connection_id', 'external_id'], 'products are unique per store and external id');
select col_is_unique('adly', 'orders', array['store_connection_id', 'external_id'], 'orders are unique per store and external id');
select col_is_unique('adly', 'ad_accounts', array['workspace_id', 'platform', 'account_id'], 'ad accounts are unique per workspace, platform and id');
select col_is_unique('adly', 'campaign_metrics', array['campaign_id', 'date'], 'one metrics row per campaign and day');
select col_is_unique('adly', 'subscription_plans', 'stripe_price_id', 'one plan per Stripe price');
select col_is_unique('adly', 'workspace_subscriptions', 'stripe_subscription_id', 'one row per Stripe subscription');
select col_is_unique('adly', 'invoices', 'stripe_invoice_id', 'one row per Stripe invoice');
select fk_ok('adly', 'users', 'id', 'auth', 'users', 'id', 'adly.users is keyed by auth.users.id');
select throws_ok($$insert into adly.campaigns (workspace_id, ad_account_id, name, objective) values ('e1000000-0000-4000-8000-000000000001', 'e6000000-0000-4000-8000-000000000002', 'Cross', 'sales')$$,
  '23503', null, 'a campaign cannot use another workspace''s ad account');
select throws_ok($$insert into adly.content_templates (workspace_id, name, type, template_data, is_public) values ('e1000000-0000-4000-8000-000000000001', 'Leak', 'text', '{}', true)$$,
  '23514', null, 'a workspace template cannot be public');
select throws_ok($$insert into adly.campaigns (workspace_id, name, objective, start_date, end_date) values ('e1000000-0000-4000-8000-000000000001', 'Back', 'sales', '2026-02-01', '2026-01-01')$$,
  '23514', null, 'a campaign cannot end before it starts');

-- identity -------------------------------------------------------------------------------------
select is((select count(*) from adly.users where id = 'e0000000-0000-4000-8000-000000000011' and email = 'owner@adly.test'), 1::bigint,
  'signing up with product adly creates the ADLY profile');
select tests.create_user('elsewhere@adly.test', '{"product": "dtf"}');
select is((select count(*) from adly.users where email = 'elsewhere@adly.test'), 0::bigint,
  'signing up for another product creates no ADLY profile');
select tests.create_user('named@adly.test', '{"product": "adly", "first_name": "Nora", "last_name": "Nasser"}');
select is((select row(first_name, last_name)::text from adly.users where email = 'named@adly.test'), '(Nora,Nasser)',
  'names from the sign-up form are copied');

select tests.authenticate_as('elsewhere@adly.test');
select is((select email from adly.enroll_current_user()), 'elsewhere@adly.test', 'enroll_current_user creates the profile');
select is((select count(*) from adly.users where id = tests.get_user_id('elsewhere@adly.test')), 1::bigint,
  'the enrolled user reads his profile');
select lives_ok($$select adly.enroll_current_user()$$, 'enroll_current_user is idempotent');
select throws_ok($$update adly.users set is_active = false where id = tests.get_user_id('elsewhere@adly.test')$$,
  '42501', 'permission denied for table users', 'a user cannot change is_active');
select throws_ok($$update adly.users set email = 'spoof@adly.test' where id = tests.get_user_id('elsewhere@adly.test')$$,
  '42501', 'permission denied for table users', 'a user cannot change the email of his profile');
select lives_ok($$update adly.users set first_name = 'Elle' where id = tests.get_user_id('elsewhere@adly.test')$$,
  'a user can change his name');
select is((select count(*) from adly.users where id = 'e0000000-0000-4000-8000-000000000011'), 0::bigint, 'a user sees no profile of a stranger');
select tests.clear_authentication();
select is((select first_name from adly.users where email = 'elsewhere@adly.test'), 'Elle', 'the name change is stored');

select tests.authenticate_as_anon();
select throws_ok($$select adly.enroll_current_user()$$, '42501', 'permission denied for function enroll_current_user',
  'anon cannot enroll');
select tests.clear_authentication();

update auth.users set email = 'owner.new@adly.test' where id = 'e0000000-0000-4000-8000-000000000011';
select is((select email from adly.users where id = 'e0000000-0000-4000-8000-000000000011'), 'owner.new@adly.test', 'an auth email change reaches the profile');
select lives_ok($$delete from auth.users where id = 'e0000000-0000-4000-8000-000000000021'$$, 'an auth user can be deleted');
select is((select count(*) from adly.users where id = 'e0000000-0000-4000-8000-000000000021'), 0::bigint, 'deleting the auth user deletes his ADLY profile');

select * from finish();
rollback;
