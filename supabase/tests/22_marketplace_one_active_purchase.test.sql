-- A buyer who paid twice for the same workflow (two checkout sessions both completed) keeps one
-- ACTIVE purchase: the second fulfilment is refused with MK004, so the webhook records it for a
-- refund, and nothing of it is applied.
begin;
select plan(6);

select tests.create_user('twice@example.com', '{"product": "marketplace"}');
create temporary table buyer (id uuid) on commit drop;
grant select on buyer to service_role;
insert into buyer values (tests.get_user_id('twice@example.com'));

select tests.authenticate_as_service_role();
select lives_ok(
  $$select marketplace.create_checkout_purchase((select id from buyer), 'b1000000-0000-4000-8000-000000000002', 'cs_twice_1')$$,
  'a first session is opened');
select lives_ok(
  $$select marketplace.create_checkout_purchase((select id from buyer), 'b1000000-0000-4000-8000-000000000002', 'cs_twice_2')$$,
  'a second session for the same workflow is opened while the first is pending');
select lives_ok($$select marketplace.fulfil_checkout_purchase('cs_twice_1')$$, 'the first payment is fulfilled');
select throws_ok($$select marketplace.fulfil_checkout_purchase('cs_twice_2')$$, 'MK004', null,
  'the second payment for a workflow the buyer owns is refused');
select tests.clear_authentication();

select results_eq(
  $$select stripe_checkout_session_id, status::text from marketplace.purchases
     where user_id = (select id from buyer) order by stripe_checkout_session_id$$,
  $$values ('cs_twice_1', 'ACTIVE'), ('cs_twice_2', 'PENDING')$$,
  'one ACTIVE purchase; the duplicate stays pending, with no invoice');

select throws_ok(
  $$update marketplace.purchases set status = 'ACTIVE', paid_at = now() where stripe_checkout_session_id = 'cs_twice_2'$$,
  '23505', null, 'the database refuses a second ACTIVE purchase of one workflow by one buyer');

select * from finish();
rollback;
