-- DTF Editor: admin actions on users, each audited in dtf.admin_logs in the same transaction.

-- ============================================================================================
-- functions
-- ============================================================================================

create function dtf.admin_grant_credits(
  p_user_id uuid,
  p_amount integer,
  p_reason text
)
returns integer
language plpgsql
security definer
-- definer: credits the ledger through the private core and writes admin_logs
set search_path = ''
as $$
declare
  v_row dtf.credit_transactions;
begin
  if not private.dtf_is_admin() then
    raise exception 'only DTF Editor admins can grant credits' using errcode = '42501';
  end if;
  if nullif(btrim(p_reason), '') is null then
    raise exception 'a reason is required' using errcode = '22023';
  end if;
  if p_amount is null or p_amount <= 0 then
    raise exception 'credit amount must be positive' using errcode = '22023';
  end if;

  v_row := private.dtf_post_credit_change(
    p_user_id, 'bonus', p_amount,
    p_description => btrim(p_reason),
    p_metadata => jsonb_build_object('granted_by', auth.uid())
  );

  insert into dtf.admin_logs (admin_user_id, action, target_type, target_id, details)
  values (auth.uid(), 'grant_credits', 'profile', p_user_id,
          jsonb_build_object('amount', p_amount, 'reason', btrim(p_reason), 'transaction_id', v_row.id));

  return v_row.balance_after;
end;
$$;

revoke execute on function dtf.admin_grant_credits(uuid, integer, text) from public;

comment on function dtf.admin_grant_credits(uuid, integer, text) is
  'RPC for admins: grants bonus credits with a reason; audited in admin_logs. Returns the new balance.';

create function dtf.admin_set_user_active(p_user_id uuid, p_is_active boolean)
returns dtf.profiles
language plpgsql
security definer
-- definer: changes is_active, which no client may write, and writes admin_logs
set search_path = ''
as $$
declare
  v_profile dtf.profiles;
begin
  if not private.dtf_is_admin() then
    raise exception 'only DTF Editor admins can activate or deactivate users' using errcode = '42501';
  end if;
  if p_is_active is null then
    raise exception 'p_is_active is required' using errcode = '22023';
  end if;
  if p_user_id = auth.uid() then
    raise exception 'admins cannot change their own account status' using errcode = '42501';
  end if;

  update dtf.profiles p set is_active = p_is_active where p.id = p_user_id returning * into v_profile;
  if not found then
    raise exception 'unknown user: % has no DTF Editor profile', p_user_id using errcode = 'DT002';
  end if;

  insert into dtf.admin_logs (admin_user_id, action, target_type, target_id, details)
  values (auth.uid(), case when p_is_active then 'activate_user' else 'deactivate_user' end,
          'profile', p_user_id, jsonb_build_object('is_active', p_is_active));

  return v_profile;
end;
$$;

revoke execute on function dtf.admin_set_user_active(uuid, boolean) from public;

comment on function dtf.admin_set_user_active(uuid, boolean) is
  'RPC for admins: activates or deactivates another user (deactivated users cannot start '
  'operations); audited in admin_logs.';
