-- DTF Editor: privileges. Nothing is granted by default; each role gets exactly what its
-- policies and the backend need. Nobody but the SECURITY DEFINER functions writes credit
-- balances or the ledger: not clients, not the service role.

-- ============================================================================================
-- grants: tables
-- ============================================================================================

-- profiles: users change only harmless fields of their own row.
grant select on dtf.profiles to authenticated, service_role;
grant update (first_name, last_name, company, phone, avatar_url) on dtf.profiles to authenticated;
grant update (email, first_name, last_name, company, phone, avatar_url, is_active, is_admin,
              last_activity_at) on dtf.profiles to service_role;

-- catalogues
grant select on dtf.subscription_plans, dtf.pay_as_you_go_packages, dtf.operation_credit_prices
  to anon, authenticated;
grant insert, update on dtf.subscription_plans, dtf.pay_as_you_go_packages, dtf.operation_credit_prices
  to authenticated;
grant select, insert, update, delete
  on dtf.subscription_plans, dtf.pay_as_you_go_packages, dtf.operation_credit_prices to service_role;

-- images: the processing columns are written by the operation functions only.
grant select, delete on dtf.images to authenticated;
grant insert (id, user_id, original_filename, original_file_size, original_file_type, original_url,
              is_favorite, metadata, expires_at) on dtf.images to authenticated;
grant update (original_filename, is_favorite, metadata, expires_at) on dtf.images to authenticated;
grant select, insert, update, delete on dtf.images to service_role;

grant select on dtf.image_operations to authenticated, service_role;

-- collections
grant select on dtf.image_collections, dtf.image_collection_items to anon;
grant select, delete on dtf.image_collections to authenticated;
grant insert (id, user_id, name, description, is_public) on dtf.image_collections to authenticated;
grant update (name, description, is_public) on dtf.image_collections to authenticated;
grant select, insert, delete on dtf.image_collection_items to authenticated;
grant select, insert, update, delete on dtf.image_collections, dtf.image_collection_items to service_role;

-- ledger and subscriptions: read only, for everyone.
grant select on dtf.credit_transactions, dtf.subscription_history to authenticated, service_role;

-- activity, costs, logs, metrics, e-mail
grant select on dtf.user_activity_logs to authenticated;
grant select, insert, delete on dtf.user_activity_logs to service_role;

grant select, insert, update, delete on dtf.api_costs to authenticated, service_role;
grant select on dtf.api_usage_logs to authenticated;
grant select, insert, delete on dtf.api_usage_logs to service_role;
grant select on dtf.admin_logs to authenticated;
grant select, insert on dtf.admin_logs to service_role;
grant select on dtf.system_metrics to authenticated;
grant select, insert, delete on dtf.system_metrics to service_role;
grant select, insert, update, delete on dtf.email_templates, dtf.email_campaigns
  to authenticated, service_role;
grant select on dtf.email_logs to authenticated;
grant select, insert, update, delete on dtf.email_logs to service_role;

-- analytics views (rows for admins only)
grant select on dtf.user_analytics, dtf.revenue_analytics, dtf.api_cost_report to authenticated;

-- ============================================================================================
-- grants: functions
-- ============================================================================================

-- RPCs for signed-in users
grant execute on function dtf.enroll_current_user() to authenticated;
grant execute on function dtf.start_image_operation(uuid, text, text, jsonb) to authenticated, service_role;
grant execute on function dtf.admin_grant_credits(uuid, integer, text) to authenticated;
grant execute on function dtf.admin_set_user_active(uuid, boolean) to authenticated;

-- backend, Stripe webhook and scheduled jobs: service role only
grant execute on function dtf.add_user_credits(uuid, integer, text, text, jsonb) to service_role;
grant execute on function dtf.deduct_user_credits(uuid, integer, text, text, jsonb) to service_role;
grant execute on function dtf.expire_credits(timestamptz) to service_role;
grant execute on function dtf.fulfil_credit_purchase(uuid, uuid, text, text) to service_role;
grant execute on function dtf.grant_subscription_credits(
  uuid, text, text, text, text, timestamptz, timestamptz, timestamptz
) to service_role;
grant execute on function dtf.reverse_credit_purchase(text, text, text, integer) to service_role;
grant execute on function dtf.apply_subscription_event(
  text, timestamptz, text, uuid, text, text, text, text, timestamptz, timestamptz, timestamptz
) to service_role;
grant execute on function dtf.complete_image_operation(uuid, jsonb, numeric, numeric, text, text, text)
  to service_role;
grant execute on function dtf.fail_image_operation(uuid, text, numeric, integer) to service_role;
