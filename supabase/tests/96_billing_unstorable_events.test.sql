-- Stripe events whose content the database cannot store are recorded as rejected by
-- private.billing_reject_stripe_event: with the reason, without the content, once per event id;
-- an outcome recorded before stands; only service_role may record them.
begin;
select plan(15);

select ok(not has_function_privilege('anon',
  'private.billing_reject_stripe_event(text, text, timestamptz, boolean, text)', 'execute')
          and not has_function_privilege('authenticated',
          'private.billing_reject_stripe_event(text, text, timestamptz, boolean, text)', 'execute'),
  'anon and signed-in users cannot record Stripe events');
select ok(has_function_privilege('service_role',
  'private.billing_reject_stripe_event(text, text, timestamptz, boolean, text)', 'execute'),
  'the service role (the webhook) can');
select ok((select p.prosecdef and p.proconfig = array['search_path=""'] from pg_proc p
            where p.oid = 'private.billing_reject_stripe_event(text, text, timestamptz, boolean, text)'::regprocedure),
  'it is SECURITY DEFINER with an empty search_path');

select tests.authenticate_as_service_role();
select is(
  (select outcome || '/' || replay || '/' || detail
     from private.billing_reject_stripe_event('evt_pgtap_unstorable_1', 'customer.updated', null, false,
                                              'created (1000000000000000) is after the year 9999')),
  'rejected/false/created (1000000000000000) is after the year 9999',
  'an event whose content cannot be stored is recorded as rejected with the reason');
select is(
  (select outcome || '/' || replay
     from private.billing_reject_stripe_event('evt_pgtap_unstorable_1', 'customer.updated', null, false,
                                              'a NUL character or an unpaired surrogate in data.object.name')),
  'rejected/false', 'delivered again, it is rejected again (as any rejected event is handled anew)');
select throws_ok(
  $$ select * from private.billing_reject_stripe_event('not an event', 'customer.updated', now(), false, 'why') $$,
  '22023', 'an event id, its type and the reason are required', 'an id that is not an event id is refused');
select throws_ok(
  $$ select * from private.billing_reject_stripe_event('evt_pgtap_unstorable_2', 'customer.updated', now(), false,
    null) $$,
  '22023', 'an event id, its type and the reason are required', 'a rejection without a reason is refused');

-- an event the webhook already recorded with another outcome keeps it
select lives_ok($$ select * from private.billing_apply_stripe_event(
  '{"id": "evt_pgtap_unstorable_3", "type": "customer.created", "created": 1790000000,
    "data": {"object": {"id": "cus_pgtap"}}}') $$,
  'the webhook applies an event');
select is(
  (select outcome || '/' || replay
     from private.billing_reject_stripe_event('evt_pgtap_unstorable_3', 'customer.created', now(), false, 'why')),
  'ignored/true', 'an event applied before keeps its outcome (replay)');

-- and an event rejected here is applied when its content arrives storable (reconciliation, say)
select lives_ok($$ select * from private.billing_reject_stripe_event('evt_pgtap_unstorable_4', 'customer.created',
  '2026-09-21 12:00+00', false, 'why') $$,
  'the webhook rejects an event as unstorable');
select is(
  (select outcome || '/' || replay from private.billing_apply_stripe_event(
    '{"id": "evt_pgtap_unstorable_4", "type": "customer.created", "created": 1790000000,
      "data": {"object": {"id": "cus_pgtap"}}}')),
  'ignored/false', 'an event rejected as unstorable is applied when delivered storable');
select tests.clear_authentication();

select results_eq(
  $$ select id, type, stripe_created_at, outcome, detail from private.stripe_events
      where id in ('evt_pgtap_unstorable_1', 'evt_pgtap_unstorable_2', 'evt_pgtap_unstorable_3') order by id $$,
  $$ values ('evt_pgtap_unstorable_1'::text, 'customer.updated'::text, null::timestamptz, 'rejected'::text,
             'a NUL character or an unpaired surrogate in data.object.name'::text),
            ('evt_pgtap_unstorable_3', 'customer.created', to_timestamp(1790000000), 'ignored',
              'event type not handled') $$,
  'one row per event: the latest reason, no created time where none could be stored, nothing for refused calls');
select is((select deferred_charge from private.stripe_events where id = 'evt_pgtap_unstorable_1'), null,
  'none of the content is kept');
select throws_ok(
  $$ insert into private.stripe_events (id, type, stripe_created_at, outcome)
    values ('evt_pgtap_unstorable_5', 'x', null, 'applied') $$,
  '23514', null, 'only a rejected event may lack its created time');
select is((select count(*)::int from private.stripe_events where id = 'evt_pgtap_unstorable_4'), 1,
  'the event is recorded once');

select * from finish();
rollback;
