-- Storage cleanup: the storage-cleanup edge function empties private.storage_deletions through the
-- Storage API. Its HTTP calls happen outside any transaction, so a run claims the rows it works on
-- for a lease: a concurrent run skips them, and rows of a run that died are claimable again once
-- the lease has passed (deleting an object twice is harmless: Storage reports a missing object as
-- nothing deleted). A row leaves the queue only when Storage answered for it; a refusal counts an
-- attempt, keeps the error and releases the row for the next run.

-- ============================================================================================
-- tables
-- ============================================================================================

alter table private.storage_deletions
  add column claimed_by uuid,
  add column claimed_until timestamptz,
  add constraint storage_deletions_claim_complete check ((claimed_by is null) = (claimed_until is null));
comment on column private.storage_deletions.claimed_by is
  'The run of storage-cleanup working on this row (private.storage_deletions_claim), or null.';
comment on column private.storage_deletions.claimed_until is
  'When the claim lapses and another run may take the row, or null when no run holds it.';

-- ============================================================================================
-- indexes
-- ============================================================================================

-- runs take the oldest requests first
create index storage_deletions_requested_at_idx on private.storage_deletions (requested_at);

-- ============================================================================================
-- helpers
-- ============================================================================================

-- Claims the oldest claimable rows: p_limit of them, by default the storage-cleanup job's batch
-- size. Rows another transaction is claiming are skipped, not waited for. The lease outlasts the
-- longest run an edge function is allowed.
create function private.storage_deletions_claim(p_now timestamptz default now(), p_limit integer default null)
returns jsonb
language plpgsql
security definer
-- definer: the queue is in private, which service_role cannot read or write
set search_path = ''
as $$
declare
  v_claim_id uuid := gen_random_uuid();
  v_limit integer;
  v_objects jsonb;
  v_more boolean;
begin
  v_limit := coalesce(p_limit,
    (select j.batch_size from private.scheduled_jobs j where j.name = 'storage-cleanup'), 1000);
  if v_limit < 1 then
    raise exception 'p_limit must be at least 1' using errcode = '22023';
  end if;

  -- one candidate beyond the limit tells whether work is left for the next run
  with candidates as materialized (
    select d.bucket_id, d.object_name, d.requested_at
      from private.storage_deletions d
     where d.claimed_until is null or d.claimed_until <= p_now
     order by d.requested_at, d.bucket_id, d.object_name
     limit v_limit + 1
     for update skip locked
  ), chosen as (
    select c.bucket_id, c.object_name
      from candidates c
     order by c.requested_at, c.bucket_id, c.object_name
     limit v_limit
  ), claimed as (
    update private.storage_deletions d
       set claimed_by = v_claim_id, claimed_until = p_now + interval '15 minutes'
      from chosen c
     where d.bucket_id = c.bucket_id and d.object_name = c.object_name
    returning d.bucket_id, d.object_name, d.requested_at
  )
  select coalesce(jsonb_agg(jsonb_build_object('bucket_id', c.bucket_id, 'object_name', c.object_name)
                            order by c.requested_at, c.bucket_id, c.object_name), '[]'::jsonb),
         (select count(*) from candidates) > v_limit
    into v_objects, v_more
    from claimed c;

  return jsonb_build_object('claim_id', v_claim_id, 'objects', v_objects, 'more', v_more);
end;
$$;
revoke execute on function private.storage_deletions_claim(timestamptz, integer) from public;
grant execute on function private.storage_deletions_claim(timestamptz, integer) to service_role;
comment on function private.storage_deletions_claim(timestamptz, integer) is
  'storage-cleanup: claims the oldest queued Storage deletions for 15 minutes (p_limit, else the '
  'job''s batch size); returns {claim_id, objects: [{bucket_id, object_name}], more}.';

-- Storage deleted these objects or never had them: they leave the queue. Only the claim's own
-- rows go, so a run whose lease lapsed and was taken over changes nothing.
create function private.storage_deletions_confirm(p_claim_id uuid, p_bucket_id text, p_object_names text[])
returns integer
language plpgsql
security definer
-- definer: as private.storage_deletions_claim
set search_path = ''
as $$
declare
  v_deleted integer;
begin
  delete from private.storage_deletions d
   where d.claimed_by = p_claim_id and d.bucket_id = p_bucket_id and d.object_name = any (p_object_names);
  get diagnostics v_deleted = row_count;
  return v_deleted;
end;
$$;
revoke execute on function private.storage_deletions_confirm(uuid, text, text[]) from public;
grant execute on function private.storage_deletions_confirm(uuid, text, text[]) to service_role;
comment on function private.storage_deletions_confirm(uuid, text, text[]) is
  'storage-cleanup: removes the claimed rows of these objects from the queue; returns how many.';

-- Storage refused to delete these objects: the rows stay queued with one more attempt and the
-- error, released so that the next run tries again.
create function private.storage_deletions_fail(p_claim_id uuid, p_bucket_id text, p_object_names text[], p_error text)
returns integer
language plpgsql
security definer
-- definer: as private.storage_deletions_claim
set search_path = ''
as $$
declare
  v_failed integer;
begin
  update private.storage_deletions d
     set attempts = d.attempts + 1,
         last_error = left(coalesce(p_error, 'unknown error'), 1000),
         claimed_by = null,
         claimed_until = null
   where d.claimed_by = p_claim_id and d.bucket_id = p_bucket_id and d.object_name = any (p_object_names);
  get diagnostics v_failed = row_count;
  return v_failed;
end;
$$;
revoke execute on function private.storage_deletions_fail(uuid, text, text[], text) from public;
grant execute on function private.storage_deletions_fail(uuid, text, text[], text) to service_role;
comment on function private.storage_deletions_fail(uuid, text, text[], text) is
  'storage-cleanup: records a refused deletion of the claimed rows (attempts + 1, last_error) and '
  'releases them for the next run; returns how many.';
