-- Store sync functions behind the store-webhook edge function: ordering by the platform's
-- modification time, replays, tombstones, order lines and product links, exact amounts, one
-- conversion per order with campaign matching, last_sync_at, and who may call them.
begin;
select plan(62);

-- Fixture: workspace f1 with an owner, a Shopify connection, a Meta ad account and three campaigns.
select tests.create_user('store-owner@adly.test', '{"product": "adly"}', 'f0000000-0000-4000-8000-000000000011');
insert into adly.workspaces (id, name, slug) values ('f1000000-0000-4000-8000-000000000001', 'Store sync',
  'store-sync');
insert into adly.workspace_members (workspace_id, user_id, role)
values ('f1000000-0000-4000-8000-000000000001', 'f0000000-0000-4000-8000-000000000011', 'owner');
insert into adly.store_connections (id, workspace_id, platform, store_name) values
  ('f2000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000001', 'shopify', 'Sync store');
insert into adly.ad_accounts (id, workspace_id, platform, account_id) values
  ('f6000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000001', 'tiktok', 'tt_sync');
insert into adly.campaigns (id, workspace_id, ad_account_id, external_id, name, objective, created_at) values
  ('f7000000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000001',
    'f6000000-0000-4000-8000-000000000001', null, 'Summer-Sale', 'sales', now() - interval '2 days'),
  ('f7000000-0000-4000-8000-000000000002', 'f1000000-0000-4000-8000-000000000001',
    'f6000000-0000-4000-8000-000000000001', 'Summer-Sale', 'Other name', 'sales', now() - interval '3 days'),
  ('f7000000-0000-4000-8000-000000000003', 'f1000000-0000-4000-8000-000000000001', null, null, 'Autumn', 'sales',
    now());

-- ============================================================================================
-- who may call
-- ============================================================================================

select tests.authenticate_as('store-owner@adly.test');
select throws_ok($$ select adly.upsert_store_product('f2000000-0000-4000-8000-000000000001', 'x', 'X', null, 1, 'SAR',
  null, null, '{}', true, now()) $$,
  '42501', 'permission denied for function upsert_store_product', 'authenticated cannot upsert store products');
select throws_ok($$ select adly.delete_store_product('f2000000-0000-4000-8000-000000000001', 'x', now()) $$,
  '42501', 'permission denied for function delete_store_product', 'authenticated cannot delete store products');
select throws_ok($$ select * from adly.upsert_store_order('f2000000-0000-4000-8000-000000000001', 'o', null, 1, 'SAR',
  'paid', null, now(), '{}', '[]', now()) $$,
  '42501', 'permission denied for function upsert_store_order', 'authenticated cannot upsert store orders');
select throws_ok($$ select adly.delete_store_order('f2000000-0000-4000-8000-000000000001', 'o', now()) $$,
  '42501', 'permission denied for function delete_store_order', 'authenticated cannot delete store orders');
select throws_ok($$ select adly.record_store_order_conversion(extensions.gen_random_uuid()) $$,
  '42501', 'permission denied for function record_store_order_conversion', 'authenticated cannot record conversions');
select throws_ok($$ select adly.touch_store_connection_sync('f2000000-0000-4000-8000-000000000001') $$,
  '42501', 'permission denied for function touch_store_connection_sync', 'authenticated cannot touch last_sync_at');
select throws_ok($$ select * from private.adly_store_deletions $$,
  '42501', 'permission denied for table adly_store_deletions', 'authenticated cannot read tombstones');
select throws_ok($$ update adly.orders set platform_status = 'x', external_updated_at = now() $$,
  '42501', 'permission denied for table orders', 'the sync bookkeeping columns are not client-writable');
select tests.authenticate_as_anon();
select throws_ok($$ select adly.upsert_store_product('f2000000-0000-4000-8000-000000000001', 'x', 'X', null, 1, 'SAR',
  null, null, '{}', true, now()) $$,
  '42501', 'permission denied for function upsert_store_product', 'anon cannot upsert store products');
select throws_ok($$ select adly.touch_store_connection_sync('f2000000-0000-4000-8000-000000000001') $$,
  '42501', 'permission denied for function touch_store_connection_sync', 'anon cannot touch last_sync_at');

-- ============================================================================================
-- products
-- ============================================================================================

select tests.authenticate_as_service_role();
select is(adly.upsert_store_product('f2000000-0000-4000-8000-000000000001', 'p-1', 'Oud', 'Fine oud', 120.5, 'sar',
  'https://img.example/oud.jpg', 'Fragrance', '{oud}', true, '2026-05-01 10:00+00'),
  'created', 'a new product is created');
select results_eq($$ select title, price, currency, tags, is_active, external_updated_at from adly.products
                     where store_connection_id = 'f2000000-0000-4000-8000-000000000001' and external_id = 'p-1' $$,
  $$ values ('Oud'::text, 120.500::numeric, 'SAR'::text, '{oud}'::text[], true, '2026-05-01 10:00+00'::timestamptz) $$,
  'its columns are stored, the currency upper-cased');
select is(adly.upsert_store_product('f2000000-0000-4000-8000-000000000001', 'p-1', 'Oud', 'Fine oud', 120.5, 'SAR',
  null, null, '{oud}', true, '2026-05-01 10:00+00'),
  'stale', 'a replay (same modification time) is stale');
select is(adly.upsert_store_product('f2000000-0000-4000-8000-000000000001', 'p-1', 'Old title', null, 99, 'SAR', null,
  null, '{}', true, '2026-04-30 10:00+00'),
  'stale', 'an older version is stale');
select is((select title from adly.products where store_connection_id = 'f2000000-0000-4000-8000-000000000001'
  and external_id = 'p-1'), 'Oud', 'and changes nothing');
select is(adly.upsert_store_product('f2000000-0000-4000-8000-000000000001', 'p-1', 'Oud Royal', 'Fine oud', 130, 'SAR',
  null, null, '{oud}', true, '2026-05-02 10:00+00'),
  'updated', 'a newer version is applied');
select is((select title from adly.products where store_connection_id = 'f2000000-0000-4000-8000-000000000001'
  and external_id = 'p-1'), 'Oud Royal', 'with its new title');
select throws_ok($$ select adly.upsert_store_product('f2000000-0000-4000-8000-000000000001', 'p-2', 'X', null, 1.2345,
  'SAR', null, null, '{}', true, now()) $$,
  '22023', 'price 1.2345 cannot be stored exactly (0 to 999999999999.999, at most 3 decimals)',
  'a price that would be rounded is refused');
select throws_ok($$ select adly.upsert_store_product('f2000000-0000-4000-8000-000000000001', 'p-2', 'X', null, 1, 'SAR',
  null, null, '{}', true, null) $$,
  '22023', 'the product''s modification time is required', 'a product without modification time is refused');
select throws_ok($$ select adly.upsert_store_product('f9999999-0000-4000-8000-000000000001', 'p-2', 'X', null, 1, 'SAR',
  null, null, '{}', true, now()) $$,
  'P0002', 'unknown store connection', 'an unknown connection is refused');
select throws_ok($$ select adly.upsert_store_product('f2000000-0000-4000-8000-000000000001', 'p-2', 'X', null, 1,
  'RIYAL', null, null, '{}', true, now()) $$,
  '23514', null, 'a malformed currency is refused by the table''s check');
select is((select count(*)::int from adly.products where store_connection_id = 'f2000000-0000-4000-8000-000000000001'
  and external_id = 'p-2'), 0, 'refused upserts write nothing');

-- deletion and tombstones
select is(adly.delete_store_product('f2000000-0000-4000-8000-000000000001', 'p-1', '2026-05-03 10:00+00'), 'deleted',
  'a known product is deleted');
select results_eq($$ select is_active, external_updated_at from adly.products
  where store_connection_id = 'f2000000-0000-4000-8000-000000000001' and external_id = 'p-1' $$,
  $$ values (false, '2026-05-03 10:00+00'::timestamptz) $$, 'it stays as an inactive row');
select is(adly.upsert_store_product('f2000000-0000-4000-8000-000000000001', 'p-1', 'Late', null, 1, 'SAR', null, null,
  '{}', true, '2026-05-02 12:00+00'),
  'deleted', 'an update older than the deletion is refused as deleted');
select is(adly.upsert_store_product('f2000000-0000-4000-8000-000000000001', 'p-1', 'Restored', null, 1, 'SAR', null,
  null, '{}', true, '2026-05-04 10:00+00'),
  'updated', 'a version newer than the deletion restores it');
select is((select count(*)::int from private.adly_store_deletions
  where store_connection_id = 'f2000000-0000-4000-8000-000000000001' and external_id = 'p-1'), 0,
  'and clears the tombstone');
select is(adly.delete_store_product('f2000000-0000-4000-8000-000000000001', 'never-seen', '2026-05-03 10:00+00'),
  'unknown',
  'deleting a product never synced is reported as unknown');
select is(adly.upsert_store_product('f2000000-0000-4000-8000-000000000001', 'never-seen', 'Late create', null, 1, 'SAR',
  null, null, '{}', true, '2026-05-01 10:00+00'),
  'deleted', 'its late creation is kept out by the tombstone');

-- ============================================================================================
-- orders
-- ============================================================================================

select results_eq($$ select outcome from adly.upsert_store_order('f2000000-0000-4000-8000-000000000001', 'o-1',
  'buyer@example.net', 250.125, 'KWD', 'paid', 'paid/unfulfilled',
      '2026-05-05 09:00+00', '{"utm_source": "tiktok", "utm_campaign": "Summer-Sale", "click_ids": {"ttclid": "abc"}}',
      '[{"external_product_id": "p-1", "quantity": 2, "price": "100.062"},
        {"external_product_id": "p-9", "quantity": 1, "price": "50.001"}]',
      '2026-05-05 09:00:05+00') $$,
  $$ values ('created'::text) $$, 'a new order is created');
select results_eq($$ select total_amount, currency, status, platform_status from adly.orders
  where store_connection_id = 'f2000000-0000-4000-8000-000000000001' and external_id = 'o-1' $$,
  $$ values (250.125::numeric, 'KWD'::text, 'paid'::text, 'paid/unfulfilled'::text) $$,
  'three-decimal amounts are kept exactly');
select results_eq($$ select i.external_product_id, i.product_id is not null, i.quantity, i.price from adly.order_items i
                     join adly.orders o on o.id = i.order_id
                     where o.store_connection_id = 'f2000000-0000-4000-8000-000000000001' and o.external_id = 'o-1'
                     order by 1 $$,
  $$ values ('p-1'::text, true, 2, 100.062::numeric), ('p-9'::text, false, 1, 50.001::numeric) $$,
  'its lines are stored, linked to the known product only');
select results_eq($$ select outcome from adly.upsert_store_order('f2000000-0000-4000-8000-000000000001', 'o-1',
  'buyer@example.net', 1, 'KWD', 'cancelled', null,
      '2026-05-05 09:00+00', '{}', '[]', '2026-05-05 09:00:05+00') $$,
  $$ values ('stale'::text) $$, 'a replay of the same modification time is stale');
select results_eq($$ select total_amount, status, (select count(*)::int from adly.order_items i where i.order_id = o.id)
                     from adly.orders o where store_connection_id = 'f2000000-0000-4000-8000-000000000001'
                     and external_id = 'o-1' $$,
  $$ values (250.125::numeric, 'paid'::text, 2) $$, 'and changes neither the order nor its lines');
select results_eq($$ select outcome from adly.upsert_store_order('f2000000-0000-4000-8000-000000000001', 'o-1',
  'buyer@example.net', 100.062, 'KWD', 'partially_refunded', 'partially_refunded/fulfilled',
      '2026-05-05 09:00+00', '{"utm_source": "overwritten?", "landing_page": "/p/1"}',
      '[{"external_product_id": "p-1", "quantity": 1, "price": "100.062"}]', '2026-05-06 09:00+00') $$,
  $$ values ('updated'::text) $$, 'a newer version is applied');
select results_eq($$ select o.status, o.attribution_data ->> 'utm_source', o.attribution_data ->> 'landing_page',
                            (select count(*)::int from adly.order_items i where i.order_id = o.id)
                     from adly.orders o where store_connection_id = 'f2000000-0000-4000-8000-000000000001'
                     and external_id = 'o-1' $$,
  $$ values ('partially_refunded'::text, 'tiktok'::text, '/p/1'::text, 1) $$,
  'its lines replace the old ones; first-seen attribution stays, new keys are added');
select throws_ok($$ select * from adly.upsert_store_order('f2000000-0000-4000-8000-000000000001', 'o-2', null, 1, 'SAR',
  'paid', null, now(), '{}', '{"a": 1}', now()) $$,
  '22023', 'order items must be a JSON array', 'items must be an array');
select throws_ok($$ select * from adly.upsert_store_order('f2000000-0000-4000-8000-000000000001', 'o-2', null, 1, 'SAR',
  'paid', null, now(), '[1]', '[]', now()) $$,
  '22023', 'attribution data must be a JSON object', 'attribution must be an object');
select throws_ok($$ select * from adly.upsert_store_order('f2000000-0000-4000-8000-000000000001', 'o-2', null, 1, 'SAR',
  'paid', null, now(), '{}',
      '[{"external_product_id": null, "quantity": 0, "price": "1"}]', now()) $$,
  '23514', null, 'a line with quantity 0 is refused by the table''s check');
select throws_ok($$ select * from adly.upsert_store_order('f2000000-0000-4000-8000-000000000001', 'o-2', null, 1, 'SAR',
  'paid', null, now(), '{}',
      '[{"external_product_id": null, "quantity": 1, "price": "0.0001"}]', now()) $$,
  '22023', 'item price 0.0001 cannot be stored exactly (0 to 999999999999.999, at most 3 decimals)',
  'a line price that would be rounded is refused');
select is((select count(*)::int from adly.orders where store_connection_id = 'f2000000-0000-4000-8000-000000000001'
  and external_id = 'o-2'), 0, 'a refused order leaves no row (its transaction rolls back)');

-- ============================================================================================
-- conversions
-- ============================================================================================

select isnt(adly.record_store_order_conversion((select id from adly.orders
  where store_connection_id = 'f2000000-0000-4000-8000-000000000001' and external_id = 'o-1'), '203.0.113.9', 'UA/1'),
  null,
  'the first conversion of an order is recorded');
select results_eq($$ select e.workspace_id, e.campaign_id, e.platform, e.utm_campaign, host(e.ip_address), e.event_time
                     from adly.attribution_events e join adly.orders o on o.id = e.order_id
                     where o.store_connection_id = 'f2000000-0000-4000-8000-000000000001' and o.external_id = 'o-1' $$,
  $$ values ('f1000000-0000-4000-8000-000000000001'::uuid, 'f7000000-0000-4000-8000-000000000002'::uuid, 'tiktok'::text,
             'Summer-Sale'::text, '203.0.113.9'::text, '2026-05-05 09:00+00'::timestamptz) $$,
  'linked to the campaign whose external id matches before one whose name matches, with its ad platform');
select is(adly.record_store_order_conversion((select id from adly.orders
  where store_connection_id = 'f2000000-0000-4000-8000-000000000001' and external_id = 'o-1')), null,
  'a second call records nothing');
select is((select count(*)::int from adly.attribution_events e join adly.orders o on o.id = e.order_id
           where o.store_connection_id = 'f2000000-0000-4000-8000-000000000001' and o.external_id = 'o-1'
           and e.event_type = 'conversion'), 1, 'one conversion per order');
select throws_ok($$ insert into adly.attribution_events (workspace_id, order_id, event_type, event_time)
                    select 'f1000000-0000-4000-8000-000000000001', id, 'conversion', now() from adly.orders
                    where store_connection_id = 'f2000000-0000-4000-8000-000000000001' and external_id = 'o-1' $$,
  '23505', null, 'the unique index refuses a second conversion written directly');

select lives_ok($$ select * from adly.upsert_store_order('f2000000-0000-4000-8000-000000000001', 'o-3', null, 10, 'SAR',
  'pending', null,
      '2026-05-07 09:00+00', '{"utm_campaign": "summer-sale", "utm_source": "IG"}', '[]', '2026-05-07 09:00+00') $$,
      'order o-3');
select isnt(adly.record_store_order_conversion((select id from adly.orders
  where store_connection_id = 'f2000000-0000-4000-8000-000000000001' and external_id = 'o-3')), null, 'o-3 converts');
select results_eq($$ select e.campaign_id, e.platform from adly.attribution_events e join adly.orders o
  on o.id = e.order_id where o.store_connection_id = 'f2000000-0000-4000-8000-000000000001'
  and o.external_id = 'o-3' $$,
  $$ values ('f7000000-0000-4000-8000-000000000001'::uuid, 'tiktok'::text) $$,
  'campaign names match case-insensitively');

select lives_ok($$ select * from adly.upsert_store_order('f2000000-0000-4000-8000-000000000001', 'o-4', null, 10, 'SAR',
  'paid', null,
      '2026-05-07 09:00+00', '{"utm_campaign": "no-such-campaign", "utm_source": "instagram"}', '[]',
      '2026-05-07 09:00+00') $$, 'order o-4');
select isnt(adly.record_store_order_conversion((select id from adly.orders
  where store_connection_id = 'f2000000-0000-4000-8000-000000000001' and external_id = 'o-4')), null, 'o-4 converts');
select results_eq($$ select e.campaign_id, e.platform from adly.attribution_events e join adly.orders o
  on o.id = e.order_id where o.store_connection_id = 'f2000000-0000-4000-8000-000000000001'
  and o.external_id = 'o-4' $$,
  $$ values (null::uuid, 'meta'::text) $$, 'no campaign matches: none is linked, the source names the ad platform');

select lives_ok($$ select * from adly.upsert_store_order('f2000000-0000-4000-8000-000000000001', 'o-5', null, 10, 'SAR',
  'cancelled', null,
      '2026-05-07 09:00+00', null, '[]', '2026-05-07 09:00+00') $$, 'order o-5, cancelled when first seen');
select is(adly.record_store_order_conversion((select id from adly.orders
  where store_connection_id = 'f2000000-0000-4000-8000-000000000001' and external_id = 'o-5')), null,
  'a cancelled order records no conversion');
select throws_ok($$ select adly.record_store_order_conversion('f9999999-0000-4000-8000-000000000009') $$,
  'P0002', 'unknown order', 'an unknown order is refused');

-- ============================================================================================
-- order deletion, last_sync_at
-- ============================================================================================

select is(adly.delete_store_order('f2000000-0000-4000-8000-000000000001', 'o-1', '2026-05-08 09:00+00'), 'deleted',
  'a known order is deleted');
select results_eq($$ select outcome from adly.upsert_store_order('f2000000-0000-4000-8000-000000000001', 'o-1', null, 1,
  'KWD', 'paid', null,
      '2026-05-05 09:00+00', '{}', '[]', '2026-05-07 09:00+00') $$,
  $$ values ('deleted'::text) $$, 'an update older than the deletion is refused as deleted');
select is((select status from adly.orders where store_connection_id = 'f2000000-0000-4000-8000-000000000001'
  and external_id = 'o-1'), 'deleted', 'the order stays deleted, its conversion kept for reporting');

select isnt(adly.touch_store_connection_sync('f2000000-0000-4000-8000-000000000001'), null, 'touch sets last_sync_at');
select is((select last_sync_at from adly.store_connections where id = 'f2000000-0000-4000-8000-000000000001'), now(),
  'to the transaction time');
select throws_ok($$ select adly.touch_store_connection_sync('f9999999-0000-4000-8000-000000000001') $$,
  'P0002', 'unknown store connection', 'an unknown connection is refused');
select is((select count(*)::int from adly.audit_logs where workspace_id = 'f1000000-0000-4000-8000-000000000001'
           and action = 'store_connection.updated'), 0, 'sync bookkeeping writes no audit row');

select * from finish();
rollback;
