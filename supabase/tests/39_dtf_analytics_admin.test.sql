-- DTF Editor: the analytics views return rows to admins only, and the admin RPCs refuse everyone
-- else and audit what they do.
begin;
select plan(19);

select tests.create_user('ana-user@example.com', '{"product": "dtf"}');
select tests.create_user('ana-admin@example.com', '{"product": "dtf"}');
update dtf.profiles set is_admin = true where id = tests.get_user_id('ana-admin@example.com');
insert into dtf.images (user_id, original_filename, processing_status) values
  (tests.get_user_id('ana-user@example.com'), 'a.png', 'completed'),
  (tests.get_user_id('ana-user@example.com'), 'b.png', 'failed');
insert into dtf.pay_as_you_go_packages (id, name, credits, price)
values ('f2000000-0000-4000-8000-000000000001', 'ana pack', 10, 12.5);
select dtf.fulfil_credit_purchase(tests.get_user_id('ana-user@example.com'),
  'f2000000-0000-4000-8000-000000000001', 'cs_ana_1');
insert into dtf.api_usage_logs (api_provider, operation_type, cost, response_time, error_message, created_at) values
  ('ana-provider', 'upscale', 0.05, 2, null, now()),
  ('ana-provider', 'upscale', 0.05, 4, null, now()),
  ('ana-provider', 'upscale', 0, 1, 'timeout', now());

-- ---------------------------------------------------------------------------------------------
-- views
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('ana-user@example.com');
select is_empty($$select 1 from dtf.user_analytics$$, 'a user sees no user analytics, not even his own');
select is_empty($$select 1 from dtf.revenue_analytics$$, 'a user sees no revenue analytics');
select is_empty($$select 1 from dtf.api_cost_report$$, 'a user sees no cost report');
select tests.clear_authentication();

select tests.authenticate_as_anon();
select throws_ok($$select * from dtf.user_analytics$$, '42501', 'permission denied for view user_analytics',
  'anon cannot read user analytics');
select throws_ok($$select * from dtf.revenue_analytics$$, '42501', 'permission denied for view revenue_analytics',
  'anon cannot read revenue analytics');
select tests.clear_authentication();

select tests.authenticate_as('ana-admin@example.com');
select results_eq(
  $$select credits_remaining, total_credits_purchased, total_images, completed_images, failed_images
      from dtf.user_analytics where id = tests.get_user_id('ana-user@example.com')$$,
  $$values (12, 10, 2::bigint, 1::bigint, 1::bigint)$$, 'an admin sees per-user analytics');
select ok(
  (select gross_revenue >= 12.5 and paid_transactions >= 1 from dtf.revenue_analytics
    where month = date_trunc('month', now()) and transaction_type = 'purchase'),
  'an admin sees this month''s purchases with their revenue');
select results_eq(
  $$select calls, failed_calls, total_cost, avg_response_time::numeric(10,2) from dtf.api_cost_report
     where api_provider = 'ana-provider'$$,
  $$values (3::bigint, 1::bigint, 0.1000::numeric, 2.33::numeric(10,2))$$, 'an admin sees the cost per provider');
select tests.clear_authentication();

-- ---------------------------------------------------------------------------------------------
-- admin RPCs
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('ana-user@example.com');
select throws_ok(
  $$select dtf.admin_grant_credits(tests.get_user_id('ana-user@example.com'), 100, 'because')$$,
  '42501', 'only DTF Editor admins can grant credits', 'a user cannot grant himself credits');
select throws_ok(
  $$select dtf.admin_set_user_active(tests.get_user_id('ana-admin@example.com'), false)$$,
  '42501', 'only DTF Editor admins can activate or deactivate users', 'a user cannot deactivate anyone');
select tests.clear_authentication();

select tests.authenticate_as('ana-admin@example.com');
select is(dtf.admin_grant_credits(tests.get_user_id('ana-user@example.com'), 5, 'support ticket 42'), 17,
  'an admin grants bonus credits');
select throws_ok(
  $$select dtf.admin_grant_credits(tests.get_user_id('ana-user@example.com'), 0, 'nothing')$$,
  '22023', 'credit amount must be positive', 'an admin cannot grant zero credits');
select throws_ok(
  $$select dtf.admin_grant_credits(tests.get_user_id('ana-user@example.com'), 5, ' ')$$,
  '22023', 'a reason is required', 'a grant needs a reason');
select throws_ok(
  $$select dtf.admin_grant_credits('00000000-0000-4000-8000-00000000dead', 5, 'ghost')$$,
  'DT002', 'unknown user: 00000000-0000-4000-8000-00000000dead has no DTF Editor profile',
  'an unknown user is refused');
select is((dtf.admin_set_user_active(tests.get_user_id('ana-user@example.com'), false)).is_active, false,
  'an admin deactivates a user');
select throws_ok(
  $$select dtf.admin_set_user_active(tests.get_user_id('ana-admin@example.com'), false)$$,
  '42501', 'admins cannot change their own account status', 'an admin cannot lock himself out');
select results_eq(
  $$select action, target_id from dtf.admin_logs where admin_user_id = tests.get_user_id('ana-admin@example.com')
     order by created_at, action$$,
  $$values ('deactivate_user'::text, tests.get_user_id('ana-user@example.com')),
           ('grant_credits'::text, tests.get_user_id('ana-user@example.com'))$$,
  'both admin actions are audited');
select tests.clear_authentication();

select is(
  (select transaction_type from dtf.credit_transactions
    where user_id = tests.get_user_id('ana-user@example.com') order by entry_no desc limit 1),
  'bonus', 'the grant is a bonus ledger row');

select tests.authenticate_as_anon();
select throws_ok(
  $$select dtf.admin_grant_credits(tests.get_user_id('ana-user@example.com'), 100, 'x')$$,
  '42501', 'permission denied for function admin_grant_credits', 'anon cannot call admin RPCs');
select tests.clear_authentication();

select * from finish();
rollback;
