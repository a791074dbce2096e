-- Billing glue shared by the four products: the checkout sessions the `checkout` edge function
-- opens, and the log of Stripe webhook events. Both live in `private` (never exposed by the Data
-- API) and are reached only through the SECURITY DEFINER functions of the next migrations.
--
-- SQLSTATEs raised by the billing functions (the edge functions map them to HTTP statuses):
--   BL001 item unknown, inactive or not sold through checkout (404)
--   BL002 already owned or already subscribed (409)
--   BL003 caller may not buy this item (403)
--   BL004 a checkout for the same item is being created right now (409)
--   22023 invalid argument (400)

-- ============================================================================================
-- tables
-- ============================================================================================

create table private.billing_checkouts (
  id uuid not null default extensions.gen_random_uuid(),
  product text not null,
  user_id uuid not null,
  item_kind text not null,
  item_id uuid not null,
  workspace_id uuid,
  mode text not null,
  currency text not null,
  amount_minor bigint not null,
  stripe_price_id text,
  status text not null default 'creating',
  stripe_checkout_session_id text,
  checkout_url text,
  expires_at timestamptz,
  stripe_payment_intent_id text,
  stripe_subscription_id text,
  stripe_customer_id text,
  completed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint billing_checkouts_pkey primary key (id),
  constraint billing_checkouts_user_id_fkey foreign key (user_id)
    references auth.users (id) on delete cascade,
  constraint billing_checkouts_stripe_checkout_session_id_key unique (stripe_checkout_session_id),
  constraint billing_checkouts_product_check
    check (product in ('marketplace', 'courses', 'dtf', 'adly')),
  constraint billing_checkouts_item_kind_check
    check (item_kind in ('workflow', 'course_product', 'credit_package', 'subscription_plan')),
  constraint billing_checkouts_mode_check check (mode in ('payment', 'subscription')),
  constraint billing_checkouts_currency_format check (currency ~ '^[A-Z]{3}$'),
  constraint billing_checkouts_amount_positive check (amount_minor > 0),
  constraint billing_checkouts_status_check
    check (status in ('creating', 'open', 'processing', 'paid', 'expired', 'failed')),
  constraint billing_checkouts_subscription_has_price
    check (mode <> 'subscription' or stripe_price_id is not null),
  constraint billing_checkouts_workspace_only_for_adly
    check ((product = 'adly') = (workspace_id is not null)),
  constraint billing_checkouts_open_has_session
    check (status = 'creating' or stripe_checkout_session_id is not null)
);

comment on table private.billing_checkouts is
  'One row per Stripe Checkout Session the checkout function opens: who buys what, at the price '
  'the database set. status: creating (Stripe not called yet) → open → processing (asynchronous '
  'payment under way) → paid, or expired / failed. A paid checkout never goes back.';
comment on column private.billing_checkouts.amount_minor is
  'Price in the currency''s minor unit (cents), as sent to Stripe; for plans, the plan''s price.';

create table private.stripe_events (
  id text not null,
  type text not null,
  stripe_created_at timestamptz not null,
  livemode boolean not null default false,
  product text,
  object_id text,
  outcome text not null default 'received',
  detail text,
  deferred_charge jsonb,
  received_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint stripe_events_pkey primary key (id),
  constraint stripe_events_id_format check (id ~ '^evt_[A-Za-z0-9_]+$' and char_length(id) <= 255),
  constraint stripe_events_product_check
    check (product is null or product in ('marketplace', 'courses', 'dtf', 'adly')),
  constraint stripe_events_outcome_check check (outcome in (
    'received', 'applied', 'replayed', 'stale', 'ignored', 'awaiting_payment', 'deferred', 'applied_late',
    'rejected'
  ))
);

comment on table private.stripe_events is
  'Every Stripe webhook event applied, once: the row is written in the same transaction as the '
  'event''s effect, so a replay finds it and changes nothing. outcome: applied; replayed (the '
  'product had already applied the same Stripe object); stale (older than what is recorded, or a '
  'state that may not go backwards); ignored (type or object not ours); awaiting_payment '
  '(checkout completed, asynchronous payment pending); deferred (a refund that arrived before its '
  'payment: applied when the payment is, then applied_late); rejected (the products refused the '
  'event for good; detail holds the SQLSTATE and message, and a redelivery applies it again).';
comment on column private.stripe_events.deferred_charge is
  'For a deferred refund only: the charge as the event carried it, applied with its payment.';
comment on column private.stripe_events.object_id is
  'The Stripe object the event is about (session, charge, subscription, invoice); for a deferred '
  'refund, the payment intent it waits for.';

-- ============================================================================================
-- indexes
-- ============================================================================================

create index billing_checkouts_user_item_idx
  on private.billing_checkouts (user_id, product, item_id)
  where status in ('creating', 'open');
create index billing_checkouts_payment_intent_idx
  on private.billing_checkouts (stripe_payment_intent_id)
  where stripe_payment_intent_id is not null;
create index billing_checkouts_subscription_idx
  on private.billing_checkouts (stripe_subscription_id)
  where stripe_subscription_id is not null;
create index stripe_events_deferred_idx
  on private.stripe_events (object_id)
  where outcome = 'deferred';
create index stripe_events_type_created_idx on private.stripe_events (type, stripe_created_at);

-- ============================================================================================
-- triggers
-- ============================================================================================

create trigger set_updated_at
  before update on private.billing_checkouts
  for each row execute function private.set_updated_at();
create trigger set_updated_at
  before update on private.stripe_events
  for each row execute function private.set_updated_at();

-- ============================================================================================
-- helpers
-- ============================================================================================

-- Stripe amounts are integers in the currency's minor unit: none for the zero-decimal currencies,
-- thousandths for the three-decimal ones (whose amounts Stripe wants as multiples of 10, which
-- prices with two decimals always are), hundredths for the rest.
create function private.billing_minor_unit_factor(p_currency text)
returns integer
language sql
immutable
set search_path = ''
as $$
  select case when upper(p_currency) in (
    'BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV',
    'XAF', 'XOF', 'XPF'
  ) then 1
  when upper(p_currency) in ('BHD', 'JOD', 'KWD', 'OMR', 'TND') then 1000
  else 100 end
$$;
revoke execute on function private.billing_minor_unit_factor(text) from public;
comment on function private.billing_minor_unit_factor(text) is
  'Internal: 1 for Stripe''s zero-decimal currencies, 1000 for its three-decimal ones, 100 otherwise.';

-- ============================================================================================
-- policies: none. RLS on with no policy: only the table owner (the SECURITY DEFINER billing
-- functions) reads or writes these tables; no API role has a grant on them.
-- ============================================================================================

alter table private.billing_checkouts enable row level security;
alter table private.stripe_events enable row level security;

revoke all on private.billing_checkouts, private.stripe_events from public, anon, authenticated, service_role;
