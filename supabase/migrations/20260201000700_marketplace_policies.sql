-- Marketplace row level security: one policy per table, operation and role. service_role
-- bypasses RLS; what it may do is set by the _grants migration. Helpers are wrapped in
-- (select ...) so they are evaluated once per statement, not once per row.

-- ============================================================================================
-- users
-- ============================================================================================

create policy "user can read own account, admin all"
  on marketplace.users for select to authenticated
  using (
    (id = (select auth.uid()) and not is_deleted)
    or (select private.marketplace_is_admin())
  );

-- Which columns may change is set by column privileges and the guard_user_update trigger.
create policy "user can update own account and admin can update any"
  on marketplace.users for update to authenticated
  using (
    (id = (select auth.uid()) and not is_deleted)
    or (select private.marketplace_is_admin())
  )
  with check (
    (id = (select auth.uid()) and not is_deleted)
    or (select private.marketplace_is_admin())
  );

-- ============================================================================================
-- catalogue: categories, workflows and their detail tables
-- ============================================================================================

create policy "anyone can read categories"
  on marketplace.categories for select to anon
  using (true);
create policy "signed-in user can read categories"
  on marketplace.categories for select to authenticated
  using (true);
create policy "admin can create categories"
  on marketplace.categories for insert to authenticated
  with check ((select private.marketplace_is_admin()));
create policy "admin can update categories"
  on marketplace.categories for update to authenticated
  using ((select private.marketplace_is_admin()))
  with check ((select private.marketplace_is_admin()));
create policy "admin can delete categories"
  on marketplace.categories for delete to authenticated
  using ((select private.marketplace_is_admin()));

create policy "anyone can read catalogue workflows"
  on marketplace.workflows for select to anon
  using (status = 'active' and not is_deleted);
create policy "user can read catalogue workflows, admin all"
  on marketplace.workflows for select to authenticated
  using ((status = 'active' and not is_deleted) or (select private.marketplace_is_admin()));
create policy "admin can create workflows"
  on marketplace.workflows for insert to authenticated
  with check ((select private.marketplace_is_admin()));
create policy "admin can update workflows"
  on marketplace.workflows for update to authenticated
  using ((select private.marketplace_is_admin()))
  with check ((select private.marketplace_is_admin()));
create policy "admin can delete workflows"
  on marketplace.workflows for delete to authenticated
  using ((select private.marketplace_is_admin()));

create policy "entitled user can read workflow package"
  on marketplace.workflow_packages for select to authenticated
  using ((select private.marketplace_has_access(workflow_id)));
create policy "admin can create workflow packages"
  on marketplace.workflow_packages for insert to authenticated
  with check ((select private.marketplace_is_admin()));
create policy "admin can update workflow packages"
  on marketplace.workflow_packages for update to authenticated
  using ((select private.marketplace_is_admin()))
  with check ((select private.marketplace_is_admin()));
create policy "admin can delete workflow packages"
  on marketplace.workflow_packages for delete to authenticated
  using ((select private.marketplace_is_admin()));

create policy "anyone can read categories of catalogue workflows"
  on marketplace.workflow_categories for select to anon
  using ((select private.marketplace_workflow_is_visible(workflow_id)));
create policy "user can read categories of catalogue workflows, admin all"
  on marketplace.workflow_categories for select to authenticated
  using (
    (select private.marketplace_workflow_is_visible(workflow_id))
    or (select private.marketplace_is_admin())
  );
create policy "admin can link workflows to categories"
  on marketplace.workflow_categories for insert to authenticated
  with check ((select private.marketplace_is_admin()));
create policy "admin can update workflow category links"
  on marketplace.workflow_categories for update to authenticated
  using ((select private.marketplace_is_admin()))
  with check ((select private.marketplace_is_admin()));
create policy "admin can unlink workflows from categories"
  on marketplace.workflow_categories for delete to authenticated
  using ((select private.marketplace_is_admin()));

create policy "anyone can read assets of catalogue workflows"
  on marketplace.workflow_assets for select to anon
  using ((select private.marketplace_workflow_is_visible(workflow_id)));
create policy "user can read assets of catalogue workflows, admin all"
  on marketplace.workflow_assets for select to authenticated
  using (
    (select private.marketplace_workflow_is_visible(workflow_id))
    or (select private.marketplace_is_admin())
  );
create policy "admin can create workflow assets"
  on marketplace.workflow_assets for insert to authenticated
  with check ((select private.marketplace_is_admin()));
create policy "admin can update workflow assets"
  on marketplace.workflow_assets for update to authenticated
  using ((select private.marketplace_is_admin()))
  with check ((select private.marketplace_is_admin()));
create policy "admin can delete workflow assets"
  on marketplace.workflow_assets for delete to authenticated
  using ((select private.marketplace_is_admin()));

create policy "anyone can read docs of catalogue workflows"
  on marketplace.workflow_docs for select to anon
  using ((select private.marketplace_workflow_is_visible(workflow_id)));
create policy "user can read docs of catalogue workflows, admin all"
  on marketplace.workflow_docs for select to authenticated
  using (
    (select private.marketplace_workflow_is_visible(workflow_id))
    or (select private.marketplace_is_admin())
  );
create policy "admin can create workflow docs"
  on marketplace.workflow_docs for insert to authenticated
  with check ((select private.marketplace_is_admin()));
create policy "admin can update workflow docs"
  on marketplace.workflow_docs for update to authenticated
  using ((select private.marketplace_is_admin()))
  with check ((select private.marketplace_is_admin()));
create policy "admin can delete workflow docs"
  on marketplace.workflow_docs for delete to authenticated
  using ((select private.marketplace_is_admin()));

-- ============================================================================================
-- favorites, comments, comment likes, reviews
-- ============================================================================================

create policy "user can read own favorites"
  on marketplace.favorites for select to authenticated
  using (user_id = (select auth.uid()));
create policy "user can favorite a catalogue workflow"
  on marketplace.favorites for insert to authenticated
  with check (
    user_id = (select auth.uid())
    and (select private.marketplace_is_active_user())
    and (select private.marketplace_workflow_is_visible(workflow_id))
  );
create policy "user can remove own favorites"
  on marketplace.favorites for delete to authenticated
  using (user_id = (select auth.uid()));

create policy "anyone can read comments on catalogue workflows"
  on marketplace.comments for select to anon
  using ((select private.marketplace_workflow_is_visible(workflow_id)));
create policy "user can read comments on catalogue workflows, admin all"
  on marketplace.comments for select to authenticated
  using (
    (select private.marketplace_workflow_is_visible(workflow_id))
    or (select private.marketplace_is_admin())
  );
create policy "user can comment on catalogue workflows"
  on marketplace.comments for insert to authenticated
  with check (
    user_id = (select auth.uid())
    and (select private.marketplace_is_active_user())
    and (select private.marketplace_workflow_is_visible(workflow_id))
  );
create policy "user can edit own comments"
  on marketplace.comments for update to authenticated
  using (user_id = (select auth.uid()) and (select private.marketplace_is_active_user()))
  with check (user_id = (select auth.uid()) and (select private.marketplace_is_active_user()));
create policy "user can delete own comments and admin can delete any"
  on marketplace.comments for delete to authenticated
  using (user_id = (select auth.uid()) or (select private.marketplace_is_admin()));

create policy "anyone can read likes on catalogue comments"
  on marketplace.comment_likes for select to anon
  using ((select private.marketplace_comment_is_visible(comment_id)));
create policy "user can read likes on catalogue comments, admin all"
  on marketplace.comment_likes for select to authenticated
  using (
    (select private.marketplace_comment_is_visible(comment_id))
    or (select private.marketplace_is_admin())
  );
create policy "user can like a catalogue comment"
  on marketplace.comment_likes for insert to authenticated
  with check (
    user_id = (select auth.uid())
    and (select private.marketplace_is_active_user())
    and (select private.marketplace_comment_is_visible(comment_id))
  );
create policy "user can remove own likes"
  on marketplace.comment_likes for delete to authenticated
  using (user_id = (select auth.uid()));

create policy "anyone can read reviews of catalogue workflows"
  on marketplace.workflow_reviews for select to anon
  using ((select private.marketplace_workflow_is_visible(workflow_id)));
create policy "user can read reviews of catalogue workflows, admin all"
  on marketplace.workflow_reviews for select to authenticated
  using (
    (select private.marketplace_workflow_is_visible(workflow_id))
    or (select private.marketplace_is_admin())
  );
create policy "user can review a catalogue workflow he has access to"
  on marketplace.workflow_reviews for insert to authenticated
  with check (
    user_id = (select auth.uid())
    and (select private.marketplace_is_active_user())
    and (select private.marketplace_workflow_is_visible(workflow_id))
    and (select private.marketplace_has_access(workflow_id))
  );
create policy "user can edit own reviews"
  on marketplace.workflow_reviews for update to authenticated
  using (user_id = (select auth.uid()) and (select private.marketplace_is_active_user()))
  with check (user_id = (select auth.uid()) and (select private.marketplace_is_active_user()));
create policy "user can delete own reviews and admin can delete any"
  on marketplace.workflow_reviews for delete to authenticated
  using (user_id = (select auth.uid()) or (select private.marketplace_is_admin()));

-- ============================================================================================
-- notifications
-- ============================================================================================

create policy "user can read own notifications, admin all"
  on marketplace.notifications for select to authenticated
  using (user_id = (select auth.uid()) or (select private.marketplace_is_admin()));
create policy "admin can send notifications"
  on marketplace.notifications for insert to authenticated
  with check ((select private.marketplace_is_admin()));
create policy "user can mark own notifications read"
  on marketplace.notifications for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));
create policy "user can clear own notifications"
  on marketplace.notifications for delete to authenticated
  using (user_id = (select auth.uid()));

-- ============================================================================================
-- purchases, invoices, analytics (written only by the commerce and download functions)
-- ============================================================================================

create policy "user can read own purchases, admin all"
  on marketplace.purchases for select to authenticated
  using (user_id = (select auth.uid()) or (select private.marketplace_is_admin()));

create policy "user can read own invoices, admin all"
  on marketplace.invoices for select to authenticated
  using (
    (select private.marketplace_owns_purchase(purchase_id))
    or (select private.marketplace_is_admin())
  );

create policy "admin can read analytics"
  on marketplace.analytics_daily for select to authenticated
  using ((select private.marketplace_is_admin()));

create policy "admin can read invoice counters"
  on marketplace.invoice_counters for select to authenticated
  using ((select private.marketplace_is_admin()));

-- ============================================================================================
-- settings, audit, contact messages
-- ============================================================================================

create policy "user can read own settings"
  on marketplace.user_settings for select to authenticated
  using (user_id = (select auth.uid()));
create policy "user can create own settings"
  on marketplace.user_settings for insert to authenticated
  with check (user_id = (select auth.uid()) and (select private.marketplace_is_active_user()));
create policy "user can update own settings"
  on marketplace.user_settings for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

create policy "admin can read system settings"
  on marketplace.system_settings for select to authenticated
  using ((select private.marketplace_is_admin()));
create policy "admin can create system settings"
  on marketplace.system_settings for insert to authenticated
  with check ((select private.marketplace_is_admin()));
create policy "admin can update system settings"
  on marketplace.system_settings for update to authenticated
  using ((select private.marketplace_is_admin()))
  with check ((select private.marketplace_is_admin()));
create policy "admin can delete system settings"
  on marketplace.system_settings for delete to authenticated
  using ((select private.marketplace_is_admin()));

create policy "admin can read audit logs"
  on marketplace.audit_logs for select to authenticated
  using ((select private.marketplace_is_admin()));

create policy "visitor can send an anonymous contact message"
  on marketplace.contact_messages for insert to anon
  with check (user_id is null);
create policy "user can send a contact message as himself"
  on marketplace.contact_messages for insert to authenticated
  with check (user_id is null or user_id = (select auth.uid()));
create policy "admin can read contact messages"
  on marketplace.contact_messages for select to authenticated
  using ((select private.marketplace_is_admin()));
create policy "admin can update contact messages"
  on marketplace.contact_messages for update to authenticated
  using ((select private.marketplace_is_admin()))
  with check ((select private.marketplace_is_admin()));
create policy "admin can delete contact messages"
  on marketplace.contact_messages for delete to authenticated
  using ((select private.marketplace_is_admin()));
