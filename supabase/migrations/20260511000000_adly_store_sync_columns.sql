-- ADLY store sync: what the store-webhook edge function needs on top of the ADLY tables.
-- Ordering keys (the platform's own "updated at" of the newest version applied), the platform's
-- raw order status next to our normalised one, amounts with three decimals (KWD, BHD, OMR, JOD
-- and TND have three minor digits), one conversion event per order, and tombstones for deleted
-- products and orders so that a late update cannot bring them back.

-- ============================================================================================
-- tables: new columns on the ADLY tables
-- ============================================================================================

alter table adly.products
  add column external_updated_at timestamptz;
comment on column adly.products.external_updated_at is
  'The store platform''s modification time of the newest version applied; older webhook deliveries are ignored.';

alter table adly.orders
  add column external_updated_at timestamptz,
  add column platform_status text,
  add constraint orders_platform_status_length check (char_length(platform_status) <= 100);
comment on column adly.orders.external_updated_at is
  'The store platform''s modification time of the newest version applied; older webhook deliveries are ignored.';
comment on column adly.orders.platform_status is
  'The order status exactly as the store platform names it; status holds the normalised status.';

-- Three decimals: every ISO 4217 currency in use in the Gulf fits exactly.
alter table adly.products alter column price type numeric(15, 3);
alter table adly.orders alter column total_amount type numeric(15, 3);
alter table adly.order_items alter column price type numeric(15, 3);

-- ============================================================================================
-- tables: tombstones of deleted store entities (not exposed)
-- ============================================================================================

create table private.adly_store_deletions (
  store_connection_id uuid not null,
  entity text not null,
  external_id text not null,
  deleted_at timestamptz not null,
  created_at timestamptz not null default now(),
  constraint adly_store_deletions_pkey primary key (store_connection_id, entity, external_id),
  constraint adly_store_deletions_store_connection_id_fkey foreign key (store_connection_id)
    references adly.store_connections (id) on delete cascade,
  constraint adly_store_deletions_entity_check check (entity in ('product', 'order')),
  constraint adly_store_deletions_external_id_length check (char_length(external_id) between 1 and 255)
);
comment on table private.adly_store_deletions is
  'Products and orders a store reported deleted, with the deletion time: an update that is not newer is ignored.';

alter table private.adly_store_deletions enable row level security;

-- ============================================================================================
-- indexes
-- ============================================================================================

-- A store order converts once, whoever records it and however often the webhook is replayed.
create unique index attribution_events_one_conversion_per_order_idx
  on adly.attribution_events (order_id)
  where event_type = 'conversion' and order_id is not null;

-- Linking order lines to a product that arrives after the order.
create index order_items_external_product_id_idx
  on adly.order_items (external_product_id)
  where product_id is null;

-- ============================================================================================
-- grants
-- ============================================================================================

grant select, insert, update, delete on private.adly_store_deletions to service_role;
