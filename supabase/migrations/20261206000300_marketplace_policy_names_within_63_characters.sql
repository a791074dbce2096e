-- PostgreSQL keeps the first 63 bytes of an identifier. Three policy names given in
-- 20261101000000_marketplace_read_policies_keep_own_comments_likes_reviews.sql were longer, and
-- were stored cut off mid-word ("... and own comments,"), so the names in the catalog, in error
-- messages and in supabase/policies/marketplace.sql did not say what the policies allow. Same
-- policies, whole names.

alter policy "user can read comments on catalogue workflows and own comments,"
  on marketplace.comments
  rename to "user can read catalogue and own comments, admin all";

alter policy "user can read likes on catalogue comments and own likes, admin "
  on marketplace.comment_likes
  rename to "user can read catalogue comment likes and own likes, admin all";

alter policy "user can read reviews of catalogue workflows and own reviews, a"
  on marketplace.workflow_reviews
  rename to "user can read catalogue and own reviews, admin all";
