-- Marketplace: a download counts once per user, workflow and UTC day. Every call of
-- download_workflow counted before, so one user could push a workflow up the `popular` sort of
-- the catalogue (and its analytics) by downloading it in a loop. The package URL is still
-- returned on every call.

create table private.marketplace_download_days (
  user_id uuid not null,
  date date not null,
  workflow_id uuid not null,
  constraint marketplace_download_days_pkey primary key (user_id, date, workflow_id)
);
comment on table private.marketplace_download_days is
  'The workflows each user downloaded on a UTC day, so a download is counted once a day; only the '
  'current day''s rows matter, older ones are pruned when the user downloads again.';

create or replace function private.marketplace_download_workflow(p_workflow_id uuid)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_file_url text;
  v_today date := (now() at time zone 'UTC')::date;
  v_first_today integer;
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

  delete from private.marketplace_download_days d
  where d.user_id = (select auth.uid()) and d.date < v_today;
  insert into private.marketplace_download_days (user_id, date, workflow_id)
  values ((select auth.uid()), v_today, p_workflow_id)
  on conflict do nothing;
  get diagnostics v_first_today = row_count;

  if v_first_today > 0 then
    update marketplace.workflows w
    set downloads_count = w.downloads_count + 1
    where w.id = p_workflow_id;

    insert into marketplace.analytics_daily (workflow_id, date, downloads_count)
    values (p_workflow_id, v_today, 1)
    on conflict (workflow_id, date) do update
    set downloads_count = marketplace.analytics_daily.downloads_count + 1;
  end if;

  return v_file_url;
end;
$$;

comment on function marketplace.download_workflow(uuid) is
  'Returns the package URL of a workflow the caller may download (admin, ACTIVE purchase, or free '
  'workflow) and counts the download in downloads_count and today''s (UTC) analytics, once per '
  'user, workflow and day.';
