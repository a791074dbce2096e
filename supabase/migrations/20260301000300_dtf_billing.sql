-- DTF Editor: what the Stripe webhook applies. Each function is one transaction, idempotent on
-- its Stripe key, and executable by the service role only:
--   fulfil_credit_purchase       checkout session id / payment intent id
--   grant_subscription_credits   invoice id (monthly credits once per paid invoice)
--   reverse_credit_purchase      refund id (takes credits back as far as the balance allows)
--   apply_subscription_event     event id (replays), event created time (out-of-order events)

-- ============================================================================================
-- functions
-- ============================================================================================

create function dtf.fulfil_credit_purchase(
  p_user_id uuid,
  p_package_id uuid,
  p_stripe_checkout_session_id text,
  p_stripe_payment_intent_id text default null
)
returns table (transaction_id uuid, amount integer, credits_remaining integer, already_applied boolean)
language plpgsql
security definer
-- definer: credits the ledger through the private core
set search_path = ''
as $$
declare
  v_balance integer;
  v_existing dtf.credit_transactions;
  v_package dtf.pay_as_you_go_packages;
  v_row dtf.credit_transactions;
begin
  if nullif(p_stripe_checkout_session_id, '') is null and nullif(p_stripe_payment_intent_id, '') is null then
    raise exception 'a Stripe checkout session id or payment intent id is required' using errcode = '22023';
  end if;

  select p.credits_remaining into v_balance from dtf.profiles p where p.id = p_user_id for update;
  if not found then
    raise exception 'unknown user: % has no DTF Editor profile', p_user_id using errcode = 'DT002';
  end if;

  select t.* into v_existing
    from dtf.credit_transactions t
   where t.transaction_type = 'purchase'
     and (t.stripe_checkout_session_id = p_stripe_checkout_session_id
          or t.stripe_payment_intent_id = p_stripe_payment_intent_id)
   limit 1;
  if found then
    if v_existing.user_id <> p_user_id then
      raise exception 'Stripe payment already fulfilled for another user' using errcode = 'DT004';
    end if;
    return query select v_existing.id, v_existing.amount, v_balance, true;
    return;
  end if;

  select k.* into v_package from dtf.pay_as_you_go_packages k where k.id = p_package_id;
  if not found then
    raise exception 'unknown credit package: %', p_package_id using errcode = 'DT003';
  end if;

  v_row := private.dtf_post_credit_change(
    p_user_id, 'purchase', v_package.credits,
    p_description => format('Purchase of %s', v_package.name),
    p_metadata => jsonb_build_object('price', v_package.price),
    p_stripe_payment_intent_id => nullif(p_stripe_payment_intent_id, ''),
    p_stripe_checkout_session_id => nullif(p_stripe_checkout_session_id, ''),
    p_package_id => v_package.id,
    p_expires_at => case when v_package.credit_validity_days is not null
                         then now() + make_interval(days => v_package.credit_validity_days) end
  );
  return query select v_row.id, v_row.amount, v_row.balance_after, false;
end;
$$;

revoke execute on function dtf.fulfil_credit_purchase(uuid, uuid, text, text) from public;

comment on function dtf.fulfil_credit_purchase(uuid, uuid, text, text) is
  'Stripe webhook (checkout.session.completed): credits the package''s credits once per checkout '
  'session / payment intent; a replay returns the first result with already_applied = true.';

create function dtf.grant_subscription_credits(
  p_user_id uuid,
  p_stripe_invoice_id text,
  p_stripe_price_id text,
  p_stripe_subscription_id text default null,
  p_stripe_payment_intent_id text default null,
  p_period_start timestamptz default null,
  p_period_end timestamptz default null,
  p_expires_at timestamptz default null
)
returns table (transaction_id uuid, amount integer, credits_remaining integer, already_applied boolean)
language plpgsql
security definer
-- definer: credits the ledger through the private core
set search_path = ''
as $$
declare
  v_balance integer;
  v_existing dtf.credit_transactions;
  v_plan dtf.subscription_plans;
  v_row dtf.credit_transactions;
begin
  if nullif(p_stripe_invoice_id, '') is null then
    raise exception 'a Stripe invoice id is required' using errcode = '22023';
  end if;

  select p.credits_remaining into v_balance from dtf.profiles p where p.id = p_user_id for update;
  if not found then
    raise exception 'unknown user: % has no DTF Editor profile', p_user_id using errcode = 'DT002';
  end if;

  select t.* into v_existing
    from dtf.credit_transactions t
   where t.transaction_type = 'purchase' and t.stripe_invoice_id = p_stripe_invoice_id;
  if found then
    if v_existing.user_id <> p_user_id then
      raise exception 'Stripe invoice already granted to another user' using errcode = 'DT004';
    end if;
    return query select v_existing.id, v_existing.amount, v_balance, true;
    return;
  end if;

  select s.* into v_plan from dtf.subscription_plans s where s.stripe_price_id = p_stripe_price_id;
  if not found then
    raise exception 'unknown subscription price: %', p_stripe_price_id using errcode = 'DT003';
  end if;
  if coalesce(v_plan.credits_per_month, 0) = 0 then
    raise exception 'plan % grants no monthly credits', v_plan.name using errcode = 'DT003';
  end if;

  v_row := private.dtf_post_credit_change(
    p_user_id, 'purchase', v_plan.credits_per_month,
    p_description => format('Monthly credits of the %s plan', v_plan.name),
    p_metadata => jsonb_build_object(
      'stripe_subscription_id', p_stripe_subscription_id,
      'period_start', p_period_start,
      'period_end', p_period_end
    ),
    p_stripe_payment_intent_id => nullif(p_stripe_payment_intent_id, ''),
    p_stripe_invoice_id => p_stripe_invoice_id,
    p_subscription_plan_id => v_plan.id,
    p_expires_at => p_expires_at
  );
  return query select v_row.id, v_row.amount, v_row.balance_after, false;
end;
$$;

revoke execute on function dtf.grant_subscription_credits(
  uuid, text, text, text, text, timestamptz, timestamptz, timestamptz
) from public;

comment on function dtf.grant_subscription_credits(
  uuid, text, text, text, text, timestamptz, timestamptz, timestamptz
) is
  'Stripe webhook (invoice.paid): grants the plan''s monthly credits once per invoice id; a replay '
  'returns the first grant with already_applied = true.';

create function dtf.reverse_credit_purchase(
  p_stripe_refund_id text,
  p_stripe_payment_intent_id text default null,
  p_stripe_checkout_session_id text default null,
  p_credits integer default null
)
returns table (transaction_id uuid, amount integer, credits_remaining integer, already_applied boolean)
language plpgsql
security definer
-- definer: debits the ledger through the private core
set search_path = ''
as $$
declare
  v_purchase dtf.credit_transactions;
  v_existing dtf.credit_transactions;
  v_balance integer;
  v_reversed integer;
  v_requested integer;
  v_take integer;
  v_row dtf.credit_transactions;
begin
  if nullif(p_stripe_refund_id, '') is null then
    raise exception 'a Stripe refund id is required' using errcode = '22023';
  end if;
  if nullif(p_stripe_payment_intent_id, '') is null and nullif(p_stripe_checkout_session_id, '') is null then
    raise exception 'a Stripe payment intent id or checkout session id is required' using errcode = '22023';
  end if;
  if p_credits is not null and p_credits <= 0 then
    raise exception 'credit amount must be positive' using errcode = '22023';
  end if;

  select t.* into v_purchase
    from dtf.credit_transactions t
   where t.transaction_type = 'purchase'
     and (t.stripe_payment_intent_id = p_stripe_payment_intent_id
          or t.stripe_checkout_session_id = p_stripe_checkout_session_id)
   limit 1;
  if not found then
    raise exception 'no credit purchase for this Stripe payment' using errcode = 'DT003';
  end if;

  select p.credits_remaining into v_balance from dtf.profiles p where p.id = v_purchase.user_id for update;

  select t.* into v_existing
    from dtf.credit_transactions t
   where t.transaction_type = 'reversal' and t.stripe_refund_id = p_stripe_refund_id;
  if found then
    return query select v_existing.id, v_existing.amount, v_balance, true;
    return;
  end if;

  select coalesce(-sum(t.amount), 0)::integer into v_reversed
    from dtf.credit_transactions t
   where t.transaction_type = 'reversal' and t.related_transaction_id = v_purchase.id;

  v_requested := coalesce(p_credits, v_purchase.amount - v_reversed);
  v_take := greatest(0, least(v_requested, v_purchase.amount - v_reversed, v_balance));

  v_row := private.dtf_post_credit_change(
    v_purchase.user_id, 'reversal', -v_take,
    p_description => 'Credits taken back after a Stripe refund',
    p_metadata => jsonb_build_object('requested', v_requested, 'shortfall', v_requested - v_take),
    p_stripe_payment_intent_id => v_purchase.stripe_payment_intent_id,
    p_stripe_refund_id => p_stripe_refund_id,
    p_related_transaction_id => v_purchase.id
  );
  return query select v_row.id, v_row.amount, v_row.balance_after, false;
end;
$$;

revoke execute on function dtf.reverse_credit_purchase(text, text, text, integer) from public;

comment on function dtf.reverse_credit_purchase(text, text, text, integer) is
  'Stripe webhook (charge.refunded): takes back the refunded purchase''s credits (or p_credits of '
  'them) as far as the balance allows, once per refund id; metadata.shortfall records what could '
  'not be taken back.';

create function dtf.apply_subscription_event(
  p_stripe_event_id text,
  p_event_created_at timestamptz,
  p_event_type text,
  p_user_id uuid,
  p_stripe_customer_id text,
  p_stripe_subscription_id text,
  p_stripe_price_id text,
  p_stripe_status text,
  p_current_period_start timestamptz default null,
  p_current_period_end timestamptz default null,
  p_cancelled_at timestamptz default null
)
returns table (history_id uuid, applied boolean, reason text)
language plpgsql
security definer
-- definer: writes subscription fields of dtf.profiles and dtf.subscription_history
set search_path = ''
as $$
declare
  v_status text;
  v_user_id uuid;
  v_profile dtf.profiles;
  v_plan dtf.subscription_plans;
  v_history_id uuid;
  v_reason text;
begin
  if nullif(p_stripe_event_id, '') is null or p_event_created_at is null
     or nullif(p_stripe_subscription_id, '') is null then
    raise exception 'Stripe event id, event created time and subscription id are required'
      using errcode = '22023';
  end if;
  if p_event_type is null or p_event_type not in ('created', 'updated', 'deleted') then
    raise exception 'event type must be created, updated or deleted, not %', coalesce(p_event_type, 'null')
      using errcode = '22023';
  end if;

  v_status := case
    when p_event_type = 'deleted' then 'cancelled'
    when p_stripe_status in ('active', 'trialing') then 'active'
    when p_stripe_status = 'past_due' then 'past_due'
    when p_stripe_status in ('unpaid', 'incomplete', 'paused') then 'unpaid'
    when p_stripe_status in ('canceled', 'incomplete_expired') then 'cancelled'
  end;
  if v_status is null then
    raise exception 'unknown Stripe subscription status: %', coalesce(p_stripe_status, 'null')
      using errcode = '22023';
  end if;

  v_user_id := coalesce(
    p_user_id,
    (select p.id from dtf.profiles p where p.stripe_customer_id = p_stripe_customer_id)
  );
  select p.* into v_profile from dtf.profiles p where p.id = v_user_id for update;
  if not found then
    raise exception 'unknown user: no DTF Editor profile for this subscription' using errcode = 'DT002';
  end if;
  if v_profile.stripe_customer_id is not null and p_stripe_customer_id is not null
     and v_profile.stripe_customer_id <> p_stripe_customer_id then
    raise exception 'Stripe customer does not match the profile' using errcode = 'DT004';
  end if;

  select h.id into v_history_id from dtf.subscription_history h where h.stripe_event_id = p_stripe_event_id;
  if found then
    return query select v_history_id, false, 'duplicate'::text;
    return;
  end if;

  select s.* into v_plan from dtf.subscription_plans s where s.stripe_price_id = p_stripe_price_id;
  if not found and v_status <> 'cancelled' then
    raise exception 'unknown subscription price: %', coalesce(p_stripe_price_id, 'null')
      using errcode = 'DT003';
  end if;

  v_reason := case
    when v_profile.subscription_event_at is not null and p_event_created_at < v_profile.subscription_event_at
      then 'stale'
    when v_profile.stripe_subscription_id is not null
         and v_profile.stripe_subscription_id <> p_stripe_subscription_id
         and v_status <> 'active'
      then 'not_current'
  end;

  insert into dtf.subscription_history (
    user_id, subscription_plan_id, stripe_subscription_id, stripe_event_id, stripe_event_created_at,
    status, applied, started_at, ended_at, cancelled_at
  ) values (
    v_profile.id, v_plan.id, p_stripe_subscription_id, p_stripe_event_id, p_event_created_at,
    v_status, v_reason is null, coalesce(p_current_period_start, p_event_created_at),
    case when v_status = 'cancelled' then p_event_created_at end, p_cancelled_at
  )
  returning id into v_history_id;

  if v_reason is null then
    update dtf.profiles p
       set subscription_status = v_status,
           subscription_plan = case when v_status = 'cancelled' then 'free' else v_plan.name end,
           subscription_plan_id = case when v_status = 'cancelled' then null else v_plan.id end,
           stripe_subscription_id = p_stripe_subscription_id,
           stripe_customer_id = coalesce(nullif(p_stripe_customer_id, ''), p.stripe_customer_id),
           subscription_current_period_end = p_current_period_end,
           subscription_event_at = p_event_created_at
     where p.id = v_profile.id;
  end if;

  return query select v_history_id, v_reason is null, coalesce(v_reason, 'applied');
end;
$$;

revoke execute on function dtf.apply_subscription_event(
  text, timestamptz, text, uuid, text, text, text, text, timestamptz, timestamptz, timestamptz
) from public;

comment on function dtf.apply_subscription_event(
  text, timestamptz, text, uuid, text, text, text, text, timestamptz, timestamptz, timestamptz
) is
  'Stripe webhook (customer.subscription.created/updated/deleted): records the event in '
  'subscription_history and, unless it is older than the last applied one (stale) or cancels a '
  'subscription that is no longer current (not_current), updates the profile''s subscription '
  'fields. A replayed event id changes nothing (reason duplicate).';
