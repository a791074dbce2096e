-- ADLY: functions of the Stripe webhook path (service_role only). Each is one statement on the
-- target row, so concurrent deliveries serialise on the row; out-of-order events are ignored by
-- comparing the Stripe event's `created` time with the newest one applied.

-- ============================================================================================
-- helpers
-- ============================================================================================

create function private.adly_audit_billing()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_table_name = 'workspace_subscriptions' then
    if tg_op = 'INSERT' or new.status is distinct from old.status or new.plan_id is distinct from old.plan_id then
      perform private.adly_write_audit(new.workspace_id,
        case when tg_op = 'INSERT' then 'subscription.created' else 'subscription.updated' end,
        'workspace_subscription', new.id,
        jsonb_build_object('stripe_subscription_id', new.stripe_subscription_id, 'status', new.status,
                           'plan_id', new.plan_id, 'stripe_event_created_at', new.stripe_event_created_at));
    end if;
  else
    if tg_op = 'INSERT' or new.status is distinct from old.status then
      perform private.adly_write_audit(new.workspace_id,
        case when tg_op = 'INSERT' then 'invoice.recorded' else 'invoice.updated' end,
        'invoice', new.id,
        jsonb_build_object('stripe_invoice_id', new.stripe_invoice_id, 'status', new.status,
                           'amount', new.amount, 'currency', new.currency));
    end if;
  end if;
  return new;
end;
$$;
revoke execute on function private.adly_audit_billing() from public;
comment on function private.adly_audit_billing() is
  'AFTER INSERT/UPDATE on workspace_subscriptions and invoices: audit row for status and plan changes.';

create trigger audit_workspace_subscription
  after insert or update on adly.workspace_subscriptions
  for each row execute function private.adly_audit_billing();
create trigger audit_invoice
  after insert or update on adly.invoices
  for each row execute function private.adly_audit_billing();

-- ============================================================================================
-- rpc: Stripe webhook path (service_role only)
-- ============================================================================================

-- customer.subscription.created / updated. Returns true when applied, false when an event at
-- least as new was already applied (stale or replayed event). Refuses unknown prices (P0002),
-- unknown workspaces (P0002) and a subscription id seen with another workspace (P0001).
create function adly.apply_stripe_subscription(
  p_workspace_id uuid,
  p_stripe_subscription_id text,
  p_stripe_price_id text,
  p_status text,
  p_current_period_start timestamptz,
  p_current_period_end timestamptz,
  p_trial_end timestamptz,
  p_event_created timestamptz
)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_plan_id uuid;
  v_row adly.workspace_subscriptions;
begin
  if p_stripe_subscription_id is null or p_event_created is null or p_status is null then
    raise exception using errcode = '22023', message = 'subscription id, status and event time are required';
  end if;
  if not exists (select 1 from adly.workspaces w where w.id = p_workspace_id) then
    raise exception using errcode = 'P0002', message = 'unknown workspace';
  end if;
  select p.id into v_plan_id from adly.subscription_plans p where p.stripe_price_id = p_stripe_price_id;
  if v_plan_id is null then
    raise exception using errcode = 'P0002', message = format('no plan for Stripe price %s', p_stripe_price_id);
  end if;

  insert into adly.workspace_subscriptions as s (
    workspace_id, plan_id, stripe_subscription_id, status, current_period_start, current_period_end,
    trial_end, canceled_at, stripe_event_created_at
  ) values (
    p_workspace_id, v_plan_id, p_stripe_subscription_id, p_status, p_current_period_start,
    p_current_period_end, p_trial_end, case when p_status = 'canceled' then p_event_created end, p_event_created
  )
  on conflict (stripe_subscription_id) do update
    set plan_id = excluded.plan_id,
        status = excluded.status,
        current_period_start = excluded.current_period_start,
        current_period_end = excluded.current_period_end,
        trial_end = excluded.trial_end,
        canceled_at = coalesce(s.canceled_at, excluded.canceled_at),
        stripe_event_created_at = excluded.stripe_event_created_at
    where s.workspace_id = excluded.workspace_id
      and (excluded.stripe_event_created_at > s.stripe_event_created_at
           -- same second: never resurrect a canceled subscription
           or (excluded.stripe_event_created_at = s.stripe_event_created_at and s.status <> 'canceled'))
  returning * into v_row;

  if v_row.id is null then
    if exists (select 1 from adly.workspace_subscriptions s
               where s.stripe_subscription_id = p_stripe_subscription_id and s.workspace_id <> p_workspace_id) then
      raise exception using errcode = 'P0001', message = 'this Stripe subscription belongs to another workspace';
    end if;
    return false;
  end if;
  return true;
end;
$$;
revoke execute on function adly.apply_stripe_subscription(
  uuid, text, text, text, timestamptz, timestamptz, timestamptz, timestamptz
) from public;
grant execute on function adly.apply_stripe_subscription(
  uuid, text, text, text, timestamptz, timestamptz, timestamptz, timestamptz
) to service_role;
comment on function adly.apply_stripe_subscription(
  uuid, text, text, text, timestamptz, timestamptz, timestamptz, timestamptz
) is
  'service_role only (Stripe webhook): applies customer.subscription.created/updated unless a newer event was applied.';

-- customer.subscription.deleted. Works even when it arrives before the created event (the row
-- is created as canceled, and the older created/updated events are then ignored).
create function adly.apply_stripe_subscription_deleted(
  p_workspace_id uuid,
  p_stripe_subscription_id text,
  p_event_created timestamptz
)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_row adly.workspace_subscriptions;
begin
  if p_stripe_subscription_id is null or p_event_created is null then
    raise exception using errcode = '22023', message = 'subscription id and event time are required';
  end if;
  if not exists (select 1 from adly.workspaces w where w.id = p_workspace_id) then
    raise exception using errcode = 'P0002', message = 'unknown workspace';
  end if;

  insert into adly.workspace_subscriptions as s (
    workspace_id, stripe_subscription_id, status, canceled_at, stripe_event_created_at
  ) values (
    p_workspace_id, p_stripe_subscription_id, 'canceled', p_event_created, p_event_created
  )
  on conflict (stripe_subscription_id) do update
    set status = 'canceled',
        canceled_at = coalesce(s.canceled_at, excluded.canceled_at),
        stripe_event_created_at = excluded.stripe_event_created_at
    where s.workspace_id = excluded.workspace_id
      and excluded.stripe_event_created_at >= s.stripe_event_created_at
      and s.status <> 'canceled'
  returning * into v_row;

  if v_row.id is null then
    if exists (select 1 from adly.workspace_subscriptions s
               where s.stripe_subscription_id = p_stripe_subscription_id and s.workspace_id <> p_workspace_id) then
      raise exception using errcode = 'P0001', message = 'this Stripe subscription belongs to another workspace';
    end if;
    return false;
  end if;
  return true;
end;
$$;
revoke execute on function adly.apply_stripe_subscription_deleted(uuid, text, timestamptz) from public;
grant execute on function adly.apply_stripe_subscription_deleted(uuid, text, timestamptz) to service_role;
comment on function adly.apply_stripe_subscription_deleted(uuid, text, timestamptz) is
  'service_role only (Stripe webhook): marks the subscription canceled (idempotent, order-safe).';

-- invoice.* events. One row per Stripe invoice id: the first event inserts it, a newer event
-- updates status, PDF and paid time, an older or replayed one changes nothing. Amount is in the
-- currency's major unit (the edge function divides Stripe's minor units).
create function adly.record_stripe_invoice(
  p_workspace_id uuid,
  p_stripe_invoice_id text,
  p_amount numeric,
  p_currency text,
  p_status text,
  p_invoice_pdf text,
  p_paid_at timestamptz,
  p_event_created timestamptz
)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_row adly.invoices;
begin
  if p_stripe_invoice_id is null or p_event_created is null or p_amount is null or p_status is null then
    raise exception using errcode = '22023', message = 'invoice id, amount, status and event time are required';
  end if;
  if not exists (select 1 from adly.workspaces w where w.id = p_workspace_id) then
    raise exception using errcode = 'P0002', message = 'unknown workspace';
  end if;

  insert into adly.invoices as i (
    workspace_id, stripe_invoice_id, amount, currency, status, invoice_pdf, paid_at, stripe_event_created_at
  ) values (
    p_workspace_id, p_stripe_invoice_id, p_amount, upper(coalesce(p_currency, 'SAR')), p_status,
    p_invoice_pdf, p_paid_at, p_event_created
  )
  on conflict (stripe_invoice_id) do update
    set status = excluded.status,
        invoice_pdf = coalesce(excluded.invoice_pdf, i.invoice_pdf),
        paid_at = coalesce(i.paid_at, excluded.paid_at),
        stripe_event_created_at = excluded.stripe_event_created_at
    where i.workspace_id = excluded.workspace_id
      and excluded.stripe_event_created_at > i.stripe_event_created_at
  returning * into v_row;

  if v_row.id is null then
    if exists (select 1 from adly.invoices i
               where i.stripe_invoice_id = p_stripe_invoice_id and i.workspace_id <> p_workspace_id) then
      raise exception using errcode = 'P0001', message = 'this Stripe invoice belongs to another workspace';
    end if;
    return false;
  end if;
  return true;
end;
$$;
revoke execute on function adly.record_stripe_invoice(
  uuid, text, numeric, text, text, text, timestamptz, timestamptz
) from public;
grant execute on function adly.record_stripe_invoice(
  uuid, text, numeric, text, text, text, timestamptz, timestamptz
) to service_role;
comment on function adly.record_stripe_invoice(uuid, text, numeric, text, text, text, timestamptz, timestamptz) is
  'service_role only (Stripe webhook): records an invoice once per Stripe invoice id; newer events update its status.';
