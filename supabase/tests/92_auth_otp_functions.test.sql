-- The one-time code functions as the otp edge function calls them (service_role, explicit times).
begin;
select plan(37);

select tests.create_user('otp-fn@example.com');
select tests.create_user('otp-fn-2@example.com');
create temporary table t0 as select timestamptz '2026-06-01 12:00:00+00' as at;
grant select on t0 to service_role;
select tests.authenticate_as_service_role();

-- request
select results_eq(
  $$select retry_after, user_id, email from private.auth_otp_request(' OTP-FN@example.com ', null, 'login', '111111',
    '192.0.2.10', (select at from t0))$$,
  $$values (0, tests.get_user_id('otp-fn@example.com'), 'otp-fn@example.com'::text)$$,
  'a request for a known email (any case, spaces) stores a code for its account');
select results_eq(
  $$select retry_after, user_id, email from private.auth_otp_request('nobody-otp@example.com', null, 'login', '111111',
    '192.0.2.10', (select at from t0))$$,
  $$values (0, null::uuid, null::text)$$,
  'a request for an unknown email is accepted and stores nothing');
select is((select count(*)::int from private.auth_email_codes where user_id = tests.get_user_id('otp-fn@example.com')),
  1,
  'one code stored');
select ok((select token_hash <> '111111' and token_hash ~ '^[0-9a-f]{64}$'
           from private.auth_email_codes where user_id = tests.get_user_id('otp-fn@example.com')),
  'only an HMAC of the code is stored');
select is((select expires_at - created_at from private.auth_email_codes
  where user_id = tests.get_user_id('otp-fn@example.com')),
  interval '10 minutes', 'a code is valid for 10 minutes');
select throws_ok($$select * from private.auth_otp_request('otp-fn@example.com', null, 'signup', '111111', 'ip',
  now())$$,
  '22023', 'purpose must be verification, login or reset', 'an unknown purpose is refused');
select throws_ok($$select * from private.auth_otp_request('otp-fn@example.com', null, 'login', '12345', 'ip', now())$$,
  '22023', 'the code must be 6 digits', 'a code that is not 6 digits is refused');
select throws_ok($$select * from private.auth_otp_request('no-at-sign', null, 'login', '123456', 'ip', now())$$,
  '22023', 'a valid email is required', 'an invalid email is refused');
select throws_ok($$select * from private.auth_otp_request(null, 'b0000000-0000-4000-8000-00000000dead', 'login',
  '123456', 'ip', now())$$,
  'P0002', 'no account with an email for this user', 'a request for a user id without an account is refused');

-- verify: wrong, expired, right, used
select is((select outcome from private.auth_otp_verify('otp-fn@example.com', null, 'login', '222222', '192.0.2.10',
  (select at from t0))),
  'invalid', 'a wrong code is invalid');
select is((select attempts from private.auth_email_codes where user_id = tests.get_user_id('otp-fn@example.com')), 1,
  'the wrong attempt is counted');
select is((select outcome from private.auth_otp_verify('otp-fn@example.com', null, 'login', '111111', '192.0.2.10',
  (select at + interval '10 minutes' from t0))),
  'invalid', 'the right code at its expiry is invalid');
select results_eq(
  $$select outcome, user_id from private.auth_otp_verify('otp-fn@example.com', null, 'login', '111111', '192.0.2.10',
    (select at + interval '9 minutes' from t0))$$,
  $$values ('ok'::text, tests.get_user_id('otp-fn@example.com'))$$,
  'the right code within 10 minutes is accepted');
select is((select outcome from private.auth_otp_verify('otp-fn@example.com', null, 'login', '111111', '192.0.2.10',
  (select at + interval '9 minutes' from t0))),
  'invalid', 'a used code is invalid');
select is((select outcome from private.auth_otp_verify('nobody-otp@example.com', null, 'login', '111111', '192.0.2.10',
  (select at from t0))),
  'invalid', 'an unknown email is invalid');

-- 5 attempts kill a code; a new code voids the older one
select private.auth_otp_request('otp-fn-2@example.com', null, 'reset', '333333', '192.0.2.11', (select at from t0));
select private.auth_otp_verify('otp-fn-2@example.com', null, 'reset', '000000', '192.0.2.11', (select at from t0))
  from generate_series(1, 5);
select is((select outcome from private.auth_otp_verify('otp-fn-2@example.com', null, 'reset', '333333', '192.0.2.11',
  (select at from t0))),
  'invalid', 'after 5 wrong attempts the right code is refused');
select private.auth_otp_request('otp-fn-2@example.com', null, 'reset', '444444', '192.0.2.11', (select at from t0));
select private.auth_otp_request('otp-fn-2@example.com', null, 'reset', '555555', '192.0.2.11', (select at from t0));
select is((select outcome from private.auth_otp_verify('otp-fn-2@example.com', null, 'reset', '444444', '192.0.2.11',
  (select at from t0))),
  'invalid', 'a newer code voids the older one');
select is((select outcome from private.auth_otp_verify(null, tests.get_user_id('otp-fn-2@example.com'), 'reset',
  '555555', '192.0.2.11', (select at from t0))),
  'ok', 'the newest code verifies, also when named by user id');

-- rate limits: per email (the 6th within the window) and per IP, with the wait in seconds
select private.auth_otp_request('limited@example.com', null, 'login', '123456', '192.0.2.20',
  (select at + make_interval(mins => i) from t0))
from generate_series(0, 4) i;
select is((select retry_after from private.auth_otp_request('limited@example.com', null, 'login', '123456',
  '192.0.2.21', (select at + interval '5 minutes' from t0))),
  600, 'the 6th request for an email within 15 minutes waits until the first leaves the window');
select is((select retry_after from private.auth_otp_request('limited@example.com', null, 'login', '123456',
  '192.0.2.21', (select at + interval '15 minutes' from t0))),
  0, 'after the window the email may ask again');
select is((select max(retry_after) from (
  select (private.auth_otp_request(format('ip-%s@example.com', i), null, 'login', '123456', '192.0.2.30',
    (select at from t0), p_ip_limit => 3)).retry_after
  from generate_series(1, 4) i) r), 900, 'the 4th request from an IP with a limit of 3 is refused');
select is((select retry_after from private.auth_otp_verify('otp-fn@example.com', null, 'login', '000000', '192.0.2.40',
  (select at from t0), p_ip_limit => 1)), 0,
  'a first verification from an IP is counted');
select is((select outcome || ':' || retry_after from private.auth_otp_verify('otp-fn@example.com', null, 'login',
  '000000', '192.0.2.40', (select at + interval '1 minute' from t0), p_ip_limit => 1)),
  'rate_limited:840', 'verifications beyond the IP limit are refused with the wait');
select tests.clear_authentication();
select is((select count(*)::int from private.auth_rate_events
           where bucket = 'otp_request_email' and key_hash = private.auth_hmac('email:limited@example.com')),
  5,
  'the email bucket (keyed by HMAC) holds the 5 requests in the window: refused ones are not counted, old ones purged');
select tests.authenticate_as_service_role();

-- failures per account, across codes and IPs: the 11th verification within an hour is refused,
-- the right code included, until the oldest failure leaves the window
select tests.create_user('otp-fn-3@example.com');
select private.auth_otp_request('otp-fn-3@example.com', null, 'login', '111111', '192.0.2.50', (select at from t0));
select private.auth_otp_verify('otp-fn-3@example.com', null, 'login', '000000', format('192.0.2.%s', 60 + i),
  (select at + make_interval(mins => i) from t0))
from generate_series(1, 4) i;
select private.auth_otp_request('otp-fn-3@example.com', null, 'login', '222222', '192.0.2.50',
  (select at + interval '5 minutes' from t0));
select private.auth_otp_verify(null, tests.get_user_id('otp-fn-3@example.com'), 'login', '000000',
  format('192.0.2.%s', 70 + i), (select at + make_interval(mins => 5 + i) from t0))
from generate_series(1, 4) i;
select private.auth_otp_verify('OTP-FN-3@example.com', null, 'reset', '000000', '192.0.2.80',
  (select at + interval '10 minutes' from t0));
select is((select outcome from private.auth_otp_verify('otp-fn-3@example.com', null, 'verification', '000000',
  '192.0.2.81', (select at + interval '11 minutes' from t0))),
  'invalid', 'the 10th failure for an account, by email, user id, any purpose and any IP, is still an answer');
select is((select outcome || ':' || retry_after from private.auth_otp_verify('otp-fn-3@example.com', null, 'login',
  '222222', '192.0.2.82', (select at + interval '12 minutes' from t0))),
  'rate_limited:2940',
  'after 10 failures within an hour even the right code is refused, with the wait until the first leaves the window');
select is((select attempts from private.auth_email_codes where user_id = tests.get_user_id('otp-fn-3@example.com')), 4,
  'a refused verification does not touch the code');
select private.auth_otp_request('otp-fn-3@example.com', null, 'login', '333333', '192.0.2.50',
  (select at + interval '60 minutes' from t0));
select results_eq(
  $$select outcome, user_id from private.auth_otp_verify('otp-fn-3@example.com', null, 'login', '333333', '192.0.2.82',
    (select at + interval '61 minutes' from t0))$$,
  $$values ('ok'::text, tests.get_user_id('otp-fn-3@example.com'))$$,
  'once the first failure left the window, the right code is accepted');
select private.auth_otp_verify('nobody-3@example.com', null, 'login', '000000', format('192.0.2.%s', 90 + i),
  (select at from t0))
from generate_series(1, 10) i;
select is((select outcome || ':' || retry_after from private.auth_otp_verify('nobody-3@example.com', null, 'login',
  '000000', '192.0.2.99', (select at from t0))),
  'rate_limited:3600', 'an unknown email is limited the same way, so the limit tells nothing about accounts');
select throws_ok($$select * from private.auth_otp_verify('otp-fn-3@example.com', null, 'login', '000000', 'ip', now(),
  p_account_failure_limit => 0)$$,
  '22023', 'time, attempts, limits and windows must be positive', 'a limit of zero is refused');

-- reset tokens
select is(private.auth_password_reset_issue(tests.get_user_id('otp-fn@example.com'), repeat('t', 43),
  (select at from t0)),
  (select at + interval '15 minutes' from t0), 'a reset token is valid for 15 minutes');
select is(private.auth_password_reset_consume(repeat('t', 43), (select at + interval '15 minutes' from t0)), null,
  'an expired reset token gives no user');
select is(private.auth_password_reset_consume(repeat('t', 43), (select at + interval '14 minutes' from t0)),
  tests.get_user_id('otp-fn@example.com'), 'a live reset token gives its user');
select is(private.auth_password_reset_consume(repeat('t', 43), (select at + interval '14 minutes' from t0)), null,
  'a reset token works once');

-- login proofs and the local password change
select is(private.auth_login_proof_consume('c0000000-0000-4000-8000-000000000001',
  tests.get_user_id('otp-fn@example.com'), now() + interval '5 minutes', now()),
  true, 'a login proof is exchanged the first time');
select is(private.auth_login_proof_consume('c0000000-0000-4000-8000-000000000001',
  tests.get_user_id('otp-fn@example.com'), now() + interval '5 minutes', now()),
  false, 'and never again');
select private.auth_local_set_password(tests.get_user_id('otp-fn@example.com'), 'correct horse battery');
select tests.clear_authentication();
select ok((select encrypted_password = extensions.crypt('correct horse battery', encrypted_password)
  and encrypted_password like '$2a$10$%'
           from auth.users where email = 'otp-fn@example.com'),
  'the local admin stores a bcrypt hash (cost 10) of the new password');

select * from finish();
rollback;
