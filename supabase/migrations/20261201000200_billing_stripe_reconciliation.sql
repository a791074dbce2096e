-- Billing: reconciliation with Stripe's own list of events. The webhook misses an event when our
-- endpoint is down longer than Stripe keeps retrying (three days), or when an event was answered
-- 200 but lost to a bug since fixed; Stripe then never sends it again. The stripe-reconcile edge
-- function lists Stripe's events and applies each through private.billing_apply_stripe_event, the
-- webhook's entry point, so exactly-once and the ordering rules are the webhook's. This migration
-- holds where the scheduled reconciliation has got to, and the two functions that read and move
-- it (service_role only).

-- ============================================================================================
-- tables
-- ============================================================================================

-- One row. A run lists a window [from, to] of Stripe's events, newest first as Stripe lists
-- them, at most a bounded number of pages. When it reaches the start of the window, everything
-- Stripe created up to `to` has been applied: that is the checkpoint. When the window holds more,
-- the pass columns keep the window and the last event listed, and the next run lists on from
-- there. version changes with every save, so that a run only saves over the state it started from.
create table private.stripe_reconciliation (
  id boolean not null default true,
  checkpoint timestamptz,
  pass_from timestamptz,
  pass_to timestamptz,
  pass_starting_after text,
  version bigint not null default 0,
  last_run_at timestamptz,
  last_result jsonb,
  updated_at timestamptz not null default now(),
  constraint stripe_reconciliation_pkey primary key (id),
  constraint stripe_reconciliation_one_row check (id),
  constraint stripe_reconciliation_pass_whole
    check (pg_catalog.num_nulls(pass_from, pass_to, pass_starting_after) in (0, 3)),
  constraint stripe_reconciliation_pass_order check (pass_from <= pass_to),
  constraint stripe_reconciliation_pass_cursor_format
    check (pass_starting_after ~ '^evt_[A-Za-z0-9_]+$' and char_length(pass_starting_after) <= 255)
);
insert into private.stripe_reconciliation default values;

comment on table private.stripe_reconciliation is
  'Where the scheduled reconciliation with Stripe''s event list has got to (one row): the checkpoint, '
  'and a window being listed over several runs. Read it with: select * from private.stripe_reconciliation.';
comment on column private.stripe_reconciliation.checkpoint is
  'Every event Stripe created up to this time has been listed and applied; null before the first '
  'complete run. The next window starts a little before it.';
comment on column private.stripe_reconciliation.pass_starting_after is
  'With pass_from and pass_to: a window that held more events than one run lists, and the last event '
  'listed in it (oldest so far); the next run lists the window on after it.';
comment on column private.stripe_reconciliation.last_result is
  'What the last run that saved did: listed, applied, already_applied, rejected, has_more.';

-- ============================================================================================
-- triggers
-- ============================================================================================

create trigger set_updated_at
  before update on private.stripe_reconciliation
  for each row execute function private.set_updated_at();

-- ============================================================================================
-- helpers
-- ============================================================================================

create function private.billing_stripe_reconciliation_state()
returns table (
  checkpoint timestamptz,
  pass_from timestamptz,
  pass_to timestamptz,
  pass_starting_after text,
  version bigint
)
language sql
stable
security definer
-- definer: the state is in private, which no API role reads
set search_path = ''
as $$
  select r.checkpoint, r.pass_from, r.pass_to, r.pass_starting_after, r.version
    from private.stripe_reconciliation r
$$;
revoke execute on function private.billing_stripe_reconciliation_state() from public;
grant execute on function private.billing_stripe_reconciliation_state() to service_role;
comment on function private.billing_stripe_reconciliation_state() is
  'stripe-reconcile (service_role): the checkpoint, the window being listed if any, and the version '
  'to save against.';

-- Saves a run's progress, only over the version the run read: of two runs at once, the one that
-- saves second started from a state that is gone, and its save is dropped (it applied the same
-- events, which the event log made replays). The checkpoint never moves back.
create function private.billing_record_stripe_reconciliation(
  p_version bigint,
  p_checkpoint timestamptz,
  p_pass_from timestamptz,
  p_pass_to timestamptz,
  p_pass_starting_after text,
  p_result jsonb
)
returns timestamptz
language plpgsql
security definer
-- definer: the state is in private, which no API role writes
set search_path = ''
as $$
declare
  v_checkpoint timestamptz;
begin
  update private.stripe_reconciliation r
     set checkpoint = greatest(r.checkpoint, p_checkpoint),
         pass_from = p_pass_from,
         pass_to = p_pass_to,
         pass_starting_after = p_pass_starting_after,
         version = r.version + 1,
         last_run_at = now(),
         last_result = p_result
   where r.version = p_version
  returning r.checkpoint into v_checkpoint;
  if not found then
    select r.checkpoint into v_checkpoint from private.stripe_reconciliation r;
  end if;
  return v_checkpoint;
end;
$$;
revoke execute on function private.billing_record_stripe_reconciliation(
  bigint, timestamptz, timestamptz, timestamptz, text, jsonb
) from public;
grant execute on function private.billing_record_stripe_reconciliation(
  bigint, timestamptz, timestamptz, timestamptz, text, jsonb
) to service_role;
comment on function private.billing_record_stripe_reconciliation(
  bigint, timestamptz, timestamptz, timestamptz, text, jsonb
) is
  'stripe-reconcile (service_role): saves a run''s progress (a new checkpoint, or the window still being '
  'listed) if the state is still at p_version; returns the checkpoint in force afterwards.';

-- ============================================================================================
-- policies: none. RLS on with no policy and no grant: only the functions above reach the row.
-- ============================================================================================

alter table private.stripe_reconciliation enable row level security;

revoke all on private.stripe_reconciliation from public, anon, authenticated, service_role;
