-- Checkout and webhook functions: create, fulfil, reject, refund. Each success, each refusal,
-- idempotency on the Stripe checkout session id, gap-free invoice numbers, and who may call them.
begin;
select plan(63);

select tests.create_user('mia@example.com', '{"product": "marketplace", "full_name": "Mia Market"}');
select tests.create_user('otto@example.com', '{"product": "dtf"}');
select tests.create_user('gone@example.com', '{"product": "marketplace"}');
update marketplace.users set is_deleted = true where email = 'gone@example.com';

create temporary table t (k text primary key, v text) on commit drop;
grant all on t to service_role;
insert into t values
  ('year', extract(year from now() at time zone 'UTC')::text),
  ('seq0', coalesce((select last_sequence from marketplace.invoice_counters
                     where invoice_year = extract(year from now() at time zone 'UTC')), 0)::text),
  ('mia', tests.get_user_id('mia@example.com')::text);

-- who may call ----------------------------------------------------------------------------------
select tests.authenticate_as('alice@example.com');
select throws_ok($$select marketplace.create_checkout_purchase(tests.seed_id('user:alice'),
  tests.seed_id('marketplace.workflow:social-scheduler'), 'cs_x')$$,
  '42501', 'permission denied for function create_checkout_purchase', 'a signed-in user cannot create purchases');
select throws_ok($$select marketplace.fulfil_checkout_purchase('cs_test_seed_bob_social_scheduler')$$,
  '42501', 'permission denied for function fulfil_checkout_purchase', 'a signed-in user cannot fulfil purchases');
select throws_ok($$select marketplace.reject_checkout_purchase('cs_test_seed_bob_social_scheduler')$$,
  '42501', 'permission denied for function reject_checkout_purchase', 'a signed-in user cannot reject purchases');
select throws_ok($$select marketplace.refund_checkout_purchase('cs_test_seed_alice_lead_capture')$$,
  '42501', 'permission denied for function refund_checkout_purchase', 'a signed-in user cannot refund purchases');
select tests.authenticate_as('admin@example.com');
select throws_ok($$select marketplace.fulfil_checkout_purchase('cs_test_seed_bob_social_scheduler')$$,
  '42501', 'permission denied for function fulfil_checkout_purchase', 'not even an admin calls the webhook functions');
select tests.authenticate_as_anon();
select throws_ok($$select marketplace.create_checkout_purchase(tests.seed_id('user:alice'),
  tests.seed_id('marketplace.workflow:social-scheduler'), 'cs_x')$$,
  '42501', 'permission denied for function create_checkout_purchase', 'anon cannot create purchases');
select throws_ok($$select marketplace.refund_checkout_purchase('cs_test_seed_alice_lead_capture')$$,
  '42501', 'permission denied for function refund_checkout_purchase', 'anon cannot refund purchases');

-- create_checkout_purchase ----------------------------------------------------------------------
select tests.authenticate_as_service_role();
select is(
  (select (status, amount, tax, total, currency, payment_method)::text
   from marketplace.create_checkout_purchase((select v::uuid from t where k = 'mia'),
   tests.seed_id('marketplace.workflow:lead-capture'),
                                             'cs_mia_1', 'CARD', 9.31, 49.00)),
  '(PENDING,49.00,9.31,58.31,USD,CARD)', 'creates a PENDING purchase priced from the workflow, total = amount + tax');
select is(
  (select id from marketplace.create_checkout_purchase((select v::uuid from t where k = 'mia'),
    tests.seed_id('marketplace.workflow:lead-capture'), 'cs_mia_1', 'CARD', 9.31)),
  (select id from marketplace.purchases where stripe_checkout_session_id = 'cs_mia_1'),
  'a replay with the same session id returns the same purchase');
select is((select count(*) from marketplace.purchases where stripe_checkout_session_id = 'cs_mia_1'), 1::bigint,
  'the replay created nothing');
select throws_ok(format($$select marketplace.create_checkout_purchase(%L,
  tests.seed_id('marketplace.workflow:social-scheduler'), 'cs_mia_1')$$, (select v from t where k = 'mia')),
  'MK005', null, 'a session id already used for another workflow is refused');
select throws_ok($$select marketplace.create_checkout_purchase(tests.get_user_id('otto@example.com'),
  tests.seed_id('marketplace.workflow:lead-capture'), 'cs_otto')$$,
  'MK001', null, 'an auth user without a marketplace account cannot buy');
select throws_ok($$select marketplace.create_checkout_purchase(tests.get_user_id('gone@example.com'),
  tests.seed_id('marketplace.workflow:lead-capture'), 'cs_gone')$$,
  'MK001', null, 'a soft-deleted user cannot buy');
select throws_ok(format($$select marketplace.create_checkout_purchase(%L, tests.seed_id('marketplace.workflow:draft'),
  'cs_draft')$$, (select v from t where k = 'mia')),
  'MK002', null, 'a draft workflow cannot be bought');
select throws_ok(format($$select marketplace.create_checkout_purchase(%L, tests.seed_id('marketplace.workflow:deleted'),
  'cs_deleted')$$, (select v from t where k = 'mia')),
  'MK002', null, 'a soft-deleted workflow cannot be bought');
select throws_ok(format($$select marketplace.create_checkout_purchase(%L, tests.seed_id('marketplace.workflow:free'),
  'cs_free')$$, (select v from t where k = 'mia')),
  'MK003', null, 'a free workflow needs no purchase');
select throws_ok(format($$select marketplace.create_checkout_purchase(%L,
  tests.seed_id('marketplace.workflow:social-scheduler'), 'cs_price', 'CARD', 0, 19.00)$$,
  (select v from t where k = 'mia')),
  'MK008', null, 'a checkout priced at a stale price is refused');
select throws_ok($$select marketplace.create_checkout_purchase(tests.seed_id('user:alice'),
  tests.seed_id('marketplace.workflow:lead-capture'), 'cs_alice_again')$$,
  'MK004', null, 'a workflow the user already owns cannot be bought again');
select throws_ok(format($$select marketplace.create_checkout_purchase(%L,
  tests.seed_id('marketplace.workflow:social-scheduler'), '  ')$$, (select v from t where k = 'mia')),
  '22023', 'a Stripe checkout session id is required', 'a blank session id is refused');
select throws_ok(format($$select marketplace.create_checkout_purchase(%L,
  tests.seed_id('marketplace.workflow:social-scheduler'), 'cs_tax', 'CARD', -1)$$, (select v from t where k = 'mia')),
  '22023', 'tax must be zero or more', 'a negative tax is refused');
select is((select count(*) from marketplace.purchases where stripe_checkout_session_id in
  ('cs_otto', 'cs_gone', 'cs_draft', 'cs_deleted', 'cs_free', 'cs_price', 'cs_alice_again', 'cs_tax')), 0::bigint,
  'refused checkouts leave no purchase behind');

-- fulfil_checkout_purchase ----------------------------------------------------------------------
select is(
  (select invoice_number::text from marketplace.fulfil_checkout_purchase('cs_mia_1', '2026-06-15 12:00+00', 'pi_mia_1',
    null,
     'Mia M. GmbH', 'billing@mia.example.com', '{"line1": "Main St 1", "country": "DE"}')),
  format('INV-%s-%s', (select v from t where k = 'year'),
  lpad(((select v::int from t where k = 'seq0') + 1)::text, 6, '0')),
  'fulfilment issues the next invoice number of the year');
select is(
  (select (status, paid_at, stripe_payment_intent_id)::text from marketplace.purchases
    where stripe_checkout_session_id = 'cs_mia_1'),
  '(ACTIVE,"2026-06-15 12:00:00+00",pi_mia_1)', 'the purchase is ACTIVE with paid_at and the payment intent');
select is(
  (select (i.billing_name, i.billing_email, i.billing_address ->> 'country', i.amount, i.tax, i.total, i.currency)::text
   from marketplace.invoices i join marketplace.purchases p on p.id = i.purchase_id
   where p.stripe_checkout_session_id = 'cs_mia_1'),
  '("Mia M. GmbH",billing@mia.example.com,DE,49.00,9.31,58.31,USD)', 'the invoice copies billing details and amounts');
select is(
  (select (type, title)::text from marketplace.notifications where user_id = (select v::uuid from t where k = 'mia')),
  '(SUCCESS,"Purchase complete")', 'the buyer is notified');
select is(
  (select (sales_count, revenue)::text from marketplace.analytics_daily
   where workflow_id = tests.seed_id('marketplace.workflow:lead-capture') and date = '2026-06-15'),
  '(1,49.00)', 'the sale is added to that day''s analytics (revenue before tax)');
select is(
  (select id from marketplace.fulfil_checkout_purchase('cs_mia_1')),
  (select i.id from marketplace.invoices i join marketplace.purchases p on p.id = i.purchase_id
    where p.stripe_checkout_session_id = 'cs_mia_1'),
  'a replayed fulfilment returns the same invoice');
select is(
  (select (select count(*) from marketplace.notifications where user_id = (select v::uuid from t where k = 'mia'))
        + (select sales_count from marketplace.analytics_daily
        where workflow_id = tests.seed_id('marketplace.workflow:lead-capture') and date = '2026-06-15')
        + (select last_sequence from marketplace.invoice_counters
        where invoice_year = (select v::smallint from t where k = 'year'))
        - (select v::int from t where k = 'seq0')),
  3::bigint, 'the replay adds no notification, sale or invoice number');
select is(
  (select paid_at from marketplace.purchases where stripe_checkout_session_id = 'cs_mia_1'),
    '2026-06-15 12:00+00'::timestamptz,
  'the replay keeps the first paid_at');
select throws_ok($$select marketplace.fulfil_checkout_purchase('cs_unknown')$$, 'MK006',
  'no purchase for checkout session cs_unknown',
  'an unknown session is refused');
select throws_ok($$select marketplace.fulfil_checkout_purchase(null)$$, '22023',
  'a Stripe checkout session id is required',
  'a missing session id is refused');
select throws_ok($$select marketplace.fulfil_checkout_purchase('cs_test_seed_bob_social_scheduler', null)$$, '22023',
  'paid_at is required',
  'a missing paid_at is refused');
select throws_ok($$select marketplace.fulfil_checkout_purchase('cs_test_seed_bob_social_scheduler', now(), null, null,
  null, null, '"street"')$$,
  '22023', 'billing address must be a JSON object', 'a billing address that is not an object is refused');

-- a fulfilment that fails after taking a number changes nothing and leaves no gap
select tests.clear_authentication();
create function pg_temp.fail_invoice() returns trigger language plpgsql as $$
begin
  if new.billing_name = 'FAIL' then raise exception 'invoice store unavailable' using errcode = 'XX001'; end if;
  return new;
end $$;
create trigger fail_invoice before insert on marketplace.invoices for each row execute function pg_temp.fail_invoice();
select tests.authenticate_as_service_role();
select throws_ok($$select marketplace.fulfil_checkout_purchase('cs_test_seed_bob_social_scheduler', now(), null, null,
  'FAIL')$$,
  'XX001', 'invoice store unavailable', 'a failure while issuing the invoice aborts the fulfilment');
select is(
  (select (p.status, p.paid_at, c.last_sequence - (select v::int from t where k = 'seq0'))::text
   from marketplace.purchases p, marketplace.invoice_counters c
   where p.stripe_checkout_session_id = 'cs_test_seed_bob_social_scheduler'
   and c.invoice_year = (select v::smallint from t where k = 'year')),
  '(PENDING,,1)', 'the failed fulfilment left the purchase PENDING and took no invoice number');
select is((select count(*) from marketplace.notifications where user_id = tests.seed_id('user:bob')
  and type = 'SUCCESS'), 0::bigint,
  'the failed fulfilment sent no notification');
select is(
  (select invoice_sequence from marketplace.fulfil_checkout_purchase('cs_test_seed_bob_social_scheduler', now(),
    'pi_bob', 'PAYPAL')),
  (select v::int + 2 from t where k = 'seq0'), 'the next fulfilment gets the next consecutive number');
select is((select payment_method from marketplace.purchases
  where stripe_checkout_session_id = 'cs_test_seed_bob_social_scheduler'),
  'PAYPAL'::marketplace.payment_method, 'fulfilment records the payment method Stripe reports');
select is((select billing_email::text from marketplace.invoices
  where invoice_sequence = (select v::int + 2 from t where k = 'seq0')
             and invoice_year = (select v::smallint from t where k = 'year')),
  'bob@example.com', 'billing details default to the account');
select is(
  (select array_agg(invoice_sequence order by invoice_sequence) from marketplace.invoices
   where invoice_year = (select v::smallint from t where k = 'year')),
  (select array_agg(g) from generate_series(1, (select v::int + 2 from t where k = 'seq0')) g),
  'this year''s invoice numbers run from 1 without gaps');

-- reject_checkout_purchase ----------------------------------------------------------------------
select lives_ok(format($$select marketplace.create_checkout_purchase(%L,
  tests.seed_id('marketplace.workflow:social-scheduler'), 'cs_mia_2')$$, (select v from t where k = 'mia')),
  'a second checkout for another workflow');
select is((select status from marketplace.reject_checkout_purchase('cs_mia_2')), 'REJECT'::marketplace.purchase_status,
  'an expired checkout is rejected');
select is((select (type, title)::text from marketplace.notifications
  where user_id = (select v::uuid from t where k = 'mia') and type = 'ERROR'),
  '(ERROR,"Payment not completed")', 'the buyer is told the payment did not complete');
select is((select status from marketplace.reject_checkout_purchase('cs_mia_2', 'FAILED')),
  'REJECT'::marketplace.purchase_status,
  'a replayed or later rejection keeps the first outcome');
select is((select count(*) from marketplace.notifications where user_id = (select v::uuid from t where k = 'mia')
  and type = 'ERROR'), 1::bigint,
  'the replay sends no second notification');
select throws_ok($$select marketplace.reject_checkout_purchase('cs_mia_2', 'ACTIVE')$$, '22023',
  'a checkout can only be closed as REJECT or FAILED',
  'reject only closes as REJECT or FAILED');
select throws_ok($$select marketplace.reject_checkout_purchase('cs_mia_1')$$, 'MK007', null,
  'a paid purchase cannot be rejected');
select throws_ok($$select marketplace.reject_checkout_purchase('cs_nope')$$, 'MK006', null,
  'reject: unknown session is refused');
select lives_ok(format($$select marketplace.create_checkout_purchase(%L,
  tests.seed_id('marketplace.workflow:social-scheduler'), 'cs_mia_3')$$, (select v from t where k = 'mia')),
  'a third checkout');
select is((select status from marketplace.reject_checkout_purchase('cs_mia_3', 'FAILED')),
  'FAILED'::marketplace.purchase_status,
  'a failed payment closes the checkout as FAILED');
select is((select invoice_number is not null from marketplace.fulfil_checkout_purchase('cs_mia_2')), true,
  'a payment that succeeds after a rejection is still fulfilled');
select is((select status from marketplace.purchases where stripe_checkout_session_id = 'cs_mia_2'),
  'ACTIVE'::marketplace.purchase_status,
  'and the purchase becomes ACTIVE');

-- refund_checkout_purchase ----------------------------------------------------------------------
select is((select (status, refunded_at)::text from marketplace.refund_checkout_purchase('cs_mia_1',
  '2026-07-01 09:00+00')),
  '(REFUNDED,"2026-07-01 09:00:00+00")', 'a refund marks the purchase REFUNDED with refunded_at');
select is((select (type, title)::text from marketplace.notifications
  where user_id = (select v::uuid from t where k = 'mia') and type = 'WARNING'),
  '(WARNING,"Purchase refunded")', 'the buyer is told about the refund');
select is(
  (select (sales_count, revenue)::text from marketplace.analytics_daily
   where workflow_id = tests.seed_id('marketplace.workflow:lead-capture') and date = '2026-06-15'),
  '(0,0.00)', 'the refunded sale leaves the analytics of the day it was made');
select is((select refunded_at from marketplace.refund_checkout_purchase('cs_mia_1', '2026-08-01 09:00+00')),
  '2026-07-01 09:00+00'::timestamptz,
  'a replayed refund keeps the first refund');
select is(
  (select (sales_count, revenue)::text from marketplace.analytics_daily
   where workflow_id = tests.seed_id('marketplace.workflow:lead-capture') and date = '2026-06-15'),
  '(0,0.00)', 'and takes nothing out a second time');
select is((select status from marketplace.purchases p join marketplace.invoices i on i.purchase_id = p.id
           where i.id = (select id from marketplace.fulfil_checkout_purchase('cs_mia_1'))),
           'REFUNDED'::marketplace.purchase_status,
  'a late completion event after a refund returns the invoice and changes nothing');
select throws_ok($$select marketplace.refund_checkout_purchase('cs_mia_3')$$, 'MK007', null,
  'an unpaid purchase cannot be refunded');
select throws_ok($$select marketplace.refund_checkout_purchase('cs_nope')$$, 'MK006', null,
  'refund: unknown session is refused');
select throws_ok($$select marketplace.refund_checkout_purchase('cs_mia_2', null)$$, '22023', 'refunded_at is required',
  'refund: refunded_at is required');
select lives_ok(format($$select marketplace.create_checkout_purchase(%L,
  tests.seed_id('marketplace.workflow:lead-capture'), 'cs_mia_4')$$, (select v from t where k = 'mia')),
  'after a refund the workflow can be bought again');

-- every change went to the audit trail
select is(
  (select count(*) from marketplace.audit_logs where target_type = 'purchase' and actor_role = 'service_role'
     and target_id = (select id from marketplace.purchases where stripe_checkout_session_id = 'cs_mia_1')),
  3::bigint, 'creation, fulfilment and refund of a purchase are audited');

select * from finish();
rollback;
