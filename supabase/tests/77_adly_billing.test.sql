-- The Stripe webhook path: subscriptions applied in Stripe-event order (older events ignored,
-- a deletion never undone by a late update), invoices recorded once per Stripe invoice id; the
-- functions are executable by service_role only and audit what they change.
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

select tests.authenticate_as('owner@adly.test');
select throws_ok($$select adly.apply_stripe_subscription('e1000000-0000-4000-8000-000000000001', 'sub_x', 'price_fixture_1', 'active', null, null, null, now())$$,
  '42501', 'permission denied for function apply_stripe_subscription', 'an owner cannot apply a subscription event');
select throws_ok($$select adly.apply_stripe_subscription_deleted('e1000000-0000-4000-8000-000000000001', 'sub_fixture_1', now())$$,
  '42501', 'permission denied for function apply_stripe_subscription_deleted', 'an owner cannot cancel through the webhook function');
select throws_ok($$select adly.record_stripe_invoice('e1000000-0000-4000-8000-000000000001', 'in_x', 1, 'sar', 'paid', null, now(), now())$$,
  '42501', 'permission denied for function record_stripe_invoice', 'an owner cannot record an invoice');
select throws_ok($$insert into adly.invoices (workspace_id, stripe_invoice_id, amount, status, stripe_event_created_at) values ('e1000000-0000-4000-8000-000000000001', 'in_y', 1, 'paid', now())$$,
  '42501', 'permission denied for table invoices', 'an owner cannot insert an invoice');
select tests.clear_authentication();
select tests.authenticate_as_anon();
select throws_ok($$select adly.apply_stripe_subscription('e1000000-0000-4000-8000-000000000001', 'sub_x', 'price_fixture_1', 'active', null, null, null, now())$$,
  '42501', 'permission denied for function apply_stripe_subscription', 'anon cannot apply a subscription event');
select tests.clear_authentication();

select tests.authenticate_as_service_role();
-- subscription lifecycle, events delivered out of order ------------------------------------
select is(adly.apply_stripe_subscription('e1000000-0000-4000-8000-000000000001', 'sub_t', 'price_fixture_1', 'trialing',
  '2026-05-01 00:00+00', '2026-06-01 00:00+00', '2026-05-15 00:00+00', '2026-05-01 00:00:10+00'), true,
  'customer.subscription.created is applied');
select is(adly.apply_stripe_subscription('e1000000-0000-4000-8000-000000000001', 'sub_t', 'price_fixture_1', 'trialing',
  '2026-05-01 00:00+00', '2026-06-01 00:00+00', '2026-05-15 00:00+00', '2026-05-01 00:00:10+00'), true,
  'a replay of the same event is harmless');
select is((select count(*) from adly.workspace_subscriptions where stripe_subscription_id = 'sub_t'), 1::bigint,
  'one row per Stripe subscription');
select is(adly.apply_stripe_subscription('e1000000-0000-4000-8000-000000000001', 'sub_t', 'price_fixture_2', 'active',
  '2026-05-15 00:00+00', '2027-05-15 00:00+00', null, '2026-05-15 00:00:05+00'), true, 'a newer update is applied');
select is(adly.apply_stripe_subscription('e1000000-0000-4000-8000-000000000001', 'sub_t', 'price_fixture_1', 'past_due',
  '2026-05-01 00:00+00', '2026-06-01 00:00+00', null, '2026-05-10 00:00+00'), false, 'an older update arriving late is ignored');
select is((select row(s.status, p.stripe_price_id, s.current_period_end)::text
           from adly.workspace_subscriptions s join adly.subscription_plans p on p.id = s.plan_id where s.stripe_subscription_id = 'sub_t'),
  row('active', 'price_fixture_2', '2027-05-15 00:00+00'::timestamptz)::text, 'the subscription reflects the newest event');
select is(adly.apply_stripe_subscription_deleted('e1000000-0000-4000-8000-000000000001', 'sub_t', '2026-06-01 00:00+00'), true, 'customer.subscription.deleted is applied');
select is(adly.apply_stripe_subscription_deleted('e1000000-0000-4000-8000-000000000001', 'sub_t', '2026-06-01 00:00+00'), false, 'a replayed deletion changes nothing');
select is(adly.apply_stripe_subscription('e1000000-0000-4000-8000-000000000001', 'sub_t', 'price_fixture_2', 'active', null, null, null, '2026-06-01 00:00+00'), false,
  'an update from the same second does not resurrect a canceled subscription');
select is(adly.apply_stripe_subscription('e1000000-0000-4000-8000-000000000001', 'sub_t', 'price_fixture_2', 'active', null, null, null, '2026-05-20 00:00+00'), false,
  'an older update does not resurrect a canceled subscription');
select is((select row(status, canceled_at)::text from adly.workspace_subscriptions where stripe_subscription_id = 'sub_t'),
  row('canceled', '2026-06-01 00:00+00'::timestamptz)::text, 'the subscription stays canceled');

select is(adly.apply_stripe_subscription_deleted('e1000000-0000-4000-8000-000000000001', 'sub_early', '2026-07-02 00:00+00'), true,
  'a deletion arriving before the creation is recorded');
select is(adly.apply_stripe_subscription('e1000000-0000-4000-8000-000000000001', 'sub_early', 'price_fixture_1', 'active', null, null, null, '2026-07-01 00:00+00'), false,
  'the late creation event is then ignored');
select is((select status from adly.workspace_subscriptions where stripe_subscription_id = 'sub_early'), 'canceled',
  'the early-deleted subscription is canceled');

select throws_ok($$select adly.apply_stripe_subscription('e1000000-0000-4000-8000-000000000001', 'sub_u', 'price_missing', 'active', null, null, null, now())$$,
  'P0002', 'no plan for Stripe price price_missing', 'an unknown price is refused');
select throws_ok($$select adly.apply_stripe_subscription('00000000-0000-4000-8000-000000000000', 'sub_u', 'price_fixture_1', 'active', null, null, null, now())$$,
  'P0002', 'unknown workspace', 'an unknown workspace is refused');
select throws_ok($$select adly.apply_stripe_subscription('e1000000-0000-4000-8000-000000000002', 'sub_t', 'price_fixture_1', 'active', null, null, null, '2027-01-01 00:00+00')$$,
  'P0001', 'this Stripe subscription belongs to another workspace', 'a subscription cannot move to another workspace');
select throws_ok($$select adly.apply_stripe_subscription('e1000000-0000-4000-8000-000000000001', 'sub_v', 'price_fixture_1', 'bogus', null, null, null, now())$$,
  '23514', null, 'an unknown status is refused');
select throws_ok($$select adly.apply_stripe_subscription('e1000000-0000-4000-8000-000000000001', 'sub_v', 'price_fixture_1', 'active', null, null, null, null)$$,
  '22023', 'subscription id, status and event time are required', 'the event time is required');

-- invoices ------------------------------------------------------------------------------------
select is(adly.record_stripe_invoice('e1000000-0000-4000-8000-000000000001', 'in_t', 499.00, 'sar', 'open', null, null, '2026-05-01 00:00+00'), true,
  'invoice.finalized records the invoice');
select is(adly.record_stripe_invoice('e1000000-0000-4000-8000-000000000001', 'in_t', 499.00, 'sar', 'open', null, null, '2026-05-01 00:00+00'), false,
  'a replayed invoice event is ignored');
select is(adly.record_stripe_invoice('e1000000-0000-4000-8000-000000000001', 'in_t', 499.00, 'sar', 'paid', 'https://pay.example/pdf', '2026-05-02 00:00+00', '2026-05-02 00:00+00'), true,
  'invoice.paid updates the invoice');
select is(adly.record_stripe_invoice('e1000000-0000-4000-8000-000000000001', 'in_t', 499.00, 'sar', 'open', null, null, '2026-05-01 12:00+00'), false,
  'an older invoice event is ignored');
select is((select row(count(*), min(status), min(currency), min(invoice_pdf), min(paid_at))::text from adly.invoices where stripe_invoice_id = 'in_t'),
  row(1::bigint, 'paid', 'SAR', 'https://pay.example/pdf', '2026-05-02 00:00+00'::timestamptz)::text,
  'one paid invoice row, currency upper-cased');
select throws_ok($$select adly.record_stripe_invoice('e1000000-0000-4000-8000-000000000002', 'in_t', 1, 'sar', 'paid', null, null, '2027-01-01 00:00+00')$$,
  'P0001', 'this Stripe invoice belongs to another workspace', 'an invoice cannot move to another workspace');
select throws_ok($$select adly.record_stripe_invoice('e1000000-0000-4000-8000-000000000001', 'in_neg', -1, 'sar', 'paid', null, null, now())$$,
  '23514', null, 'a negative amount is refused');
select tests.clear_authentication();

-- audit and visibility -------------------------------------------------------------------------
select results_eq(
  $$select action, count(*) from adly.audit_logs
    where workspace_id = 'e1000000-0000-4000-8000-000000000001' and (details ->> 'stripe_subscription_id' in ('sub_t', 'sub_early') or details ->> 'stripe_invoice_id' = 'in_t')
    group by action order by action$$,
  $$values ('invoice.recorded', 1::bigint), ('invoice.updated', 1::bigint), ('subscription.created', 2::bigint), ('subscription.updated', 2::bigint)$$,
  'billing changes are audited once per change (replays and stale events write nothing)');
select tests.authenticate_as('owner@adly.test');
select is((select count(*) from adly.invoices where stripe_invoice_id = 'in_t'), 1::bigint, 'the owner reads the invoice');
select is((select count(*) from adly.workspace_subscriptions where stripe_subscription_id in ('sub_t', 'sub_early')), 2::bigint,
  'the owner reads the subscriptions');
select tests.clear_authentication();
select tests.authenticate_as('member@adly.test');
select is((select count(*) from adly.invoices where workspace_id = 'e1000000-0000-4000-8000-000000000001'), 0::bigint, 'a member does not read invoices');
select tests.clear_authentication();

select * from finish();
rollback;
