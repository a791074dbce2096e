-- Marketplace: authors keep their own comments, likes and reviews when the workflow leaves the
-- catalogue (archived, expired, soft-deleted). Until now those rows became admin-only, and since
-- PostgreSQL applies the read policies to updates and deletes too, an author could no longer see,
-- edit or delete what he had written. Other users still see only catalogue rows.
--
-- Replaces the read policies of marketplace.comments, marketplace.comment_likes and
-- marketplace.workflow_reviews created in 20260201000700_marketplace_policies.sql (new names).

drop policy "user can read comments on catalogue workflows, admin all" on marketplace.comments;
create policy "user can read comments on catalogue workflows and own comments, admin all"
  on marketplace.comments for select to authenticated
  using (
    (select private.marketplace_workflow_is_visible(comments.workflow_id))
    or user_id = (select auth.uid())
    or (select private.marketplace_is_admin())
  );

drop policy "user can read likes on catalogue comments, admin all" on marketplace.comment_likes;
create policy "user can read likes on catalogue comments and own likes, admin all"
  on marketplace.comment_likes for select to authenticated
  using (
    (select private.marketplace_comment_is_visible(comment_likes.comment_id))
    or user_id = (select auth.uid())
    or (select private.marketplace_is_admin())
  );

drop policy "user can read reviews of catalogue workflows, admin all" on marketplace.workflow_reviews;
create policy "user can read reviews of catalogue workflows and own reviews, admin all"
  on marketplace.workflow_reviews for select to authenticated
  using (
    (select private.marketplace_workflow_is_visible(workflow_reviews.workflow_id))
    or user_id = (select auth.uid())
    or (select private.marketplace_is_admin())
  );
