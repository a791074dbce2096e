-- Purchases, invoices, invoice counters and analytics: RLS matrix. Clients never write them.
-- Seed: alice has an ACTIVE purchase of lead-capture with its invoice; bob a PENDING one of social-scheduler.
begin;
select plan(36);

-- anon -------------------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select throws_ok($$select * from marketplace.purchases$$, '42501', 'permission denied for table purchases',
  'anon cannot read purchases');
select throws_ok($$select * from marketplace.invoices$$, '42501', 'permission denied for table invoices',
  'anon cannot read invoices');
select throws_ok($$select * from marketplace.invoice_counters$$, '42501',
  'permission denied for table invoice_counters', 'anon cannot read invoice counters');
select throws_ok($$select * from marketplace.analytics_daily$$, '42501', 'permission denied for table analytics_daily',
  'anon cannot read analytics');

-- the owner and another user ---------------------------------------------------------------------
select tests.authenticate_as('alice@example.com');
select results_eq($$select status::text from marketplace.purchases$$, array['ACTIVE'],
  'alice reads only her own purchase');
select is((select count(*) from marketplace.invoices), 1::bigint, 'alice reads her invoice');
select is((select count(*) from marketplace.purchases where user_id = tests.seed_id('user:bob')), 0::bigint,
  'alice cannot read bob''s purchases');
select is((select count(*) from marketplace.invoice_counters), 0::bigint, 'a user reads no invoice counter');
select is((select count(*) from marketplace.analytics_daily), 0::bigint, 'a user reads no analytics');
select throws_ok($$insert into marketplace.purchases (user_id, workflow_id, amount, tax, total, payment_method, status,
  paid_at)
                   values (tests.seed_id('user:alice'), tests.seed_id('marketplace.workflow:social-scheduler'), 0, 0, 0,
                   'CARD', 'ACTIVE', now())$$,
  '42501', 'permission denied for table purchases', 'a user cannot grant himself a purchase');
select throws_ok($$update marketplace.purchases set status = 'ACTIVE'$$,
  '42501', 'permission denied for table purchases', 'a user cannot change a purchase''s status');
select throws_ok($$delete from marketplace.purchases$$,
  '42501', 'permission denied for table purchases', 'a user cannot delete purchases');
select throws_ok($$insert into marketplace.invoices (purchase_id, invoice_year, invoice_sequence, invoice_number,
  currency, amount, total)
                   values (tests.seed_id('marketplace.purchase:bob-social-scheduler'), 2026, 999, 'INV-2026-000999',
                   'USD', 0, 0)$$,
  '42501', 'permission denied for table invoices', 'a user cannot create invoices');
select throws_ok($$update marketplace.invoices set total = 0$$,
  '42501', 'permission denied for table invoices', 'a user cannot change invoices');
select throws_ok($$delete from marketplace.invoices$$,
  '42501', 'permission denied for table invoices', 'a user cannot delete invoices');
select throws_ok($$update marketplace.invoice_counters set last_sequence = 0$$,
  '42501', 'permission denied for table invoice_counters', 'a user cannot reset invoice numbering');
select throws_ok($$insert into marketplace.analytics_daily (workflow_id, date, revenue)
  values (tests.seed_id('marketplace.workflow:lead-capture'), current_date, 1000000)$$,
  '42501', 'permission denied for table analytics_daily', 'a user cannot write analytics');

select tests.authenticate_as('bob@example.com');
select results_eq($$select status::text from marketplace.purchases$$, array['PENDING'],
  'bob reads only his own pending purchase');
select is((select count(*) from marketplace.invoices), 0::bigint, 'bob cannot read alice''s invoice');

-- admin ------------------------------------------------------------------------------------------
select tests.authenticate_as('admin@example.com');
select is((select count(*) from marketplace.purchases), 2::bigint, 'an admin reads every purchase');
select is((select count(*) from marketplace.invoices), 1::bigint, 'an admin reads every invoice');
select is((select count(*) from marketplace.analytics_daily), 1::bigint, 'an admin reads analytics');
select is((select count(*) from marketplace.invoice_counters), 1::bigint, 'an admin reads invoice counters');
select throws_ok($$update marketplace.purchases set status = 'REFUNDED', refunded_at = now()$$,
  '42501', 'permission denied for table purchases', 'an admin cannot change purchases directly either');
select throws_ok($$delete from marketplace.invoices$$,
  '42501', 'permission denied for table invoices', 'an admin cannot delete invoices');
select throws_ok($$update marketplace.analytics_daily set revenue = 0$$,
  '42501', 'permission denied for table analytics_daily', 'an admin cannot rewrite analytics');
select throws_ok($$insert into marketplace.invoice_counters (invoice_year) values (2099)$$,
  '42501', 'permission denied for table invoice_counters', 'an admin cannot create invoice counters');

-- service_role: reads all, writes only through the functions -----------------------------------
select tests.authenticate_as_service_role();
select is((select count(*) from marketplace.purchases), 2::bigint, 'service_role reads every purchase');
select is((select count(*) from marketplace.invoices), 1::bigint, 'service_role reads every invoice');
select is((select count(*) from marketplace.invoice_counters), 1::bigint, 'service_role reads invoice counters');
select is((select count(*) from marketplace.analytics_daily), 1::bigint, 'service_role reads analytics');
select throws_ok($$update marketplace.purchases set status = 'ACTIVE', paid_at = now()$$,
  '42501', 'permission denied for table purchases', 'service_role changes purchases only through the functions');
select throws_ok($$insert into marketplace.invoices (purchase_id, invoice_year, invoice_sequence, invoice_number,
  currency, amount, total)
                   values (tests.seed_id('marketplace.purchase:bob-social-scheduler'), 2026, 999, 'INV-2026-000999',
                   'USD', 29, 29)$$,
  '42501', 'permission denied for table invoices', 'service_role issues invoices only through fulfilment');
select throws_ok($$delete from marketplace.purchases$$,
  '42501', 'permission denied for table purchases', 'service_role cannot delete purchases');
select throws_ok($$update marketplace.invoice_counters set last_sequence = 0$$,
  '42501', 'permission denied for table invoice_counters', 'service_role cannot reset invoice numbering');
select throws_ok($$delete from marketplace.analytics_daily$$,
  '42501', 'permission denied for table analytics_daily', 'service_role cannot delete analytics');

select * from finish();
rollback;
