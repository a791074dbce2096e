-- Marketplace table privileges, least privilege per role; RLS then narrows the rows.
-- Counters (downloads_count, rating_avg, reviews_count, likes_count), ids and timestamps are
-- left out of every client insert/update list, so only the database writes them. Purchases,
-- invoices, invoice counters, analytics and audit logs are read-only for every API role: the
-- commerce, download and audit functions are their only writers.

-- ============================================================================================
-- anon: the public catalogue, and contact messages
-- ============================================================================================

grant select on
  marketplace.categories,
  marketplace.workflows,
  marketplace.workflow_categories,
  marketplace.workflow_assets,
  marketplace.workflow_docs,
  marketplace.comments,
  marketplace.comment_likes,
  marketplace.workflow_reviews
to anon;

grant insert (name, email, subject, message) on marketplace.contact_messages to anon;

-- ============================================================================================
-- authenticated
-- ============================================================================================

grant select on
  marketplace.users,
  marketplace.categories,
  marketplace.workflows,
  marketplace.workflow_packages,
  marketplace.workflow_categories,
  marketplace.workflow_assets,
  marketplace.workflow_docs,
  marketplace.favorites,
  marketplace.comments,
  marketplace.comment_likes,
  marketplace.notifications,
  marketplace.purchases,
  marketplace.invoices,
  marketplace.invoice_counters,
  marketplace.workflow_reviews,
  marketplace.analytics_daily,
  marketplace.user_settings,
  marketplace.system_settings,
  marketplace.audit_logs,
  marketplace.contact_messages
to authenticated;

-- users: a user may change his name; role and is_deleted are for admins (guard_user_update)
grant update (name, role, is_deleted) on marketplace.users to authenticated;

-- catalogue writes (admins, by policy)
grant insert, update, delete on
  marketplace.categories,
  marketplace.workflow_packages,
  marketplace.workflow_categories,
  marketplace.workflow_assets,
  marketplace.workflow_docs,
  marketplace.system_settings
to authenticated;
grant insert (title, description, price, currency, status, video_url, tags, features, is_deleted),
  update (title, description, price, currency, status, video_url, tags, features, is_deleted),
  delete
  on marketplace.workflows to authenticated;

-- social
grant insert (user_id, workflow_id), delete on marketplace.favorites to authenticated;
grant insert (workflow_id, user_id, parent_comment_id, content), update (content), delete
  on marketplace.comments to authenticated;
grant insert (comment_id, user_id), delete on marketplace.comment_likes to authenticated;
grant insert (workflow_id, user_id, rating, title, body), update (rating, title, body), delete
  on marketplace.workflow_reviews to authenticated;

-- notifications: admins send, recipients mark read and clear
grant insert (user_id, type, title, message), update (is_unread), delete
  on marketplace.notifications to authenticated;

-- settings and contact messages
grant insert (user_id, email_notifications, workflow_updates, marketing_emails, locale, timezone),
  update (email_notifications, workflow_updates, marketing_emails, locale, timezone)
  on marketplace.user_settings to authenticated;
grant insert (user_id, name, email, subject, message), update (is_read), delete
  on marketplace.contact_messages to authenticated;

-- ============================================================================================
-- service_role: the backend
-- ============================================================================================

grant select on all tables in schema marketplace to service_role;

grant insert, update, delete on
  marketplace.users,
  marketplace.categories,
  marketplace.workflow_packages,
  marketplace.workflow_categories,
  marketplace.workflow_assets,
  marketplace.workflow_docs,
  marketplace.notifications,
  marketplace.workflow_reviews,
  marketplace.user_settings,
  marketplace.system_settings,
  marketplace.contact_messages
to service_role;
-- favorites and likes are added and removed, never edited (likes_count counts inserts and deletes)
grant insert, delete on marketplace.favorites, marketplace.comment_likes to service_role;
grant insert (id, title, description, price, currency, status, video_url, tags, features, is_deleted),
  update (title, description, price, currency, status, video_url, tags, features, is_deleted),
  delete
  on marketplace.workflows to service_role;
grant insert (id, workflow_id, user_id, parent_comment_id, content),
  update (content),
  delete
  on marketplace.comments to service_role;
