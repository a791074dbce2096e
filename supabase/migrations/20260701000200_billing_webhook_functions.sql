-- The stripe-webhook edge function's SQL. private.billing_apply_stripe_event(event) is the one
-- entry point: it records the event id in private.stripe_events and applies its effect through
-- the products' functions in the same transaction, so an event is applied once however often
-- and in whatever order Stripe delivers it. service_role only. Stripe objects are read as the
-- API sends them (version 2026-10-28; older shapes of invoices and subscriptions are read too).

-- ============================================================================================
-- helpers
-- ============================================================================================

create function private.billing_to_uuid(p_text text)
returns uuid
language sql
immutable
set search_path = ''
as $$
  select case when p_text ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
              then p_text::uuid end
$$;
revoke execute on function private.billing_to_uuid(text) from public;
comment on function private.billing_to_uuid(text) is 'Internal: the uuid a text holds, or null.';

create function private.billing_to_timestamptz(p_unix jsonb)
returns timestamptz
language sql
immutable
set search_path = ''
as $$
  select case when jsonb_typeof(p_unix) = 'number' then pg_catalog.to_timestamp((p_unix #>> '{}')::double precision) end
$$;
revoke execute on function private.billing_to_timestamptz(jsonb) from public;
comment on function private.billing_to_timestamptz(jsonb) is
  'Internal: a Stripe unix timestamp as timestamptz (null when absent).';

-- Which product a subscription belongs to, and its owner: the metadata the checkout put on it,
-- or, for subscriptions created elsewhere, what the products already know about it.
create function private.billing_subscription_owner(
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
  select 'adly', ws.workspace_id into product, workspace_id
    from adly.workspace_subscriptions ws where ws.stripe_subscription_id = p_subscription_id;
  if found then
    return;
  end if;
  select 'dtf', p.id into product, user_id
    from dtf.profiles p
   where p.stripe_subscription_id = p_subscription_id or p.stripe_customer_id = p_customer_id
   limit 1;
  if found then
    return;
  end if;
  select c.product, c.user_id, c.workspace_id into product, user_id, workspace_id
    from private.billing_checkouts c where c.stripe_subscription_id = p_subscription_id;
end;
$$;
revoke execute on function private.billing_subscription_owner(text, text, jsonb) from public;
comment on function private.billing_subscription_owner(text, text, jsonb) is
  'Internal: product (dtf or adly), user and workspace of a Stripe subscription; product null when '
  'the subscription is none of ours.';

-- ============================================================================================
-- refunds (charge.refunded, and deferred refunds once their payment is applied)
-- ============================================================================================

create function private.billing_refund_charge(p_charge jsonb, p_refunded_at timestamptz,
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
  v_refund_key text;
  v_checkout private.billing_checkouts;
  v_purchase record;
  v_requested integer;
  v_target integer;
  v_result record;
begin
  select * into v_checkout from private.billing_checkouts c
   where c.stripe_payment_intent_id = v_pi and c.status = 'paid';
  if found then
    product := v_checkout.product;
  else
    -- subscription invoices of DTF credit their plans with the payment intent
    select 'dtf' into product from dtf.credit_transactions t
     where t.transaction_type = 'purchase' and t.stripe_payment_intent_id = v_pi limit 1;
    if not found then
      outcome := 'deferred';
      detail := 'no payment applied yet for this payment intent';
      return;
    end if;
  end if;

  if product in ('marketplace', 'courses') then
    if not v_full then
      outcome := 'ignored';
      detail := format('partial refund (%s of %s): access kept', v_refunded, v_amount);
      return;
    end if;
    if product = 'marketplace' then
      if exists (select 1 from marketplace.purchases p
                  where p.stripe_checkout_session_id = v_checkout.stripe_checkout_session_id
                    and p.status = 'REFUNDED') then
        outcome := 'replayed';
        return;
      end if;
      perform marketplace.refund_checkout_purchase(v_checkout.stripe_checkout_session_id, p_refunded_at);
    else
      if exists (select 1 from courses.purchases p
                  where p.stripe_session_id = v_checkout.stripe_checkout_session_id
                    and p.refunded_at is not null) then
        outcome := 'replayed';
        return;
      end if;
      perform courses.refund_purchase(p_stripe_session_id => v_checkout.stripe_checkout_session_id);
    end if;
    outcome := 'applied';
    return;
  end if;

  if product <> 'dtf' then
    outcome := 'ignored';
    detail := 'subscription payments of this product are not refunded by the webhook';
    return;
  end if;

  -- DTF: take back the refunded share of the credits, as far as the balance allows. The purchase
  -- row is locked first, so that two refunds of one payment applied at once queue here and the
  -- second counts the credits the first took back.
  select t.id, t.amount, t.user_id into v_purchase
    from dtf.credit_transactions t
   where t.transaction_type = 'purchase'
     and (t.stripe_payment_intent_id = v_pi
          or (v_checkout.id is not null and t.stripe_checkout_session_id = v_checkout.stripe_checkout_session_id))
   limit 1
   for update of t;
  if not found then
    outcome := 'deferred';
    detail := 'no credit purchase yet for this payment intent';
    return;
  end if;
  v_refund_key := coalesce(p_charge #>> '{refunds,data,0,id}', (p_charge ->> 'id') || ':' || v_refunded);
  if v_full or v_amount <= 0 then
    v_requested := null;
  else
    v_target := floor(v_purchase.amount * v_refunded::numeric / v_amount);
    v_requested := v_target - coalesce((
      select sum((t.metadata ->> 'requested')::integer)
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
    from dtf.reverse_credit_purchase(v_refund_key, v_pi, v_checkout.stripe_checkout_session_id, v_requested);
  outcome := case when v_result.already_applied then 'replayed' else 'applied' end;
  detail := format('%s credits taken back', -v_result.amount);
end;
$$;
revoke execute on function private.billing_refund_charge(jsonb, timestamptz) from public;
comment on function private.billing_refund_charge(jsonb, timestamptz) is
  'Internal: applies a charge.refunded charge. Marketplace and courses: a full refund refunds the '
  'purchase and revokes access (partial refunds keep it). DTF: takes back the refunded share of '
  'the credits (all of them for a full refund) as far as the balance allows, once per refund. '
  'deferred when the payment itself has not been applied yet.';

-- Refunds that arrived before the payment they refund were recorded as deferred with their
-- charge; once the payment is applied (a checkout completed, a subscription invoice paid), they
-- are applied in the order Stripe created them.
create function private.billing_apply_deferred_refunds(p_payment_intent text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_deferred record;
  v_late record;
begin
  if p_payment_intent is null then
    return;
  end if;
  for v_deferred in
    select e.id, e.deferred_charge, e.stripe_created_at from private.stripe_events e
     where e.outcome = 'deferred' and e.object_id = p_payment_intent
     order by e.stripe_created_at, e.id
     for update
  loop
    v_late := private.billing_refund_charge(v_deferred.deferred_charge, v_deferred.stripe_created_at);
    update private.stripe_events e
       set outcome = case when v_late.outcome = 'applied' then 'applied_late' else v_late.outcome end,
           product = v_late.product, detail = v_late.detail, deferred_charge = null
     where e.id = v_deferred.id;
  end loop;
end;
$$;
revoke execute on function private.billing_apply_deferred_refunds(text) from public;
comment on function private.billing_apply_deferred_refunds(text) is
  'Internal: applies the refunds deferred until the payment of this payment intent was applied.';

-- ============================================================================================
-- checkout.session.*
-- ============================================================================================

create function private.billing_on_checkout_session(p_event jsonb,
  out outcome text, out product text, out object_id text, out detail text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_type text := p_event ->> 'type';
  v_created timestamptz := private.billing_to_timestamptz(p_event -> 'created');
  v_session jsonb := p_event #> '{data,object}';
  v_row private.billing_checkouts;
  v_pi text;
begin
  object_id := v_session ->> 'id';
  if object_id is null then
    raise exception 'checkout session without an id' using errcode = '22023';
  end if;
  select * into v_row from private.billing_checkouts c where c.stripe_checkout_session_id = object_id for update;
  if not found then
    -- the session was created but could not be attached: the metadata links it back
    select * into v_row from private.billing_checkouts c
     where c.id = private.billing_to_uuid(v_session #>> '{metadata,checkout_id}')
       and c.stripe_checkout_session_id is null
       for update;
    if not found then
      outcome := 'ignored';
      detail := 'checkout session not opened by the checkout function';
      return;
    end if;
    update private.billing_checkouts c
       set stripe_checkout_session_id = object_id, checkout_url = v_session ->> 'url', status = 'open'
     where c.id = v_row.id
    returning * into v_row;
  end if;
  product := v_row.product;

  if v_type in ('checkout.session.completed', 'checkout.session.async_payment_succeeded') then
    if coalesce(v_session ->> 'payment_status', '') not in ('paid', 'no_payment_required') then
      if v_row.status in ('creating', 'open') then
        update private.billing_checkouts c set status = 'processing' where c.id = v_row.id;
        outcome := 'awaiting_payment';
      else
        outcome := 'stale';
        detail := format('checkout already %s', v_row.status);
      end if;
      return;
    end if;
    if v_row.status = 'paid' then
      outcome := 'replayed';
      return;
    end if;

    v_pi := v_session ->> 'payment_intent';
    update private.billing_checkouts c
       set status = 'paid',
           completed_at = v_created,
           stripe_payment_intent_id = coalesce(v_pi, c.stripe_payment_intent_id),
           stripe_subscription_id = coalesce(v_session ->> 'subscription', c.stripe_subscription_id),
           stripe_customer_id = coalesce(v_session ->> 'customer', c.stripe_customer_id)
     where c.id = v_row.id;

    if v_row.item_kind = 'workflow' then
      if not exists (select 1 from marketplace.purchases p where p.stripe_checkout_session_id = object_id) then
        perform marketplace.create_checkout_purchase(v_row.user_id, v_row.item_id, object_id);
      end if;
      perform marketplace.fulfil_checkout_purchase(
        object_id, v_created, v_pi, 'CARD',
        v_session #>> '{customer_details,name}', v_session #>> '{customer_details,email}',
        case when jsonb_typeof(v_session #> '{customer_details,address}') = 'object'
             then v_session #> '{customer_details,address}' end);
    elsif v_row.item_kind = 'course_product' then
      perform courses.record_purchase(v_row.user_id, v_row.item_id, object_id,
        coalesce((v_session ->> 'amount_total')::integer, v_row.amount_minor::integer), v_pi);
    elsif v_row.item_kind = 'credit_package' then
      perform dtf.fulfil_credit_purchase(v_row.user_id, v_row.item_id, object_id, v_pi);
    else
      detail := 'subscription applied from its customer.subscription events';
    end if;
    outcome := 'applied';

    perform private.billing_apply_deferred_refunds(v_pi);
    return;
  end if;

  -- checkout.session.expired / async_payment_failed: close the pending purchase
  if v_row.status = 'paid' then
    outcome := 'stale';
    detail := 'checkout already paid';
    return;
  end if;
  if v_row.status in ('expired', 'failed') then
    outcome := 'replayed';
    return;
  end if;
  update private.billing_checkouts c
     set status = case when v_type = 'checkout.session.expired' then 'expired' else 'failed' end
   where c.id = v_row.id;
  if v_row.item_kind = 'workflow' and exists (
       select 1 from marketplace.purchases p
        where p.stripe_checkout_session_id = object_id and p.status = 'PENDING') then
    perform marketplace.reject_checkout_purchase(object_id,
      case when v_type = 'checkout.session.expired' then 'REJECT' else 'FAILED' end::marketplace.purchase_status);
  end if;
  outcome := 'applied';
end;
$$;
revoke execute on function private.billing_on_checkout_session(jsonb) from public;
comment on function private.billing_on_checkout_session(jsonb) is
  'Internal: checkout.session.completed / async_payment_succeeded (when paid) fulfil the purchase '
  '(marketplace invoice, course access, DTF credits); expired / async_payment_failed close it. A '
  'paid checkout never goes back.';

-- ============================================================================================
-- customer.subscription.*
-- ============================================================================================

create function private.billing_on_subscription(p_event jsonb,
  out outcome text, out product text, out object_id text, out detail text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_created timestamptz := private.billing_to_timestamptz(p_event -> 'created');
  v_kind text := pg_catalog.split_part(p_event ->> 'type', '.', 3);
  v_sub jsonb := p_event #> '{data,object}';
  v_item jsonb := v_sub #> '{items,data,0}';
  v_owner record;
  v_dtf record;
  v_applied boolean;
begin
  object_id := v_sub ->> 'id';
  if object_id is null then
    raise exception 'subscription without an id' using errcode = '22023';
  end if;
  v_owner := private.billing_subscription_owner(object_id, v_sub ->> 'customer', v_sub -> 'metadata');
  product := v_owner.product;
  if product is null then
    outcome := 'ignored';
    detail := 'subscription of no product';
    return;
  end if;

  if product = 'dtf' then
    select * into v_dtf from dtf.apply_subscription_event(
      p_event ->> 'id', v_created, v_kind, v_owner.user_id, v_sub ->> 'customer', object_id,
      v_item #>> '{price,id}', v_sub ->> 'status',
      coalesce(private.billing_to_timestamptz(v_item -> 'current_period_start'),
               private.billing_to_timestamptz(v_sub -> 'current_period_start')),
      coalesce(private.billing_to_timestamptz(v_item -> 'current_period_end'),
               private.billing_to_timestamptz(v_sub -> 'current_period_end')),
      private.billing_to_timestamptz(v_sub -> 'canceled_at'));
    outcome := case v_dtf.reason when 'applied' then 'applied' when 'duplicate' then 'replayed' else 'stale' end;
    detail := v_dtf.reason;
  else
    if v_owner.workspace_id is null then
      raise exception 'ADLY subscription % has no workspace', object_id using errcode = '22023';
    end if;
    if v_kind = 'deleted' then
      v_applied := adly.apply_stripe_subscription_deleted(v_owner.workspace_id, object_id, v_created);
    else
      v_applied := adly.apply_stripe_subscription(
        v_owner.workspace_id, object_id, v_item #>> '{price,id}', v_sub ->> 'status',
        coalesce(private.billing_to_timestamptz(v_item -> 'current_period_start'),
                 private.billing_to_timestamptz(v_sub -> 'current_period_start')),
        coalesce(private.billing_to_timestamptz(v_item -> 'current_period_end'),
                 private.billing_to_timestamptz(v_sub -> 'current_period_end')),
        private.billing_to_timestamptz(v_sub -> 'trial_end'), v_created);
    end if;
    outcome := case when v_applied then 'applied' else 'stale' end;
  end if;
end;
$$;
revoke execute on function private.billing_on_subscription(jsonb) from public;
comment on function private.billing_on_subscription(jsonb) is
  'Internal: customer.subscription.created/updated/deleted → DTF profile status and '
  'subscription_history, or ADLY workspace_subscriptions; older events than the last applied are stale.';

-- ============================================================================================
-- invoice.paid / invoice.payment_failed
-- ============================================================================================

create function private.billing_on_invoice(p_event jsonb,
  out outcome text, out product text, out object_id text, out detail text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_type text := p_event ->> 'type';
  v_created timestamptz := private.billing_to_timestamptz(p_event -> 'created');
  v_invoice jsonb := p_event #> '{data,object}';
  v_details jsonb := coalesce(v_invoice #> '{parent,subscription_details}', v_invoice -> 'subscription_details');
  v_subscription text := coalesce(v_details ->> 'subscription', v_invoice ->> 'subscription');
  v_line jsonb := v_invoice #> '{lines,data,0}';
  v_price text;
  v_owner record;
  v_grant record;
  v_currency text := upper(coalesce(v_invoice ->> 'currency', 'usd'));
  v_payment_intent text :=
    coalesce(v_invoice #>> '{payments,data,0,payment,payment_intent}', v_invoice ->> 'payment_intent');
  v_applied boolean;
begin
  object_id := v_invoice ->> 'id';
  if object_id is null then
    raise exception 'invoice without an id' using errcode = '22023';
  end if;
  if v_subscription is null then
    outcome := 'ignored';
    detail := 'invoice of no subscription';
    return;
  end if;
  v_owner := private.billing_subscription_owner(v_subscription, v_invoice ->> 'customer', v_details -> 'metadata');
  product := v_owner.product;
  if product is null then
    outcome := 'ignored';
    detail := 'invoice of no product';
    return;
  end if;

  if product = 'dtf' then
    if v_type <> 'invoice.paid' then
      outcome := 'ignored';
      detail := 'the profile status follows customer.subscription.updated';
      return;
    end if;
    v_price := coalesce(v_line #>> '{pricing,price_details,price}', v_line #>> '{price,id}');
    if not exists (select 1 from dtf.subscription_plans s
                    where s.stripe_price_id = v_price and s.credits_per_month > 0) then
      outcome := 'ignored';
      detail := 'plan grants no monthly credits';
      return;
    end if;
    select * into v_grant from dtf.grant_subscription_credits(
      coalesce(v_owner.user_id,
               (select p.id from dtf.profiles p where p.stripe_customer_id = v_invoice ->> 'customer')),
      object_id, v_price, v_subscription, v_payment_intent,
      private.billing_to_timestamptz(v_line #> '{period,start}'),
      private.billing_to_timestamptz(v_line #> '{period,end}'));
    outcome := case when v_grant.already_applied then 'replayed' else 'applied' end;
    detail := format('%s monthly credits', v_grant.amount);
    -- a refund of this invoice's payment that arrived before it
    perform private.billing_apply_deferred_refunds(v_payment_intent);
  else
    if v_owner.workspace_id is null then
      raise exception 'ADLY invoice % has no workspace', object_id using errcode = '22023';
    end if;
    v_applied := adly.record_stripe_invoice(
      v_owner.workspace_id, object_id,
      coalesce((v_invoice ->> case when v_type = 'invoice.paid' then 'amount_paid' else 'amount_due' end)::numeric, 0)
        / private.billing_minor_unit_factor(v_currency),
      v_currency, coalesce(v_invoice ->> 'status', case when v_type = 'invoice.paid' then 'paid' else 'open' end),
      v_invoice ->> 'invoice_pdf',
      case when v_type = 'invoice.paid'
           then coalesce(private.billing_to_timestamptz(v_invoice #> '{status_transitions,paid_at}'), v_created) end,
      v_created);
    outcome := case when v_applied then 'applied' else 'stale' end;
  end if;
end;
$$;
revoke execute on function private.billing_on_invoice(jsonb) from public;
comment on function private.billing_on_invoice(jsonb) is
  'Internal: invoice.paid grants DTF monthly credits once per invoice; invoice.paid and '
  'payment_failed record ADLY invoices (newer events update them, older ones are stale).';

-- ============================================================================================
-- entry point
-- ============================================================================================

-- One entry point. Products' permanent refusals (an unknown price, a workspace that no longer
-- exists, a transition a product does not allow) are recorded as outcome 'rejected' with their
-- SQLSTATE and message, their partial effect rolled back, and acknowledged, instead of failing the
-- delivery so that Stripe retries them for days; a later delivery of a rejected event (Stripe's
-- retry, or a resend after the cause was fixed) is applied again. Failures that may pass
-- (connection loss, deadlocks, serialization failures, timeouts, unique-key races) raise, so the
-- edge function answers 500 and Stripe retries.

-- The dispatch by event type.
create function private.billing_dispatch_stripe_event(p_event jsonb,
  out outcome text, out product text, out object_id text, out detail text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_type text := p_event ->> 'type';
  v_created timestamptz := private.billing_to_timestamptz(p_event -> 'created');
  v_result record;
begin
  if v_type in ('checkout.session.completed', 'checkout.session.async_payment_succeeded',
                'checkout.session.async_payment_failed', 'checkout.session.expired') then
    v_result := private.billing_on_checkout_session(p_event);
  elsif v_type = 'charge.refunded' then
    select r.outcome, r.product, p_event #>> '{data,object,payment_intent}' as object_id, r.detail
      into v_result
      from private.billing_refund_charge(p_event #> '{data,object}', v_created) r;
  elsif v_type in ('customer.subscription.created', 'customer.subscription.updated',
                   'customer.subscription.deleted') then
    v_result := private.billing_on_subscription(p_event);
  elsif v_type in ('invoice.paid', 'invoice.payment_failed') then
    v_result := private.billing_on_invoice(p_event);
  else
    select 'ignored'::text as outcome, null::text as product, p_event #>> '{data,object,id}' as object_id,
           'event type not handled'::text as detail
      into v_result;
  end if;
  outcome := v_result.outcome;
  product := v_result.product;
  object_id := v_result.object_id;
  detail := v_result.detail;
end;
$$;
revoke execute on function private.billing_dispatch_stripe_event(jsonb) from public;
comment on function private.billing_dispatch_stripe_event(jsonb) is
  'Internal: applies one Stripe event through the function for its type.';

-- True for SQLSTATEs that mean "refused, and asking again will not change that": bad or
-- inconsistent data (classes 22 and 23), the products' own refusals (P0001, P0002 and their
-- custom codes), and privilege refusals. A unique violation is the exception: the products
-- report a genuine conflict with their own codes, so a bare 23505 is a race with a concurrent
-- delivery, which a retry resolves.
create function private.billing_is_permanent_refusal(p_sqlstate text)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select p_sqlstate ~ '^(22|23|P0|42501|MK|CR|DT|BL)' and p_sqlstate <> '23505'
$$;
revoke execute on function private.billing_is_permanent_refusal(text) from public;
comment on function private.billing_is_permanent_refusal(text) is
  'Internal: whether a Stripe event that failed with this SQLSTATE should be acknowledged as rejected '
  '(true) or left for Stripe to retry (false).';

create function private.billing_apply_stripe_event(p_event jsonb)
returns table (outcome text, product text, detail text, replay boolean)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id text := p_event ->> 'id';
  v_type text := p_event ->> 'type';
  v_created timestamptz := private.billing_to_timestamptz(p_event -> 'created');
  v_existing private.stripe_events;
  v_result record;
  v_state text;
  v_message text;
begin
  if v_id is null or v_id !~ '^evt_[A-Za-z0-9_]+$' or v_type is null or v_created is null
     or jsonb_typeof(p_event #> '{data,object}') is distinct from 'object' then
    raise exception 'not a Stripe event: id, type, created and data.object are required' using errcode = '22023';
  end if;

  -- The event id, once. A concurrent delivery of the same event waits here until the first
  -- commits (then it is a replay) or rolls back (then it applies the event itself).
  insert into private.stripe_events as e (id, type, stripe_created_at, livemode, object_id)
  values (v_id, v_type, v_created, coalesce((p_event ->> 'livemode')::boolean, false), p_event #>> '{data,object,id}')
  on conflict (id) do nothing;
  if not found then
    select * into v_existing from private.stripe_events e where e.id = v_id for update;
    if v_existing.outcome <> 'rejected' then
      return query select v_existing.outcome, v_existing.product, v_existing.detail, true;
      return;
    end if;
  end if;

  begin
    v_result := private.billing_dispatch_stripe_event(p_event);
  exception when others then
    get stacked diagnostics v_state = returned_sqlstate, v_message = message_text;
    if not private.billing_is_permanent_refusal(v_state) then
      raise;
    end if;
    -- The block's subtransaction has undone whatever the event had changed.
    select 'rejected'::text as outcome, null::text as product, null::text as object_id,
           format('%s: %s', v_state, v_message) as detail
      into v_result;
  end;

  update private.stripe_events e
     set outcome = v_result.outcome,
         product = v_result.product,
         object_id = coalesce(v_result.object_id, e.object_id),
         detail = v_result.detail,
         deferred_charge = case when v_result.outcome = 'deferred' then p_event #> '{data,object}' end
   where e.id = v_id;
  return query select v_result.outcome, v_result.product, v_result.detail, false;
end;
$$;
revoke execute on function private.billing_apply_stripe_event(jsonb) from public;
grant execute on function private.billing_apply_stripe_event(jsonb) to service_role;
comment on function private.billing_apply_stripe_event(jsonb) is
  'Stripe webhook (service_role): records the event id and applies the event in one transaction; '
  'a replayed id returns the first outcome with replay = true and changes nothing, except that an '
  'event the products rejected is applied again. Permanent refusals are recorded as rejected; '
  'transient failures raise so that Stripe retries.';
