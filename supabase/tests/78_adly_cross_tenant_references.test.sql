-- Cross-tenant references: rows of one workspace cannot point at another workspace's rows,
-- even when a client knows their ids.
begin;
select plan(13);

\ir fixtures/adly_tenants.psql

select tests.authenticate_as('member@adly.test');
select throws_ok($$insert into adly.order_items (order_id, product_id, quantity, price) values ('e4000000-0000-4000-8000-000000000001', 'e3000000-0000-4000-8000-000000000002', 1, 1)$$,
  '23503', 'the product does not belong to the order''s store connection', 'an order item cannot use another workspace''s product');
select throws_ok($$update adly.order_items set product_id = 'e3000000-0000-4000-8000-000000000002' where id = 'e5000000-0000-4000-8000-000000000001'$$,
  '23503', 'the product does not belong to the order''s store connection', 'an order item cannot be re-pointed at another workspace''s product');
select lives_ok($$insert into adly.order_items (order_id, product_id, quantity, price) values ('e4000000-0000-4000-8000-000000000001', 'e3000000-0000-4000-8000-000000000001', 2, 5)$$,
  'an order item can use a product of the same store');
select throws_ok($$insert into adly.campaigns (workspace_id, ad_account_id, name, objective) values ('e1000000-0000-4000-8000-000000000001', 'e6000000-0000-4000-8000-000000000002', 'Cross', 'sales')$$,
  '23503', null, 'a campaign cannot use another workspace''s ad account');
select throws_ok($$update adly.campaigns set ad_account_id = 'e6000000-0000-4000-8000-000000000002' where id = 'e7000000-0000-4000-8000-000000000001'$$,
  '23503', null, 'a campaign cannot be moved onto another workspace''s ad account');
select throws_ok($$insert into adly.ad_sets (campaign_id, name) values ('e7000000-0000-4000-8000-000000000002', 'Foreign')$$,
  '42501', 'new row violates row-level security policy for table "ad_sets"', 'an ad set cannot be added to another workspace''s campaign');
select throws_ok($$insert into adly.products (store_connection_id, external_id, title) values ('e2000000-0000-4000-8000-000000000002', 'x', 'Foreign')$$,
  '42501', 'new row violates row-level security policy for table "products"', 'a product cannot be added to another workspace''s store');
select throws_ok($$update adly.products set store_connection_id = 'e2000000-0000-4000-8000-000000000002' where id = 'e3000000-0000-4000-8000-000000000001'$$,
  '42501', 'permission denied for table products', 'a product cannot move to another store');
select throws_ok($$update adly.campaigns set workspace_id = 'e1000000-0000-4000-8000-000000000002' where id = 'e7000000-0000-4000-8000-000000000001'$$,
  '42501', 'permission denied for table campaigns', 'a campaign cannot move to another workspace');
select throws_ok($$update adly.ads set ad_set_id = 'e8000000-0000-4000-8000-000000000002' where id = 'e9000000-0000-4000-8000-000000000001'$$,
  '42501', 'permission denied for table ads', 'an ad cannot move to another ad set');
select tests.clear_authentication();

select tests.authenticate_as('owner@adly.test');
select throws_ok($$update adly.workspace_members set workspace_id = 'e1000000-0000-4000-8000-000000000002' where id = 'd3000000-0000-4000-8000-000000000001'$$,
  '42501', 'permission denied for table workspace_members', 'a membership cannot move to another workspace');
select throws_ok($$update adly.store_connections set workspace_id = 'e1000000-0000-4000-8000-000000000002' where id = 'e2000000-0000-4000-8000-000000000001'$$,
  '42501', 'permission denied for table store_connections', 'a store connection cannot move to another workspace');
select tests.clear_authentication();

select tests.authenticate_as_service_role();
select throws_ok($$update adly.generation_jobs set workspace_id = 'e1000000-0000-4000-8000-000000000002' where id = 'ec000000-0000-4000-8000-000000000001'$$,
  'P0001', 'a generation job cannot move to another workspace', 'even the backend cannot move a job to another workspace');
select tests.clear_authentication();

select * from finish();
rollback;
