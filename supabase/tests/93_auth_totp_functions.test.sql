-- The TOTP state functions as the mfa edge function calls them (service_role): enrolment,
-- replay guard, failure lock, backup codes, removal.
begin;
select plan(24);

select tests.create_user('totp-fn@example.com');
create temporary table ids as select tests.get_user_id('totp-fn@example.com') as u,
  timestamptz '2026-06-01 12:00:00+00' as at;
grant select on ids to service_role;
select tests.authenticate_as_service_role();

select throws_ok($$select private.auth_totp_enroll((select u from ids), 'tooshort')$$, '22023',
  'the secret must be base32 of at least 160 bits', 'a short secret is refused');
select throws_ok($$select private.auth_totp_enroll('b0000000-0000-4000-8000-00000000dead',
  'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')$$,
  'P0002', 'user not found', 'enrolling an unknown user is refused');
select lives_ok($$select private.auth_totp_enroll((select u from ids), 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')$$,
  'a user enrolls');
select results_eq($$select secret, is_enabled, last_used_step, failed_attempts
  from private.auth_totp_state((select u from ids))$$,
  $$values ('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'::text, false, null::bigint, 0)$$,
  'the state gives the decrypted secret of a factor that is not enabled yet');
select throws_ok($$select private.auth_totp_accept_step((select u from ids), 100, (select at from ids))$$, '55000',
  'two-factor authentication is not enabled', 'a challenge step is refused before the factor is enabled');
select throws_ok($$select private.auth_totp_accept_step((select u from ids), 100, (select at from ids), true,
  array['a'])$$, '22023',
  'enabling needs 10 backup codes', 'enabling needs 10 backup codes');
select lives_ok($$select private.auth_totp_accept_step((select u from ids), 100, (select at from ids), true,
  array['aaaaa-00001', 'aaaaa-00002', 'aaaaa-00003', 'aaaaa-00004', 'aaaaa-00005', 'aaaaa-00006', 'aaaaa-00007',
  'aaaaa-00008', 'aaaaa-00009', 'aaaaa-00010'])$$,
  'the first accepted step enables the factor');
select results_eq($$select enrolled, enabled, enabled_at, backup_codes_left
  from private.auth_totp_status((select u from ids))$$,
  $$values (true, true, (select at from ids), 10)$$, 'the status shows it enabled with 10 backup codes');
select throws_ok($$select private.auth_totp_enroll((select u from ids), 'ABCDEFGHABCDEFGHABCDEFGHABCDEFGH')$$, '55000',
  'two-factor authentication is already enabled', 'enrolling again while enabled is refused');

-- replay guard
select throws_ok($$select private.auth_totp_accept_step((select u from ids), 100, (select at from ids))$$, '22023',
  'this time step was already used', 'the same step is refused');
select throws_ok($$select private.auth_totp_accept_step((select u from ids), 99, (select at from ids))$$, '22023',
  'this time step was already used', 'an earlier step is refused');
select lives_ok($$select private.auth_totp_accept_step((select u from ids), 101, (select at from ids))$$,
  'a later step is accepted');

-- failures and the lock
select is(private.auth_totp_record_failure((select u from ids), (select at from ids)), null, 'failure 1: not locked');
select private.auth_totp_record_failure((select u from ids), (select at from ids)) from generate_series(2, 4);
select is((select failed_attempts from private.auth_totp_state((select u from ids))), 4, 'four failures counted');
select is(private.auth_totp_record_failure((select u from ids), (select at from ids)),
  (select at + interval '15 minutes' from ids),
  'the 5th failure locks the factor for 15 minutes');
select throws_ok($$select private.auth_totp_accept_step((select u from ids), 102,
  (select at + interval '14 minutes' from ids))$$, '55000',
  'the factor is locked', 'no step is accepted while locked');
select throws_ok($$select private.auth_totp_use_backup_code((select u from ids), 'aaaaa-00001',
  (select at + interval '14 minutes' from ids))$$, '55000',
  'the factor is locked', 'no backup code is accepted while locked');
select lives_ok($$select private.auth_totp_accept_step((select u from ids), 102,
  (select at + interval '15 minutes' from ids))$$,
  'after 15 minutes a step is accepted again');

-- backup codes
select is(private.auth_totp_use_backup_code((select u from ids), 'AAAAA 00001', (select at from ids)), true,
  'a backup code is accepted (case and separators do not matter)');
select is(private.auth_totp_use_backup_code((select u from ids), 'aaaaa-00001', (select at from ids)), false,
  'a used backup code is refused');
select lives_ok($$select private.auth_totp_replace_backup_codes((select u from ids),
  array['bbbbb-00001', 'bbbbb-00002', 'bbbbb-00003', 'bbbbb-00004', 'bbbbb-00005', 'bbbbb-00006', 'bbbbb-00007',
  'bbbbb-00008', 'bbbbb-00009', 'bbbbb-00010'],
  (select at from ids))$$, 'backup codes are replaced');
select is(private.auth_totp_use_backup_code((select u from ids), 'aaaaa-00002', (select at from ids)), false,
  'an old backup code no longer works');

select tests.clear_authentication();
select ok((select not (backup_code_hashes::text ~ 'bbbbb') and cardinality(backup_code_hashes) = 10
           from private.auth_totp_factors where user_id = (select u from ids)),
  'backup codes are stored as hashes only');
select tests.authenticate_as_service_role();

select private.auth_totp_remove((select u from ids));
select results_eq($$select enrolled, enabled from private.auth_totp_status((select u from ids))$$,
  $$values (false, false)$$, 'removing the factor deletes it');

select * from finish();
rollback;
