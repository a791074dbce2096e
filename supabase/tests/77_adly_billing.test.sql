-- The Stripe webhook path: subscriptions applied in Stripe-event order (older events ignored,
-- a deletion never undone by a late update), invoices recorded once per Stripe invoice id; the
-- functions are executable by service_role only and audit what they change.
begin;
select plan(35);

\ir fixtures/adly_tenants.psql

select tests.authenticate_as('owner@adly.test');
select throws_ok($$select adly.apply_stripe_subscription(tests.seed_id('adly.workspace:one'), 'sub_x',
  'price_fixture_1', 'active', null, null, null, now())$$,
  '42501', 'permission denied for function apply_stripe_subscription', 'an owner cannot apply a subscription event');
select throws_ok($$select adly.apply_stripe_subscription_deleted(tests.seed_id('adly.workspace:one'), 'sub_fixture_1',
  now())$$,
  '42501', 'permission denied for function apply_stripe_subscription_deleted',
  'an owner cannot cancel through the webhook function');
select throws_ok($$select adly.record_stripe_invoice(tests.seed_id('adly.workspace:one'), 'in_x', 1, 'sar', 'paid',
  null, now(), now())$$,
  '42501', 'permission denied for function record_stripe_invoice', 'an owner cannot record an invoice');
select throws_ok($$insert into adly.invoices (workspace_id, stripe_invoice_id, amount, status, stripe_event_created_at)
  values (tests.seed_id('adly.workspace:one'), 'in_y', 1, 'paid', now())$$,
  '42501', 'permission denied for table invoices', 'an owner cannot insert an invoice');
select tests.clear_authentication();
select tests.authenticate_as_anon();
select throws_ok($$select adly.apply_stripe_subscription(tests.seed_id('adly.workspace:one'), 'sub_x',
  'price_fixture_1', 'active', null, null, null, now())$$,
  '42501', 'permission denied for function apply_stripe_subscription', 'anon cannot apply a subscription event');
select tests.clear_authentication();

select tests.authenticate_as_service_role();
-- subscription lifecycle, events delivered out of order ------------------------------------
select is(adly.apply_stripe_subscription(tests.seed_id('adly.workspace:one'), 'sub_t', 'price_fixture_1', 'trialing',
  '2026-05-01 00:00+00', '2026-06-01 00:00+00', '2026-05-15 00:00+00', '2026-05-01 00:00:10+00'), true,
  'customer.subscription.created is applied');
select is(adly.apply_stripe_subscription(tests.seed_id('adly.workspace:one'), 'sub_t', 'price_fixture_1', 'trialing',
  '2026-05-01 00:00+00', '2026-06-01 00:00+00', '2026-05-15 00:00+00', '2026-05-01 00:00:10+00'), true,
  'a replay of the same event is harmless');
select is((select count(*) from adly.workspace_subscriptions where stripe_subscription_id = 'sub_t'), 1::bigint,
  'one row per Stripe subscription');
select is(adly.apply_stripe_subscription(tests.seed_id('adly.workspace:one'), 'sub_t', 'price_fixture_2', 'active',
  '2026-05-15 00:00+00', '2027-05-15 00:00+00', null, '2026-05-15 00:00:05+00'), true, 'a newer update is applied');
select is(adly.apply_stripe_subscription(tests.seed_id('adly.workspace:one'), 'sub_t', 'price_fixture_1', 'past_due',
  '2026-05-01 00:00+00', '2026-06-01 00:00+00', null, '2026-05-10 00:00+00'), false,
  'an older update arriving late is ignored');
select is((select row(s.status, p.stripe_price_id, s.current_period_end)::text
           from adly.workspace_subscriptions s join adly.subscription_plans p on p.id = s.plan_id
           where s.stripe_subscription_id = 'sub_t'),
  row('active', 'price_fixture_2', '2027-05-15 00:00+00'::timestamptz)::text,
  'the subscription reflects the newest event');
select is(adly.apply_stripe_subscription_deleted(tests.seed_id('adly.workspace:one'), 'sub_t', '2026-06-01 00:00+00'),
  true, 'customer.subscription.deleted is applied');
select is(adly.apply_stripe_subscription_deleted(tests.seed_id('adly.workspace:one'), 'sub_t', '2026-06-01 00:00+00'),
  false, 'a replayed deletion changes nothing');
select is(adly.apply_stripe_subscription(tests.seed_id('adly.workspace:one'), 'sub_t', 'price_fixture_2', 'active',
  null, null, null, '2026-06-01 00:00+00'), false,
  'an update from the same second does not resurrect a canceled subscription');
select is(adly.apply_stripe_subscription(tests.seed_id('adly.workspace:one'), 'sub_t', 'price_fixture_2', 'active',
  null, null, null, '2026-05-20 00:00+00'), false,
  'an older update does not resurrect a canceled subscription');
select is((select row(status, canceled_at)::text from adly.workspace_subscriptions
  where stripe_subscription_id = 'sub_t'),
  row('canceled', '2026-06-01 00:00+00'::timestamptz)::text, 'the subscription stays canceled');

select is(adly.apply_stripe_subscription_deleted(tests.seed_id('adly.workspace:one'), 'sub_early',
  '2026-07-02 00:00+00'), true,
  'a deletion arriving before the creation is recorded');
select is(adly.apply_stripe_subscription(tests.seed_id('adly.workspace:one'), 'sub_early', 'price_fixture_1', 'active',
  null, null, null, '2026-07-01 00:00+00'), false,
  'the late creation event is then ignored');
select is((select status from adly.workspace_subscriptions where stripe_subscription_id = 'sub_early'), 'canceled',
  'the early-deleted subscription is canceled');

select throws_ok($$select adly.apply_stripe_subscription(tests.seed_id('adly.workspace:one'), 'sub_u', 'price_missing',
  'active', null, null, null, now())$$,
  'P0002', 'no plan for Stripe price price_missing', 'an unknown price is refused');
select throws_ok($$select adly.apply_stripe_subscription('00000000-0000-4000-8000-000000000000', 'sub_u',
  'price_fixture_1', 'active', null, null, null, now())$$,
  'P0002', 'unknown workspace', 'an unknown workspace is refused');
select throws_ok($$select adly.apply_stripe_subscription(tests.seed_id('adly.workspace:two'), 'sub_t',
  'price_fixture_1', 'active', null, null, null, '2027-01-01 00:00+00')$$,
  'P0001', 'this Stripe subscription belongs to another workspace', 'a subscription cannot move to another workspace');
select throws_ok($$select adly.apply_stripe_subscription(tests.seed_id('adly.workspace:one'), 'sub_v',
  'price_fixture_1', 'bogus', null, null, null, now())$$,
  '23514', null, 'an unknown status is refused');
select throws_ok($$select adly.apply_stripe_subscription(tests.seed_id('adly.workspace:one'), 'sub_v',
  'price_fixture_1', 'active', null, null, null, null)$$,
  '22023', 'subscription id, status and event time are required', 'the event time is required');

-- invoices ------------------------------------------------------------------------------------
select is(adly.record_stripe_invoice(tests.seed_id('adly.workspace:one'), 'in_t', 499.00, 'sar', 'open', null, null,
  '2026-05-01 00:00+00'), true,
  'invoice.finalized records the invoice');
select is(adly.record_stripe_invoice(tests.seed_id('adly.workspace:one'), 'in_t', 499.00, 'sar', 'open', null, null,
  '2026-05-01 00:00+00'), false,
  'a replayed invoice event is ignored');
select is(adly.record_stripe_invoice(tests.seed_id('adly.workspace:one'), 'in_t', 499.00, 'sar', 'paid',
  'https://pay.example/pdf', '2026-05-02 00:00+00', '2026-05-02 00:00+00'), true,
  'invoice.paid updates the invoice');
select is(adly.record_stripe_invoice(tests.seed_id('adly.workspace:one'), 'in_t', 499.00, 'sar', 'open', null, null,
  '2026-05-01 12:00+00'), false,
  'an older invoice event is ignored');
select is((select row(count(*), min(status), min(currency), min(invoice_pdf), min(paid_at))::text from adly.invoices
  where stripe_invoice_id = 'in_t'),
  row(1::bigint, 'paid', 'SAR', 'https://pay.example/pdf', '2026-05-02 00:00+00'::timestamptz)::text,
  'one paid invoice row, currency upper-cased');
select throws_ok($$select adly.record_stripe_invoice(tests.seed_id('adly.workspace:two'), 'in_t', 1, 'sar', 'paid',
  null, null, '2027-01-01 00:00+00')$$,
  'P0001', 'this Stripe invoice belongs to another workspace', 'an invoice cannot move to another workspace');
select throws_ok($$select adly.record_stripe_invoice(tests.seed_id('adly.workspace:one'), 'in_neg', -1, 'sar', 'paid',
  null, null, now())$$,
  '23514', null, 'a negative amount is refused');
select tests.clear_authentication();

-- audit and visibility -------------------------------------------------------------------------
select results_eq(
  $$select action, count(*) from adly.audit_logs
    where workspace_id = tests.seed_id('adly.workspace:one')
    and (details ->> 'stripe_subscription_id' in ('sub_t', 'sub_early') or details ->> 'stripe_invoice_id' = 'in_t')
    group by action order by action$$,
  $$values ('invoice.recorded', 1::bigint), ('invoice.updated', 1::bigint), ('subscription.created', 2::bigint),
  ('subscription.updated', 2::bigint)$$,
  'billing changes are audited once per change (replays and stale events write nothing)');
select tests.authenticate_as('owner@adly.test');
select is((select count(*) from adly.invoices where stripe_invoice_id = 'in_t'), 1::bigint,
  'the owner reads the invoice');
select is((select count(*) from adly.workspace_subscriptions where stripe_subscription_id in ('sub_t', 'sub_early')),
  2::bigint,
  'the owner reads the subscriptions');
select tests.clear_authentication();
select tests.authenticate_as('member@adly.test');
select is((select count(*) from adly.invoices where workspace_id = tests.seed_id('adly.workspace:one')), 0::bigint,
  'a member does not read invoices');
select tests.clear_authentication();

select * from finish();
rollback;
