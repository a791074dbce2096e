-- ADLY: row rules enforced by triggers: generation job state machine, append-only tables,
-- attribution consistency and the audit of integration changes.

-- ============================================================================================
-- triggers: generation jobs
-- ============================================================================================

create function private.adly_generation_job_transition()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    if new.status <> 'pending' or new.completed_at is not null or new.result_asset_id is not null then
      raise exception using errcode = 'P0001',
        message = 'a generation job starts pending, without result or completion time';
    end if;
    return new;
  end if;

  if new.workspace_id <> old.workspace_id then
    raise exception using errcode = 'P0001', message = 'a generation job cannot move to another workspace';
  end if;
  if new.status is distinct from old.status then
    if not ((old.status = 'pending' and new.status = 'processing')
         or (old.status = 'processing' and new.status in ('completed', 'failed'))) then
      raise exception using errcode = 'P0001',
        message = format('generation job cannot go from %s to %s', old.status, new.status);
    end if;
    if new.status in ('completed', 'failed') then
      new.completed_at := now();
    end if;
  elsif new.completed_at is distinct from old.completed_at then
    raise exception using errcode = 'P0001', message = 'completed_at is set once, by the final transition';
  end if;
  if new.status = 'completed' and new.result_asset_id is null and old.status <> 'completed' then
    raise exception using errcode = 'P0001', message = 'a completed generation job needs a result asset';
  end if;
  if old.status in ('completed', 'failed') and (new.result_asset_id is distinct from old.result_asset_id
      and new.result_asset_id is not null) then
    raise exception using errcode = 'P0001', message = 'a finished generation job cannot change';
  end if;
  return new;
end;
$$;
revoke execute on function private.adly_generation_job_transition() from public;
comment on function private.adly_generation_job_transition() is
  'BEFORE INSERT/UPDATE on generation_jobs: pending -> processing -> completed | failed, completed_at stamped once.';

create trigger generation_job_transition
  before insert or update on adly.generation_jobs
  for each row execute function private.adly_generation_job_transition();

-- ============================================================================================
-- triggers: append-only tables
-- ============================================================================================

-- No API role has update or delete on these tables; this trigger also stops the table owner,
-- except for the foreign keys' own "set null" when a referenced user, campaign or order goes.
create function private.adly_forbid_update()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_old jsonb := to_jsonb(old);
  v_new jsonb := to_jsonb(new);
  v_column text;
begin
  foreach v_column in array tg_argv loop
    if v_new -> v_column = 'null'::jsonb then
      v_old := v_old - v_column;
      v_new := v_new - v_column;
    end if;
  end loop;
  if v_old <> v_new then
    raise exception using errcode = 'P0001', message = format('%s is append-only', tg_table_name);
  end if;
  return new;
end;
$$;
revoke execute on function private.adly_forbid_update() from public;
comment on function private.adly_forbid_update() is
  'BEFORE UPDATE: refuses any change except setting the listed foreign key columns to null.';

create trigger audit_logs_append_only
  before update on adly.audit_logs
  for each row execute function private.adly_forbid_update('user_id');
create trigger attribution_events_append_only
  before update on adly.attribution_events
  for each row execute function private.adly_forbid_update('campaign_id', 'order_id');

-- ============================================================================================
-- triggers: attribution consistency
-- ============================================================================================

-- Definer: the order's store connection must be read whoever inserts the event.
create function private.adly_check_attribution_order()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.order_id is not null
     and private.adly_order_workspace(new.order_id) is distinct from new.workspace_id then
    raise exception using errcode = '23503', message = 'the order does not belong to the event''s workspace';
  end if;
  return new;
end;
$$;
revoke execute on function private.adly_check_attribution_order() from public;
comment on function private.adly_check_attribution_order() is
  'BEFORE INSERT on attribution_events: the order must belong to the same workspace.';

create trigger attribution_events_check_order
  before insert on adly.attribution_events
  for each row execute function private.adly_check_attribution_order();

-- ============================================================================================
-- triggers: audit of integration changes
-- ============================================================================================

create function private.adly_audit_integration()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_type text := case tg_table_name when 'store_connections' then 'store_connection' else 'ad_account' end;
  v_old jsonb := to_jsonb(old) - 'updated_at' - 'credentials_updated_at' - 'last_sync_at' - 'token_expires_at';
  v_new jsonb := to_jsonb(new) - 'updated_at' - 'credentials_updated_at' - 'last_sync_at' - 'token_expires_at';
begin
  if tg_op = 'INSERT' then
    perform private.adly_write_audit(new.workspace_id, v_type || '.created', v_type, new.id,
                                     v_new - 'id' - 'workspace_id' - 'created_at');
    return new;
  elsif tg_op = 'UPDATE' then
    -- only user-visible changes; sync bookkeeping and secret rotation (audited by its function) are not
    if v_old <> v_new then
      perform private.adly_write_audit(new.workspace_id, v_type || '.updated', v_type, new.id,
        jsonb_build_object('before', v_old - 'id' - 'workspace_id' - 'created_at',
                           'after', v_new - 'id' - 'workspace_id' - 'created_at'));
    end if;
    return new;
  else
    perform private.adly_write_audit(old.workspace_id, v_type || '.deleted', v_type, old.id,
                                     v_old - 'id' - 'workspace_id' - 'created_at');
    return old;
  end if;
end;
$$;
revoke execute on function private.adly_audit_integration() from public;
comment on function private.adly_audit_integration() is
  'AFTER INSERT/UPDATE/DELETE on store_connections and ad_accounts: audit row (never contains a secret).';

create trigger audit_store_connection
  after insert or update or delete on adly.store_connections
  for each row execute function private.adly_audit_integration();
create trigger audit_ad_account
  after insert or update or delete on adly.ad_accounts
  for each row execute function private.adly_audit_integration();
