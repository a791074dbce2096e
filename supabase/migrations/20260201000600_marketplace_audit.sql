-- Audit trail written by the database: every change to workflows and users made by an admin or
-- the service role, and every change to purchases, lands in audit_logs with the actor and the
-- before/after row values. Changes that touch only database-maintained counters are not logged.

-- ============================================================================================
-- triggers
-- ============================================================================================

create function private.marketplace_audit_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_target_type text := tg_argv[0];
  v_old jsonb := case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) end;
  v_new jsonb := case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) end;
  v_ignored text[] := array['updated_at', 'downloads_count', 'rating_avg', 'reviews_count', 'last_login'];
  v_changed text[];
  v_actor_role text;
  v_admin_id uuid;
begin
  if private.marketplace_is_admin() then
    v_actor_role := 'admin';
    v_admin_id := (select auth.uid());
  elsif (select auth.role()) = 'service_role' then
    v_actor_role := 'service_role';
  elsif v_target_type = 'purchase' then
    -- purchases are audited whoever changes them: the backend may connect without JWT claims
    v_actor_role := 'system';
  else
    return null;
  end if;

  if tg_op = 'UPDATE' then
    select array_agg(k order by k) into v_changed
    from jsonb_object_keys(v_new) k
    where v_new -> k is distinct from v_old -> k
      and k <> all (v_ignored);
    if v_changed is null then
      return null;
    end if;
  end if;

  insert into marketplace.audit_logs (
    admin_id, actor_role, action, target_type, target_id, old_values, new_values, metadata
  ) values (
    v_admin_id,
    v_actor_role,
    upper(v_target_type) || '_' || tg_op,
    v_target_type,
    -- a package row is keyed by its workflow
    (coalesce(v_new, v_old) ->> case when v_target_type = 'package' then 'workflow_id' else 'id' end)::uuid,
    v_old,
    v_new,
    jsonb_build_object('changed_columns', coalesce(to_jsonb(v_changed), '[]'::jsonb))
  );
  return null;
end;
$$;
revoke execute on function private.marketplace_audit_change() from public;
comment on function private.marketplace_audit_change() is
  'AFTER INSERT/UPDATE/DELETE on workflows, workflow_packages, users, purchases: appends to '
  'audit_logs (argument: target type).';

create trigger audit_workflow_change
  after insert or update or delete on marketplace.workflows
  for each row execute function private.marketplace_audit_change('workflow');

-- the paid package lives apart from the catalogue row; swapping it is an admin change too
create trigger audit_package_change
  after insert or update or delete on marketplace.workflow_packages
  for each row execute function private.marketplace_audit_change('package');

create trigger audit_user_change
  after insert or update or delete on marketplace.users
  for each row execute function private.marketplace_audit_change('user');

create trigger audit_purchase_change
  after insert or update or delete on marketplace.purchases
  for each row execute function private.marketplace_audit_change('purchase');
