-- Cross-tenant references: rows of one workspace cannot point at another workspace's rows,
-- even when a client knows their ids.
begin;
select plan(13);

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

select tests.authenticate_as('member@adly.test');
select throws_ok($$insert into adly.order_items (order_id, product_id, quantity, price) values ('e4000000-0000-4000-8000-000000000001', 'e3000000-0000-4000-8000-000000000002', 1, 1)$$,
  '23503', 'the product does not belong to the order''s store connection', 'an order item cannot use another workspace''s product');
select throws_ok($$update adly.order_items set product_id = 'e3000000-0000-4000-8000-000000000002' where id = 'e5000000-0000-4000-8000-000000000001'$$,
  '23503', 'the product does not belong to the order''s store connection', 'an order item cannot be re-pointed at another workspace''s product');
select lives_ok($$insert into adly.order_items (order_id, product_id, quantity, price) values ('e4000000-0000-4000-8000-000000000001', 'e3000000-0000-4000-8000-000000000001', 2, 5)$$,
  'an order item can use a product of the same store');
select throws_ok($$insert into adly.campaigns (workspace_id, ad_account_id, name, objective) values ('e1000000-0000-4000-8000-000000000001', 'e6000000-0000-4000-8000-000000000002', 'Cross', 'sales')$$,
  '23503', null, 'a campaign cannot use another workspace''s ad account');
select throws_ok($$update adly.campaigns set ad_account_id = 'e6000000-0000-4000-8000-000000000002' where id = 'e7000000-0000-4000-8000-000000000001'$$,
  '23503', null, 'a campaign cannot be moved onto another workspace''s ad account');
select throws_ok($$insert into adly.ad_sets (campaign_id, name) values ('e7000000-0000-4000-8000-000000000002', 'Foreign')$$,
  '42501', 'new row violates row-level security policy for table "ad_sets"', 'an ad set cannot be added to another workspace''s campaign');
select throws_ok($$insert into adly.products (store_connection_id, external_id, title) values ('e2000000-0000-4000-8000-000000000002', 'x', 'Foreign')$$,
  '42501', 'new row violates row-level security policy for table "products"', 'a product cannot be added to another workspace''s store');
select throws_ok($$update adly.products set store_connection_id = 'e2000000-0000-4000-8000-000000000002' where id = 'e3000000-0000-4000-8000-000000000001'$$,
  '42501', 'permission denied for table products', 'a product cannot move to another store');
select throws_ok($$update adly.campaigns set workspace_id = 'e1000000-0000-4000-8000-000000000002' where id = 'e7000000-0000-4000-8000-000000000001'$$,
  '42501', 'permission denied for table campaigns', 'a campaign cannot move to another workspace');
select throws_ok($$update adly.ads set ad_set_id = 'e8000000-0000-4000-8000-000000000002' where id = 'e9000000-0000-4000-8000-000000000001'$$,
  '42501', 'permission denied for table ads', 'an ad cannot move to another ad set');
select tests.clear_authentication();

select tests.authenticate_as('owner@adly.test');
select throws_ok($$update adly.workspace_members set workspace_id = 'e1000000-0000-4000-8000-000000000002' where id = 'd3000000-0000-4000-8000-000000000001'$$,
  '42501', 'permission denied for table workspace_members', 'a membership cannot move to another workspace');
select throws_ok($$update adly.store_connections set workspace_id = 'e1000000-0000-4000-8000-000000000002' where id = 'e2000000-0000-4000-8000-000000000001'$$,
  '42501', 'permission denied for table store_connections', 'a store connection cannot move to another workspace');
select tests.clear_authentication();

select tests.authenticate_as_service_role();
select throws_ok($$update adly.generation_jobs set workspace_id = 'e1000000-0000-4000-8000-000000000002' where id = 'ec000000-0000-4000-8000-000000000001'$$,
  'P0001', 'a generation job cannot move to another workspace', 'even the backend cannot move a job to another workspace');
select tests.clear_authentication();

select * from finish();
rollback;
