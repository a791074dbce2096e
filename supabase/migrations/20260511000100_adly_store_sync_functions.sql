-- ADLY store sync: the functions the store-webhook edge function calls, all in one transaction
-- per webhook delivery. service_role only; SECURITY INVOKER (service_role already holds the table
-- privileges they need, so no definer rights are involved). Every write to one store entity
-- first takes a transaction-scoped advisory lock on (connection, entity, external id): concurrent
-- deliveries of the same order or product apply one after the other.
--
-- Ordering: each entity keeps the platform's modification time of the newest version applied
-- (external_updated_at). A delivery is applied only when strictly newer; a replay or an older
-- delivery changes nothing and reports 'stale'. A deletion leaves a tombstone
-- (private.adly_store_deletions); a later upsert is applied only when newer than the deletion
-- (a restore), which also clears the tombstone.

-- ============================================================================================
-- helpers
-- ============================================================================================

create function private.adly_store_entity_lock(p_store_connection_id uuid, p_entity text, p_external_id text)
returns void
language sql
volatile
set search_path = ''
as $$
  select pg_catalog.pg_advisory_xact_lock(
    pg_catalog.hashtextextended(
      'adly.store:' || p_store_connection_id::text || ':' || p_entity || ':' || p_external_id, 0));
$$;
revoke execute on function private.adly_store_entity_lock(uuid, text, text) from public;
grant execute on function private.adly_store_entity_lock(uuid, text, text) to service_role;
comment on function private.adly_store_entity_lock(uuid, text, text) is
  'Serialises writes to one store product or order until the end of the transaction.';

-- Refuses amounts that would lose digits in numeric(15, 3), instead of rounding them silently.
create function private.adly_store_exact_amount(p_amount numeric, p_what text)
returns numeric
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_amount is null then
    return null;
  end if;
  if p_amount < 0 or p_amount <> round(p_amount, 3) or p_amount >= 1000000000000 then
    raise exception using errcode = '22023',
      message = format('%s %s cannot be stored exactly (0 to 999999999999.999, at most 3 decimals)', p_what, p_amount);
  end if;
  return p_amount;
end;
$$;
revoke execute on function private.adly_store_exact_amount(numeric, text) from public;
grant execute on function private.adly_store_exact_amount(numeric, text) to service_role;

create function private.adly_store_connection_exists(p_store_connection_id uuid)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if not exists (select 1 from adly.store_connections s where s.id = p_store_connection_id) then
    raise exception using errcode = 'P0002', message = 'unknown store connection';
  end if;
end;
$$;
revoke execute on function private.adly_store_connection_exists(uuid) from public;
grant execute on function private.adly_store_connection_exists(uuid) to service_role;

-- ============================================================================================
-- rpc: products
-- ============================================================================================

create function adly.upsert_store_product(
  p_store_connection_id uuid,
  p_external_id text,
  p_title text,
  p_description text,
  p_price numeric,
  p_currency text,
  p_image_url text,
  p_category text,
  p_tags text[],
  p_is_active boolean,
  p_external_updated_at timestamptz
)
returns text
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_deleted_at timestamptz;
  v_product_id uuid;
  v_inserted boolean;
  v_currency text := upper(p_currency);
begin
  if p_external_updated_at is null then
    raise exception using errcode = '22023', message = 'the product''s modification time is required';
  end if;
  perform private.adly_store_connection_exists(p_store_connection_id);
  perform private.adly_store_entity_lock(p_store_connection_id, 'product', p_external_id);

  select d.deleted_at into v_deleted_at from private.adly_store_deletions d
  where d.store_connection_id = p_store_connection_id and d.entity = 'product' and d.external_id = p_external_id;
  if v_deleted_at is not null then
    if p_external_updated_at <= v_deleted_at then
      return 'deleted';
    end if;
    delete from private.adly_store_deletions d
    where d.store_connection_id = p_store_connection_id and d.entity = 'product' and d.external_id = p_external_id;
  end if;

  -- platforms whose product payloads carry no currency: the product's, else the store's latest order's
  if v_currency is null then
    select coalesce(
      (select p.currency from adly.products p
        where p.store_connection_id = p_store_connection_id and p.external_id = p_external_id),
      (select o.currency from adly.orders o
        where o.store_connection_id = p_store_connection_id order by o.order_date desc limit 1),
      'SAR') into v_currency;
  end if;

  insert into adly.products as p (store_connection_id, external_id, title, description, price, currency, image_url,
                                  category, tags, is_active, external_updated_at)
  values (p_store_connection_id, p_external_id, p_title, p_description,
          private.adly_store_exact_amount(p_price, 'price'), v_currency, p_image_url, p_category,
          coalesce(p_tags, '{}'), coalesce(p_is_active, true), p_external_updated_at)
  on conflict (store_connection_id, external_id) do update
    set title = excluded.title,
        description = excluded.description,
        price = excluded.price,
        currency = excluded.currency,
        image_url = excluded.image_url,
        category = excluded.category,
        tags = excluded.tags,
        is_active = excluded.is_active,
        external_updated_at = excluded.external_updated_at
    where p.external_updated_at is null or p.external_updated_at < excluded.external_updated_at
  returning p.id, (p.xmax = 0) into v_product_id, v_inserted;

  if v_product_id is null then
    return 'stale';
  end if;

  -- order lines that arrived before their product now point at it
  update adly.order_items oi
  set product_id = v_product_id
  from adly.orders o
  where o.id = oi.order_id
    and o.store_connection_id = p_store_connection_id
    and oi.product_id is null
    and oi.external_product_id = p_external_id;

  return case when v_inserted then 'created' else 'updated' end;
end;
$$;
revoke execute on function adly.upsert_store_product(
  uuid, text, text, text, numeric, text, text, text, text[], boolean, timestamptz
) from public;
grant execute on function adly.upsert_store_product(
  uuid, text, text, text, numeric, text, text, text, text[], boolean, timestamptz
) to service_role;
comment on function adly.upsert_store_product(
  uuid, text, text, text, numeric, text, text, text, text[], boolean, timestamptz
) is
  'service_role: creates or updates a store product keyed by (connection, external id) when p_external_updated_at is '
  'newer than the stored version; links waiting order lines. Returns created, updated, stale or deleted (tombstoned).';

create function adly.delete_store_product(
  p_store_connection_id uuid,
  p_external_id text,
  p_deleted_at timestamptz
)
returns text
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_found boolean;
begin
  if p_deleted_at is null then
    raise exception using errcode = '22023', message = 'the deletion time is required';
  end if;
  perform private.adly_store_connection_exists(p_store_connection_id);
  perform private.adly_store_entity_lock(p_store_connection_id, 'product', p_external_id);

  insert into private.adly_store_deletions as d (store_connection_id, entity, external_id, deleted_at)
  values (p_store_connection_id, 'product', p_external_id, p_deleted_at)
  on conflict (store_connection_id, entity, external_id) do update
    set deleted_at = greatest(d.deleted_at, excluded.deleted_at);

  -- the row stays (order lines keep their link); it is deactivated
  update adly.products p
  set is_active = false,
      external_updated_at = greatest(p.external_updated_at, p_deleted_at)
  where p.store_connection_id = p_store_connection_id and p.external_id = p_external_id;
  get diagnostics v_found = row_count;
  return case when v_found then 'deleted' else 'unknown' end;
end;
$$;
revoke execute on function adly.delete_store_product(uuid, text, timestamptz) from public;
grant execute on function adly.delete_store_product(uuid, text, timestamptz) to service_role;
comment on function adly.delete_store_product(uuid, text, timestamptz) is
  'service_role: records the deletion of a store product (tombstone) and deactivates it. Returns deleted, or unknown '
  'when the product was never synced (the tombstone still keeps a late create out).';

-- ============================================================================================
-- rpc: orders
-- ============================================================================================

-- p_items: a JSON array of {"external_product_id": text|null, "quantity": int > 0, "price": "decimal text"}.
create function adly.upsert_store_order(
  p_store_connection_id uuid,
  p_external_id text,
  p_customer_email text,
  p_total_amount numeric,
  p_currency text,
  p_status text,
  p_platform_status text,
  p_order_date timestamptz,
  p_attribution_data jsonb,
  p_items jsonb,
  p_external_updated_at timestamptz,
  out order_id uuid,
  out outcome text
)
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_deleted_at timestamptz;
  v_inserted boolean;
begin
  if p_external_updated_at is null then
    raise exception using errcode = '22023', message = 'the order''s modification time is required';
  end if;
  if p_items is null or jsonb_typeof(p_items) <> 'array' then
    raise exception using errcode = '22023', message = 'order items must be a JSON array';
  end if;
  if p_attribution_data is not null and jsonb_typeof(p_attribution_data) <> 'object' then
    raise exception using errcode = '22023', message = 'attribution data must be a JSON object';
  end if;
  perform private.adly_store_connection_exists(p_store_connection_id);
  perform private.adly_store_entity_lock(p_store_connection_id, 'order', p_external_id);

  select d.deleted_at into v_deleted_at from private.adly_store_deletions d
  where d.store_connection_id = p_store_connection_id and d.entity = 'order' and d.external_id = p_external_id;
  if v_deleted_at is not null then
    if p_external_updated_at <= v_deleted_at then
      select o.id into order_id from adly.orders o
      where o.store_connection_id = p_store_connection_id and o.external_id = p_external_id;
      outcome := 'deleted';
      return;
    end if;
    delete from private.adly_store_deletions d
    where d.store_connection_id = p_store_connection_id and d.entity = 'order' and d.external_id = p_external_id;
  end if;

  insert into adly.orders as o (store_connection_id, external_id, customer_email, total_amount, currency, status,
                                platform_status, order_date, attribution_data, external_updated_at)
  values (p_store_connection_id, p_external_id, p_customer_email,
          private.adly_store_exact_amount(p_total_amount, 'total amount'), coalesce(p_currency, 'SAR'), p_status,
          p_platform_status, p_order_date, nullif(p_attribution_data, '{}'::jsonb), p_external_updated_at)
  on conflict (store_connection_id, external_id) do update
    set customer_email = excluded.customer_email,
        total_amount = excluded.total_amount,
        currency = excluded.currency,
        status = excluded.status,
        platform_status = excluded.platform_status,
        order_date = excluded.order_date,
        -- what the order first told us about its origin stays; later versions may only add keys
        attribution_data = nullif(
          coalesce(excluded.attribution_data, '{}'::jsonb) || coalesce(o.attribution_data, '{}'::jsonb), '{}'::jsonb),
        external_updated_at = excluded.external_updated_at
    where o.external_updated_at is null or o.external_updated_at < excluded.external_updated_at
  returning o.id, (o.xmax = 0) into order_id, v_inserted;

  if order_id is null then
    select o.id into order_id from adly.orders o
    where o.store_connection_id = p_store_connection_id and o.external_id = p_external_id;
    outcome := 'stale';
    return;
  end if;

  -- the newest version's lines replace the previous ones
  delete from adly.order_items oi where oi.order_id = upsert_store_order.order_id;
  insert into adly.order_items (order_id, product_id, external_product_id, quantity, price)
  select upsert_store_order.order_id,
         (select p.id from adly.products p
          where p.store_connection_id = p_store_connection_id and p.external_id = item.external_product_id),
         item.external_product_id,
         item.quantity,
         private.adly_store_exact_amount(item.price, 'item price')
  from jsonb_to_recordset(p_items) as item (external_product_id text, quantity integer, price numeric);

  outcome := case when v_inserted then 'created' else 'updated' end;
end;
$$;
revoke execute on function adly.upsert_store_order(
  uuid, text, text, numeric, text, text, text, timestamptz, jsonb, jsonb, timestamptz
) from public;
grant execute on function adly.upsert_store_order(
  uuid, text, text, numeric, text, text, text, timestamptz, jsonb, jsonb, timestamptz
) to service_role;
comment on function adly.upsert_store_order(
  uuid, text, text, numeric, text, text, text, timestamptz, jsonb, jsonb, timestamptz
) is
  'service_role: creates or updates a store order and replaces its lines when p_external_updated_at is newer than the '
  'stored version; lines point at the store''s product when it is known. Outcome created, updated, stale or deleted.';

create function adly.delete_store_order(
  p_store_connection_id uuid,
  p_external_id text,
  p_deleted_at timestamptz
)
returns text
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_found boolean;
begin
  if p_deleted_at is null then
    raise exception using errcode = '22023', message = 'the deletion time is required';
  end if;
  perform private.adly_store_connection_exists(p_store_connection_id);
  perform private.adly_store_entity_lock(p_store_connection_id, 'order', p_external_id);

  insert into private.adly_store_deletions as d (store_connection_id, entity, external_id, deleted_at)
  values (p_store_connection_id, 'order', p_external_id, p_deleted_at)
  on conflict (store_connection_id, entity, external_id) do update
    set deleted_at = greatest(d.deleted_at, excluded.deleted_at);

  -- the row, its lines and its conversion stay for reporting; the status says it is gone
  update adly.orders o
  set status = 'deleted',
      external_updated_at = greatest(o.external_updated_at, p_deleted_at)
  where o.store_connection_id = p_store_connection_id and o.external_id = p_external_id;
  get diagnostics v_found = row_count;
  return case when v_found then 'deleted' else 'unknown' end;
end;
$$;
revoke execute on function adly.delete_store_order(uuid, text, timestamptz) from public;
grant execute on function adly.delete_store_order(uuid, text, timestamptz) to service_role;
comment on function adly.delete_store_order(uuid, text, timestamptz) is
  'service_role: records the deletion of a store order (tombstone) '
  'and sets its status to deleted. Returns deleted or unknown.';

-- ============================================================================================
-- rpc: attribution
-- ============================================================================================

-- The conversion of an order: once per order (unique index), linked to the campaign of the
-- order's workspace whose external id, or else name (case-insensitive), equals utm_campaign.
-- Orders that never converted (cancelled, failed or deleted when first seen) record nothing.
create function adly.record_store_order_conversion(
  p_order_id uuid,
  p_ip_address inet default null,
  p_user_agent text default null
)
returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_order adly.orders;
  v_workspace_id uuid;
  v_data jsonb;
  v_utm_campaign text;
  v_campaign_id uuid;
  v_platform text;
  v_event_id uuid;
begin
  select o.* into v_order from adly.orders o where o.id = p_order_id;
  if v_order.id is null then
    raise exception using errcode = 'P0002', message = 'unknown order';
  end if;
  if v_order.status in ('cancelled', 'failed', 'deleted') then
    return null;
  end if;
  select s.workspace_id into v_workspace_id from adly.store_connections s where s.id = v_order.store_connection_id;
  v_data := coalesce(v_order.attribution_data, '{}'::jsonb);
  v_utm_campaign := nullif(btrim(v_data ->> 'utm_campaign'), '');

  if v_utm_campaign is not null then
    select c.id, a.platform into v_campaign_id, v_platform
    from adly.campaigns c
    left join adly.ad_accounts a on a.id = c.ad_account_id
    where c.workspace_id = v_workspace_id
      and (c.external_id = v_utm_campaign or lower(c.name) = lower(v_utm_campaign))
    order by (c.external_id = v_utm_campaign) desc nulls last, c.created_at desc, c.id
    limit 1;
  end if;

  -- without a campaign's ad account, the click id or the source names the ad platform
  v_platform := coalesce(v_platform, case
    when v_data -> 'click_ids' ? 'fbclid' then 'meta'
    when v_data -> 'click_ids' ? 'ttclid' then 'tiktok'
    when v_data -> 'click_ids' ? 'sccid' then 'snapchat'
    when lower(v_data ->> 'utm_source') in ('facebook', 'fb', 'instagram', 'ig', 'meta') then 'meta'
    when lower(v_data ->> 'utm_source') = 'tiktok' then 'tiktok'
    when lower(v_data ->> 'utm_source') in ('snapchat', 'snap') then 'snapchat'
  end);

  insert into adly.attribution_events (workspace_id, campaign_id, order_id, event_type, platform, utm_source,
                                       utm_medium, utm_campaign, utm_content, utm_term, referrer, ip_address,
                                       user_agent, event_time)
  values (v_workspace_id, v_campaign_id, v_order.id, 'conversion', v_platform,
          left(v_data ->> 'utm_source', 255), left(v_data ->> 'utm_medium', 255), left(v_utm_campaign, 255),
          left(v_data ->> 'utm_content', 255), left(v_data ->> 'utm_term', 255), left(v_data ->> 'referrer', 2000),
          p_ip_address, left(p_user_agent, 1000), v_order.order_date)
  on conflict (order_id) where event_type = 'conversion' and order_id is not null do nothing
  returning id into v_event_id;
  return v_event_id;
end;
$$;
revoke execute on function adly.record_store_order_conversion(uuid, inet, text) from public;
grant execute on function adly.record_store_order_conversion(uuid, inet, text) to service_role;
comment on function adly.record_store_order_conversion(uuid, inet, text) is
  'service_role: records the order''s conversion event once (null when already recorded or the order never converted), '
  'linked to the workspace campaign matching utm_campaign by external id, else by name.';

-- ============================================================================================
-- rpc: connection bookkeeping
-- ============================================================================================

create function adly.touch_store_connection_sync(p_store_connection_id uuid)
returns timestamptz
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_at timestamptz;
begin
  update adly.store_connections s
  set last_sync_at = greatest(s.last_sync_at, now())
  where s.id = p_store_connection_id
  returning s.last_sync_at into v_at;
  if v_at is null then
    raise exception using errcode = 'P0002', message = 'unknown store connection';
  end if;
  return v_at;
end;
$$;
revoke execute on function adly.touch_store_connection_sync(uuid) from public;
grant execute on function adly.touch_store_connection_sync(uuid) to service_role;
comment on function adly.touch_store_connection_sync(uuid) is
  'service_role: sets the connection''s last_sync_at to the transaction time (never moves it back).';
