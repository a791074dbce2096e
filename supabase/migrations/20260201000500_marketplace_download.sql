-- Download of a workflow's package by an entitled user: returns the package URL and counts the
-- download in workflows.downloads_count and that day's analytics_daily row.
--   42501 not signed in    MK002 workflow not found    MK009 no access    MK010 no package

-- ============================================================================================
-- helpers
-- ============================================================================================

create function private.marketplace_download_workflow(p_workflow_id uuid)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_file_url text;
begin
  if (select auth.uid()) is null then
    raise exception 'sign in to download workflows' using errcode = '42501';
  end if;

  perform 1
  from marketplace.workflows w
  where w.id = p_workflow_id
    and (not w.is_deleted or private.marketplace_is_admin());
  if not found then
    raise exception 'workflow % not found', p_workflow_id using errcode = 'MK002';
  end if;

  if not private.marketplace_has_access(p_workflow_id) then
    raise exception 'no access to workflow %: purchase it first', p_workflow_id using errcode = 'MK009';
  end if;

  select pk.file_url into v_file_url
  from marketplace.workflow_packages pk
  where pk.workflow_id = p_workflow_id;
  if not found then
    raise exception 'workflow % has no package to download', p_workflow_id using errcode = 'MK010';
  end if;

  update marketplace.workflows w
  set downloads_count = w.downloads_count + 1
  where w.id = p_workflow_id;

  insert into marketplace.analytics_daily (workflow_id, date, downloads_count)
  values (p_workflow_id, (now() at time zone 'UTC')::date, 1)
  on conflict (workflow_id, date) do update
  set downloads_count = marketplace.analytics_daily.downloads_count + 1;

  return v_file_url;
end;
$$;
revoke execute on function private.marketplace_download_workflow(uuid) from public;
grant execute on function private.marketplace_download_workflow(uuid) to authenticated;
comment on function private.marketplace_download_workflow(uuid) is
  'Definer half of marketplace.download_workflow(uuid).';

-- ============================================================================================
-- rpc
-- ============================================================================================

create function marketplace.download_workflow(p_workflow_id uuid)
returns text
language sql
volatile
security invoker
set search_path = ''
as $$
  select private.marketplace_download_workflow(p_workflow_id)
$$;
revoke execute on function marketplace.download_workflow(uuid) from public;
grant execute on function marketplace.download_workflow(uuid) to authenticated;
comment on function marketplace.download_workflow(uuid) is
  'Returns the package URL of a workflow the caller may download (admin, ACTIVE purchase, or free '
  'workflow) and counts the download in downloads_count and today''s (UTC) analytics.';
