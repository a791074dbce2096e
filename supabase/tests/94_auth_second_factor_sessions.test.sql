-- The second factor bound to the Auth session (20261201000500) and required by ADLY
-- (20261201000510 policies, the RPC guards): a user who has a second factor reaches no ADLY row
-- and no ADLY RPC from a session that has not passed it, and all he reached before from one that
-- has, until the session ends, the factor is disabled or replaced, or the password is reset.
-- Users without a second factor see no change. The cases that need a live Auth session run only
-- where the local platform's stand-in for Auth's sign-in exists (supabase_local.auth_sign_in).
begin;
select plan(37);

-- The ADLY tables in which the current caller reaches at least one row.
create function pg_temp.reached_tables()
returns text[]
language plpgsql
as $$
declare
  relation text;
  reached boolean;
  tables text[] := '{}';
begin
  for relation in
    select format('%I.%I', n.nspname, c.relname)
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'adly' and c.relkind in ('r', 'p', 'v', 'm')
    order by c.relname
  loop
    execute format('select exists (select 1 from %s)', relation) into reached;
    if reached then tables := tables || relation; end if;
  end loop;
  return tables;
end;
$$;

-- The ADLY RPCs (and the invitation functions the adly-invitations function calls as the caller)
-- that refuse the caller's session for want of the second factor.
create function pg_temp.refusing_rpcs()
returns text[]
language plpgsql
as $$
declare
  call text;
  refused text[] := '{}';
begin
  foreach call in array array[
    'select adly.enroll_current_user()',
    'select adly.create_workspace(''Second factor'', ''second-factor-probe'')',
    'select adly.create_store_connection(extensions.gen_random_uuid(), ''shopify'', ''s'', ''https://s.example.com'', '
      '''token'')',
    'select adly.set_store_connection_secrets(extensions.gen_random_uuid(), ''token'')',
    'select adly.create_ad_account(extensions.gen_random_uuid(), ''meta'', ''act_1'', ''a'', ''token'')',
    'select adly.set_ad_account_tokens(extensions.gen_random_uuid(), ''token'')',
    'select * from adly.my_workspace_invitations()',
    'select * from private.adly_invite_workspace_member(extensions.gen_random_uuid(), ''sam@example.com'', '
      '''member'', repeat(''t'', 43))',
    'select private.adly_accept_workspace_invitation(extensions.gen_random_uuid(), repeat(''t'', 43))',
    'select private.adly_decline_workspace_invitation(extensions.gen_random_uuid(), repeat(''t'', 43))'
  ] loop
    begin
      execute call;
      raise exception using errcode = 'UNDO0';
    exception
      when sqlstate 'UNDO0' then
        null; -- it ran: undone
      when insufficient_privilege then
        if sqlerrm = 'a verified second factor is required for this session' then
          refused := refused || call;
        end if;
      when others then
        null; -- refused for another reason, after the guard let the call through
    end;
  end loop;
  return refused;
end;
$$;

-- The plan of a query, as the current caller runs it.
create function pg_temp.explain_json(query text)
returns jsonb
language plpgsql
as $$
declare
  plan jsonb;
begin
  execute 'explain (verbose, costs off, format json) ' || query into plan;
  return plan;
end;
$$;

select tests.get_user_id('alice@example.com') as alice \gset
select to_regproc('supabase_local.auth_sign_in') is not null as local_auth \gset

-- ============================================================================================
-- structure
-- ============================================================================================

select is(
  (select array_agg(c.relname::text order by c.relname)
   from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where n.nspname = 'adly' and c.relkind in ('r', 'p')
     and has_table_privilege('authenticated', c.oid, 'select, insert, update, delete')
     and not exists (
       select 1 from pg_policy p
       where p.polrelid = c.oid and not p.polpermissive and p.polcmd = '*'
         and p.polroles = array['authenticated'::regrole::oid]
         and pg_get_expr(p.polqual, p.polrelid) =
         '( SELECT private.second_factor_satisfied() AS second_factor_satisfied)'
         and pg_get_expr(p.polwithcheck, p.polrelid) =
         '( SELECT private.second_factor_satisfied() AS second_factor_satisfied)')),
  null,
  'every ADLY table a signed-in user reaches has the restrictive policy that requires the second factor');

select is(
  (select array_agg(p.oid::regprocedure::text order by 1)
   from pg_proc p join pg_namespace n on n.oid = p.pronamespace
   where (n.nspname = 'adly' or p.proname like 'adly\_%\_workspace\_invitation'
   or p.proname = 'adly_invite_workspace_member')
     and p.prosecdef and has_function_privilege('authenticated', p.oid, 'execute')
     -- the first statement: after the body's first "begin" line (plpgsql), or the first one (sql)
     and not (ltrim(split_part(p.prosrc, E'\nbegin\n', 2), E' \t\n') like 'perform private.require\_second\_factor();%'
              or ltrim(p.prosrc, E' \t\n') like 'select private.require\_second\_factor();%')),
  null,
  'every ADLY SECURITY DEFINER function a signed-in user may call requires the second factor first');

select tests.authenticate_as('alice@example.com');
select ok(
  (select count(*) = 1 from jsonb_path_query(
     (select pg_temp.explain_json('select * from adly.campaigns')),
     'strict $.** ? (@."Parent Relationship" == "InitPlan")') n
   where n::text like '%second_factor_satisfied%'),
  'a query evaluates the requirement once, as an init plan, not per row');
select tests.clear_authentication();

select ok(
  (select p.provolatile = 's' and p.prosecdef from pg_proc p
    where p.oid = 'private.second_factor_satisfied()'::regprocedure),
  'private.second_factor_satisfied() is stable and reads the factors with its owner''s rights');
select ok(not has_function_privilege('anon', 'private.second_factor_satisfied()', 'execute'),
  'anon cannot call it');
select ok(not has_function_privilege('authenticated',
  'private.auth_record_second_factor_session(uuid, uuid, text, timestamptz)', 'execute'),
  'a signed-in user cannot record a session himself');

-- ============================================================================================
-- users without a second factor: no change
-- ============================================================================================

select tests.authenticate_as('alice@example.com');
select pg_temp.reached_tables()::text as alice_tables \gset
select ok(cardinality(pg_temp.reached_tables()) > 5, 'without a second factor alice reaches ADLY rows (her workspace)');
select is(pg_temp.refusing_rpcs(), '{}'::text[], 'and no RPC refuses her');
select ok(private.second_factor_satisfied(), 'the requirement is met by a user without a second factor');
select ok(not private.has_verified_second_factor(), 'though she has not verified one');

-- ============================================================================================
-- a second factor, a session that has not passed it
-- ============================================================================================

select tests.clear_authentication();
select tests.enable_second_factor('alice@example.com');

select tests.authenticate_as('alice@example.com', 'aal1', extensions.gen_random_uuid());
select is(pg_temp.reached_tables(), '{}'::text[], 'after a password sign-in alice reaches no ADLY row');
select is(cardinality(pg_temp.refusing_rpcs()), 10, 'and every ADLY RPC refuses her');
select throws_ok($$select adly.create_workspace('Second factor', 'second-factor-probe')$$, '42501',
  'a verified second factor is required for this session', 'with this message');
select throws_ok(
  $$insert into adly.content_assets (workspace_id, name, type, file_url)
    values (tests.seed_id('adly.workspace:acme'), 'probe', 'image', 'https://cdn.example.com/p.png')$$,
  '42501',
  'new row violates row-level security policy "users with a second factor need a verified session" for table ' ||
  '"content_assets"',
  'an insert into her own workspace is refused');
update adly.users set first_name = 'Changed' where id = :'alice';
select tests.authenticate_as('alice@example.com', 'aal1');
select is(pg_temp.reached_tables(), '{}'::text[], 'a token without session_id reaches nothing either');
select tests.clear_authentication();
select isnt((select first_name from adly.users where id = :'alice'), 'Changed', 'her update changed no row');

select tests.authenticate_as('bob@example.com');
select ok(cardinality(pg_temp.reached_tables()) > 5, 'bob, who has no second factor, still reaches his workspace');
select tests.clear_authentication();

-- ============================================================================================
-- Supabase Auth's own MFA: aal2 in a JWT Auth signed
-- ============================================================================================

select tests.authenticate_as('alice@example.com', 'aal2');
select is(pg_temp.reached_tables()::text, :'alice_tables', 'an aal2 session reaches what alice reached before');
select is(pg_temp.refusing_rpcs(), '{}'::text[], 'and the RPCs let it through');
select tests.clear_authentication();

-- ============================================================================================
-- recording a session (the mfa function, as service_role)
-- ============================================================================================

select tests.authenticate_as_service_role();
select throws_ok(format('select private.auth_record_second_factor_session(%L, null, ''totp'', now())', :'alice'),
  '22023', 'the token names no Auth session (session_id claim)', 'a session is required');
select throws_ok(
  format('select private.auth_record_second_factor_session(%L, extensions.gen_random_uuid(), ''totp'', now())',
  tests.get_user_id('bob@example.com')),
  '55000', 'two-factor authentication is not enabled', 'a user without a second factor has no session to record');
select lives_ok(
  format('select private.auth_record_second_factor_session(%L, %L, ''totp'', now())',
    :'alice', 'c0000000-0000-4000-8000-0000000000aa'),
  'a session of alice is recorded');
select tests.clear_authentication();
select tests.enable_second_factor('carol@example.com');
select tests.authenticate_as_service_role();
select throws_ok(
  format('select private.auth_record_second_factor_session(%L, %L, ''totp'', now())',
    tests.get_user_id('carol@example.com'), 'c0000000-0000-4000-8000-0000000000aa'),
  '22023', 'this session belongs to another user', 'the same session cannot be recorded for another user');
select tests.clear_authentication();

select tests.authenticate_as('alice@example.com', 'aal1', 'c0000000-0000-4000-8000-0000000000aa');
select is(pg_temp.reached_tables(), '{}'::text[], 'a recorded session that Auth does not keep reaches nothing');
select tests.clear_authentication();

-- ============================================================================================
-- live Auth sessions (local platform only)
-- ============================================================================================

\if :local_auth
select tests.sign_in('alice@example.com') as session \gset
select tests.authenticate_as('alice@example.com', 'aal1', :'session');
select is(pg_temp.reached_tables(), '{}'::text[], 'a signed-in session of alice reaches nothing before the challenge');
select tests.clear_authentication();

select tests.pass_second_factor(:'session');
select tests.authenticate_as('alice@example.com', 'aal1', :'session');
select is(pg_temp.reached_tables()::text, :'alice_tables',
  'after the challenge the same session reaches what alice reached before');
select is(pg_temp.refusing_rpcs(), '{}'::text[], 'and every RPC lets it through');
select ok(private.has_verified_second_factor(), 'the session has verified a second factor');
-- a refreshed token: new iat and exp, the same session_id
select set_config('request.jwt.claims', (current_setting('request.jwt.claims')::jsonb
  || jsonb_build_object('iat', extract(epoch from now())::bigint + 3000, 'exp',
  extract(epoch from now())::bigint + 6600))::text, true)
  as refreshed_claims \gset
select is(pg_temp.reached_tables()::text, :'alice_tables', 'a refreshed token of the session is admitted too');
select tests.clear_authentication();

select tests.sign_in('alice@example.com') as other_session \gset
select tests.authenticate_as('alice@example.com', 'aal1', :'other_session');
select is(pg_temp.reached_tables(), '{}'::text[],
  'her other session, which has not passed the factor, is still refused');
select tests.clear_authentication();

select supabase_local.auth_sign_out(:'session');
select tests.authenticate_as('alice@example.com', 'aal1', :'session');
select is(pg_temp.reached_tables(), '{}'::text[], 'after sign-out the session is refused');
select tests.clear_authentication();

-- disabling the factor ends every session's second factor: enabled again, no session has passed it
select tests.sign_in('alice@example.com') as session \gset
select tests.pass_second_factor(:'session');
select private.auth_totp_remove(:'alice');
select is((select count(*)::int from private.auth_second_factor_sessions where user_id = :'alice'), 0,
  'disabling 2FA deletes the recorded sessions');
select tests.enable_second_factor('alice@example.com');
select tests.authenticate_as('alice@example.com', 'aal1', :'session');
select is(pg_temp.reached_tables(), '{}'::text[], 'after disabling and enabling 2FA again the session is refused');
select tests.clear_authentication();

-- a new secret (enrolling again) does the same
select tests.pass_second_factor(:'session');
select private.auth_totp_set_secret(:'alice', 'ABCDEFGHABCDEFGHABCDEFGHABCDEFGH');
select is((select count(*)::int from private.auth_second_factor_sessions where user_id = :'alice'), 0,
  'a new secret deletes the recorded sessions');
select tests.enable_second_factor('alice@example.com');

-- a password reset through the otp function
select tests.pass_second_factor(:'session');
select private.auth_password_reset_issue(:'alice', repeat('r', 43), now()) as reset_expires_at \gset
select isnt(private.auth_password_reset_consume(repeat('r', 43), now()), null, 'a password reset');
select tests.authenticate_as('alice@example.com', 'aal1', :'session');
select is(pg_temp.reached_tables(), '{}'::text[], 'after a password reset the session is refused');
select tests.clear_authentication();

-- a deleted user takes his recorded sessions with him
select tests.create_user('second-factor-deleted@example.com');
select tests.enable_second_factor('second-factor-deleted@example.com');
select tests.pass_second_factor(tests.sign_in('second-factor-deleted@example.com'));
delete from auth.users where email = 'second-factor-deleted@example.com';
select is((select count(*)::int from private.auth_second_factor_sessions s where not exists (
  select 1 from auth.users u where u.id = s.user_id)), 0, 'deleting the user deletes his recorded sessions');
\else
select skip('needs supabase_local.auth_sign_in (the local platform) to create Auth sessions', 13);
\endif

select * from finish();
rollback;
