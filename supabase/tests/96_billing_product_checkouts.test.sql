-- Billing's product functions for checkouts, subscriptions and invoices: each product prices its
-- own items (or records a free one), says whether a new subscription was cancelled, and applies
-- a paid or closed checkout, a subscription event or an invoice to its own rows, answering with
-- an outcome; the same call again is a replay (or stale) and changes nothing. Only the service
-- role may call them. Seed: alice owns workflow b1..01 and course product c1..01 and owns ADLY
-- workspace Acme (subscribed); bob has a PENDING purchase of workflow b1..02 and an active DTF
-- subscription; dave owns ADLY workspace Globex (not subscribed).
begin;
select plan(51);

create temporary table fn (signature text primary key) on commit drop;
insert into fn values
  ('marketplace.price_checkout_item(uuid, uuid)'),
  ('courses.price_checkout_item(uuid, uuid)'),
  ('dtf.price_checkout_item(uuid, uuid)'),
  ('adly.price_checkout_item(uuid, uuid, uuid)'),
  ('dtf.subscription_cancelled_since(uuid, timestamptz)'),
  ('adly.subscription_cancelled(text)'),
  ('marketplace.apply_paid_checkout(uuid, uuid, text, timestamptz, text, text, text, jsonb)'),
  ('marketplace.apply_closed_checkout(text, boolean)'),
  ('courses.apply_paid_checkout(uuid, uuid, text, integer, text)'),
  ('dtf.apply_paid_checkout(uuid, uuid, text, text)'),
  ('adly.apply_subscription_event(uuid, text, boolean, text, text, timestamptz, timestamptz, timestamptz, ' ||
    'timestamptz)'),
  ('dtf.apply_paid_invoice(uuid, text, text, text, text, text, timestamptz, timestamptz)'),
  ('adly.apply_invoice(uuid, text, numeric, text, text, text, timestamptz, timestamptz)');

-- fixtures: a free course product, a free DTF package
insert into courses.products (id, name, description, image_url, price_dollars, status) values
  ('c9000000-0000-4000-8000-000000000001', 'Free taster', 'One free course', 'https://img.test/free.png', 0, 'public');
insert into courses.courses (id, title, description) values
  ('c9100000-0000-4000-8000-000000000001', 'Taster course', 'Free');
insert into courses.course_products (course_id, product_id) values
  ('c9100000-0000-4000-8000-000000000001', 'c9000000-0000-4000-8000-000000000001');
insert into dtf.pay_as_you_go_packages (id, name, stripe_price_id, credits, price) values
  ('d9000000-0000-4000-8000-000000000001', 'free 5', 'price_checkouts_free_5', 5, 0);

-- privileges ---------------------------------------------------------------------------------
select is((select array_agg(r || ' ' || f.signature order by 1) from fn f, unnest(array['anon', 'authenticated']) r
            where has_function_privilege(r, f.signature, 'execute')),
  null, 'anon and authenticated execute none of the product checkout functions');
select is((select array_agg(f.signature order by 1) from fn f
            where not has_function_privilege('service_role', f.signature, 'execute')),
  null, 'service_role executes every product checkout function');
select is((select array_agg(f.signature order by 1) from fn f join pg_proc p on p.oid = f.signature::regprocedure
            where not (p.prosecdef and p.proconfig = array['search_path=""']
            and obj_description(p.oid, 'pg_proc') is not null)),
  null, 'each runs as definer with an empty search_path and is commented');

select tests.authenticate_as_service_role();

-- pricing -------------------------------------------------------------------------------------
select results_eq(
  $$select outcome, item_kind, mode, currency, price, item_name, stripe_price_id
      from marketplace.price_checkout_item(tests.seed_id('user:bob'),
      tests.seed_id('marketplace.workflow:lead-capture'))$$,
  $$values ('priced', 'workflow', 'payment', 'USD', 49.00::numeric, 'Lead Capture to CRM', null::text)$$,
  'marketplace: a workflow is priced for a buyer');
select is((select outcome from marketplace.price_checkout_item(tests.seed_id('user:bob'),
                                                              tests.seed_id('marketplace.workflow:free'))),
  'free', 'marketplace: a free workflow needs no checkout');
select throws_ok($$select marketplace.price_checkout_item(tests.seed_id('user:alice'),
  tests.seed_id('marketplace.workflow:lead-capture'))$$,
  'BL002', 'you already own this workflow', 'marketplace: an owned workflow is refused');
select throws_ok($$select marketplace.price_checkout_item(tests.seed_id('user:bob'),
  tests.seed_id('marketplace.workflow:deleted'))$$,
  'BL001', null, 'marketplace: a deleted workflow is not for sale');
select throws_ok($$select marketplace.price_checkout_item(tests.seed_id('user:dave'),
  tests.seed_id('marketplace.workflow:lead-capture'))$$,
  'BL003', 'not a marketplace user', 'marketplace: a user without a marketplace account is refused');

select results_eq(
  $$select outcome, item_kind, mode, currency, price, item_name
      from courses.price_checkout_item(tests.seed_id('user:bob'), tests.seed_id('courses.product:frontend-bundle'))$$,
  $$values ('priced', 'course_product', 'payment', 'USD', 149::numeric, 'Frontend Bundle')$$,
  'courses: a product is priced in USD');
select throws_ok($$select courses.price_checkout_item(tests.seed_id('user:alice'),
  tests.seed_id('courses.product:full-stack'))$$,
  'CR002', null, 'courses: an owned product is refused');
select is((select outcome from courses.price_checkout_item(tests.seed_id('user:bob'),
                                                          'c9000000-0000-4000-8000-000000000001')),
  'free', 'courses: a free product is free');
select is((select count(*) from courses.purchases
            where user_id = tests.seed_id('user:bob') and product_id = 'c9000000-0000-4000-8000-000000000001'),
  1::bigint, 'courses: the free product is recorded as a purchase at once');
select throws_ok($$select courses.price_checkout_item(tests.seed_id('user:bob'),
  'c9000000-0000-4000-8000-000000000001')$$,
  'CR002', null, 'courses: the free product again is refused as owned');

select results_eq(
  $$select outcome, item_kind, mode, currency, price, stripe_price_id
      from dtf.price_checkout_item(tests.seed_id('user:alice'),
      tests.seed_id('dtf.pay_as_you_go_package:10-credits'))$$,
  $$values ('priced', 'credit_package', 'payment', 'USD', 7.99::numeric, null::text)$$,
  'dtf: a credit package is a payment');
select results_eq(
  $$select outcome, item_kind, mode, price, stripe_price_id
      from dtf.price_checkout_item(tests.seed_id('user:alice'), tests.seed_id('dtf.subscription_plan:basic'))$$,
  $$values ('priced', 'subscription_plan', 'subscription', 9.99::numeric, 'price_dtf_basic_monthly')$$,
  'dtf: a paid plan is a subscription with its Stripe price');
select is((select stripe_customer_id
             from dtf.price_checkout_item(tests.seed_id('user:bob'),
                                          tests.seed_id('dtf.pay_as_you_go_package:10-credits'))),
  'cus_demo_bob', 'dtf: the profile''s Stripe customer comes with the price');
select throws_ok($$select dtf.price_checkout_item(tests.seed_id('user:bob'),
  tests.seed_id('dtf.subscription_plan:basic'))$$,
  'BL002', 'you already have a subscription: change plans in the billing portal',
  'dtf: a subscriber cannot check out a plan');
select is((select outcome from dtf.price_checkout_item(tests.seed_id('user:alice'),
                                                      'd9000000-0000-4000-8000-000000000001')),
  'free', 'dtf: a free package is granted');
select throws_ok($$select dtf.price_checkout_item(tests.seed_id('user:alice'),
  'd9000000-0000-4000-8000-000000000001')$$,
  'BL002', 'you already claimed this free package', 'dtf: a free package is granted once');
select throws_ok($$select dtf.price_checkout_item(tests.seed_id('user:alice'),
  'b1000000-0000-4000-8000-000000000001')$$,
  'BL001', null, 'dtf: an unknown item is not for sale');

select results_eq(
  $$select outcome, item_kind, mode, currency, price, stripe_price_id
      from adly.price_checkout_item(tests.seed_id('user:dave'), tests.seed_id('adly.workspace:globex'),
                                    tests.seed_id('adly.subscription_plan:starter'))$$,
  $$values ('priced', 'subscription_plan', 'subscription', 'SAR', 199.00::numeric, 'price_adly_starter_monthly')$$,
  'adly: an owner prices a plan for an unsubscribed workspace');
select throws_ok($$select adly.price_checkout_item(tests.seed_id('user:alice'), tests.seed_id('adly.workspace:acme'),
  tests.seed_id('adly.subscription_plan:starter'))$$,
  'BL002', 'this workspace already has a subscription', 'adly: a subscribed workspace is refused');
select throws_ok($$select adly.price_checkout_item(tests.seed_id('user:bob'), tests.seed_id('adly.workspace:acme'),
  tests.seed_id('adly.subscription_plan:starter'))$$,
  'BL003', 'only an owner of the workspace can subscribe it', 'adly: a member cannot subscribe the workspace');

-- paid and closed checkouts ---------------------------------------------------------------------
select is((select outcome from marketplace.apply_paid_checkout(tests.seed_id('user:bob'),
  tests.seed_id('marketplace.workflow:social-scheduler'), 'cs_test_seed_bob_social_scheduler', now(),
  'pi_checkouts_bob',
  'Bob Baker', 'bob@example.com', null)), 'applied', 'marketplace: a paid checkout is applied');
select is((select outcome from marketplace.apply_paid_checkout(tests.seed_id('user:bob'),
  tests.seed_id('marketplace.workflow:social-scheduler'), 'cs_test_seed_bob_social_scheduler', now(),
  'pi_checkouts_bob',
  'Bob Baker', 'bob@example.com', null)), 'replayed', 'marketplace: the same payment again is a replay');
select is((select status::text || ' ' || (select count(*) from marketplace.invoices i where i.purchase_id = p.id)
             from marketplace.purchases p where p.stripe_checkout_session_id = 'cs_test_seed_bob_social_scheduler'),
  'ACTIVE 1', 'marketplace: the purchase is ACTIVE with one invoice');
select is((select outcome from marketplace.apply_paid_checkout(tests.seed_id('user:admin'),
  tests.seed_id('marketplace.workflow:social-scheduler'), 'cs_checkouts_unattached', now(), null, null, null, null)),
  'applied', 'marketplace: a session never attached gets its purchase when paid');

select marketplace.create_checkout_purchase(tests.seed_id('user:admin'),
  tests.seed_id('marketplace.workflow:lead-capture'), 'cs_checkouts_closed');
select is((select outcome from marketplace.apply_closed_checkout('cs_checkouts_closed', false)),
  'applied', 'marketplace: an expired checkout closes the pending purchase');
select is((select outcome from marketplace.apply_closed_checkout('cs_checkouts_closed', true)),
  'replayed', 'marketplace: closing it again is a replay');
select is((select status::text from marketplace.purchases where stripe_checkout_session_id = 'cs_checkouts_closed'),
  'REJECT', 'marketplace: the first close stands (REJECT)');
select is((select outcome || ': ' || detail from marketplace.apply_closed_checkout('cs_test_seed_alice_lead_capture',
  false)),
  'ignored: purchase is ACTIVE', 'marketplace: a paid purchase is not closed');
select is((select outcome || ': ' || detail from marketplace.apply_closed_checkout('cs_checkouts_unknown', true)),
  'ignored: no purchase for this session', 'marketplace: a session without a purchase is ignored');

select is((select outcome from courses.apply_paid_checkout(tests.seed_id('user:bob'),
  tests.seed_id('courses.product:frontend-bundle'), 'cs_checkouts_course', 14900, 'pi_checkouts_course')),
  'applied', 'courses: a paid checkout is applied');
select is((select outcome from courses.apply_paid_checkout(tests.seed_id('user:bob'),
  tests.seed_id('courses.product:frontend-bundle'), 'cs_checkouts_course', 14900, 'pi_checkouts_course')),
  'replayed', 'courses: the same payment again is a replay');
select is((select count(*) from courses.purchases where stripe_session_id = 'cs_checkouts_course'), 1::bigint,
  'courses: one purchase');

select is((select outcome from dtf.apply_paid_checkout(tests.seed_id('user:alice'),
  tests.seed_id('dtf.pay_as_you_go_package:10-credits'), 'cs_checkouts_dtf', 'pi_checkouts_dtf')),
  'applied', 'dtf: a paid package is applied');
select is((select outcome from dtf.apply_paid_checkout(tests.seed_id('user:alice'),
  tests.seed_id('dtf.pay_as_you_go_package:10-credits'), 'cs_checkouts_dtf', 'pi_checkouts_dtf')),
  'replayed', 'dtf: the same payment again is a replay');
select is((select count(*) from dtf.credit_transactions where stripe_checkout_session_id = 'cs_checkouts_dtf'),
  1::bigint,
  'dtf: the credits are granted once');

-- subscriptions and invoices --------------------------------------------------------------------
select is((select outcome from adly.apply_subscription_event(tests.seed_id('adly.workspace:globex'),
  'sub_checkouts_globex',
  false, 'price_adly_starter_monthly', 'active', '2026-12-01 00:00+00', '2027-01-01 00:00+00', null,
  '2026-12-01 00:00:10+00')),
  'applied', 'adly: a subscription event is applied');
select is((select outcome from adly.apply_subscription_event(tests.seed_id('adly.workspace:globex'),
  'sub_checkouts_globex',
  false, 'price_adly_starter_monthly', 'past_due', '2026-12-01 00:00+00', '2027-01-01 00:00+00', null,
  '2026-12-01 00:00:05+00')),
  'stale', 'adly: an older event is stale');
select is(adly.subscription_cancelled('sub_checkouts_globex'), false, 'adly: a live subscription is not cancelled');
select is((select outcome from adly.apply_subscription_event(tests.seed_id('adly.workspace:globex'),
  'sub_checkouts_globex',
  true, null, null, null, null, null, '2026-12-02 00:00+00')),
  'applied', 'adly: a deletion is applied');
select is((select outcome from adly.apply_subscription_event(tests.seed_id('adly.workspace:globex'),
  'sub_checkouts_globex',
  true, null, null, null, null, null, '2026-12-02 00:00+00')),
  'stale', 'adly: the same deletion again is stale');
select is(adly.subscription_cancelled('sub_checkouts_globex'), true, 'adly: the deleted subscription is cancelled');

select is((select outcome || coalesce(': ' || detail, '')
  from adly.apply_invoice(tests.seed_id('adly.workspace:globex'),
  'in_checkouts_adly', 199, 'SAR', 'paid', null, '2026-12-01 00:00:20+00', '2026-12-01 00:00:20+00')),
  'applied', 'adly: an invoice is applied');
select is((select outcome from adly.apply_invoice(tests.seed_id('adly.workspace:globex'), 'in_checkouts_adly',
  199, 'SAR', 'paid', null, '2026-12-01 00:00:20+00', '2026-12-01 00:00:20+00')),
  'stale', 'adly: the same invoice event again is stale');

select is((select outcome || ': ' || detail from dtf.apply_paid_invoice(null, 'cus_demo_bob', 'in_checkouts_dtf',
  'price_dtf_basic_monthly', 'sub_checkouts_dtf', 'pi_checkouts_invoice', '2026-12-01 00:00+00',
  '2027-01-01 00:00+00')),
  'applied: 20 monthly credits', 'dtf: a paid invoice grants the plan''s credits to the customer''s profile');
select is((select outcome || ': ' || detail from dtf.apply_paid_invoice(null, 'cus_demo_bob', 'in_checkouts_dtf',
  'price_dtf_basic_monthly', 'sub_checkouts_dtf', 'pi_checkouts_invoice', '2026-12-01 00:00+00',
  '2027-01-01 00:00+00')),
  'replayed: 20 monthly credits', 'dtf: the same invoice again is a replay');
select is((select outcome || ': ' || detail from dtf.apply_paid_invoice(null, 'cus_demo_bob', 'in_checkouts_none',
  'price_checkouts_unknown', 'sub_checkouts_dtf', null, null, null)),
  'ignored: plan grants no monthly credits', 'dtf: a price of no credit plan grants nothing');
select tests.clear_authentication();

-- whether the subscription a checkout just created was cancelled since
update dtf.profiles set subscription_status = 'cancelled', subscription_event_at = now()
 where id = tests.seed_id('user:bob');
select is(dtf.subscription_cancelled_since(tests.seed_id('user:bob'), now() - interval '1 hour'), true,
  'dtf: a subscription cancelled after the checkout is cancelled since');
select is(dtf.subscription_cancelled_since(tests.seed_id('user:bob'), now() + interval '1 hour'), false,
  'dtf: a cancellation before the checkout does not count');

select * from finish();
rollback;
