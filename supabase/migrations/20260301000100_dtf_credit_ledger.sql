-- DTF Editor: the credit ledger core.
--
-- Every credit change goes through private.dtf_post_credit_change: one conditional UPDATE of the
-- profile (which takes the row lock and re-checks the balance on the latest row version, so
-- concurrent deductions can never overdraw), then exactly one ledger row written while that lock
-- is held. Errors (SQLSTATE):
--   DT001 insufficient credits, DT002 unknown user (no dtf profile), DT003 not found,
--   DT004 invalid state or conflicting Stripe id, 22023 invalid argument, 42501 not allowed.

-- ============================================================================================
-- helpers
-- ============================================================================================

create function private.dtf_post_credit_change(
  p_user_id uuid,
  p_transaction_type text,
  p_amount integer,
  p_description text default null,
  p_metadata jsonb default null,
  p_stripe_payment_intent_id text default null,
  p_stripe_checkout_session_id text default null,
  p_stripe_invoice_id text default null,
  p_stripe_refund_id text default null,
  p_subscription_plan_id uuid default null,
  p_package_id uuid default null,
  p_image_operation_id uuid default null,
  p_related_transaction_id uuid default null,
  p_expires_at timestamptz default null
)
returns dtf.credit_transactions
language plpgsql
security definer
-- definer: writes dtf.profiles credit columns and dtf.credit_transactions, which no API role may write
set search_path = ''
as $$
declare
  v_balance_after integer;
  v_available integer;
  v_row dtf.credit_transactions;
  v_to_consume integer;
  v_lot record;
  v_take integer;
begin
  if p_user_id is null then
    raise exception 'unknown user: no user id given' using errcode = 'DT002';
  end if;
  if p_transaction_type is null
     or p_transaction_type not in ('purchase', 'usage', 'refund', 'bonus', 'expiration', 'reversal') then
    raise exception 'invalid transaction type: %', coalesce(p_transaction_type, 'null')
      using errcode = '22023';
  end if;
  if p_amount is null
     or (p_transaction_type in ('purchase', 'bonus', 'refund') and p_amount <= 0)
     or (p_transaction_type in ('usage', 'expiration') and p_amount >= 0)
     or (p_transaction_type = 'reversal' and p_amount > 0) then
    raise exception 'credit amount must be positive'
      using errcode = '22023',
            detail = format('%s of %s credits', p_transaction_type, coalesce(p_amount::text, 'null'));
  end if;

  -- The conditional update locks the profile row; a concurrent change waits for it and then
  -- re-evaluates the condition against the committed balance.
  update dtf.profiles p
     set credits_remaining = p.credits_remaining + p_amount,
         total_credits_purchased = greatest(0, p.total_credits_purchased
           + case when p_transaction_type in ('purchase', 'reversal') then p_amount else 0 end),
         total_credits_used = greatest(0, p.total_credits_used
           - case when p_transaction_type in ('usage', 'refund') then p_amount else 0 end)
   where p.id = p_user_id
     and p.credits_remaining + p_amount >= 0
  returning p.credits_remaining into v_balance_after;

  if not found then
    select p.credits_remaining into v_available from dtf.profiles p where p.id = p_user_id;
    if not found then
      raise exception 'unknown user: % has no DTF Editor profile', p_user_id using errcode = 'DT002';
    end if;
    raise exception 'insufficient credits: % required, % available', -p_amount, v_available
      using errcode = 'DT001';
  end if;

  insert into dtf.credit_transactions (
    user_id, transaction_type, amount, balance_before, balance_after, description, metadata,
    stripe_payment_intent_id, stripe_checkout_session_id, stripe_invoice_id, stripe_refund_id,
    subscription_plan_id, pay_as_you_go_package_id, image_operation_id, related_transaction_id,
    expires_at, lot_remaining
  ) values (
    p_user_id, p_transaction_type, p_amount, v_balance_after - p_amount, v_balance_after,
    p_description, p_metadata,
    p_stripe_payment_intent_id, p_stripe_checkout_session_id, p_stripe_invoice_id, p_stripe_refund_id,
    p_subscription_plan_id, p_package_id, p_image_operation_id, p_related_transaction_id,
    p_expires_at, case when p_amount > 0 and p_expires_at is not null then p_amount end
  )
  returning * into v_row;

  -- Credits leaving the balance are taken from expiring lots first (the named lot first, then the
  -- soonest to expire), so that the open lots never hold more than the balance.
  if p_amount < 0 then
    v_to_consume := -p_amount;
    for v_lot in
      select t.id, t.lot_remaining
        from dtf.credit_transactions t
       where t.user_id = p_user_id
         and t.lot_remaining > 0
       order by (t.id = p_related_transaction_id) desc nulls last, t.expires_at, t.entry_no
         for update
    loop
      exit when v_to_consume = 0;
      v_take := least(v_lot.lot_remaining, v_to_consume);
      update dtf.credit_transactions t set lot_remaining = t.lot_remaining - v_take where t.id = v_lot.id;
      v_to_consume := v_to_consume - v_take;
    end loop;
  end if;

  return v_row;
end;
$$;

revoke execute on function private.dtf_post_credit_change(
  uuid, text, integer, text, jsonb, text, text, text, text, uuid, uuid, uuid, uuid, timestamptz
) from public;

comment on function private.dtf_post_credit_change(
  uuid, text, integer, text, jsonb, text, text, text, text, uuid, uuid, uuid, uuid, timestamptz
) is
  'The only writer of credit balances: applies a signed amount atomically and writes its one '
  'ledger row. Raises DT001 (insufficient), DT002 (unknown user), 22023 (bad amount/type).';

-- ============================================================================================
-- functions: the seed's add/deduct, corrected (service role only)
-- ============================================================================================

create function dtf.add_user_credits(
  p_user_id uuid,
  p_amount integer,
  p_transaction_type text,
  p_description text default null,
  p_metadata jsonb default null
)
returns integer
language plpgsql
security definer
-- definer: the ledger core is not executable by API roles
set search_path = ''
as $$
begin
  if p_transaction_type is null or p_transaction_type not in ('purchase', 'bonus', 'refund') then
    raise exception 'add_user_credits: transaction type must be purchase, bonus or refund, not %',
      coalesce(p_transaction_type, 'null') using errcode = '22023';
  end if;
  if p_amount is null or p_amount <= 0 then
    raise exception 'credit amount must be positive' using errcode = '22023';
  end if;
  return (private.dtf_post_credit_change(
    p_user_id, p_transaction_type, p_amount, p_description, p_metadata
  )).balance_after;
end;
$$;

revoke execute on function dtf.add_user_credits(uuid, integer, text, text, jsonb) from public;

comment on function dtf.add_user_credits(uuid, integer, text, text, jsonb) is
  'Backend only: adds p_amount (> 0) credits as a purchase, bonus or refund; returns the new balance.';

create function dtf.deduct_user_credits(
  p_user_id uuid,
  p_amount integer,
  p_transaction_type text default 'usage',
  p_description text default null,
  p_metadata jsonb default null
)
returns integer
language plpgsql
security definer
-- definer: the ledger core is not executable by API roles
set search_path = ''
as $$
begin
  if p_transaction_type is null or p_transaction_type <> 'usage' then
    raise exception 'deduct_user_credits: transaction type must be usage, not %',
      coalesce(p_transaction_type, 'null') using errcode = '22023';
  end if;
  if p_amount is null or p_amount <= 0 then
    raise exception 'credit amount must be positive' using errcode = '22023';
  end if;
  return (private.dtf_post_credit_change(
    p_user_id, 'usage', -p_amount, p_description, p_metadata
  )).balance_after;
end;
$$;

revoke execute on function dtf.deduct_user_credits(uuid, integer, text, text, jsonb) from public;

comment on function dtf.deduct_user_credits(uuid, integer, text, text, jsonb) is
  'Backend only: deducts p_amount (> 0) credits as usage; DT001 and no change when the balance is '
  'short. Returns the new balance.';

-- ============================================================================================
-- functions: expiry (scheduled job)
-- ============================================================================================

create function dtf.expire_credits(p_as_of timestamptz default now())
returns integer
language plpgsql
security definer
-- definer: writes the ledger through the private core
set search_path = ''
as $$
declare
  v_lot record;
  v_remaining integer;
  v_balance integer;
  v_take integer;
  v_expired integer := 0;
begin
  if p_as_of is null then
    raise exception 'expire_credits: p_as_of is required' using errcode = '22023';
  end if;

  for v_lot in
    select t.id, t.user_id
      from dtf.credit_transactions t
     where t.lot_remaining > 0
       and t.expires_at <= p_as_of
     order by t.user_id, t.expires_at, t.entry_no
  loop
    -- Same lock order as every credit change: the profile first, then the lot.
    select p.credits_remaining into v_balance from dtf.profiles p where p.id = v_lot.user_id for update;
    select t.lot_remaining into v_remaining from dtf.credit_transactions t where t.id = v_lot.id for update;
    continue when coalesce(v_remaining, 0) = 0;

    v_take := least(v_remaining, v_balance);
    if v_take > 0 then
      perform private.dtf_post_credit_change(
        v_lot.user_id, 'expiration', -v_take,
        p_description => 'Unused credits expired',
        p_metadata => jsonb_build_object('lot_id', v_lot.id),
        p_related_transaction_id => v_lot.id
      );
      v_expired := v_expired + v_take;
    end if;
    update dtf.credit_transactions t set lot_remaining = 0 where t.id = v_lot.id;
  end loop;

  return v_expired;
end;
$$;

revoke execute on function dtf.expire_credits(timestamptz) from public;

comment on function dtf.expire_credits(timestamptz) is
  'Scheduled job (service role): every credit lot whose expires_at <= p_as_of and that still has '
  'unused credits leaves the balance through one expiration row. Idempotent: an expired lot is '
  'closed (lot_remaining = 0) and never expires twice. Returns the number of credits expired.';
