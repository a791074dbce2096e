-- Each product prices its own items and applies what a paid or closed checkout, a subscription
-- event and an invoice change for it. Billing used to read marketplace, courses, DTF and ADLY
-- tables to price a checkout, to tell a replayed payment from a new one, to check DTF's plans and
-- to see whether a subscription was cancelled; now it reads only its own tables
-- (private.billing_checkouts, private.stripe_events) and asks the products, which answer with an
-- outcome (and a detail) that billing records as it did before:
--   <product>.price_checkout_item                          what a user pays for an item, or free
--   dtf.subscription_cancelled_since, adly.subscription_cancelled
--                                                          whether a new subscription was cancelled
--   marketplace/courses/dtf.apply_paid_checkout            a paid checkout: applied or replayed
--   marketplace.apply_closed_checkout                      an expired or failed checkout
--   adly.apply_subscription_event                          customer.subscription.* of a workspace
--   dtf.apply_paid_invoice, adly.apply_invoice             invoice.paid / invoice.payment_failed
-- Each product function tells a replay from a first delivery itself, once. Billing keeps its own
-- checks on its own rows (a checkout already paid or closed). Error codes and messages are
-- unchanged. service_role only, like the product functions of the refunds.

-- ============================================================================================
-- product functions: pricing a checkout
-- ============================================================================================

create function marketplace.price_checkout_item(
  p_user_id uuid,
  p_workflow_id uuid,
  out outcome text,
  out item_kind text,
  out mode text,
  out currency text,
  out price numeric,
  out item_name text,
  out item_description text,
  out stripe_price_id text,
  out stripe_customer_id text
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  item_kind := 'workflow';
  mode := 'payment';
  perform 1 from marketplace.users u where u.id = p_user_id and not u.is_deleted;
  if not found then
    raise exception 'not a marketplace user' using errcode = 'BL003';
  end if;
  select w.title, w.description, w.price, w.currency::text
    into item_name, item_description, price, currency
    from marketplace.workflows w
   where w.id = p_workflow_id and w.status = 'active' and not w.is_deleted;
  if not found then
    raise exception 'workflow % is not for sale', p_workflow_id using errcode = 'BL001';
  end if;
  if exists (select 1 from marketplace.purchases p
              where p.user_id = p_user_id and p.workflow_id = p_workflow_id and p.status = 'ACTIVE') then
    raise exception 'you already own this workflow' using errcode = 'BL002';
  end if;
  -- free workflows are downloadable by anyone signed in: nothing to buy, nothing to record
  outcome := case when price = 0 then 'free' else 'priced' end;
end;
$$;
revoke execute on function marketplace.price_checkout_item(uuid, uuid) from public;
grant execute on function marketplace.price_checkout_item(uuid, uuid) to service_role;
comment on function marketplace.price_checkout_item(uuid, uuid) is
  'Billing (checkout): title, description, price and currency of an active workflow for an active '
  'marketplace user; outcome priced, or free for a free workflow (nothing to buy). Refuses BL003 '
  '(no such user), BL001 (not for sale), BL002 (already owned). service_role only.';

create function courses.price_checkout_item(
  p_user_id uuid,
  p_product_id uuid,
  out outcome text,
  out item_kind text,
  out mode text,
  out currency text,
  out price numeric,
  out item_name text,
  out item_description text,
  out stripe_price_id text,
  out stripe_customer_id text
)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_product record;
begin
  item_kind := 'course_product';
  mode := 'payment';
  currency := 'USD';
  -- refuses closed accounts (CR004), products not for sale (CR001), owned products (CR002)
  select * into v_product from courses.price_product_for_user(p_user_id, p_product_id);
  item_name := v_product.name;
  item_description := v_product.description;
  price := v_product.price_in_cents / 100.0;
  if v_product.price_in_cents = 0 then
    -- a free product is granted at once, under a session key of its own
    perform courses.record_purchase(p_user_id, p_product_id, 'free_' || p_user_id || '_' || p_product_id, 0);
    outcome := 'free';
    return;
  end if;
  outcome := 'priced';
end;
$$;
revoke execute on function courses.price_checkout_item(uuid, uuid) from public;
grant execute on function courses.price_checkout_item(uuid, uuid) to service_role;
comment on function courses.price_checkout_item(uuid, uuid) is
  'Billing (checkout): name, description and USD price of a product for a user through '
  'price_product_for_user (CR001, CR002, CR004); outcome priced, or free after recording the free '
  'purchase. service_role only.';

create function dtf.price_checkout_item(
  p_user_id uuid,
  p_item_id uuid,
  out outcome text,
  out item_kind text,
  out mode text,
  out currency text,
  out price numeric,
  out item_name text,
  out item_description text,
  out stripe_price_id text,
  out stripe_customer_id text
)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_fulfilled record;
begin
  currency := 'USD';
  select p.stripe_customer_id into stripe_customer_id
    from dtf.profiles p where p.id = p_user_id and p.is_active;
  if not found then
    raise exception 'not a DTF Editor user' using errcode = 'BL003';
  end if;

  -- an item is a credit package, else a paid subscription plan
  select k.name, k.description, k.price into item_name, item_description, price
    from dtf.pay_as_you_go_packages k where k.id = p_item_id and k.is_active;
  if found then
    item_kind := 'credit_package';
    mode := 'payment';
    if price = 0 then
      select * into v_fulfilled
        from dtf.fulfil_credit_purchase(p_user_id, p_item_id, 'free_' || p_user_id || '_' || p_item_id);
      if v_fulfilled.already_applied then
        raise exception 'you already claimed this free package' using errcode = 'BL002';
      end if;
      outcome := 'free';
      return;
    end if;
    outcome := 'priced';
    return;
  end if;

  select s.name, s.description, s.monthly_price, s.stripe_price_id
    into item_name, item_description, price, stripe_price_id
    from dtf.subscription_plans s
   where s.id = p_item_id and s.is_active and s.stripe_price_id is not null and s.monthly_price > 0;
  if not found then
    raise exception 'no credit package or paid plan % is for sale', p_item_id using errcode = 'BL001';
  end if;
  item_kind := 'subscription_plan';
  mode := 'subscription';
  if exists (select 1 from dtf.profiles p
              where p.id = p_user_id and p.subscription_status in ('active', 'past_due')) then
    raise exception 'you already have a subscription: change plans in the billing portal'
      using errcode = 'BL002';
  end if;
  outcome := 'priced';
end;
$$;
revoke execute on function dtf.price_checkout_item(uuid, uuid) from public;
grant execute on function dtf.price_checkout_item(uuid, uuid) to service_role;
comment on function dtf.price_checkout_item(uuid, uuid) is
  'Billing (checkout): a credit package (payment) or a paid plan (subscription) for an active '
  'profile, with its Stripe customer; outcome priced, or free after granting a free package once. '
  'Refuses BL003 (no active profile), BL001 (not for sale), BL002 (free package already claimed, '
  'or already subscribed). service_role only.';

create function adly.price_checkout_item(
  p_user_id uuid,
  p_workspace_id uuid,
  p_plan_id uuid,
  out outcome text,
  out item_kind text,
  out mode text,
  out currency text,
  out price numeric,
  out item_name text,
  out item_description text,
  out stripe_price_id text,
  out stripe_customer_id text
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  item_kind := 'subscription_plan';
  mode := 'subscription';
  if not exists (select 1 from adly.workspace_members m
                  where m.workspace_id = p_workspace_id and m.user_id = p_user_id and m.role = 'owner') then
    raise exception 'only an owner of the workspace can subscribe it' using errcode = 'BL003';
  end if;
  select s.name, s.price, s.currency, s.stripe_price_id into item_name, price, currency, stripe_price_id
    from adly.subscription_plans s where s.id = p_plan_id and s.is_active and s.price > 0;
  if not found then
    raise exception 'plan % is not for sale', p_plan_id using errcode = 'BL001';
  end if;
  if exists (select 1 from adly.workspace_subscriptions ws
              where ws.workspace_id = p_workspace_id
                and ws.status not in ('canceled', 'incomplete', 'incomplete_expired')) then
    raise exception 'this workspace already has a subscription' using errcode = 'BL002';
  end if;
  outcome := 'priced';
end;
$$;
revoke execute on function adly.price_checkout_item(uuid, uuid, uuid) from public;
grant execute on function adly.price_checkout_item(uuid, uuid, uuid) to service_role;
comment on function adly.price_checkout_item(uuid, uuid, uuid) is
  'Billing (checkout): name, price and currency of a paid plan for a workspace its owner '
  'subscribes; outcome priced. Refuses BL003 (not an owner), BL001 (not for sale), BL002 (the '
  'workspace already has a live subscription). service_role only.';

create function dtf.subscription_cancelled_since(p_user_id uuid, p_since timestamptz)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from dtf.profiles p
     where p.id = p_user_id and p.subscription_status = 'cancelled' and p.subscription_event_at > p_since)
$$;
revoke execute on function dtf.subscription_cancelled_since(uuid, timestamptz) from public;
grant execute on function dtf.subscription_cancelled_since(uuid, timestamptz) to service_role;
comment on function dtf.subscription_cancelled_since(uuid, timestamptz) is
  'Billing (checkout): whether the user''s subscription was cancelled by an event later than the '
  'given time, so that a subscription checkout just completed no longer blocks a new one. '
  'service_role only.';

create function adly.subscription_cancelled(p_stripe_subscription_id text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from adly.workspace_subscriptions ws
     where ws.stripe_subscription_id = p_stripe_subscription_id and ws.status = 'canceled')
$$;
revoke execute on function adly.subscription_cancelled(text) from public;
grant execute on function adly.subscription_cancelled(text) to service_role;
comment on function adly.subscription_cancelled(text) is
  'Billing (checkout): whether this Stripe subscription is canceled, so that the subscription '
  'checkout that created it no longer blocks a new one. service_role only.';

-- ============================================================================================
-- product functions: paid and closed checkouts
-- ============================================================================================

create function marketplace.apply_paid_checkout(
  p_user_id uuid,
  p_workflow_id uuid,
  p_stripe_checkout_session_id text,
  p_paid_at timestamptz,
  p_stripe_payment_intent_id text,
  p_billing_name text,
  p_billing_email text,
  p_billing_address jsonb,
  out outcome text,
  out detail text
)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_status marketplace.purchase_status;
begin
  select p.status into v_status from marketplace.purchases p
   where p.stripe_checkout_session_id = p_stripe_checkout_session_id
     for update;
  if not found then
    -- the session was never attached (Stripe answered, the attach did not): create it now
    perform marketplace.create_checkout_purchase(p_user_id, p_workflow_id, p_stripe_checkout_session_id);
  end if;
  -- fulfil_checkout_purchase leaves an ACTIVE or REFUNDED purchase as it is: that is the replay
  perform marketplace.fulfil_checkout_purchase(
    p_stripe_checkout_session_id, p_paid_at, p_stripe_payment_intent_id, 'CARD',
    p_billing_name, p_billing_email, p_billing_address);
  outcome := case when v_status in ('ACTIVE', 'REFUNDED') then 'replayed' else 'applied' end;
end;
$$;
revoke execute on function marketplace.apply_paid_checkout(uuid, uuid, text, timestamptz, text, text, text, jsonb)
  from public;
grant execute on function marketplace.apply_paid_checkout(uuid, uuid, text, timestamptz, text, text, text, jsonb)
  to service_role;
comment on function marketplace.apply_paid_checkout(uuid, uuid, text, timestamptz, text, text, text, jsonb) is
  'Billing (checkout.session.completed, paid): the purchase of this session (created if the '
  'session was never attached) becomes ACTIVE with its invoice through fulfil_checkout_purchase; '
  'outcome applied, or replayed when it already was ACTIVE or REFUNDED. service_role only.';

create function marketplace.apply_closed_checkout(
  p_stripe_checkout_session_id text,
  p_failed boolean,
  out outcome text,
  out detail text
)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_status marketplace.purchase_status;
begin
  select p.status into v_status from marketplace.purchases p
   where p.stripe_checkout_session_id = p_stripe_checkout_session_id
     for update;
  if v_status in ('REJECT', 'FAILED') then
    outcome := 'replayed';
  elsif v_status = 'PENDING' then
    perform marketplace.reject_checkout_purchase(p_stripe_checkout_session_id,
      case when p_failed then 'FAILED' else 'REJECT' end::marketplace.purchase_status);
    outcome := 'applied';
  else
    -- no purchase (the session was never attached), or one paid by another event: left as it is
    outcome := 'ignored';
    detail := case when v_status is null then 'no purchase for this session'
                   else format('purchase is %s', v_status) end;
  end if;
end;
$$;
revoke execute on function marketplace.apply_closed_checkout(text, boolean) from public;
grant execute on function marketplace.apply_closed_checkout(text, boolean) to service_role;
comment on function marketplace.apply_closed_checkout(text, boolean) is
  'Billing (checkout.session.expired or async_payment_failed): the PENDING purchase of this session '
  'becomes REJECT (expired) or FAILED through reject_checkout_purchase; outcome applied, replayed '
  '(already closed) or ignored (no pending purchase). service_role only.';

create function courses.apply_paid_checkout(
  p_user_id uuid,
  p_product_id uuid,
  p_stripe_session_id text,
  p_price_paid_in_cents integer,
  p_stripe_payment_intent_id text,
  out outcome text,
  out detail text
)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_replay boolean;
begin
  v_replay := exists (select 1 from courses.purchases p where p.stripe_session_id = p_stripe_session_id);
  -- record_purchase returns the recorded purchase on a replay (CR003 if it differs)
  perform courses.record_purchase(p_user_id, p_product_id, p_stripe_session_id, p_price_paid_in_cents,
                                  p_stripe_payment_intent_id);
  outcome := case when v_replay then 'replayed' else 'applied' end;
end;
$$;
revoke execute on function courses.apply_paid_checkout(uuid, uuid, text, integer, text) from public;
grant execute on function courses.apply_paid_checkout(uuid, uuid, text, integer, text) to service_role;
comment on function courses.apply_paid_checkout(uuid, uuid, text, integer, text) is
  'Billing (checkout.session.completed, paid): records the purchase and grants its courses through '
  'record_purchase; outcome applied, or replayed when the session was already recorded. '
  'service_role only.';

create function dtf.apply_paid_checkout(
  p_user_id uuid,
  p_package_id uuid,
  p_stripe_checkout_session_id text,
  p_stripe_payment_intent_id text,
  out outcome text,
  out detail text
)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_result record;
begin
  select * into v_result
    from dtf.fulfil_credit_purchase(p_user_id, p_package_id, p_stripe_checkout_session_id,
                                    p_stripe_payment_intent_id);
  outcome := case when v_result.already_applied then 'replayed' else 'applied' end;
end;
$$;
revoke execute on function dtf.apply_paid_checkout(uuid, uuid, text, text) from public;
grant execute on function dtf.apply_paid_checkout(uuid, uuid, text, text) to service_role;
comment on function dtf.apply_paid_checkout(uuid, uuid, text, text) is
  'Billing (checkout.session.completed, paid): grants the package''s credits once per payment '
  'through fulfil_credit_purchase; outcome applied, or replayed when already granted. '
  'service_role only.';

-- ============================================================================================
-- product functions: subscriptions and invoices
-- ============================================================================================

create function adly.apply_subscription_event(
  p_workspace_id uuid,
  p_stripe_subscription_id text,
  p_deleted boolean,
  p_stripe_price_id text,
  p_status text,
  p_current_period_start timestamptz,
  p_current_period_end timestamptz,
  p_trial_end timestamptz,
  p_event_created timestamptz,
  out outcome text,
  out detail text
)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_applied boolean;
begin
  if p_deleted then
    v_applied := adly.apply_stripe_subscription_deleted(p_workspace_id, p_stripe_subscription_id, p_event_created);
  else
    v_applied := adly.apply_stripe_subscription(
      p_workspace_id, p_stripe_subscription_id, p_stripe_price_id, p_status, p_current_period_start,
      p_current_period_end, p_trial_end, p_event_created);
  end if;
  -- both keep the newest event: an older one changes nothing (stale), and so does a deletion
  -- already applied; the same update again writes the same values (applied)
  outcome := case when v_applied then 'applied' else 'stale' end;
end;
$$;
revoke execute on function
  adly.apply_subscription_event(uuid, text, boolean, text, text, timestamptz, timestamptz, timestamptz, timestamptz)
  from public;
grant execute on function
  adly.apply_subscription_event(uuid, text, boolean, text, text, timestamptz, timestamptz, timestamptz, timestamptz)
  to service_role;
comment on function
  adly.apply_subscription_event(uuid, text, boolean, text, text, timestamptz, timestamptz, timestamptz, timestamptz)
  is 'Billing (customer.subscription.*): the workspace''s subscription follows the newest event '
     'through apply_stripe_subscription or apply_stripe_subscription_deleted; outcome applied, or '
     'stale for an older event or a deletion already applied. service_role only.';

create function dtf.apply_paid_invoice(
  p_user_id uuid,
  p_stripe_customer_id text,
  p_stripe_invoice_id text,
  p_stripe_price_id text,
  p_stripe_subscription_id text,
  p_stripe_payment_intent_id text,
  p_period_start timestamptz,
  p_period_end timestamptz,
  out outcome text,
  out detail text
)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user_id uuid := p_user_id;
  v_grant record;
begin
  if not exists (select 1 from dtf.subscription_plans s
                  where s.stripe_price_id = p_stripe_price_id and s.credits_per_month > 0) then
    outcome := 'ignored';
    detail := 'plan grants no monthly credits';
    return;
  end if;
  if v_user_id is null then
    select p.id into v_user_id from dtf.profiles p where p.stripe_customer_id = p_stripe_customer_id;
  end if;
  -- once per invoice; a proration invoice of the same period only tops the allowance up
  select * into v_grant from dtf.grant_subscription_credits(
    v_user_id, p_stripe_invoice_id, p_stripe_price_id, p_stripe_subscription_id, p_stripe_payment_intent_id,
    p_period_start, p_period_end);
  outcome := case when v_grant.already_applied then 'replayed' else 'applied' end;
  detail := format('%s monthly credits', v_grant.amount);
end;
$$;
revoke execute on function dtf.apply_paid_invoice(uuid, text, text, text, text, text, timestamptz, timestamptz)
  from public;
grant execute on function dtf.apply_paid_invoice(uuid, text, text, text, text, text, timestamptz, timestamptz)
  to service_role;
comment on function dtf.apply_paid_invoice(uuid, text, text, text, text, text, timestamptz, timestamptz) is
  'Billing (invoice.paid): grants the monthly credits of the plan of this price through '
  'grant_subscription_credits, to the user or else the profile of the Stripe customer; outcome '
  'applied, replayed (invoice already granted) or ignored (a plan without monthly credits). '
  'service_role only.';

create function adly.apply_invoice(
  p_workspace_id uuid,
  p_stripe_invoice_id text,
  p_amount numeric,
  p_currency text,
  p_status text,
  p_invoice_pdf text,
  p_paid_at timestamptz,
  p_event_created timestamptz,
  out outcome text,
  out detail text
)
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- record_stripe_invoice keeps the newest event: an older one, or the same one again, is stale
  outcome := case
    when adly.record_stripe_invoice(p_workspace_id, p_stripe_invoice_id, p_amount, p_currency, p_status,
                                    p_invoice_pdf, p_paid_at, p_event_created)
    then 'applied' else 'stale' end;
end;
$$;
revoke execute on function adly.apply_invoice(uuid, text, numeric, text, text, text, timestamptz, timestamptz)
  from public;
grant execute on function adly.apply_invoice(uuid, text, numeric, text, text, text, timestamptz, timestamptz)
  to service_role;
comment on function adly.apply_invoice(uuid, text, numeric, text, text, text, timestamptz, timestamptz) is
  'Billing (invoice.paid, invoice.payment_failed): records the workspace''s invoice through '
  'record_stripe_invoice; outcome applied, or stale for an older or repeated event. service_role only.';

-- ============================================================================================
-- billing: dispatch to the products
-- ============================================================================================

create or replace function private.billing_begin_checkout(
  p_user_id uuid,
  p_product text,
  p_item_id uuid,
  p_workspace_id uuid default null
)
returns table (
  outcome text,               -- new | reuse | free
  checkout_id uuid,
  mode text,
  currency text,
  amount_minor bigint,
  item_name text,
  item_description text,
  stripe_price_id text,
  customer_email text,
  stripe_customer_id text,
  checkout_url text,
  stripe_checkout_session_id text
)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_item record;
  v_email text;
  v_row private.billing_checkouts;
begin
  if p_user_id is null or p_item_id is null then
    raise exception 'user and item are required' using errcode = '22023';
  end if;
  if p_product is null or p_product not in ('marketplace', 'courses', 'dtf', 'adly') then
    raise exception 'unknown product %', coalesce(p_product, 'null') using errcode = '22023';
  end if;
  if (p_product = 'adly') <> (p_workspace_id is not null) then
    raise exception 'a workspace is required for ADLY plans and only for them' using errcode = '22023';
  end if;

  select au.email into v_email from auth.users au where au.id = p_user_id;
  if not found then
    raise exception 'no user %', p_user_id using errcode = 'BL003';
  end if;

  -- One checkout at a time per user and item: concurrent calls queue here, and a free item is
  -- recorded by its product under this lock.
  perform pg_catalog.pg_advisory_xact_lock(
    pg_catalog.hashtextextended(p_user_id::text || '/' || p_product || '/' || p_item_id::text, 0));

  -- the product prices the item for the user, or refuses it (BL001..BL003, CR00x)
  if p_product = 'marketplace' then
    v_item := marketplace.price_checkout_item(p_user_id, p_item_id);
  elsif p_product = 'courses' then
    v_item := courses.price_checkout_item(p_user_id, p_item_id);
  elsif p_product = 'dtf' then
    v_item := dtf.price_checkout_item(p_user_id, p_item_id);
  else
    v_item := adly.price_checkout_item(p_user_id, p_workspace_id, p_item_id);
  end if;
  if v_item.outcome = 'free' then
    return query select 'free'::text, null::uuid, null::text, v_item.currency, 0::bigint, v_item.item_name,
      v_item.item_description, null::text, v_email, v_item.stripe_customer_id, null::text, null::text;
    return;
  end if;

  -- A subscription checkout already paid but whose subscription event has not arrived yet, unless
  -- the product says that subscription was cancelled since.
  if v_item.mode = 'subscription' and exists (
    select 1 from private.billing_checkouts c
     where c.user_id = p_user_id and c.product = p_product and c.mode = 'subscription'
       and c.workspace_id is not distinct from p_workspace_id
       and c.status in ('processing', 'paid') and c.completed_at > now() - interval '1 day'
       and (p_product <> 'dtf' or not dtf.subscription_cancelled_since(p_user_id, c.completed_at))
       and (p_product <> 'adly' or not adly.subscription_cancelled(c.stripe_subscription_id))
  ) then
    raise exception 'a subscription checkout was just completed' using errcode = 'BL002';
  end if;

  -- Reuse the open session of the same item at the same price (a second click, a reload).
  select * into v_row
    from private.billing_checkouts c
   where c.user_id = p_user_id and c.product = p_product and c.item_id = p_item_id
     and c.workspace_id is not distinct from p_workspace_id
     and c.status in ('creating', 'open')
   order by c.created_at desc
   limit 1;
  if found then
    if v_row.status = 'open'
       and v_row.amount_minor = round(v_item.price * private.billing_minor_unit_factor(v_item.currency))
       and v_row.stripe_price_id is not distinct from v_item.stripe_price_id
       and v_row.expires_at > now() + interval '10 minutes' then
      return query select 'reuse'::text, v_row.id, v_row.mode, v_row.currency, v_row.amount_minor, v_item.item_name,
        v_item.item_description, v_row.stripe_price_id, v_email, v_item.stripe_customer_id, v_row.checkout_url,
        v_row.stripe_checkout_session_id;
      return;
    end if;
    if v_row.status = 'creating' and v_row.created_at > now() - interval '1 minute' then
      raise exception 'a checkout for this item is being created' using errcode = 'BL004';
    end if;
  end if;

  insert into private.billing_checkouts (
    product, user_id, item_kind, item_id, workspace_id, mode, currency, amount_minor, stripe_price_id,
    stripe_customer_id
  ) values (
    p_product, p_user_id, v_item.item_kind, p_item_id, p_workspace_id, v_item.mode, v_item.currency,
    round(v_item.price * private.billing_minor_unit_factor(v_item.currency)), v_item.stripe_price_id,
    v_item.stripe_customer_id
  )
  returning * into v_row;

  return query select 'new'::text, v_row.id, v_row.mode, v_row.currency, v_row.amount_minor, v_item.item_name,
    v_item.item_description, v_row.stripe_price_id, v_email, v_item.stripe_customer_id, null::text, null::text;
end;
$$;
comment on function private.billing_begin_checkout(uuid, text, uuid, uuid) is
  'Checkout: the product prices the item for the user (<product>.price_checkout_item, which '
  'records a free item at once); billing then refuses a second subscription checkout while one '
  'just completed (unless the product says it was cancelled since), reuses an open session of the '
  'same price or opens a checkout row. service_role only.';

create or replace function private.billing_on_checkout_session(p_event jsonb,
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
  v_effect record;
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
    -- billing's own record of the payment; the product tells its own replays apart
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
      v_effect := marketplace.apply_paid_checkout(
        v_row.user_id, v_row.item_id, object_id, v_created, v_pi,
        v_session #>> '{customer_details,name}', v_session #>> '{customer_details,email}',
        case when jsonb_typeof(v_session #> '{customer_details,address}') = 'object'
             then v_session #> '{customer_details,address}' end);
    elsif v_row.item_kind = 'course_product' then
      v_effect := courses.apply_paid_checkout(v_row.user_id, v_row.item_id, object_id,
        coalesce((v_session ->> 'amount_total')::integer, v_row.amount_minor::integer), v_pi);
    elsif v_row.item_kind = 'credit_package' then
      v_effect := dtf.apply_paid_checkout(v_row.user_id, v_row.item_id, object_id, v_pi);
    else
      select 'applied' as outcome, 'subscription applied from its customer.subscription events' as detail
        into v_effect;
    end if;
    outcome := v_effect.outcome;
    detail := v_effect.detail;

    perform private.billing_apply_deferred_refunds(v_pi);
    return;
  end if;

  -- checkout.session.expired / async_payment_failed: close the checkout and the pending purchase
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
  if v_row.item_kind = 'workflow' then
    -- the checkout is closed whatever the purchase's state; the product's word goes in the detail
    v_effect := marketplace.apply_closed_checkout(object_id, v_type <> 'checkout.session.expired');
    detail := v_effect.detail;
  end if;
  outcome := 'applied';
end;
$$;
comment on function private.billing_on_checkout_session(jsonb) is
  'Internal: checkout.session.* of a checkout opened by billing_begin_checkout. Paid: marks the '
  'checkout paid and applies it through the product (marketplace, courses or dtf '
  '.apply_paid_checkout; subscriptions follow their own events), then refunds that arrived first. '
  'Expired or failed: closes the checkout and, for a workflow, the pending purchase '
  '(marketplace.apply_closed_checkout).';

create or replace function private.billing_on_subscription(p_event jsonb,
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
  v_period_start timestamptz := coalesce(private.billing_to_timestamptz(v_item -> 'current_period_start'),
                                         private.billing_to_timestamptz(v_sub -> 'current_period_start'));
  v_period_end timestamptz := coalesce(private.billing_to_timestamptz(v_item -> 'current_period_end'),
                                       private.billing_to_timestamptz(v_sub -> 'current_period_end'));
  v_owner record;
  v_dtf record;
  v_effect record;
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
      v_item #>> '{price,id}', v_sub ->> 'status', v_period_start, v_period_end,
      private.billing_to_timestamptz(v_sub -> 'canceled_at'));
    outcome := case v_dtf.reason when 'applied' then 'applied' when 'duplicate' then 'replayed' else 'stale' end;
    detail := v_dtf.reason;
  else
    if v_owner.workspace_id is null then
      raise exception 'ADLY subscription % has no workspace', object_id using errcode = '22023';
    end if;
    v_effect := adly.apply_subscription_event(
      v_owner.workspace_id, object_id, v_kind = 'deleted', v_item #>> '{price,id}', v_sub ->> 'status',
      v_period_start, v_period_end, private.billing_to_timestamptz(v_sub -> 'trial_end'), v_created);
    outcome := v_effect.outcome;
    detail := v_effect.detail;
  end if;
end;
$$;
comment on function private.billing_on_subscription(jsonb) is
  'Internal: customer.subscription.* through the product of the subscription: '
  'dtf.apply_subscription_event (its reason becomes applied, replayed or stale) or '
  'adly.apply_subscription_event; ignored for a subscription of no product.';

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
  v_owner record;
  v_effect record;
  v_currency text := upper(coalesce(v_invoice ->> 'currency', 'usd'));
  v_payment_intent text := coalesce(v_invoice #>> '{payments,data,0,payment,payment_intent}',
                                    v_invoice ->> 'payment_intent');
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
    v_effect := dtf.apply_paid_invoice(
      v_owner.user_id, v_invoice ->> 'customer', object_id,
      coalesce(v_line #>> '{pricing,price_details,price}', v_line #>> '{price,id}'), v_subscription,
      v_payment_intent, private.billing_to_timestamptz(v_line #> '{period,start}'),
      private.billing_to_timestamptz(v_line #> '{period,end}'));
    outcome := v_effect.outcome;
    detail := v_effect.detail;
    if outcome <> 'ignored' then
      -- a refund of this invoice's payment that arrived before it
      perform private.billing_apply_deferred_refunds(v_payment_intent);
    end if;
  else
    if v_owner.workspace_id is null then
      raise exception 'ADLY invoice % has no workspace', object_id using errcode = '22023';
    end if;
    v_effect := adly.apply_invoice(
      v_owner.workspace_id, object_id,
      coalesce((v_invoice ->> case when v_type = 'invoice.paid' then 'amount_paid' else 'amount_due' end)::numeric, 0)
        / private.billing_minor_unit_factor(v_currency),
      v_currency, coalesce(v_invoice ->> 'status', case when v_type = 'invoice.paid' then 'paid' else 'open' end),
      v_invoice ->> 'invoice_pdf',
      case when v_type = 'invoice.paid'
           then coalesce(private.billing_to_timestamptz(v_invoice #> '{status_transitions,paid_at}'), v_created) end,
      v_created);
    outcome := v_effect.outcome;
    detail := v_effect.detail;
  end if;
end;
$$;
comment on function private.billing_on_invoice(jsonb) is
  'Internal: invoice.paid and invoice.payment_failed through the product of the subscription: '
  'dtf.apply_paid_invoice grants the monthly credits of a paid invoice (then refunds that arrived '
  'first); adly.apply_invoice records the invoice. ignored for an invoice of no product.';
