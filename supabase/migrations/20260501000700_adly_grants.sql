-- ADLY: table privileges. RLS narrows rows; these grants narrow operations and columns.
-- anon reads only the plan catalogue. authenticated gets exactly what its policies allow;
-- workspaces, memberships and integrations are created through functions, never inserted
-- directly. service_role (the backend) bypasses RLS but cannot rewrite history: audit logs and
-- attribution events are insert-only, subscriptions and invoices change only through the
-- webhook functions.

-- ============================================================================================
-- grants: anon
-- ============================================================================================

grant select on adly.subscription_plans to anon;

-- ============================================================================================
-- grants: authenticated
-- ============================================================================================

grant select, update (first_name, last_name) on adly.users to authenticated;
grant select, update (name, slug), delete on adly.workspaces to authenticated;
grant select, update (role), delete on adly.workspace_members to authenticated;
grant select on adly.audit_logs to authenticated;
grant select, update (store_name, store_url, is_active), delete on adly.store_connections to authenticated;
grant select, update (account_name, is_active), delete on adly.ad_accounts to authenticated;

grant select, delete,
  insert (id, store_connection_id, external_id, title, description, price, currency, image_url, category, tags,
          is_active),
  update (external_id, title, description, price, currency, image_url, category, tags, is_active)
  on adly.products to authenticated;
grant select, delete,
  insert (id, store_connection_id, external_id, customer_email, total_amount, currency, status, order_date,
          attribution_data),
  update (external_id, customer_email, total_amount, currency, status, order_date, attribution_data)
  on adly.orders to authenticated;
grant select, delete,
  insert (id, order_id, product_id, external_product_id, quantity, price),
  update (product_id, external_product_id, quantity, price)
  on adly.order_items to authenticated;
grant select, delete,
  insert (id, workspace_id, ad_account_id, external_id, name, objective, status, budget_type, budget_amount,
          currency, start_date, end_date, target_audience),
  update (ad_account_id, external_id, name, objective, status, budget_type, budget_amount, currency,
          start_date, end_date, target_audience)
  on adly.campaigns to authenticated;
grant select, delete,
  insert (id, campaign_id, external_id, name, status, budget_amount, bid_strategy, targeting),
  update (external_id, name, status, budget_amount, bid_strategy, targeting)
  on adly.ad_sets to authenticated;
grant select, delete,
  insert (id, ad_set_id, external_id, name, status, creative_data, media_assets),
  update (external_id, name, status, creative_data, media_assets)
  on adly.ads to authenticated;
grant select, delete,
  insert (id, workspace_id, type, name, file_url, file_size, mime_type, metadata, generated_by, generation_prompt,
          language),
  update (name, file_url, file_size, mime_type, metadata, generated_by, generation_prompt, language)
  on adly.content_assets to authenticated;
grant select, delete,
  insert (id, workspace_id, name, type, template_data),
  update (name, type, template_data)
  on adly.content_templates to authenticated;
grant select, delete,
  insert (id, workspace_id, user_id, type, provider, prompt, parameters)
  on adly.generation_jobs to authenticated;
grant select on adly.campaign_metrics to authenticated;
grant select on adly.attribution_events to authenticated;
grant select on adly.subscription_plans to authenticated;
grant select on adly.workspace_subscriptions to authenticated;
grant select on adly.invoices to authenticated;

-- ============================================================================================
-- grants: service_role
-- ============================================================================================

grant select, insert, update, delete on
  adly.users, adly.workspaces, adly.workspace_members, adly.store_connections, adly.products,
  adly.orders, adly.order_items, adly.ad_accounts, adly.campaigns, adly.ad_sets, adly.ads,
  adly.content_assets, adly.content_templates, adly.generation_jobs, adly.campaign_metrics,
  adly.subscription_plans
  to service_role;
grant select, insert on adly.audit_logs, adly.attribution_events to service_role;
grant select on adly.workspace_subscriptions, adly.invoices to service_role;
