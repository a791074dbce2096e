-- Stripe events the database cannot hold. A signed event whose content PostgreSQL refuses (a NUL
-- character or an unpaired surrogate in a string, nesting deeper than the server's stack allows,
-- a `created` beyond the year 9999) never reaches private.billing_apply_stripe_event: the jsonb
-- cast before it fails, and that failure used to answer 500, so Stripe delivered the same bytes
-- again for days. The stripe-webhook function now finds such content before the database does
-- and records the event here as rejected, with its reason and without its content: answered 200,
-- and listed with the events the products rejected.

-- ============================================================================================
-- tables
-- ============================================================================================

-- An event rejected because its `created` is out of range has no time to store.
alter table private.stripe_events alter column stripe_created_at drop not null;
alter table private.stripe_events add constraint stripe_events_created_known
  check (stripe_created_at is not null or outcome = 'rejected');
comment on column private.stripe_events.stripe_created_at is
  'Stripe''s created time of the event; null only for an event rejected because that time could not be stored.';

-- ============================================================================================
-- rpc
-- ============================================================================================

create function private.billing_reject_stripe_event(
  p_id text,
  p_type text,
  p_created timestamptz,
  p_livemode boolean,
  p_reason text
)
returns table (outcome text, product text, detail text, replay boolean)
language plpgsql
security definer
-- definer: writes private.stripe_events, which no API role may reach (as billing_apply_stripe_event)
set search_path = ''
as $$
declare
  v_reason text := left(p_reason, 1000);
  v_existing private.stripe_events;
begin
  if p_id is null or p_id !~ '^evt_[A-Za-z0-9_]+$' or p_type is null or v_reason is null then
    raise exception 'an event id, its type and the reason are required' using errcode = '22023';
  end if;

  -- The event id, once, as billing_apply_stripe_event records it: a concurrent delivery of the
  -- same event waits here for the first.
  insert into private.stripe_events as e (id, type, stripe_created_at, livemode, outcome, detail)
  values (p_id, left(p_type, 255), p_created, coalesce(p_livemode, false), 'rejected', v_reason)
  on conflict (id) do nothing;
  if not found then
    select * into v_existing from private.stripe_events e where e.id = p_id for update;
    -- applied before (by reconciliation, say): that outcome stands
    if v_existing.outcome <> 'rejected' then
      return query select v_existing.outcome, v_existing.product, v_existing.detail, true;
      return;
    end if;
    -- rejected again, as a redelivered rejected event is applied anew: the latest reason
    update private.stripe_events e set detail = v_reason where e.id = p_id;
  end if;
  return query select 'rejected'::text, null::text, v_reason, false;
end;
$$;
revoke execute on function private.billing_reject_stripe_event(text, text, timestamptz, boolean, text) from public;
grant execute on function private.billing_reject_stripe_event(text, text, timestamptz, boolean, text) to service_role;
comment on function private.billing_reject_stripe_event(text, text, timestamptz, boolean, text) is
  'Stripe webhook (service_role): records an event whose content the database cannot store as rejected, with the '
  'reason and without the content (p_created null when that time cannot be stored). An event already recorded '
  'with another outcome keeps it (replay = true). Applies nothing.';
