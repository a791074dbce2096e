-- DTF Editor: structure. Every table of the seed exists with RLS on, the ledger's constraints hold
-- by themselves, updated_at is maintained, and the analytics views are security_invoker.
begin;
select plan(21);

select tables_are('dtf', array[
  'profiles', 'subscription_plans', 'pay_as_you_go_packages', 'operation_credit_prices',
  'credit_transactions', 'subscription_history', 'images', 'image_operations', 'image_collections',
  'image_collection_items', 'api_costs', 'api_usage_logs', 'admin_logs', 'system_metrics',
  'user_activity_logs', 'email_templates', 'email_campaigns', 'email_logs'
], 'dtf has exactly the seed''s tables plus operation_credit_prices');

select views_are('dtf', array['user_analytics', 'revenue_analytics', 'api_cost_report'],
  'dtf has the analytics views');

select is(
  (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'dtf' and c.relkind = 'r' and not c.relrowsecurity),
  0, 'every dtf table has row level security enabled');

select is(
  (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'dtf' and c.relkind = 'v'
      and coalesce(c.reloptions, '{}') @> array['security_invoker=true']),
  3, 'every dtf view is security_invoker');

select fk_ok('dtf', 'profiles', 'id', 'auth', 'users', 'id', 'profiles are keyed by auth.users.id');

select is(
  (select confdeltype from pg_constraint where conname = 'profiles_id_fkey'
      and conrelid = 'dtf.profiles'::regclass),
  'c', 'deleting an auth user deletes his profile');

select has_trigger('dtf', 'profiles', 'set_updated_at', 'profiles maintain updated_at');
select has_trigger('dtf', 'images', 'set_updated_at', 'images maintain updated_at');
select has_trigger('dtf', 'subscription_plans', 'set_updated_at', 'plans maintain updated_at');
select has_trigger('dtf', 'pay_as_you_go_packages', 'set_updated_at', 'packages maintain updated_at');
select has_trigger('dtf', 'email_templates', 'set_updated_at', 'email templates maintain updated_at');
select has_trigger('auth', 'users', 'on_auth_user_created_dtf', 'sign-ups create dtf profiles');

-- constraints of the ledger, checked as the table owner (no function involved)
select tests.create_user('schema-ledger@example.com', '{"product": "dtf"}');

select throws_ok(
  $$insert into dtf.credit_transactions (user_id, transaction_type, amount, balance_before, balance_after)
    values (tests.get_user_id('schema-ledger@example.com'), 'usage', 5, 10, 15)$$,
  '23514', null, 'a usage row with a positive amount violates the sign check');

select throws_ok(
  $$insert into dtf.credit_transactions (user_id, transaction_type, amount, balance_before, balance_after)
    values (tests.get_user_id('schema-ledger@example.com'), 'purchase', 5, 10, 16)$$,
  '23514', null, 'a row whose balance_after is not balance_before + amount is refused');

select throws_ok(
  $$insert into dtf.credit_transactions (user_id, transaction_type, amount, balance_before, balance_after)
    values (tests.get_user_id('schema-ledger@example.com'), 'usage', -5, 3, -2)$$,
  '23514', null, 'a ledger balance can never be negative');

select throws_ok(
  $$update dtf.profiles set credits_remaining = -1 where id = tests.get_user_id('schema-ledger@example.com')$$,
  '23514', null, 'a profile balance can never be negative');

select throws_ok(
  $$update dtf.profiles set subscription_status = 'basic' where id = tests.get_user_id('schema-ledger@example.com')$$,
  '23514', null, 'subscription_status holds a status, not a plan name');

insert into dtf.credit_transactions (user_id, transaction_type, amount, balance_before, balance_after,
  stripe_invoice_id)
values (tests.get_user_id('schema-ledger@example.com'), 'purchase', 5, 0, 5, 'in_schema_dup');
select throws_ok(
  $$insert into dtf.credit_transactions (user_id, transaction_type, amount, balance_before, balance_after,
    stripe_invoice_id)
    values (tests.get_user_id('schema-ledger@example.com'), 'purchase', 5, 5, 10, 'in_schema_dup')$$,
  '23505', null, 'an invoice can be credited only once');

select throws_ok(
  $$insert into dtf.image_collection_items (collection_id, image_id)
    values (extensions.gen_random_uuid(), extensions.gen_random_uuid())$$,
  '23503', null, 'collection items reference existing collections and images');

-- updated_at
update dtf.profiles set updated_at = now() - interval '1 day'
 where id = tests.get_user_id('schema-ledger@example.com');
update dtf.profiles set company = 'Acme' where id = tests.get_user_id('schema-ledger@example.com');
select is(
  (select updated_at from dtf.profiles where id = tests.get_user_id('schema-ledger@example.com')),
  now(), 'an update stamps updated_at with the transaction time');

select col_is_unique('dtf', 'profiles', 'email', 'profile e-mails are unique');

select * from finish();
rollback;
