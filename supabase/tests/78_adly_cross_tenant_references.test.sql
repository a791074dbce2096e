-- Cross-tenant references: rows of one workspace cannot point at another workspace's rows,
-- even when a client knows their ids.
begin;
select plan(13);

\ir fixtures/adly_tenants.psql

select tests.authenticate_as('member@adly.test');
select throws_ok($$insert into adly.order_items (order_id, product_id, quantity, price)
  values (tests.seed_id('adly.order:one'), tests.seed_id('adly.product:two'), 1, 1)$$,
  '23503', 'the product does not belong to the order''s store connection',
  'an order item cannot use another workspace''s product');
select throws_ok($$update adly.order_items set product_id = tests.seed_id('adly.product:two')
  where id = tests.seed_id('adly.order_item:one')$$,
  '23503', 'the product does not belong to the order''s store connection',
  'an order item cannot be re-pointed at another workspace''s product');
select lives_ok($$insert into adly.order_items (order_id, product_id, quantity, price)
  values (tests.seed_id('adly.order:one'), tests.seed_id('adly.product:one'), 2, 5)$$,
  'an order item can use a product of the same store');
select throws_ok($$insert into adly.campaigns (workspace_id, ad_account_id, name, objective)
  values (tests.seed_id('adly.workspace:one'), tests.seed_id('adly.ad_account:two'), 'Cross', 'sales')$$,
  '23503', null, 'a campaign cannot use another workspace''s ad account');
select throws_ok($$update adly.campaigns set ad_account_id = tests.seed_id('adly.ad_account:two')
  where id = tests.seed_id('adly.campaign:one')$$,
  '23503', null, 'a campaign cannot be moved onto another workspace''s ad account');
select throws_ok($$insert into adly.ad_sets (campaign_id, name)
  values (tests.seed_id('adly.campaign:two'), 'Foreign')$$,
  '42501', 'new row violates row-level security policy for table "ad_sets"',
  'an ad set cannot be added to another workspace''s campaign');
select throws_ok($$insert into adly.products (store_connection_id, external_id, title)
  values (tests.seed_id('adly.store_connection:two'), 'x', 'Foreign')$$,
  '42501', 'new row violates row-level security policy for table "products"',
  'a product cannot be added to another workspace''s store');
select throws_ok($$update adly.products set store_connection_id = tests.seed_id('adly.store_connection:two')
  where id = tests.seed_id('adly.product:one')$$,
  '42501', 'permission denied for table products', 'a product cannot move to another store');
select throws_ok($$update adly.campaigns set workspace_id = tests.seed_id('adly.workspace:two')
  where id = tests.seed_id('adly.campaign:one')$$,
  '42501', 'permission denied for table campaigns', 'a campaign cannot move to another workspace');
select throws_ok($$update adly.ads set ad_set_id = tests.seed_id('adly.ad_set:two')
  where id = tests.seed_id('adly.ad:one')$$,
  '42501', 'permission denied for table ads', 'an ad cannot move to another ad set');
select tests.clear_authentication();

select tests.authenticate_as('owner@adly.test');
select throws_ok($$update adly.workspace_members set workspace_id = tests.seed_id('adly.workspace:two')
  where id = tests.seed_id('adly.workspace_member:one-viewer')$$,
  '42501', 'permission denied for table workspace_members', 'a membership cannot move to another workspace');
select throws_ok($$update adly.store_connections set workspace_id = tests.seed_id('adly.workspace:two')
  where id = tests.seed_id('adly.store_connection:one')$$,
  '42501', 'permission denied for table store_connections', 'a store connection cannot move to another workspace');
select tests.clear_authentication();

select tests.authenticate_as_service_role();
select throws_ok($$update adly.generation_jobs set workspace_id = tests.seed_id('adly.workspace:two')
  where id = tests.seed_id('adly.generation_job:one')$$,
  'P0001', 'a generation job cannot move to another workspace',
  'even the backend cannot move a job to another workspace');
select tests.clear_authentication();

select * from finish();
rollback;
