-- Each product owns what a refund does to it, and knows its own subscriptions. Billing used to
-- read marketplace.purchases, courses.purchases and dtf.credit_transactions to decide a refund,
-- and dtf.profiles and adly.workspace_subscriptions to find a subscription's owner; now it reads
-- only its own tables (private.billing_checkouts, private.stripe_events) and asks the products:
--   marketplace.apply_refund, courses.apply_refund, dtf.apply_refund   what a refund changes,
--                                                                     as an outcome
--   dtf.subscription_owner, adly.subscription_workspace                whose subscription it is
-- Behaviour is unchanged: the same outcomes and details reach private.stripe_events.

-- ============================================================================================
-- product functions
-- ============================================================================================

create function marketplace.apply_refund(
  p_stripe_checkout_session_id text,
  p_full boolean,
  p_amount bigint,
  p_amount_refunded bigint,
  p_refunded_at timestamptz,
  out outcome text,
  out detail text
)
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- a workflow is bought whole: only a full refund takes access back
  if not p_full then
    outcome := 'ignored';
    detail := format('partial refund (%s of %s): access kept', p_amount_refunded, p_amount);
    return;
  end if;
  -- refund_checkout_purchase accepts a replay too; the outcome says which one this is
  perform 1 from marketplace.purchases p
   where p.stripe_checkout_session_id = p_stripe_checkout_session_id and p.status = 'REFUNDED';
  if found then
    outcome := 'replayed';
    return;
  end if;
  perform marketplace.refund_checkout_purchase(p_stripe_checkout_session_id, p_refunded_at);
  outcome := 'applied';
end;
$$;
revoke execute on function marketplace.apply_refund(text, boolean, bigint, bigint, timestamptz) from public;
grant execute on function marketplace.apply_refund(text, boolean, bigint, bigint, timestamptz) to service_role;
comment on function marketplace.apply_refund(text, boolean, bigint, bigint, timestamptz) is
  'Billing (charge.refunded of a paid checkout): a full refund refunds the purchase through '
  'refund_checkout_purchase (applied, or replayed when already REFUNDED); a partial refund keeps '
  'access (ignored). service_role only.';

create function courses.apply_refund(
  p_stripe_session_id text,
  p_full boolean,
  p_amount bigint,
  p_amount_refunded bigint,
  out outcome text,
  out detail text
)
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- a course product is bought whole: only a full refund takes access back
  if not p_full then
    outcome := 'ignored';
    detail := format('partial refund (%s of %s): access kept', p_amount_refunded, p_amount);
    return;
  end if;
  perform 1 from courses.purchases p
   where p.stripe_session_id = p_stripe_session_id and p.refunded_at is not null;
  if found then
    outcome := 'replayed';
    return;
  end if;
  perform courses.refund_purchase(p_stripe_session_id => p_stripe_session_id);
  outcome := 'applied';
end;
$$;
revoke execute on function courses.apply_refund(text, boolean, bigint, bigint) from public;
grant execute on function courses.apply_refund(text, boolean, bigint, bigint) to service_role;
comment on function courses.apply_refund(text, boolean, bigint, bigint) is
  'Billing (charge.refunded of a paid checkout): a full refund refunds the purchase through '
  'refund_purchase (applied, or replayed when already refunded); a partial refund keeps access '
  '(ignored). service_role only.';

create function dtf.apply_refund(
  p_refund_key text,
  p_stripe_payment_intent_id text,
  p_stripe_checkout_session_id text,
  p_full boolean,
  p_amount bigint,
  p_amount_refunded bigint,
  out outcome text,
  out detail text
)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_purchase record;
  v_requested integer;
  v_result record;
begin
  -- The purchase row is locked first, so that two refunds of one payment applied at once queue
  -- here and the second counts the credits the first took back. A payment is a checkout (by its
  -- session) or a subscription invoice (by its payment intent).
  select t.id, t.amount into v_purchase
    from dtf.credit_transactions t
   where t.transaction_type = 'purchase'
     and (t.stripe_payment_intent_id = p_stripe_payment_intent_id
          or t.stripe_checkout_session_id = p_stripe_checkout_session_id)
   limit 1
   for update of t;
  if not found then
    outcome := 'deferred';
    detail := 'no credit purchase yet for this payment intent';
    return;
  end if;
  -- the refunded share of the credits, less what earlier refunds of the payment asked for
  if p_full or p_amount <= 0 then
    v_requested := null;
  else
    v_requested := floor(v_purchase.amount * p_amount_refunded::numeric / p_amount)::integer
      - coalesce((select sum((t.metadata ->> 'requested')::integer)
                    from dtf.credit_transactions t
                   where t.transaction_type = 'reversal' and t.related_transaction_id = v_purchase.id), 0);
    if v_requested <= 0 then
      outcome := 'stale';
      detail := 'the credits of this refunded share were already taken back';
      return;
    end if;
  end if;
  if v_requested is null and exists (
    select 1 from dtf.credit_transactions t
     where t.transaction_type = 'reversal' and t.related_transaction_id = v_purchase.id
     having coalesce(sum((t.metadata ->> 'requested')::integer), 0) >= v_purchase.amount) then
    outcome := 'replayed';
    return;
  end if;
  select * into v_result
    from dtf.reverse_credit_purchase(p_refund_key, p_stripe_payment_intent_id,
                                     p_stripe_checkout_session_id, v_requested);
  outcome := case when v_result.already_applied then 'replayed' else 'applied' end;
  detail := format('%s credits taken back', -v_result.amount);
end;
$$;
revoke execute on function dtf.apply_refund(text, text, text, boolean, bigint, bigint) from public;
grant execute on function dtf.apply_refund(text, text, text, boolean, bigint, bigint) to service_role;
comment on function dtf.apply_refund(text, text, text, boolean, bigint, bigint) is
  'Billing (charge.refunded): takes back floor(credits x refunded / amount) of the purchase paid by '
  'this payment intent or checkout session, minus what earlier refunds asked for (all of them on a '
  'full refund), once per refund key, through reverse_credit_purchase. Outcome applied, replayed, '
  'stale (a smaller cumulative refund than already applied) or deferred (no such purchase yet). '
  'service_role only.';

create function dtf.subscription_owner(p_stripe_subscription_id text, p_stripe_customer_id text)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select p.id from dtf.profiles p
   where p.stripe_subscription_id = p_stripe_subscription_id or p.stripe_customer_id = p_stripe_customer_id
   limit 1
$$;
revoke execute on function dtf.subscription_owner(text, text) from public;
grant execute on function dtf.subscription_owner(text, text) to service_role;
comment on function dtf.subscription_owner(text, text) is
  'Billing: the profile holding this Stripe subscription or customer, for subscriptions whose '
  'metadata does not name their user; null when none. service_role only.';

create function adly.subscription_workspace(p_stripe_subscription_id text)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select ws.workspace_id from adly.workspace_subscriptions ws
   where ws.stripe_subscription_id = p_stripe_subscription_id
$$;
revoke execute on function adly.subscription_workspace(text) from public;
grant execute on function adly.subscription_workspace(text) to service_role;
comment on function adly.subscription_workspace(text) is
  'Billing: the workspace subscribed with this Stripe subscription, for subscriptions whose '
  'metadata does not name it; null when none. service_role only.';

-- ============================================================================================
-- billing: dispatch to the products
-- ============================================================================================

create or replace function private.billing_subscription_owner(
  p_subscription_id text,
  p_customer_id text,
  p_metadata jsonb,
  out product text,
  out user_id uuid,
  out workspace_id uuid
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  product := p_metadata ->> 'product';
  user_id := private.billing_to_uuid(p_metadata ->> 'user_id');
  workspace_id := private.billing_to_uuid(p_metadata ->> 'workspace_id');
  if product in ('dtf', 'adly') then
    return;
  end if;
  product := null;
  workspace_id := adly.subscription_workspace(p_subscription_id);
  if workspace_id is not null then
    product := 'adly';
    return;
  end if;
  user_id := dtf.subscription_owner(p_subscription_id, p_customer_id);
  if user_id is not null then
    product := 'dtf';
    return;
  end if;
  select c.product, c.user_id, c.workspace_id into product, user_id, workspace_id
    from private.billing_checkouts c where c.stripe_subscription_id = p_subscription_id;
end;
$$;
comment on function private.billing_subscription_owner(text, text, jsonb) is
  'Internal: product (dtf or adly), user and workspace of a Stripe subscription: its metadata, '
  'else what the products know (adly.subscription_workspace, dtf.subscription_owner), else the '
  'checkout that created it; product null when the subscription is none of ours.';

create or replace function private.billing_refund_charge(p_charge jsonb, p_refunded_at timestamptz,
  out outcome text, out product text, out detail text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_pi text := p_charge ->> 'payment_intent';
  v_amount bigint := coalesce((p_charge ->> 'amount')::bigint, 0);
  v_refunded bigint := coalesce((p_charge ->> 'amount_refunded')::bigint, 0);
  v_full boolean := coalesce((p_charge ->> 'refunded')::boolean, false);
  v_checkout private.billing_checkouts;
  v_effect record;
begin
  select * into v_checkout from private.billing_checkouts c
   where c.stripe_payment_intent_id = v_pi and c.status = 'paid';
  product := v_checkout.product;

  if product = 'marketplace' then
    v_effect := marketplace.apply_refund(v_checkout.stripe_checkout_session_id, v_full, v_amount,
                                         v_refunded, p_refunded_at);
  elsif product = 'courses' then
    v_effect := courses.apply_refund(v_checkout.stripe_checkout_session_id, v_full, v_amount, v_refunded);
  elsif product = 'dtf' or product is null then
    -- without a paid checkout, the payment may be a DTF subscription invoice, which only DTF knows
    v_effect := dtf.apply_refund(
      coalesce(p_charge #>> '{refunds,data,0,id}', (p_charge ->> 'id') || ':' || v_refunded),
      v_pi, v_checkout.stripe_checkout_session_id, v_full, v_amount, v_refunded);
    if product is null and v_effect.outcome = 'deferred' then
      outcome := 'deferred';
      detail := 'no payment applied yet for this payment intent';
      return;
    end if;
    product := 'dtf';
  else
    outcome := 'ignored';
    detail := 'subscription payments of this product are not refunded by the webhook';
    return;
  end if;
  outcome := v_effect.outcome;
  detail := v_effect.detail;
end;
$$;
comment on function private.billing_refund_charge(jsonb, timestamptz) is
  'Internal: applies a charge.refunded charge through the product of the payment: '
  'marketplace.apply_refund, courses.apply_refund (paid checkouts) or dtf.apply_refund (paid '
  'checkouts and subscription invoices); deferred when no product has the payment yet.';
