-- Schema and identity: every table of the seed exists (OTP and 2FA in private), timestamptz
-- throughout, updated_at maintained, seed keys and indexes present; ADLY profiles are created on
-- sign-up or by enroll_current_user, keyed by auth.users.id, with columns users cannot change.
begin;
select plan(35);

\ir fixtures/adly_tenants.psql

select tables_are('adly', array[
  'users', 'workspaces', 'workspace_members', 'audit_logs', 'store_connections', 'products', 'orders',
  'order_items', 'ad_accounts', 'campaigns', 'ad_sets', 'ads', 'content_assets', 'content_templates',
  'generation_jobs', 'campaign_metrics', 'attribution_events', 'subscription_plans',
  'workspace_subscriptions', 'invoices', 'workspace_invitations'
], 'adly has every seed table except the OTP and 2FA ones, and the invitations');
select has_table('private', 'auth_email_codes', 'email one-time codes live in private');
select has_table('private', 'auth_totp_factors', 'TOTP factors live in private');
select is(
  (select array_agg(table_schema || '.' || table_name || '.' || column_name order by 1)
   from information_schema.columns
   where (table_schema = 'adly' or (table_schema = 'private' and table_name like 'adly\_%'))
     and data_type = 'timestamp without time zone'),
  null, 'every timestamp is timestamptz');
select is(
  (select array_agg(c.table_name::text order by 1)
   from information_schema.columns c
   where c.table_schema = 'adly' and c.column_name = 'updated_at'
     and not exists (
       select 1 from pg_trigger t
       where t.tgrelid = format('adly.%I', c.table_name)::regclass
         and t.tgfoid = 'private.set_updated_at()'::regprocedure and not t.tgisinternal)),
  null, 'every table with updated_at has the set_updated_at trigger');
select is(
  (select array_agg(format('%s.%s', conrelid::regclass, a.attname) order by 1)
   from pg_constraint k
   join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
   where k.contype = 'f' and k.connamespace = 'adly'::regnamespace
     and not exists (
       select 1 from pg_index i where i.indrelid = k.conrelid and i.indkey[0] = k.conkey[1])),
  null, 'every foreign key of adly has an index leading with its first column');
select is(
  (select am.amname::text from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam
   where c.relname = 'orders_attribution_data_idx'),
  'gin', 'orders.attribution_data has a GIN index');
select col_is_unique('adly', 'workspaces', 'slug', 'workspace slugs are unique');
select col_is_unique('adly', 'workspace_members', array['workspace_id', 'user_id'],
  'one membership per user and workspace');
select col_is_unique('adly', 'products', array['store_connection_id', 'external_id'],
  'products are unique per store and external id');
select col_is_unique('adly', 'orders', array['store_connection_id', 'external_id'],
  'orders are unique per store and external id');
select col_is_unique('adly', 'ad_accounts', array['workspace_id', 'platform', 'account_id'],
  'ad accounts are unique per workspace, platform and id');
select col_is_unique('adly', 'campaign_metrics', array['campaign_id', 'date'], 'one metrics row per campaign and day');
select col_is_unique('adly', 'subscription_plans', 'stripe_price_id', 'one plan per Stripe price');
select col_is_unique('adly', 'workspace_subscriptions', 'stripe_subscription_id', 'one row per Stripe subscription');
select col_is_unique('adly', 'invoices', 'stripe_invoice_id', 'one row per Stripe invoice');
select fk_ok('adly', 'users', 'id', 'auth', 'users', 'id', 'adly.users is keyed by auth.users.id');
select throws_ok($$insert into adly.campaigns (workspace_id, ad_account_id, name, objective)
  values (tests.seed_id('adly.workspace:one'), tests.seed_id('adly.ad_account:two'), 'Cross', 'sales')$$,
  '23503', null, 'a campaign cannot use another workspace''s ad account');
select throws_ok($$insert into adly.content_templates (workspace_id, name, type, template_data, is_public)
  values (tests.seed_id('adly.workspace:one'), 'Leak', 'text', '{}', true)$$,
  '23514', null, 'a workspace template cannot be public');
select throws_ok($$insert into adly.campaigns (workspace_id, name, objective, start_date, end_date)
  values (tests.seed_id('adly.workspace:one'), 'Back', 'sales', '2026-02-01', '2026-01-01')$$,
  '23514', null, 'a campaign cannot end before it starts');

-- identity -------------------------------------------------------------------------------------
select is((select count(*) from adly.users where id = tests.seed_id('user:adly-owner') and email = 'owner@adly.test'),
  1::bigint,
  'signing up with product adly creates the ADLY profile');
select tests.create_user('elsewhere@adly.test', '{"product": "dtf"}');
select is((select count(*) from adly.users where email = 'elsewhere@adly.test'), 0::bigint,
  'signing up for another product creates no ADLY profile');
select tests.create_user('named@adly.test', '{"product": "adly", "first_name": "Nora", "last_name": "Nasser"}');
select is((select row(first_name, last_name)::text from adly.users where email = 'named@adly.test'), '(Nora,Nasser)',
  'names from the sign-up form are copied');

select tests.authenticate_as('elsewhere@adly.test');
select is((select email from adly.enroll_current_user()), 'elsewhere@adly.test',
  'enroll_current_user creates the profile');
select is((select count(*) from adly.users where id = tests.get_user_id('elsewhere@adly.test')), 1::bigint,
  'the enrolled user reads his profile');
select lives_ok($$select adly.enroll_current_user()$$, 'enroll_current_user is idempotent');
select throws_ok($$update adly.users set is_active = false where id = tests.get_user_id('elsewhere@adly.test')$$,
  '42501', 'permission denied for table users', 'a user cannot change is_active');
select throws_ok($$update adly.users set email = 'spoof@adly.test'
  where id = tests.get_user_id('elsewhere@adly.test')$$,
  '42501', 'permission denied for table users', 'a user cannot change the email of his profile');
select lives_ok($$update adly.users set first_name = 'Elle' where id = tests.get_user_id('elsewhere@adly.test')$$,
  'a user can change his name');
select is((select count(*) from adly.users where id = tests.seed_id('user:adly-owner')), 0::bigint,
  'a user sees no profile of a stranger');
select tests.clear_authentication();
select is((select first_name from adly.users where email = 'elsewhere@adly.test'), 'Elle', 'the name change is stored');

select tests.authenticate_as_anon();
select throws_ok($$select adly.enroll_current_user()$$, '42501', 'permission denied for function enroll_current_user',
  'anon cannot enroll');
select tests.clear_authentication();

update auth.users set email = 'owner.new@adly.test' where id = tests.seed_id('user:adly-owner');
select is((select email from adly.users where id = tests.seed_id('user:adly-owner')), 'owner.new@adly.test',
  'an auth email change reaches the profile');
select lives_ok($$delete from auth.users where id = tests.seed_id('user:adly-member')$$, 'an auth user can be deleted');
select is((select count(*) from adly.users where id = tests.seed_id('user:adly-member')), 0::bigint,
  'deleting the auth user deletes his ADLY profile');

select * from finish();
rollback;
