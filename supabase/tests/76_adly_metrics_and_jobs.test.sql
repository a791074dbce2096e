-- Derived metrics and the generation job state machine: ctr, cpc and roas are generated from
-- the raw counts (null on division by zero, never writable); one metrics row per campaign and
-- day; jobs move pending -> processing -> completed | failed only, completed_at set once.
begin;
select plan(30);

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

-- campaign metrics ----------------------------------------------------------------------------
select tests.authenticate_as_service_role();
insert into adly.campaign_metrics (campaign_id, date, impressions, clicks, spend, conversions, revenue)
values ('e7000000-0000-4000-8000-000000000001', date '2026-03-01', 1000, 25, 50.00, 3, 200.00),
       ('e7000000-0000-4000-8000-000000000001', date '2026-03-02', 0, 0, 0, 0, 0),
       ('e7000000-0000-4000-8000-000000000001', date '2026-03-03', 3, 1, 0.10, 0, 0);
select tests.clear_authentication();
select results_eq(
  $$select ctr, cpc, roas from adly.campaign_metrics where campaign_id = 'e7000000-0000-4000-8000-000000000001' and date >= '2026-03-01' order by date$$,
  $$values (0.0250::numeric, 2.00::numeric, 4.00::numeric), (null, null, null), (0.3333::numeric, 0.10::numeric, 0.00::numeric)$$,
  'ctr = clicks/impressions, cpc = spend/clicks, roas = revenue/spend, null on division by zero');
update adly.campaign_metrics set clicks = 50, spend = 0 where campaign_id = 'e7000000-0000-4000-8000-000000000001' and date = '2026-03-01';
select results_eq(
  $$select ctr, cpc, roas from adly.campaign_metrics where campaign_id = 'e7000000-0000-4000-8000-000000000001' and date = '2026-03-01'$$,
  $$values (0.0500::numeric, 0.00::numeric, null::numeric)$$, 'changing the counts recomputes the rates');
select throws_ok($$insert into adly.campaign_metrics (campaign_id, date, ctr) values ('e7000000-0000-4000-8000-000000000001', '2026-03-09', 0.5)$$,
  '428C9', 'cannot insert a non-DEFAULT value into column "ctr"', 'a ctr cannot be stored');
select throws_ok($$update adly.campaign_metrics set roas = 99 where campaign_id = 'e7000000-0000-4000-8000-000000000001'$$,
  '428C9', 'column "roas" can only be updated to DEFAULT', 'a roas cannot be overwritten');
select throws_ok($$insert into adly.campaign_metrics (campaign_id, date) values ('e7000000-0000-4000-8000-000000000001', '2026-03-01')$$,
  '23505', 'duplicate key value violates unique constraint "campaign_metrics_campaign_date_key"', 'one metrics row per campaign and day');
select throws_ok($$insert into adly.campaign_metrics (campaign_id, date, clicks) values ('e7000000-0000-4000-8000-000000000001', '2026-03-10', -1)$$,
  '23514', null, 'negative counts are refused');

select tests.authenticate_as('member@adly.test');
select throws_ok($$insert into adly.campaign_metrics (campaign_id, date) values ('e7000000-0000-4000-8000-000000000001', '2026-03-11')$$,
  '42501', 'permission denied for table campaign_metrics', 'members do not write metrics (the sync does)');
select is((select count(*) from adly.campaign_metrics where campaign_id = 'e7000000-0000-4000-8000-000000000001'), 4::bigint,
  'a member reads his campaign''s metrics');
select tests.clear_authentication();
select tests.authenticate_as('other@adly.test');
select is((select count(*) from adly.campaign_metrics where campaign_id = 'e7000000-0000-4000-8000-000000000001'), 0::bigint,
  'an outsider reads none of them');
select tests.clear_authentication();

-- generation jobs ----------------------------------------------------------------------------
select tests.authenticate_as('member@adly.test');
select throws_ok($$insert into adly.generation_jobs (workspace_id, user_id, type, provider, prompt) values ('e1000000-0000-4000-8000-000000000001', 'e0000000-0000-4000-8000-000000000011', 'text', 'ai', 'x')$$,
  '42501', 'new row violates row-level security policy for table "generation_jobs"', 'a member cannot file a job in someone else''s name');
select throws_ok($$insert into adly.generation_jobs (workspace_id, user_id, type, provider, prompt, status) values ('e1000000-0000-4000-8000-000000000001', 'e0000000-0000-4000-8000-000000000021', 'text', 'ai', 'x', 'completed')$$,
  '42501', 'permission denied for table generation_jobs', 'a client cannot choose the status of a new job');
select throws_ok($$update adly.generation_jobs set status = 'completed' where id = 'ec000000-0000-4000-8000-000000000001'$$,
  '42501', 'permission denied for table generation_jobs', 'a client cannot move a job');
select tests.clear_authentication();

select tests.authenticate_as_service_role();
select throws_ok($$insert into adly.generation_jobs (workspace_id, type, provider, prompt, status) values ('e1000000-0000-4000-8000-000000000001', 'text', 'ai', 'x', 'processing')$$,
  'P0001', 'a generation job starts pending, without result or completion time', 'a job cannot start processing');
select throws_ok($$update adly.generation_jobs set status = 'completed', result_asset_id = 'ea000000-0000-4000-8000-000000000001' where id = 'ec000000-0000-4000-8000-000000000001'$$,
  'P0001', 'generation job cannot go from pending to completed', 'pending cannot jump to completed');
select lives_ok($$update adly.generation_jobs set status = 'processing' where id = 'ec000000-0000-4000-8000-000000000001'$$, 'pending -> processing');
select is((select completed_at from adly.generation_jobs where id = 'ec000000-0000-4000-8000-000000000001'), null::timestamptz, 'a processing job has no completed_at');
select throws_ok($$update adly.generation_jobs set status = 'pending' where id = 'ec000000-0000-4000-8000-000000000001'$$,
  'P0001', 'generation job cannot go from processing to pending', 'processing cannot go back to pending');
select throws_ok($$update adly.generation_jobs set status = 'completed' where id = 'ec000000-0000-4000-8000-000000000001'$$,
  'P0001', 'a completed generation job needs a result asset', 'completion needs a result asset');
select throws_ok($$update adly.generation_jobs set status = 'completed', result_asset_id = 'ea000000-0000-4000-8000-000000000002' where id = 'ec000000-0000-4000-8000-000000000001'$$,
  '23503', null, 'the result asset must belong to the job''s workspace');
select lives_ok($$update adly.generation_jobs set status = 'completed', result_asset_id = 'ea000000-0000-4000-8000-000000000001' where id = 'ec000000-0000-4000-8000-000000000001'$$,
  'processing -> completed with a result asset');
select isnt((select completed_at from adly.generation_jobs where id = 'ec000000-0000-4000-8000-000000000001'), null::timestamptz, 'completion sets completed_at');
select throws_ok($$update adly.generation_jobs set status = 'failed' where id = 'ec000000-0000-4000-8000-000000000001'$$,
  'P0001', 'generation job cannot go from completed to failed', 'a completed job cannot fail');
select throws_ok($$update adly.generation_jobs set completed_at = now() - interval '1 day' where id = 'ec000000-0000-4000-8000-000000000001'$$,
  'P0001', 'completed_at is set once, by the final transition', 'completed_at cannot be rewritten');
select throws_ok($$update adly.generation_jobs set status = 'failed' where id = 'ec000000-0000-4000-8000-000000000002'$$,
  'P0001', 'generation job cannot go from pending to failed', 'pending cannot jump to failed');
select lives_ok($$update adly.generation_jobs set status = 'processing' where id = 'ec000000-0000-4000-8000-000000000002'$$, 'second job: pending -> processing');
select lives_ok($$update adly.generation_jobs set status = 'failed', error_message = 'provider timeout' where id = 'ec000000-0000-4000-8000-000000000002'$$,
  'processing -> failed');
select is((select row(status, completed_at is not null)::text from adly.generation_jobs where id = 'ec000000-0000-4000-8000-000000000002'), '(failed,t)',
  'failure sets completed_at too');
select throws_ok($$update adly.generation_jobs set status = 'processing' where id = 'ec000000-0000-4000-8000-000000000002'$$,
  'P0001', 'generation job cannot go from failed to processing', 'a failed job stays failed');
select tests.clear_authentication();

-- deleting the result asset keeps the job
delete from adly.content_assets where id = 'ea000000-0000-4000-8000-000000000001';
select is((select row(status, result_asset_id)::text from adly.generation_jobs where id = 'ec000000-0000-4000-8000-000000000001'), '(completed,)',
  'deleting the result asset detaches it from the completed job');

-- updated_at ---------------------------------------------------------------------------------
update adly.campaigns set updated_at = '2020-01-01' where id = 'e7000000-0000-4000-8000-000000000001';
update adly.campaigns set name = 'Renamed' where id = 'e7000000-0000-4000-8000-000000000001';
select is((select updated_at from adly.campaigns where id = 'e7000000-0000-4000-8000-000000000001'), now(), 'updated_at is maintained by the trigger');

select * from finish();
rollback;
