-- DTF Editor: the corrected add/deduct functions and credit expiry. Every change is one ledger row
-- with a consistent chain; refusals change nothing; clients cannot call any of them.
begin;
select plan(33);

select tests.create_user('cred-user@example.com', '{"product": "dtf"}');
select tests.create_user('cred-other@example.com', '{"product": "dtf"}');

-- ---------------------------------------------------------------------------------------------
-- who may call
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('cred-user@example.com');
select throws_ok(
  $$select dtf.add_user_credits(tests.get_user_id('cred-user@example.com'), 1000, 'purchase')$$,
  '42501', 'permission denied for function add_user_credits', 'a user cannot credit himself');
select throws_ok(
  $$select dtf.deduct_user_credits(tests.get_user_id('cred-other@example.com'), 1)$$,
  '42501', 'permission denied for function deduct_user_credits', 'a user cannot debit anyone');
select throws_ok($$select dtf.expire_credits()$$,
  '42501', 'permission denied for function expire_credits', 'a user cannot run the expiry job');
select tests.clear_authentication();

select tests.authenticate_as_anon();
select throws_ok(
  $$select dtf.add_user_credits(tests.get_user_id('cred-user@example.com'), 1000, 'purchase')$$,
  '42501', 'permission denied for function add_user_credits', 'anon cannot credit anyone');
select tests.clear_authentication();

select is(
  (select credits_remaining from dtf.profiles where id = tests.get_user_id('cred-user@example.com')),
  2, 'the refused calls changed nothing');

-- ---------------------------------------------------------------------------------------------
-- add
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as_service_role();
select is(dtf.add_user_credits(tests.get_user_id('cred-user@example.com'), 10, 'bonus', 'goodwill'), 12,
  'add_user_credits returns the new balance');
select is(dtf.add_user_credits(tests.get_user_id('cred-user@example.com'), 5, 'purchase'), 17,
  'a purchase adds credits');
select throws_ok(
  $$select dtf.add_user_credits(tests.get_user_id('cred-user@example.com'), 0, 'bonus')$$,
  '22023', 'credit amount must be positive', 'adding zero credits is refused');
select throws_ok(
  $$select dtf.add_user_credits(tests.get_user_id('cred-user@example.com'), -5, 'bonus')$$,
  '22023', 'credit amount must be positive', 'adding a negative amount is refused');
select throws_ok(
  $$select dtf.add_user_credits(tests.get_user_id('cred-user@example.com'), 5, 'usage')$$,
  '22023', 'add_user_credits: transaction type must be purchase, bonus or refund, not usage',
  'add_user_credits refuses a debit type');
select throws_ok(
  $$select dtf.add_user_credits('00000000-0000-4000-8000-00000000dead', 5, 'bonus')$$,
  'DT002', 'unknown user: 00000000-0000-4000-8000-00000000dead has no DTF Editor profile',
  'adding credits to an unknown user is refused');

-- ---------------------------------------------------------------------------------------------
-- deduct
-- ---------------------------------------------------------------------------------------------
select is(dtf.deduct_user_credits(tests.get_user_id('cred-user@example.com'), 7, 'usage', 'test run'), 10,
  'deduct_user_credits returns the new balance');
select throws_ok(
  $$select dtf.deduct_user_credits(tests.get_user_id('cred-user@example.com'), 11)$$,
  'DT001', 'insufficient credits: 11 required, 10 available', 'deducting more than the balance is refused');
select throws_ok(
  $$select dtf.deduct_user_credits(tests.get_user_id('cred-user@example.com'), 0)$$,
  '22023', 'credit amount must be positive', 'deducting zero is refused');
select throws_ok(
  $$select dtf.deduct_user_credits(tests.get_user_id('cred-user@example.com'), -3)$$,
  '22023', 'credit amount must be positive', 'deducting a negative amount (a disguised credit) is refused');
select throws_ok(
  $$select dtf.deduct_user_credits(tests.get_user_id('cred-user@example.com'), 1, 'refund')$$,
  '22023', 'deduct_user_credits: transaction type must be usage, not refund', 'deduct refuses other types');
select throws_ok(
  $$select dtf.deduct_user_credits('00000000-0000-4000-8000-00000000dead', 1)$$,
  'DT002', 'unknown user: 00000000-0000-4000-8000-00000000dead has no DTF Editor profile',
  'deducting from an unknown user is refused');
select is(dtf.deduct_user_credits(tests.get_user_id('cred-user@example.com'), 10), 0,
  'the whole balance can be spent');
select tests.clear_authentication();

select results_eq(
  $$select credits_remaining, total_credits_purchased, total_credits_used
      from dtf.profiles where id = tests.get_user_id('cred-user@example.com')$$,
  $$values (0, 5, 17)$$,
  'balance and totals follow the successful changes only');

select results_eq(
  $$select transaction_type, amount, balance_before, balance_after
      from dtf.credit_transactions where user_id = tests.get_user_id('cred-user@example.com') order by entry_no$$,
  $$values ('bonus'::text, 2, 0, 2), ('bonus', 10, 2, 12), ('purchase', 5, 12, 17),
           ('usage', -7, 17, 10), ('usage', -10, 10, 0)$$,
  'each change wrote exactly one ledger row and refusals wrote none');

select is(
  (select count(*)::int from (
     select balance_before, lag(balance_after) over (order by entry_no) as prev
       from dtf.credit_transactions where user_id = tests.get_user_id('cred-user@example.com')) c
    where prev is not null and prev <> balance_before),
  0, 'the balance_before/balance_after chain is unbroken');

-- ---------------------------------------------------------------------------------------------
-- expiry
-- ---------------------------------------------------------------------------------------------
-- cred-other: 2 welcome credits (never expire), a 10-credit lot expiring in 1 day, a 5-credit lot
-- expiring in 3 days; then he uses 4 credits, taken from the soonest lot first.
select private.dtf_post_credit_change(tests.get_user_id('cred-other@example.com'), 'purchase', 10,
  p_expires_at => now() + interval '1 day', p_stripe_payment_intent_id => 'pi_cred_lot_a');
select private.dtf_post_credit_change(tests.get_user_id('cred-other@example.com'), 'purchase', 5,
  p_expires_at => now() + interval '3 days', p_stripe_payment_intent_id => 'pi_cred_lot_b');
select tests.authenticate_as_service_role();
select dtf.deduct_user_credits(tests.get_user_id('cred-other@example.com'), 4);

select is(dtf.expire_credits(now()), 0, 'nothing expires before its time');
select is(dtf.expire_credits(now() + interval '2 days'), 6,
  'the first lot expires with its 6 unused credits');
select is(dtf.expire_credits(now() + interval '2 days'), 0, 'running the expiry again expires nothing');
select tests.clear_authentication();

select is(
  (select credits_remaining from dtf.profiles where id = tests.get_user_id('cred-other@example.com')),
  7, 'the balance lost exactly the expired credits (17 - 4 - 6)');
select results_eq(
  $$select amount, balance_before, balance_after from dtf.credit_transactions
     where user_id = tests.get_user_id('cred-other@example.com') and transaction_type = 'expiration'$$,
  $$values (-6, 13, 7)$$,
  'one expiration ledger row records it');

-- the second lot is partly used before it expires
select tests.authenticate_as_service_role();
select dtf.deduct_user_credits(tests.get_user_id('cred-other@example.com'), 3);
select is(dtf.expire_credits(now() + interval '4 days'), 2, 'the second lot expires with its 2 unused credits');
select is(dtf.expire_credits(now() + interval '5 days'), 0, 'a double expiry run expires nothing');
select tests.clear_authentication();

select is(
  (select credits_remaining from dtf.profiles where id = tests.get_user_id('cred-other@example.com')),
  2, 'only the non-expiring welcome credits remain');
select is(
  (select count(*)::int from dtf.credit_transactions
    where user_id = tests.get_user_id('cred-other@example.com') and transaction_type = 'expiration'),
  2, 'each lot expired exactly once');
select is(
  (select count(*)::int from dtf.credit_transactions
    where user_id = tests.get_user_id('cred-other@example.com') and lot_remaining > 0),
  0, 'no open lot is left');
select is(
  (select count(*)::int from (
     select balance_before, lag(balance_after) over (order by entry_no) as prev
       from dtf.credit_transactions where user_id = tests.get_user_id('cred-other@example.com')) c
    where prev is not null and prev <> balance_before),
  0, 'the chain is unbroken through expiries');

select tests.authenticate_as_service_role();
select throws_ok($$select dtf.expire_credits(null)$$, '22023', 'expire_credits: p_as_of is required',
  'the expiry job needs a point in time');
select tests.clear_authentication();

select * from finish();
rollback;
