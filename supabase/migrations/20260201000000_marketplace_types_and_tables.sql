-- UsITech workflow marketplace: enums, tables, indexes and updated_at triggers.
-- Behaviour (identity, counters, commerce, audit), policies and grants live in later migrations.

-- ============================================================================================
-- types
-- ============================================================================================

create type marketplace.user_role as enum ('USER', 'ADMIN');
create type marketplace.workflow_status as enum ('active', 'draft', 'archived', 'expired');
create type marketplace.purchase_status as enum ('ACTIVE', 'PENDING', 'REJECT', 'REFUNDED', 'FAILED');
create type marketplace.payment_method as enum ('CARD', 'PAYPAL', 'BANK_TRANSFER', 'QR');
create type marketplace.notification_type as enum ('SUCCESS', 'WARNING', 'ERROR');

comment on type marketplace.workflow_status is
  'Only active workflows are in the public catalogue; draft, archived and expired ones are admin-only.';
comment on type marketplace.purchase_status is
  'PENDING: checkout open. ACTIVE: paid, grants access. REJECT: checkout expired or declined. '
  'FAILED: payment failed. REFUNDED: paid, then refunded (access revoked).';

-- ============================================================================================
-- tables
-- ============================================================================================

-- users ---------------------------------------------------------------------------------------
create table marketplace.users (
  id uuid not null,
  name varchar(120) not null,
  email varchar(150),
  role marketplace.user_role not null default 'USER',
  last_login timestamptz,
  is_deleted boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint users_pkey primary key (id),
  constraint users_id_fkey foreign key (id) references auth.users (id) on delete cascade,
  constraint users_email_key unique (email),
  constraint users_name_not_blank check (char_length(btrim(name)) > 0)
);
comment on table marketplace.users is
  'Marketplace accounts, keyed by auth.users.id. Credentials live in Supabase Auth; email and '
  'last_login are copied from auth.users by triggers. role and is_deleted are admin-only.';

-- categories ----------------------------------------------------------------------------------
create table marketplace.categories (
  id uuid not null default extensions.gen_random_uuid(),
  name varchar(80) not null,
  slug varchar(80) not null,
  description text,
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint categories_pkey primary key (id),
  constraint categories_name_key unique (name),
  constraint categories_slug_key unique (slug),
  constraint categories_slug_format check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  constraint categories_position_nonnegative check (position >= 0)
);
comment on table marketplace.categories is 'Catalogue categories; workflows link to them through workflow_categories.';

-- workflows -----------------------------------------------------------------------------------
create table marketplace.workflows (
  id uuid not null default extensions.gen_random_uuid(),
  title varchar(200) not null,
  description text,
  price numeric(12, 2) not null default 0,
  currency char(3) not null default 'USD',
  status marketplace.workflow_status not null default 'active',
  video_url text,
  tags text[] not null default '{}',
  features text[] not null default '{}',
  downloads_count bigint not null default 0,
  rating_avg numeric(3, 2),
  reviews_count integer not null default 0,
  is_deleted boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint workflows_pkey primary key (id),
  constraint workflows_title_not_blank check (char_length(btrim(title)) > 0),
  constraint workflows_price_nonnegative check (price >= 0),
  constraint workflows_currency_format check (currency ~ '^[A-Z]{3}$'),
  constraint workflows_downloads_count_nonnegative check (downloads_count >= 0),
  constraint workflows_reviews_count_nonnegative check (reviews_count >= 0),
  constraint workflows_rating_avg_range check (rating_avg between 1 and 5),
  constraint workflows_rating_matches_reviews check ((reviews_count = 0) = (rating_avg is null))
);
comment on table marketplace.workflows is
  'Marketplace items. The downloadable package is in workflow_packages, never in the catalogue. '
  'downloads_count, rating_avg and reviews_count are maintained by the database.';

-- workflow_packages ---------------------------------------------------------------------------
create table marketplace.workflow_packages (
  workflow_id uuid not null,
  file_url text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint workflow_packages_pkey primary key (workflow_id),
  constraint workflow_packages_workflow_id_fkey foreign key (workflow_id)
    references marketplace.workflows (id) on delete cascade,
  constraint workflow_packages_file_url_not_blank check (char_length(btrim(file_url)) > 0)
);
comment on table marketplace.workflow_packages is
  'The downloadable package of a workflow (seed: workflows.file_url). Readable by admins, by buyers '
  'with an ACTIVE purchase and, for free workflows, by any signed-in user.';

-- workflow_categories -------------------------------------------------------------------------
create table marketplace.workflow_categories (
  workflow_id uuid not null,
  category_id uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint workflow_categories_pkey primary key (workflow_id, category_id),
  constraint workflow_categories_workflow_id_fkey foreign key (workflow_id)
    references marketplace.workflows (id) on delete cascade,
  constraint workflow_categories_category_id_fkey foreign key (category_id)
    references marketplace.categories (id) on delete cascade
);
comment on table marketplace.workflow_categories is 'Many-to-many link between workflows and categories.';

-- workflow_assets -----------------------------------------------------------------------------
create table marketplace.workflow_assets (
  id uuid not null default extensions.gen_random_uuid(),
  workflow_id uuid not null,
  asset_url text not null,
  kind varchar(30) not null default 'image',
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint workflow_assets_pkey primary key (id),
  constraint workflow_assets_workflow_id_fkey foreign key (workflow_id)
    references marketplace.workflows (id) on delete cascade,
  constraint workflow_assets_kind_valid check (kind in ('image', 'thumbnail', 'video')),
  constraint workflow_assets_position_nonnegative check (position >= 0)
);
comment on table marketplace.workflow_assets is
  'Thumbnails, gallery images and videos of a workflow, ordered by position.';

-- workflow_docs -------------------------------------------------------------------------------
create table marketplace.workflow_docs (
  id uuid not null default extensions.gen_random_uuid(),
  workflow_id uuid not null,
  title text not null,
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint workflow_docs_pkey primary key (id),
  constraint workflow_docs_workflow_id_fkey foreign key (workflow_id)
    references marketplace.workflows (id) on delete cascade,
  constraint workflow_docs_title_not_blank check (char_length(btrim(title)) > 0),
  constraint workflow_docs_position_nonnegative check (position >= 0)
);
comment on table marketplace.workflow_docs is 'Ordered documentation bullets shown on a workflow''s detail page.';

-- favorites -----------------------------------------------------------------------------------
create table marketplace.favorites (
  id uuid not null default extensions.gen_random_uuid(),
  user_id uuid not null,
  workflow_id uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint favorites_pkey primary key (id),
  constraint favorites_user_id_fkey foreign key (user_id)
    references marketplace.users (id) on delete cascade,
  constraint favorites_workflow_id_fkey foreign key (workflow_id)
    references marketplace.workflows (id) on delete cascade,
  constraint favorites_user_id_workflow_id_key unique (user_id, workflow_id)
);
comment on table marketplace.favorites is 'A user''s wishlist ("workflows you liked"); private to the user.';

-- comments ------------------------------------------------------------------------------------
create table marketplace.comments (
  id uuid not null default extensions.gen_random_uuid(),
  workflow_id uuid not null,
  user_id uuid,
  parent_comment_id uuid,
  content text not null,
  likes_count integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint comments_pkey primary key (id),
  constraint comments_id_workflow_id_key unique (id, workflow_id),
  constraint comments_workflow_id_fkey foreign key (workflow_id)
    references marketplace.workflows (id) on delete cascade,
  constraint comments_user_id_fkey foreign key (user_id)
    references marketplace.users (id) on delete set null,
  -- a reply belongs to the same workflow as its parent
  constraint comments_parent_fkey foreign key (parent_comment_id, workflow_id)
    references marketplace.comments (id, workflow_id) on delete cascade,
  constraint comments_not_own_parent check (parent_comment_id is distinct from id),
  constraint comments_content_length check (char_length(btrim(content)) between 1 and 5000),
  constraint comments_likes_count_nonnegative check (likes_count >= 0)
);
comment on table marketplace.comments is
  'Public comments on workflows with nested replies. likes_count is maintained by the database; '
  'user_id becomes null when the author''s account is deleted.';

-- comment_likes -------------------------------------------------------------------------------
create table marketplace.comment_likes (
  id uuid not null default extensions.gen_random_uuid(),
  comment_id uuid not null,
  user_id uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint comment_likes_pkey primary key (id),
  constraint comment_likes_comment_id_fkey foreign key (comment_id)
    references marketplace.comments (id) on delete cascade,
  constraint comment_likes_user_id_fkey foreign key (user_id)
    references marketplace.users (id) on delete cascade,
  constraint comment_likes_comment_id_user_id_key unique (comment_id, user_id)
);
comment on table marketplace.comment_likes is 'One like per user and comment.';

-- notifications -------------------------------------------------------------------------------
create table marketplace.notifications (
  id uuid not null default extensions.gen_random_uuid(),
  user_id uuid not null,
  type marketplace.notification_type not null default 'SUCCESS',
  title varchar(200) not null,
  message text,
  is_unread boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint notifications_pkey primary key (id),
  constraint notifications_user_id_fkey foreign key (user_id)
    references marketplace.users (id) on delete cascade,
  constraint notifications_title_not_blank check (char_length(btrim(title)) > 0),
  constraint notifications_message_length check (char_length(message) <= 2000)
);
comment on table marketplace.notifications is
  'In-app notifications. Created by the service role, admins and the purchase functions; the '
  'recipient reads, marks read and clears them.';

-- purchases -----------------------------------------------------------------------------------
create table marketplace.purchases (
  id uuid not null default extensions.gen_random_uuid(),
  user_id uuid not null,
  workflow_id uuid not null,
  currency char(3) not null default 'USD',
  amount numeric(12, 2) not null,
  tax numeric(12, 2) not null default 0,
  total numeric(12, 2) not null,
  payment_method marketplace.payment_method not null,
  status marketplace.purchase_status not null default 'PENDING',
  stripe_checkout_session_id text,
  stripe_payment_intent_id text,
  paid_at timestamptz,
  refunded_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint purchases_pkey primary key (id),
  constraint purchases_user_id_fkey foreign key (user_id)
    references marketplace.users (id) on delete cascade,
  constraint purchases_workflow_id_fkey foreign key (workflow_id)
    references marketplace.workflows (id) on delete restrict,
  constraint purchases_stripe_checkout_session_id_key unique (stripe_checkout_session_id),
  constraint purchases_currency_format check (currency ~ '^[A-Z]{3}$'),
  constraint purchases_amount_nonnegative check (amount >= 0),
  constraint purchases_tax_nonnegative check (tax >= 0),
  constraint chk_total check (total = amount + tax),
  constraint purchases_paid_at_matches_status
    check ((status in ('ACTIVE', 'REFUNDED')) = (paid_at is not null)),
  constraint purchases_refunded_at_matches_status
    check ((status = 'REFUNDED') = (refunded_at is not null))
);
comment on table marketplace.purchases is
  'Single-workflow purchases. Written only by the checkout/webhook functions; the buyer reads his own.';

-- invoices ------------------------------------------------------------------------------------
create table marketplace.invoices (
  id uuid not null default extensions.gen_random_uuid(),
  purchase_id uuid not null,
  invoice_year smallint not null,
  invoice_sequence integer not null,
  invoice_number varchar(40) not null,
  billing_name varchar(160),
  billing_email varchar(150),
  billing_address jsonb,
  currency char(3) not null,
  amount numeric(12, 2) not null,
  tax numeric(12, 2) not null default 0,
  total numeric(12, 2) not null,
  issued_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint invoices_pkey primary key (id),
  constraint invoices_purchase_id_key unique (purchase_id),
  constraint invoices_purchase_id_fkey foreign key (purchase_id)
    references marketplace.purchases (id) on delete cascade,
  constraint invoices_invoice_number_key unique (invoice_number),
  constraint invoices_year_sequence_key unique (invoice_year, invoice_sequence),
  constraint invoices_sequence_positive check (invoice_sequence > 0),
  constraint invoices_number_format
    check (invoice_number = 'INV-' || invoice_year || '-' || lpad(invoice_sequence::text, 6, '0')),
  constraint invoices_currency_format check (currency ~ '^[A-Z]{3}$'),
  constraint invoices_amount_nonnegative check (amount >= 0),
  constraint invoices_tax_nonnegative check (tax >= 0),
  constraint invoices_total check (total = amount + tax),
  constraint invoices_billing_address_object
    check (billing_address is null or jsonb_typeof(billing_address) = 'object')
);
comment on table marketplace.invoices is
  'One invoice per fulfilled purchase (the single link is invoices.purchase_id). Numbers are '
  'INV-<year>-<6 digits>, sequential per year without gaps, issued by fulfil_checkout_purchase.';

-- invoice_counters ----------------------------------------------------------------------------
create table marketplace.invoice_counters (
  invoice_year smallint not null,
  last_sequence integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint invoice_counters_pkey primary key (invoice_year),
  constraint invoice_counters_last_sequence_nonnegative check (last_sequence >= 0)
);
comment on table marketplace.invoice_counters is
  'Last invoice sequence issued per year. The row is locked for update while an invoice is issued, '
  'so concurrent fulfilments get consecutive numbers and a rolled-back one leaves no gap.';

-- workflow_reviews ----------------------------------------------------------------------------
create table marketplace.workflow_reviews (
  id uuid not null default extensions.gen_random_uuid(),
  workflow_id uuid not null,
  user_id uuid,
  rating smallint not null,
  title varchar(200),
  body text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint workflow_reviews_pkey primary key (id),
  constraint workflow_reviews_workflow_id_fkey foreign key (workflow_id)
    references marketplace.workflows (id) on delete cascade,
  constraint workflow_reviews_user_id_fkey foreign key (user_id)
    references marketplace.users (id) on delete set null,
  constraint workflow_reviews_workflow_id_user_id_key unique (workflow_id, user_id),
  constraint workflow_reviews_rating_range check (rating between 1 and 5),
  constraint workflow_reviews_body_length check (char_length(body) <= 5000)
);
comment on table marketplace.workflow_reviews is
  'Public 1-5 star reviews; one per user and workflow, written by users who have access to the workflow.';

-- analytics_daily -----------------------------------------------------------------------------
create table marketplace.analytics_daily (
  id uuid not null default extensions.gen_random_uuid(),
  workflow_id uuid not null,
  date date not null,
  downloads_count bigint not null default 0,
  sales_count bigint not null default 0,
  revenue numeric(14, 2) not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint analytics_daily_pkey primary key (id),
  constraint analytics_daily_workflow_id_fkey foreign key (workflow_id)
    references marketplace.workflows (id) on delete cascade,
  constraint analytics_daily_workflow_id_date_key unique (workflow_id, date),
  constraint analytics_daily_counts_nonnegative check (downloads_count >= 0 and sales_count >= 0),
  constraint analytics_daily_revenue_nonnegative check (revenue >= 0)
);
comment on table marketplace.analytics_daily is
  'Per-workflow daily aggregates (UTC days): downloads, sales and net revenue (amount before tax). '
  'Maintained by the download and fulfilment functions; admins read it.';

-- user_settings -------------------------------------------------------------------------------
create table marketplace.user_settings (
  id uuid not null default extensions.gen_random_uuid(),
  user_id uuid not null,
  email_notifications boolean not null default true,
  workflow_updates boolean not null default true,
  marketing_emails boolean not null default false,
  locale varchar(10),
  timezone varchar(64),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint user_settings_pkey primary key (id),
  constraint user_settings_user_id_key unique (user_id),
  constraint user_settings_user_id_fkey foreign key (user_id)
    references marketplace.users (id) on delete cascade,
  constraint user_settings_locale_format check (locale ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$')
);
comment on table marketplace.user_settings is 'Per-user preferences (notification toggles, locale, timezone).';

-- system_settings -----------------------------------------------------------------------------
create table marketplace.system_settings (
  id uuid not null default extensions.gen_random_uuid(),
  key varchar(120) not null,
  value jsonb not null,
  value_type varchar(30) not null default 'json',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint system_settings_pkey primary key (id),
  constraint system_settings_key_key unique (key),
  constraint system_settings_value_type_valid
    check (value_type in ('json', 'string', 'number', 'boolean'))
);
comment on table marketplace.system_settings is
  'Global configuration for admins. Never holds secrets: payment provider keys stay in the edge '
  'functions'' environment.';

-- audit_logs ----------------------------------------------------------------------------------
create table marketplace.audit_logs (
  id uuid not null default extensions.gen_random_uuid(),
  admin_id uuid,
  actor_role text not null,
  action varchar(120) not null,
  target_type varchar(60) not null,
  target_id uuid,
  old_values jsonb,
  new_values jsonb,
  metadata jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint audit_logs_pkey primary key (id),
  constraint audit_logs_admin_id_fkey foreign key (admin_id)
    references marketplace.users (id) on delete set null,
  constraint audit_logs_actor_role_valid check (actor_role in ('admin', 'service_role', 'system'))
);
comment on table marketplace.audit_logs is
  'Append-only trail written by triggers with the before/after row values: changes to workflows '
  'and users by admins or the service role, and every change to purchases. admin_id is null for '
  'the service role and the system (a backend connection without JWT claims), and after the '
  'admin''s account is deleted.';

-- contact_messages ----------------------------------------------------------------------------
create table marketplace.contact_messages (
  id uuid not null default extensions.gen_random_uuid(),
  user_id uuid,
  name varchar(120) not null,
  email varchar(150) not null,
  subject varchar(200),
  message text not null,
  is_read boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint contact_messages_pkey primary key (id),
  constraint contact_messages_user_id_fkey foreign key (user_id)
    references marketplace.users (id) on delete set null,
  constraint contact_messages_name_not_blank check (char_length(btrim(name)) > 0),
  constraint contact_messages_email_format check (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  constraint contact_messages_message_length check (char_length(btrim(message)) between 1 and 5000)
);
comment on table marketplace.contact_messages is
  'Contact form submissions: anyone may submit one, only admins read and handle them.';

-- ============================================================================================
-- indexes
-- ============================================================================================

-- users.email and the other unique keys are indexed by their constraints.
create index idx_users_role on marketplace.users (role);
create index idx_workflows_status on marketplace.workflows (status) where not is_deleted;
create index idx_workflows_price on marketplace.workflows (price);
create index idx_workflow_categories_category on marketplace.workflow_categories (category_id);
create index idx_workflow_assets_wf on marketplace.workflow_assets (workflow_id, position);
create index idx_workflow_docs_wf on marketplace.workflow_docs (workflow_id, position);
create index idx_favorites_workflow on marketplace.favorites (workflow_id);
create index idx_comments_wf on marketplace.comments (workflow_id);
create index idx_comments_parent on marketplace.comments (parent_comment_id, workflow_id);
create index idx_comments_user on marketplace.comments (user_id);
create index idx_comment_likes_user on marketplace.comment_likes (user_id);
create index idx_notifications_user_unread on marketplace.notifications (user_id, is_unread);
create index idx_purchases_user on marketplace.purchases (user_id, workflow_id, status);
create index idx_purchases_workflow on marketplace.purchases (workflow_id);
create index idx_purchases_status on marketplace.purchases (status);
create index idx_purchases_payment_intent on marketplace.purchases (stripe_payment_intent_id);
create index idx_reviews_wf_rating on marketplace.workflow_reviews (workflow_id, rating);
create index idx_reviews_user on marketplace.workflow_reviews (user_id);
create index idx_audit_logs_admin on marketplace.audit_logs (admin_id);
create index idx_audit_logs_target on marketplace.audit_logs (target_type, target_id);
create index idx_contact_messages_user on marketplace.contact_messages (user_id);
create index idx_contact_messages_unread on marketplace.contact_messages (created_at) where not is_read;

-- ============================================================================================
-- triggers
-- ============================================================================================

do $$
declare
  t text;
begin
  foreach t in array array[
    'users', 'categories', 'workflows', 'workflow_packages', 'workflow_categories',
    'workflow_assets', 'workflow_docs', 'favorites', 'comments', 'comment_likes',
    'notifications', 'purchases', 'invoices', 'invoice_counters', 'workflow_reviews',
    'analytics_daily', 'user_settings', 'system_settings', 'audit_logs', 'contact_messages'
  ] loop
    execute format(
      'create trigger set_updated_at before update on marketplace.%I '
      'for each row execute function private.set_updated_at()', t);
  end loop;
end;
$$;

-- ============================================================================================
-- row level security (policies in the _policies migration)
-- ============================================================================================

alter table marketplace.users enable row level security;
alter table marketplace.categories enable row level security;
alter table marketplace.workflows enable row level security;
alter table marketplace.workflow_packages enable row level security;
alter table marketplace.workflow_categories enable row level security;
alter table marketplace.workflow_assets enable row level security;
alter table marketplace.workflow_docs enable row level security;
alter table marketplace.favorites enable row level security;
alter table marketplace.comments enable row level security;
alter table marketplace.comment_likes enable row level security;
alter table marketplace.notifications enable row level security;
alter table marketplace.purchases enable row level security;
alter table marketplace.invoices enable row level security;
alter table marketplace.invoice_counters enable row level security;
alter table marketplace.workflow_reviews enable row level security;
alter table marketplace.analytics_daily enable row level security;
alter table marketplace.user_settings enable row level security;
alter table marketplace.system_settings enable row level security;
alter table marketplace.audit_logs enable row level security;
alter table marketplace.contact_messages enable row level security;
