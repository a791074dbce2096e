-- DTF image retention: an image whose expires_at has passed is deleted by a scheduled job, with
-- its operations and collection entries (they cascade; the credit ledger keeps its rows). Its
-- files in the dtf-images bucket are queued in private.storage_deletions, which the
-- storage-cleanup job empties through the Storage API (SQL must not delete Storage's rows: the
-- files would stay behind). Kept although expired: favorites, images in a public collection, and
-- images with an operation under way (its completion or refund still needs the image).

-- ============================================================================================
-- tables
-- ============================================================================================

create table private.storage_deletions (
  bucket_id text not null,
  object_name text not null,
  requested_at timestamptz not null default now(),
  reason text not null,
  attempts integer not null default 0,
  last_error text,
  constraint storage_deletions_pkey primary key (bucket_id, object_name),
  constraint storage_deletions_object_name_format check (object_name !~ '(^|/)\.\.?(/|$)' and object_name !~ '^/')
);
comment on table private.storage_deletions is
  'Storage objects to delete through the Storage API (the storage-cleanup job); a row leaves when '
  'Storage confirms the deletion. attempts and last_error show deletions Storage refused.';

-- ============================================================================================
-- helpers
-- ============================================================================================

-- The object an image column names, when it is a file of the image owner's folder in the
-- dtf-images bucket ('dtf-images/<user id>/...'); null for anything else, so that retention can
-- never queue another user's file or a foreign URL.
create function private.dtf_image_object_name(p_url text, p_user_id uuid)
returns text
language sql
immutable
set search_path = ''
as $$
  select substr(p_url, length('dtf-images/') + 1)
   where p_url like 'dtf-images/' || p_user_id || '/%'
     and p_url !~ '(^|/)\.\.?(/|$)'
$$;
revoke execute on function private.dtf_image_object_name(text, uuid) from public;

create function private.job_dtf_image_retention(p_now timestamptz, p_limit integer)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_images uuid[];
  v_queued integer;
begin
  select array_agg(e.id) into v_images
    from (select i.id from dtf.images i
           where i.expires_at <= p_now
             and not i.is_favorite
             and not exists (select 1 from dtf.image_operations o
                              where o.image_id = i.id and o.status in ('pending', 'processing'))
             and not exists (select 1 from dtf.image_collection_items ci
                               join dtf.image_collections c on c.id = ci.collection_id
                              where ci.image_id = i.id and c.is_public)
           order by i.expires_at
           limit p_limit
           for update skip locked) e;

  with files as (
    select distinct private.dtf_image_object_name(u.url, i.user_id) as name
      from dtf.images i
     cross join lateral (values (i.original_url), (i.processed_url), (i.thumbnail_url), (i.final_url)) u(url)
     where i.id = any (coalesce(v_images, '{}'))
  ), queued as (
    insert into private.storage_deletions (bucket_id, object_name, requested_at, reason)
    select 'dtf-images', f.name, p_now, 'dtf image expired'
      from files f where f.name is not null
    on conflict (bucket_id, object_name) do nothing
    returning 1
  )
  select count(*) into v_queued from queued;

  delete from dtf.images i where i.id = any (coalesce(v_images, '{}'));

  return jsonb_build_object('images_deleted', coalesce(array_length(v_images, 1), 0), 'files_queued', v_queued,
    'more', coalesce(array_length(v_images, 1), 0) >= p_limit);
end;
$$;
revoke execute on function private.job_dtf_image_retention(timestamptz, integer) from public;

-- ============================================================================================
-- registration
-- ============================================================================================

insert into private.scheduled_jobs (name, schedule, job_function, edge_function, batch_size, description) values
  ('dtf-image-retention', '5 * * * *', 'private.job_dtf_image_retention', null, 500,
   'Expired DTF images (not favorites, not in a public collection, no '
   'operation under way) are deleted and their files queued for deletion.'),
  ('storage-cleanup', '*/5 * * * *', null, 'storage-cleanup', 1000,
   'Files queued in private.storage_deletions are deleted through the Storage API (edge function storage-cleanup).');

select private.schedule_jobs();
