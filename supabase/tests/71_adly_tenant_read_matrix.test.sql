-- The tenant read matrix: for every adly table, which roles see workspace one's rows and which
-- see workspace two's (owner, member and viewer of workspace one; the owner of workspace two as
-- the outsider; anon; service_role). Row counts and member lists are checked in 73/75.
begin;
select plan(45);

\ir fixtures/adly_tenants.psql

-- anon, owner, member, viewer, outsider and service_role read the same visibility query

select tests.authenticate_as('owner@adly.test');
select results_eq(
  $$select n.t, coalesce(bool_or(right(x.m::text, 1) = '1'), false) as sees_one,
         coalesce(bool_or(right(x.m::text, 1) = '2'), false) as sees_two
  from (values ('ad_accounts'), ('ad_sets'), ('ads'), ('attribution_events'), ('audit_logs'), ('campaign_metrics'), ('campaigns'), ('content_assets'), ('content_templates'), ('generation_jobs'), ('invoices'), ('order_items'), ('orders'), ('products'), ('store_connections'), ('subscription_plans'), ('users'), ('workspace_members'), ('workspace_subscriptions'), ('workspaces')) as n (t)
  left join (
    select 'ad_accounts'::text, id from adly.ad_accounts where id::text like 'e6%' and right(id::text, 1) in ('1', '2')
    union all select 'ad_sets'::text, id from adly.ad_sets where id::text like 'e8%' and right(id::text, 1) in ('1', '2')
    union all select 'ads'::text, id from adly.ads where id::text like 'e9%' and right(id::text, 1) in ('1', '2')
    union all select 'attribution_events'::text, id from adly.attribution_events where id::text like 'ee%' and right(id::text, 1) in ('1', '2')
    union all select 'audit_logs'::text, workspace_id from adly.audit_logs where workspace_id::text like 'e1%' and right(workspace_id::text, 1) in ('1', '2')
    union all select 'campaign_metrics'::text, id from adly.campaign_metrics where id::text like 'ed%' and right(id::text, 1) in ('1', '2')
    union all select 'campaigns'::text, id from adly.campaigns where id::text like 'e7%' and right(id::text, 1) in ('1', '2')
    union all select 'content_assets'::text, id from adly.content_assets where id::text like 'ea%' and right(id::text, 1) in ('1', '2')
    union all select 'content_templates'::text, id from adly.content_templates where id::text like 'eb%' and right(id::text, 1) in ('1', '2')
    union all select 'generation_jobs'::text, id from adly.generation_jobs where id::text like 'ec%' and right(id::text, 1) in ('1', '2')
    union all select 'invoices'::text, id from adly.invoices where id::text like 'f2%' and right(id::text, 1) in ('1', '2')
    union all select 'order_items'::text, id from adly.order_items where id::text like 'e5%' and right(id::text, 1) in ('1', '2')
    union all select 'orders'::text, id from adly.orders where id::text like 'e4%' and right(id::text, 1) in ('1', '2')
    union all select 'products'::text, id from adly.products where id::text like 'e3%' and right(id::text, 1) in ('1', '2')
    union all select 'store_connections'::text, id from adly.store_connections where id::text like 'e2%' and right(id::text, 1) in ('1', '2')
    union all select 'subscription_plans'::text, id from adly.subscription_plans where id::text like 'ef%' and right(id::text, 1) in ('1', '2')
    union all select 'users'::text, id from adly.users where id::text like 'e0%' and right(id::text, 1) in ('1', '2')
    union all select 'workspace_members'::text, workspace_id from adly.workspace_members where workspace_id::text like 'e1%' and right(workspace_id::text, 1) in ('1', '2')
    union all select 'workspace_subscriptions'::text, id from adly.workspace_subscriptions where id::text like 'f1%' and right(id::text, 1) in ('1', '2')
    union all select 'workspaces'::text, id from adly.workspaces where id::text like 'e1%' and right(id::text, 1) in ('1', '2')
  ) as x (t, m) on x.t = n.t
  group by n.t
  order by n.t$$,
  $$values ('ad_accounts'::text, true, false),
         ('ad_sets'::text, true, false),
         ('ads'::text, true, false),
         ('attribution_events'::text, true, false),
         ('audit_logs'::text, true, false),
         ('campaign_metrics'::text, true, false),
         ('campaigns'::text, true, false),
         ('content_assets'::text, true, false),
         ('content_templates'::text, true, false),
         ('generation_jobs'::text, true, false),
         ('invoices'::text, true, false),
         ('order_items'::text, true, false),
         ('orders'::text, true, false),
         ('products'::text, true, false),
         ('store_connections'::text, true, false),
         ('subscription_plans'::text, true, true),
         ('users'::text, true, false),
         ('workspace_members'::text, true, false),
         ('workspace_subscriptions'::text, true, false),
         ('workspaces'::text, true, false)$$,
  'adly read matrix: owner of workspace one'
);
select is((select count(*) from adly.content_templates where id = tests.seed_id('adly.content_template:public')), 1::bigint, 'public templates are readable by the owner');
select tests.clear_authentication();

select tests.authenticate_as('member@adly.test');
select results_eq(
  $$select n.t, coalesce(bool_or(right(x.m::text, 1) = '1'), false) as sees_one,
         coalesce(bool_or(right(x.m::text, 1) = '2'), false) as sees_two
  from (values ('ad_accounts'), ('ad_sets'), ('ads'), ('attribution_events'), ('audit_logs'), ('campaign_metrics'), ('campaigns'), ('content_assets'), ('content_templates'), ('generation_jobs'), ('invoices'), ('order_items'), ('orders'), ('products'), ('store_connections'), ('subscription_plans'), ('users'), ('workspace_members'), ('workspace_subscriptions'), ('workspaces')) as n (t)
  left join (
    select 'ad_accounts'::text, id from adly.ad_accounts where id::text like 'e6%' and right(id::text, 1) in ('1', '2')
    union all select 'ad_sets'::text, id from adly.ad_sets where id::text like 'e8%' and right(id::text, 1) in ('1', '2')
    union all select 'ads'::text, id from adly.ads where id::text like 'e9%' and right(id::text, 1) in ('1', '2')
    union all select 'attribution_events'::text, id from adly.attribution_events where id::text like 'ee%' and right(id::text, 1) in ('1', '2')
    union all select 'audit_logs'::text, workspace_id from adly.audit_logs where workspace_id::text like 'e1%' and right(workspace_id::text, 1) in ('1', '2')
    union all select 'campaign_metrics'::text, id from adly.campaign_metrics where id::text like 'ed%' and right(id::text, 1) in ('1', '2')
    union all select 'campaigns'::text, id from adly.campaigns where id::text like 'e7%' and right(id::text, 1) in ('1', '2')
    union all select 'content_assets'::text, id from adly.content_assets where id::text like 'ea%' and right(id::text, 1) in ('1', '2')
    union all select 'content_templates'::text, id from adly.content_templates where id::text like 'eb%' and right(id::text, 1) in ('1', '2')
    union all select 'generation_jobs'::text, id from adly.generation_jobs where id::text like 'ec%' and right(id::text, 1) in ('1', '2')
    union all select 'invoices'::text, id from adly.invoices where id::text like 'f2%' and right(id::text, 1) in ('1', '2')
    union all select 'order_items'::text, id from adly.order_items where id::text like 'e5%' and right(id::text, 1) in ('1', '2')
    union all select 'orders'::text, id from adly.orders where id::text like 'e4%' and right(id::text, 1) in ('1', '2')
    union all select 'products'::text, id from adly.products where id::text like 'e3%' and right(id::text, 1) in ('1', '2')
    union all select 'store_connections'::text, id from adly.store_connections where id::text like 'e2%' and right(id::text, 1) in ('1', '2')
    union all select 'subscription_plans'::text, id from adly.subscription_plans where id::text like 'ef%' and right(id::text, 1) in ('1', '2')
    union all select 'users'::text, id from adly.users where id::text like 'e0%' and right(id::text, 1) in ('1', '2')
    union all select 'workspace_members'::text, workspace_id from adly.workspace_members where workspace_id::text like 'e1%' and right(workspace_id::text, 1) in ('1', '2')
    union all select 'workspace_subscriptions'::text, id from adly.workspace_subscriptions where id::text like 'f1%' and right(id::text, 1) in ('1', '2')
    union all select 'workspaces'::text, id from adly.workspaces where id::text like 'e1%' and right(id::text, 1) in ('1', '2')
  ) as x (t, m) on x.t = n.t
  group by n.t
  order by n.t$$,
  $$values ('ad_accounts'::text, true, false),
         ('ad_sets'::text, true, false),
         ('ads'::text, true, false),
         ('attribution_events'::text, true, false),
         ('audit_logs'::text, false, false),
         ('campaign_metrics'::text, true, false),
         ('campaigns'::text, true, false),
         ('content_assets'::text, true, false),
         ('content_templates'::text, true, false),
         ('generation_jobs'::text, true, false),
         ('invoices'::text, false, false),
         ('order_items'::text, true, false),
         ('orders'::text, true, false),
         ('products'::text, true, false),
         ('store_connections'::text, true, false),
         ('subscription_plans'::text, true, true),
         ('users'::text, true, false),
         ('workspace_members'::text, true, false),
         ('workspace_subscriptions'::text, false, false),
         ('workspaces'::text, true, false)$$,
  'adly read matrix: member of workspace one'
);
select is((select count(*) from adly.content_templates where id = tests.seed_id('adly.content_template:public')), 1::bigint, 'public templates are readable by the member');
select tests.clear_authentication();

select tests.authenticate_as('viewer@adly.test');
select results_eq(
  $$select n.t, coalesce(bool_or(right(x.m::text, 1) = '1'), false) as sees_one,
         coalesce(bool_or(right(x.m::text, 1) = '2'), false) as sees_two
  from (values ('ad_accounts'), ('ad_sets'), ('ads'), ('attribution_events'), ('audit_logs'), ('campaign_metrics'), ('campaigns'), ('content_assets'), ('content_templates'), ('generation_jobs'), ('invoices'), ('order_items'), ('orders'), ('products'), ('store_connections'), ('subscription_plans'), ('users'), ('workspace_members'), ('workspace_subscriptions'), ('workspaces')) as n (t)
  left join (
    select 'ad_accounts'::text, id from adly.ad_accounts where id::text like 'e6%' and right(id::text, 1) in ('1', '2')
    union all select 'ad_sets'::text, id from adly.ad_sets where id::text like 'e8%' and right(id::text, 1) in ('1', '2')
    union all select 'ads'::text, id from adly.ads where id::text like 'e9%' and right(id::text, 1) in ('1', '2')
    union all select 'attribution_events'::text, id from adly.attribution_events where id::text like 'ee%' and right(id::text, 1) in ('1', '2')
    union all select 'audit_logs'::text, workspace_id from adly.audit_logs where workspace_id::text like 'e1%' and right(workspace_id::text, 1) in ('1', '2')
    union all select 'campaign_metrics'::text, id from adly.campaign_metrics where id::text like 'ed%' and right(id::text, 1) in ('1', '2')
    union all select 'campaigns'::text, id from adly.campaigns where id::text like 'e7%' and right(id::text, 1) in ('1', '2')
    union all select 'content_assets'::text, id from adly.content_assets where id::text like 'ea%' and right(id::text, 1) in ('1', '2')
    union all select 'content_templates'::text, id from adly.content_templates where id::text like 'eb%' and right(id::text, 1) in ('1', '2')
    union all select 'generation_jobs'::text, id from adly.generation_jobs where id::text like 'ec%' and right(id::text, 1) in ('1', '2')
    union all select 'invoices'::text, id from adly.invoices where id::text like 'f2%' and right(id::text, 1) in ('1', '2')
    union all select 'order_items'::text, id from adly.order_items where id::text like 'e5%' and right(id::text, 1) in ('1', '2')
    union all select 'orders'::text, id from adly.orders where id::text like 'e4%' and right(id::text, 1) in ('1', '2')
    union all select 'products'::text, id from adly.products where id::text like 'e3%' and right(id::text, 1) in ('1', '2')
    union all select 'store_connections'::text, id from adly.store_connections where id::text like 'e2%' and right(id::text, 1) in ('1', '2')
    union all select 'subscription_plans'::text, id from adly.subscription_plans where id::text like 'ef%' and right(id::text, 1) in ('1', '2')
    union all select 'users'::text, id from adly.users where id::text like 'e0%' and right(id::text, 1) in ('1', '2')
    union all select 'workspace_members'::text, workspace_id from adly.workspace_members where workspace_id::text like 'e1%' and right(workspace_id::text, 1) in ('1', '2')
    union all select 'workspace_subscriptions'::text, id from adly.workspace_subscriptions where id::text like 'f1%' and right(id::text, 1) in ('1', '2')
    union all select 'workspaces'::text, id from adly.workspaces where id::text like 'e1%' and right(id::text, 1) in ('1', '2')
  ) as x (t, m) on x.t = n.t
  group by n.t
  order by n.t$$,
  $$values ('ad_accounts'::text, true, false),
         ('ad_sets'::text, true, false),
         ('ads'::text, true, false),
         ('attribution_events'::text, true, false),
         ('audit_logs'::text, false, false),
         ('campaign_metrics'::text, true, false),
         ('campaigns'::text, true, false),
         ('content_assets'::text, true, false),
         ('content_templates'::text, true, false),
         ('generation_jobs'::text, true, false),
         ('invoices'::text, false, false),
         ('order_items'::text, true, false),
         ('orders'::text, true, false),
         ('products'::text, true, false),
         ('store_connections'::text, true, false),
         ('subscription_plans'::text, true, true),
         ('users'::text, true, false),
         ('workspace_members'::text, true, false),
         ('workspace_subscriptions'::text, false, false),
         ('workspaces'::text, true, false)$$,
  'adly read matrix: viewer of workspace one'
);
select is((select count(*) from adly.content_templates where id = tests.seed_id('adly.content_template:public')), 1::bigint, 'public templates are readable by the viewer');
select tests.clear_authentication();

select tests.authenticate_as('other@adly.test');
select results_eq(
  $$select n.t, coalesce(bool_or(right(x.m::text, 1) = '1'), false) as sees_one,
         coalesce(bool_or(right(x.m::text, 1) = '2'), false) as sees_two
  from (values ('ad_accounts'), ('ad_sets'), ('ads'), ('attribution_events'), ('audit_logs'), ('campaign_metrics'), ('campaigns'), ('content_assets'), ('content_templates'), ('generation_jobs'), ('invoices'), ('order_items'), ('orders'), ('products'), ('store_connections'), ('subscription_plans'), ('users'), ('workspace_members'), ('workspace_subscriptions'), ('workspaces')) as n (t)
  left join (
    select 'ad_accounts'::text, id from adly.ad_accounts where id::text like 'e6%' and right(id::text, 1) in ('1', '2')
    union all select 'ad_sets'::text, id from adly.ad_sets where id::text like 'e8%' and right(id::text, 1) in ('1', '2')
    union all select 'ads'::text, id from adly.ads where id::text like 'e9%' and right(id::text, 1) in ('1', '2')
    union all select 'attribution_events'::text, id from adly.attribution_events where id::text like 'ee%' and right(id::text, 1) in ('1', '2')
    union all select 'audit_logs'::text, workspace_id from adly.audit_logs where workspace_id::text like 'e1%' and right(workspace_id::text, 1) in ('1', '2')
    union all select 'campaign_metrics'::text, id from adly.campaign_metrics where id::text like 'ed%' and right(id::text, 1) in ('1', '2')
    union all select 'campaigns'::text, id from adly.campaigns where id::text like 'e7%' and right(id::text, 1) in ('1', '2')
    union all select 'content_assets'::text, id from adly.content_assets where id::text like 'ea%' and right(id::text, 1) in ('1', '2')
    union all select 'content_templates'::text, id from adly.content_templates where id::text like 'eb%' and right(id::text, 1) in ('1', '2')
    union all select 'generation_jobs'::text, id from adly.generation_jobs where id::text like 'ec%' and right(id::text, 1) in ('1', '2')
    union all select 'invoices'::text, id from adly.invoices where id::text like 'f2%' and right(id::text, 1) in ('1', '2')
    union all select 'order_items'::text, id from adly.order_items where id::text like 'e5%' and right(id::text, 1) in ('1', '2')
    union all select 'orders'::text, id from adly.orders where id::text like 'e4%' and right(id::text, 1) in ('1', '2')
    union all select 'products'::text, id from adly.products where id::text like 'e3%' and right(id::text, 1) in ('1', '2')
    union all select 'store_connections'::text, id from adly.store_connections where id::text like 'e2%' and right(id::text, 1) in ('1', '2')
    union all select 'subscription_plans'::text, id from adly.subscription_plans where id::text like 'ef%' and right(id::text, 1) in ('1', '2')
    union all select 'users'::text, id from adly.users where id::text like 'e0%' and right(id::text, 1) in ('1', '2')
    union all select 'workspace_members'::text, workspace_id from adly.workspace_members where workspace_id::text like 'e1%' and right(workspace_id::text, 1) in ('1', '2')
    union all select 'workspace_subscriptions'::text, id from adly.workspace_subscriptions where id::text like 'f1%' and right(id::text, 1) in ('1', '2')
    union all select 'workspaces'::text, id from adly.workspaces where id::text like 'e1%' and right(id::text, 1) in ('1', '2')
  ) as x (t, m) on x.t = n.t
  group by n.t
  order by n.t$$,
  $$values ('ad_accounts'::text, false, true),
         ('ad_sets'::text, false, true),
         ('ads'::text, false, true),
         ('attribution_events'::text, false, true),
         ('audit_logs'::text, false, true),
         ('campaign_metrics'::text, false, true),
         ('campaigns'::text, false, true),
         ('content_assets'::text, false, true),
         ('content_templates'::text, false, true),
         ('generation_jobs'::text, false, true),
         ('invoices'::text, false, true),
         ('order_items'::text, false, true),
         ('orders'::text, false, true),
         ('products'::text, false, true),
         ('store_connections'::text, false, true),
         ('subscription_plans'::text, true, true),
         ('users'::text, false, true),
         ('workspace_members'::text, false, true),
         ('workspace_subscriptions'::text, false, true),
         ('workspaces'::text, false, true)$$,
  'adly read matrix: member of another workspace of workspace one'
);
select is((select count(*) from adly.content_templates where id = tests.seed_id('adly.content_template:public')), 1::bigint, 'public templates are readable by the member of another workspace');
select tests.clear_authentication();

select tests.authenticate_as_service_role();
select results_eq(
  $$select n.t, coalesce(bool_or(right(x.m::text, 1) = '1'), false) as sees_one,
         coalesce(bool_or(right(x.m::text, 1) = '2'), false) as sees_two
  from (values ('ad_accounts'), ('ad_sets'), ('ads'), ('attribution_events'), ('audit_logs'), ('campaign_metrics'), ('campaigns'), ('content_assets'), ('content_templates'), ('generation_jobs'), ('invoices'), ('order_items'), ('orders'), ('products'), ('store_connections'), ('subscription_plans'), ('users'), ('workspace_members'), ('workspace_subscriptions'), ('workspaces')) as n (t)
  left join (
    select 'ad_accounts'::text, id from adly.ad_accounts where id::text like 'e6%' and right(id::text, 1) in ('1', '2')
    union all select 'ad_sets'::text, id from adly.ad_sets where id::text like 'e8%' and right(id::text, 1) in ('1', '2')
    union all select 'ads'::text, id from adly.ads where id::text like 'e9%' and right(id::text, 1) in ('1', '2')
    union all select 'attribution_events'::text, id from adly.attribution_events where id::text like 'ee%' and right(id::text, 1) in ('1', '2')
    union all select 'audit_logs'::text, workspace_id from adly.audit_logs where workspace_id::text like 'e1%' and right(workspace_id::text, 1) in ('1', '2')
    union all select 'campaign_metrics'::text, id from adly.campaign_metrics where id::text like 'ed%' and right(id::text, 1) in ('1', '2')
    union all select 'campaigns'::text, id from adly.campaigns where id::text like 'e7%' and right(id::text, 1) in ('1', '2')
    union all select 'content_assets'::text, id from adly.content_assets where id::text like 'ea%' and right(id::text, 1) in ('1', '2')
    union all select 'content_templates'::text, id from adly.content_templates where id::text like 'eb%' and right(id::text, 1) in ('1', '2')
    union all select 'generation_jobs'::text, id from adly.generation_jobs where id::text like 'ec%' and right(id::text, 1) in ('1', '2')
    union all select 'invoices'::text, id from adly.invoices where id::text like 'f2%' and right(id::text, 1) in ('1', '2')
    union all select 'order_items'::text, id from adly.order_items where id::text like 'e5%' and right(id::text, 1) in ('1', '2')
    union all select 'orders'::text, id from adly.orders where id::text like 'e4%' and right(id::text, 1) in ('1', '2')
    union all select 'products'::text, id from adly.products where id::text like 'e3%' and right(id::text, 1) in ('1', '2')
    union all select 'store_connections'::text, id from adly.store_connections where id::text like 'e2%' and right(id::text, 1) in ('1', '2')
    union all select 'subscription_plans'::text, id from adly.subscription_plans where id::text like 'ef%' and right(id::text, 1) in ('1', '2')
    union all select 'users'::text, id from adly.users where id::text like 'e0%' and right(id::text, 1) in ('1', '2')
    union all select 'workspace_members'::text, workspace_id from adly.workspace_members where workspace_id::text like 'e1%' and right(workspace_id::text, 1) in ('1', '2')
    union all select 'workspace_subscriptions'::text, id from adly.workspace_subscriptions where id::text like 'f1%' and right(id::text, 1) in ('1', '2')
    union all select 'workspaces'::text, id from adly.workspaces where id::text like 'e1%' and right(id::text, 1) in ('1', '2')
  ) as x (t, m) on x.t = n.t
  group by n.t
  order by n.t$$,
  $$values ('ad_accounts'::text, true, true),
         ('ad_sets'::text, true, true),
         ('ads'::text, true, true),
         ('attribution_events'::text, true, true),
         ('audit_logs'::text, true, true),
         ('campaign_metrics'::text, true, true),
         ('campaigns'::text, true, true),
         ('content_assets'::text, true, true),
         ('content_templates'::text, true, true),
         ('generation_jobs'::text, true, true),
         ('invoices'::text, true, true),
         ('order_items'::text, true, true),
         ('orders'::text, true, true),
         ('products'::text, true, true),
         ('store_connections'::text, true, true),
         ('subscription_plans'::text, true, true),
         ('users'::text, true, true),
         ('workspace_members'::text, true, true),
         ('workspace_subscriptions'::text, true, true),
         ('workspaces'::text, true, true)$$,
  'adly read matrix: service_role sees every workspace'
);
select tests.clear_authentication();

-- anon reads the plan catalogue and nothing else
select tests.authenticate_as_anon();
select is((select count(*) from adly.subscription_plans where id in (tests.seed_id('adly.subscription_plan:one'), tests.seed_id('adly.subscription_plan:two'))), 2::bigint, 'anon can read subscription plans');
select throws_ok($$select * from adly.ad_accounts$$, '42501', 'permission denied for table ad_accounts', 'anon cannot read ad_accounts');
select throws_ok($$select * from adly.ad_sets$$, '42501', 'permission denied for table ad_sets', 'anon cannot read ad_sets');
select throws_ok($$select * from adly.ads$$, '42501', 'permission denied for table ads', 'anon cannot read ads');
select throws_ok($$select * from adly.attribution_events$$, '42501', 'permission denied for table attribution_events', 'anon cannot read attribution_events');
select throws_ok($$select * from adly.audit_logs$$, '42501', 'permission denied for table audit_logs', 'anon cannot read audit_logs');
select throws_ok($$select * from adly.campaign_metrics$$, '42501', 'permission denied for table campaign_metrics', 'anon cannot read campaign_metrics');
select throws_ok($$select * from adly.campaigns$$, '42501', 'permission denied for table campaigns', 'anon cannot read campaigns');
select throws_ok($$select * from adly.content_assets$$, '42501', 'permission denied for table content_assets', 'anon cannot read content_assets');
select throws_ok($$select * from adly.content_templates$$, '42501', 'permission denied for table content_templates', 'anon cannot read content_templates');
select throws_ok($$select * from adly.generation_jobs$$, '42501', 'permission denied for table generation_jobs', 'anon cannot read generation_jobs');
select throws_ok($$select * from adly.invoices$$, '42501', 'permission denied for table invoices', 'anon cannot read invoices');
select throws_ok($$select * from adly.order_items$$, '42501', 'permission denied for table order_items', 'anon cannot read order_items');
select throws_ok($$select * from adly.orders$$, '42501', 'permission denied for table orders', 'anon cannot read orders');
select throws_ok($$select * from adly.products$$, '42501', 'permission denied for table products', 'anon cannot read products');
select throws_ok($$select * from adly.store_connections$$, '42501', 'permission denied for table store_connections', 'anon cannot read store_connections');
select throws_ok($$select * from adly.users$$, '42501', 'permission denied for table users', 'anon cannot read users');
select throws_ok($$select * from adly.workspace_members$$, '42501', 'permission denied for table workspace_members', 'anon cannot read workspace_members');
select throws_ok($$select * from adly.workspace_subscriptions$$, '42501', 'permission denied for table workspace_subscriptions', 'anon cannot read workspace_subscriptions');
select throws_ok($$select * from adly.workspaces$$, '42501', 'permission denied for table workspaces', 'anon cannot read workspaces');
select tests.clear_authentication();

-- the private tables: no client role reads them (service_role reaches only the OTP/2FA tables)
select tests.authenticate_as_anon();
select throws_ok($$select * from private.adly_encryption_keys$$, '42501', 'permission denied for table adly_encryption_keys', 'anon cannot read private.adly_encryption_keys');
select throws_ok($$select * from private.adly_store_connection_secrets$$, '42501', 'permission denied for table adly_store_connection_secrets', 'anon cannot read private.adly_store_connection_secrets');
select throws_ok($$select * from private.adly_ad_account_secrets$$, '42501', 'permission denied for table adly_ad_account_secrets', 'anon cannot read private.adly_ad_account_secrets');
select throws_ok($$select * from private.adly_otp_tokens$$, '42501', 'permission denied for table adly_otp_tokens', 'anon cannot read private.adly_otp_tokens');
select throws_ok($$select * from private.adly_user_2fa$$, '42501', 'permission denied for table adly_user_2fa', 'anon cannot read private.adly_user_2fa');
select tests.clear_authentication();
select tests.authenticate_as('owner@adly.test');
select throws_ok($$select * from private.adly_encryption_keys$$, '42501', 'permission denied for table adly_encryption_keys', 'authenticated cannot read private.adly_encryption_keys');
select throws_ok($$select * from private.adly_store_connection_secrets$$, '42501', 'permission denied for table adly_store_connection_secrets', 'authenticated cannot read private.adly_store_connection_secrets');
select throws_ok($$select * from private.adly_ad_account_secrets$$, '42501', 'permission denied for table adly_ad_account_secrets', 'authenticated cannot read private.adly_ad_account_secrets');
select throws_ok($$select * from private.adly_otp_tokens$$, '42501', 'permission denied for table adly_otp_tokens', 'authenticated cannot read private.adly_otp_tokens');
select throws_ok($$select * from private.adly_user_2fa$$, '42501', 'permission denied for table adly_user_2fa', 'authenticated cannot read private.adly_user_2fa');
select tests.clear_authentication();
select tests.authenticate_as_service_role();
select throws_ok($$select * from private.adly_encryption_keys$$, '42501', 'permission denied for table adly_encryption_keys', 'service_role cannot read private.adly_encryption_keys');
select throws_ok($$select * from private.adly_store_connection_secrets$$, '42501', 'permission denied for table adly_store_connection_secrets', 'service_role cannot read private.adly_store_connection_secrets');
select throws_ok($$select * from private.adly_ad_account_secrets$$, '42501', 'permission denied for table adly_ad_account_secrets', 'service_role cannot read private.adly_ad_account_secrets');
select throws_ok($$select secret from private.adly_user_2fa$$, '42501', 'permission denied for table adly_user_2fa', 'service_role cannot read the encrypted TOTP secret column');
select lives_ok($$select id, user_id, is_enabled from private.adly_user_2fa$$, 'service_role reads the non-secret 2FA columns');
select lives_ok($$select id, token_hash from private.adly_otp_tokens$$, 'service_role reads OTP token hashes');
select tests.clear_authentication();

select * from finish();
rollback;