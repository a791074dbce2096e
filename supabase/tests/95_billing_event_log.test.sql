-- Billing glue: who may call it, the event log's once-only recording, and checkout refusals.
begin;
select plan(17);

-- privileges ---------------------------------------------------------------------------------
select ok(not has_function_privilege('authenticated', 'private.billing_apply_stripe_event(jsonb)', 'execute'),
  'authenticated cannot apply Stripe events');
select ok(not has_function_privilege('anon', 'private.billing_begin_checkout(uuid, text, uuid, uuid)', 'execute'),
  'anon cannot begin checkouts');
select ok(has_function_privilege('service_role', 'private.billing_apply_stripe_event(jsonb)', 'execute'),
  'service_role applies Stripe events');
select ok(not has_table_privilege('service_role', 'private.stripe_events', 'select'),
  'no API role reads the event log directly');
select ok(not has_table_privilege('authenticated', 'private.billing_checkouts', 'select'),
  'authenticated cannot read checkout rows');

-- the event log ------------------------------------------------------------------------------
select tests.authenticate_as_service_role();
select is(
  (select outcome || '/' || replay from private.billing_apply_stripe_event(
    '{"id":"evt_pgtap_1","type":"customer.created","created":1700000000,"data":{"object":{"id":"cus_1"}}}')),
  'ignored/false', 'an unhandled event type is recorded as ignored');
select is(
  (select outcome || '/' || replay from private.billing_apply_stripe_event(
    '{"id":"evt_pgtap_1","type":"customer.created","created":1700000000,"data":{"object":{"id":"cus_1"}}}')),
  'ignored/true', 'the same event id again is a replay');
select throws_ok(
  $$select * from private.billing_apply_stripe_event('{"id":"evt_pgtap_2","type":"x","data":{"object":{}}}')$$,
  '22023', 'not a Stripe event: id, type, created and data.object are required',
  'an event without created is refused');
select throws_ok(
  $$select * from
    private.billing_apply_stripe_event('{"id":"not-an-event","type":"x","created":1,"data":{"object":{}}}')$$,
  '22023', null, 'an id that is not a Stripe event id is refused');
select is(
  (select outcome from private.billing_apply_stripe_event(
    '{"id":"evt_pgtap_3","type":"checkout.session.completed","created":1700000000,
      "data":{"object":{"id":"cs_unknown","payment_status":"paid","metadata":{}}}}')),
  'ignored', 'a checkout session not opened by us is ignored');
select is(
  (select outcome from private.billing_apply_stripe_event(
    '{"id":"evt_pgtap_4","type":"charge.refunded","created":1700000000,
      "data":{"object":{"id":"ch_1","payment_intent":"pi_unknown","amount":100,"amount_refunded":100,
        "refunded":true}}}')),
  'deferred', 'a refund of a payment not applied yet is deferred');
select tests.clear_authentication();
select is((select count(*)::int from private.stripe_events where id like 'evt_pgtap_%'), 3,
  'refused events leave no row; each applied event one row');

-- checkout refusals --------------------------------------------------------------------------
select tests.create_user('billing-buyer@example.com', '{"product":"marketplace"}');
insert into marketplace.workflows (id, title, price, currency, status)
values ('b0000000-0000-4000-8000-000000000001', 'Draft flow', 10, 'USD', 'draft'),
       ('b0000000-0000-4000-8000-000000000002', 'Paid flow', 10, 'USD', 'active');
select tests.authenticate_as_service_role();
select throws_ok(
  $$select * from private.billing_begin_checkout(tests.get_user_id('billing-buyer@example.com'), 'marketplace',
      'b0000000-0000-4000-8000-000000000001')$$,
  'BL001', null, 'a draft workflow is not for sale');
select throws_ok(
  $$select * from private.billing_begin_checkout(tests.get_user_id('billing-buyer@example.com'), 'dtf',
      'b0000000-0000-4000-8000-000000000002')$$,
  'BL003', null, 'a user without a DTF profile cannot buy DTF items');
select is(
  (select outcome || '/' || amount_minor from private.billing_begin_checkout(
     tests.get_user_id('billing-buyer@example.com'), 'marketplace', 'b0000000-0000-4000-8000-000000000002')),
  'new/1000', 'a paid workflow opens a new checkout priced in cents');
select throws_ok(
  $$select * from private.billing_begin_checkout(tests.get_user_id('billing-buyer@example.com'), 'marketplace',
      'b0000000-0000-4000-8000-000000000002')$$,
  'BL004', null, 'a second checkout of the same item while the first is being created is refused');
select tests.clear_authentication();

select is(
  array[private.billing_minor_unit_factor('usd'), private.billing_minor_unit_factor('JPY'),
        private.billing_minor_unit_factor('KWD'), private.billing_minor_unit_factor('BHD')],
  array[100, 1, 1000, 1000],
  'Stripe minor units: cents, zero-decimal and three-decimal currencies');

select * from finish();
rollback;
