-- DTF Editor: the Stripe webhook path. Purchases, monthly grants, refunds and subscription events
-- are applied once per Stripe key, out-of-order events do not roll the profile back, and only the
-- service role may call any of it.
begin;
select plan(48);

select tests.create_user('bill-user@example.com', '{"product": "dtf"}');
select tests.create_user('bill-other@example.com', '{"product": "dtf"}');
insert into dtf.subscription_plans (id, name, stripe_price_id, monthly_price, credits_per_month) values
  ('b1000000-0000-4000-8000-000000000001', 'bill pro', 'price_bill_pro', 19, 40),
  ('b1000000-0000-4000-8000-000000000002', 'bill zero', 'price_bill_zero', 0, 0),
  ('b1000000-0000-4000-8000-000000000003', 'bill max', 'price_bill_max', 49, 100);
insert into dtf.pay_as_you_go_packages (id, name, stripe_price_id, credits, price, credit_validity_days) values
  ('b1000000-0000-4000-8000-000000000011', 'bill 25', 'price_bill_25', 25, 15, 30);

-- ---------------------------------------------------------------------------------------------
-- only the service role
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('bill-user@example.com');
select throws_ok(
  $$select dtf.fulfil_credit_purchase(tests.get_user_id('bill-user@example.com'),
      'b1000000-0000-4000-8000-000000000011', 'cs_forged')$$,
  '42501', 'permission denied for function fulfil_credit_purchase', 'a user cannot fulfil his own purchase');
select throws_ok(
  $$select dtf.grant_subscription_credits(tests.get_user_id('bill-user@example.com'), 'in_forged', 'price_bill_pro')$$,
  '42501', 'permission denied for function grant_subscription_credits', 'a user cannot grant himself monthly credits');
select throws_ok(
  $$select dtf.reverse_credit_purchase('re_forged', 'pi_forged')$$,
  '42501', 'permission denied for function reverse_credit_purchase', 'a user cannot reverse purchases');
select throws_ok(
  $$select dtf.apply_subscription_event('evt_forged', now(), 'created', tests.get_user_id('bill-user@example.com'),
      'cus_forged', 'sub_forged', 'price_bill_pro', 'active')$$,
  '42501', 'permission denied for function apply_subscription_event', 'a user cannot subscribe himself');
select tests.clear_authentication();
select tests.authenticate_as_anon();
select throws_ok(
  $$select dtf.fulfil_credit_purchase(tests.get_user_id('bill-user@example.com'),
      'b1000000-0000-4000-8000-000000000011', 'cs_forged')$$,
  '42501', 'permission denied for function fulfil_credit_purchase', 'anon cannot fulfil purchases');
select tests.clear_authentication();

select tests.authenticate_as_service_role();

-- ---------------------------------------------------------------------------------------------
-- package purchase
-- ---------------------------------------------------------------------------------------------
select results_eq(
  $$select amount, credits_remaining, already_applied from dtf.fulfil_credit_purchase(
      tests.get_user_id('bill-user@example.com'), 'b1000000-0000-4000-8000-000000000011', 'cs_bill_1', 'pi_bill_1')$$,
  $$values (25, 27, false)$$, 'a purchase adds the package''s credits');
select results_eq(
  $$select amount, credits_remaining, already_applied from dtf.fulfil_credit_purchase(
      tests.get_user_id('bill-user@example.com'), 'b1000000-0000-4000-8000-000000000011', 'cs_bill_1', 'pi_bill_1')$$,
  $$values (25, 27, true)$$, 'replaying the same checkout session adds nothing');
select results_eq(
  $$select credits_remaining, already_applied from dtf.fulfil_credit_purchase(
      tests.get_user_id('bill-user@example.com'), 'b1000000-0000-4000-8000-000000000011', null, 'pi_bill_1')$$,
  $$values (27, true)$$, 'the same payment intent without its session is recognised too');
select ok(
  (select expires_at between now() + interval '29 days' and now() + interval '31 days' and lot_remaining = 25
     from dtf.credit_transactions where stripe_checkout_session_id = 'cs_bill_1'),
  'package credits with a validity expire after it');
select throws_ok(
  $$select dtf.fulfil_credit_purchase(tests.get_user_id('bill-other@example.com'),
      'b1000000-0000-4000-8000-000000000011', 'cs_bill_1')$$,
  'DT004', 'Stripe payment already fulfilled for another user', 'a session cannot be fulfilled for a second user');
select throws_ok(
  $$select dtf.fulfil_credit_purchase(tests.get_user_id('bill-user@example.com'),
      '00000000-0000-4000-8000-00000000dead', 'cs_bill_unknown')$$,
  'DT003', 'unknown credit package: 00000000-0000-4000-8000-00000000dead', 'an unknown package is refused');
select throws_ok(
  $$select dtf.fulfil_credit_purchase('00000000-0000-4000-8000-00000000dead',
      'b1000000-0000-4000-8000-000000000011', 'cs_bill_nouser')$$,
  'DT002', 'unknown user: 00000000-0000-4000-8000-00000000dead has no DTF Editor profile',
  'an unknown user is refused');
select throws_ok(
  $$select dtf.fulfil_credit_purchase(tests.get_user_id('bill-user@example.com'),
      'b1000000-0000-4000-8000-000000000011', null, null)$$,
  '22023', 'a Stripe checkout session id or payment intent id is required', 'a purchase needs a Stripe key');

-- ---------------------------------------------------------------------------------------------
-- monthly grant
-- ---------------------------------------------------------------------------------------------
select results_eq(
  $$select amount, credits_remaining, already_applied from dtf.grant_subscription_credits(
      tests.get_user_id('bill-user@example.com'), 'in_bill_1', 'price_bill_pro', 'sub_bill_1', 'pi_bill_in_1')$$,
  $$values (40, 67, false)$$, 'a paid invoice grants the plan''s monthly credits');
select results_eq(
  $$select amount, credits_remaining, already_applied from dtf.grant_subscription_credits(
      tests.get_user_id('bill-user@example.com'), 'in_bill_1', 'price_bill_pro', 'sub_bill_1', 'pi_bill_in_1')$$,
  $$values (40, 67, true)$$, 'the same invoice never grants twice');
select is(
  (select count(*)::int from dtf.credit_transactions where stripe_invoice_id = 'in_bill_1'),
  1, 'one ledger row for the invoice');
select throws_ok(
  $$select dtf.grant_subscription_credits(tests.get_user_id('bill-other@example.com'), 'in_bill_1', 'price_bill_pro')$$,
  'DT004', 'Stripe invoice already granted to another user', 'an invoice cannot be granted to a second user');
select throws_ok(
  $$select dtf.grant_subscription_credits(tests.get_user_id('bill-user@example.com'), 'in_bill_2', 'price_nope')$$,
  'DT003', 'unknown subscription price: price_nope', 'an unknown price is refused');
select throws_ok(
  $$select dtf.grant_subscription_credits(tests.get_user_id('bill-user@example.com'), 'in_bill_3', 'price_bill_zero')$$,
  'DT003', 'plan bill zero grants no monthly credits', 'a plan without credits grants nothing');
select throws_ok(
  $$select dtf.grant_subscription_credits(tests.get_user_id('bill-user@example.com'), null, 'price_bill_pro')$$,
  '22023', 'a Stripe invoice id is required', 'a grant needs an invoice id');

-- ---------------------------------------------------------------------------------------------
-- one allowance per subscription period: a plan change's invoice tops up, a new period grants anew
-- ---------------------------------------------------------------------------------------------
create temporary table per_period (call text, amount integer, already_applied boolean);
grant all on per_period to service_role;
insert into per_period select 'first', amount, already_applied from dtf.grant_subscription_credits(
  tests.get_user_id('bill-other@example.com'), 'in_per_1', 'price_bill_pro', 'sub_per', 'pi_per_1',
  '2026-05-01 00:00+00', '2026-06-01 00:00+00');
insert into per_period select 'same plan again', amount, already_applied from dtf.grant_subscription_credits(
  tests.get_user_id('bill-other@example.com'), 'in_per_2', 'price_bill_pro', 'sub_per', 'pi_per_2',
  '2026-05-10 00:00+00', '2026-06-01 00:00+00');
insert into per_period select 'upgrade', amount, already_applied from dtf.grant_subscription_credits(
  tests.get_user_id('bill-other@example.com'), 'in_per_3', 'price_bill_max', 'sub_per', 'pi_per_3',
  '2026-05-15 00:00+00', '2026-06-01 00:00+00');
insert into per_period select 'upgrade replayed', amount, already_applied from dtf.grant_subscription_credits(
  tests.get_user_id('bill-other@example.com'), 'in_per_3', 'price_bill_max', 'sub_per', 'pi_per_3',
  '2026-05-15 00:00+00', '2026-06-01 00:00+00');
insert into per_period select 'next period', amount, already_applied from dtf.grant_subscription_credits(
  tests.get_user_id('bill-other@example.com'), 'in_per_4', 'price_bill_max', 'sub_per', 'pi_per_4',
  '2026-06-01 00:00+00', '2026-07-01 00:00+00');
select is((select amount from per_period where call = 'first'), 40,
  'the first invoice of a period grants the plan''s allowance');
select is((select amount from per_period where call = 'same plan again'), 0,
  'a second invoice of the same period and plan grants nothing');
select is((select count(*)::int from dtf.credit_transactions where stripe_invoice_id = 'in_per_2'), 0,
  'and writes no ledger row');
select is((select amount from per_period where call = 'upgrade'), 60,
  'an upgrade''s invoice tops the period up to the larger plan''s allowance (100 - 40)');
select results_eq($$select amount, already_applied from per_period where call = 'upgrade replayed'$$,
  $$values (60, true)$$, 'a replayed top-up is not granted again');
select is((select amount from per_period where call = 'next period'), 100,
  'the next period grants the whole allowance');

-- ---------------------------------------------------------------------------------------------
-- refunds take credits back as far as the balance allows
-- ---------------------------------------------------------------------------------------------
select dtf.deduct_user_credits(tests.get_user_id('bill-user@example.com'), 50);   -- 67 -> 17
select results_eq(
  $$select amount, credits_remaining, already_applied from dtf.reverse_credit_purchase('re_bill_1', 'pi_bill_1')$$,
  $$values (-17, 0, false)$$, 'a refund takes back what the balance allows, not more');
select results_eq(
  $$select amount, credits_remaining, already_applied from dtf.reverse_credit_purchase('re_bill_1', 'pi_bill_1')$$,
  $$values (-17, 0, true)$$, 'the same refund is applied once');
select is(
  (select (metadata ->> 'shortfall')::int from dtf.credit_transactions where stripe_refund_id = 're_bill_1'),
  8, 'the shortfall is recorded');
select dtf.add_user_credits(tests.get_user_id('bill-user@example.com'), 30, 'bonus');
select results_eq(
  $$select amount, credits_remaining from dtf.reverse_credit_purchase('re_bill_2', 'pi_bill_1')$$,
  $$values (-8, 22)$$, 'a second refund of the same purchase takes back only what was not taken yet');
select results_eq(
  $$select amount, credits_remaining from dtf.reverse_credit_purchase('re_bill_3', 'pi_bill_1')$$,
  $$values (0, 22)$$, 'a fully reversed purchase gives nothing more back');
select results_eq(
  $$select amount, credits_remaining from dtf.reverse_credit_purchase('re_bill_4', 'pi_bill_in_1', null, 5)$$,
  $$values (-5, 17)$$, 'a partial refund takes back the given number of credits');
select throws_ok(
  $$select dtf.reverse_credit_purchase('re_bill_5', 'pi_unknown')$$,
  'DT003', 'no credit purchase for this Stripe payment', 'a refund of an unknown payment is refused');
select throws_ok(
  $$select dtf.reverse_credit_purchase('re_bill_6', 'pi_bill_1', null, 0)$$,
  '22023', 'credit amount must be positive', 'a refund of zero credits is refused');
select is(
  (select total_credits_purchased from dtf.profiles where id = tests.get_user_id('bill-user@example.com')),
  35, 'reversed credits leave total_credits_purchased (25 + 40 - 17 - 8 - 5)');

-- ---------------------------------------------------------------------------------------------
-- subscription events
-- ---------------------------------------------------------------------------------------------
select results_eq(
  $$select applied, reason from dtf.apply_subscription_event('evt_bill_1', '2026-03-01 10:00+00', 'created',
      tests.get_user_id('bill-user@example.com'), 'cus_bill', 'sub_bill_1', 'price_bill_pro', 'active',
      '2026-03-01 10:00+00', '2026-04-01 10:00+00')$$,
  $$values (true, 'applied'::text)$$, 'a created subscription is applied');
select results_eq(
  $$select subscription_status, subscription_plan, subscription_plan_id, stripe_customer_id, stripe_subscription_id
      from dtf.profiles where id = tests.get_user_id('bill-user@example.com')$$,
  $$values ('active'::text, 'bill pro'::text, 'b1000000-0000-4000-8000-000000000001'::uuid, 'cus_bill'::text,
  'sub_bill_1'::text)$$,
  'the profile shows the active plan');
select results_eq(
  $$select applied, reason from dtf.apply_subscription_event('evt_bill_1', '2026-03-01 10:00+00', 'created',
      tests.get_user_id('bill-user@example.com'), 'cus_bill', 'sub_bill_1', 'price_bill_pro', 'active')$$,
  $$values (false, 'duplicate'::text)$$, 'a replayed event changes nothing');
select results_eq(
  $$select applied, reason from dtf.apply_subscription_event('evt_bill_3', '2026-03-20 10:00+00', 'deleted',
      null, 'cus_bill', 'sub_bill_1', 'price_bill_pro', 'canceled', null, null, '2026-03-20 10:00+00')$$,
  $$values (true, 'applied'::text)$$, 'a deletion found by Stripe customer id is applied');
select results_eq(
  $$select applied, reason from dtf.apply_subscription_event('evt_bill_2', '2026-03-10 10:00+00', 'updated',
      tests.get_user_id('bill-user@example.com'), 'cus_bill', 'sub_bill_1', 'price_bill_pro', 'past_due')$$,
  $$values (false, 'stale'::text)$$, 'an older update arriving after the deletion is not applied');
select results_eq(
  $$select subscription_status, subscription_plan, subscription_plan_id from dtf.profiles
     where id = tests.get_user_id('bill-user@example.com')$$,
  $$values ('cancelled'::text, 'free'::text, null::uuid)$$,
  'the profile stays cancelled');
select is(
  (select count(*)::int from dtf.subscription_history where user_id = tests.get_user_id('bill-user@example.com')),
  3, 'every distinct event is kept in the history');
select results_eq(
  $$select applied, reason from dtf.apply_subscription_event('evt_bill_4', '2026-03-25 10:00+00', 'created',
      tests.get_user_id('bill-user@example.com'), 'cus_bill', 'sub_bill_2', 'price_bill_pro', 'active')$$,
  $$values (true, 'applied'::text)$$, 'a new subscription is applied');
select results_eq(
  $$select applied, reason from dtf.apply_subscription_event('evt_bill_5', '2026-03-26 10:00+00', 'deleted',
      tests.get_user_id('bill-user@example.com'), 'cus_bill', 'sub_bill_1', 'price_bill_pro', 'canceled')$$,
  $$values (false, 'not_current'::text)$$, 'a late deletion of the old subscription does not cancel the new one');
select throws_ok(
  $$select dtf.apply_subscription_event('evt_bill_6', now(), 'updated', tests.get_user_id('bill-user@example.com'),
      'cus_bill', 'sub_bill_2', 'price_bill_pro', 'weird')$$,
  '22023', 'unknown Stripe subscription status: weird', 'an unknown Stripe status is refused');
select throws_ok(
  $$select dtf.apply_subscription_event('evt_bill_7', now(), 'updated', tests.get_user_id('bill-user@example.com'),
      'cus_someone_else', 'sub_bill_2', 'price_bill_pro', 'active')$$,
  'DT004', 'Stripe customer does not match the profile', 'an event for another Stripe customer is refused');
select throws_ok(
  $$select dtf.apply_subscription_event('evt_bill_8', now(), 'created', null, 'cus_nobody', 'sub_x', 'price_bill_pro',
    'active')$$,
  'DT002', 'unknown user: no DTF Editor profile for this subscription', 'an event for an unknown customer is refused');
select throws_ok(
  $$select dtf.apply_subscription_event('evt_bill_9', now(), 'updated', tests.get_user_id('bill-user@example.com'),
      'cus_bill', 'sub_bill_2', 'price_nope', 'active')$$,
  'DT003', 'unknown subscription price: price_nope', 'an event for an unknown price is refused');
select tests.clear_authentication();

select * from finish();
rollback;
