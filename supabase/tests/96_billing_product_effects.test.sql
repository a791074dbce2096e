-- Billing's product functions: each product applies a refund to its own rows and says what it
-- did (applied, replayed, ignored, stale, deferred), and tells billing whose subscription a Stripe
-- subscription is. Only the service role may call them; a second call of the same refund changes
-- nothing.
begin;
select plan(26);

select tests.create_user('effects-dtf@example.com', '{"product": "dtf"}');
insert into dtf.pay_as_you_go_packages (id, name, stripe_price_id, credits, price, credit_validity_days) values
  (tests.seed_id('marketplace.workflow_doc:lead-capture-forms'), 'effects 20', 'price_effects_20', 20, 10, 30);
update dtf.profiles set stripe_customer_id = 'cus_effects', stripe_subscription_id = 'sub_effects_dtf'
 where id = tests.get_user_id('effects-dtf@example.com');

-- privileges ---------------------------------------------------------------------------------
select ok(not has_function_privilege(r, f, 'execute'), format('%s cannot execute %s', r, f))
  from unnest(array['anon', 'authenticated']) r,
       unnest(array['marketplace.apply_refund(text, boolean, bigint, bigint, timestamptz)',
                    'courses.apply_refund(text, boolean, bigint, bigint)',
                    'dtf.apply_refund(text, text, text, boolean, bigint, bigint)',
                    'dtf.subscription_owner(text, text)',
                    'adly.subscription_workspace(text)']) f;
select ok(
  (select bool_and(has_function_privilege('service_role', f, 'execute'))
     from unnest(array['marketplace.apply_refund(text, boolean, bigint, bigint, timestamptz)',
                       'courses.apply_refund(text, boolean, bigint, bigint)',
                       'dtf.apply_refund(text, text, text, boolean, bigint, bigint)',
                       'dtf.subscription_owner(text, text)',
                       'adly.subscription_workspace(text)']) f),
  'service_role executes every product billing function');

select tests.authenticate_as_service_role();

-- marketplace: alice's seeded purchase is ACTIVE --------------------------------------------------
select is((select outcome || ': ' || detail from marketplace.apply_refund('cs_test_seed_alice_lead_capture', false,
  5831, 1000, now())),
  'ignored: partial refund (1000 of 5831): access kept', 'marketplace: a partial refund keeps access');
select is((select outcome from marketplace.apply_refund('cs_test_seed_alice_lead_capture', true, 5831, 5831, now())),
  'applied', 'marketplace: a full refund is applied');
select is((select outcome from marketplace.apply_refund('cs_test_seed_alice_lead_capture', true, 5831, 5831, now())),
  'replayed', 'marketplace: the same refund again is a replay');
select is((select status::text from marketplace.purchases
  where stripe_checkout_session_id = 'cs_test_seed_alice_lead_capture'),
  'REFUNDED', 'marketplace: the purchase is refunded');

-- courses: alice's seeded purchase --------------------------------------------------------------
select is((select outcome from courses.apply_refund('cs_test_demo_alice_full_stack', false, 19900, 100)),
  'ignored', 'courses: a partial refund keeps access');
select is((select outcome from courses.apply_refund('cs_test_demo_alice_full_stack', true, 19900, 19900)),
  'applied', 'courses: a full refund is applied');
select is((select outcome from courses.apply_refund('cs_test_demo_alice_full_stack', true, 19900, 19900)),
  'replayed', 'courses: the same refund again is a replay');

-- dtf: 20 credits bought for 1000 ---------------------------------------------------------------
select is((select outcome from dtf.apply_refund('re_effects_0', 'pi_effects', 'cs_effects', false, 1000, 500)),
  'deferred', 'dtf: a refund before its purchase is deferred');
select dtf.fulfil_credit_purchase(tests.get_user_id('effects-dtf@example.com'),
  tests.seed_id('marketplace.workflow_doc:lead-capture-forms'), 'cs_effects', 'pi_effects');
select is((select outcome || ': ' || detail from dtf.apply_refund('re_effects_1', 'pi_effects', 'cs_effects', false,
  1000, 500)),
  'applied: 10 credits taken back', 'dtf: half the payment refunded takes back half the credits');
select is((select outcome from dtf.apply_refund('re_effects_1', 'pi_effects', 'cs_effects', false, 1000, 500)),
  'stale', 'dtf: the same cumulative refund again takes nothing more');
select is((select outcome || ': ' || detail from dtf.apply_refund('re_effects_2', 'pi_effects', null, true, 1000,
  1000)),
  'applied: 10 credits taken back', 'dtf: the full refund takes back the rest, found by payment intent alone');
select is((select outcome from dtf.apply_refund('re_effects_3', 'pi_effects', 'cs_effects', true, 1000, 1000)),
  'replayed', 'dtf: a full refund after everything was taken back is a replay');

-- whose subscription --------------------------------------------------------------------------
select is(dtf.subscription_owner('sub_effects_dtf', null), tests.get_user_id('effects-dtf@example.com'),
  'dtf: a profile''s subscription names its user');
select is(dtf.subscription_owner('sub_unknown', 'cus_unknown'), null, 'dtf: an unknown subscription names no one');
select is(adly.subscription_workspace('sub_unknown'), null, 'adly: an unknown subscription names no workspace');
select tests.clear_authentication();

select * from finish();
rollback;
