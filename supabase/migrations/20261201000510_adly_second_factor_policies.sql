-- ADLY: a user who enabled a second factor reaches ADLY data only from a session that passed it
-- (private.second_factor_satisfied(): the mfa function's factor bound to the Auth session, or
-- aal2 from Supabase Auth's own MFA). One restrictive policy per table, for every operation of
-- authenticated: it is ANDed with the permissive policies, which still decide which rows; users
-- without a second factor see no change. The helper runs once per statement (an init plan).
-- Every table of the schema has a grant to authenticated, so every table has the policy; the
-- SECURITY DEFINER RPCs, which bypass row level security, check the same helper themselves.

-- ============================================================================================
-- policies
-- ============================================================================================

create policy "users with a second factor need a verified session" on adly.ad_accounts
  as restrictive for all to authenticated
  using ((select private.second_factor_satisfied()))
  with check ((select private.second_factor_satisfied()));
create policy "users with a second factor need a verified session" on adly.ad_sets
  as restrictive for all to authenticated
  using ((select private.second_factor_satisfied()))
  with check ((select private.second_factor_satisfied()));
create policy "users with a second factor need a verified session" on adly.ads
  as restrictive for all to authenticated
  using ((select private.second_factor_satisfied()))
  with check ((select private.second_factor_satisfied()));
create policy "users with a second factor need a verified session" on adly.attribution_events
  as restrictive for all to authenticated
  using ((select private.second_factor_satisfied()))
  with check ((select private.second_factor_satisfied()));
create policy "users with a second factor need a verified session" on adly.audit_logs
  as restrictive for all to authenticated
  using ((select private.second_factor_satisfied()))
  with check ((select private.second_factor_satisfied()));
create policy "users with a second factor need a verified session" on adly.campaign_metrics
  as restrictive for all to authenticated
  using ((select private.second_factor_satisfied()))
  with check ((select private.second_factor_satisfied()));
create policy "users with a second factor need a verified session" on adly.campaigns
  as restrictive for all to authenticated
  using ((select private.second_factor_satisfied()))
  with check ((select private.second_factor_satisfied()));
create policy "users with a second factor need a verified session" on adly.content_assets
  as restrictive for all to authenticated
  using ((select private.second_factor_satisfied()))
  with check ((select private.second_factor_satisfied()));
create policy "users with a second factor need a verified session" on adly.content_templates
  as restrictive for all to authenticated
  using ((select private.second_factor_satisfied()))
  with check ((select private.second_factor_satisfied()));
create policy "users with a second factor need a verified session" on adly.generation_jobs
  as restrictive for all to authenticated
  using ((select private.second_factor_satisfied()))
  with check ((select private.second_factor_satisfied()));
create policy "users with a second factor need a verified session" on adly.invoices
  as restrictive for all to authenticated
  using ((select private.second_factor_satisfied()))
  with check ((select private.second_factor_satisfied()));
create policy "users with a second factor need a verified session" on adly.order_items
  as restrictive for all to authenticated
  using ((select private.second_factor_satisfied()))
  with check ((select private.second_factor_satisfied()));
create policy "users with a second factor need a verified session" on adly.orders
  as restrictive for all to authenticated
  using ((select private.second_factor_satisfied()))
  with check ((select private.second_factor_satisfied()));
create policy "users with a second factor need a verified session" on adly.products
  as restrictive for all to authenticated
  using ((select private.second_factor_satisfied()))
  with check ((select private.second_factor_satisfied()));
create policy "users with a second factor need a verified session" on adly.store_connections
  as restrictive for all to authenticated
  using ((select private.second_factor_satisfied()))
  with check ((select private.second_factor_satisfied()));
create policy "users with a second factor need a verified session" on adly.subscription_plans
  as restrictive for all to authenticated
  using ((select private.second_factor_satisfied()))
  with check ((select private.second_factor_satisfied()));
create policy "users with a second factor need a verified session" on adly.users
  as restrictive for all to authenticated
  using ((select private.second_factor_satisfied()))
  with check ((select private.second_factor_satisfied()));
create policy "users with a second factor need a verified session" on adly.workspace_invitations
  as restrictive for all to authenticated
  using ((select private.second_factor_satisfied()))
  with check ((select private.second_factor_satisfied()));
create policy "users with a second factor need a verified session" on adly.workspace_members
  as restrictive for all to authenticated
  using ((select private.second_factor_satisfied()))
  with check ((select private.second_factor_satisfied()));
create policy "users with a second factor need a verified session" on adly.workspace_subscriptions
  as restrictive for all to authenticated
  using ((select private.second_factor_satisfied()))
  with check ((select private.second_factor_satisfied()));
create policy "users with a second factor need a verified session" on adly.workspaces
  as restrictive for all to authenticated
  using ((select private.second_factor_satisfied()))
  with check ((select private.second_factor_satisfied()));
