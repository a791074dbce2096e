-- Stripe reconciliation's state: only service_role reads and moves it, through the two definer
-- functions; a save over a version another run has already replaced changes nothing; the
-- checkpoint never moves back; a window being listed is saved whole or not at all.
begin;
select plan(14);

-- privileges ---------------------------------------------------------------------------------
select ok(not has_function_privilege('anon', 'private.billing_stripe_reconciliation_state()', 'execute')
      and not has_function_privilege('authenticated', 'private.billing_stripe_reconciliation_state()', 'execute'),
  'clients cannot read the reconciliation state');
select ok(not has_function_privilege('anon',
  'private.billing_record_stripe_reconciliation(bigint, timestamptz, timestamptz, timestamptz, text, jsonb)', 'execute')
      and not has_function_privilege('authenticated',
      'private.billing_record_stripe_reconciliation(bigint, timestamptz, timestamptz, timestamptz, text, jsonb)',
      'execute'),
  'clients cannot move the checkpoint');
select ok(has_function_privilege('service_role', 'private.billing_stripe_reconciliation_state()', 'execute')
      and has_function_privilege('service_role',
      'private.billing_record_stripe_reconciliation(bigint, timestamptz, timestamptz, timestamptz, text, jsonb)',
      'execute'),
  'service_role (stripe-reconcile) reads and saves it');
select is(
  (select array_agg(p.proname || ' ' || p.prosecdef || ' ' || array_to_string(p.proconfig, ',') order by p.proname)
     from pg_catalog.pg_proc p
    where p.pronamespace = 'private'::regnamespace
      and p.proname in ('billing_stripe_reconciliation_state', 'billing_record_stripe_reconciliation')),
  array['billing_record_stripe_reconciliation true search_path=""',
  'billing_stripe_reconciliation_state true search_path=""'],
  'both are SECURITY DEFINER with an empty search_path');
select ok(not has_table_privilege('service_role', 'private.stripe_reconciliation', 'select')
      and not has_table_privilege('authenticated', 'private.stripe_reconciliation', 'select')
      and not has_table_privilege('anon', 'private.stripe_reconciliation', 'select'),
  'no API role reads the table directly');
select ok((select relrowsecurity from pg_catalog.pg_class where oid = 'private.stripe_reconciliation'::regclass),
  'row level security is on');

-- one row --------------------------------------------------------------------------------------
select throws_ok($$insert into private.stripe_reconciliation default values$$, '23505', null,
  'the state is a single row');

-- saving ---------------------------------------------------------------------------------------
update private.stripe_reconciliation
   set checkpoint = null, pass_from = null, pass_to = null, pass_starting_after = null, version = 10;

select tests.authenticate_as_service_role();
select is(
  (select private.billing_record_stripe_reconciliation(10, '2026-11-01 00:00:00+00', null, null, null, '{"listed":3}')),
  '2026-11-01 00:00:00+00'::timestamptz, 'a complete window sets the checkpoint');
select is(
  (select private.billing_record_stripe_reconciliation(10, '2026-11-05 00:00:00+00', null, null, null, '{"listed":9}')),
  '2026-11-01 00:00:00+00'::timestamptz, 'a save over a version already replaced is dropped');
select is(
  (select row(s.checkpoint, s.version)::text from private.billing_stripe_reconciliation_state() s),
  row('2026-11-01 00:00:00+00'::timestamptz, 11::bigint)::text, 'the dropped save changed nothing');

select private.billing_record_stripe_reconciliation(11, null, '2026-11-01 00:00:00+00', '2026-11-02 00:00:00+00',
  'evt_pgtap_cursor', '{"has_more":true}');
select is(
  (select row(s.checkpoint, s.pass_from, s.pass_to, s.pass_starting_after)::text
    from private.billing_stripe_reconciliation_state() s),
  row('2026-11-01 00:00:00+00'::timestamptz, '2026-11-01 00:00:00+00'::timestamptz,
  '2026-11-02 00:00:00+00'::timestamptz,
      'evt_pgtap_cursor')::text,
  'a window that holds more is kept with the last event listed, the checkpoint unchanged');

select is(
  (select private.billing_record_stripe_reconciliation(12, '2026-10-01 00:00:00+00', null, null, null, '{}')),
  '2026-11-01 00:00:00+00'::timestamptz, 'the checkpoint never moves back');
select is((select s.pass_from from private.billing_stripe_reconciliation_state() s), null,
  'the finished window is cleared');

select throws_ok(
  $$select private.billing_record_stripe_reconciliation(13, null, '2026-11-02 00:00:00+00', '2026-11-03 00:00:00+00',
    null, '{}')$$,
  '23514', null, 'a window without the event to list after is refused');
select tests.clear_authentication();

select * from finish();
rollback;
