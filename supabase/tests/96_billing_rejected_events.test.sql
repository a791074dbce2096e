-- A Stripe event the products refuse for good is acknowledged as rejected, leaves no effect, and
-- is applied when it is delivered again after the cause was fixed. Transient failures still raise.
begin;
select plan(9);

create temporary table event_json (body jsonb) on commit drop;
grant select on event_json to service_role;
insert into event_json values ('{
  "id": "evt_pgtap_rejected_1",
  "type": "customer.subscription.created",
  "created": 1790000000,
  "data": {"object": {
    "id": "sub_pgtap_rejected",
    "customer": "cus_pgtap_rejected",
    "status": "active",
    "metadata": {"product": "adly", "workspace_id": "b1000000-0000-4000-8000-000000000002"},
    "items": {"data": [{"price": {"id": "price_pgtap_not_a_plan"},
                        "current_period_start": 1790000000, "current_period_end": 1792592000}]}
  }}
}');

select tests.authenticate_as_service_role();
select is(
  (select outcome || '/' || replay from private.billing_apply_stripe_event((select body from event_json))),
  'rejected/false', 'an event for an unknown price is acknowledged as rejected');
select tests.clear_authentication();

select is((select detail from private.stripe_events where id = 'evt_pgtap_rejected_1'),
  'P0002: no plan for Stripe price price_pgtap_not_a_plan', 'the refusal is recorded with its SQLSTATE and message');
select is((select count(*)::int from adly.workspace_subscriptions where stripe_subscription_id = 'sub_pgtap_rejected'),
  0,
  'a rejected event changes nothing');

-- The cause is fixed (the plan is created), and Stripe delivers the event again.
insert into adly.subscription_plans (name, stripe_price_id, price, currency, interval, features)
values ('Pgtap plan', 'price_pgtap_not_a_plan', 49, 'SAR', 'month', '{}');
select tests.authenticate_as_service_role();
select is(
  (select outcome || '/' || replay from private.billing_apply_stripe_event((select body from event_json))),
  'applied/false', 'a redelivered rejected event is applied');
select is(
  (select outcome || '/' || replay from private.billing_apply_stripe_event((select body from event_json))),
  'applied/true', 'after it was applied, a redelivery is a replay');
select tests.clear_authentication();
select is((select count(*)::int from adly.workspace_subscriptions where stripe_subscription_id = 'sub_pgtap_rejected'),
  1,
  'the subscription exists once');

-- Which failures are acknowledged and which are left to Stripe's retries.
select ok(private.billing_is_permanent_refusal('P0002') and private.billing_is_permanent_refusal('22023')
      and private.billing_is_permanent_refusal('MK007') and private.billing_is_permanent_refusal('23514'),
  'data errors and product refusals are permanent');
select ok(not private.billing_is_permanent_refusal('40P01') and not private.billing_is_permanent_refusal('40001')
      and not private.billing_is_permanent_refusal('57014') and not private.billing_is_permanent_refusal('08006')
      and not private.billing_is_permanent_refusal('23505'),
  'deadlocks, serialization failures, timeouts, connection loss and unique-key races are retried');
select ok(not has_function_privilege('authenticated', 'private.billing_dispatch_stripe_event(jsonb)', 'execute'),
  'clients cannot dispatch events');

select * from finish();
rollback;
