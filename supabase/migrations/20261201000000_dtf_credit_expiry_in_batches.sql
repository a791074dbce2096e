-- DTF credit expiry in batches: the scheduled job (platform_scheduled_jobs) expires at most
-- p_limit lots per run, so one run never holds the ledger for long; the next run continues.
-- Otherwise unchanged: one expiration row per lot, never more than the unused credits.

drop function dtf.expire_credits(timestamptz);

create function dtf.expire_credits(p_as_of timestamptz default now(), p_limit integer default null)
returns integer
language plpgsql
security definer
-- definer: writes the ledger through the private core
set search_path = ''
as $$
declare
  v_lot record;
  v_remaining integer;
  v_balance integer;
  v_take integer;
  v_expired integer := 0;
begin
  if p_as_of is null then
    raise exception 'expire_credits: p_as_of is required' using errcode = '22023';
  end if;
  if p_limit < 1 then
    raise exception 'expire_credits: p_limit must be positive' using errcode = '22023';
  end if;

  for v_lot in
    select t.id, t.user_id
      from dtf.credit_transactions t
     where t.lot_remaining > 0
       and t.expires_at <= p_as_of
     order by t.user_id, t.expires_at, t.entry_no
     limit p_limit
  loop
    -- Same lock order as every credit change: the profile first, then the lot.
    select p.credits_remaining into v_balance from dtf.profiles p where p.id = v_lot.user_id for update;
    select t.lot_remaining into v_remaining from dtf.credit_transactions t where t.id = v_lot.id for update;
    continue when coalesce(v_remaining, 0) = 0;

    v_take := least(v_remaining, v_balance);
    if v_take > 0 then
      perform private.dtf_post_credit_change(
        v_lot.user_id, 'expiration', -v_take,
        p_description => 'Unused credits expired',
        p_metadata => jsonb_build_object('lot_id', v_lot.id),
        p_related_transaction_id => v_lot.id
      );
      v_expired := v_expired + v_take;
    end if;
    update dtf.credit_transactions t set lot_remaining = 0 where t.id = v_lot.id;
  end loop;

  return v_expired;
end;
$$;

revoke execute on function dtf.expire_credits(timestamptz, integer) from public;
grant execute on function dtf.expire_credits(timestamptz, integer) to service_role;

comment on function dtf.expire_credits(timestamptz, integer) is
  'Scheduled job (service role): credit lots whose expires_at <= p_as_of and that still have '
  'unused credits (at most p_limit lots, all when null) leave the balance through one expiration '
  'row each. Idempotent: an expired lot is closed (lot_remaining = 0) and never expires twice. '
  'Returns the number of credits expired.';
