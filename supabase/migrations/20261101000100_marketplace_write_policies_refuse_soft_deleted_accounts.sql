-- Marketplace: a soft-deleted account writes nothing (docs/marketplace.md). Inserts and the edits
-- of comments and reviews already required an active account; marking notifications read,
-- changing settings and removing favorites, likes, comments, reviews and notifications did not.
-- An admin's right to delete any comment or review is unchanged.
--
-- Alters seven policies created in 20260201000700_marketplace_policies.sql (names unchanged).

alter policy "user can mark own notifications read" on marketplace.notifications
  using (user_id = (select auth.uid()) and (select private.marketplace_is_active_user()))
  with check (user_id = (select auth.uid()) and (select private.marketplace_is_active_user()));

alter policy "user can clear own notifications" on marketplace.notifications
  using (user_id = (select auth.uid()) and (select private.marketplace_is_active_user()));

alter policy "user can update own settings" on marketplace.user_settings
  using (user_id = (select auth.uid()) and (select private.marketplace_is_active_user()))
  with check (user_id = (select auth.uid()) and (select private.marketplace_is_active_user()));

alter policy "user can remove own favorites" on marketplace.favorites
  using (user_id = (select auth.uid()) and (select private.marketplace_is_active_user()));

alter policy "user can remove own likes" on marketplace.comment_likes
  using (user_id = (select auth.uid()) and (select private.marketplace_is_active_user()));

alter policy "user can delete own comments and admin can delete any" on marketplace.comments
  using (
    (user_id = (select auth.uid()) and (select private.marketplace_is_active_user()))
    or (select private.marketplace_is_admin())
  );

alter policy "user can delete own reviews and admin can delete any" on marketplace.workflow_reviews
  using (
    (user_id = (select auth.uid()) and (select private.marketplace_is_active_user()))
    or (select private.marketplace_is_admin())
  );
