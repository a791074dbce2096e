-- DTF Editor RLS: catalogues (plans, packages, operation prices) are public when active and
-- managed by admins; costs, API usage, admin logs, metrics and e-mail are for admins and the
-- service role only; a user reads his own activity.
begin;
select plan(43);

select tests.create_user('cat-user@example.com', '{"product": "dtf"}');
select tests.create_user('cat-other@example.com', '{"product": "dtf"}');
select tests.create_user('cat-admin@example.com', '{"product": "dtf"}');
update dtf.profiles set is_admin = true where id = tests.get_user_id('cat-admin@example.com');

insert into dtf.subscription_plans (id, name, credits_per_month, is_active) values
  ('f1000000-0000-4000-8000-000000000001', 'cat active', 5, true),
  ('f1000000-0000-4000-8000-000000000002', 'cat retired', 5, false);
insert into dtf.pay_as_you_go_packages (id, name, credits, price, is_active) values
  ('f1000000-0000-4000-8000-000000000011', 'cat pack', 5, 1, true),
  ('f1000000-0000-4000-8000-000000000012', 'cat old pack', 5, 1, false);
insert into dtf.operation_credit_prices (operation_type, credits, is_active) values ('generate', 3, false)
on conflict (operation_type) do update set is_active = false;
insert into dtf.user_activity_logs (user_id, activity_type) values
  (tests.get_user_id('cat-user@example.com'), 'login'), (tests.get_user_id('cat-other@example.com'), 'login');
insert into dtf.api_usage_logs (user_id, api_provider, operation_type, cost)
values (tests.get_user_id('cat-user@example.com'), 'cat-provider', 'upscale', 0.1);
insert into dtf.admin_logs (admin_user_id, action) values (tests.get_user_id('cat-admin@example.com'), 'cat test');
insert into dtf.system_metrics (metric_name, metric_value) values ('cat_metric', 1);
insert into dtf.email_templates (id, name, subject, html_content)
values ('f1000000-0000-4000-8000-000000000021', 'cat template', 's', '<p>x</p>');
insert into dtf.email_campaigns (id, name, template_id) values
  ('f1000000-0000-4000-8000-000000000031', 'cat campaign', 'f1000000-0000-4000-8000-000000000021');
insert into dtf.email_logs (user_id, template_id, status)
values (tests.get_user_id('cat-user@example.com'), 'f1000000-0000-4000-8000-000000000021', 'sent');

-- ---------------------------------------------------------------------------------------------
-- anon
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select results_eq($$select name from dtf.subscription_plans where name like 'cat %'$$, $$values ('cat active'::text)$$,
  'anon sees active plans only');
select results_eq($$select name from dtf.pay_as_you_go_packages where name like 'cat %'$$,
  $$values ('cat pack'::text)$$,
  'anon sees active packages only');
select is_empty($$select 1 from dtf.operation_credit_prices where operation_type = 'generate'$$,
  'anon does not see a retired operation price');
select throws_ok($$insert into dtf.subscription_plans (name) values ('anon plan')$$, '42501',
  'permission denied for table subscription_plans', 'anon cannot add plans');
select throws_ok($$select * from dtf.api_costs$$, '42501', 'permission denied for table api_costs',
  'anon cannot read api costs');
select throws_ok($$select * from dtf.api_usage_logs$$, '42501', 'permission denied for table api_usage_logs',
  'anon cannot read api usage');
select throws_ok($$select * from dtf.admin_logs$$, '42501', 'permission denied for table admin_logs',
  'anon cannot read admin logs');
select throws_ok($$select * from dtf.system_metrics$$, '42501', 'permission denied for table system_metrics',
  'anon cannot read metrics');
select throws_ok($$select * from dtf.user_activity_logs$$, '42501', 'permission denied for table user_activity_logs',
  'anon cannot read activity');
select throws_ok($$select * from dtf.email_templates$$, '42501', 'permission denied for table email_templates',
  'anon cannot read templates');
select throws_ok($$select * from dtf.email_campaigns$$, '42501', 'permission denied for table email_campaigns',
  'anon cannot read campaigns');
select throws_ok($$select * from dtf.email_logs$$, '42501', 'permission denied for table email_logs',
  'anon cannot read e-mail logs');
select tests.clear_authentication();

-- ---------------------------------------------------------------------------------------------
-- a signed-in user who is not an admin
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('cat-user@example.com');
select results_eq($$select name from dtf.subscription_plans where name like 'cat %'$$, $$values ('cat active'::text)$$,
  'a user sees active plans only');
select results_eq($$select name from dtf.pay_as_you_go_packages where name like 'cat %'$$,
  $$values ('cat pack'::text)$$,
  'a user sees active packages only');
select throws_ok($$insert into dtf.subscription_plans (name) values ('user plan')$$, '42501',
  'new row violates row-level security policy for table "subscription_plans"', 'a user cannot add plans');
select throws_ok($$insert into dtf.pay_as_you_go_packages (name, credits, price) values ('free lunch', 1000, 0)$$,
  '42501',
  'new row violates row-level security policy for table "pay_as_you_go_packages"', 'a user cannot add packages');
select throws_ok($$insert into dtf.operation_credit_prices (operation_type, credits) values ('generate', 1)$$, '42501',
  'new row violates row-level security policy for table "operation_credit_prices"', 'a user cannot set prices');
update dtf.pay_as_you_go_packages set credits = 100000 where id = 'f1000000-0000-4000-8000-000000000011';
update dtf.operation_credit_prices set credits = 99 where operation_type = 'upscale';
select throws_ok($$delete from dtf.subscription_plans$$, '42501', 'permission denied for table subscription_plans',
  'nobody deletes plans through the API');
select is_empty($$select 1 from dtf.api_costs$$, 'a user sees no api costs');
select throws_ok($$insert into dtf.api_costs (api_provider, operation_type, cost_per_operation, effective_date)
  values ('x', 'upscale', 0, current_date)$$, '42501',
  'new row violates row-level security policy for table "api_costs"', 'a user cannot add api costs');
select is_empty($$select 1 from dtf.api_usage_logs$$, 'a user sees no api usage, not even his own');
select is_empty($$select 1 from dtf.admin_logs$$, 'a user sees no admin logs');
select is_empty($$select 1 from dtf.system_metrics$$, 'a user sees no metrics');
select is_empty($$select 1 from dtf.email_templates$$, 'a user sees no templates');
select throws_ok($$insert into dtf.email_templates (name, subject, html_content) values ('x', 'x', 'x')$$, '42501',
  'new row violates row-level security policy for table "email_templates"', 'a user cannot add templates');
select is_empty($$select 1 from dtf.email_campaigns$$, 'a user sees no campaigns');
select is_empty($$select 1 from dtf.email_logs$$, 'a user sees no e-mail logs');
select results_eq($$select user_id from dtf.user_activity_logs$$, $$select tests.get_user_id('cat-user@example.com')$$,
  'a user reads his own activity only');
select throws_ok($$insert into dtf.user_activity_logs (user_id, activity_type)
  values (tests.get_user_id('cat-user@example.com'), 'forged')$$, '42501',
  'permission denied for table user_activity_logs', 'a user cannot write activity logs');
select throws_ok($$insert into dtf.admin_logs (action) values ('forged')$$, '42501',
  'permission denied for table admin_logs', 'a user cannot write admin logs');
select tests.clear_authentication();
select results_eq(
  $$select (select credits from dtf.pay_as_you_go_packages where id = 'f1000000-0000-4000-8000-000000000011'),
           (select credits = 99 from dtf.operation_credit_prices where operation_type = 'upscale')$$,
  $$values (5, false)$$,
  'a user''s updates of packages and prices change nothing (0 rows)');

-- ---------------------------------------------------------------------------------------------
-- admin
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('cat-admin@example.com');
select set_eq($$select name from dtf.subscription_plans where name like 'cat %'$$,
  $$values ('cat active'::text), ('cat retired')$$, 'an admin sees retired plans too');
select lives_ok($$insert into dtf.pay_as_you_go_packages (name, credits, price) values ('cat new', 20, 9)$$,
  'an admin adds a package');
select lives_ok($$update dtf.subscription_plans set is_active = true
  where id = 'f1000000-0000-4000-8000-000000000002'$$,
  'an admin updates a plan');
select ok((select count(*) from dtf.api_usage_logs where api_provider = 'cat-provider') = 1,
  'an admin reads api usage');
select ok((select count(*) from dtf.admin_logs where action = 'cat test') = 1, 'an admin reads admin logs');
select ok((select count(*) from dtf.system_metrics where metric_name = 'cat_metric') = 1, 'an admin reads metrics');
select ok((select count(*) from dtf.user_activity_logs where user_id in (tests.get_user_id('cat-user@example.com'),
  tests.get_user_id('cat-other@example.com'))) = 2, 'an admin reads everyone''s activity');
select lives_ok($$insert into dtf.api_costs (api_provider, operation_type, cost_per_operation, effective_date)
  values ('cat-provider', 'upscale', 0.2, current_date)$$, 'an admin records an api cost');
select lives_ok($$update dtf.email_campaigns set status = 'scheduled', scheduled_at = now() + interval '1 day'
  where id = 'f1000000-0000-4000-8000-000000000031'$$, 'an admin schedules a campaign');
select ok((select count(*) from dtf.email_logs where template_id = 'f1000000-0000-4000-8000-000000000021') = 1,
  'an admin reads e-mail logs');
select tests.clear_authentication();
select is((select status from dtf.email_campaigns where id = 'f1000000-0000-4000-8000-000000000031'), 'scheduled',
  'the admin''s campaign change was stored');

-- ---------------------------------------------------------------------------------------------
-- service role
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as_service_role();
select lives_ok($$insert into dtf.system_metrics (metric_name, metric_value) values ('cat_metric', 2);
  insert into dtf.user_activity_logs (user_id, activity_type)
    values (tests.get_user_id('cat-user@example.com'), 'upload');
  insert into dtf.email_logs (user_id, status) values (tests.get_user_id('cat-user@example.com'), 'sent');
  insert into dtf.admin_logs (action) values ('system task')$$,
  'the service role writes metrics, activity, e-mail and admin logs');
select tests.clear_authentication();

select * from finish();
rollback;
