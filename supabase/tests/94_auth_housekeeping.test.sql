-- private.auth_purge(): rows a day past their relevance go, younger ones stay.
begin;
select plan(6);

select tests.create_user('purge@example.com');
create temporary table t0 as select timestamptz '2026-06-01 12:00:00+00' as at,
  tests.get_user_id('purge@example.com') as u;
grant select on t0 to service_role;
select tests.authenticate_as_service_role();

-- recent: 1 hour ago; old: 3 days ago (in this order, so the recent request's window cleanup
-- does not already remove the old events)
select private.auth_otp_request('purge@example.com', null, 'reset', '222222', '192.0.2.90',
  (select at - interval '1 hour' from t0));
select private.auth_otp_request('purge@example.com', null, 'login', '111111', '192.0.2.90',
  (select at - interval '3 days' from t0));
select private.auth_password_reset_issue((select u from t0), repeat('a', 43), (select at - interval '3 days' from t0));
select private.auth_login_proof_consume('c0000000-0000-4000-8000-0000000000bb', (select u from t0),
  (select at + interval '5 minutes' from t0), (select at from t0));
select private.auth_login_proof_consume('c0000000-0000-4000-8000-0000000000aa', (select u from t0),
  (select at - interval '3 days' from t0), (select at - interval '3 days' from t0));

select tests.clear_authentication();
create temporary table before as
  select (select count(*) from private.auth_rate_events
  where created_at < (select at - interval '1 day' from t0)) as old_events;
select tests.authenticate_as_service_role();
select cmp_ok(private.auth_purge((select at from t0)), '=', 5,
  'the purge reports the rows it deleted (2 rate events, a code, a reset token, a proof)');
select tests.clear_authentication();

select is((select count(*)::int from private.auth_rate_events
  where created_at < (select at - interval '1 day' from t0)), 0,
  'rate events older than a day are gone');
select is((select array_agg(purpose) from private.auth_email_codes where user_id = (select u from t0)), array['reset'],
  'the code that expired days ago is gone, the recent one stays');
select is((select count(*)::int from private.auth_password_resets where user_id = (select u from t0)), 0,
  'old reset tokens are gone');
select is((select array_agg(jti::text) from private.auth_login_proofs where user_id = (select u from t0)),
  array['c0000000-0000-4000-8000-0000000000bb'], 'only the live exchanged proof is kept');
select ok((select old_events from before) >= 2, 'there were old rate events to purge');

select * from finish();
rollback;
