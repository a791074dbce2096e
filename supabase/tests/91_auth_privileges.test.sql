-- Codes, hashes, secrets and the mail record are reachable by no client role; the functions of
-- the otp and mfa edge functions are executable by service_role only.
begin;
select plan(20);

select is(
  (select array_agg(t order by t) from unnest(array[
     'private.auth_email_codes', 'private.auth_totp_factors', 'private.auth_hash_keys', 'private.auth_rate_events',
     'private.auth_mail_outbox', 'private.auth_password_resets', 'private.auth_login_proofs']) t
   where has_table_privilege('anon', t, 'select, insert, update, delete, truncate, references, trigger')
      or has_table_privilege('authenticated', t, 'select, insert, update, delete, truncate, references, trigger')),
  null, 'anon and authenticated have no privilege on any code, secret or mail table');

select is(
  (select array_agg(t order by t) from unnest(array[
     'private.auth_hash_keys', 'private.auth_rate_events', 'private.auth_mail_outbox',
     'private.auth_password_resets', 'private.auth_login_proofs']) t
   where has_table_privilege('service_role', t, 'select, insert, update, delete, truncate')),
  null, 'the service role reaches the new tables only through functions');

select ok(not has_column_privilege('service_role', 'private.auth_totp_factors', 'secret', 'select'),
  'the service role cannot read the encrypted TOTP secret column');

select is(
  (select array_agg(c.relname::text order by c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where n.nspname = 'private' and c.relkind = 'r' and not c.relrowsecurity
     and c.relname like 'auth\_%'),
  null, 'row level security is on for every auth table and the code and factor tables (no policy: deny all)');

-- The code and factor tables were created by ADLY as adly_otp_tokens and adly_user_2fa and renamed
-- (20261206000200): the old names are gone, no function body still names them (a body naming a
-- missing table fails only when it runs), and the renamed tables kept RLS and their grants.
select is(
  (select array_agg(t order by t) from unnest(array['private.adly_otp_tokens', 'private.adly_user_2fa']) t
   where to_regclass(t) is not null),
  null, 'the code and factor tables no longer carry ADLY names');
select is(
  (select array_agg(p.oid::regprocedure::text order by 1) from pg_proc p
   where p.prosrc ~ 'adly_otp_tokens|adly_user_2fa'),
  null, 'no function body names the old table names');

-- The TOTP secret's functions and the key that encrypts it were ADLY's and renamed (20261206000400):
-- the secret setter is private.auth_totp_set_secret, the ADLY reader is gone, and the key table,
-- its helpers and its rotation are named for the secrets of every product. No old name is left,
-- and no function body names one.
select is(
  (select array_agg(f order by f) from unnest(array['adly.set_user_2fa_secret(uuid,text)',
     'adly.get_user_2fa_secret(uuid)', 'adly.rotate_encryption_key()', 'private.adly_encrypt(text)',
     'private.adly_decrypt(bigint,bytea)', 'private.adly_check_secret(text,text,boolean)']) f
   where to_regprocedure(f) is not null),
  null, 'the TOTP secret and encryption functions no longer carry ADLY names');
select is(to_regclass('private.adly_encryption_keys'), null, 'the key table no longer carries an ADLY name');
select is(
  (select array_agg(p.oid::regprocedure::text order by 1) from pg_proc p
   where p.prosrc ~ '(set|get)_user_2fa_secret|adly_encryption_keys|adly_(en|de)crypt|adly_check_secret'
      or p.prosrc ~ '\mrotate_encryption_key\M'),
  null, 'no function body names the old TOTP secret, key table or encryption function names');

select is(
  (select array_agg(c.relname::text order by c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where n.nspname = 'private' and c.relname in ('auth_email_codes', 'auth_totp_factors') and c.relrowsecurity
     and not has_any_column_privilege('anon', c.oid, 'select, insert, update, references')
     and not has_any_column_privilege('authenticated', c.oid, 'select, insert, update, references')),
  array['auth_email_codes', 'auth_totp_factors'],
  'the code and factor tables have RLS on and no table or column grant to anon or authenticated');

select is(
  (select array_agg(p.oid::regprocedure::text order by 1) from pg_proc p join pg_namespace n on n.oid = p.pronamespace
   where n.nspname = 'private' and p.proname like 'auth\_%'
     and (has_function_privilege('anon', p.oid, 'execute')
     or has_function_privilege('authenticated', p.oid, 'execute'))),
  null, 'no auth function is executable by anon or authenticated');

select is(
  (select array_agg(p.oid::regprocedure::text order by 1) from pg_proc p join pg_namespace n on n.oid = p.pronamespace
   where n.nspname = 'private' and p.proname like 'auth\_%' and p.prosecdef
     and not coalesce(p.proconfig, '{}') @> array['search_path=""']),
  null, 'every auth SECURITY DEFINER function has an empty search_path');

select is(
  (select array_agg(p.proname::text order by 1) from pg_proc p join pg_namespace n on n.oid = p.pronamespace
   where n.nspname = 'private' and p.proname in (
     'auth_otp_request', 'auth_otp_verify', 'auth_password_reset_issue', 'auth_password_reset_consume',
     'auth_login_proof_consume', 'auth_record_mail', 'auth_local_set_password', 'auth_local_confirm_email',
     'auth_find_user_email', 'auth_totp_enroll', 'auth_totp_state', 'auth_totp_accept_step',
     'auth_totp_record_failure', 'auth_totp_use_backup_code', 'auth_totp_replace_backup_codes',
     'auth_totp_remove', 'auth_totp_status', 'auth_purge')
     and not has_function_privilege('service_role', p.oid, 'execute')),
  null, 'the service role can execute every function the edge functions call');

select is(
  (select array_agg(p.proname::text order by 1) from pg_proc p join pg_namespace n on n.oid = p.pronamespace
   where n.nspname = 'private' and p.proname in ('auth_hmac', 'auth_find_user', 'auth_require_factor',
     'auth_rate_lock', 'auth_rate_retry_after', 'auth_backup_code_hash', 'auth_constant_time_equals',
     'auth_totp_set_secret', 'encrypt_secret', 'decrypt_secret', 'check_secret')
     and has_function_privilege('service_role', p.oid, 'execute')),
  null, 'internal helpers (the pepper, the TOTP secret setter, the encryption) are executable by no API role');

select tests.create_user('auth-priv@example.com');
select tests.authenticate_as('auth-priv@example.com');
select throws_ok($$select * from private.auth_email_codes$$, '42501', 'permission denied for table auth_email_codes',
  'authenticated cannot read code hashes');
select throws_ok($$select private.auth_totp_state(auth.uid())$$, '42501',
  'permission denied for function auth_totp_state',
  'authenticated cannot read its own TOTP secret through the state function');
select tests.authenticate_as_anon();
select throws_ok($$select * from private.auth_mail_outbox$$, '42501', 'permission denied for table auth_mail_outbox',
  'anon cannot read the mail record');
select throws_ok($$select private.auth_local_set_password(tests.seed_id('user:alice'), 'password1234')$$,
  '42501', 'permission denied for function auth_local_set_password', 'anon cannot set a password');

-- the service role reads the code hashes and the second-factor rows, all but the secret column
select tests.authenticate_as_service_role();
select lives_ok($$select id, token_hash from private.auth_email_codes$$, 'service_role reads OTP code hashes');
select lives_ok($$select id, user_id, is_enabled from private.auth_totp_factors$$,
  'service_role reads the non-secret second-factor columns');

select * from finish();
rollback;
