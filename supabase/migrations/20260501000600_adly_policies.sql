-- ADLY: row level security policies. Roles: viewer reads, member also writes products, orders,
-- campaigns, ad sets, ads, content and generation jobs, owner also manages the workspace, its
-- members, integrations and billing. A non-member sees nothing of a workspace. service_role
-- bypasses RLS; anon has no policy on any tenant table.

-- ============================================================================================
-- policies: identity and workspaces
-- ============================================================================================

create policy "users can read own profile and co-members" on adly.users
  for select to authenticated
  using (id = (select auth.uid()) or private.adly_shares_workspace_with(id));
create policy "users can update own profile" on adly.users
  for update to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()));

create policy "members can read their workspaces" on adly.workspaces
  for select to authenticated
  using (id in (select private.adly_workspace_ids('viewer')));
create policy "owners can update their workspaces" on adly.workspaces
  for update to authenticated
  using (id in (select private.adly_workspace_ids('owner')))
  with check (id in (select private.adly_workspace_ids('owner')));
create policy "owners can delete their workspaces" on adly.workspaces
  for delete to authenticated
  using (id in (select private.adly_workspace_ids('owner')));

create policy "members can read the members of their workspaces" on adly.workspace_members
  for select to authenticated
  using (workspace_id in (select private.adly_workspace_ids('viewer')));
create policy "owners can change member roles" on adly.workspace_members
  for update to authenticated
  using (workspace_id in (select private.adly_workspace_ids('owner')))
  with check (workspace_id in (select private.adly_workspace_ids('owner')));
create policy "owners can remove members and members can leave" on adly.workspace_members
  for delete to authenticated
  using (user_id = (select auth.uid()) or workspace_id in (select private.adly_workspace_ids('owner')));

create policy "owners can read the audit log" on adly.audit_logs
  for select to authenticated
  using (workspace_id in (select private.adly_workspace_ids('owner')));

-- ============================================================================================
-- policies: integrations (non-secret columns only; secrets live in private)
-- ============================================================================================

create policy "members can read store connections" on adly.store_connections
  for select to authenticated
  using (workspace_id in (select private.adly_workspace_ids('viewer')));
create policy "owners can update store connections" on adly.store_connections
  for update to authenticated
  using (workspace_id in (select private.adly_workspace_ids('owner')))
  with check (workspace_id in (select private.adly_workspace_ids('owner')));
create policy "owners can delete store connections" on adly.store_connections
  for delete to authenticated
  using (workspace_id in (select private.adly_workspace_ids('owner')));

create policy "members can read ad accounts" on adly.ad_accounts
  for select to authenticated
  using (workspace_id in (select private.adly_workspace_ids('viewer')));
create policy "owners can update ad accounts" on adly.ad_accounts
  for update to authenticated
  using (workspace_id in (select private.adly_workspace_ids('owner')))
  with check (workspace_id in (select private.adly_workspace_ids('owner')));
create policy "owners can delete ad accounts" on adly.ad_accounts
  for delete to authenticated
  using (workspace_id in (select private.adly_workspace_ids('owner')));

-- ============================================================================================
-- policies: tenant data written by members
-- ============================================================================================

create policy "viewers can read products" on adly.products
  for select to authenticated
  using (private.adly_has_role(private.adly_store_connection_workspace(store_connection_id), 'viewer'));
create policy "members can create products" on adly.products
  for insert to authenticated
  with check (private.adly_has_role(private.adly_store_connection_workspace(store_connection_id), 'member'));
create policy "members can update products" on adly.products
  for update to authenticated
  using (private.adly_has_role(private.adly_store_connection_workspace(store_connection_id), 'member'))
  with check (private.adly_has_role(private.adly_store_connection_workspace(store_connection_id), 'member'));
create policy "members can delete products" on adly.products
  for delete to authenticated
  using (private.adly_has_role(private.adly_store_connection_workspace(store_connection_id), 'member'));

create policy "viewers can read orders" on adly.orders
  for select to authenticated
  using (private.adly_has_role(private.adly_store_connection_workspace(store_connection_id), 'viewer'));
create policy "members can create orders" on adly.orders
  for insert to authenticated
  with check (private.adly_has_role(private.adly_store_connection_workspace(store_connection_id), 'member'));
create policy "members can update orders" on adly.orders
  for update to authenticated
  using (private.adly_has_role(private.adly_store_connection_workspace(store_connection_id), 'member'))
  with check (private.adly_has_role(private.adly_store_connection_workspace(store_connection_id), 'member'));
create policy "members can delete orders" on adly.orders
  for delete to authenticated
  using (private.adly_has_role(private.adly_store_connection_workspace(store_connection_id), 'member'));

create policy "viewers can read order items" on adly.order_items
  for select to authenticated
  using (private.adly_has_role(private.adly_order_workspace(order_id), 'viewer'));
create policy "members can create order items" on adly.order_items
  for insert to authenticated
  with check (private.adly_has_role(private.adly_order_workspace(order_id), 'member'));
create policy "members can update order items" on adly.order_items
  for update to authenticated
  using (private.adly_has_role(private.adly_order_workspace(order_id), 'member'))
  with check (private.adly_has_role(private.adly_order_workspace(order_id), 'member'));
create policy "members can delete order items" on adly.order_items
  for delete to authenticated
  using (private.adly_has_role(private.adly_order_workspace(order_id), 'member'));

create policy "viewers can read campaigns" on adly.campaigns
  for select to authenticated
  using (workspace_id in (select private.adly_workspace_ids('viewer')));
create policy "members can create campaigns" on adly.campaigns
  for insert to authenticated
  with check (workspace_id in (select private.adly_workspace_ids('member')));
create policy "members can update campaigns" on adly.campaigns
  for update to authenticated
  using (workspace_id in (select private.adly_workspace_ids('member')))
  with check (workspace_id in (select private.adly_workspace_ids('member')));
create policy "members can delete campaigns" on adly.campaigns
  for delete to authenticated
  using (workspace_id in (select private.adly_workspace_ids('member')));

create policy "viewers can read ad sets" on adly.ad_sets
  for select to authenticated
  using (private.adly_has_role(private.adly_campaign_workspace(campaign_id), 'viewer'));
create policy "members can create ad sets" on adly.ad_sets
  for insert to authenticated
  with check (private.adly_has_role(private.adly_campaign_workspace(campaign_id), 'member'));
create policy "members can update ad sets" on adly.ad_sets
  for update to authenticated
  using (private.adly_has_role(private.adly_campaign_workspace(campaign_id), 'member'))
  with check (private.adly_has_role(private.adly_campaign_workspace(campaign_id), 'member'));
create policy "members can delete ad sets" on adly.ad_sets
  for delete to authenticated
  using (private.adly_has_role(private.adly_campaign_workspace(campaign_id), 'member'));

create policy "viewers can read ads" on adly.ads
  for select to authenticated
  using (private.adly_has_role(private.adly_ad_set_workspace(ad_set_id), 'viewer'));
create policy "members can create ads" on adly.ads
  for insert to authenticated
  with check (private.adly_has_role(private.adly_ad_set_workspace(ad_set_id), 'member'));
create policy "members can update ads" on adly.ads
  for update to authenticated
  using (private.adly_has_role(private.adly_ad_set_workspace(ad_set_id), 'member'))
  with check (private.adly_has_role(private.adly_ad_set_workspace(ad_set_id), 'member'));
create policy "members can delete ads" on adly.ads
  for delete to authenticated
  using (private.adly_has_role(private.adly_ad_set_workspace(ad_set_id), 'member'));

create policy "viewers can read content assets" on adly.content_assets
  for select to authenticated
  using (workspace_id in (select private.adly_workspace_ids('viewer')));
create policy "members can create content assets" on adly.content_assets
  for insert to authenticated
  with check (workspace_id in (select private.adly_workspace_ids('member')));
create policy "members can update content assets" on adly.content_assets
  for update to authenticated
  using (workspace_id in (select private.adly_workspace_ids('member')))
  with check (workspace_id in (select private.adly_workspace_ids('member')));
create policy "members can delete content assets" on adly.content_assets
  for delete to authenticated
  using (workspace_id in (select private.adly_workspace_ids('member')));

create policy "users can read public and own workspace templates" on adly.content_templates
  for select to authenticated
  using (is_public or workspace_id in (select private.adly_workspace_ids('viewer')));
create policy "members can create content templates" on adly.content_templates
  for insert to authenticated
  with check (workspace_id in (select private.adly_workspace_ids('member')));
create policy "members can update content templates" on adly.content_templates
  for update to authenticated
  using (workspace_id in (select private.adly_workspace_ids('member')))
  with check (workspace_id in (select private.adly_workspace_ids('member')));
create policy "members can delete content templates" on adly.content_templates
  for delete to authenticated
  using (workspace_id in (select private.adly_workspace_ids('member')));

create policy "viewers can read generation jobs" on adly.generation_jobs
  for select to authenticated
  using (workspace_id in (select private.adly_workspace_ids('viewer')));
create policy "members can request generation jobs as themselves" on adly.generation_jobs
  for insert to authenticated
  with check (workspace_id in (select private.adly_workspace_ids('member')) and user_id = (select auth.uid()));
create policy "members can delete generation jobs" on adly.generation_jobs
  for delete to authenticated
  using (workspace_id in (select private.adly_workspace_ids('member')));

-- ============================================================================================
-- policies: read-only for clients (written by the backend)
-- ============================================================================================

create policy "viewers can read campaign metrics" on adly.campaign_metrics
  for select to authenticated
  using (private.adly_has_role(private.adly_campaign_workspace(campaign_id), 'viewer'));

create policy "viewers can read attribution events" on adly.attribution_events
  for select to authenticated
  using (workspace_id in (select private.adly_workspace_ids('viewer')));

create policy "anyone can read subscription plans" on adly.subscription_plans
  for select to anon
  using (true);
create policy "users can read subscription plans" on adly.subscription_plans
  for select to authenticated
  using (true);

create policy "owners can read workspace subscriptions" on adly.workspace_subscriptions
  for select to authenticated
  using (workspace_id in (select private.adly_workspace_ids('owner')));

create policy "owners can read invoices" on adly.invoices
  for select to authenticated
  using (workspace_id in (select private.adly_workspace_ids('owner')));
