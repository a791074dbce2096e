-- The tenant write matrix: insert, update and delete on every adly table by the owner, member
-- and viewer of workspace one, the owner of workspace two (outsider), anon and service_role.
-- Allowed changes and RLS-filtered ones run through tests.adly72_apply, which counts the target
-- rows as the superuser before and after the statement, reports the rows the statement changed,
-- and undoes the change so that every case starts from the same fixture.
begin;
select plan(360);

\ir fixtures/adly_tenants.psql

select tests.create_user('plain@adly.test', '{}', 'e0000000-0000-4000-8000-000000000099');
insert into adly.subscription_plans (id, name, stripe_price_id, price, interval, features)
  values ('ef000000-0000-4000-8000-000000000003', 'Unused plan', 'price_fixture_3', 1, 'month', '{}');

create function tests.adly72_apply(p_sql text, p_check text)
returns text
language plpgsql
as $$
declare
  v_role text := current_setting('role');
  v_before bigint;
  v_after bigint;
  v_changed bigint;
begin
  perform set_config('role', 'none', true);
  execute p_check into v_before;
  perform set_config('role', v_role, true);
  begin
    execute p_sql;
    get diagnostics v_changed = row_count;
    perform set_config('role', 'none', true);
    execute p_check into v_after;
    raise exception using errcode = 'P0099', message = 'undo';
  exception when sqlstate 'P0099' then
    null;
  end;
  perform set_config('role', v_role, true);
  return format('changed %s, before %s, after %s', v_changed, v_before, v_after);
end;
$$;
grant execute on function tests.adly72_apply(text, text) to anon, authenticated, service_role;


-- owner
select tests.authenticate_as('owner@adly.test');
select throws_ok($q$insert into adly.workspaces (id, name, slug)
  values ('e1000000-0000-4000-8000-000000000009', 'New', 'new-workspace')$q$, '42501',
  'permission denied for table workspaces', 'owner has no insert privilege on workspaces');
select is(tests.adly72_apply($q$update adly.workspaces set name = 'Changed'
  where id = tests.seed_id('adly.workspace:one')$q$, $q$select count(*) from adly.workspaces
  where id = tests.seed_id('adly.workspace:one') and name = 'Changed'$q$), 'changed 1, before 0, after 1',
  'owner can update workspaces of workspace one');
select is(tests.adly72_apply($q$delete from adly.workspaces where id = tests.seed_id('adly.workspace:one')$q$,
  $q$select count(*) from adly.workspaces where id = tests.seed_id('adly.workspace:one')$q$),
  'changed 1, before 1, after 0', 'owner can delete workspaces of workspace one');
select throws_ok($q$insert into adly.workspace_members (workspace_id, user_id, role)
  values (tests.seed_id('adly.workspace:one'), tests.seed_id('user:adly-other'), 'viewer')$q$, '42501',
  'permission denied for table workspace_members', 'owner has no insert privilege on workspace_members');
select is(tests.adly72_apply($q$update adly.workspace_members set role = 'member'
  where id = tests.seed_id('adly.workspace_member:one-viewer')$q$, $q$select count(*) from adly.workspace_members
  where id = tests.seed_id('adly.workspace_member:one-viewer') and role = 'member'$q$), 'changed 1, before 0, after 1',
  'owner can update workspace_members of workspace one');
select is(tests.adly72_apply($q$delete from adly.workspace_members
  where id = tests.seed_id('adly.workspace_member:one-member')$q$, $q$select count(*) from adly.workspace_members
  where id = tests.seed_id('adly.workspace_member:one-member')$q$), 'changed 1, before 1, after 0',
  'owner can delete workspace_members of workspace one');
select throws_ok($q$insert into adly.audit_logs (workspace_id, action, resource_type)
  values (tests.seed_id('adly.workspace:one'), 'forged', 'test')$q$, '42501', 'permission denied for table audit_logs',
  'owner has no insert privilege on audit_logs');
select throws_ok($q$update adly.audit_logs set action = 'changed'
  where workspace_id = tests.seed_id('adly.workspace:one')$q$, '42501', 'permission denied for table audit_logs',
  'owner has no update privilege on audit_logs');
select throws_ok($q$delete from adly.audit_logs where workspace_id = tests.seed_id('adly.workspace:one')$q$, '42501',
  'permission denied for table audit_logs', 'owner has no delete privilege on audit_logs');
select throws_ok($q$insert into adly.users (id, email)
  values ('e0000000-0000-4000-8000-000000000099', 'plain@adly.test')$q$, '42501', 'permission denied for table users',
  'owner has no insert privilege on users');
select is(tests.adly72_apply($q$update adly.users set first_name = 'Changed'
  where id = tests.seed_id('user:adly-member')$q$, $q$select count(*) from adly.users
  where id = tests.seed_id('user:adly-member') and first_name = 'Changed'$q$), 'changed 0, before 0, after 0',
  'owner cannot update users of workspace one');
select throws_ok($q$delete from adly.users where id = tests.seed_id('user:adly-member')$q$, '42501',
  'permission denied for table users', 'owner has no delete privilege on users');
select throws_ok($q$insert into adly.store_connections (id, workspace_id, platform, store_name)
  values ('e2000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'zid', 'New')$q$, '42501',
  'permission denied for table store_connections', 'owner has no insert privilege on store_connections');
select is(tests.adly72_apply($q$update adly.store_connections set store_name = 'Changed'
  where id = tests.seed_id('adly.store_connection:one')$q$, $q$select count(*) from adly.store_connections
  where id = tests.seed_id('adly.store_connection:one') and store_name = 'Changed'$q$), 'changed 1, before 0, after 1',
  'owner can update store_connections of workspace one');
select is(tests.adly72_apply($q$delete from adly.store_connections
  where id = tests.seed_id('adly.store_connection:one')$q$, $q$select count(*) from adly.store_connections
  where id = tests.seed_id('adly.store_connection:one')$q$), 'changed 1, before 1, after 0',
  'owner can delete store_connections of workspace one');
select throws_ok($q$insert into adly.ad_accounts (id, workspace_id, platform, account_id)
  values ('e6000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'snapchat', 'snap_9')$q$,
  '42501', 'permission denied for table ad_accounts', 'owner has no insert privilege on ad_accounts');
select is(tests.adly72_apply($q$update adly.ad_accounts set account_name = 'Changed'
  where id = tests.seed_id('adly.ad_account:one')$q$, $q$select count(*) from adly.ad_accounts
  where id = tests.seed_id('adly.ad_account:one') and account_name = 'Changed'$q$), 'changed 1, before 0, after 1',
  'owner can update ad_accounts of workspace one');
select is(tests.adly72_apply($q$delete from adly.ad_accounts where id = tests.seed_id('adly.ad_account:one')$q$,
  $q$select count(*) from adly.ad_accounts where id = tests.seed_id('adly.ad_account:one')$q$),
  'changed 1, before 1, after 0', 'owner can delete ad_accounts of workspace one');
select is(tests.adly72_apply($q$insert into adly.products (id, store_connection_id, external_id, title)
  values ('e3000000-0000-4000-8000-000000000009', tests.seed_id('adly.store_connection:one'), 'p9', 'New')$q$,
  $q$select count(*) from adly.products where id = 'e3000000-0000-4000-8000-000000000009'$q$),
  'changed 1, before 0, after 1', 'owner can insert products of workspace one');
select is(tests.adly72_apply($q$update adly.products set title = 'Changed'
  where id = tests.seed_id('adly.product:one')$q$, $q$select count(*) from adly.products
  where id = tests.seed_id('adly.product:one') and title = 'Changed'$q$), 'changed 1, before 0, after 1',
  'owner can update products of workspace one');
select is(tests.adly72_apply($q$delete from adly.products where id = tests.seed_id('adly.product:one')$q$,
  $q$select count(*) from adly.products where id = tests.seed_id('adly.product:one')$q$),
  'changed 1, before 1, after 0', 'owner can delete products of workspace one');
select is(tests.adly72_apply($q$insert into adly.orders (id, store_connection_id, external_id, total_amount, status,
  order_date) values ('e4000000-0000-4000-8000-000000000009', tests.seed_id('adly.store_connection:one'), 'o9', 1,
  'paid', now())$q$, $q$select count(*) from adly.orders where id = 'e4000000-0000-4000-8000-000000000009'$q$),
  'changed 1, before 0, after 1', 'owner can insert orders of workspace one');
select is(tests.adly72_apply($q$update adly.orders set status = 'refunded'
  where id = tests.seed_id('adly.order:one')$q$, $q$select count(*) from adly.orders
  where id = tests.seed_id('adly.order:one') and status = 'refunded'$q$), 'changed 1, before 0, after 1',
  'owner can update orders of workspace one');
select is(tests.adly72_apply($q$delete from adly.orders where id = tests.seed_id('adly.order:one')$q$,
  $q$select count(*) from adly.orders where id = tests.seed_id('adly.order:one')$q$), 'changed 1, before 1, after 0',
  'owner can delete orders of workspace one');
select is(tests.adly72_apply($q$insert into adly.order_items (id, order_id, quantity, price)
  values ('e5000000-0000-4000-8000-000000000009', tests.seed_id('adly.order:one'), 1, 1)$q$, $q$select count(*)
  from adly.order_items where id = 'e5000000-0000-4000-8000-000000000009'$q$), 'changed 1, before 0, after 1',
  'owner can insert order_items of workspace one');
select is(tests.adly72_apply($q$update adly.order_items set quantity = 5
  where id = tests.seed_id('adly.order_item:one')$q$, $q$select count(*) from adly.order_items
  where id = tests.seed_id('adly.order_item:one') and quantity = 5$q$), 'changed 1, before 0, after 1',
  'owner can update order_items of workspace one');
select is(tests.adly72_apply($q$delete from adly.order_items where id = tests.seed_id('adly.order_item:one')$q$,
  $q$select count(*) from adly.order_items where id = tests.seed_id('adly.order_item:one')$q$),
  'changed 1, before 1, after 0', 'owner can delete order_items of workspace one');
select is(tests.adly72_apply($q$insert into adly.campaigns (id, workspace_id, name, objective)
  values ('e7000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'New', 'sales')$q$,
  $q$select count(*) from adly.campaigns where id = 'e7000000-0000-4000-8000-000000000009'$q$),
  'changed 1, before 0, after 1', 'owner can insert campaigns of workspace one');
select is(tests.adly72_apply($q$update adly.campaigns set name = 'Changed'
  where id = tests.seed_id('adly.campaign:one')$q$, $q$select count(*) from adly.campaigns
  where id = tests.seed_id('adly.campaign:one') and name = 'Changed'$q$), 'changed 1, before 0, after 1',
  'owner can update campaigns of workspace one');
select is(tests.adly72_apply($q$delete from adly.campaigns where id = tests.seed_id('adly.campaign:one')$q$,
  $q$select count(*) from adly.campaigns where id = tests.seed_id('adly.campaign:one')$q$),
  'changed 1, before 1, after 0', 'owner can delete campaigns of workspace one');
select is(tests.adly72_apply($q$insert into adly.ad_sets (id, campaign_id, name)
  values ('e8000000-0000-4000-8000-000000000009', tests.seed_id('adly.campaign:one'), 'New')$q$, $q$select count(*)
  from adly.ad_sets where id = 'e8000000-0000-4000-8000-000000000009'$q$), 'changed 1, before 0, after 1',
  'owner can insert ad_sets of workspace one');
select is(tests.adly72_apply($q$update adly.ad_sets set name = 'Changed' where id = tests.seed_id('adly.ad_set:one')$q$,
  $q$select count(*) from adly.ad_sets where id = tests.seed_id('adly.ad_set:one') and name = 'Changed'$q$),
  'changed 1, before 0, after 1', 'owner can update ad_sets of workspace one');
select is(tests.adly72_apply($q$delete from adly.ad_sets where id = tests.seed_id('adly.ad_set:one')$q$,
  $q$select count(*) from adly.ad_sets where id = tests.seed_id('adly.ad_set:one')$q$), 'changed 1, before 1, after 0',
  'owner can delete ad_sets of workspace one');
select is(tests.adly72_apply($q$insert into adly.ads (id, ad_set_id, name)
  values ('e9000000-0000-4000-8000-000000000009', tests.seed_id('adly.ad_set:one'), 'New')$q$, $q$select count(*)
  from adly.ads where id = 'e9000000-0000-4000-8000-000000000009'$q$), 'changed 1, before 0, after 1',
  'owner can insert ads of workspace one');
select is(tests.adly72_apply($q$update adly.ads set name = 'Changed' where id = tests.seed_id('adly.ad:one')$q$,
  $q$select count(*) from adly.ads where id = tests.seed_id('adly.ad:one') and name = 'Changed'$q$),
  'changed 1, before 0, after 1', 'owner can update ads of workspace one');
select is(tests.adly72_apply($q$delete from adly.ads where id = tests.seed_id('adly.ad:one')$q$, $q$select count(*)
  from adly.ads where id = tests.seed_id('adly.ad:one')$q$), 'changed 1, before 1, after 0',
  'owner can delete ads of workspace one');
select is(tests.adly72_apply($q$insert into adly.content_assets (id, workspace_id, type, name)
  values ('ea000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'text', 'New')$q$,
  $q$select count(*) from adly.content_assets where id = 'ea000000-0000-4000-8000-000000000009'$q$),
  'changed 1, before 0, after 1', 'owner can insert content_assets of workspace one');
select is(tests.adly72_apply($q$update adly.content_assets set name = 'Changed'
  where id = tests.seed_id('adly.content_asset:one')$q$, $q$select count(*) from adly.content_assets
  where id = tests.seed_id('adly.content_asset:one') and name = 'Changed'$q$), 'changed 1, before 0, after 1',
  'owner can update content_assets of workspace one');
select is(tests.adly72_apply($q$delete from adly.content_assets where id = tests.seed_id('adly.content_asset:one')$q$,
  $q$select count(*) from adly.content_assets where id = tests.seed_id('adly.content_asset:one')$q$),
  'changed 1, before 1, after 0', 'owner can delete content_assets of workspace one');
select is(tests.adly72_apply($q$insert into adly.content_templates (id, workspace_id, name, type, template_data)
  values ('eb000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'New', 'text', '{}')$q$,
  $q$select count(*) from adly.content_templates where id = 'eb000000-0000-4000-8000-000000000009'$q$),
  'changed 1, before 0, after 1', 'owner can insert content_templates of workspace one');
select is(tests.adly72_apply($q$update adly.content_templates set name = 'Changed'
  where id = tests.seed_id('adly.content_template:one')$q$, $q$select count(*) from adly.content_templates
  where id = tests.seed_id('adly.content_template:one') and name = 'Changed'$q$), 'changed 1, before 0, after 1',
  'owner can update content_templates of workspace one');
select is(tests.adly72_apply($q$delete from adly.content_templates
  where id = tests.seed_id('adly.content_template:one')$q$, $q$select count(*) from adly.content_templates
  where id = tests.seed_id('adly.content_template:one')$q$), 'changed 1, before 1, after 0',
  'owner can delete content_templates of workspace one');
select is(tests.adly72_apply($q$insert into adly.generation_jobs (id, workspace_id, user_id, type, provider, prompt)
  values ('ec000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), tests.seed_id('user:adly-owner'),
  'text', 'test-ai', 'New')$q$, $q$select count(*) from adly.generation_jobs
  where id = 'ec000000-0000-4000-8000-000000000009'$q$), 'changed 1, before 0, after 1',
  'owner can insert generation_jobs of workspace one');
select throws_ok($q$update adly.generation_jobs set error_message = 'Changed'
  where id = tests.seed_id('adly.generation_job:one')$q$, '42501', 'permission denied for table generation_jobs',
  'owner has no update privilege on generation_jobs');
select is(tests.adly72_apply($q$delete from adly.generation_jobs where id = tests.seed_id('adly.generation_job:one')$q$,
  $q$select count(*) from adly.generation_jobs where id = tests.seed_id('adly.generation_job:one')$q$),
  'changed 1, before 1, after 0', 'owner can delete generation_jobs of workspace one');
select throws_ok($q$insert into adly.campaign_metrics (id, campaign_id, date, impressions)
  values ('ed000000-0000-4000-8000-000000000009', tests.seed_id('adly.campaign:one'), date '2026-02-01', 5)$q$, '42501',
  'permission denied for table campaign_metrics', 'owner has no insert privilege on campaign_metrics');
select throws_ok($q$update adly.campaign_metrics set clicks = 7 where id = tests.seed_id('adly.campaign_metric:one')$q$,
  '42501', 'permission denied for table campaign_metrics', 'owner has no update privilege on campaign_metrics');
select throws_ok($q$delete from adly.campaign_metrics where id = tests.seed_id('adly.campaign_metric:one')$q$, '42501',
  'permission denied for table campaign_metrics', 'owner has no delete privilege on campaign_metrics');
select throws_ok($q$insert into adly.attribution_events (id, workspace_id, event_type, event_time)
  values ('ee000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'view', now())$q$, '42501',
  'permission denied for table attribution_events', 'owner has no insert privilege on attribution_events');
select throws_ok($q$update adly.attribution_events set utm_source = 'changed'
  where id = tests.seed_id('adly.attribution_event:one')$q$, '42501', 'permission denied for table attribution_events',
  'owner has no update privilege on attribution_events');
select throws_ok($q$delete from adly.attribution_events where id = tests.seed_id('adly.attribution_event:one')$q$,
  '42501', 'permission denied for table attribution_events', 'owner has no delete privilege on attribution_events');
select throws_ok($q$insert into adly.subscription_plans (id, name, stripe_price_id, price, interval, features)
  values ('ef000000-0000-4000-8000-000000000009', 'New', 'price_new', 1, 'month', '{}')$q$, '42501',
  'permission denied for table subscription_plans', 'owner has no insert privilege on subscription_plans');
select throws_ok($q$update adly.subscription_plans set name = 'Changed'
  where id = 'ef000000-0000-4000-8000-000000000003'$q$, '42501', 'permission denied for table subscription_plans',
  'owner has no update privilege on subscription_plans');
select throws_ok($q$delete from adly.subscription_plans where id = 'ef000000-0000-4000-8000-000000000003'$q$, '42501',
  'permission denied for table subscription_plans', 'owner has no delete privilege on subscription_plans');
select throws_ok($q$insert into adly.workspace_subscriptions (id, workspace_id, stripe_subscription_id, status,
  stripe_event_created_at) values ('f1000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'),
  'sub_new', 'active', now())$q$, '42501', 'permission denied for table workspace_subscriptions',
  'owner has no insert privilege on workspace_subscriptions');
select throws_ok($q$update adly.workspace_subscriptions set status = 'canceled'
  where id = tests.seed_id('adly.workspace_subscription:one')$q$, '42501',
  'permission denied for table workspace_subscriptions', 'owner has no update privilege on workspace_subscriptions');
select throws_ok($q$delete from adly.workspace_subscriptions
  where id = tests.seed_id('adly.workspace_subscription:one')$q$, '42501',
  'permission denied for table workspace_subscriptions', 'owner has no delete privilege on workspace_subscriptions');
select throws_ok($q$insert into adly.invoices (id, workspace_id, stripe_invoice_id, amount, status,
  stripe_event_created_at) values ('f2000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'),
  'in_new', 1, 'paid', now())$q$, '42501', 'permission denied for table invoices',
  'owner has no insert privilege on invoices');
select throws_ok($q$update adly.invoices set status = 'void' where id = tests.seed_id('adly.invoice:one')$q$, '42501',
  'permission denied for table invoices', 'owner has no update privilege on invoices');
select throws_ok($q$delete from adly.invoices where id = tests.seed_id('adly.invoice:one')$q$, '42501',
  'permission denied for table invoices', 'owner has no delete privilege on invoices');
select tests.clear_authentication();

-- member
select tests.authenticate_as('member@adly.test');
select throws_ok($q$insert into adly.workspaces (id, name, slug)
  values ('e1000000-0000-4000-8000-000000000009', 'New', 'new-workspace')$q$, '42501',
  'permission denied for table workspaces', 'member has no insert privilege on workspaces');
select is(tests.adly72_apply($q$update adly.workspaces set name = 'Changed'
  where id = tests.seed_id('adly.workspace:one')$q$, $q$select count(*) from adly.workspaces
  where id = tests.seed_id('adly.workspace:one') and name = 'Changed'$q$), 'changed 0, before 0, after 0',
  'member cannot update workspaces of workspace one');
select is(tests.adly72_apply($q$delete from adly.workspaces where id = tests.seed_id('adly.workspace:one')$q$,
  $q$select count(*) from adly.workspaces where id = tests.seed_id('adly.workspace:one')$q$),
  'changed 0, before 1, after 1', 'member cannot delete workspaces of workspace one');
select throws_ok($q$insert into adly.workspace_members (workspace_id, user_id, role)
  values (tests.seed_id('adly.workspace:one'), tests.seed_id('user:adly-other'), 'viewer')$q$, '42501',
  'permission denied for table workspace_members', 'member has no insert privilege on workspace_members');
select is(tests.adly72_apply($q$update adly.workspace_members set role = 'member'
  where id = tests.seed_id('adly.workspace_member:one-viewer')$q$, $q$select count(*) from adly.workspace_members
  where id = tests.seed_id('adly.workspace_member:one-viewer') and role = 'member'$q$), 'changed 0, before 0, after 0',
  'member cannot update workspace_members of workspace one');
select is(tests.adly72_apply($q$delete from adly.workspace_members
  where id = tests.seed_id('adly.workspace_member:one-member')$q$, $q$select count(*) from adly.workspace_members
  where id = tests.seed_id('adly.workspace_member:one-member')$q$), 'changed 1, before 1, after 0',
  'member can delete workspace_members of workspace one');
select throws_ok($q$insert into adly.audit_logs (workspace_id, action, resource_type)
  values (tests.seed_id('adly.workspace:one'), 'forged', 'test')$q$, '42501', 'permission denied for table audit_logs',
  'member has no insert privilege on audit_logs');
select throws_ok($q$update adly.audit_logs set action = 'changed'
  where workspace_id = tests.seed_id('adly.workspace:one')$q$, '42501', 'permission denied for table audit_logs',
  'member has no update privilege on audit_logs');
select throws_ok($q$delete from adly.audit_logs where workspace_id = tests.seed_id('adly.workspace:one')$q$, '42501',
  'permission denied for table audit_logs', 'member has no delete privilege on audit_logs');
select throws_ok($q$insert into adly.users (id, email)
  values ('e0000000-0000-4000-8000-000000000099', 'plain@adly.test')$q$, '42501', 'permission denied for table users',
  'member has no insert privilege on users');
select is(tests.adly72_apply($q$update adly.users set first_name = 'Changed'
  where id = tests.seed_id('user:adly-member')$q$, $q$select count(*) from adly.users
  where id = tests.seed_id('user:adly-member') and first_name = 'Changed'$q$), 'changed 1, before 0, after 1',
  'member can update users of workspace one');
select throws_ok($q$delete from adly.users where id = tests.seed_id('user:adly-member')$q$, '42501',
  'permission denied for table users', 'member has no delete privilege on users');
select throws_ok($q$insert into adly.store_connections (id, workspace_id, platform, store_name)
  values ('e2000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'zid', 'New')$q$, '42501',
  'permission denied for table store_connections', 'member has no insert privilege on store_connections');
select is(tests.adly72_apply($q$update adly.store_connections set store_name = 'Changed'
  where id = tests.seed_id('adly.store_connection:one')$q$, $q$select count(*) from adly.store_connections
  where id = tests.seed_id('adly.store_connection:one') and store_name = 'Changed'$q$), 'changed 0, before 0, after 0',
  'member cannot update store_connections of workspace one');
select is(tests.adly72_apply($q$delete from adly.store_connections
  where id = tests.seed_id('adly.store_connection:one')$q$, $q$select count(*) from adly.store_connections
  where id = tests.seed_id('adly.store_connection:one')$q$), 'changed 0, before 1, after 1',
  'member cannot delete store_connections of workspace one');
select throws_ok($q$insert into adly.ad_accounts (id, workspace_id, platform, account_id)
  values ('e6000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'snapchat', 'snap_9')$q$,
  '42501', 'permission denied for table ad_accounts', 'member has no insert privilege on ad_accounts');
select is(tests.adly72_apply($q$update adly.ad_accounts set account_name = 'Changed'
  where id = tests.seed_id('adly.ad_account:one')$q$, $q$select count(*) from adly.ad_accounts
  where id = tests.seed_id('adly.ad_account:one') and account_name = 'Changed'$q$), 'changed 0, before 0, after 0',
  'member cannot update ad_accounts of workspace one');
select is(tests.adly72_apply($q$delete from adly.ad_accounts where id = tests.seed_id('adly.ad_account:one')$q$,
  $q$select count(*) from adly.ad_accounts where id = tests.seed_id('adly.ad_account:one')$q$),
  'changed 0, before 1, after 1', 'member cannot delete ad_accounts of workspace one');
select is(tests.adly72_apply($q$insert into adly.products (id, store_connection_id, external_id, title)
  values ('e3000000-0000-4000-8000-000000000009', tests.seed_id('adly.store_connection:one'), 'p9', 'New')$q$,
  $q$select count(*) from adly.products where id = 'e3000000-0000-4000-8000-000000000009'$q$),
  'changed 1, before 0, after 1', 'member can insert products of workspace one');
select is(tests.adly72_apply($q$update adly.products set title = 'Changed'
  where id = tests.seed_id('adly.product:one')$q$, $q$select count(*) from adly.products
  where id = tests.seed_id('adly.product:one') and title = 'Changed'$q$), 'changed 1, before 0, after 1',
  'member can update products of workspace one');
select is(tests.adly72_apply($q$delete from adly.products where id = tests.seed_id('adly.product:one')$q$,
  $q$select count(*) from adly.products where id = tests.seed_id('adly.product:one')$q$),
  'changed 1, before 1, after 0', 'member can delete products of workspace one');
select is(tests.adly72_apply($q$insert into adly.orders (id, store_connection_id, external_id, total_amount, status,
  order_date) values ('e4000000-0000-4000-8000-000000000009', tests.seed_id('adly.store_connection:one'), 'o9', 1,
  'paid', now())$q$, $q$select count(*) from adly.orders where id = 'e4000000-0000-4000-8000-000000000009'$q$),
  'changed 1, before 0, after 1', 'member can insert orders of workspace one');
select is(tests.adly72_apply($q$update adly.orders set status = 'refunded'
  where id = tests.seed_id('adly.order:one')$q$, $q$select count(*) from adly.orders
  where id = tests.seed_id('adly.order:one') and status = 'refunded'$q$), 'changed 1, before 0, after 1',
  'member can update orders of workspace one');
select is(tests.adly72_apply($q$delete from adly.orders where id = tests.seed_id('adly.order:one')$q$,
  $q$select count(*) from adly.orders where id = tests.seed_id('adly.order:one')$q$), 'changed 1, before 1, after 0',
  'member can delete orders of workspace one');
select is(tests.adly72_apply($q$insert into adly.order_items (id, order_id, quantity, price)
  values ('e5000000-0000-4000-8000-000000000009', tests.seed_id('adly.order:one'), 1, 1)$q$, $q$select count(*)
  from adly.order_items where id = 'e5000000-0000-4000-8000-000000000009'$q$), 'changed 1, before 0, after 1',
  'member can insert order_items of workspace one');
select is(tests.adly72_apply($q$update adly.order_items set quantity = 5
  where id = tests.seed_id('adly.order_item:one')$q$, $q$select count(*) from adly.order_items
  where id = tests.seed_id('adly.order_item:one') and quantity = 5$q$), 'changed 1, before 0, after 1',
  'member can update order_items of workspace one');
select is(tests.adly72_apply($q$delete from adly.order_items where id = tests.seed_id('adly.order_item:one')$q$,
  $q$select count(*) from adly.order_items where id = tests.seed_id('adly.order_item:one')$q$),
  'changed 1, before 1, after 0', 'member can delete order_items of workspace one');
select is(tests.adly72_apply($q$insert into adly.campaigns (id, workspace_id, name, objective)
  values ('e7000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'New', 'sales')$q$,
  $q$select count(*) from adly.campaigns where id = 'e7000000-0000-4000-8000-000000000009'$q$),
  'changed 1, before 0, after 1', 'member can insert campaigns of workspace one');
select is(tests.adly72_apply($q$update adly.campaigns set name = 'Changed'
  where id = tests.seed_id('adly.campaign:one')$q$, $q$select count(*) from adly.campaigns
  where id = tests.seed_id('adly.campaign:one') and name = 'Changed'$q$), 'changed 1, before 0, after 1',
  'member can update campaigns of workspace one');
select is(tests.adly72_apply($q$delete from adly.campaigns where id = tests.seed_id('adly.campaign:one')$q$,
  $q$select count(*) from adly.campaigns where id = tests.seed_id('adly.campaign:one')$q$),
  'changed 1, before 1, after 0', 'member can delete campaigns of workspace one');
select is(tests.adly72_apply($q$insert into adly.ad_sets (id, campaign_id, name)
  values ('e8000000-0000-4000-8000-000000000009', tests.seed_id('adly.campaign:one'), 'New')$q$, $q$select count(*)
  from adly.ad_sets where id = 'e8000000-0000-4000-8000-000000000009'$q$), 'changed 1, before 0, after 1',
  'member can insert ad_sets of workspace one');
select is(tests.adly72_apply($q$update adly.ad_sets set name = 'Changed' where id = tests.seed_id('adly.ad_set:one')$q$,
  $q$select count(*) from adly.ad_sets where id = tests.seed_id('adly.ad_set:one') and name = 'Changed'$q$),
  'changed 1, before 0, after 1', 'member can update ad_sets of workspace one');
select is(tests.adly72_apply($q$delete from adly.ad_sets where id = tests.seed_id('adly.ad_set:one')$q$,
  $q$select count(*) from adly.ad_sets where id = tests.seed_id('adly.ad_set:one')$q$), 'changed 1, before 1, after 0',
  'member can delete ad_sets of workspace one');
select is(tests.adly72_apply($q$insert into adly.ads (id, ad_set_id, name)
  values ('e9000000-0000-4000-8000-000000000009', tests.seed_id('adly.ad_set:one'), 'New')$q$, $q$select count(*)
  from adly.ads where id = 'e9000000-0000-4000-8000-000000000009'$q$), 'changed 1, before 0, after 1',
  'member can insert ads of workspace one');
select is(tests.adly72_apply($q$update adly.ads set name = 'Changed' where id = tests.seed_id('adly.ad:one')$q$,
  $q$select count(*) from adly.ads where id = tests.seed_id('adly.ad:one') and name = 'Changed'$q$),
  'changed 1, before 0, after 1', 'member can update ads of workspace one');
select is(tests.adly72_apply($q$delete from adly.ads where id = tests.seed_id('adly.ad:one')$q$, $q$select count(*)
  from adly.ads where id = tests.seed_id('adly.ad:one')$q$), 'changed 1, before 1, after 0',
  'member can delete ads of workspace one');
select is(tests.adly72_apply($q$insert into adly.content_assets (id, workspace_id, type, name)
  values ('ea000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'text', 'New')$q$,
  $q$select count(*) from adly.content_assets where id = 'ea000000-0000-4000-8000-000000000009'$q$),
  'changed 1, before 0, after 1', 'member can insert content_assets of workspace one');
select is(tests.adly72_apply($q$update adly.content_assets set name = 'Changed'
  where id = tests.seed_id('adly.content_asset:one')$q$, $q$select count(*) from adly.content_assets
  where id = tests.seed_id('adly.content_asset:one') and name = 'Changed'$q$), 'changed 1, before 0, after 1',
  'member can update content_assets of workspace one');
select is(tests.adly72_apply($q$delete from adly.content_assets where id = tests.seed_id('adly.content_asset:one')$q$,
  $q$select count(*) from adly.content_assets where id = tests.seed_id('adly.content_asset:one')$q$),
  'changed 1, before 1, after 0', 'member can delete content_assets of workspace one');
select is(tests.adly72_apply($q$insert into adly.content_templates (id, workspace_id, name, type, template_data)
  values ('eb000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'New', 'text', '{}')$q$,
  $q$select count(*) from adly.content_templates where id = 'eb000000-0000-4000-8000-000000000009'$q$),
  'changed 1, before 0, after 1', 'member can insert content_templates of workspace one');
select is(tests.adly72_apply($q$update adly.content_templates set name = 'Changed'
  where id = tests.seed_id('adly.content_template:one')$q$, $q$select count(*) from adly.content_templates
  where id = tests.seed_id('adly.content_template:one') and name = 'Changed'$q$), 'changed 1, before 0, after 1',
  'member can update content_templates of workspace one');
select is(tests.adly72_apply($q$delete from adly.content_templates
  where id = tests.seed_id('adly.content_template:one')$q$, $q$select count(*) from adly.content_templates
  where id = tests.seed_id('adly.content_template:one')$q$), 'changed 1, before 1, after 0',
  'member can delete content_templates of workspace one');
select is(tests.adly72_apply($q$insert into adly.generation_jobs (id, workspace_id, user_id, type, provider, prompt)
  values ('ec000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'),
  tests.seed_id('user:adly-member'), 'text', 'test-ai', 'New')$q$, $q$select count(*) from adly.generation_jobs
  where id = 'ec000000-0000-4000-8000-000000000009'$q$), 'changed 1, before 0, after 1',
  'member can insert generation_jobs of workspace one');
select throws_ok($q$update adly.generation_jobs set error_message = 'Changed'
  where id = tests.seed_id('adly.generation_job:one')$q$, '42501', 'permission denied for table generation_jobs',
  'member has no update privilege on generation_jobs');
select is(tests.adly72_apply($q$delete from adly.generation_jobs where id = tests.seed_id('adly.generation_job:one')$q$,
  $q$select count(*) from adly.generation_jobs where id = tests.seed_id('adly.generation_job:one')$q$),
  'changed 1, before 1, after 0', 'member can delete generation_jobs of workspace one');
select throws_ok($q$insert into adly.campaign_metrics (id, campaign_id, date, impressions)
  values ('ed000000-0000-4000-8000-000000000009', tests.seed_id('adly.campaign:one'), date '2026-02-01', 5)$q$, '42501',
  'permission denied for table campaign_metrics', 'member has no insert privilege on campaign_metrics');
select throws_ok($q$update adly.campaign_metrics set clicks = 7 where id = tests.seed_id('adly.campaign_metric:one')$q$,
  '42501', 'permission denied for table campaign_metrics', 'member has no update privilege on campaign_metrics');
select throws_ok($q$delete from adly.campaign_metrics where id = tests.seed_id('adly.campaign_metric:one')$q$, '42501',
  'permission denied for table campaign_metrics', 'member has no delete privilege on campaign_metrics');
select throws_ok($q$insert into adly.attribution_events (id, workspace_id, event_type, event_time)
  values ('ee000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'view', now())$q$, '42501',
  'permission denied for table attribution_events', 'member has no insert privilege on attribution_events');
select throws_ok($q$update adly.attribution_events set utm_source = 'changed'
  where id = tests.seed_id('adly.attribution_event:one')$q$, '42501', 'permission denied for table attribution_events',
  'member has no update privilege on attribution_events');
select throws_ok($q$delete from adly.attribution_events where id = tests.seed_id('adly.attribution_event:one')$q$,
  '42501', 'permission denied for table attribution_events', 'member has no delete privilege on attribution_events');
select throws_ok($q$insert into adly.subscription_plans (id, name, stripe_price_id, price, interval, features)
  values ('ef000000-0000-4000-8000-000000000009', 'New', 'price_new', 1, 'month', '{}')$q$, '42501',
  'permission denied for table subscription_plans', 'member has no insert privilege on subscription_plans');
select throws_ok($q$update adly.subscription_plans set name = 'Changed'
  where id = 'ef000000-0000-4000-8000-000000000003'$q$, '42501', 'permission denied for table subscription_plans',
  'member has no update privilege on subscription_plans');
select throws_ok($q$delete from adly.subscription_plans where id = 'ef000000-0000-4000-8000-000000000003'$q$, '42501',
  'permission denied for table subscription_plans', 'member has no delete privilege on subscription_plans');
select throws_ok($q$insert into adly.workspace_subscriptions (id, workspace_id, stripe_subscription_id, status,
  stripe_event_created_at) values ('f1000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'),
  'sub_new', 'active', now())$q$, '42501', 'permission denied for table workspace_subscriptions',
  'member has no insert privilege on workspace_subscriptions');
select throws_ok($q$update adly.workspace_subscriptions set status = 'canceled'
  where id = tests.seed_id('adly.workspace_subscription:one')$q$, '42501',
  'permission denied for table workspace_subscriptions', 'member has no update privilege on workspace_subscriptions');
select throws_ok($q$delete from adly.workspace_subscriptions
  where id = tests.seed_id('adly.workspace_subscription:one')$q$, '42501',
  'permission denied for table workspace_subscriptions', 'member has no delete privilege on workspace_subscriptions');
select throws_ok($q$insert into adly.invoices (id, workspace_id, stripe_invoice_id, amount, status,
  stripe_event_created_at) values ('f2000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'),
  'in_new', 1, 'paid', now())$q$, '42501', 'permission denied for table invoices',
  'member has no insert privilege on invoices');
select throws_ok($q$update adly.invoices set status = 'void' where id = tests.seed_id('adly.invoice:one')$q$, '42501',
  'permission denied for table invoices', 'member has no update privilege on invoices');
select throws_ok($q$delete from adly.invoices where id = tests.seed_id('adly.invoice:one')$q$, '42501',
  'permission denied for table invoices', 'member has no delete privilege on invoices');
select tests.clear_authentication();

-- viewer
select tests.authenticate_as('viewer@adly.test');
select throws_ok($q$insert into adly.workspaces (id, name, slug)
  values ('e1000000-0000-4000-8000-000000000009', 'New', 'new-workspace')$q$, '42501',
  'permission denied for table workspaces', 'viewer has no insert privilege on workspaces');
select is(tests.adly72_apply($q$update adly.workspaces set name = 'Changed'
  where id = tests.seed_id('adly.workspace:one')$q$, $q$select count(*) from adly.workspaces
  where id = tests.seed_id('adly.workspace:one') and name = 'Changed'$q$), 'changed 0, before 0, after 0',
  'viewer cannot update workspaces of workspace one');
select is(tests.adly72_apply($q$delete from adly.workspaces where id = tests.seed_id('adly.workspace:one')$q$,
  $q$select count(*) from adly.workspaces where id = tests.seed_id('adly.workspace:one')$q$),
  'changed 0, before 1, after 1', 'viewer cannot delete workspaces of workspace one');
select throws_ok($q$insert into adly.workspace_members (workspace_id, user_id, role)
  values (tests.seed_id('adly.workspace:one'), tests.seed_id('user:adly-other'), 'viewer')$q$, '42501',
  'permission denied for table workspace_members', 'viewer has no insert privilege on workspace_members');
select is(tests.adly72_apply($q$update adly.workspace_members set role = 'member'
  where id = tests.seed_id('adly.workspace_member:one-viewer')$q$, $q$select count(*) from adly.workspace_members
  where id = tests.seed_id('adly.workspace_member:one-viewer') and role = 'member'$q$), 'changed 0, before 0, after 0',
  'viewer cannot update workspace_members of workspace one');
select is(tests.adly72_apply($q$delete from adly.workspace_members
  where id = tests.seed_id('adly.workspace_member:one-member')$q$, $q$select count(*) from adly.workspace_members
  where id = tests.seed_id('adly.workspace_member:one-member')$q$), 'changed 0, before 1, after 1',
  'viewer cannot delete workspace_members of workspace one');
select throws_ok($q$insert into adly.audit_logs (workspace_id, action, resource_type)
  values (tests.seed_id('adly.workspace:one'), 'forged', 'test')$q$, '42501', 'permission denied for table audit_logs',
  'viewer has no insert privilege on audit_logs');
select throws_ok($q$update adly.audit_logs set action = 'changed'
  where workspace_id = tests.seed_id('adly.workspace:one')$q$, '42501', 'permission denied for table audit_logs',
  'viewer has no update privilege on audit_logs');
select throws_ok($q$delete from adly.audit_logs where workspace_id = tests.seed_id('adly.workspace:one')$q$, '42501',
  'permission denied for table audit_logs', 'viewer has no delete privilege on audit_logs');
select throws_ok($q$insert into adly.users (id, email)
  values ('e0000000-0000-4000-8000-000000000099', 'plain@adly.test')$q$, '42501', 'permission denied for table users',
  'viewer has no insert privilege on users');
select is(tests.adly72_apply($q$update adly.users set first_name = 'Changed'
  where id = tests.seed_id('user:adly-member')$q$, $q$select count(*) from adly.users
  where id = tests.seed_id('user:adly-member') and first_name = 'Changed'$q$), 'changed 0, before 0, after 0',
  'viewer cannot update users of workspace one');
select throws_ok($q$delete from adly.users where id = tests.seed_id('user:adly-member')$q$, '42501',
  'permission denied for table users', 'viewer has no delete privilege on users');
select throws_ok($q$insert into adly.store_connections (id, workspace_id, platform, store_name)
  values ('e2000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'zid', 'New')$q$, '42501',
  'permission denied for table store_connections', 'viewer has no insert privilege on store_connections');
select is(tests.adly72_apply($q$update adly.store_connections set store_name = 'Changed'
  where id = tests.seed_id('adly.store_connection:one')$q$, $q$select count(*) from adly.store_connections
  where id = tests.seed_id('adly.store_connection:one') and store_name = 'Changed'$q$), 'changed 0, before 0, after 0',
  'viewer cannot update store_connections of workspace one');
select is(tests.adly72_apply($q$delete from adly.store_connections
  where id = tests.seed_id('adly.store_connection:one')$q$, $q$select count(*) from adly.store_connections
  where id = tests.seed_id('adly.store_connection:one')$q$), 'changed 0, before 1, after 1',
  'viewer cannot delete store_connections of workspace one');
select throws_ok($q$insert into adly.ad_accounts (id, workspace_id, platform, account_id)
  values ('e6000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'snapchat', 'snap_9')$q$,
  '42501', 'permission denied for table ad_accounts', 'viewer has no insert privilege on ad_accounts');
select is(tests.adly72_apply($q$update adly.ad_accounts set account_name = 'Changed'
  where id = tests.seed_id('adly.ad_account:one')$q$, $q$select count(*) from adly.ad_accounts
  where id = tests.seed_id('adly.ad_account:one') and account_name = 'Changed'$q$), 'changed 0, before 0, after 0',
  'viewer cannot update ad_accounts of workspace one');
select is(tests.adly72_apply($q$delete from adly.ad_accounts where id = tests.seed_id('adly.ad_account:one')$q$,
  $q$select count(*) from adly.ad_accounts where id = tests.seed_id('adly.ad_account:one')$q$),
  'changed 0, before 1, after 1', 'viewer cannot delete ad_accounts of workspace one');
select throws_ok($q$insert into adly.products (id, store_connection_id, external_id, title)
  values ('e3000000-0000-4000-8000-000000000009', tests.seed_id('adly.store_connection:one'), 'p9', 'New')$q$, '42501',
  'new row violates row-level security policy for table "products"',
  'viewer cannot insert into products of workspace one');
select is(tests.adly72_apply($q$update adly.products set title = 'Changed'
  where id = tests.seed_id('adly.product:one')$q$, $q$select count(*) from adly.products
  where id = tests.seed_id('adly.product:one') and title = 'Changed'$q$), 'changed 0, before 0, after 0',
  'viewer cannot update products of workspace one');
select is(tests.adly72_apply($q$delete from adly.products where id = tests.seed_id('adly.product:one')$q$,
  $q$select count(*) from adly.products where id = tests.seed_id('adly.product:one')$q$),
  'changed 0, before 1, after 1', 'viewer cannot delete products of workspace one');
select throws_ok($q$insert into adly.orders (id, store_connection_id, external_id, total_amount, status, order_date)
  values ('e4000000-0000-4000-8000-000000000009', tests.seed_id('adly.store_connection:one'), 'o9', 1, 'paid',
  now())$q$, '42501', 'new row violates row-level security policy for table "orders"',
  'viewer cannot insert into orders of workspace one');
select is(tests.adly72_apply($q$update adly.orders set status = 'refunded'
  where id = tests.seed_id('adly.order:one')$q$, $q$select count(*) from adly.orders
  where id = tests.seed_id('adly.order:one') and status = 'refunded'$q$), 'changed 0, before 0, after 0',
  'viewer cannot update orders of workspace one');
select is(tests.adly72_apply($q$delete from adly.orders where id = tests.seed_id('adly.order:one')$q$,
  $q$select count(*) from adly.orders where id = tests.seed_id('adly.order:one')$q$), 'changed 0, before 1, after 1',
  'viewer cannot delete orders of workspace one');
select throws_ok($q$insert into adly.order_items (id, order_id, quantity, price)
  values ('e5000000-0000-4000-8000-000000000009', tests.seed_id('adly.order:one'), 1, 1)$q$, '42501',
  'new row violates row-level security policy for table "order_items"',
  'viewer cannot insert into order_items of workspace one');
select is(tests.adly72_apply($q$update adly.order_items set quantity = 5
  where id = tests.seed_id('adly.order_item:one')$q$, $q$select count(*) from adly.order_items
  where id = tests.seed_id('adly.order_item:one') and quantity = 5$q$), 'changed 0, before 0, after 0',
  'viewer cannot update order_items of workspace one');
select is(tests.adly72_apply($q$delete from adly.order_items where id = tests.seed_id('adly.order_item:one')$q$,
  $q$select count(*) from adly.order_items where id = tests.seed_id('adly.order_item:one')$q$),
  'changed 0, before 1, after 1', 'viewer cannot delete order_items of workspace one');
select throws_ok($q$insert into adly.campaigns (id, workspace_id, name, objective)
  values ('e7000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'New', 'sales')$q$, '42501',
  'new row violates row-level security policy for table "campaigns"',
  'viewer cannot insert into campaigns of workspace one');
select is(tests.adly72_apply($q$update adly.campaigns set name = 'Changed'
  where id = tests.seed_id('adly.campaign:one')$q$, $q$select count(*) from adly.campaigns
  where id = tests.seed_id('adly.campaign:one') and name = 'Changed'$q$), 'changed 0, before 0, after 0',
  'viewer cannot update campaigns of workspace one');
select is(tests.adly72_apply($q$delete from adly.campaigns where id = tests.seed_id('adly.campaign:one')$q$,
  $q$select count(*) from adly.campaigns where id = tests.seed_id('adly.campaign:one')$q$),
  'changed 0, before 1, after 1', 'viewer cannot delete campaigns of workspace one');
select throws_ok($q$insert into adly.ad_sets (id, campaign_id, name)
  values ('e8000000-0000-4000-8000-000000000009', tests.seed_id('adly.campaign:one'), 'New')$q$, '42501',
  'new row violates row-level security policy for table "ad_sets"',
  'viewer cannot insert into ad_sets of workspace one');
select is(tests.adly72_apply($q$update adly.ad_sets set name = 'Changed' where id = tests.seed_id('adly.ad_set:one')$q$,
  $q$select count(*) from adly.ad_sets where id = tests.seed_id('adly.ad_set:one') and name = 'Changed'$q$),
  'changed 0, before 0, after 0', 'viewer cannot update ad_sets of workspace one');
select is(tests.adly72_apply($q$delete from adly.ad_sets where id = tests.seed_id('adly.ad_set:one')$q$,
  $q$select count(*) from adly.ad_sets where id = tests.seed_id('adly.ad_set:one')$q$), 'changed 0, before 1, after 1',
  'viewer cannot delete ad_sets of workspace one');
select throws_ok($q$insert into adly.ads (id, ad_set_id, name)
  values ('e9000000-0000-4000-8000-000000000009', tests.seed_id('adly.ad_set:one'), 'New')$q$, '42501',
  'new row violates row-level security policy for table "ads"', 'viewer cannot insert into ads of workspace one');
select is(tests.adly72_apply($q$update adly.ads set name = 'Changed' where id = tests.seed_id('adly.ad:one')$q$,
  $q$select count(*) from adly.ads where id = tests.seed_id('adly.ad:one') and name = 'Changed'$q$),
  'changed 0, before 0, after 0', 'viewer cannot update ads of workspace one');
select is(tests.adly72_apply($q$delete from adly.ads where id = tests.seed_id('adly.ad:one')$q$, $q$select count(*)
  from adly.ads where id = tests.seed_id('adly.ad:one')$q$), 'changed 0, before 1, after 1',
  'viewer cannot delete ads of workspace one');
select throws_ok($q$insert into adly.content_assets (id, workspace_id, type, name)
  values ('ea000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'text', 'New')$q$, '42501',
  'new row violates row-level security policy for table "content_assets"',
  'viewer cannot insert into content_assets of workspace one');
select is(tests.adly72_apply($q$update adly.content_assets set name = 'Changed'
  where id = tests.seed_id('adly.content_asset:one')$q$, $q$select count(*) from adly.content_assets
  where id = tests.seed_id('adly.content_asset:one') and name = 'Changed'$q$), 'changed 0, before 0, after 0',
  'viewer cannot update content_assets of workspace one');
select is(tests.adly72_apply($q$delete from adly.content_assets where id = tests.seed_id('adly.content_asset:one')$q$,
  $q$select count(*) from adly.content_assets where id = tests.seed_id('adly.content_asset:one')$q$),
  'changed 0, before 1, after 1', 'viewer cannot delete content_assets of workspace one');
select throws_ok($q$insert into adly.content_templates (id, workspace_id, name, type, template_data)
  values ('eb000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'New', 'text', '{}')$q$, '42501',
  'new row violates row-level security policy for table "content_templates"',
  'viewer cannot insert into content_templates of workspace one');
select is(tests.adly72_apply($q$update adly.content_templates set name = 'Changed'
  where id = tests.seed_id('adly.content_template:one')$q$, $q$select count(*) from adly.content_templates
  where id = tests.seed_id('adly.content_template:one') and name = 'Changed'$q$), 'changed 0, before 0, after 0',
  'viewer cannot update content_templates of workspace one');
select is(tests.adly72_apply($q$delete from adly.content_templates
  where id = tests.seed_id('adly.content_template:one')$q$, $q$select count(*) from adly.content_templates
  where id = tests.seed_id('adly.content_template:one')$q$), 'changed 0, before 1, after 1',
  'viewer cannot delete content_templates of workspace one');
select throws_ok($q$insert into adly.generation_jobs (id, workspace_id, user_id, type, provider, prompt)
  values ('ec000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'),
  tests.seed_id('user:adly-viewer'), 'text', 'test-ai', 'New')$q$, '42501',
  'new row violates row-level security policy for table "generation_jobs"',
  'viewer cannot insert into generation_jobs of workspace one');
select throws_ok($q$update adly.generation_jobs set error_message = 'Changed'
  where id = tests.seed_id('adly.generation_job:one')$q$, '42501', 'permission denied for table generation_jobs',
  'viewer has no update privilege on generation_jobs');
select is(tests.adly72_apply($q$delete from adly.generation_jobs where id = tests.seed_id('adly.generation_job:one')$q$,
  $q$select count(*) from adly.generation_jobs where id = tests.seed_id('adly.generation_job:one')$q$),
  'changed 0, before 1, after 1', 'viewer cannot delete generation_jobs of workspace one');
select throws_ok($q$insert into adly.campaign_metrics (id, campaign_id, date, impressions)
  values ('ed000000-0000-4000-8000-000000000009', tests.seed_id('adly.campaign:one'), date '2026-02-01', 5)$q$, '42501',
  'permission denied for table campaign_metrics', 'viewer has no insert privilege on campaign_metrics');
select throws_ok($q$update adly.campaign_metrics set clicks = 7 where id = tests.seed_id('adly.campaign_metric:one')$q$,
  '42501', 'permission denied for table campaign_metrics', 'viewer has no update privilege on campaign_metrics');
select throws_ok($q$delete from adly.campaign_metrics where id = tests.seed_id('adly.campaign_metric:one')$q$, '42501',
  'permission denied for table campaign_metrics', 'viewer has no delete privilege on campaign_metrics');
select throws_ok($q$insert into adly.attribution_events (id, workspace_id, event_type, event_time)
  values ('ee000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'view', now())$q$, '42501',
  'permission denied for table attribution_events', 'viewer has no insert privilege on attribution_events');
select throws_ok($q$update adly.attribution_events set utm_source = 'changed'
  where id = tests.seed_id('adly.attribution_event:one')$q$, '42501', 'permission denied for table attribution_events',
  'viewer has no update privilege on attribution_events');
select throws_ok($q$delete from adly.attribution_events where id = tests.seed_id('adly.attribution_event:one')$q$,
  '42501', 'permission denied for table attribution_events', 'viewer has no delete privilege on attribution_events');
select throws_ok($q$insert into adly.subscription_plans (id, name, stripe_price_id, price, interval, features)
  values ('ef000000-0000-4000-8000-000000000009', 'New', 'price_new', 1, 'month', '{}')$q$, '42501',
  'permission denied for table subscription_plans', 'viewer has no insert privilege on subscription_plans');
select throws_ok($q$update adly.subscription_plans set name = 'Changed'
  where id = 'ef000000-0000-4000-8000-000000000003'$q$, '42501', 'permission denied for table subscription_plans',
  'viewer has no update privilege on subscription_plans');
select throws_ok($q$delete from adly.subscription_plans where id = 'ef000000-0000-4000-8000-000000000003'$q$, '42501',
  'permission denied for table subscription_plans', 'viewer has no delete privilege on subscription_plans');
select throws_ok($q$insert into adly.workspace_subscriptions (id, workspace_id, stripe_subscription_id, status,
  stripe_event_created_at) values ('f1000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'),
  'sub_new', 'active', now())$q$, '42501', 'permission denied for table workspace_subscriptions',
  'viewer has no insert privilege on workspace_subscriptions');
select throws_ok($q$update adly.workspace_subscriptions set status = 'canceled'
  where id = tests.seed_id('adly.workspace_subscription:one')$q$, '42501',
  'permission denied for table workspace_subscriptions', 'viewer has no update privilege on workspace_subscriptions');
select throws_ok($q$delete from adly.workspace_subscriptions
  where id = tests.seed_id('adly.workspace_subscription:one')$q$, '42501',
  'permission denied for table workspace_subscriptions', 'viewer has no delete privilege on workspace_subscriptions');
select throws_ok($q$insert into adly.invoices (id, workspace_id, stripe_invoice_id, amount, status,
  stripe_event_created_at) values ('f2000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'),
  'in_new', 1, 'paid', now())$q$, '42501', 'permission denied for table invoices',
  'viewer has no insert privilege on invoices');
select throws_ok($q$update adly.invoices set status = 'void' where id = tests.seed_id('adly.invoice:one')$q$, '42501',
  'permission denied for table invoices', 'viewer has no update privilege on invoices');
select throws_ok($q$delete from adly.invoices where id = tests.seed_id('adly.invoice:one')$q$, '42501',
  'permission denied for table invoices', 'viewer has no delete privilege on invoices');
select tests.clear_authentication();

-- outsider
select tests.authenticate_as('other@adly.test');
select throws_ok($q$insert into adly.workspaces (id, name, slug)
  values ('e1000000-0000-4000-8000-000000000009', 'New', 'new-workspace')$q$, '42501',
  'permission denied for table workspaces', 'outsider has no insert privilege on workspaces');
select is(tests.adly72_apply($q$update adly.workspaces set name = 'Changed'
  where id = tests.seed_id('adly.workspace:one')$q$, $q$select count(*) from adly.workspaces
  where id = tests.seed_id('adly.workspace:one') and name = 'Changed'$q$), 'changed 0, before 0, after 0',
  'outsider cannot update workspaces of workspace one');
select is(tests.adly72_apply($q$delete from adly.workspaces where id = tests.seed_id('adly.workspace:one')$q$,
  $q$select count(*) from adly.workspaces where id = tests.seed_id('adly.workspace:one')$q$),
  'changed 0, before 1, after 1', 'outsider cannot delete workspaces of workspace one');
select throws_ok($q$insert into adly.workspace_members (workspace_id, user_id, role)
  values (tests.seed_id('adly.workspace:one'), tests.seed_id('user:adly-other'), 'viewer')$q$, '42501',
  'permission denied for table workspace_members', 'outsider has no insert privilege on workspace_members');
select is(tests.adly72_apply($q$update adly.workspace_members set role = 'member'
  where id = tests.seed_id('adly.workspace_member:one-viewer')$q$, $q$select count(*) from adly.workspace_members
  where id = tests.seed_id('adly.workspace_member:one-viewer') and role = 'member'$q$), 'changed 0, before 0, after 0',
  'outsider cannot update workspace_members of workspace one');
select is(tests.adly72_apply($q$delete from adly.workspace_members
  where id = tests.seed_id('adly.workspace_member:one-member')$q$, $q$select count(*) from adly.workspace_members
  where id = tests.seed_id('adly.workspace_member:one-member')$q$), 'changed 0, before 1, after 1',
  'outsider cannot delete workspace_members of workspace one');
select throws_ok($q$insert into adly.audit_logs (workspace_id, action, resource_type)
  values (tests.seed_id('adly.workspace:one'), 'forged', 'test')$q$, '42501', 'permission denied for table audit_logs',
  'outsider has no insert privilege on audit_logs');
select throws_ok($q$update adly.audit_logs set action = 'changed'
  where workspace_id = tests.seed_id('adly.workspace:one')$q$, '42501', 'permission denied for table audit_logs',
  'outsider has no update privilege on audit_logs');
select throws_ok($q$delete from adly.audit_logs where workspace_id = tests.seed_id('adly.workspace:one')$q$, '42501',
  'permission denied for table audit_logs', 'outsider has no delete privilege on audit_logs');
select throws_ok($q$insert into adly.users (id, email)
  values ('e0000000-0000-4000-8000-000000000099', 'plain@adly.test')$q$, '42501', 'permission denied for table users',
  'outsider has no insert privilege on users');
select is(tests.adly72_apply($q$update adly.users set first_name = 'Changed'
  where id = tests.seed_id('user:adly-member')$q$, $q$select count(*) from adly.users
  where id = tests.seed_id('user:adly-member') and first_name = 'Changed'$q$), 'changed 0, before 0, after 0',
  'outsider cannot update users of workspace one');
select throws_ok($q$delete from adly.users where id = tests.seed_id('user:adly-member')$q$, '42501',
  'permission denied for table users', 'outsider has no delete privilege on users');
select throws_ok($q$insert into adly.store_connections (id, workspace_id, platform, store_name)
  values ('e2000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'zid', 'New')$q$, '42501',
  'permission denied for table store_connections', 'outsider has no insert privilege on store_connections');
select is(tests.adly72_apply($q$update adly.store_connections set store_name = 'Changed'
  where id = tests.seed_id('adly.store_connection:one')$q$, $q$select count(*) from adly.store_connections
  where id = tests.seed_id('adly.store_connection:one') and store_name = 'Changed'$q$), 'changed 0, before 0, after 0',
  'outsider cannot update store_connections of workspace one');
select is(tests.adly72_apply($q$delete from adly.store_connections
  where id = tests.seed_id('adly.store_connection:one')$q$, $q$select count(*) from adly.store_connections
  where id = tests.seed_id('adly.store_connection:one')$q$), 'changed 0, before 1, after 1',
  'outsider cannot delete store_connections of workspace one');
select throws_ok($q$insert into adly.ad_accounts (id, workspace_id, platform, account_id)
  values ('e6000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'snapchat', 'snap_9')$q$,
  '42501', 'permission denied for table ad_accounts', 'outsider has no insert privilege on ad_accounts');
select is(tests.adly72_apply($q$update adly.ad_accounts set account_name = 'Changed'
  where id = tests.seed_id('adly.ad_account:one')$q$, $q$select count(*) from adly.ad_accounts
  where id = tests.seed_id('adly.ad_account:one') and account_name = 'Changed'$q$), 'changed 0, before 0, after 0',
  'outsider cannot update ad_accounts of workspace one');
select is(tests.adly72_apply($q$delete from adly.ad_accounts where id = tests.seed_id('adly.ad_account:one')$q$,
  $q$select count(*) from adly.ad_accounts where id = tests.seed_id('adly.ad_account:one')$q$),
  'changed 0, before 1, after 1', 'outsider cannot delete ad_accounts of workspace one');
select throws_ok($q$insert into adly.products (id, store_connection_id, external_id, title)
  values ('e3000000-0000-4000-8000-000000000009', tests.seed_id('adly.store_connection:one'), 'p9', 'New')$q$, '42501',
  'new row violates row-level security policy for table "products"',
  'outsider cannot insert into products of workspace one');
select is(tests.adly72_apply($q$update adly.products set title = 'Changed'
  where id = tests.seed_id('adly.product:one')$q$, $q$select count(*) from adly.products
  where id = tests.seed_id('adly.product:one') and title = 'Changed'$q$), 'changed 0, before 0, after 0',
  'outsider cannot update products of workspace one');
select is(tests.adly72_apply($q$delete from adly.products where id = tests.seed_id('adly.product:one')$q$,
  $q$select count(*) from adly.products where id = tests.seed_id('adly.product:one')$q$),
  'changed 0, before 1, after 1', 'outsider cannot delete products of workspace one');
select throws_ok($q$insert into adly.orders (id, store_connection_id, external_id, total_amount, status, order_date)
  values ('e4000000-0000-4000-8000-000000000009', tests.seed_id('adly.store_connection:one'), 'o9', 1, 'paid',
  now())$q$, '42501', 'new row violates row-level security policy for table "orders"',
  'outsider cannot insert into orders of workspace one');
select is(tests.adly72_apply($q$update adly.orders set status = 'refunded'
  where id = tests.seed_id('adly.order:one')$q$, $q$select count(*) from adly.orders
  where id = tests.seed_id('adly.order:one') and status = 'refunded'$q$), 'changed 0, before 0, after 0',
  'outsider cannot update orders of workspace one');
select is(tests.adly72_apply($q$delete from adly.orders where id = tests.seed_id('adly.order:one')$q$,
  $q$select count(*) from adly.orders where id = tests.seed_id('adly.order:one')$q$), 'changed 0, before 1, after 1',
  'outsider cannot delete orders of workspace one');
select throws_ok($q$insert into adly.order_items (id, order_id, quantity, price)
  values ('e5000000-0000-4000-8000-000000000009', tests.seed_id('adly.order:one'), 1, 1)$q$, '42501',
  'new row violates row-level security policy for table "order_items"',
  'outsider cannot insert into order_items of workspace one');
select is(tests.adly72_apply($q$update adly.order_items set quantity = 5
  where id = tests.seed_id('adly.order_item:one')$q$, $q$select count(*) from adly.order_items
  where id = tests.seed_id('adly.order_item:one') and quantity = 5$q$), 'changed 0, before 0, after 0',
  'outsider cannot update order_items of workspace one');
select is(tests.adly72_apply($q$delete from adly.order_items where id = tests.seed_id('adly.order_item:one')$q$,
  $q$select count(*) from adly.order_items where id = tests.seed_id('adly.order_item:one')$q$),
  'changed 0, before 1, after 1', 'outsider cannot delete order_items of workspace one');
select throws_ok($q$insert into adly.campaigns (id, workspace_id, name, objective)
  values ('e7000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'New', 'sales')$q$, '42501',
  'new row violates row-level security policy for table "campaigns"',
  'outsider cannot insert into campaigns of workspace one');
select is(tests.adly72_apply($q$update adly.campaigns set name = 'Changed'
  where id = tests.seed_id('adly.campaign:one')$q$, $q$select count(*) from adly.campaigns
  where id = tests.seed_id('adly.campaign:one') and name = 'Changed'$q$), 'changed 0, before 0, after 0',
  'outsider cannot update campaigns of workspace one');
select is(tests.adly72_apply($q$delete from adly.campaigns where id = tests.seed_id('adly.campaign:one')$q$,
  $q$select count(*) from adly.campaigns where id = tests.seed_id('adly.campaign:one')$q$),
  'changed 0, before 1, after 1', 'outsider cannot delete campaigns of workspace one');
select throws_ok($q$insert into adly.ad_sets (id, campaign_id, name)
  values ('e8000000-0000-4000-8000-000000000009', tests.seed_id('adly.campaign:one'), 'New')$q$, '42501',
  'new row violates row-level security policy for table "ad_sets"',
  'outsider cannot insert into ad_sets of workspace one');
select is(tests.adly72_apply($q$update adly.ad_sets set name = 'Changed' where id = tests.seed_id('adly.ad_set:one')$q$,
  $q$select count(*) from adly.ad_sets where id = tests.seed_id('adly.ad_set:one') and name = 'Changed'$q$),
  'changed 0, before 0, after 0', 'outsider cannot update ad_sets of workspace one');
select is(tests.adly72_apply($q$delete from adly.ad_sets where id = tests.seed_id('adly.ad_set:one')$q$,
  $q$select count(*) from adly.ad_sets where id = tests.seed_id('adly.ad_set:one')$q$), 'changed 0, before 1, after 1',
  'outsider cannot delete ad_sets of workspace one');
select throws_ok($q$insert into adly.ads (id, ad_set_id, name)
  values ('e9000000-0000-4000-8000-000000000009', tests.seed_id('adly.ad_set:one'), 'New')$q$, '42501',
  'new row violates row-level security policy for table "ads"', 'outsider cannot insert into ads of workspace one');
select is(tests.adly72_apply($q$update adly.ads set name = 'Changed' where id = tests.seed_id('adly.ad:one')$q$,
  $q$select count(*) from adly.ads where id = tests.seed_id('adly.ad:one') and name = 'Changed'$q$),
  'changed 0, before 0, after 0', 'outsider cannot update ads of workspace one');
select is(tests.adly72_apply($q$delete from adly.ads where id = tests.seed_id('adly.ad:one')$q$, $q$select count(*)
  from adly.ads where id = tests.seed_id('adly.ad:one')$q$), 'changed 0, before 1, after 1',
  'outsider cannot delete ads of workspace one');
select throws_ok($q$insert into adly.content_assets (id, workspace_id, type, name)
  values ('ea000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'text', 'New')$q$, '42501',
  'new row violates row-level security policy for table "content_assets"',
  'outsider cannot insert into content_assets of workspace one');
select is(tests.adly72_apply($q$update adly.content_assets set name = 'Changed'
  where id = tests.seed_id('adly.content_asset:one')$q$, $q$select count(*) from adly.content_assets
  where id = tests.seed_id('adly.content_asset:one') and name = 'Changed'$q$), 'changed 0, before 0, after 0',
  'outsider cannot update content_assets of workspace one');
select is(tests.adly72_apply($q$delete from adly.content_assets where id = tests.seed_id('adly.content_asset:one')$q$,
  $q$select count(*) from adly.content_assets where id = tests.seed_id('adly.content_asset:one')$q$),
  'changed 0, before 1, after 1', 'outsider cannot delete content_assets of workspace one');
select throws_ok($q$insert into adly.content_templates (id, workspace_id, name, type, template_data)
  values ('eb000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'New', 'text', '{}')$q$, '42501',
  'new row violates row-level security policy for table "content_templates"',
  'outsider cannot insert into content_templates of workspace one');
select is(tests.adly72_apply($q$update adly.content_templates set name = 'Changed'
  where id = tests.seed_id('adly.content_template:one')$q$, $q$select count(*) from adly.content_templates
  where id = tests.seed_id('adly.content_template:one') and name = 'Changed'$q$), 'changed 0, before 0, after 0',
  'outsider cannot update content_templates of workspace one');
select is(tests.adly72_apply($q$delete from adly.content_templates
  where id = tests.seed_id('adly.content_template:one')$q$, $q$select count(*) from adly.content_templates
  where id = tests.seed_id('adly.content_template:one')$q$), 'changed 0, before 1, after 1',
  'outsider cannot delete content_templates of workspace one');
select throws_ok($q$insert into adly.generation_jobs (id, workspace_id, user_id, type, provider, prompt)
  values ('ec000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), tests.seed_id('user:adly-other'),
  'text', 'test-ai', 'New')$q$, '42501', 'new row violates row-level security policy for table "generation_jobs"',
  'outsider cannot insert into generation_jobs of workspace one');
select throws_ok($q$update adly.generation_jobs set error_message = 'Changed'
  where id = tests.seed_id('adly.generation_job:one')$q$, '42501', 'permission denied for table generation_jobs',
  'outsider has no update privilege on generation_jobs');
select is(tests.adly72_apply($q$delete from adly.generation_jobs where id = tests.seed_id('adly.generation_job:one')$q$,
  $q$select count(*) from adly.generation_jobs where id = tests.seed_id('adly.generation_job:one')$q$),
  'changed 0, before 1, after 1', 'outsider cannot delete generation_jobs of workspace one');
select throws_ok($q$insert into adly.campaign_metrics (id, campaign_id, date, impressions)
  values ('ed000000-0000-4000-8000-000000000009', tests.seed_id('adly.campaign:one'), date '2026-02-01', 5)$q$, '42501',
  'permission denied for table campaign_metrics', 'outsider has no insert privilege on campaign_metrics');
select throws_ok($q$update adly.campaign_metrics set clicks = 7 where id = tests.seed_id('adly.campaign_metric:one')$q$,
  '42501', 'permission denied for table campaign_metrics', 'outsider has no update privilege on campaign_metrics');
select throws_ok($q$delete from adly.campaign_metrics where id = tests.seed_id('adly.campaign_metric:one')$q$, '42501',
  'permission denied for table campaign_metrics', 'outsider has no delete privilege on campaign_metrics');
select throws_ok($q$insert into adly.attribution_events (id, workspace_id, event_type, event_time)
  values ('ee000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'view', now())$q$, '42501',
  'permission denied for table attribution_events', 'outsider has no insert privilege on attribution_events');
select throws_ok($q$update adly.attribution_events set utm_source = 'changed'
  where id = tests.seed_id('adly.attribution_event:one')$q$, '42501', 'permission denied for table attribution_events',
  'outsider has no update privilege on attribution_events');
select throws_ok($q$delete from adly.attribution_events where id = tests.seed_id('adly.attribution_event:one')$q$,
  '42501', 'permission denied for table attribution_events', 'outsider has no delete privilege on attribution_events');
select throws_ok($q$insert into adly.subscription_plans (id, name, stripe_price_id, price, interval, features)
  values ('ef000000-0000-4000-8000-000000000009', 'New', 'price_new', 1, 'month', '{}')$q$, '42501',
  'permission denied for table subscription_plans', 'outsider has no insert privilege on subscription_plans');
select throws_ok($q$update adly.subscription_plans set name = 'Changed'
  where id = 'ef000000-0000-4000-8000-000000000003'$q$, '42501', 'permission denied for table subscription_plans',
  'outsider has no update privilege on subscription_plans');
select throws_ok($q$delete from adly.subscription_plans where id = 'ef000000-0000-4000-8000-000000000003'$q$, '42501',
  'permission denied for table subscription_plans', 'outsider has no delete privilege on subscription_plans');
select throws_ok($q$insert into adly.workspace_subscriptions (id, workspace_id, stripe_subscription_id, status,
  stripe_event_created_at) values ('f1000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'),
  'sub_new', 'active', now())$q$, '42501', 'permission denied for table workspace_subscriptions',
  'outsider has no insert privilege on workspace_subscriptions');
select throws_ok($q$update adly.workspace_subscriptions set status = 'canceled'
  where id = tests.seed_id('adly.workspace_subscription:one')$q$, '42501',
  'permission denied for table workspace_subscriptions', 'outsider has no update privilege on workspace_subscriptions');
select throws_ok($q$delete from adly.workspace_subscriptions
  where id = tests.seed_id('adly.workspace_subscription:one')$q$, '42501',
  'permission denied for table workspace_subscriptions', 'outsider has no delete privilege on workspace_subscriptions');
select throws_ok($q$insert into adly.invoices (id, workspace_id, stripe_invoice_id, amount, status,
  stripe_event_created_at) values ('f2000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'),
  'in_new', 1, 'paid', now())$q$, '42501', 'permission denied for table invoices',
  'outsider has no insert privilege on invoices');
select throws_ok($q$update adly.invoices set status = 'void' where id = tests.seed_id('adly.invoice:one')$q$, '42501',
  'permission denied for table invoices', 'outsider has no update privilege on invoices');
select throws_ok($q$delete from adly.invoices where id = tests.seed_id('adly.invoice:one')$q$, '42501',
  'permission denied for table invoices', 'outsider has no delete privilege on invoices');
select tests.clear_authentication();

-- anon
select tests.authenticate_as_anon();
select throws_ok($q$insert into adly.workspaces (id, name, slug)
  values ('e1000000-0000-4000-8000-000000000009', 'New', 'new-workspace')$q$, '42501',
  'permission denied for table workspaces', 'anon has no insert privilege on workspaces');
select throws_ok($q$update adly.workspaces set name = 'Changed' where id = tests.seed_id('adly.workspace:one')$q$,
  '42501', 'permission denied for table workspaces', 'anon has no update privilege on workspaces');
select throws_ok($q$delete from adly.workspaces where id = tests.seed_id('adly.workspace:one')$q$, '42501',
  'permission denied for table workspaces', 'anon has no delete privilege on workspaces');
select throws_ok($q$insert into adly.workspace_members (workspace_id, user_id, role)
  values (tests.seed_id('adly.workspace:one'), tests.seed_id('user:adly-other'), 'viewer')$q$, '42501',
  'permission denied for table workspace_members', 'anon has no insert privilege on workspace_members');
select throws_ok($q$update adly.workspace_members set role = 'member'
  where id = tests.seed_id('adly.workspace_member:one-viewer')$q$, '42501',
  'permission denied for table workspace_members', 'anon has no update privilege on workspace_members');
select throws_ok($q$delete from adly.workspace_members where id = tests.seed_id('adly.workspace_member:one-member')$q$,
  '42501', 'permission denied for table workspace_members', 'anon has no delete privilege on workspace_members');
select throws_ok($q$insert into adly.audit_logs (workspace_id, action, resource_type)
  values (tests.seed_id('adly.workspace:one'), 'forged', 'test')$q$, '42501', 'permission denied for table audit_logs',
  'anon has no insert privilege on audit_logs');
select throws_ok($q$update adly.audit_logs set action = 'changed'
  where workspace_id = tests.seed_id('adly.workspace:one')$q$, '42501', 'permission denied for table audit_logs',
  'anon has no update privilege on audit_logs');
select throws_ok($q$delete from adly.audit_logs where workspace_id = tests.seed_id('adly.workspace:one')$q$, '42501',
  'permission denied for table audit_logs', 'anon has no delete privilege on audit_logs');
select throws_ok($q$insert into adly.users (id, email)
  values ('e0000000-0000-4000-8000-000000000099', 'plain@adly.test')$q$, '42501', 'permission denied for table users',
  'anon has no insert privilege on users');
select throws_ok($q$update adly.users set first_name = 'Changed' where id = tests.seed_id('user:adly-member')$q$,
  '42501', 'permission denied for table users', 'anon has no update privilege on users');
select throws_ok($q$delete from adly.users where id = tests.seed_id('user:adly-member')$q$, '42501',
  'permission denied for table users', 'anon has no delete privilege on users');
select throws_ok($q$insert into adly.store_connections (id, workspace_id, platform, store_name)
  values ('e2000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'zid', 'New')$q$, '42501',
  'permission denied for table store_connections', 'anon has no insert privilege on store_connections');
select throws_ok($q$update adly.store_connections set store_name = 'Changed'
  where id = tests.seed_id('adly.store_connection:one')$q$, '42501', 'permission denied for table store_connections',
  'anon has no update privilege on store_connections');
select throws_ok($q$delete from adly.store_connections where id = tests.seed_id('adly.store_connection:one')$q$,
  '42501', 'permission denied for table store_connections', 'anon has no delete privilege on store_connections');
select throws_ok($q$insert into adly.ad_accounts (id, workspace_id, platform, account_id)
  values ('e6000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'snapchat', 'snap_9')$q$,
  '42501', 'permission denied for table ad_accounts', 'anon has no insert privilege on ad_accounts');
select throws_ok($q$update adly.ad_accounts set account_name = 'Changed'
  where id = tests.seed_id('adly.ad_account:one')$q$, '42501', 'permission denied for table ad_accounts',
  'anon has no update privilege on ad_accounts');
select throws_ok($q$delete from adly.ad_accounts where id = tests.seed_id('adly.ad_account:one')$q$, '42501',
  'permission denied for table ad_accounts', 'anon has no delete privilege on ad_accounts');
select throws_ok($q$insert into adly.products (id, store_connection_id, external_id, title)
  values ('e3000000-0000-4000-8000-000000000009', tests.seed_id('adly.store_connection:one'), 'p9', 'New')$q$, '42501',
  'permission denied for table products', 'anon has no insert privilege on products');
select throws_ok($q$update adly.products set title = 'Changed' where id = tests.seed_id('adly.product:one')$q$, '42501',
  'permission denied for table products', 'anon has no update privilege on products');
select throws_ok($q$delete from adly.products where id = tests.seed_id('adly.product:one')$q$, '42501',
  'permission denied for table products', 'anon has no delete privilege on products');
select throws_ok($q$insert into adly.orders (id, store_connection_id, external_id, total_amount, status, order_date)
  values ('e4000000-0000-4000-8000-000000000009', tests.seed_id('adly.store_connection:one'), 'o9', 1, 'paid',
  now())$q$, '42501', 'permission denied for table orders', 'anon has no insert privilege on orders');
select throws_ok($q$update adly.orders set status = 'refunded' where id = tests.seed_id('adly.order:one')$q$, '42501',
  'permission denied for table orders', 'anon has no update privilege on orders');
select throws_ok($q$delete from adly.orders where id = tests.seed_id('adly.order:one')$q$, '42501',
  'permission denied for table orders', 'anon has no delete privilege on orders');
select throws_ok($q$insert into adly.order_items (id, order_id, quantity, price)
  values ('e5000000-0000-4000-8000-000000000009', tests.seed_id('adly.order:one'), 1, 1)$q$, '42501',
  'permission denied for table order_items', 'anon has no insert privilege on order_items');
select throws_ok($q$update adly.order_items set quantity = 5 where id = tests.seed_id('adly.order_item:one')$q$,
  '42501', 'permission denied for table order_items', 'anon has no update privilege on order_items');
select throws_ok($q$delete from adly.order_items where id = tests.seed_id('adly.order_item:one')$q$, '42501',
  'permission denied for table order_items', 'anon has no delete privilege on order_items');
select throws_ok($q$insert into adly.campaigns (id, workspace_id, name, objective)
  values ('e7000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'New', 'sales')$q$, '42501',
  'permission denied for table campaigns', 'anon has no insert privilege on campaigns');
select throws_ok($q$update adly.campaigns set name = 'Changed' where id = tests.seed_id('adly.campaign:one')$q$,
  '42501', 'permission denied for table campaigns', 'anon has no update privilege on campaigns');
select throws_ok($q$delete from adly.campaigns where id = tests.seed_id('adly.campaign:one')$q$, '42501',
  'permission denied for table campaigns', 'anon has no delete privilege on campaigns');
select throws_ok($q$insert into adly.ad_sets (id, campaign_id, name)
  values ('e8000000-0000-4000-8000-000000000009', tests.seed_id('adly.campaign:one'), 'New')$q$, '42501',
  'permission denied for table ad_sets', 'anon has no insert privilege on ad_sets');
select throws_ok($q$update adly.ad_sets set name = 'Changed' where id = tests.seed_id('adly.ad_set:one')$q$, '42501',
  'permission denied for table ad_sets', 'anon has no update privilege on ad_sets');
select throws_ok($q$delete from adly.ad_sets where id = tests.seed_id('adly.ad_set:one')$q$, '42501',
  'permission denied for table ad_sets', 'anon has no delete privilege on ad_sets');
select throws_ok($q$insert into adly.ads (id, ad_set_id, name)
  values ('e9000000-0000-4000-8000-000000000009', tests.seed_id('adly.ad_set:one'), 'New')$q$, '42501',
  'permission denied for table ads', 'anon has no insert privilege on ads');
select throws_ok($q$update adly.ads set name = 'Changed' where id = tests.seed_id('adly.ad:one')$q$, '42501',
  'permission denied for table ads', 'anon has no update privilege on ads');
select throws_ok($q$delete from adly.ads where id = tests.seed_id('adly.ad:one')$q$, '42501',
  'permission denied for table ads', 'anon has no delete privilege on ads');
select throws_ok($q$insert into adly.content_assets (id, workspace_id, type, name)
  values ('ea000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'text', 'New')$q$, '42501',
  'permission denied for table content_assets', 'anon has no insert privilege on content_assets');
select throws_ok($q$update adly.content_assets set name = 'Changed'
  where id = tests.seed_id('adly.content_asset:one')$q$, '42501', 'permission denied for table content_assets',
  'anon has no update privilege on content_assets');
select throws_ok($q$delete from adly.content_assets where id = tests.seed_id('adly.content_asset:one')$q$, '42501',
  'permission denied for table content_assets', 'anon has no delete privilege on content_assets');
select throws_ok($q$insert into adly.content_templates (id, workspace_id, name, type, template_data)
  values ('eb000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'New', 'text', '{}')$q$, '42501',
  'permission denied for table content_templates', 'anon has no insert privilege on content_templates');
select throws_ok($q$update adly.content_templates set name = 'Changed'
  where id = tests.seed_id('adly.content_template:one')$q$, '42501', 'permission denied for table content_templates',
  'anon has no update privilege on content_templates');
select throws_ok($q$delete from adly.content_templates where id = tests.seed_id('adly.content_template:one')$q$,
  '42501', 'permission denied for table content_templates', 'anon has no delete privilege on content_templates');
select throws_ok($q$insert into adly.generation_jobs (id, workspace_id, user_id, type, provider, prompt)
  values ('ec000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), tests.seed_id('user:adly-owner'),
  'text', 'test-ai', 'New')$q$, '42501', 'permission denied for table generation_jobs',
  'anon has no insert privilege on generation_jobs');
select throws_ok($q$update adly.generation_jobs set error_message = 'Changed'
  where id = tests.seed_id('adly.generation_job:one')$q$, '42501', 'permission denied for table generation_jobs',
  'anon has no update privilege on generation_jobs');
select throws_ok($q$delete from adly.generation_jobs where id = tests.seed_id('adly.generation_job:one')$q$, '42501',
  'permission denied for table generation_jobs', 'anon has no delete privilege on generation_jobs');
select throws_ok($q$insert into adly.campaign_metrics (id, campaign_id, date, impressions)
  values ('ed000000-0000-4000-8000-000000000009', tests.seed_id('adly.campaign:one'), date '2026-02-01', 5)$q$, '42501',
  'permission denied for table campaign_metrics', 'anon has no insert privilege on campaign_metrics');
select throws_ok($q$update adly.campaign_metrics set clicks = 7 where id = tests.seed_id('adly.campaign_metric:one')$q$,
  '42501', 'permission denied for table campaign_metrics', 'anon has no update privilege on campaign_metrics');
select throws_ok($q$delete from adly.campaign_metrics where id = tests.seed_id('adly.campaign_metric:one')$q$, '42501',
  'permission denied for table campaign_metrics', 'anon has no delete privilege on campaign_metrics');
select throws_ok($q$insert into adly.attribution_events (id, workspace_id, event_type, event_time)
  values ('ee000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'view', now())$q$, '42501',
  'permission denied for table attribution_events', 'anon has no insert privilege on attribution_events');
select throws_ok($q$update adly.attribution_events set utm_source = 'changed'
  where id = tests.seed_id('adly.attribution_event:one')$q$, '42501', 'permission denied for table attribution_events',
  'anon has no update privilege on attribution_events');
select throws_ok($q$delete from adly.attribution_events where id = tests.seed_id('adly.attribution_event:one')$q$,
  '42501', 'permission denied for table attribution_events', 'anon has no delete privilege on attribution_events');
select throws_ok($q$insert into adly.subscription_plans (id, name, stripe_price_id, price, interval, features)
  values ('ef000000-0000-4000-8000-000000000009', 'New', 'price_new', 1, 'month', '{}')$q$, '42501',
  'permission denied for table subscription_plans', 'anon has no insert privilege on subscription_plans');
select throws_ok($q$update adly.subscription_plans set name = 'Changed'
  where id = 'ef000000-0000-4000-8000-000000000003'$q$, '42501', 'permission denied for table subscription_plans',
  'anon has no update privilege on subscription_plans');
select throws_ok($q$delete from adly.subscription_plans where id = 'ef000000-0000-4000-8000-000000000003'$q$, '42501',
  'permission denied for table subscription_plans', 'anon has no delete privilege on subscription_plans');
select throws_ok($q$insert into adly.workspace_subscriptions (id, workspace_id, stripe_subscription_id, status,
  stripe_event_created_at) values ('f1000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'),
  'sub_new', 'active', now())$q$, '42501', 'permission denied for table workspace_subscriptions',
  'anon has no insert privilege on workspace_subscriptions');
select throws_ok($q$update adly.workspace_subscriptions set status = 'canceled'
  where id = tests.seed_id('adly.workspace_subscription:one')$q$, '42501',
  'permission denied for table workspace_subscriptions', 'anon has no update privilege on workspace_subscriptions');
select throws_ok($q$delete from adly.workspace_subscriptions
  where id = tests.seed_id('adly.workspace_subscription:one')$q$, '42501',
  'permission denied for table workspace_subscriptions', 'anon has no delete privilege on workspace_subscriptions');
select throws_ok($q$insert into adly.invoices (id, workspace_id, stripe_invoice_id, amount, status,
  stripe_event_created_at) values ('f2000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'),
  'in_new', 1, 'paid', now())$q$, '42501', 'permission denied for table invoices',
  'anon has no insert privilege on invoices');
select throws_ok($q$update adly.invoices set status = 'void' where id = tests.seed_id('adly.invoice:one')$q$, '42501',
  'permission denied for table invoices', 'anon has no update privilege on invoices');
select throws_ok($q$delete from adly.invoices where id = tests.seed_id('adly.invoice:one')$q$, '42501',
  'permission denied for table invoices', 'anon has no delete privilege on invoices');
select tests.clear_authentication();

-- service_role
select tests.authenticate_as_service_role();
select is(tests.adly72_apply($q$insert into adly.workspaces (id, name, slug)
  values ('e1000000-0000-4000-8000-000000000009', 'New', 'new-workspace')$q$, $q$select count(*) from adly.workspaces
  where id = 'e1000000-0000-4000-8000-000000000009'$q$), 'changed 1, before 0, after 1',
  'service_role can insert workspaces of workspace one');
select is(tests.adly72_apply($q$update adly.workspaces set name = 'Changed'
  where id = tests.seed_id('adly.workspace:one')$q$, $q$select count(*) from adly.workspaces
  where id = tests.seed_id('adly.workspace:one') and name = 'Changed'$q$), 'changed 1, before 0, after 1',
  'service_role can update workspaces of workspace one');
select is(tests.adly72_apply($q$delete from adly.workspaces where id = tests.seed_id('adly.workspace:one')$q$,
  $q$select count(*) from adly.workspaces where id = tests.seed_id('adly.workspace:one')$q$),
  'changed 1, before 1, after 0', 'service_role can delete workspaces of workspace one');
select is(tests.adly72_apply($q$insert into adly.workspace_members (workspace_id, user_id, role)
  values (tests.seed_id('adly.workspace:one'), tests.seed_id('user:adly-other'), 'viewer')$q$, $q$select count(*)
  from adly.workspace_members where workspace_id = tests.seed_id('adly.workspace:one')
  and user_id = tests.seed_id('user:adly-other')$q$), 'changed 1, before 0, after 1',
  'service_role can insert workspace_members of workspace one');
select is(tests.adly72_apply($q$update adly.workspace_members set role = 'member'
  where id = tests.seed_id('adly.workspace_member:one-viewer')$q$, $q$select count(*) from adly.workspace_members
  where id = tests.seed_id('adly.workspace_member:one-viewer') and role = 'member'$q$), 'changed 1, before 0, after 1',
  'service_role can update workspace_members of workspace one');
select is(tests.adly72_apply($q$delete from adly.workspace_members
  where id = tests.seed_id('adly.workspace_member:one-member')$q$, $q$select count(*) from adly.workspace_members
  where id = tests.seed_id('adly.workspace_member:one-member')$q$), 'changed 1, before 1, after 0',
  'service_role can delete workspace_members of workspace one');
select is(tests.adly72_apply($q$insert into adly.audit_logs (workspace_id, action, resource_type)
  values (tests.seed_id('adly.workspace:one'), 'forged', 'test')$q$, $q$select count(*) from adly.audit_logs
  where workspace_id = tests.seed_id('adly.workspace:one') and action = 'forged'$q$), 'changed 1, before 0, after 1',
  'service_role can insert audit_logs of workspace one');
select throws_ok($q$update adly.audit_logs set action = 'changed'
  where workspace_id = tests.seed_id('adly.workspace:one')$q$, '42501', 'permission denied for table audit_logs',
  'service_role has no update privilege on audit_logs');
select throws_ok($q$delete from adly.audit_logs where workspace_id = tests.seed_id('adly.workspace:one')$q$, '42501',
  'permission denied for table audit_logs', 'service_role has no delete privilege on audit_logs');
select is(tests.adly72_apply($q$insert into adly.users (id, email)
  values ('e0000000-0000-4000-8000-000000000099', 'plain@adly.test')$q$, $q$select count(*) from adly.users
  where id = 'e0000000-0000-4000-8000-000000000099'$q$), 'changed 1, before 0, after 1',
  'service_role can insert users of workspace one');
select is(tests.adly72_apply($q$update adly.users set first_name = 'Changed'
  where id = tests.seed_id('user:adly-member')$q$, $q$select count(*) from adly.users
  where id = tests.seed_id('user:adly-member') and first_name = 'Changed'$q$), 'changed 1, before 0, after 1',
  'service_role can update users of workspace one');
select is(tests.adly72_apply($q$delete from adly.users where id = tests.seed_id('user:adly-member')$q$,
  $q$select count(*) from adly.users where id = tests.seed_id('user:adly-member')$q$), 'changed 1, before 1, after 0',
  'service_role can delete users of workspace one');
select is(tests.adly72_apply($q$insert into adly.store_connections (id, workspace_id, platform, store_name)
  values ('e2000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'zid', 'New')$q$,
  $q$select count(*) from adly.store_connections where id = 'e2000000-0000-4000-8000-000000000009'$q$),
  'changed 1, before 0, after 1', 'service_role can insert store_connections of workspace one');
select is(tests.adly72_apply($q$update adly.store_connections set store_name = 'Changed'
  where id = tests.seed_id('adly.store_connection:one')$q$, $q$select count(*) from adly.store_connections
  where id = tests.seed_id('adly.store_connection:one') and store_name = 'Changed'$q$), 'changed 1, before 0, after 1',
  'service_role can update store_connections of workspace one');
select is(tests.adly72_apply($q$delete from adly.store_connections
  where id = tests.seed_id('adly.store_connection:one')$q$, $q$select count(*) from adly.store_connections
  where id = tests.seed_id('adly.store_connection:one')$q$), 'changed 1, before 1, after 0',
  'service_role can delete store_connections of workspace one');
select is(tests.adly72_apply($q$insert into adly.ad_accounts (id, workspace_id, platform, account_id)
  values ('e6000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'snapchat', 'snap_9')$q$,
  $q$select count(*) from adly.ad_accounts where id = 'e6000000-0000-4000-8000-000000000009'$q$),
  'changed 1, before 0, after 1', 'service_role can insert ad_accounts of workspace one');
select is(tests.adly72_apply($q$update adly.ad_accounts set account_name = 'Changed'
  where id = tests.seed_id('adly.ad_account:one')$q$, $q$select count(*) from adly.ad_accounts
  where id = tests.seed_id('adly.ad_account:one') and account_name = 'Changed'$q$), 'changed 1, before 0, after 1',
  'service_role can update ad_accounts of workspace one');
select is(tests.adly72_apply($q$delete from adly.ad_accounts where id = tests.seed_id('adly.ad_account:one')$q$,
  $q$select count(*) from adly.ad_accounts where id = tests.seed_id('adly.ad_account:one')$q$),
  'changed 1, before 1, after 0', 'service_role can delete ad_accounts of workspace one');
select is(tests.adly72_apply($q$insert into adly.products (id, store_connection_id, external_id, title)
  values ('e3000000-0000-4000-8000-000000000009', tests.seed_id('adly.store_connection:one'), 'p9', 'New')$q$,
  $q$select count(*) from adly.products where id = 'e3000000-0000-4000-8000-000000000009'$q$),
  'changed 1, before 0, after 1', 'service_role can insert products of workspace one');
select is(tests.adly72_apply($q$update adly.products set title = 'Changed'
  where id = tests.seed_id('adly.product:one')$q$, $q$select count(*) from adly.products
  where id = tests.seed_id('adly.product:one') and title = 'Changed'$q$), 'changed 1, before 0, after 1',
  'service_role can update products of workspace one');
select is(tests.adly72_apply($q$delete from adly.products where id = tests.seed_id('adly.product:one')$q$,
  $q$select count(*) from adly.products where id = tests.seed_id('adly.product:one')$q$),
  'changed 1, before 1, after 0', 'service_role can delete products of workspace one');
select is(tests.adly72_apply($q$insert into adly.orders (id, store_connection_id, external_id, total_amount, status,
  order_date) values ('e4000000-0000-4000-8000-000000000009', tests.seed_id('adly.store_connection:one'), 'o9', 1,
  'paid', now())$q$, $q$select count(*) from adly.orders where id = 'e4000000-0000-4000-8000-000000000009'$q$),
  'changed 1, before 0, after 1', 'service_role can insert orders of workspace one');
select is(tests.adly72_apply($q$update adly.orders set status = 'refunded'
  where id = tests.seed_id('adly.order:one')$q$, $q$select count(*) from adly.orders
  where id = tests.seed_id('adly.order:one') and status = 'refunded'$q$), 'changed 1, before 0, after 1',
  'service_role can update orders of workspace one');
select is(tests.adly72_apply($q$delete from adly.orders where id = tests.seed_id('adly.order:one')$q$,
  $q$select count(*) from adly.orders where id = tests.seed_id('adly.order:one')$q$), 'changed 1, before 1, after 0',
  'service_role can delete orders of workspace one');
select is(tests.adly72_apply($q$insert into adly.order_items (id, order_id, quantity, price)
  values ('e5000000-0000-4000-8000-000000000009', tests.seed_id('adly.order:one'), 1, 1)$q$, $q$select count(*)
  from adly.order_items where id = 'e5000000-0000-4000-8000-000000000009'$q$), 'changed 1, before 0, after 1',
  'service_role can insert order_items of workspace one');
select is(tests.adly72_apply($q$update adly.order_items set quantity = 5
  where id = tests.seed_id('adly.order_item:one')$q$, $q$select count(*) from adly.order_items
  where id = tests.seed_id('adly.order_item:one') and quantity = 5$q$), 'changed 1, before 0, after 1',
  'service_role can update order_items of workspace one');
select is(tests.adly72_apply($q$delete from adly.order_items where id = tests.seed_id('adly.order_item:one')$q$,
  $q$select count(*) from adly.order_items where id = tests.seed_id('adly.order_item:one')$q$),
  'changed 1, before 1, after 0', 'service_role can delete order_items of workspace one');
select is(tests.adly72_apply($q$insert into adly.campaigns (id, workspace_id, name, objective)
  values ('e7000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'New', 'sales')$q$,
  $q$select count(*) from adly.campaigns where id = 'e7000000-0000-4000-8000-000000000009'$q$),
  'changed 1, before 0, after 1', 'service_role can insert campaigns of workspace one');
select is(tests.adly72_apply($q$update adly.campaigns set name = 'Changed'
  where id = tests.seed_id('adly.campaign:one')$q$, $q$select count(*) from adly.campaigns
  where id = tests.seed_id('adly.campaign:one') and name = 'Changed'$q$), 'changed 1, before 0, after 1',
  'service_role can update campaigns of workspace one');
select is(tests.adly72_apply($q$delete from adly.campaigns where id = tests.seed_id('adly.campaign:one')$q$,
  $q$select count(*) from adly.campaigns where id = tests.seed_id('adly.campaign:one')$q$),
  'changed 1, before 1, after 0', 'service_role can delete campaigns of workspace one');
select is(tests.adly72_apply($q$insert into adly.ad_sets (id, campaign_id, name)
  values ('e8000000-0000-4000-8000-000000000009', tests.seed_id('adly.campaign:one'), 'New')$q$, $q$select count(*)
  from adly.ad_sets where id = 'e8000000-0000-4000-8000-000000000009'$q$), 'changed 1, before 0, after 1',
  'service_role can insert ad_sets of workspace one');
select is(tests.adly72_apply($q$update adly.ad_sets set name = 'Changed' where id = tests.seed_id('adly.ad_set:one')$q$,
  $q$select count(*) from adly.ad_sets where id = tests.seed_id('adly.ad_set:one') and name = 'Changed'$q$),
  'changed 1, before 0, after 1', 'service_role can update ad_sets of workspace one');
select is(tests.adly72_apply($q$delete from adly.ad_sets where id = tests.seed_id('adly.ad_set:one')$q$,
  $q$select count(*) from adly.ad_sets where id = tests.seed_id('adly.ad_set:one')$q$), 'changed 1, before 1, after 0',
  'service_role can delete ad_sets of workspace one');
select is(tests.adly72_apply($q$insert into adly.ads (id, ad_set_id, name)
  values ('e9000000-0000-4000-8000-000000000009', tests.seed_id('adly.ad_set:one'), 'New')$q$, $q$select count(*)
  from adly.ads where id = 'e9000000-0000-4000-8000-000000000009'$q$), 'changed 1, before 0, after 1',
  'service_role can insert ads of workspace one');
select is(tests.adly72_apply($q$update adly.ads set name = 'Changed' where id = tests.seed_id('adly.ad:one')$q$,
  $q$select count(*) from adly.ads where id = tests.seed_id('adly.ad:one') and name = 'Changed'$q$),
  'changed 1, before 0, after 1', 'service_role can update ads of workspace one');
select is(tests.adly72_apply($q$delete from adly.ads where id = tests.seed_id('adly.ad:one')$q$, $q$select count(*)
  from adly.ads where id = tests.seed_id('adly.ad:one')$q$), 'changed 1, before 1, after 0',
  'service_role can delete ads of workspace one');
select is(tests.adly72_apply($q$insert into adly.content_assets (id, workspace_id, type, name)
  values ('ea000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'text', 'New')$q$,
  $q$select count(*) from adly.content_assets where id = 'ea000000-0000-4000-8000-000000000009'$q$),
  'changed 1, before 0, after 1', 'service_role can insert content_assets of workspace one');
select is(tests.adly72_apply($q$update adly.content_assets set name = 'Changed'
  where id = tests.seed_id('adly.content_asset:one')$q$, $q$select count(*) from adly.content_assets
  where id = tests.seed_id('adly.content_asset:one') and name = 'Changed'$q$), 'changed 1, before 0, after 1',
  'service_role can update content_assets of workspace one');
select is(tests.adly72_apply($q$delete from adly.content_assets where id = tests.seed_id('adly.content_asset:one')$q$,
  $q$select count(*) from adly.content_assets where id = tests.seed_id('adly.content_asset:one')$q$),
  'changed 1, before 1, after 0', 'service_role can delete content_assets of workspace one');
select is(tests.adly72_apply($q$insert into adly.content_templates (id, workspace_id, name, type, template_data)
  values ('eb000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'New', 'text', '{}')$q$,
  $q$select count(*) from adly.content_templates where id = 'eb000000-0000-4000-8000-000000000009'$q$),
  'changed 1, before 0, after 1', 'service_role can insert content_templates of workspace one');
select is(tests.adly72_apply($q$update adly.content_templates set name = 'Changed'
  where id = tests.seed_id('adly.content_template:one')$q$, $q$select count(*) from adly.content_templates
  where id = tests.seed_id('adly.content_template:one') and name = 'Changed'$q$), 'changed 1, before 0, after 1',
  'service_role can update content_templates of workspace one');
select is(tests.adly72_apply($q$delete from adly.content_templates
  where id = tests.seed_id('adly.content_template:one')$q$, $q$select count(*) from adly.content_templates
  where id = tests.seed_id('adly.content_template:one')$q$), 'changed 1, before 1, after 0',
  'service_role can delete content_templates of workspace one');
select is(tests.adly72_apply($q$insert into adly.generation_jobs (id, workspace_id, user_id, type, provider, prompt)
  values ('ec000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), tests.seed_id('user:adly-owner'),
  'text', 'test-ai', 'New')$q$, $q$select count(*) from adly.generation_jobs
  where id = 'ec000000-0000-4000-8000-000000000009'$q$), 'changed 1, before 0, after 1',
  'service_role can insert generation_jobs of workspace one');
select is(tests.adly72_apply($q$update adly.generation_jobs set error_message = 'Changed'
  where id = tests.seed_id('adly.generation_job:one')$q$, $q$select count(*) from adly.generation_jobs
  where id = tests.seed_id('adly.generation_job:one') and error_message = 'Changed'$q$), 'changed 1, before 0, after 1',
  'service_role can update generation_jobs of workspace one');
select is(tests.adly72_apply($q$delete from adly.generation_jobs where id = tests.seed_id('adly.generation_job:one')$q$,
  $q$select count(*) from adly.generation_jobs where id = tests.seed_id('adly.generation_job:one')$q$),
  'changed 1, before 1, after 0', 'service_role can delete generation_jobs of workspace one');
select is(tests.adly72_apply($q$insert into adly.campaign_metrics (id, campaign_id, date, impressions)
  values ('ed000000-0000-4000-8000-000000000009', tests.seed_id('adly.campaign:one'), date '2026-02-01', 5)$q$,
  $q$select count(*) from adly.campaign_metrics where id = 'ed000000-0000-4000-8000-000000000009'$q$),
  'changed 1, before 0, after 1', 'service_role can insert campaign_metrics of workspace one');
select is(tests.adly72_apply($q$update adly.campaign_metrics set clicks = 7
  where id = tests.seed_id('adly.campaign_metric:one')$q$, $q$select count(*) from adly.campaign_metrics
  where id = tests.seed_id('adly.campaign_metric:one') and clicks = 7$q$), 'changed 1, before 0, after 1',
  'service_role can update campaign_metrics of workspace one');
select is(tests.adly72_apply($q$delete from adly.campaign_metrics
  where id = tests.seed_id('adly.campaign_metric:one')$q$, $q$select count(*) from adly.campaign_metrics
  where id = tests.seed_id('adly.campaign_metric:one')$q$), 'changed 1, before 1, after 0',
  'service_role can delete campaign_metrics of workspace one');
select is(tests.adly72_apply($q$insert into adly.attribution_events (id, workspace_id, event_type, event_time)
  values ('ee000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'), 'view', now())$q$,
  $q$select count(*) from adly.attribution_events where id = 'ee000000-0000-4000-8000-000000000009'$q$),
  'changed 1, before 0, after 1', 'service_role can insert attribution_events of workspace one');
select throws_ok($q$update adly.attribution_events set utm_source = 'changed'
  where id = tests.seed_id('adly.attribution_event:one')$q$, '42501', 'permission denied for table attribution_events',
  'service_role has no update privilege on attribution_events');
select throws_ok($q$delete from adly.attribution_events where id = tests.seed_id('adly.attribution_event:one')$q$,
  '42501', 'permission denied for table attribution_events',
  'service_role has no delete privilege on attribution_events');
select is(tests.adly72_apply($q$insert into adly.subscription_plans (id, name, stripe_price_id, price, interval,
  features) values ('ef000000-0000-4000-8000-000000000009', 'New', 'price_new', 1, 'month', '{}')$q$, $q$select count(*)
  from adly.subscription_plans where id = 'ef000000-0000-4000-8000-000000000009'$q$), 'changed 1, before 0, after 1',
  'service_role can insert subscription_plans of workspace one');
select is(tests.adly72_apply($q$update adly.subscription_plans set name = 'Changed'
  where id = 'ef000000-0000-4000-8000-000000000003'$q$, $q$select count(*) from adly.subscription_plans
  where id = 'ef000000-0000-4000-8000-000000000003' and name = 'Changed'$q$), 'changed 1, before 0, after 1',
  'service_role can update subscription_plans of workspace one');
select is(tests.adly72_apply($q$delete from adly.subscription_plans
  where id = 'ef000000-0000-4000-8000-000000000003'$q$, $q$select count(*) from adly.subscription_plans
  where id = 'ef000000-0000-4000-8000-000000000003'$q$), 'changed 1, before 1, after 0',
  'service_role can delete subscription_plans of workspace one');
select throws_ok($q$insert into adly.workspace_subscriptions (id, workspace_id, stripe_subscription_id, status,
  stripe_event_created_at) values ('f1000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'),
  'sub_new', 'active', now())$q$, '42501', 'permission denied for table workspace_subscriptions',
  'service_role has no insert privilege on workspace_subscriptions');
select throws_ok($q$update adly.workspace_subscriptions set status = 'canceled'
  where id = tests.seed_id('adly.workspace_subscription:one')$q$, '42501',
  'permission denied for table workspace_subscriptions',
  'service_role has no update privilege on workspace_subscriptions');
select throws_ok($q$delete from adly.workspace_subscriptions
  where id = tests.seed_id('adly.workspace_subscription:one')$q$, '42501',
  'permission denied for table workspace_subscriptions',
  'service_role has no delete privilege on workspace_subscriptions');
select throws_ok($q$insert into adly.invoices (id, workspace_id, stripe_invoice_id, amount, status,
  stripe_event_created_at) values ('f2000000-0000-4000-8000-000000000009', tests.seed_id('adly.workspace:one'),
  'in_new', 1, 'paid', now())$q$, '42501', 'permission denied for table invoices',
  'service_role has no insert privilege on invoices');
select throws_ok($q$update adly.invoices set status = 'void' where id = tests.seed_id('adly.invoice:one')$q$, '42501',
  'permission denied for table invoices', 'service_role has no update privilege on invoices');
select throws_ok($q$delete from adly.invoices where id = tests.seed_id('adly.invoice:one')$q$, '42501',
  'permission denied for table invoices', 'service_role has no delete privilege on invoices');
select tests.clear_authentication();

select * from finish();
rollback;
