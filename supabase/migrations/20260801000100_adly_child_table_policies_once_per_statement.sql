-- ADLY: policies of the tables below a campaign or a store connection compare against sets
-- evaluated once per statement. The earlier policies called two SECURITY DEFINER helpers per row
-- (the parent's workspace, then the caller's role in it), which made a workspace's campaigns with a
-- week of metrics cost two calls per metrics row. The rules are unchanged: viewers of the owning
-- workspace read, members write; the parent row decides the workspace.
--
-- Replaces the policies of adly.products, adly.orders, adly.order_items, adly.ad_sets and adly.ads
-- and the read policy of adly.campaign_metrics created in 20260501000600_adly_policies.sql (same
-- names).

-- ============================================================================================
-- helpers
-- ============================================================================================

create function private.adly_campaign_ids(p_min_role adly.workspace_role)
returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
    select c.id
      from adly.campaigns c
     where c.workspace_id in (
       select m.workspace_id
         from adly.workspace_members m
        where m.user_id = (select auth.uid())
          and m.role >= p_min_role
     );
end;
$$;
revoke execute on function private.adly_campaign_ids(adly.workspace_role) from public;
grant execute on function private.adly_campaign_ids(adly.workspace_role) to authenticated;
comment on function private.adly_campaign_ids(adly.workspace_role) is
  'Campaigns of the workspaces in which the current user has at least this role (read live).';

create function private.adly_ad_set_ids(p_min_role adly.workspace_role)
returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
    select a.id
      from adly.ad_sets a
      join adly.campaigns c on c.id = a.campaign_id
     where c.workspace_id in (
       select m.workspace_id
         from adly.workspace_members m
        where m.user_id = (select auth.uid())
          and m.role >= p_min_role
     );
end;
$$;
revoke execute on function private.adly_ad_set_ids(adly.workspace_role) from public;
grant execute on function private.adly_ad_set_ids(adly.workspace_role) to authenticated;
comment on function private.adly_ad_set_ids(adly.workspace_role) is
  'Ad sets of the workspaces in which the current user has at least this role (read live).';

create function private.adly_store_connection_ids(p_min_role adly.workspace_role)
returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
    select s.id
      from adly.store_connections s
     where s.workspace_id in (
       select m.workspace_id
         from adly.workspace_members m
        where m.user_id = (select auth.uid())
          and m.role >= p_min_role
     );
end;
$$;
revoke execute on function private.adly_store_connection_ids(adly.workspace_role) from public;
grant execute on function private.adly_store_connection_ids(adly.workspace_role) to authenticated;
comment on function private.adly_store_connection_ids(adly.workspace_role) is
  'Store connections of the workspaces in which the current user has at least this role (read live).';


-- ============================================================================================
-- policies
-- ============================================================================================

-- products -------------------------------------------------------------------------------
drop policy "viewers can read products" on adly.products;
create policy "viewers can read products" on adly.products
  for select to authenticated
  using (store_connection_id in (select private.adly_store_connection_ids('viewer')));
drop policy "members can create products" on adly.products;
create policy "members can create products" on adly.products
  for insert to authenticated
  with check (store_connection_id in (select private.adly_store_connection_ids('member')));
drop policy "members can update products" on adly.products;
create policy "members can update products" on adly.products
  for update to authenticated
  using (store_connection_id in (select private.adly_store_connection_ids('member')))
  with check (store_connection_id in (select private.adly_store_connection_ids('member')));
drop policy "members can delete products" on adly.products;
create policy "members can delete products" on adly.products
  for delete to authenticated
  using (store_connection_id in (select private.adly_store_connection_ids('member')));

-- orders ---------------------------------------------------------------------------------
drop policy "viewers can read orders" on adly.orders;
create policy "viewers can read orders" on adly.orders
  for select to authenticated
  using (store_connection_id in (select private.adly_store_connection_ids('viewer')));
drop policy "members can create orders" on adly.orders;
create policy "members can create orders" on adly.orders
  for insert to authenticated
  with check (store_connection_id in (select private.adly_store_connection_ids('member')));
drop policy "members can update orders" on adly.orders;
create policy "members can update orders" on adly.orders
  for update to authenticated
  using (store_connection_id in (select private.adly_store_connection_ids('member')))
  with check (store_connection_id in (select private.adly_store_connection_ids('member')));
drop policy "members can delete orders" on adly.orders;
create policy "members can delete orders" on adly.orders
  for delete to authenticated
  using (store_connection_id in (select private.adly_store_connection_ids('member')));

-- An order item's workspace is its order's: the order is read here (through the orders policy,
-- which does not read order_items) with the same once-per-statement set.

-- order_items ----------------------------------------------------------------------------
drop policy "viewers can read order items" on adly.order_items;
create policy "viewers can read order items" on adly.order_items
  for select to authenticated
  using (exists (
    select 1 from adly.orders o
     where o.id = order_id
       and o.store_connection_id in (select private.adly_store_connection_ids('viewer'))
  ));
drop policy "members can create order items" on adly.order_items;
create policy "members can create order items" on adly.order_items
  for insert to authenticated
  with check (exists (
    select 1 from adly.orders o
     where o.id = order_id
       and o.store_connection_id in (select private.adly_store_connection_ids('member'))
  ));
drop policy "members can update order items" on adly.order_items;
create policy "members can update order items" on adly.order_items
  for update to authenticated
  using (exists (
    select 1 from adly.orders o
     where o.id = order_id
       and o.store_connection_id in (select private.adly_store_connection_ids('member'))
  ))
  with check (exists (
    select 1 from adly.orders o
     where o.id = order_id
       and o.store_connection_id in (select private.adly_store_connection_ids('member'))
  ));
drop policy "members can delete order items" on adly.order_items;
create policy "members can delete order items" on adly.order_items
  for delete to authenticated
  using (exists (
    select 1 from adly.orders o
     where o.id = order_id
       and o.store_connection_id in (select private.adly_store_connection_ids('member'))
  ));

-- ad_sets --------------------------------------------------------------------------------
drop policy "viewers can read ad sets" on adly.ad_sets;
create policy "viewers can read ad sets" on adly.ad_sets
  for select to authenticated
  using (campaign_id in (select private.adly_campaign_ids('viewer')));
drop policy "members can create ad sets" on adly.ad_sets;
create policy "members can create ad sets" on adly.ad_sets
  for insert to authenticated
  with check (campaign_id in (select private.adly_campaign_ids('member')));
drop policy "members can update ad sets" on adly.ad_sets;
create policy "members can update ad sets" on adly.ad_sets
  for update to authenticated
  using (campaign_id in (select private.adly_campaign_ids('member')))
  with check (campaign_id in (select private.adly_campaign_ids('member')));
drop policy "members can delete ad sets" on adly.ad_sets;
create policy "members can delete ad sets" on adly.ad_sets
  for delete to authenticated
  using (campaign_id in (select private.adly_campaign_ids('member')));

-- ads ------------------------------------------------------------------------------------
drop policy "viewers can read ads" on adly.ads;
create policy "viewers can read ads" on adly.ads
  for select to authenticated
  using (ad_set_id in (select private.adly_ad_set_ids('viewer')));
drop policy "members can create ads" on adly.ads;
create policy "members can create ads" on adly.ads
  for insert to authenticated
  with check (ad_set_id in (select private.adly_ad_set_ids('member')));
drop policy "members can update ads" on adly.ads;
create policy "members can update ads" on adly.ads
  for update to authenticated
  using (ad_set_id in (select private.adly_ad_set_ids('member')))
  with check (ad_set_id in (select private.adly_ad_set_ids('member')));
drop policy "members can delete ads" on adly.ads;
create policy "members can delete ads" on adly.ads
  for delete to authenticated
  using (ad_set_id in (select private.adly_ad_set_ids('member')));

-- campaign_metrics -----------------------------------------------------------------------
drop policy "viewers can read campaign metrics" on adly.campaign_metrics;
create policy "viewers can read campaign metrics" on adly.campaign_metrics
  for select to authenticated
  using (campaign_id in (select private.adly_campaign_ids('viewer')));
