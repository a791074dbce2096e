-- Marketplace: a refund takes the sale out of analytics_daily. The sales count and revenue of the
-- day the purchase was paid used to keep the refunded sale, so the admin analytics overstated
-- revenue; they are now net of refunds (on the day of the sale, where the fulfilment added it).

create or replace function marketplace.refund_checkout_purchase(
  p_stripe_checkout_session_id text,
  p_refunded_at timestamptz default now()
)
returns marketplace.purchases
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_purchase marketplace.purchases;
  v_title text;
begin
  if p_refunded_at is null then
    raise exception 'refunded_at is required' using errcode = '22023';
  end if;

  v_purchase := private.marketplace_purchase_for_update(p_stripe_checkout_session_id);

  if v_purchase.status = 'REFUNDED' then
    return v_purchase;  -- replay
  end if;
  if v_purchase.status <> 'ACTIVE' then
    raise exception 'purchase % is % and cannot be refunded', v_purchase.id, v_purchase.status
      using errcode = 'MK007';
  end if;

  update marketplace.purchases p
  set status = 'REFUNDED', refunded_at = greatest(p_refunded_at, p.paid_at)
  where p.id = v_purchase.id
  returning * into v_purchase;

  -- the sale no longer counts in the analytics of the day it was made
  update marketplace.analytics_daily a
  set sales_count = greatest(a.sales_count - 1, 0),
      revenue = greatest(a.revenue - v_purchase.amount, 0)
  where a.workflow_id = v_purchase.workflow_id
    and a.date = (v_purchase.paid_at at time zone 'UTC')::date;

  select w.title into v_title from marketplace.workflows w where w.id = v_purchase.workflow_id;
  perform private.marketplace_notify(
    v_purchase.user_id, 'WARNING', 'Purchase refunded',
    format('Your purchase of "%s" was refunded; its download is no longer available.', v_title)
  );
  return v_purchase;
end;
$$;

comment on function marketplace.refund_checkout_purchase(text, timestamptz) is
  'Webhook (charge.refunded): marks an ACTIVE purchase REFUNDED, which revokes access, takes the sale '
  'out of analytics_daily (sale day) and notifies the buyer. Idempotent on the session id; MK007 '
  'unless the purchase is ACTIVE or REFUNDED.';
