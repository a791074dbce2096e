-- Billing: DTF monthly credits once per subscription period, not once per paid invoice. Stripe
-- sends a second paid invoice within a period when a customer changes plan (the proration);
-- until now it granted a whole second allowance. Now the period's credits are topped up to the
-- new plan's allowance (nothing when the new plan grants no more), and the invoice line read for
-- the plan is the largest charge, not the first line (on a proration invoice the first line is
-- usually the negative one for the unused time of the old plan).

create or replace function dtf.grant_subscription_credits(
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
  v_granted integer := 0;
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

  -- one allowance per subscription period: a second paid invoice of the same period (an upgrade's
  -- proration) only tops the period's credits up to the new plan's allowance
  if p_stripe_subscription_id is not null and p_period_end is not null then
    select coalesce(sum(t.amount), 0)::integer into v_granted
      from dtf.credit_transactions t
     where t.user_id = p_user_id
       and t.transaction_type = 'purchase'
       and t.stripe_invoice_id is not null
       and t.metadata ->> 'stripe_subscription_id' = p_stripe_subscription_id
       and (t.metadata ->> 'period_end')::timestamptz = p_period_end;
  end if;
  if v_plan.credits_per_month <= v_granted then
    return query select null::uuid, 0, v_balance, false;
    return;
  end if;

  v_row := private.dtf_post_credit_change(
    p_user_id, 'purchase', v_plan.credits_per_month - v_granted,
    p_description => format(case when v_granted > 0 then 'Monthly credits of the %s plan (top-up after a plan change)'
                                 else 'Monthly credits of the %s plan' end, v_plan.name),
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

comment on function dtf.grant_subscription_credits(
  uuid, text, text, text, text, timestamptz, timestamptz, timestamptz
) is
  'Stripe webhook (invoice.paid): grants the plan''s monthly credits once per subscription period '
  '(a later invoice of the period tops up to a larger plan''s allowance, else grants 0 with no '
  'ledger row); a replay of an invoice returns its grant with already_applied = true.';

create or replace function private.billing_on_invoice(p_event jsonb,
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
  -- the line of the plan now in force: the largest charge (a proration invoice also has a
  -- negative line for the unused time of the previous plan)
  v_line jsonb := (select l from jsonb_array_elements(coalesce(v_invoice #> '{lines,data}', '[]')) l
                   order by coalesce((l ->> 'amount')::numeric, 0) desc limit 1);
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

comment on function private.billing_on_invoice(jsonb) is
  'Internal: invoice.paid grants DTF monthly credits once per subscription period (read from the '
  'largest invoice line); invoice.paid and payment_failed record ADLY invoices (newer events '
  'update them, older ones are stale).';
