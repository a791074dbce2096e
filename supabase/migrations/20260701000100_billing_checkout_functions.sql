-- The checkout edge function's SQL: price an item for a user from the database, open or reuse a
-- checkout row, attach the Stripe session to it (and to the product's pending purchase), or
-- drop it when Stripe failed. Free items are fulfilled here at once. service_role only.

-- ============================================================================================
-- begin: validate, price, record
-- ============================================================================================

create function private.billing_begin_checkout(
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
  v_kind text;
  v_mode text := 'payment';
  v_currency text;
  v_price numeric;
  v_name text;
  v_description text;
  v_price_id text;
  v_customer text;
  v_email text;
  v_row private.billing_checkouts;
  v_courses record;
  v_fulfilled record;
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

  -- One checkout at a time per user and item: concurrent calls queue here.
  perform pg_catalog.pg_advisory_xact_lock(
    pg_catalog.hashtextextended(p_user_id::text || '/' || p_product || '/' || p_item_id::text, 0));

  if p_product = 'marketplace' then
    v_kind := 'workflow';
    perform 1 from marketplace.users u where u.id = p_user_id and not u.is_deleted;
    if not found then
      raise exception 'not a marketplace user' using errcode = 'BL003';
    end if;
    select w.title, w.description, w.price, w.currency::text
      into v_name, v_description, v_price, v_currency
      from marketplace.workflows w
     where w.id = p_item_id and w.status = 'active' and not w.is_deleted;
    if not found then
      raise exception 'workflow % is not for sale', p_item_id using errcode = 'BL001';
    end if;
    if exists (select 1 from marketplace.purchases p
                where p.user_id = p_user_id and p.workflow_id = p_item_id and p.status = 'ACTIVE') then
      raise exception 'you already own this workflow' using errcode = 'BL002';
    end if;
    if v_price = 0 then
      -- free workflows are downloadable by anyone signed in: nothing to buy
      return query select 'free'::text, null::uuid, null::text, v_currency, 0::bigint, v_name,
        v_description, null::text, v_email, null::text, null::text, null::text;
      return;
    end if;

  elsif p_product = 'courses' then
    v_kind := 'course_product';
    -- refuses closed accounts (CR004), products not for sale (CR001), owned products (CR002)
    select * into v_courses from courses.price_product_for_user(p_user_id, p_item_id);
    v_name := v_courses.name;
    v_description := v_courses.description;
    v_currency := 'USD';
    v_price := v_courses.price_in_cents / 100.0;
    if v_courses.price_in_cents = 0 then
      perform courses.record_purchase(p_user_id, p_item_id, 'free_' || p_user_id || '_' || p_item_id, 0);
      return query select 'free'::text, null::uuid, null::text, v_currency, 0::bigint, v_name,
        v_description, null::text, v_email, null::text, null::text, null::text;
      return;
    end if;

  elsif p_product = 'dtf' then
    select p.stripe_customer_id into v_customer
      from dtf.profiles p where p.id = p_user_id and p.is_active;
    if not found then
      raise exception 'not a DTF Editor user' using errcode = 'BL003';
    end if;
    select k.name, k.description, k.price into v_name, v_description, v_price
      from dtf.pay_as_you_go_packages k where k.id = p_item_id and k.is_active;
    if found then
      v_kind := 'credit_package';
      v_currency := 'USD';
      if v_price = 0 then
        select * into v_fulfilled
          from dtf.fulfil_credit_purchase(p_user_id, p_item_id, 'free_' || p_user_id || '_' || p_item_id);
        if v_fulfilled.already_applied then
          raise exception 'you already claimed this free package' using errcode = 'BL002';
        end if;
        return query select 'free'::text, null::uuid, null::text, v_currency, 0::bigint, v_name,
          v_description, null::text, v_email, v_customer, null::text, null::text;
        return;
      end if;
    else
      select s.name, s.description, s.monthly_price, s.stripe_price_id
        into v_name, v_description, v_price, v_price_id
        from dtf.subscription_plans s
       where s.id = p_item_id and s.is_active and s.stripe_price_id is not null and s.monthly_price > 0;
      if not found then
        raise exception 'no credit package or paid plan % is for sale', p_item_id using errcode = 'BL001';
      end if;
      v_kind := 'subscription_plan';
      v_mode := 'subscription';
      v_currency := 'USD';
      if exists (select 1 from dtf.profiles p
                  where p.id = p_user_id and p.subscription_status in ('active', 'past_due')) then
        raise exception 'you already have a subscription: change plans in the billing portal'
          using errcode = 'BL002';
      end if;
    end if;

  else -- adly
    v_kind := 'subscription_plan';
    v_mode := 'subscription';
    if not exists (select 1 from adly.workspace_members m
                    where m.workspace_id = p_workspace_id and m.user_id = p_user_id and m.role = 'owner') then
      raise exception 'only an owner of the workspace can subscribe it' using errcode = 'BL003';
    end if;
    select s.name, s.price, s.currency, s.stripe_price_id into v_name, v_price, v_currency, v_price_id
      from adly.subscription_plans s where s.id = p_item_id and s.is_active and s.price > 0;
    if not found then
      raise exception 'plan % is not for sale', p_item_id using errcode = 'BL001';
    end if;
    if exists (select 1 from adly.workspace_subscriptions ws
                where ws.workspace_id = p_workspace_id
                  and ws.status not in ('canceled', 'incomplete', 'incomplete_expired')) then
      raise exception 'this workspace already has a subscription' using errcode = 'BL002';
    end if;
  end if;

  -- A subscription checkout already paid but whose subscription event has not arrived yet.
  if v_mode = 'subscription' and exists (
    select 1 from private.billing_checkouts c
     where c.user_id = p_user_id and c.product = p_product and c.mode = 'subscription'
       and c.workspace_id is not distinct from p_workspace_id
       and c.status in ('processing', 'paid') and c.completed_at > now() - interval '1 day'
       and (p_product <> 'dtf' or not exists (
             select 1 from dtf.profiles p where p.id = p_user_id and p.subscription_status = 'cancelled'
               and p.subscription_event_at > c.completed_at))
       and (p_product <> 'adly' or not exists (
             select 1 from adly.workspace_subscriptions ws
              where ws.stripe_subscription_id = c.stripe_subscription_id and ws.status = 'canceled'))
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
    if v_row.status = 'open' and v_row.amount_minor = round(v_price * private.billing_minor_unit_factor(v_currency))
       and v_row.stripe_price_id is not distinct from v_price_id
       and v_row.expires_at > now() + interval '10 minutes' then
      return query select 'reuse'::text, v_row.id, v_row.mode, v_row.currency, v_row.amount_minor, v_name,
        v_description, v_row.stripe_price_id, v_email, v_customer, v_row.checkout_url,
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
    p_product, p_user_id, v_kind, p_item_id, p_workspace_id, v_mode, v_currency,
    round(v_price * private.billing_minor_unit_factor(v_currency)), v_price_id, v_customer
  )
  returning * into v_row;

  return query select 'new'::text, v_row.id, v_row.mode, v_row.currency, v_row.amount_minor, v_name,
    v_description, v_row.stripe_price_id, v_email, v_customer, null::text, null::text;
end;
$$;
revoke execute on function private.billing_begin_checkout(uuid, text, uuid, uuid) from public;
grant execute on function private.billing_begin_checkout(uuid, text, uuid, uuid) to service_role;
comment on function private.billing_begin_checkout(uuid, text, uuid, uuid) is
  'Checkout step 1 (service_role): checks the caller may buy the item (BL003), that it is for sale '
  '(BL001, CR001) and not owned (BL002, CR002), prices it from the database, and returns new (a '
  'creating row to open a Stripe session for), reuse (an open session of the same item and price) '
  'or free (fulfilled at once, no Stripe). BL004 while another call creates the same checkout.';

-- ============================================================================================
-- attach: the Stripe session exists
-- ============================================================================================

create function private.billing_attach_session(
  p_checkout_id uuid,
  p_stripe_checkout_session_id text,
  p_checkout_url text,
  p_expires_at timestamptz
)
returns private.billing_checkouts
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_row private.billing_checkouts;
begin
  if nullif(btrim(p_stripe_checkout_session_id), '') is null or nullif(btrim(p_checkout_url), '') is null then
    raise exception 'session id and url are required' using errcode = '22023';
  end if;

  select * into v_row from private.billing_checkouts c where c.id = p_checkout_id for update;
  if not found then
    raise exception 'no checkout %', p_checkout_id using errcode = 'P0002';
  end if;
  if v_row.stripe_checkout_session_id is not null
     and v_row.stripe_checkout_session_id <> p_stripe_checkout_session_id then
    raise exception 'checkout % already has another session', p_checkout_id using errcode = '22023';
  end if;

  update private.billing_checkouts c
     set stripe_checkout_session_id = p_stripe_checkout_session_id,
         checkout_url = p_checkout_url,
         expires_at = p_expires_at,
         status = case when c.status = 'creating' then 'open' else c.status end
   where c.id = p_checkout_id
  returning * into v_row;

  if v_row.product = 'marketplace' then
    -- the product's own pending purchase; refuses (MK004, MK008) if ownership or price changed
    perform marketplace.create_checkout_purchase(
      v_row.user_id, v_row.item_id, p_stripe_checkout_session_id, 'CARD', 0,
      v_row.amount_minor::numeric / private.billing_minor_unit_factor(v_row.currency));
  end if;
  return v_row;
end;
$$;
revoke execute on function private.billing_attach_session(uuid, text, text, timestamptz) from public;
grant execute on function private.billing_attach_session(uuid, text, text, timestamptz) to service_role;
comment on function private.billing_attach_session(uuid, text, text, timestamptz) is
  'Checkout step 2 (service_role): stores the Stripe session on the checkout row and, for the '
  'marketplace, records the PENDING purchase. Idempotent for the same session id.';

-- ============================================================================================
-- abandon: Stripe failed, or the session could not be attached
-- ============================================================================================

create function private.billing_abandon_checkout(p_checkout_id uuid)
returns boolean
language sql
security definer
set search_path = ''
as $$
  with gone as (
    delete from private.billing_checkouts c
     where c.id = p_checkout_id and c.status = 'creating'
    returning 1
  )
  select exists (select 1 from gone)
$$;
revoke execute on function private.billing_abandon_checkout(uuid) from public;
grant execute on function private.billing_abandon_checkout(uuid) to service_role;
comment on function private.billing_abandon_checkout(uuid) is
  'Checkout failure (service_role): removes a checkout row that never got a Stripe session, so '
  'nothing is left half-written. Returns whether a row was removed.';
