-- The store webhooks' delivery log: who may reach it, a duplicate named by its delivery id and its
-- body's hash together (so a guessed id suppresses no other delivery), deliveries without an id
-- never de-duplicated, a rejected delivery handled anew, and the retention job.
begin;
select plan(29);

insert into adly.workspaces (id, name, slug) values ('f1000000-0000-4000-8000-000000000080', 'Delivery log',
  'delivery-log');
insert into adly.store_connections (id, workspace_id, platform, store_name) values
  ('f2000000-0000-4000-8000-000000000080', 'f1000000-0000-4000-8000-000000000080', 'shopify', 'Log store'),
  ('f2000000-0000-4000-8000-000000000081', 'f1000000-0000-4000-8000-000000000080', 'salla', 'Other store');
select tests.create_user('log-member@adly.test', '{"product": "adly"}');
insert into adly.workspace_members (workspace_id, user_id, role)
values ('f1000000-0000-4000-8000-000000000080', tests.get_user_id('log-member@adly.test'), 'owner');

-- ============================================================================================
-- who may reach it
-- ============================================================================================

select ok((select relrowsecurity from pg_class where oid = 'private.adly_store_webhook_deliveries'::regclass),
  'the delivery log has row level security on');
select ok(not has_table_privilege('anon', 'private.adly_store_webhook_deliveries', 'select')
          and not has_table_privilege('authenticated', 'private.adly_store_webhook_deliveries', 'select')
          and not has_table_privilege('service_role', 'private.adly_store_webhook_deliveries',
          'select,insert,update,delete'),
  'no API role has a privilege on the delivery log');
select ok(not has_function_privilege('anon', 'private.adly_store_delivery_begin(uuid, text, text, bytea, text)',
  'execute')
          and not has_function_privilege('authenticated',
          'private.adly_store_delivery_begin(uuid, text, text, bytea, text)', 'execute')
          and not has_function_privilege('anon', 'private.adly_store_delivery_finish(bigint, text, text, text, text)',
          'execute')
          and not has_function_privilege('authenticated',
          'private.adly_store_delivery_finish(bigint, text, text, text, text)', 'execute'),
  'anon and signed-in users cannot record deliveries');
select ok(has_function_privilege('service_role', 'private.adly_store_delivery_begin(uuid, text, text, bytea, text)',
  'execute')
          and has_function_privilege('service_role',
          'private.adly_store_delivery_finish(bigint, text, text, text, text)', 'execute'),
  'the service role (the edge function) can');
select ok(not has_function_privilege('anon', 'private.job_adly_store_webhook_deliveries(timestamptz, integer)',
  'execute')
          and not has_function_privilege('authenticated',
          'private.job_adly_store_webhook_deliveries(timestamptz, integer)', 'execute')
          and not has_function_privilege('service_role',
          'private.job_adly_store_webhook_deliveries(timestamptz, integer)', 'execute'),
  'the retention job runs only through private.run_job');
select ok((select count(*) = 2 and bool_and(p.prosecdef and p.proconfig = array['search_path=""']) from pg_proc p
            where p.oid in ('private.adly_store_delivery_begin(uuid, text, text, bytea, text)'::regprocedure,
                            'private.adly_store_delivery_finish(bigint, text, text, text, text)'::regprocedure)),
  'both are SECURITY DEFINER with an empty search_path');

select tests.authenticate_as('log-member@adly.test');
select throws_ok($$ select * from private.adly_store_delivery_begin('f2000000-0000-4000-8000-000000000080', 'shopify',
  'x', sha256('x'), 'orders/create') $$,
  '42501', null, 'a workspace owner cannot forge deliveries');
select tests.clear_authentication();

-- ============================================================================================
-- duplicates
-- ============================================================================================

select tests.authenticate_as_service_role();
create temporary table started (name text primary key, log_id bigint, duplicate_of text) on commit drop;
grant select, insert on started to service_role;

insert into started select 'first', * from private.adly_store_delivery_begin(
  'f2000000-0000-4000-8000-000000000080', 'shopify', 'evt-1', sha256('{"id":1}'), 'orders/create');
select is((select duplicate_of from started where name = 'first'), null, 'a new delivery is no duplicate');
select lives_ok($$ select private.adly_store_delivery_finish((select log_id from started where name = 'first'),
  'created', 'order', '1', null) $$,
  'its outcome is recorded');

insert into started select 'again', * from private.adly_store_delivery_begin(
  'f2000000-0000-4000-8000-000000000080', 'shopify', 'evt-1', sha256('{"id":1}'), 'orders/create');
select is((select duplicate_of from started where name = 'again'), 'created',
  'the same id with the same body is a duplicate of what it did');
select is((select log_id from started where name = 'again'), (select log_id from started where name = 'first'),
  'it is the same record');

insert into started select 'other body', * from private.adly_store_delivery_begin(
  'f2000000-0000-4000-8000-000000000080', 'shopify', 'evt-1', sha256('{"id":2}'), 'orders/create');
select is((select duplicate_of from started where name = 'other body'), null,
  'the same id with another body is another delivery: a guessed or reused id suppresses nothing');

insert into started select 'other store', * from private.adly_store_delivery_begin(
  'f2000000-0000-4000-8000-000000000081', 'salla', 'evt-1', sha256('{"id":1}'), 'order.created');
select is((select duplicate_of from started where name = 'other store'), null, 'ids are per connection');

insert into started select 'no id 1', * from private.adly_store_delivery_begin(
  'f2000000-0000-4000-8000-000000000081', 'salla', null, sha256('{"id":3}'), 'order.created');
select private.adly_store_delivery_finish((select log_id from started where name = 'no id 1'), 'created', 'order', '3',
  null);
insert into started select 'no id 2', * from private.adly_store_delivery_begin(
  'f2000000-0000-4000-8000-000000000081', 'salla', null, sha256('{"id":3}'), 'order.created');
select ok((select duplicate_of is null from started where name = 'no id 2')
          and (select log_id from started where name = 'no id 2') <> (select log_id from started
          where name = 'no id 1'),
  'deliveries without a delivery id are each recorded, never duplicates');

insert into started select 'rejected', * from private.adly_store_delivery_begin(
  'f2000000-0000-4000-8000-000000000080', 'shopify', 'evt-2', sha256('{"id":4}'), 'orders/create');
select private.adly_store_delivery_finish((select log_id from started where name = 'rejected'), 'rejected', null, null,
  'total: too large');
insert into started select 'rejected again', * from private.adly_store_delivery_begin(
  'f2000000-0000-4000-8000-000000000080', 'shopify', 'evt-2', sha256('{"id":4}'), 'orders/create');
select is((select duplicate_of from started where name = 'rejected again'), null,
  'a delivery rejected before is handled anew (its cause may be fixed)');

select throws_ok($$ select private.adly_store_delivery_finish((select log_id from started where name = 'first'),
  'received', null, null, null) $$,
  '22023', 'a delivery finishes with its outcome', 'a delivery cannot finish without an outcome');
select throws_ok($$ select private.adly_store_delivery_finish(-1, 'created', null, null, null) $$,
  'P0002', 'unknown delivery -1', 'an unknown delivery cannot finish');
select throws_ok($$ select private.adly_store_delivery_finish((select log_id from started where name = 'first'),
  'applied', null, null, null) $$,
  '23514', null, 'an outcome the log does not know is refused');
select throws_ok($$ select * from private.adly_store_delivery_begin('f2000000-0000-4000-8000-000000000080', 'shopify',
  'evt-3', '\x00'::bytea, null) $$,
  '23514', null, 'a body hash that is not SHA-256 is refused');
select lives_ok($$ select private.adly_store_delivery_finish((select log_id from started where name = 'rejected again'),
  'rejected', null, null, repeat('x', 5000)) $$,
  'a long reason is cut, not refused');
select tests.clear_authentication();

select results_eq(
  $$ select delivery_id, attempts, outcome, entity, external_id from private.adly_store_webhook_deliveries
      where store_connection_id = 'f2000000-0000-4000-8000-000000000080' order by id $$,
  $$ values ('evt-1'::text, 2, 'created'::text, 'order'::text, '1'::text),
            ('evt-1', 1, 'received', null, null),
            ('evt-2', 2, 'rejected', null, null) $$,
  'the log: arrivals counted, outcomes kept');
select is((select char_length(detail) from private.adly_store_webhook_deliveries where delivery_id = 'evt-2'), 1000,
  'reasons are kept to 1,000 characters');

-- ============================================================================================
-- retention
-- ============================================================================================

select ok(exists (select 1 from private.scheduled_jobs where name = 'adly-store-webhook-deliveries'
                   and job_function = 'private.job_adly_store_webhook_deliveries'),
  'the retention job is registered');
update private.adly_store_webhook_deliveries set last_received_at = now() - interval '29 days'
 where store_connection_id = 'f2000000-0000-4000-8000-000000000081';
select is(private.run_job('adly-store-webhook-deliveries', now()) -> 'result',
  '{"deleted": 0, "more": false}'::jsonb, 'nothing last received less than 30 days before the run is deleted');
update private.scheduled_jobs set batch_size = 2 where name = 'adly-store-webhook-deliveries';
select is(private.run_job('adly-store-webhook-deliveries', now() + interval '1 day 1 second') -> 'result',
  '{"deleted": 2, "more": true}'::jsonb, 'a run deletes at most its batch, the oldest first, and says there is more');
select is(private.run_job('adly-store-webhook-deliveries', now() + interval '1 day 1 second') -> 'result',
  '{"deleted": 1, "more": false}'::jsonb, 'the next run deletes the rest');
select is(private.run_job('adly-store-webhook-deliveries', now() + interval '1 day 1 second') -> 'result',
  '{"deleted": 0, "more": false}'::jsonb, 'a further run changes nothing');
select is((select count(*)::int from private.adly_store_webhook_deliveries
            where store_connection_id = 'f2000000-0000-4000-8000-000000000080'), 3,
  'the other connection''s deliveries, received now, stay');

delete from adly.store_connections where id = 'f2000000-0000-4000-8000-000000000080';
select is((select count(*)::int from private.adly_store_webhook_deliveries
            where store_connection_id = 'f2000000-0000-4000-8000-000000000080'), 0,
  'a deleted connection takes its deliveries with it');

select * from finish();
rollback;
