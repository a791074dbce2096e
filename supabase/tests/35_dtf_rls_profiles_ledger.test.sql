-- DTF Editor RLS: profiles, credit_transactions, subscription_history. Users read their own rows
-- and change only harmless profile fields; admins read everything; nobody writes the ledger.
begin;
select plan(30);

select tests.create_user('rls-owner@example.com', '{"product": "dtf"}');
select tests.create_user('rls-other@example.com', '{"product": "dtf"}');
select tests.create_user('rls-admin@example.com', '{"product": "dtf"}');
update dtf.profiles set is_admin = true where id = tests.get_user_id('rls-admin@example.com');
insert into dtf.subscription_history (user_id, status, started_at)
values (tests.get_user_id('rls-owner@example.com'), 'active', now()),
       (tests.get_user_id('rls-other@example.com'), 'active', now());

-- ---------------------------------------------------------------------------------------------
-- anon
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select throws_ok($$select * from dtf.profiles$$, '42501', 'permission denied for table profiles',
  'anon cannot read profiles');
select throws_ok($$select * from dtf.credit_transactions$$, '42501',
  'permission denied for table credit_transactions', 'anon cannot read the ledger');
select throws_ok($$select * from dtf.subscription_history$$, '42501',
  'permission denied for table subscription_history', 'anon cannot read subscription history');
select tests.clear_authentication();

-- ---------------------------------------------------------------------------------------------
-- owner
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('rls-owner@example.com');
select results_eq($$select id from dtf.profiles$$, $$select tests.get_user_id('rls-owner@example.com')$$,
  'a user sees only his own profile');
select results_eq($$select distinct user_id from dtf.credit_transactions$$,
  $$select tests.get_user_id('rls-owner@example.com')$$, 'a user sees only his own transactions');
select results_eq($$select user_id from dtf.subscription_history$$,
  $$select tests.get_user_id('rls-owner@example.com')$$, 'a user sees only his own subscription history');

update dtf.profiles set first_name = 'Olga', last_name = 'Owner', company = 'O Ltd', phone = '+1 555 0100',
  avatar_url = 'https://example.com/o.png' where id = tests.get_user_id('rls-owner@example.com');
select tests.clear_authentication();
select results_eq(
  $$select first_name, company, phone from dtf.profiles where id = tests.get_user_id('rls-owner@example.com')$$,
  $$values ('Olga'::text, 'O Ltd'::text, '+1 555 0100'::text)$$, 'a user updates his names, company and phone');
select tests.authenticate_as('rls-owner@example.com');

select throws_ok(
  $$update dtf.profiles set credits_remaining = 1000000 where id = tests.get_user_id('rls-owner@example.com')$$,
  '42501', 'permission denied for table profiles', 'a user cannot set his credits');
select throws_ok(
  $$update dtf.profiles set total_credits_purchased = 1000 where id = tests.get_user_id('rls-owner@example.com')$$,
  '42501', 'permission denied for table profiles', 'a user cannot change his totals');
select throws_ok(
  $$update dtf.profiles set is_admin = true where id = tests.get_user_id('rls-owner@example.com')$$,
  '42501', 'permission denied for table profiles', 'a user cannot make himself admin');
select throws_ok(
  $$update dtf.profiles set subscription_status = 'active', subscription_plan = 'starter'
     where id = tests.get_user_id('rls-owner@example.com')$$,
  '42501', 'permission denied for table profiles', 'a user cannot give himself a subscription');
select throws_ok(
  $$update dtf.profiles set stripe_customer_id = 'cus_someone' where id = tests.get_user_id('rls-owner@example.com')$$,
  '42501', 'permission denied for table profiles', 'a user cannot change his Stripe ids');
select throws_ok(
  $$update dtf.profiles set is_active = true where id = tests.get_user_id('rls-owner@example.com')$$,
  '42501', 'permission denied for table profiles', 'a user cannot reactivate himself');
select throws_ok(
  $$update dtf.profiles set email = 'x@example.com' where id = tests.get_user_id('rls-owner@example.com')$$,
  '42501', 'permission denied for table profiles', 'a user cannot change the e-mail outside auth');
select throws_ok(
  $$insert into dtf.profiles (id, email) values (extensions.gen_random_uuid(), 'forged@example.com')$$,
  '42501', 'permission denied for table profiles', 'a user cannot insert profiles');
select throws_ok(
  $$delete from dtf.profiles where id = tests.get_user_id('rls-owner@example.com')$$,
  '42501', 'permission denied for table profiles', 'a user cannot delete profiles');

-- another user's profile is filtered out of updates
update dtf.profiles set first_name = 'Hacked' where id = tests.get_user_id('rls-other@example.com');
select tests.clear_authentication();
select is((select first_name from dtf.profiles where id = tests.get_user_id('rls-other@example.com')), null,
  'a user cannot update another user''s profile (0 rows)');
select tests.authenticate_as('rls-owner@example.com');

select throws_ok(
  $$insert into dtf.credit_transactions (user_id, transaction_type, amount, balance_before, balance_after)
    values (tests.get_user_id('rls-owner@example.com'), 'bonus', 1000, 2, 1002)$$,
  '42501', 'permission denied for table credit_transactions', 'a user cannot forge a ledger row');
select throws_ok(
  $$update dtf.credit_transactions set amount = 1000$$,
  '42501', 'permission denied for table credit_transactions', 'a user cannot alter ledger rows');
select throws_ok(
  $$delete from dtf.credit_transactions$$,
  '42501', 'permission denied for table credit_transactions', 'a user cannot delete ledger rows');
select throws_ok(
  $$insert into dtf.subscription_history (user_id, status, started_at)
    values (tests.get_user_id('rls-owner@example.com'), 'active', now())$$,
  '42501', 'permission denied for table subscription_history', 'a user cannot write subscription history');
select tests.clear_authentication();

-- ---------------------------------------------------------------------------------------------
-- admin
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('rls-admin@example.com');
select ok((select count(*) from dtf.profiles where id in (tests.get_user_id('rls-owner@example.com'),
  tests.get_user_id('rls-other@example.com'))) = 2, 'an admin sees every profile');
select ok((select count(distinct user_id) from dtf.credit_transactions) >= 3, 'an admin sees every transaction');
select ok((select count(*) from dtf.subscription_history) >= 2, 'an admin sees every subscription history');
update dtf.profiles set first_name = 'ByAdmin' where id = tests.get_user_id('rls-other@example.com');
select throws_ok(
  $$update dtf.profiles set is_admin = true where id = tests.get_user_id('rls-other@example.com')$$,
  '42501', 'permission denied for table profiles', 'an admin cannot flip admin flags through the API');
select tests.clear_authentication();
select is((select first_name from dtf.profiles where id = tests.get_user_id('rls-other@example.com')), null,
  'an admin cannot edit another user''s profile (0 rows)');

-- a deactivated admin is no admin
update dtf.profiles set is_active = false where id = tests.get_user_id('rls-admin@example.com');
select tests.authenticate_as('rls-admin@example.com');
select is((select count(*)::int from dtf.profiles), 1, 'a deactivated admin sees only his own profile');
select tests.clear_authentication();

-- ---------------------------------------------------------------------------------------------
-- service role
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as_service_role();
select ok((select count(*) from dtf.profiles) >= 3, 'the service role reads every profile');
select throws_ok(
  $$update dtf.profiles set credits_remaining = 99 where id = tests.get_user_id('rls-owner@example.com')$$,
  '42501', 'permission denied for table profiles', 'even the service role cannot bypass the ledger');
select throws_ok(
  $$insert into dtf.credit_transactions (user_id, transaction_type, amount, balance_before, balance_after)
    values (tests.get_user_id('rls-owner@example.com'), 'bonus', 1000, 2, 1002)$$,
  '42501', 'permission denied for table credit_transactions', 'the service role cannot write ledger rows directly');
select tests.clear_authentication();

select * from finish();
rollback;
