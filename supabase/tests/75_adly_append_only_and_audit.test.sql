-- Append-only tables and the audit trail: audit_logs and attribution_events accept no update or
-- delete from any client (the table owner included, except the foreign keys' "set null");
-- membership and integration changes write their audit rows by themselves, with the acting
-- user and, when the request carries them, the IP address and user agent.
begin;
select plan(22);

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

-- append-only ------------------------------------------------------------------------------
select throws_ok($$update adly.audit_logs set action = 'rewritten' where workspace_id = 'e1000000-0000-4000-8000-000000000001'$$, 'P0001',
  'audit_logs is append-only', 'even the table owner cannot rewrite an audit row');
select throws_ok($$update adly.attribution_events set utm_source = 'rewritten' where id = 'ee000000-0000-4000-8000-000000000001'$$, 'P0001',
  'attribution_events is append-only', 'even the table owner cannot rewrite an attribution event');
select throws_ok($$update adly.attribution_events set campaign_id = null, utm_source = 'x' where id = 'ee000000-0000-4000-8000-000000000001'$$, 'P0001',
  'attribution_events is append-only', 'setting a key to null does not excuse another change');

select tests.authenticate_as_service_role();
select lives_ok($$insert into adly.attribution_events (workspace_id, campaign_id, event_type, utm_source, event_time)
  values ('e1000000-0000-4000-8000-000000000001', 'e7000000-0000-4000-8000-000000000001', 'click', 'google', now())$$, 'service_role records an attribution event');
select throws_ok($$insert into adly.attribution_events (workspace_id, order_id, event_type, event_time)
  values ('e1000000-0000-4000-8000-000000000001', 'e4000000-0000-4000-8000-000000000002', 'conversion', now())$$, '23503',
  'the order does not belong to the event''s workspace', 'an event cannot point at another workspace''s order');
select throws_ok($$insert into adly.attribution_events (workspace_id, campaign_id, event_type, event_time)
  values ('e1000000-0000-4000-8000-000000000001', 'e7000000-0000-4000-8000-000000000002', 'click', now())$$, '23503', null,
  'an event cannot point at another workspace''s campaign');
select throws_ok($$insert into adly.attribution_events (workspace_id, event_type, event_time) values ('e1000000-0000-4000-8000-000000000001', 'purchase', now())$$,
  '23514', null, 'an unknown event type is refused');
select tests.clear_authentication();

-- the foreign keys still detach deleted rows
select lives_ok($$delete from adly.orders where id = 'e4000000-0000-4000-8000-000000000001'$$, 'an order with attribution events can be deleted');
select is((select order_id from adly.attribution_events where id = 'ee000000-0000-4000-8000-000000000001'), null::uuid, 'its events keep their row with order_id null');
select lives_ok($$delete from adly.campaigns where id = 'e7000000-0000-4000-8000-000000000001'$$, 'a campaign with attribution events can be deleted');
select is((select row(campaign_id, workspace_id)::text from adly.attribution_events where id = 'ee000000-0000-4000-8000-000000000001'),
  row(null::uuid, 'e1000000-0000-4000-8000-000000000001'::uuid)::text, 'its events keep their row and workspace with campaign_id null');

-- membership audit -------------------------------------------------------------------------
select tests.create_user('newbie@adly.test', '{"product": "adly"}');
select tests.authenticate_as('owner@adly.test');
select set_config('request.headers', '{"x-forwarded-for": "203.0.113.9", "user-agent": "adly-web/1.0"}', true);
select adly.add_workspace_member('e1000000-0000-4000-8000-000000000001', 'newbie@adly.test', 'viewer');
update adly.workspace_members set role = 'member' where workspace_id = 'e1000000-0000-4000-8000-000000000001' and user_id = tests.get_user_id('newbie@adly.test');
select set_config('request.headers', '{"x-forwarded-for": "not-an-ip", "user-agent": "curl/8"}', true);
delete from adly.workspace_members where workspace_id = 'e1000000-0000-4000-8000-000000000001' and user_id = tests.get_user_id('newbie@adly.test');
select set_config('request.headers', '', true);
select tests.clear_authentication();

select results_eq(
  $$select action, user_id, ip_address, user_agent, details ->> 'user_id', details ->> 'invited_by', details ->> 'role', details ->> 'new_role'
    from adly.audit_logs
    where workspace_id = 'e1000000-0000-4000-8000-000000000001' and resource_type = 'workspace_member'
      and details ->> 'user_id' = tests.get_user_id('newbie@adly.test')::text
    order by case action when 'member.added' then 1 when 'member.role_changed' then 2 else 3 end$$,
  $$values
    ('member.added', 'e0000000-0000-4000-8000-000000000011'::uuid, '203.0.113.9'::inet, 'adly-web/1.0', tests.get_user_id('newbie@adly.test')::text, 'e0000000-0000-4000-8000-000000000011', 'viewer', null::text),
    ('member.role_changed', 'e0000000-0000-4000-8000-000000000011'::uuid, '203.0.113.9'::inet, 'adly-web/1.0', tests.get_user_id('newbie@adly.test')::text, null, null, 'member'),
    ('member.removed', 'e0000000-0000-4000-8000-000000000011'::uuid, null::inet, 'curl/8', tests.get_user_id('newbie@adly.test')::text, null, 'member', null)$$,
  'adding, changing and removing a member write audit rows with actor, IP address and user agent');

select tests.authenticate_as('viewer@adly.test');
delete from adly.workspace_members where workspace_id = 'e1000000-0000-4000-8000-000000000001' and user_id = 'e0000000-0000-4000-8000-000000000031';
select tests.clear_authentication();
select is((select user_id from adly.audit_logs where workspace_id = 'e1000000-0000-4000-8000-000000000001' and action = 'member.left'), 'e0000000-0000-4000-8000-000000000031'::uuid,
  'a member leaving is audited as member.left by himself');

-- integration audit --------------------------------------------------------------------------
select tests.authenticate_as('owner@adly.test');
update adly.store_connections set store_name = 'Renamed store' where id = 'e2000000-0000-4000-8000-000000000001';
select tests.clear_authentication();
select is(
  (select details -> 'after' ->> 'store_name' from adly.audit_logs
   where workspace_id = 'e1000000-0000-4000-8000-000000000001' and action = 'store_connection.updated' and user_id = 'e0000000-0000-4000-8000-000000000011'),
  'Renamed store', 'renaming a store connection is audited with the owner as actor');
select tests.authenticate_as_service_role();
update adly.store_connections set last_sync_at = now() where id = 'e2000000-0000-4000-8000-000000000001';
select tests.clear_authentication();
select is((select count(*) from adly.audit_logs where workspace_id = 'e1000000-0000-4000-8000-000000000001' and action = 'store_connection.updated'), 1::bigint,
  'sync bookkeeping (last_sync_at) is not audited');
select tests.authenticate_as('owner@adly.test');
delete from adly.ad_accounts where id = 'e6000000-0000-4000-8000-000000000001';
select tests.clear_authentication();
select is((select count(*) from adly.audit_logs where workspace_id = 'e1000000-0000-4000-8000-000000000001' and action = 'ad_account.deleted' and user_id = 'e0000000-0000-4000-8000-000000000011'),
  1::bigint, 'deleting an ad account is audited');

-- owners read the audit log, nobody writes it -------------------------------------------------
select tests.authenticate_as('owner@adly.test');
select ok((select count(*) from adly.audit_logs where workspace_id = 'e1000000-0000-4000-8000-000000000001') >= 5, 'the owner reads his workspace''s audit log');
select throws_ok($$insert into adly.audit_logs (workspace_id, action, resource_type) values ('e1000000-0000-4000-8000-000000000001', 'fake', 'x')$$, '42501',
  'permission denied for table audit_logs', 'an owner cannot forge an audit row');
select throws_ok($$delete from adly.audit_logs where workspace_id = 'e1000000-0000-4000-8000-000000000001'$$, '42501',
  'permission denied for table audit_logs', 'an owner cannot erase the audit log');
select tests.clear_authentication();
select tests.authenticate_as('member@adly.test');
select is((select count(*) from adly.audit_logs where workspace_id = 'e1000000-0000-4000-8000-000000000001'), 0::bigint, 'a member does not read the audit log');
select tests.clear_authentication();

-- deleting a user keeps his audit rows, without him
select lives_ok($$delete from auth.users where id = 'e0000000-0000-4000-8000-000000000031'$$, 'a user who appears in audit rows can be deleted');
select is((select user_id from adly.audit_logs where workspace_id = 'e1000000-0000-4000-8000-000000000001' and action = 'member.left'), null::uuid,
  'his audit rows stay, with user_id null');

select * from finish();
rollback;
