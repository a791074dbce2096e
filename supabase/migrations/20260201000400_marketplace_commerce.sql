-- Checkout and webhook path: one function per money or access change, each atomic, idempotent
-- on the Stripe checkout session id, and executable by service_role only (the checkout and
-- stripe-webhook edge functions). Errors carry a SQLSTATE the edge functions map to responses:
--   22023 invalid argument            MK001 user missing or disabled
--   MK002 workflow not purchasable    MK003 workflow is free
--   MK004 already owned               MK005 session id used for another purchase
--   MK006 no purchase for session     MK007 transition not allowed from the current status
--   MK008 price changed since the checkout was priced

-- ============================================================================================
-- helpers
-- ============================================================================================

create function private.marketplace_notify(
  p_user_id uuid,
  p_type marketplace.notification_type,
  p_title text,
  p_message text
)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into marketplace.notifications (user_id, type, title, message)
  values (p_user_id, p_type, p_title, p_message)
$$;
revoke execute on function private.marketplace_notify(uuid, marketplace.notification_type, text, text) from public;
comment on function private.marketplace_notify(uuid, marketplace.notification_type, text, text) is
  'Internal: adds an in-app notification. Not executable by any API role.';

create function private.marketplace_purchase_for_update(p_stripe_checkout_session_id text)
returns marketplace.purchases
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_purchase marketplace.purchases;
begin
  if p_stripe_checkout_session_id is null or btrim(p_stripe_checkout_session_id) = '' then
    raise exception 'a Stripe checkout session id is required' using errcode = '22023';
  end if;
  select * into v_purchase
  from marketplace.purchases p
  where p.stripe_checkout_session_id = p_stripe_checkout_session_id
  for update;
  if not found then
    raise exception 'no purchase for checkout session %', p_stripe_checkout_session_id
      using errcode = 'MK006';
  end if;
  return v_purchase;
end;
$$;
revoke execute on function private.marketplace_purchase_for_update(text) from public;
comment on function private.marketplace_purchase_for_update(text) is
  'Internal: locks and returns the purchase of a checkout session, or raises MK006.';

-- ============================================================================================
-- create a pending purchase
-- ============================================================================================

create function marketplace.create_checkout_purchase(
  p_user_id uuid,
  p_workflow_id uuid,
  p_stripe_checkout_session_id text,
  p_payment_method marketplace.payment_method default 'CARD',
  p_tax numeric default 0,
  p_expected_amount numeric default null
)
returns marketplace.purchases
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_purchase marketplace.purchases;
  v_workflow marketplace.workflows;
begin
  if p_stripe_checkout_session_id is null or btrim(p_stripe_checkout_session_id) = '' then
    raise exception 'a Stripe checkout session id is required' using errcode = '22023';
  end if;
  if p_tax is null or p_tax < 0 then
    raise exception 'tax must be zero or more' using errcode = '22023';
  end if;
  if p_payment_method is null then
    raise exception 'a payment method is required' using errcode = '22023';
  end if;

  -- replay of the same checkout: return what the first call created
  select * into v_purchase
  from marketplace.purchases p
  where p.stripe_checkout_session_id = p_stripe_checkout_session_id;
  if found then
    if v_purchase.user_id is distinct from p_user_id or v_purchase.workflow_id is distinct from p_workflow_id then
      raise exception 'checkout session % belongs to another purchase', p_stripe_checkout_session_id
        using errcode = 'MK005';
    end if;
    return v_purchase;
  end if;

  perform 1 from marketplace.users u where u.id = p_user_id and not u.is_deleted;
  if not found then
    raise exception 'no active marketplace user %', p_user_id using errcode = 'MK001';
  end if;

  -- share lock: the price cannot change under a checkout being created
  select * into v_workflow
  from marketplace.workflows w
  where w.id = p_workflow_id and w.status = 'active' and not w.is_deleted
  for share;
  if not found then
    raise exception 'workflow % is not available for purchase', p_workflow_id using errcode = 'MK002';
  end if;
  if v_workflow.price = 0 then
    raise exception 'workflow % is free and needs no purchase', p_workflow_id using errcode = 'MK003';
  end if;
  if p_expected_amount is not null and p_expected_amount <> v_workflow.price then
    raise exception 'price of workflow % is % %, not %', p_workflow_id, v_workflow.price,
      v_workflow.currency, p_expected_amount using errcode = 'MK008';
  end if;

  perform 1
  from marketplace.purchases p
  where p.user_id = p_user_id and p.workflow_id = p_workflow_id and p.status = 'ACTIVE';
  if found then
    raise exception 'user % already owns workflow %', p_user_id, p_workflow_id using errcode = 'MK004';
  end if;

  insert into marketplace.purchases (
    user_id, workflow_id, currency, amount, tax, total, payment_method, status,
    stripe_checkout_session_id
  ) values (
    p_user_id, p_workflow_id, v_workflow.currency, v_workflow.price, p_tax,
    v_workflow.price + p_tax, p_payment_method, 'PENDING', p_stripe_checkout_session_id
  )
  on conflict (stripe_checkout_session_id) do nothing
  returning * into v_purchase;

  if v_purchase.id is null then
    -- a concurrent call with the same session id won the insert
    select * into v_purchase
    from marketplace.purchases p
    where p.stripe_checkout_session_id = p_stripe_checkout_session_id;
    if v_purchase.user_id is distinct from p_user_id or v_purchase.workflow_id is distinct from p_workflow_id then
      raise exception 'checkout session % belongs to another purchase', p_stripe_checkout_session_id
        using errcode = 'MK005';
    end if;
  end if;
  return v_purchase;
end;
$$;
revoke execute on function marketplace.create_checkout_purchase(
  uuid, uuid, text, marketplace.payment_method, numeric, numeric
) from public;
grant execute on function marketplace.create_checkout_purchase(
  uuid, uuid, text, marketplace.payment_method, numeric, numeric
) to service_role;
comment on function marketplace.create_checkout_purchase(
  uuid, uuid, text, marketplace.payment_method, numeric, numeric
) is
  'Checkout: records a PENDING purchase of an active paid workflow for a Stripe checkout session, '
  'priced from the workflow (amount = price, total = amount + tax). Idempotent on the session id.';

-- ============================================================================================
-- fulfil: paid, invoiced, notified, counted
-- ============================================================================================

create function marketplace.fulfil_checkout_purchase(
  p_stripe_checkout_session_id text,
  p_paid_at timestamptz default now(),
  p_stripe_payment_intent_id text default null,
  p_payment_method marketplace.payment_method default null,
  p_billing_name text default null,
  p_billing_email text default null,
  p_billing_address jsonb default null
)
returns marketplace.invoices
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_purchase marketplace.purchases;
  v_invoice marketplace.invoices;
  v_user marketplace.users;
  v_title text;
  v_issued_at timestamptz := now();
  v_year smallint := extract(year from (now() at time zone 'UTC'))::smallint;
  v_sequence integer;
begin
  if p_paid_at is null then
    raise exception 'paid_at is required' using errcode = '22023';
  end if;
  if p_billing_address is not null and jsonb_typeof(p_billing_address) <> 'object' then
    raise exception 'billing address must be a JSON object' using errcode = '22023';
  end if;

  v_purchase := private.marketplace_purchase_for_update(p_stripe_checkout_session_id);

  if v_purchase.status in ('ACTIVE', 'REFUNDED') then
    -- replayed or late event: the first fulfilment stands
    select * into v_invoice from marketplace.invoices i where i.purchase_id = v_purchase.id;
    if not found then
      raise exception 'purchase % is % without an invoice', v_purchase.id, v_purchase.status
        using errcode = 'MK007';
    end if;
    return v_invoice;
  end if;

  -- PENDING, or REJECT/FAILED followed by a successful payment: Stripe's word that it was paid wins.
  update marketplace.purchases p
  set status = 'ACTIVE',
      paid_at = p_paid_at,
      stripe_payment_intent_id = coalesce(p_stripe_payment_intent_id, p.stripe_payment_intent_id),
      payment_method = coalesce(p_payment_method, p.payment_method)
  where p.id = v_purchase.id
  returning * into v_purchase;

  -- next number of the year: the counter row stays locked until this transaction ends, so
  -- concurrent fulfilments queue here and a rollback returns the number with no gap
  insert into marketplace.invoice_counters (invoice_year) values (v_year)
  on conflict (invoice_year) do nothing;
  select c.last_sequence + 1 into v_sequence
  from marketplace.invoice_counters c
  where c.invoice_year = v_year
  for update;
  update marketplace.invoice_counters c set last_sequence = v_sequence where c.invoice_year = v_year;

  select * into v_user from marketplace.users u where u.id = v_purchase.user_id;

  insert into marketplace.invoices (
    purchase_id, invoice_year, invoice_sequence, invoice_number, billing_name, billing_email,
    billing_address, currency, amount, tax, total, issued_at
  ) values (
    v_purchase.id, v_year, v_sequence, 'INV-' || v_year || '-' || lpad(v_sequence::text, 6, '0'),
    left(coalesce(nullif(btrim(p_billing_name), ''), v_user.name), 160),
    left(coalesce(nullif(btrim(p_billing_email), ''), v_user.email), 150),
    p_billing_address, v_purchase.currency, v_purchase.amount, v_purchase.tax, v_purchase.total,
    v_issued_at
  )
  returning * into v_invoice;

  select w.title into v_title from marketplace.workflows w where w.id = v_purchase.workflow_id;
  perform private.marketplace_notify(
    v_purchase.user_id, 'SUCCESS', 'Purchase complete',
    format('Your purchase of "%s" is complete. Invoice %s.', v_title, v_invoice.invoice_number)
  );

  insert into marketplace.analytics_daily (workflow_id, date, sales_count, revenue)
  values (v_purchase.workflow_id, (p_paid_at at time zone 'UTC')::date, 1, v_purchase.amount)
  on conflict (workflow_id, date) do update
  set sales_count = marketplace.analytics_daily.sales_count + 1,
      revenue = marketplace.analytics_daily.revenue + excluded.revenue;

  return v_invoice;
end;
$$;
revoke execute on function marketplace.fulfil_checkout_purchase(
  text, timestamptz, text, marketplace.payment_method, text, text, jsonb
) from public;
grant execute on function marketplace.fulfil_checkout_purchase(
  text, timestamptz, text, marketplace.payment_method, text, text, jsonb
) to service_role;
comment on function marketplace.fulfil_checkout_purchase(
  text, timestamptz, text, marketplace.payment_method, text, text, jsonb
) is
  'Webhook (checkout.session.completed / async_payment_succeeded): marks the purchase ACTIVE with '
  'paid_at, issues the next invoice number of the year, notifies the buyer and adds the sale to '
  'analytics_daily, in one transaction. Idempotent on the session id: a replay returns the same invoice.';

-- ============================================================================================
-- reject
-- ============================================================================================

create function marketplace.reject_checkout_purchase(
  p_stripe_checkout_session_id text,
  p_status marketplace.purchase_status default 'REJECT'
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
  if p_status is null or p_status not in ('REJECT', 'FAILED') then
    raise exception 'a checkout can only be closed as REJECT or FAILED' using errcode = '22023';
  end if;

  v_purchase := private.marketplace_purchase_for_update(p_stripe_checkout_session_id);

  if v_purchase.status in ('REJECT', 'FAILED') then
    return v_purchase;  -- replay: the first outcome stands
  end if;
  if v_purchase.status <> 'PENDING' then
    raise exception 'purchase % is % and cannot be rejected', v_purchase.id, v_purchase.status
      using errcode = 'MK007';
  end if;

  update marketplace.purchases p set status = p_status where p.id = v_purchase.id
  returning * into v_purchase;

  select w.title into v_title from marketplace.workflows w where w.id = v_purchase.workflow_id;
  perform private.marketplace_notify(
    v_purchase.user_id, 'ERROR', 'Payment not completed',
    format('Your payment for "%s" did not go through. You have not been charged.', v_title)
  );
  return v_purchase;
end;
$$;
revoke execute on function marketplace.reject_checkout_purchase(text, marketplace.purchase_status) from public;
grant execute on function marketplace.reject_checkout_purchase(text, marketplace.purchase_status) to service_role;
comment on function marketplace.reject_checkout_purchase(text, marketplace.purchase_status) is
  'Webhook (checkout.session.expired / async_payment_failed): closes a PENDING purchase as REJECT '
  'or FAILED and notifies the buyer. Idempotent on the session id; MK007 for a paid purchase.';

-- ============================================================================================
-- refund
-- ============================================================================================

create function marketplace.refund_checkout_purchase(
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

  select w.title into v_title from marketplace.workflows w where w.id = v_purchase.workflow_id;
  perform private.marketplace_notify(
    v_purchase.user_id, 'WARNING', 'Purchase refunded',
    format('Your purchase of "%s" was refunded; its download is no longer available.', v_title)
  );
  return v_purchase;
end;
$$;
revoke execute on function marketplace.refund_checkout_purchase(text, timestamptz) from public;
grant execute on function marketplace.refund_checkout_purchase(text, timestamptz) to service_role;
comment on function marketplace.refund_checkout_purchase(text, timestamptz) is
  'Webhook (charge.refunded): marks an ACTIVE purchase REFUNDED, which revokes access, and notifies '
  'the buyer. Idempotent on the session id; MK007 unless the purchase is ACTIVE or REFUNDED.';
