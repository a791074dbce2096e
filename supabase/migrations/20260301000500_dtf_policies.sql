-- DTF Editor: policy helpers and row level security policies, one per table, operation and role.
-- Helpers are SECURITY DEFINER so a policy never queries its own table through RLS (the seed's
-- "Admins can view all profiles" did, and recursed).

-- ============================================================================================
-- helpers
-- ============================================================================================

create function private.dtf_is_admin()
returns boolean
language sql
stable
security definer
-- definer: reads dtf.profiles without RLS, so policies on profiles do not recurse
set search_path = ''
as $$
  select coalesce(
    (select p.is_admin and p.is_active from dtf.profiles p where p.id = (select auth.uid())),
    false
  )
$$;

revoke execute on function private.dtf_is_admin() from public;
grant execute on function private.dtf_is_admin() to authenticated;

comment on function private.dtf_is_admin() is
  'True when the caller has an active DTF Editor profile with is_admin (a column users cannot change).';

create function private.dtf_is_active_user()
returns boolean
language sql
stable
security definer
-- definer: reads dtf.profiles without RLS, like dtf_is_admin
set search_path = ''
as $$
  select coalesce((select p.is_active from dtf.profiles p where p.id = (select auth.uid())), false)
$$;

revoke execute on function private.dtf_is_active_user() from public;
grant execute on function private.dtf_is_active_user() to authenticated;

comment on function private.dtf_is_active_user() is
  'True when the caller has an active DTF Editor profile: only such users add images and upload files.';

create function private.dtf_owns_collection(p_collection_id uuid)
returns boolean
language sql
stable
security definer
-- definer: reads dtf.image_collections without RLS for the item policies
set search_path = ''
as $$
  select exists (
    select 1 from dtf.image_collections c
     where c.id = p_collection_id and c.user_id = (select auth.uid())
  )
$$;

revoke execute on function private.dtf_owns_collection(uuid) from public;
grant execute on function private.dtf_owns_collection(uuid) to authenticated;

comment on function private.dtf_owns_collection(uuid) is 'True when the caller owns the collection.';

create function private.dtf_collection_is_public(p_collection_id uuid)
returns boolean
language sql
stable
security definer
-- definer: reads dtf.image_collections without RLS for the item policies
set search_path = ''
as $$
  select exists (
    select 1 from dtf.image_collections c where c.id = p_collection_id and c.is_public
  )
$$;

revoke execute on function private.dtf_collection_is_public(uuid) from public;
grant execute on function private.dtf_collection_is_public(uuid) to anon, authenticated;

comment on function private.dtf_collection_is_public(uuid) is 'True when the collection is public.';

create function private.dtf_owns_image(p_image_id uuid)
returns boolean
language sql
stable
security definer
-- definer: reads dtf.images without RLS for the item policies
set search_path = ''
as $$
  select exists (
    select 1 from dtf.images i where i.id = p_image_id and i.user_id = (select auth.uid())
  )
$$;

revoke execute on function private.dtf_owns_image(uuid) from public;
grant execute on function private.dtf_owns_image(uuid) to authenticated;

comment on function private.dtf_owns_image(uuid) is 'True when the caller owns the image.';

-- ============================================================================================
-- policies: profiles
-- ============================================================================================

create policy "user can view own profile and admin every profile" on dtf.profiles
  for select to authenticated
  using (id = (select auth.uid()) or (select private.dtf_is_admin()));

create policy "user can update own profile" on dtf.profiles
  for update to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()));

-- ============================================================================================
-- policies: catalogues (plans, packages, operation prices)
-- ============================================================================================

create policy "anyone can view active plans" on dtf.subscription_plans
  for select to anon
  using (is_active);
create policy "user can view active plans and admin every plan" on dtf.subscription_plans
  for select to authenticated
  using (is_active or (select private.dtf_is_admin()));
create policy "admin can add plans" on dtf.subscription_plans
  for insert to authenticated
  with check ((select private.dtf_is_admin()));
create policy "admin can update plans" on dtf.subscription_plans
  for update to authenticated
  using ((select private.dtf_is_admin()))
  with check ((select private.dtf_is_admin()));

create policy "anyone can view active packages" on dtf.pay_as_you_go_packages
  for select to anon
  using (is_active);
create policy "user can view active packages and admin every package" on dtf.pay_as_you_go_packages
  for select to authenticated
  using (is_active or (select private.dtf_is_admin()));
create policy "admin can add packages" on dtf.pay_as_you_go_packages
  for insert to authenticated
  with check ((select private.dtf_is_admin()));
create policy "admin can update packages" on dtf.pay_as_you_go_packages
  for update to authenticated
  using ((select private.dtf_is_admin()))
  with check ((select private.dtf_is_admin()));

create policy "anyone can view active operation prices" on dtf.operation_credit_prices
  for select to anon
  using (is_active);
create policy "user can view active operation prices and admin every price" on dtf.operation_credit_prices
  for select to authenticated
  using (is_active or (select private.dtf_is_admin()));
create policy "admin can add operation prices" on dtf.operation_credit_prices
  for insert to authenticated
  with check ((select private.dtf_is_admin()));
create policy "admin can update operation prices" on dtf.operation_credit_prices
  for update to authenticated
  using ((select private.dtf_is_admin()))
  with check ((select private.dtf_is_admin()));

-- ============================================================================================
-- policies: images and operations
-- ============================================================================================

create policy "owner can view own images and admin every image" on dtf.images
  for select to authenticated
  using (user_id = (select auth.uid()) or (select private.dtf_is_admin()));
create policy "owner can add own images" on dtf.images
  for insert to authenticated
  with check (user_id = (select auth.uid()) and (select private.dtf_is_active_user()));
create policy "owner can update own images" on dtf.images
  for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));
-- An image whose operation is still running cannot be deleted: its operation (and the refund a
-- failure would bring) would go with it.
create policy "owner can delete own images that are not processing" on dtf.images
  for delete to authenticated
  using (user_id = (select auth.uid()) and processing_status <> 'processing');

create policy "owner can view own operations and admin every operation" on dtf.image_operations
  for select to authenticated
  using (user_id = (select auth.uid()) or (select private.dtf_is_admin()));

-- ============================================================================================
-- policies: collections
-- ============================================================================================

create policy "anyone can view public collections" on dtf.image_collections
  for select to anon
  using (is_public);
create policy "user can view public and own collections, admin all" on dtf.image_collections
  for select to authenticated
  using (is_public or user_id = (select auth.uid()) or (select private.dtf_is_admin()));
create policy "owner can add own collections" on dtf.image_collections
  for insert to authenticated
  with check (user_id = (select auth.uid()));
create policy "owner can update own collections" on dtf.image_collections
  for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));
create policy "owner can delete own collections" on dtf.image_collections
  for delete to authenticated
  using (user_id = (select auth.uid()));

create policy "anyone can view items of public collections" on dtf.image_collection_items
  for select to anon
  using ((select private.dtf_collection_is_public(collection_id)));
create policy "user can view items of public and own collections, admin all" on dtf.image_collection_items
  for select to authenticated
  using (
    (select private.dtf_collection_is_public(collection_id))
    or (select private.dtf_owns_collection(collection_id))
    or (select private.dtf_is_admin())
  );
create policy "owner can add own images to own collections" on dtf.image_collection_items
  for insert to authenticated
  with check (
    (select private.dtf_owns_collection(collection_id)) and (select private.dtf_owns_image(image_id))
  );
create policy "owner can remove items from own collections" on dtf.image_collection_items
  for delete to authenticated
  using ((select private.dtf_owns_collection(collection_id)));

-- ============================================================================================
-- policies: ledger and subscriptions (read only for clients)
-- ============================================================================================

create policy "user can view own transactions and admin every transaction" on dtf.credit_transactions
  for select to authenticated
  using (user_id = (select auth.uid()) or (select private.dtf_is_admin()));

create policy "user can view own subscription history and admin every history" on dtf.subscription_history
  for select to authenticated
  using (user_id = (select auth.uid()) or (select private.dtf_is_admin()));

-- ============================================================================================
-- policies: activity, costs, logs, metrics, e-mail
-- ============================================================================================

create policy "user can view own activity and admin every activity" on dtf.user_activity_logs
  for select to authenticated
  using (user_id = (select auth.uid()) or (select private.dtf_is_admin()));

create policy "admin can view api costs" on dtf.api_costs
  for select to authenticated
  using ((select private.dtf_is_admin()));
create policy "admin can add api costs" on dtf.api_costs
  for insert to authenticated
  with check ((select private.dtf_is_admin()));
create policy "admin can update api costs" on dtf.api_costs
  for update to authenticated
  using ((select private.dtf_is_admin()))
  with check ((select private.dtf_is_admin()));
create policy "admin can delete api costs" on dtf.api_costs
  for delete to authenticated
  using ((select private.dtf_is_admin()));

create policy "admin can view api usage" on dtf.api_usage_logs
  for select to authenticated
  using ((select private.dtf_is_admin()));

create policy "admin can view admin logs" on dtf.admin_logs
  for select to authenticated
  using ((select private.dtf_is_admin()));

create policy "admin can view system metrics" on dtf.system_metrics
  for select to authenticated
  using ((select private.dtf_is_admin()));

create policy "admin can view email templates" on dtf.email_templates
  for select to authenticated
  using ((select private.dtf_is_admin()));
create policy "admin can add email templates" on dtf.email_templates
  for insert to authenticated
  with check ((select private.dtf_is_admin()));
create policy "admin can update email templates" on dtf.email_templates
  for update to authenticated
  using ((select private.dtf_is_admin()))
  with check ((select private.dtf_is_admin()));
create policy "admin can delete email templates" on dtf.email_templates
  for delete to authenticated
  using ((select private.dtf_is_admin()));

create policy "admin can view email campaigns" on dtf.email_campaigns
  for select to authenticated
  using ((select private.dtf_is_admin()));
create policy "admin can add email campaigns" on dtf.email_campaigns
  for insert to authenticated
  with check ((select private.dtf_is_admin()));
create policy "admin can update email campaigns" on dtf.email_campaigns
  for update to authenticated
  using ((select private.dtf_is_admin()))
  with check ((select private.dtf_is_admin()));
create policy "admin can delete email campaigns" on dtf.email_campaigns
  for delete to authenticated
  using ((select private.dtf_is_admin()));

create policy "admin can view email logs" on dtf.email_logs
  for select to authenticated
  using ((select private.dtf_is_admin()));
