-- DTF Editor: starting an image operation charges its credits in the same transaction; a failed
-- operation is refunded exactly once; completion records output, time and API cost.
begin;
select plan(31);

select tests.create_user('ops-owner@example.com', '{"product": "dtf"}');
select tests.create_user('ops-other@example.com', '{"product": "dtf"}');
insert into dtf.operation_credit_prices (operation_type, credits) values
  ('upscale', 1), ('vectorize', 2), ('generate', 3), ('background_removal', 1)
on conflict (operation_type) do update set credits = excluded.credits, is_active = true;
insert into dtf.api_costs (api_provider, operation_type, cost_per_operation, effective_date) values
  ('ops-provider', 'upscale', 0.0300, current_date - 30),
  ('ops-provider', 'upscale', 0.0500, current_date - 1),
  ('ops-provider', 'upscale', 0.9900, current_date + 30);
insert into dtf.images (id, user_id, original_filename) values
  ('c1000000-0000-4000-8000-000000000001', tests.get_user_id('ops-owner@example.com'), 'a.png'),
  ('c1000000-0000-4000-8000-000000000002', tests.get_user_id('ops-other@example.com'), 'b.png');

-- ---------------------------------------------------------------------------------------------
-- start
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('ops-owner@example.com');
create temporary table op1 on commit drop as
  select * from dtf.start_image_operation('c1000000-0000-4000-8000-000000000001', 'upscale', 'ops-provider',
  '{"scale": 2}');
grant select on op1 to public;
select results_eq(
  $$select status, credits_used, user_id from op1$$,
  $$values ('processing'::text, 1, tests.get_user_id('ops-owner@example.com'))$$,
  'the owner starts an operation, charged at the listed price');
select is(
  (select credits_remaining from dtf.profiles where id = tests.get_user_id('ops-owner@example.com')),
  1, 'the credits are deducted');
select results_eq(
  $$select transaction_type, amount, image_operation_id from dtf.credit_transactions
     where user_id = tests.get_user_id('ops-owner@example.com') and transaction_type = 'usage'$$,
  $$select 'usage'::text, -1, id from op1$$,
  'one usage ledger row is linked to the operation');
select is(
  (select processing_status from dtf.images where id = 'c1000000-0000-4000-8000-000000000001'),
  'processing', 'the image is marked processing');

select throws_ok(
  $$select dtf.start_image_operation('c1000000-0000-4000-8000-000000000001', 'vectorize', 'ops-provider')$$,
  'DT001', 'insufficient credits: 2 required, 1 available', 'an operation the balance cannot pay is refused');
select is(
  (select count(*)::int from dtf.image_operations where image_id = 'c1000000-0000-4000-8000-000000000001'),
  1, 'the refused operation was not recorded');
select throws_ok(
  $$select dtf.start_image_operation('c1000000-0000-4000-8000-000000000002', 'upscale', 'ops-provider')$$,
  'DT003', 'image not found: c1000000-0000-4000-8000-000000000002', 'another user''s image cannot be processed');
select throws_ok(
  $$select dtf.start_image_operation('c1000000-0000-4000-8000-000000000001', 'teleport', 'ops-provider')$$,
  'DT003', 'unknown or unavailable operation type: teleport', 'an unknown operation type is refused');
select throws_ok(
  $$select dtf.start_image_operation('c1000000-0000-4000-8000-000000000001', 'upscale', ' ')$$,
  '22023', 'an API provider is required', 'an operation needs a provider');
select throws_ok(
  $$select dtf.complete_image_operation((select id from op1), '{}', 1)$$,
  '42501', 'permission denied for function complete_image_operation', 'a user cannot complete his own operation');
select throws_ok(
  $$select dtf.fail_image_operation((select id from op1), 'please refund me')$$,
  '42501', 'permission denied for function fail_image_operation', 'a user cannot fail (and refund) an operation');
select throws_ok(
  $$insert into dtf.image_operations (image_id, user_id, operation_type, api_provider)
    values ('c1000000-0000-4000-8000-000000000001', tests.get_user_id('ops-owner@example.com'), 'upscale', 'x')$$,
  '42501', 'permission denied for table image_operations', 'a user cannot record an unpaid operation');
select tests.clear_authentication();

select tests.authenticate_as_anon();
select throws_ok(
  $$select dtf.start_image_operation('c1000000-0000-4000-8000-000000000001', 'upscale', 'ops-provider')$$,
  '42501', 'permission denied for function start_image_operation', 'anon cannot start operations');
select tests.clear_authentication();

select set_config('role', 'authenticated', true);
select set_config('request.jwt.claims', '{"role": "authenticated"}', true);
select throws_ok(
  $$select dtf.start_image_operation('c1000000-0000-4000-8000-000000000001', 'upscale', 'ops-provider')$$,
  '42501', 'sign in to process images', 'a request without a user id cannot start operations');
select tests.clear_authentication();

-- ---------------------------------------------------------------------------------------------
-- complete
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as_service_role();
select results_eq(
  $$select status, processing_time, api_cost, completed_at is not null
      from dtf.complete_image_operation((select id from op1), '{"url": "x/a-2x.png"}', 4.5, null, 'x/a-2x.png')$$,
  $$values ('completed'::text, 4.50::numeric, 0.0500::numeric, true)$$,
  'completion records time and the API cost in effect today');
select results_eq(
  $$select processing_status, processed_url from dtf.images where id = 'c1000000-0000-4000-8000-000000000001'$$,
  $$values ('completed'::text, 'x/a-2x.png'::text)$$, 'the image shows the result');
select results_eq(
  $$select api_provider, operation_type, cost, response_time, status_code from dtf.api_usage_logs
     where image_operation_id = (select id from op1)$$,
  $$values ('ops-provider'::text, 'upscale'::text, 0.0500::numeric, 4.50::numeric, 200)$$,
  'the API call is logged with its cost');
select is(
  (dtf.complete_image_operation((select id from op1), '{}', 9)).processing_time, 4.50::numeric,
  'completing again changes nothing');
select throws_ok(
  $$select dtf.fail_image_operation((select id from op1), 'late failure')$$,
  'DT004', format('image operation %s already completed', (select id from op1)),
  'a completed operation cannot fail and be refunded');
select throws_ok(
  $$select dtf.complete_image_operation('00000000-0000-4000-8000-00000000dead', '{}', 1)$$,
  'DT003', 'image operation not found: 00000000-0000-4000-8000-00000000dead', 'an unknown operation cannot complete');
select throws_ok(
  $$select dtf.complete_image_operation((select id from op1), '{}', -1)$$,
  '22023', 'processing time must be zero or more seconds', 'a negative processing time is refused');

-- ---------------------------------------------------------------------------------------------
-- fail and refund exactly once (the service role may start operations on any image)
-- ---------------------------------------------------------------------------------------------
select dtf.add_user_credits(tests.get_user_id('ops-owner@example.com'), 5, 'bonus');
create temporary table op2 on commit drop as
  select * from dtf.start_image_operation('c1000000-0000-4000-8000-000000000001', 'generate', 'ops-provider');
select is(
  (select credits_remaining from dtf.profiles where id = tests.get_user_id('ops-owner@example.com')),
  3, 'the service role started a 3-credit operation for the owner (1 + 5 - 3)');
select results_eq(
  $$select status, error_message from dtf.fail_image_operation((select id from op2), 'provider down', 0.01, 503)$$,
  $$values ('failed'::text, 'provider down'::text)$$, 'a failed operation is recorded');
select is(
  (select credits_remaining from dtf.profiles where id = tests.get_user_id('ops-owner@example.com')),
  6, 'its credits are refunded');
select results_eq(
  $$select dtf.fail_image_operation((select id from op2), 'provider down again')$$,
  $$select o from dtf.image_operations o where o.id = (select id from op2)$$,
  'failing it again returns the operation unchanged');
select is(
  (select credits_remaining from dtf.profiles where id = tests.get_user_id('ops-owner@example.com')),
  6, 'a double failure does not refund twice');
select results_eq(
  $$select transaction_type, amount from dtf.credit_transactions
     where image_operation_id = (select id from op2) order by entry_no$$,
  $$values ('usage'::text, -3), ('refund'::text, 3)$$,
  'the operation has one usage and one refund ledger row');
select throws_ok(
  $$select dtf.complete_image_operation((select id from op2), '{}', 1)$$,
  'DT004', format('image operation %s already failed', (select id from op2)), 'a failed operation cannot complete');
select is(
  (select processing_status from dtf.images where id = 'c1000000-0000-4000-8000-000000000001'),
  'failed', 'the image shows the failure');
select tests.clear_authentication();

-- a deactivated account cannot start operations
update dtf.profiles set is_active = false where id = tests.get_user_id('ops-owner@example.com');
select tests.authenticate_as('ops-owner@example.com');
select throws_ok(
  $$select dtf.start_image_operation('c1000000-0000-4000-8000-000000000001', 'upscale', 'ops-provider')$$,
  '42501', 'this account is deactivated', 'a deactivated user cannot spend credits');
select tests.clear_authentication();

select is(
  (select count(*)::int from (
     select balance_before, lag(balance_after) over (order by entry_no) as prev
       from dtf.credit_transactions where user_id = tests.get_user_id('ops-owner@example.com')) c
    where prev is not null and prev <> balance_before),
  0, 'the chain is unbroken through operations and refunds');

select * from finish();
rollback;
