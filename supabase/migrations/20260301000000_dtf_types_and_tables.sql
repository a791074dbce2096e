-- DTF Editor: tables, constraints, indexes and updated_at triggers.
--
-- Credits are an append-only ledger (dtf.credit_transactions) whose running balance is cached in
-- dtf.profiles.credits_remaining. Both change only through the SECURITY DEFINER functions of the
-- credit migration; clients and even the service role have no write privilege on either.

-- ============================================================================================
-- tables
-- ============================================================================================

-- profiles -----------------------------------------------------------------------------------

create table dtf.profiles (
  id uuid not null,
  email text not null,
  first_name text,
  last_name text,
  company text,
  phone text,
  avatar_url text,
  is_active boolean not null default true,
  is_admin boolean not null default false,
  subscription_status text not null default 'free',
  subscription_plan text not null default 'free',
  subscription_plan_id uuid,
  stripe_customer_id text,
  stripe_subscription_id text,
  subscription_current_period_end timestamptz,
  subscription_event_at timestamptz,
  credits_remaining integer not null default 0,
  total_credits_purchased integer not null default 0,
  total_credits_used integer not null default 0,
  last_activity_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint profiles_pkey primary key (id),
  constraint profiles_id_fkey foreign key (id) references auth.users (id) on delete cascade,
  constraint profiles_email_key unique (email),
  constraint profiles_stripe_customer_id_key unique (stripe_customer_id),
  constraint profiles_subscription_status_check
    check (subscription_status in ('free', 'active', 'past_due', 'unpaid', 'cancelled')),
  constraint profiles_credits_remaining_check check (credits_remaining >= 0),
  constraint profiles_total_credits_purchased_check check (total_credits_purchased >= 0),
  constraint profiles_total_credits_used_check check (total_credits_used >= 0),
  constraint profiles_first_name_length check (char_length(first_name) <= 100),
  constraint profiles_last_name_length check (char_length(last_name) <= 100),
  constraint profiles_company_length check (char_length(company) <= 200),
  constraint profiles_phone_length check (char_length(phone) <= 40),
  constraint profiles_avatar_url_length check (char_length(avatar_url) <= 2048)
);

comment on table dtf.profiles is
  'One row per DTF Editor user, keyed by auth.users.id. credits_remaining is the cached running '
  'balance of dtf.credit_transactions and changes only through the credit functions.';
comment on column dtf.profiles.subscription_status is
  'free (never subscribed), active, past_due, unpaid or cancelled; set from Stripe subscription events.';
comment on column dtf.profiles.subscription_event_at is
  'created time of the latest Stripe subscription event applied to this profile; older events are '
  'recorded in subscription_history but do not change the profile.';

-- subscription_plans -------------------------------------------------------------------------

create table dtf.subscription_plans (
  id uuid not null default extensions.gen_random_uuid(),
  name text not null,
  stripe_price_id text,
  description text,
  monthly_price numeric(10, 2),
  credits_per_month integer,
  features jsonb,
  is_active boolean not null default true,
  sort_order integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint subscription_plans_pkey primary key (id),
  constraint subscription_plans_name_key unique (name),
  constraint subscription_plans_stripe_price_id_key unique (stripe_price_id),
  constraint subscription_plans_monthly_price_check check (monthly_price >= 0),
  constraint subscription_plans_credits_per_month_check check (credits_per_month >= 0)
);

comment on table dtf.subscription_plans is 'Monthly subscription plans (catalogue, readable by anyone).';

alter table dtf.profiles
  add constraint profiles_subscription_plan_id_fkey
  foreign key (subscription_plan_id) references dtf.subscription_plans (id) on delete set null;

-- pay_as_you_go_packages ---------------------------------------------------------------------

create table dtf.pay_as_you_go_packages (
  id uuid not null default extensions.gen_random_uuid(),
  name text not null,
  stripe_price_id text,
  credits integer not null,
  price numeric(10, 2) not null,
  credit_validity_days integer,
  description text,
  is_active boolean not null default true,
  sort_order integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint pay_as_you_go_packages_pkey primary key (id),
  constraint pay_as_you_go_packages_stripe_price_id_key unique (stripe_price_id),
  constraint pay_as_you_go_packages_credits_check check (credits > 0),
  constraint pay_as_you_go_packages_price_check check (price >= 0),
  constraint pay_as_you_go_packages_credit_validity_days_check check (credit_validity_days > 0)
);

comment on table dtf.pay_as_you_go_packages is
  'One-off credit packages (catalogue, readable by anyone). credit_validity_days, when set, makes '
  'the purchased credits expire that many days after the purchase.';

-- operation_credit_prices --------------------------------------------------------------------

create table dtf.operation_credit_prices (
  operation_type text not null,
  credits integer not null,
  description text,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint operation_credit_prices_pkey primary key (operation_type),
  constraint operation_credit_prices_operation_type_check
    check (operation_type in ('upscale', 'background_removal', 'vectorize', 'generate')),
  constraint operation_credit_prices_credits_check check (credits > 0)
);

comment on table dtf.operation_credit_prices is
  'Credits charged for one image operation of each type (catalogue, readable by anyone). '
  'dtf.start_image_operation charges from here; the client never names a price.';

-- images -------------------------------------------------------------------------------------

create table dtf.images (
  id uuid not null default extensions.gen_random_uuid(),
  user_id uuid not null,
  original_filename text not null,
  original_file_size integer,
  original_file_type text,
  original_url text,
  processed_url text,
  thumbnail_url text,
  final_url text,
  processing_status text not null default 'pending',
  processing_error text,
  is_favorite boolean not null default false,
  download_count integer not null default 0,
  metadata jsonb,
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint images_pkey primary key (id),
  constraint images_user_id_fkey foreign key (user_id) references dtf.profiles (id) on delete cascade,
  constraint images_processing_status_check
    check (processing_status in ('pending', 'processing', 'completed', 'failed')),
  constraint images_original_filename_length check (char_length(original_filename) between 1 and 255),
  constraint images_original_file_size_check check (original_file_size >= 0),
  constraint images_download_count_check check (download_count >= 0),
  -- The original is an object of the dtf-images bucket in its owner's folder, so an image row can
  -- never make the processing service (which reads storage as service_role) fetch someone else's
  -- file or an arbitrary URL.
  constraint images_original_in_owner_folder check (
    original_url is null
    or (original_url like 'dtf-images/' || user_id || '/%' and original_url !~ '(^|/)\.\.?(/|$)')
  )
);

comment on table dtf.images is
  'An uploaded image and its processed versions; files live in the dtf-images storage bucket '
  'under <user id>/.';

-- image_operations ---------------------------------------------------------------------------

create table dtf.image_operations (
  id uuid not null default extensions.gen_random_uuid(),
  image_id uuid not null,
  user_id uuid not null,
  operation_type text not null,
  api_provider text not null,
  status text not null default 'pending',
  input_data jsonb,
  output_data jsonb,
  error_message text,
  processing_time numeric(10, 2),
  credits_used integer not null default 0,
  api_cost numeric(10, 4),
  created_at timestamptz not null default now(),
  completed_at timestamptz,
  constraint image_operations_pkey primary key (id),
  constraint image_operations_image_id_fkey
    foreign key (image_id) references dtf.images (id) on delete cascade,
  constraint image_operations_user_id_fkey
    foreign key (user_id) references dtf.profiles (id) on delete cascade,
  constraint image_operations_operation_type_check
    check (operation_type in ('upscale', 'background_removal', 'vectorize', 'generate')),
  constraint image_operations_status_check
    check (status in ('pending', 'processing', 'completed', 'failed')),
  constraint image_operations_api_provider_length check (char_length(api_provider) between 1 and 100),
  constraint image_operations_processing_time_check check (processing_time >= 0),
  constraint image_operations_credits_used_check check (credits_used >= 0),
  constraint image_operations_api_cost_check check (api_cost >= 0)
);

comment on table dtf.image_operations is
  'One paid processing step on an image. Written only by start/complete/fail_image_operation.';

-- image_collections --------------------------------------------------------------------------

create table dtf.image_collections (
  id uuid not null default extensions.gen_random_uuid(),
  user_id uuid not null,
  name text not null,
  description text,
  is_public boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint image_collections_pkey primary key (id),
  constraint image_collections_user_id_fkey
    foreign key (user_id) references dtf.profiles (id) on delete cascade,
  constraint image_collections_name_length check (char_length(name) between 1 and 200)
);

comment on table dtf.image_collections is 'A user''s named set of images; public ones are readable by anyone.';

-- image_collection_items ---------------------------------------------------------------------

create table dtf.image_collection_items (
  id uuid not null default extensions.gen_random_uuid(),
  collection_id uuid not null,
  image_id uuid not null,
  added_at timestamptz not null default now(),
  constraint image_collection_items_pkey primary key (id),
  constraint image_collection_items_collection_id_fkey
    foreign key (collection_id) references dtf.image_collections (id) on delete cascade,
  constraint image_collection_items_image_id_fkey
    foreign key (image_id) references dtf.images (id) on delete cascade,
  constraint image_collection_items_collection_id_image_id_key unique (collection_id, image_id)
);

comment on table dtf.image_collection_items is 'Membership of an image in a collection (same owner).';

-- credit_transactions ------------------------------------------------------------------------

create table dtf.credit_transactions (
  id uuid not null default extensions.gen_random_uuid(),
  entry_no bigint generated always as identity,
  user_id uuid not null,
  transaction_type text not null,
  amount integer not null,
  balance_before integer not null,
  balance_after integer not null,
  description text,
  metadata jsonb,
  stripe_payment_intent_id text,
  stripe_checkout_session_id text,
  stripe_invoice_id text,
  stripe_refund_id text,
  subscription_plan_id uuid,
  pay_as_you_go_package_id uuid,
  image_operation_id uuid,
  related_transaction_id uuid,
  expires_at timestamptz,
  lot_remaining integer,
  created_at timestamptz not null default now(),
  constraint credit_transactions_pkey primary key (id),
  constraint credit_transactions_entry_no_key unique (entry_no),
  constraint credit_transactions_user_id_fkey
    foreign key (user_id) references dtf.profiles (id) on delete cascade,
  constraint credit_transactions_subscription_plan_id_fkey
    foreign key (subscription_plan_id) references dtf.subscription_plans (id),
  constraint credit_transactions_pay_as_you_go_package_id_fkey
    foreign key (pay_as_you_go_package_id) references dtf.pay_as_you_go_packages (id),
  constraint credit_transactions_image_operation_id_fkey
    foreign key (image_operation_id) references dtf.image_operations (id) on delete set null,
  constraint credit_transactions_related_transaction_id_fkey
    foreign key (related_transaction_id) references dtf.credit_transactions (id) on delete set null,
  constraint credit_transactions_transaction_type_check
    check (transaction_type in ('purchase', 'usage', 'refund', 'bonus', 'expiration', 'reversal')),
  constraint credit_transactions_amount_sign_check check (
    (transaction_type in ('purchase', 'bonus', 'refund') and amount > 0)
    or (transaction_type in ('usage', 'expiration') and amount < 0)
    or (transaction_type = 'reversal' and amount <= 0)
  ),
  constraint credit_transactions_balance_chain_check
    check (balance_after = balance_before + amount and balance_before >= 0 and balance_after >= 0),
  constraint credit_transactions_lot_remaining_check check (
    lot_remaining is null
    or (lot_remaining between 0 and amount and expires_at is not null and amount > 0)
  )
);

comment on table dtf.credit_transactions is
  'Append-only credit ledger. amount is signed (balance_after = balance_before + amount); per user, '
  'ordered by entry_no, each row''s balance_before equals the previous row''s balance_after. '
  'Rows with expires_at are lots whose lot_remaining unused credits expire at that time.';
comment on column dtf.credit_transactions.entry_no is
  'Allocated while the user''s profile row is locked, so it orders each user''s entries.';
comment on column dtf.credit_transactions.lot_remaining is
  'For expiring grants: credits of this grant not yet used, expired or reversed.';

-- subscription_history -----------------------------------------------------------------------

create table dtf.subscription_history (
  id uuid not null default extensions.gen_random_uuid(),
  user_id uuid not null,
  subscription_plan_id uuid,
  stripe_subscription_id text,
  stripe_event_id text,
  stripe_event_created_at timestamptz,
  status text not null,
  applied boolean not null default true,
  started_at timestamptz not null,
  ended_at timestamptz,
  cancelled_at timestamptz,
  created_at timestamptz not null default now(),
  constraint subscription_history_pkey primary key (id),
  constraint subscription_history_user_id_fkey
    foreign key (user_id) references dtf.profiles (id) on delete cascade,
  constraint subscription_history_subscription_plan_id_fkey
    foreign key (subscription_plan_id) references dtf.subscription_plans (id),
  constraint subscription_history_stripe_event_id_key unique (stripe_event_id),
  constraint subscription_history_status_check
    check (status in ('active', 'cancelled', 'past_due', 'unpaid'))
);

comment on table dtf.subscription_history is
  'Every Stripe subscription event received for a user. applied is false for events that arrived '
  'after a newer one (out of order) or concern a subscription that is no longer the current one.';

-- api_costs ----------------------------------------------------------------------------------

create table dtf.api_costs (
  id uuid not null default extensions.gen_random_uuid(),
  api_provider text not null,
  operation_type text not null,
  cost_per_operation numeric(10, 4) not null,
  currency text not null default 'USD',
  effective_date date not null,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  constraint api_costs_pkey primary key (id),
  constraint api_costs_provider_operation_date_key unique (api_provider, operation_type, effective_date),
  constraint api_costs_cost_per_operation_check check (cost_per_operation >= 0),
  constraint api_costs_currency_check check (currency ~ '^[A-Z]{3}$')
);

comment on table dtf.api_costs is
  'What each provider charges us per operation, from effective_date on. Admins and service role only.';

-- api_usage_logs -----------------------------------------------------------------------------

create table dtf.api_usage_logs (
  id uuid not null default extensions.gen_random_uuid(),
  user_id uuid,
  image_operation_id uuid,
  api_provider text not null,
  operation_type text not null,
  request_data jsonb,
  response_data jsonb,
  status_code integer,
  response_time numeric(10, 2),
  cost numeric(10, 4),
  error_message text,
  created_at timestamptz not null default now(),
  constraint api_usage_logs_pkey primary key (id),
  constraint api_usage_logs_user_id_fkey
    foreign key (user_id) references dtf.profiles (id) on delete cascade,
  constraint api_usage_logs_image_operation_id_fkey
    foreign key (image_operation_id) references dtf.image_operations (id) on delete set null,
  constraint api_usage_logs_response_time_check check (response_time >= 0),
  constraint api_usage_logs_cost_check check (cost >= 0)
);

comment on table dtf.api_usage_logs is 'One call to an image API provider. Admins and service role only.';

-- admin_logs ---------------------------------------------------------------------------------

create table dtf.admin_logs (
  id uuid not null default extensions.gen_random_uuid(),
  admin_user_id uuid,
  action text not null,
  target_type text,
  target_id uuid,
  details jsonb,
  ip_address inet,
  user_agent text,
  created_at timestamptz not null default now(),
  constraint admin_logs_pkey primary key (id),
  constraint admin_logs_admin_user_id_fkey
    foreign key (admin_user_id) references dtf.profiles (id) on delete set null
);

comment on table dtf.admin_logs is 'Audit trail of admin actions. Readable by admins, written by the backend.';

-- system_metrics -----------------------------------------------------------------------------

create table dtf.system_metrics (
  id uuid not null default extensions.gen_random_uuid(),
  metric_name text not null,
  metric_value numeric(15, 4),
  metric_unit text,
  tags jsonb,
  recorded_at timestamptz not null default now(),
  constraint system_metrics_pkey primary key (id)
);

comment on table dtf.system_metrics is 'Operational metrics recorded by the backend. Admins and service role only.';

-- user_activity_logs -------------------------------------------------------------------------

create table dtf.user_activity_logs (
  id uuid not null default extensions.gen_random_uuid(),
  user_id uuid not null,
  activity_type text not null,
  activity_data jsonb,
  ip_address inet,
  user_agent text,
  created_at timestamptz not null default now(),
  constraint user_activity_logs_pkey primary key (id),
  constraint user_activity_logs_user_id_fkey
    foreign key (user_id) references dtf.profiles (id) on delete cascade
);

comment on table dtf.user_activity_logs is 'What a user did, recorded by the backend; the user reads his own.';

-- email_templates ----------------------------------------------------------------------------

create table dtf.email_templates (
  id uuid not null default extensions.gen_random_uuid(),
  name text not null,
  subject text not null,
  html_content text not null,
  text_content text,
  sendgrid_template_id text,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint email_templates_pkey primary key (id),
  constraint email_templates_name_key unique (name)
);

comment on table dtf.email_templates is 'Transactional and marketing e-mail templates. Admins and service role only.';

-- email_campaigns ----------------------------------------------------------------------------

create table dtf.email_campaigns (
  id uuid not null default extensions.gen_random_uuid(),
  name text not null,
  template_id uuid,
  target_audience jsonb,
  status text not null default 'draft',
  scheduled_at timestamptz,
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint email_campaigns_pkey primary key (id),
  constraint email_campaigns_template_id_fkey
    foreign key (template_id) references dtf.email_templates (id) on delete set null,
  constraint email_campaigns_status_check
    check (status in ('draft', 'scheduled', 'sending', 'completed', 'cancelled'))
);

comment on table dtf.email_campaigns is 'A mailing of one template to an audience. Admins and service role only.';

-- email_logs ---------------------------------------------------------------------------------

create table dtf.email_logs (
  id uuid not null default extensions.gen_random_uuid(),
  user_id uuid,
  template_id uuid,
  campaign_id uuid,
  sendgrid_message_id text,
  status text not null,
  sent_at timestamptz not null default now(),
  delivered_at timestamptz,
  opened_at timestamptz,
  clicked_at timestamptz,
  constraint email_logs_pkey primary key (id),
  constraint email_logs_user_id_fkey
    foreign key (user_id) references dtf.profiles (id) on delete cascade,
  constraint email_logs_template_id_fkey
    foreign key (template_id) references dtf.email_templates (id) on delete set null,
  constraint email_logs_campaign_id_fkey
    foreign key (campaign_id) references dtf.email_campaigns (id) on delete set null,
  constraint email_logs_status_check
    check (status in ('sent', 'delivered', 'opened', 'clicked', 'bounced', 'failed'))
);

comment on table dtf.email_logs is 'Delivery log of every e-mail sent. Admins and service role only.';

-- ============================================================================================
-- indexes
-- ============================================================================================

-- profiles (email is indexed by its unique constraint)
create index idx_profiles_subscription_status on dtf.profiles (subscription_status);
create index idx_profiles_created_at on dtf.profiles (created_at);
create index idx_profiles_subscription_plan_id on dtf.profiles (subscription_plan_id);
create index idx_profiles_stripe_subscription_id on dtf.profiles (stripe_subscription_id);

-- catalogues (policies filter on is_active)
create index idx_subscription_plans_is_active on dtf.subscription_plans (is_active, sort_order);
create index idx_pay_as_you_go_packages_is_active on dtf.pay_as_you_go_packages (is_active, sort_order);
create index idx_operation_credit_prices_is_active on dtf.operation_credit_prices (is_active);

-- images
create index idx_images_user_id on dtf.images (user_id);
create index idx_images_processing_status on dtf.images (processing_status);
create index idx_images_created_at on dtf.images (created_at);
create index idx_images_expires_at on dtf.images (expires_at);

-- image operations
create index idx_image_operations_image_id on dtf.image_operations (image_id);
create index idx_image_operations_user_id on dtf.image_operations (user_id);
create index idx_image_operations_status on dtf.image_operations (status);
create index idx_image_operations_created_at on dtf.image_operations (created_at);

-- collections
create index idx_image_collections_user_id on dtf.image_collections (user_id);
create index idx_image_collections_public on dtf.image_collections (is_public) where is_public;
create index idx_image_collection_items_image_id on dtf.image_collection_items (image_id);

-- credit transactions
create index idx_credit_transactions_user_id on dtf.credit_transactions (user_id, entry_no);
create index idx_credit_transactions_created_at on dtf.credit_transactions (created_at);
create index idx_credit_transactions_transaction_type on dtf.credit_transactions (transaction_type);
create index idx_credit_transactions_subscription_plan_id on dtf.credit_transactions (subscription_plan_id);
create index idx_credit_transactions_package_id on dtf.credit_transactions (pay_as_you_go_package_id);
create index idx_credit_transactions_image_operation_id on dtf.credit_transactions (image_operation_id);
create index idx_credit_transactions_related_transaction_id on dtf.credit_transactions (related_transaction_id);
create index idx_credit_transactions_open_lots
  on dtf.credit_transactions (user_id, expires_at) where lot_remaining > 0;
-- idempotency keys of the Stripe webhook path and of operation refunds
create unique index credit_transactions_purchase_checkout_session_key
  on dtf.credit_transactions (stripe_checkout_session_id)
  where transaction_type = 'purchase' and stripe_checkout_session_id is not null;
create unique index credit_transactions_purchase_payment_intent_key
  on dtf.credit_transactions (stripe_payment_intent_id)
  where transaction_type = 'purchase' and stripe_payment_intent_id is not null;
create unique index credit_transactions_purchase_invoice_key
  on dtf.credit_transactions (stripe_invoice_id)
  where transaction_type = 'purchase' and stripe_invoice_id is not null;
create unique index credit_transactions_reversal_refund_key
  on dtf.credit_transactions (stripe_refund_id)
  where transaction_type = 'reversal' and stripe_refund_id is not null;
create unique index credit_transactions_usage_operation_key
  on dtf.credit_transactions (image_operation_id)
  where transaction_type = 'usage' and image_operation_id is not null;
create unique index credit_transactions_refund_operation_key
  on dtf.credit_transactions (image_operation_id)
  where transaction_type = 'refund' and image_operation_id is not null;

-- subscription history
create index idx_subscription_history_user_id on dtf.subscription_history (user_id, stripe_event_created_at);
create index idx_subscription_history_subscription_plan_id on dtf.subscription_history (subscription_plan_id);
create index idx_subscription_history_stripe_subscription_id on dtf.subscription_history (stripe_subscription_id);

-- api costs and usage
create index idx_api_costs_lookup on dtf.api_costs (api_provider, operation_type, effective_date desc);
create index idx_api_usage_logs_user_id on dtf.api_usage_logs (user_id);
create index idx_api_usage_logs_created_at on dtf.api_usage_logs (created_at);
create index idx_api_usage_logs_api_provider on dtf.api_usage_logs (api_provider);
create index idx_api_usage_logs_image_operation_id on dtf.api_usage_logs (image_operation_id);

-- logs
create index idx_admin_logs_admin_user_id on dtf.admin_logs (admin_user_id);
create index idx_admin_logs_created_at on dtf.admin_logs (created_at);
create index idx_system_metrics_name_recorded_at on dtf.system_metrics (metric_name, recorded_at);
create index idx_user_activity_logs_user_id on dtf.user_activity_logs (user_id, created_at);

-- email
create index idx_email_campaigns_template_id on dtf.email_campaigns (template_id);
create index idx_email_logs_user_id on dtf.email_logs (user_id);
create index idx_email_logs_template_id on dtf.email_logs (template_id);
create index idx_email_logs_campaign_id on dtf.email_logs (campaign_id);

-- ============================================================================================
-- triggers
-- ============================================================================================

create trigger set_updated_at before update on dtf.profiles
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on dtf.subscription_plans
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on dtf.pay_as_you_go_packages
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on dtf.operation_credit_prices
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on dtf.images
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on dtf.image_collections
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on dtf.email_templates
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on dtf.email_campaigns
  for each row execute function private.set_updated_at();

-- ============================================================================================
-- row level security (policies live in the policies migration)
-- ============================================================================================

alter table dtf.profiles enable row level security;
alter table dtf.subscription_plans enable row level security;
alter table dtf.pay_as_you_go_packages enable row level security;
alter table dtf.operation_credit_prices enable row level security;
alter table dtf.images enable row level security;
alter table dtf.image_operations enable row level security;
alter table dtf.image_collections enable row level security;
alter table dtf.image_collection_items enable row level security;
alter table dtf.credit_transactions enable row level security;
alter table dtf.subscription_history enable row level security;
alter table dtf.api_costs enable row level security;
alter table dtf.api_usage_logs enable row level security;
alter table dtf.admin_logs enable row level security;
alter table dtf.system_metrics enable row level security;
alter table dtf.user_activity_logs enable row level security;
alter table dtf.email_templates enable row level security;
alter table dtf.email_campaigns enable row level security;
alter table dtf.email_logs enable row level security;
