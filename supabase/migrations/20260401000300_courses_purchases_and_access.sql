-- Course platform: the functions that move money-backed access. Each is one atomic SQL function;
-- purchases, refunds and manual access changes of one user are serialised by locking that user's
-- courses.users row first, so concurrent calls never lose or wrongly revoke access.
--
-- SQLSTATEs raised here (besides constraint violations):
--   22023 invalid argument, 42501 not allowed, P0002 not found,
--   CR001 product not for sale, CR002 product already owned, CR003 Stripe id already recorded
--   for a different purchase, CR004 account soft deleted.

-- ============================================================================================
-- checkout and webhook (service_role only)
-- ============================================================================================

create function courses.price_product_for_user(p_user_id uuid, p_product_id uuid)
returns table (
  product_id uuid,
  name text,
  description text,
  image_url text,
  price_in_cents integer,
  course_ids uuid[]
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_product courses.products;
  v_course_ids uuid[];
begin
  if p_user_id is null or p_product_id is null then
    raise exception 'price_product_for_user: user and product are required' using errcode = '22023';
  end if;
  if not exists (select 1 from auth.users au where au.id = p_user_id) then
    raise exception 'price_product_for_user: no user %', p_user_id using errcode = 'P0002';
  end if;
  if exists (select 1 from courses.users u where u.id = p_user_id and u.deleted_at is not null) then
    raise exception 'price_product_for_user: the account of user % is closed', p_user_id
      using errcode = 'CR004';
  end if;

  select * into v_product from courses.products p where p.id = p_product_id and p.status = 'public';
  if not found then
    raise exception 'price_product_for_user: product % is not for sale', p_product_id using errcode = 'CR001';
  end if;

  select coalesce(array_agg(cp.course_id order by cp.course_id), '{}')
  into v_course_ids
  from courses.course_products cp
  where cp.product_id = p_product_id;
  if cardinality(v_course_ids) = 0 then
    raise exception 'price_product_for_user: product % contains no course', p_product_id using errcode = 'CR001';
  end if;

  if exists (
    select 1 from courses.purchases pu
    where pu.user_id = p_user_id and pu.product_id = p_product_id and pu.refunded_at is null
  ) then
    raise exception 'price_product_for_user: user % already owns product %', p_user_id, p_product_id
      using errcode = 'CR002';
  end if;

  return query
  select v_product.id, v_product.name, v_product.description, v_product.image_url,
         v_product.price_dollars * 100, v_course_ids;
end;
$$;

comment on function courses.price_product_for_user(uuid, uuid) is
  'Checkout: the amount in cents and the line item details for a public product, refusing closed accounts '
  '(CR004), products not for sale (CR001) and products the user already owns (CR002). service_role only.';

revoke execute on function courses.price_product_for_user(uuid, uuid) from public;
grant execute on function courses.price_product_for_user(uuid, uuid) to service_role;

create function courses.record_purchase(
  p_user_id uuid,
  p_product_id uuid,
  p_stripe_session_id text,
  p_price_paid_in_cents integer,
  p_stripe_payment_intent_id text default null
)
returns courses.purchases
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_purchase courses.purchases;
  v_product courses.products;
  v_course_ids uuid[];
begin
  if p_user_id is null or p_product_id is null or p_price_paid_in_cents is null
     or coalesce(btrim(p_stripe_session_id), '') = '' then
    raise exception 'record_purchase: user, product, Stripe session id and price are required'
      using errcode = '22023';
  end if;
  if p_price_paid_in_cents < 0 then
    raise exception 'record_purchase: price paid cannot be negative' using errcode = '22023';
  end if;
  if p_stripe_payment_intent_id is not null and btrim(p_stripe_payment_intent_id) = '' then
    raise exception 'record_purchase: Stripe payment intent id cannot be blank' using errcode = '22023';
  end if;

  -- The webhook may be the first to see a person who never opened the course platform: enrol
  -- them from auth.users (role user).
  insert into courses.users (id, name, email)
  select au.id, private.courses_display_name(au.raw_user_meta_data, au.email), au.email
  from auth.users au
  where au.id = p_user_id and au.email is not null
  on conflict (id) do nothing;

  -- Serialise with every other access change of this user.
  perform 1 from courses.users u where u.id = p_user_id for update;
  if not found then
    raise exception 'record_purchase: no user % with an email address', p_user_id using errcode = 'P0002';
  end if;

  -- Replay of a session already recorded: same purchase back, nothing changes.
  select * into v_purchase from courses.purchases pu where pu.stripe_session_id = p_stripe_session_id;
  if found then
    if v_purchase.user_id <> p_user_id or v_purchase.product_id <> p_product_id
       or v_purchase.price_paid_in_cents <> p_price_paid_in_cents
       or (p_stripe_payment_intent_id is not null and v_purchase.stripe_payment_intent_id is not null
           and v_purchase.stripe_payment_intent_id <> p_stripe_payment_intent_id) then
      raise exception 'record_purchase: Stripe session % is already recorded for a different purchase',
        p_stripe_session_id using errcode = 'CR003';
    end if;
    if v_purchase.stripe_payment_intent_id is null and p_stripe_payment_intent_id is not null then
      update courses.purchases pu
      set stripe_payment_intent_id = p_stripe_payment_intent_id
      where pu.id = v_purchase.id
      returning * into v_purchase;
    end if;
    return v_purchase;
  end if;

  -- The snapshot: the product as it is now, and the courses it contains now.
  select * into v_product from courses.products p where p.id = p_product_id for share;
  if not found then
    raise exception 'record_purchase: no product %', p_product_id using errcode = 'P0002';
  end if;
  select coalesce(array_agg(cp.course_id order by cp.course_id), '{}')
  into v_course_ids
  from courses.course_products cp
  where cp.product_id = p_product_id;

  insert into courses.purchases (
    user_id, product_id, price_paid_in_cents, product_details, stripe_session_id,
    stripe_payment_intent_id, granted_course_ids
  ) values (
    p_user_id, p_product_id, p_price_paid_in_cents,
    jsonb_build_object('name', v_product.name, 'description', v_product.description,
                       'image_url', v_product.image_url),
    p_stripe_session_id, p_stripe_payment_intent_id, v_course_ids
  )
  on conflict (stripe_session_id) do nothing
  returning * into v_purchase;
  if not found then
    -- Calls for the same user are serialised above, so a session id taken in the meantime was
    -- taken by a concurrent call for another user.
    raise exception 'record_purchase: Stripe session % is already recorded for a different purchase',
      p_stripe_session_id using errcode = 'CR003';
  end if;

  with granted as (
    insert into courses.user_course_access (user_id, course_id)
    select p_user_id, c.course_id from unnest(v_course_ids) as c (course_id)
    on conflict (user_id, course_id) do nothing
    returning course_id
  )
  insert into courses.access_changes (user_id, course_id, action, source, purchase_id)
  select p_user_id, g.course_id, 'grant', 'purchase', v_purchase.id
  from granted g;

  return v_purchase;
end;
$$;

comment on function courses.record_purchase(uuid, uuid, text, integer, text) is
  'Stripe webhook (checkout.session.completed): records the purchase with the product snapshot and grants '
  'access to every course of the product, in one transaction. Idempotent on the Stripe checkout session id '
  '(a replay returns the recorded purchase; a different purchase under the same id is refused with CR003). '
  'service_role only.';

revoke execute on function courses.record_purchase(uuid, uuid, text, integer, text) from public;
grant execute on function courses.record_purchase(uuid, uuid, text, integer, text) to service_role;

create function courses.refund_purchase(
  p_stripe_session_id text default null,
  p_stripe_payment_intent_id text default null
)
returns courses.purchases
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user_id uuid;
  v_purchase courses.purchases;
begin
  if (p_stripe_session_id is null) = (p_stripe_payment_intent_id is null) then
    raise exception 'refund_purchase: give exactly one of Stripe session id and payment intent id'
      using errcode = '22023';
  end if;

  select pu.user_id into v_user_id
  from courses.purchases pu
  where (p_stripe_session_id is not null and pu.stripe_session_id = p_stripe_session_id)
     or (p_stripe_payment_intent_id is not null and pu.stripe_payment_intent_id = p_stripe_payment_intent_id);
  if not found then
    raise exception 'refund_purchase: no purchase for %', coalesce(p_stripe_session_id, p_stripe_payment_intent_id)
      using errcode = 'P0002';
  end if;

  -- Same lock order as record_purchase: the user first, then the purchase.
  perform 1 from courses.users u where u.id = v_user_id for update;
  select * into v_purchase
  from courses.purchases pu
  where (p_stripe_session_id is not null and pu.stripe_session_id = p_stripe_session_id)
     or (p_stripe_payment_intent_id is not null and pu.stripe_payment_intent_id = p_stripe_payment_intent_id)
  for update;

  -- Replay: already refunded, nothing changes.
  if v_purchase.refunded_at is not null then
    return v_purchase;
  end if;

  update courses.purchases pu
  set refunded_at = now()
  where pu.id = v_purchase.id
  returning * into v_purchase;

  -- Revoke only what this purchase alone granted: not access an admin granted by hand, and not
  -- access that another unrefunded purchase of the same user also grants.
  with revoked as (
    delete from courses.user_course_access a
    where a.user_id = v_purchase.user_id
      and a.course_id = any (v_purchase.granted_course_ids)
      and not a.granted_manually
      and not exists (
        select 1
        from courses.purchases other
        where other.user_id = v_purchase.user_id
          and other.id <> v_purchase.id
          and other.refunded_at is null
          and a.course_id = any (other.granted_course_ids)
      )
    returning a.course_id
  )
  insert into courses.access_changes (user_id, course_id, action, source, purchase_id)
  select v_purchase.user_id, r.course_id, 'revoke', 'refund', v_purchase.id
  from revoked r;

  return v_purchase;
end;
$$;

comment on function courses.refund_purchase(text, text) is
  'Stripe webhook (charge.refunded and similar): marks the purchase refunded, found by exactly one of the '
  'checkout session id or the payment intent id, and revokes only the access that no manual grant and no '
  'other unrefunded purchase of the user also gives. Idempotent: a second call returns the refunded '
  'purchase unchanged. service_role only.';

revoke execute on function courses.refund_purchase(text, text) from public;
grant execute on function courses.refund_purchase(text, text) to service_role;

-- ============================================================================================
-- manual access changes (admins)
-- ============================================================================================

create function courses.admin_grant_course_access(p_user_id uuid, p_course_id uuid, p_reason text default null)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_changed boolean;
begin
  if not private.courses_is_admin() then
    raise exception 'admin_grant_course_access: admins only' using errcode = '42501';
  end if;
  if p_user_id is null or p_course_id is null then
    raise exception 'admin_grant_course_access: user and course are required' using errcode = '22023';
  end if;
  if p_reason is not null and length(p_reason) > 1000 then
    raise exception 'admin_grant_course_access: reason is longer than 1000 characters' using errcode = '22023';
  end if;

  perform 1 from courses.users u where u.id = p_user_id for update;
  if not found then
    raise exception 'admin_grant_course_access: no course platform user %', p_user_id using errcode = 'P0002';
  end if;
  if not exists (select 1 from courses.courses c where c.id = p_course_id) then
    raise exception 'admin_grant_course_access: no course %', p_course_id using errcode = 'P0002';
  end if;

  insert into courses.user_course_access as a (user_id, course_id, granted_manually)
  values (p_user_id, p_course_id, true)
  on conflict (user_id, course_id) do update
    set granted_manually = true
    where not a.granted_manually
  returning true into v_changed;

  if v_changed then
    insert into courses.access_changes (user_id, course_id, action, source, actor_id, reason)
    values (p_user_id, p_course_id, 'grant', 'admin', (select auth.uid()), p_reason);
  end if;
  return coalesce(v_changed, false);
end;
$$;

comment on function courses.admin_grant_course_access(uuid, uuid, text) is
  'Admins only: grants access to a course by hand (kept through refunds) and records it in access_changes. '
  'Returns false when the user already held a manual grant.';

revoke execute on function courses.admin_grant_course_access(uuid, uuid, text) from public;
grant execute on function courses.admin_grant_course_access(uuid, uuid, text) to authenticated;

create function courses.admin_revoke_course_access(p_user_id uuid, p_course_id uuid, p_reason text default null)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_changed boolean;
begin
  if not private.courses_is_admin() then
    raise exception 'admin_revoke_course_access: admins only' using errcode = '42501';
  end if;
  if p_user_id is null or p_course_id is null then
    raise exception 'admin_revoke_course_access: user and course are required' using errcode = '22023';
  end if;
  if p_reason is not null and length(p_reason) > 1000 then
    raise exception 'admin_revoke_course_access: reason is longer than 1000 characters' using errcode = '22023';
  end if;

  perform 1 from courses.users u where u.id = p_user_id for update;
  if not found then
    raise exception 'admin_revoke_course_access: no course platform user %', p_user_id using errcode = 'P0002';
  end if;

  delete from courses.user_course_access a
  where a.user_id = p_user_id and a.course_id = p_course_id
  returning true into v_changed;

  if v_changed then
    insert into courses.access_changes (user_id, course_id, action, source, actor_id, reason)
    values (p_user_id, p_course_id, 'revoke', 'admin', (select auth.uid()), p_reason);
  end if;
  return coalesce(v_changed, false);
end;
$$;

comment on function courses.admin_revoke_course_access(uuid, uuid, text) is
  'Admins only: removes a user''s access to a course, however it was granted, and records it in '
  'access_changes. Returns false when the user had no access.';

revoke execute on function courses.admin_revoke_course_access(uuid, uuid, text) from public;
grant execute on function courses.admin_revoke_course_access(uuid, uuid, text) to authenticated;
