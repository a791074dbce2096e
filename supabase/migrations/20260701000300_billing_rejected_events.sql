-- Stripe events that our products refuse for good (an unknown price, a workspace that no longer
-- exists, a transition the product does not allow) used to fail the whole delivery with a 500, so
-- Stripe retried them for days with the same result. Now such a refusal is recorded as outcome
-- 'rejected' with its SQLSTATE and message, its partial effect rolled back, and acknowledged.
-- A later delivery of a rejected event (Stripe's retry or a resend from the dashboard after the
-- cause was fixed) is applied again instead of being treated as a replay. Failures that may pass
-- (connection loss, deadlocks, serialization failures, timeouts) still raise, so the edge
-- function answers 500 and Stripe retries.

alter table private.stripe_events drop constraint stripe_events_outcome_check;
alter table private.stripe_events add constraint stripe_events_outcome_check check (outcome in (
  'received', 'applied', 'replayed', 'stale', 'ignored', 'awaiting_payment', 'deferred', 'applied_late',
  'rejected'
));

comment on column private.stripe_events.outcome is
  'applied, replayed, stale, ignored, awaiting_payment, deferred, applied_late, or rejected: the '
  'products refused the event for good (detail holds the SQLSTATE and message); a redelivery retries it.';

-- The dispatch by event type, unchanged from the first version of the entry point.
create or replace function private.billing_dispatch_stripe_event(p_event jsonb,
  out outcome text, out product text, out object_id text, out detail text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_type text := p_event ->> 'type';
  v_created timestamptz := private.billing_to_timestamptz(p_event -> 'created');
  v_result record;
begin
  if v_type in ('checkout.session.completed', 'checkout.session.async_payment_succeeded',
                'checkout.session.async_payment_failed', 'checkout.session.expired') then
    v_result := private.billing_on_checkout_session(p_event);
  elsif v_type = 'charge.refunded' then
    select r.outcome, r.product, p_event #>> '{data,object,payment_intent}' as object_id, r.detail
      into v_result
      from private.billing_refund_charge(p_event #> '{data,object}', v_created) r;
  elsif v_type in ('customer.subscription.created', 'customer.subscription.updated',
                   'customer.subscription.deleted') then
    v_result := private.billing_on_subscription(p_event);
  elsif v_type in ('invoice.paid', 'invoice.payment_failed') then
    v_result := private.billing_on_invoice(p_event);
  else
    select 'ignored'::text as outcome, null::text as product, p_event #>> '{data,object,id}' as object_id,
           'event type not handled'::text as detail
      into v_result;
  end if;
  outcome := v_result.outcome;
  product := v_result.product;
  object_id := v_result.object_id;
  detail := v_result.detail;
end;
$$;
revoke execute on function private.billing_dispatch_stripe_event(jsonb) from public;
comment on function private.billing_dispatch_stripe_event(jsonb) is
  'Internal: applies one Stripe event through the function for its type.';

-- True for SQLSTATEs that mean "refused, and asking again will not change that": bad or
-- inconsistent data (classes 22 and 23), the products' own refusals (P0001, P0002 and their
-- custom codes), and privilege refusals. A unique violation is the exception: the products
-- report a genuine conflict with their own codes, so a bare 23505 is a race with a concurrent
-- delivery, which a retry resolves.
create or replace function private.billing_is_permanent_refusal(p_sqlstate text)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select p_sqlstate ~ '^(22|23|P0|42501|MK|CR|DT|BL)' and p_sqlstate <> '23505'
$$;
revoke execute on function private.billing_is_permanent_refusal(text) from public;
comment on function private.billing_is_permanent_refusal(text) is
  'Internal: whether a Stripe event that failed with this SQLSTATE should be acknowledged as rejected '
  '(true) or left for Stripe to retry (false).';

create or replace function private.billing_apply_stripe_event(p_event jsonb)
returns table (outcome text, product text, detail text, replay boolean)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id text := p_event ->> 'id';
  v_type text := p_event ->> 'type';
  v_created timestamptz := private.billing_to_timestamptz(p_event -> 'created');
  v_existing private.stripe_events;
  v_result record;
  v_state text;
  v_message text;
begin
  if v_id is null or v_id !~ '^evt_[A-Za-z0-9_]+$' or v_type is null or v_created is null
     or jsonb_typeof(p_event #> '{data,object}') is distinct from 'object' then
    raise exception 'not a Stripe event: id, type, created and data.object are required' using errcode = '22023';
  end if;

  -- The event id, once. A concurrent delivery of the same event waits here until the first
  -- commits (then it is a replay) or rolls back (then it applies the event itself).
  insert into private.stripe_events as e (id, type, stripe_created_at, livemode, object_id)
  values (v_id, v_type, v_created, coalesce((p_event ->> 'livemode')::boolean, false), p_event #>> '{data,object,id}')
  on conflict (id) do nothing;
  if not found then
    select * into v_existing from private.stripe_events e where e.id = v_id for update;
    if v_existing.outcome <> 'rejected' then
      return query select v_existing.outcome, v_existing.product, v_existing.detail, true;
      return;
    end if;
  end if;

  begin
    v_result := private.billing_dispatch_stripe_event(p_event);
  exception when others then
    get stacked diagnostics v_state = returned_sqlstate, v_message = message_text;
    if not private.billing_is_permanent_refusal(v_state) then
      raise;
    end if;
    -- The block's subtransaction has undone whatever the event had changed.
    select 'rejected'::text as outcome, null::text as product, null::text as object_id,
           format('%s: %s', v_state, v_message) as detail
      into v_result;
  end;

  update private.stripe_events e
     set outcome = v_result.outcome,
         product = v_result.product,
         object_id = coalesce(v_result.object_id, e.object_id),
         detail = v_result.detail,
         deferred_charge = case when v_result.outcome = 'deferred' then p_event #> '{data,object}' end
   where e.id = v_id;
  return query select v_result.outcome, v_result.product, v_result.detail, false;
end;
$$;
revoke execute on function private.billing_apply_stripe_event(jsonb) from public;
grant execute on function private.billing_apply_stripe_event(jsonb) to service_role;
comment on function private.billing_apply_stripe_event(jsonb) is
  'Stripe webhook (service_role): records the event id and applies the event in one transaction; '
  'a replayed id returns the first outcome with replay = true and changes nothing, except that an '
  'event the products rejected is applied again. Permanent refusals are recorded as rejected; '
  'transient failures raise so that Stripe retries.';
