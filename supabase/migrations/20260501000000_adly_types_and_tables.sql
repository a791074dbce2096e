-- ADLY: types, tables, indexes and updated_at triggers.
-- Every business row belongs to a workspace, directly (workspace_id) or through its parent.
-- Integration secrets and the OTP / 2FA tables live in `private` (see the secrets migration).

-- ============================================================================================
-- types
-- ============================================================================================

-- Declared in ascending order of rights so that roles compare with < and >.
create type adly.workspace_role as enum ('viewer', 'member', 'owner');
comment on type adly.workspace_role is 'Role of a user in a workspace, in ascending order of rights.';

create type adly.generation_job_status as enum ('pending', 'processing', 'completed', 'failed');
comment on type adly.generation_job_status is
  'pending -> processing -> completed | failed; enforced by a trigger.';

-- ============================================================================================
-- tables
-- ============================================================================================

create table adly.users (
  id uuid not null,
  email text not null,
  first_name text,
  last_name text,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint users_pkey primary key (id),
  constraint users_id_fkey foreign key (id) references auth.users (id) on delete cascade,
  constraint users_email_key unique (email),
  constraint users_email_length check (char_length(email) between 3 and 255),
  constraint users_first_name_length check (char_length(first_name) <= 100),
  constraint users_last_name_length check (char_length(last_name) <= 100)
);
comment on table adly.users is
  'ADLY profile of an auth user. Password and email verification live in Supabase Auth.';

create table adly.workspaces (
  id uuid not null default extensions.gen_random_uuid(),
  name text not null,
  slug text not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint workspaces_pkey primary key (id),
  constraint workspaces_slug_key unique (slug),
  constraint workspaces_created_by_fkey foreign key (created_by)
    references adly.users (id) on delete set null,
  constraint workspaces_name_length check (char_length(btrim(name)) between 1 and 255),
  constraint workspaces_slug_format check (
    char_length(slug) between 3 and 63 and slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'
  )
);
comment on table adly.workspaces is
  'Tenant. Owners are the members with role owner; created_by only records who created it.';

create table adly.workspace_members (
  id uuid not null default extensions.gen_random_uuid(),
  workspace_id uuid not null,
  user_id uuid not null,
  role adly.workspace_role not null default 'viewer',
  invited_by uuid,
  joined_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint workspace_members_pkey primary key (id),
  constraint workspace_members_workspace_id_fkey foreign key (workspace_id)
    references adly.workspaces (id) on delete cascade,
  constraint workspace_members_user_id_fkey foreign key (user_id)
    references adly.users (id) on delete cascade,
  constraint workspace_members_invited_by_fkey foreign key (invited_by)
    references adly.users (id) on delete set null,
  constraint workspace_members_workspace_user_key unique (workspace_id, user_id)
);
comment on table adly.workspace_members is
  'Membership and role. Changed only by owners; the last owner can be neither removed nor demoted.';

create table adly.audit_logs (
  id uuid not null default extensions.gen_random_uuid(),
  workspace_id uuid not null,
  user_id uuid,
  action text not null,
  resource_type text not null,
  resource_id uuid,
  details jsonb,
  ip_address inet,
  user_agent text,
  created_at timestamptz not null default now(),
  constraint audit_logs_pkey primary key (id),
  constraint audit_logs_workspace_id_fkey foreign key (workspace_id)
    references adly.workspaces (id) on delete cascade,
  constraint audit_logs_user_id_fkey foreign key (user_id)
    references adly.users (id) on delete set null,
  constraint audit_logs_action_length check (char_length(action) between 1 and 100),
  constraint audit_logs_resource_type_length check (char_length(resource_type) between 1 and 50)
);
comment on table adly.audit_logs is
  'Append-only trail of membership, integration and billing changes, written by triggers.';

create table adly.store_connections (
  id uuid not null default extensions.gen_random_uuid(),
  workspace_id uuid not null,
  platform text not null,
  store_name text not null,
  store_url text,
  is_active boolean not null default true,
  credentials_updated_at timestamptz,
  last_sync_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint store_connections_pkey primary key (id),
  constraint store_connections_workspace_id_fkey foreign key (workspace_id)
    references adly.workspaces (id) on delete cascade,
  constraint store_connections_platform_check
    check (platform in ('shopify', 'woocommerce', 'salla', 'zid')),
  constraint store_connections_store_name_length check (char_length(store_name) between 1 and 255),
  constraint store_connections_store_url_format
    check (store_url is null or (char_length(store_url) <= 500 and store_url ~ '^https?://'))
);
comment on table adly.store_connections is
  'E-commerce store connection. Tokens are kept encrypted in private.adly_store_connection_secrets.';

create table adly.products (
  id uuid not null default extensions.gen_random_uuid(),
  store_connection_id uuid not null,
  external_id text not null,
  title text not null,
  description text,
  price numeric(12, 2),
  currency text not null default 'SAR',
  image_url text,
  category text,
  tags text[] not null default '{}',
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint products_pkey primary key (id),
  constraint products_store_connection_id_fkey foreign key (store_connection_id)
    references adly.store_connections (id) on delete cascade,
  constraint products_store_external_key unique (store_connection_id, external_id),
  constraint products_external_id_length check (char_length(external_id) between 1 and 255),
  constraint products_title_length check (char_length(title) between 1 and 500),
  constraint products_price_nonnegative check (price >= 0),
  constraint products_currency_format check (currency ~ '^[A-Z]{3}$')
);
comment on table adly.products is 'Product synced from a store connection.';

create table adly.orders (
  id uuid not null default extensions.gen_random_uuid(),
  store_connection_id uuid not null,
  external_id text not null,
  customer_email text,
  total_amount numeric(12, 2) not null,
  currency text not null default 'SAR',
  status text not null,
  order_date timestamptz not null,
  attribution_data jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint orders_pkey primary key (id),
  constraint orders_store_connection_id_fkey foreign key (store_connection_id)
    references adly.store_connections (id) on delete cascade,
  constraint orders_store_external_key unique (store_connection_id, external_id),
  constraint orders_external_id_length check (char_length(external_id) between 1 and 255),
  constraint orders_total_amount_nonnegative check (total_amount >= 0),
  constraint orders_currency_format check (currency ~ '^[A-Z]{3}$'),
  constraint orders_status_length check (char_length(status) between 1 and 50),
  constraint orders_attribution_data_object
    check (attribution_data is null or jsonb_typeof(attribution_data) = 'object')
);
comment on table adly.orders is 'Order synced from a store; attribution_data holds UTM parameters, referrer, etc.';

create table adly.order_items (
  id uuid not null default extensions.gen_random_uuid(),
  order_id uuid not null,
  product_id uuid,
  external_product_id text,
  quantity integer not null,
  price numeric(12, 2) not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint order_items_pkey primary key (id),
  constraint order_items_order_id_fkey foreign key (order_id)
    references adly.orders (id) on delete cascade,
  constraint order_items_product_id_fkey foreign key (product_id)
    references adly.products (id) on delete set null,
  constraint order_items_quantity_positive check (quantity > 0),
  constraint order_items_price_nonnegative check (price >= 0)
);
comment on table adly.order_items is 'Line of an order; product_id is kept only while the product exists.';

create table adly.ad_accounts (
  id uuid not null default extensions.gen_random_uuid(),
  workspace_id uuid not null,
  platform text not null,
  account_id text not null,
  account_name text,
  token_expires_at timestamptz,
  is_active boolean not null default true,
  credentials_updated_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint ad_accounts_pkey primary key (id),
  constraint ad_accounts_workspace_id_fkey foreign key (workspace_id)
    references adly.workspaces (id) on delete cascade,
  constraint ad_accounts_workspace_platform_account_key unique (workspace_id, platform, account_id),
  constraint ad_accounts_workspace_id_id_key unique (workspace_id, id),
  constraint ad_accounts_platform_check check (platform in ('meta', 'tiktok', 'snapchat')),
  constraint ad_accounts_account_id_length check (char_length(account_id) between 1 and 255),
  constraint ad_accounts_account_name_length check (char_length(account_name) <= 255)
);
comment on table adly.ad_accounts is
  'Ad platform account. Tokens are kept encrypted in private.adly_ad_account_secrets.';

create table adly.campaigns (
  id uuid not null default extensions.gen_random_uuid(),
  workspace_id uuid not null,
  ad_account_id uuid,
  external_id text,
  name text not null,
  objective text not null,
  status text not null default 'draft',
  budget_type text,
  budget_amount numeric(12, 2),
  currency text not null default 'SAR',
  start_date date,
  end_date date,
  target_audience jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint campaigns_pkey primary key (id),
  constraint campaigns_workspace_id_fkey foreign key (workspace_id)
    references adly.workspaces (id) on delete cascade,
  -- the ad account must belong to the campaign's workspace
  constraint campaigns_ad_account_fkey foreign key (workspace_id, ad_account_id)
    references adly.ad_accounts (workspace_id, id) on delete cascade,
  constraint campaigns_workspace_id_id_key unique (workspace_id, id),
  constraint campaigns_name_length check (char_length(name) between 1 and 255),
  constraint campaigns_objective_length check (char_length(objective) between 1 and 100),
  constraint campaigns_status_check
    check (status in ('draft', 'active', 'paused', 'completed', 'archived')),
  constraint campaigns_budget_type_check check (budget_type in ('daily', 'lifetime')),
  constraint campaigns_budget_amount_nonnegative check (budget_amount >= 0),
  constraint campaigns_currency_format check (currency ~ '^[A-Z]{3}$'),
  constraint campaigns_dates_ordered check (end_date is null or start_date is null or end_date >= start_date)
);
comment on table adly.campaigns is 'Ad campaign of a workspace, optionally linked to one of its ad accounts.';

create table adly.ad_sets (
  id uuid not null default extensions.gen_random_uuid(),
  campaign_id uuid not null,
  external_id text,
  name text not null,
  status text not null default 'draft',
  budget_amount numeric(12, 2),
  bid_strategy text,
  targeting jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint ad_sets_pkey primary key (id),
  constraint ad_sets_campaign_id_fkey foreign key (campaign_id)
    references adly.campaigns (id) on delete cascade,
  constraint ad_sets_name_length check (char_length(name) between 1 and 255),
  constraint ad_sets_status_check
    check (status in ('draft', 'active', 'paused', 'completed', 'archived')),
  constraint ad_sets_budget_amount_nonnegative check (budget_amount >= 0),
  constraint ad_sets_bid_strategy_length check (char_length(bid_strategy) <= 100)
);
comment on table adly.ad_sets is 'Ad set (ad group) of a campaign.';

create table adly.ads (
  id uuid not null default extensions.gen_random_uuid(),
  ad_set_id uuid not null,
  external_id text,
  name text not null,
  status text not null default 'draft',
  creative_data jsonb,
  media_assets jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint ads_pkey primary key (id),
  constraint ads_ad_set_id_fkey foreign key (ad_set_id)
    references adly.ad_sets (id) on delete cascade,
  constraint ads_name_length check (char_length(name) between 1 and 255),
  constraint ads_status_check
    check (status in ('draft', 'active', 'paused', 'completed', 'archived'))
);
comment on table adly.ads is 'Ad of an ad set: creative (headlines, descriptions, CTAs) and media.';

create table adly.content_assets (
  id uuid not null default extensions.gen_random_uuid(),
  workspace_id uuid not null,
  type text not null,
  name text not null,
  file_url text,
  file_size bigint,
  mime_type text,
  metadata jsonb,
  generated_by text,
  generation_prompt text,
  language text not null default 'ar',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint content_assets_pkey primary key (id),
  constraint content_assets_workspace_id_fkey foreign key (workspace_id)
    references adly.workspaces (id) on delete cascade,
  constraint content_assets_workspace_id_id_key unique (workspace_id, id),
  constraint content_assets_type_check check (type in ('image', 'video', 'audio', 'text')),
  constraint content_assets_name_length check (char_length(name) between 1 and 255),
  constraint content_assets_file_size_nonnegative check (file_size >= 0),
  constraint content_assets_mime_type_length check (char_length(mime_type) <= 100),
  constraint content_assets_generated_by_length check (char_length(generated_by) <= 100),
  constraint content_assets_language_format check (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$')
);
comment on table adly.content_assets is 'Uploaded or generated creative asset of a workspace.';

create table adly.content_templates (
  id uuid not null default extensions.gen_random_uuid(),
  workspace_id uuid,
  name text not null,
  type text not null,
  template_data jsonb not null,
  is_public boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint content_templates_pkey primary key (id),
  constraint content_templates_workspace_id_fkey foreign key (workspace_id)
    references adly.workspaces (id) on delete cascade,
  -- public templates are the platform's own and belong to no workspace, so reading them
  -- reveals nothing about any tenant
  constraint content_templates_public_has_no_workspace check (is_public = (workspace_id is null)),
  constraint content_templates_name_length check (char_length(name) between 1 and 255),
  constraint content_templates_type_check check (type in ('video', 'image', 'text'))
);
comment on table adly.content_templates is
  'Content template: a workspace''s own, or a public platform template (no workspace).';

create table adly.generation_jobs (
  id uuid not null default extensions.gen_random_uuid(),
  workspace_id uuid not null,
  user_id uuid,
  type text not null,
  provider text not null,
  prompt text not null,
  parameters jsonb,
  status adly.generation_job_status not null default 'pending',
  result_asset_id uuid,
  error_message text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  completed_at timestamptz,
  constraint generation_jobs_pkey primary key (id),
  constraint generation_jobs_workspace_id_fkey foreign key (workspace_id)
    references adly.workspaces (id) on delete cascade,
  constraint generation_jobs_user_id_fkey foreign key (user_id)
    references adly.users (id) on delete set null,
  -- the result asset must belong to the job's workspace
  constraint generation_jobs_result_asset_fkey foreign key (workspace_id, result_asset_id)
    references adly.content_assets (workspace_id, id) on delete set null (result_asset_id),
  constraint generation_jobs_type_check check (type in ('text', 'image', 'video', 'voice')),
  constraint generation_jobs_provider_length check (char_length(provider) between 1 and 100),
  constraint generation_jobs_prompt_length check (char_length(prompt) between 1 and 20000),
  constraint generation_jobs_completed_at_when_finished
    check ((status in ('completed', 'failed')) = (completed_at is not null))
);
comment on table adly.generation_jobs is
  'AI generation request. Status moves pending -> processing -> completed | failed only.';

create table adly.campaign_metrics (
  id uuid not null default extensions.gen_random_uuid(),
  campaign_id uuid not null,
  date date not null,
  impressions bigint not null default 0,
  clicks bigint not null default 0,
  spend numeric(12, 2) not null default 0,
  conversions bigint not null default 0,
  revenue numeric(12, 2) not null default 0,
  ctr numeric generated always as
    (case when impressions > 0 then round(clicks::numeric / impressions, 4) end) stored,
  cpc numeric generated always as
    (case when clicks > 0 then round(spend / clicks, 2) end) stored,
  roas numeric generated always as
    (case when spend > 0 then round(revenue / spend, 2) end) stored,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint campaign_metrics_pkey primary key (id),
  constraint campaign_metrics_campaign_id_fkey foreign key (campaign_id)
    references adly.campaigns (id) on delete cascade,
  constraint campaign_metrics_campaign_date_key unique (campaign_id, date),
  constraint campaign_metrics_impressions_nonnegative check (impressions >= 0),
  constraint campaign_metrics_clicks_nonnegative check (clicks >= 0),
  constraint campaign_metrics_spend_nonnegative check (spend >= 0),
  constraint campaign_metrics_conversions_nonnegative check (conversions >= 0),
  constraint campaign_metrics_revenue_nonnegative check (revenue >= 0)
);
comment on table adly.campaign_metrics is
  'Daily campaign performance; ctr, cpc and roas are generated from the raw counts (null on division by zero).';

create table adly.attribution_events (
  id uuid not null default extensions.gen_random_uuid(),
  workspace_id uuid not null,
  campaign_id uuid,
  order_id uuid,
  event_type text not null,
  platform text,
  utm_source text,
  utm_medium text,
  utm_campaign text,
  utm_content text,
  utm_term text,
  referrer text,
  ip_address inet,
  user_agent text,
  event_time timestamptz not null,
  created_at timestamptz not null default now(),
  constraint attribution_events_pkey primary key (id),
  constraint attribution_events_workspace_id_fkey foreign key (workspace_id)
    references adly.workspaces (id) on delete cascade,
  -- the campaign must belong to the event's workspace
  constraint attribution_events_campaign_fkey foreign key (workspace_id, campaign_id)
    references adly.campaigns (workspace_id, id) on delete set null (campaign_id),
  constraint attribution_events_order_id_fkey foreign key (order_id)
    references adly.orders (id) on delete set null,
  constraint attribution_events_event_type_check check (event_type in ('click', 'view', 'conversion')),
  constraint attribution_events_platform_length check (char_length(platform) <= 50),
  constraint attribution_events_utm_length check (
    coalesce(char_length(utm_source), 0) <= 255 and coalesce(char_length(utm_medium), 0) <= 255
    and coalesce(char_length(utm_campaign), 0) <= 255 and coalesce(char_length(utm_content), 0) <= 255
    and coalesce(char_length(utm_term), 0) <= 255
  )
);
comment on table adly.attribution_events is 'Append-only click / view / conversion events.';

create table adly.subscription_plans (
  id uuid not null default extensions.gen_random_uuid(),
  name text not null,
  stripe_price_id text not null,
  price numeric(12, 2) not null,
  currency text not null default 'SAR',
  interval text not null,
  features jsonb not null,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint subscription_plans_pkey primary key (id),
  constraint subscription_plans_stripe_price_id_key unique (stripe_price_id),
  constraint subscription_plans_name_length check (char_length(name) between 1 and 100),
  constraint subscription_plans_price_nonnegative check (price >= 0),
  constraint subscription_plans_currency_format check (currency ~ '^[A-Z]{3}$'),
  constraint subscription_plans_interval_check check (interval in ('month', 'year')),
  constraint subscription_plans_features_object check (jsonb_typeof(features) = 'object')
);
comment on table adly.subscription_plans is 'Public price list; each plan maps to one Stripe price.';

create table adly.workspace_subscriptions (
  id uuid not null default extensions.gen_random_uuid(),
  workspace_id uuid not null,
  plan_id uuid,
  stripe_subscription_id text not null,
  status text not null,
  current_period_start timestamptz,
  current_period_end timestamptz,
  trial_end timestamptz,
  canceled_at timestamptz,
  stripe_event_created_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint workspace_subscriptions_pkey primary key (id),
  constraint workspace_subscriptions_workspace_id_fkey foreign key (workspace_id)
    references adly.workspaces (id) on delete cascade,
  constraint workspace_subscriptions_plan_id_fkey foreign key (plan_id)
    references adly.subscription_plans (id) on delete restrict,
  constraint workspace_subscriptions_stripe_subscription_id_key unique (stripe_subscription_id),
  constraint workspace_subscriptions_status_check check (status in (
    'incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused'
  ))
);
comment on table adly.workspace_subscriptions is
  'Stripe subscription of a workspace, written only by the webhook functions; stripe_event_created_at '
  'is the creation time of the newest Stripe event applied, so older events are ignored.';

create table adly.invoices (
  id uuid not null default extensions.gen_random_uuid(),
  workspace_id uuid not null,
  stripe_invoice_id text not null,
  amount numeric(12, 2) not null,
  currency text not null default 'SAR',
  status text not null,
  invoice_pdf text,
  paid_at timestamptz,
  stripe_event_created_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint invoices_pkey primary key (id),
  constraint invoices_workspace_id_fkey foreign key (workspace_id)
    references adly.workspaces (id) on delete cascade,
  constraint invoices_stripe_invoice_id_key unique (stripe_invoice_id),
  constraint invoices_amount_nonnegative check (amount >= 0),
  constraint invoices_currency_format check (currency ~ '^[A-Z]{3}$'),
  constraint invoices_status_check check (status in ('draft', 'open', 'paid', 'uncollectible', 'void'))
);
comment on table adly.invoices is 'Stripe invoice of a workspace, one row per Stripe invoice id.';

-- ============================================================================================
-- indexes (unique constraints above already index their leading columns)
-- ============================================================================================

create index workspaces_created_by_idx on adly.workspaces (created_by);
create index workspace_members_user_id_idx on adly.workspace_members (user_id);
create index workspace_members_invited_by_idx on adly.workspace_members (invited_by);
create index audit_logs_workspace_created_idx on adly.audit_logs (workspace_id, created_at desc);
create index audit_logs_user_id_idx on adly.audit_logs (user_id);
create index store_connections_workspace_id_idx on adly.store_connections (workspace_id);
create index orders_store_date_idx on adly.orders (store_connection_id, order_date desc);
create index orders_attribution_data_idx on adly.orders using gin (attribution_data);
create index order_items_order_id_idx on adly.order_items (order_id);
create index order_items_product_id_idx on adly.order_items (product_id);
create index campaigns_workspace_id_idx on adly.campaigns (workspace_id);
create index campaigns_ad_account_id_idx on adly.campaigns (ad_account_id);
create index campaigns_workspace_ad_account_idx on adly.campaigns (workspace_id, ad_account_id);
create index ad_sets_campaign_id_idx on adly.ad_sets (campaign_id);
create index ads_ad_set_id_idx on adly.ads (ad_set_id);
create index content_assets_workspace_type_idx on adly.content_assets (workspace_id, type);
create index content_templates_workspace_id_idx on adly.content_templates (workspace_id);
create index content_templates_public_idx on adly.content_templates (is_public) where is_public;
create index generation_jobs_status_created_idx on adly.generation_jobs (status, created_at);
create index generation_jobs_workspace_id_idx on adly.generation_jobs (workspace_id);
create index generation_jobs_user_id_idx on adly.generation_jobs (user_id);
create index generation_jobs_result_asset_idx on adly.generation_jobs (workspace_id, result_asset_id);
create index attribution_events_workspace_time_idx on adly.attribution_events (workspace_id, event_time desc);
create index attribution_events_campaign_id_idx on adly.attribution_events (campaign_id);
create index attribution_events_workspace_campaign_idx on adly.attribution_events (workspace_id, campaign_id);
create index attribution_events_order_id_idx on adly.attribution_events (order_id);
create index workspace_subscriptions_workspace_id_idx on adly.workspace_subscriptions (workspace_id);
create index workspace_subscriptions_plan_id_idx on adly.workspace_subscriptions (plan_id);
create index invoices_workspace_id_idx on adly.invoices (workspace_id);

-- ============================================================================================
-- triggers: updated_at
-- ============================================================================================

create trigger set_updated_at before update on adly.users
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on adly.workspaces
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on adly.workspace_members
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on adly.store_connections
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on adly.products
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on adly.orders
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on adly.order_items
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on adly.ad_accounts
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on adly.campaigns
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on adly.ad_sets
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on adly.ads
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on adly.content_assets
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on adly.content_templates
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on adly.generation_jobs
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on adly.campaign_metrics
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on adly.subscription_plans
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on adly.workspace_subscriptions
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on adly.invoices
  for each row execute function private.set_updated_at();

-- ============================================================================================
-- row level security: on for every table from the start; policies in the policies migration
-- ============================================================================================

alter table adly.users enable row level security;
alter table adly.workspaces enable row level security;
alter table adly.workspace_members enable row level security;
alter table adly.audit_logs enable row level security;
alter table adly.store_connections enable row level security;
alter table adly.products enable row level security;
alter table adly.orders enable row level security;
alter table adly.order_items enable row level security;
alter table adly.ad_accounts enable row level security;
alter table adly.campaigns enable row level security;
alter table adly.ad_sets enable row level security;
alter table adly.ads enable row level security;
alter table adly.content_assets enable row level security;
alter table adly.content_templates enable row level security;
alter table adly.generation_jobs enable row level security;
alter table adly.campaign_metrics enable row level security;
alter table adly.attribution_events enable row level security;
alter table adly.subscription_plans enable row level security;
alter table adly.workspace_subscriptions enable row level security;
alter table adly.invoices enable row level security;
