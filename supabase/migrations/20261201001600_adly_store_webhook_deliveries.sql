-- ADLY store webhooks: a record of every authentic delivery, and de-duplication by the platforms'
-- delivery ids. The store-webhook edge function records each delivery whose signature (or Zid
-- token) it has verified, in the delivery's own transaction: what it was (platform, delivery id,
-- topic, when) and what came of it (applied, stale, ignored, a duplicate, or rejected and why).
--
-- A delivery id travels in an unsigned header, so on its own it proves nothing: whoever replays a
-- captured body may write any id there, and one guessed in advance must not make the genuine
-- delivery of that id look like a duplicate. So a delivery is named by its id together with the
-- SHA-256 of its signed body: a duplicate is the same id with the same bytes, which are the
-- platform's own retry (or a replay of it, which would change nothing anyway). The same id with
-- other bytes is another delivery. Platforms without delivery ids (Salla, Zid) are recorded
-- without one and never de-duplicated; the ordering rules of the store sync functions keep their
-- replays harmless. Rows are kept 30 days (the adly-store-webhook-deliveries job).

-- ============================================================================================
-- tables
-- ============================================================================================

create table private.adly_store_webhook_deliveries (
  id bigint generated always as identity,
  store_connection_id uuid not null,
  platform text not null,
  delivery_id text,
  body_sha256 bytea not null,
  topic text,
  received_at timestamptz not null default now(),
  last_received_at timestamptz not null default now(),
  attempts integer not null default 1,
  outcome text not null default 'received',
  entity text,
  external_id text,
  detail text,
  constraint adly_store_webhook_deliveries_pkey primary key (id),
  constraint adly_store_webhook_deliveries_store_connection_id_fkey foreign key (store_connection_id)
    references adly.store_connections (id) on delete cascade,
  -- nulls distinct: deliveries without an id never conflict
  constraint adly_store_webhook_deliveries_delivery_key unique (store_connection_id, delivery_id, body_sha256),
  constraint adly_store_webhook_deliveries_platform_check
    check (platform in ('shopify', 'woocommerce', 'salla', 'zid')),
  constraint adly_store_webhook_deliveries_delivery_id_length check (char_length(delivery_id) between 1 and 255),
  constraint adly_store_webhook_deliveries_body_sha256_length check (octet_length(body_sha256) = 32),
  constraint adly_store_webhook_deliveries_topic_length check (char_length(topic) <= 100),
  constraint adly_store_webhook_deliveries_attempts_positive check (attempts >= 1),
  constraint adly_store_webhook_deliveries_outcome_check check (outcome in (
    'received', 'created', 'updated', 'stale', 'deleted', 'unknown', 'ignored', 'rejected'
  )),
  constraint adly_store_webhook_deliveries_entity_check check (entity in ('product', 'order')),
  constraint adly_store_webhook_deliveries_external_id_length check (char_length(external_id) between 1 and 255),
  constraint adly_store_webhook_deliveries_detail_length check (char_length(detail) <= 1000)
);
comment on table private.adly_store_webhook_deliveries is
  'Every authentic store webhook delivery, kept 30 days: platform, delivery id (the platform''s, when it has one), '
  'SHA-256 of the body, topic, first and last arrival, arrivals, and the outcome: created, updated, stale, deleted, '
  'unknown (the store sync functions''), ignored (a topic not handled) or rejected (detail says why). A delivery with '
  'the same id and the same body as a recorded one is a duplicate, answered without being applied again, except after '
  'a rejection. outcome is received only inside the delivery''s own transaction.';

-- ============================================================================================
-- indexes
-- ============================================================================================

-- retention; the unique key leads with store_connection_id, which covers the foreign key
create index adly_store_webhook_deliveries_last_received_at_idx
  on private.adly_store_webhook_deliveries (last_received_at);

-- ============================================================================================
-- helpers
-- ============================================================================================

-- The first step of a delivery's transaction: records it, or finds it recorded. A concurrent copy
-- of the same delivery waits on the unique key until the first commits (then it is a duplicate)
-- or rolls back (then it records the delivery itself).
create function private.adly_store_delivery_begin(
  p_store_connection_id uuid,
  p_platform text,
  p_delivery_id text,
  p_body_sha256 bytea,
  p_topic text
)
returns table (log_id bigint, duplicate_of text)
language plpgsql
security definer
-- definer: the delivery log is reachable by no API role
set search_path = ''
as $$
declare
  v_id bigint;
  v_outcome text;
  v_inserted boolean;
begin
  insert into private.adly_store_webhook_deliveries as d
    (store_connection_id, platform, delivery_id, body_sha256, topic)
  values (p_store_connection_id, p_platform, p_delivery_id, p_body_sha256, p_topic)
  on conflict (store_connection_id, delivery_id, body_sha256) do update
    set attempts = d.attempts + 1,
        last_received_at = now()
  returning d.id, d.outcome, (d.xmax = 0) into v_id, v_outcome, v_inserted;
  -- a rejected delivery is handled anew: its cause may have been fixed since
  return query select v_id, case when not v_inserted and v_outcome <> 'rejected' then v_outcome end;
end;
$$;
revoke execute on function private.adly_store_delivery_begin(uuid, text, text, bytea, text) from public;
grant execute on function private.adly_store_delivery_begin(uuid, text, text, bytea, text) to service_role;
comment on function private.adly_store_delivery_begin(uuid, text, text, bytea, text) is
  'store-webhook (service_role): records an authentic delivery, or counts another arrival of one recorded with the '
  'same delivery id and body. duplicate_of: the outcome recorded for it (the delivery must not be applied again), or '
  'null (a new delivery, one without a delivery id, or one rejected before).';

create function private.adly_store_delivery_finish(
  p_log_id bigint,
  p_outcome text,
  p_entity text,
  p_external_id text,
  p_detail text
)
returns void
language plpgsql
security definer
-- definer: the delivery log is reachable by no API role
set search_path = ''
as $$
begin
  if p_outcome is null or p_outcome = 'received' then
    raise exception 'a delivery finishes with its outcome' using errcode = '22023';
  end if;
  update private.adly_store_webhook_deliveries d
     set outcome = p_outcome, entity = p_entity, external_id = p_external_id, detail = left(p_detail, 1000)
   where d.id = p_log_id;
  if not found then
    raise exception 'unknown delivery %', p_log_id using errcode = 'P0002';
  end if;
end;
$$;
revoke execute on function private.adly_store_delivery_finish(bigint, text, text, text, text) from public;
grant execute on function private.adly_store_delivery_finish(bigint, text, text, text, text) to service_role;
comment on function private.adly_store_delivery_finish(bigint, text, text, text, text) is
  'store-webhook (service_role): records what came of a delivery begun in the same transaction (the entity and its '
  'external id when known; for a rejection, why).';

-- ============================================================================================
-- jobs
-- ============================================================================================

-- Deliveries whose last arrival is 30 days old: long past any platform's retries (Shopify retries
-- for 4 hours), and old enough for operators to have looked at what was rejected.
create function private.job_adly_store_webhook_deliveries(p_now timestamptz, p_limit integer)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_deleted integer;
begin
  with gone as (
    delete from private.adly_store_webhook_deliveries d
     where d.id in (select d2.id from private.adly_store_webhook_deliveries d2
                     where d2.last_received_at < p_now - interval '30 days'
                     order by d2.last_received_at limit p_limit for update skip locked)
    returning 1
  )
  select count(*) into v_deleted from gone;
  return jsonb_build_object('deleted', v_deleted,
    'more', exists (select 1 from private.adly_store_webhook_deliveries d
                     where d.last_received_at < p_now - interval '30 days'));
end;
$$;
revoke execute on function private.job_adly_store_webhook_deliveries(timestamptz, integer) from public;

-- ============================================================================================
-- policies: none (RLS on, no API role has a grant)
-- ============================================================================================

alter table private.adly_store_webhook_deliveries enable row level security;
revoke all on private.adly_store_webhook_deliveries from public, anon, authenticated, service_role;

-- ============================================================================================
-- registration
-- ============================================================================================

insert into private.scheduled_jobs (name, schedule, job_function, edge_function, batch_size, description) values
  ('adly-store-webhook-deliveries', '25 * * * *', 'private.job_adly_store_webhook_deliveries', null, 10000,
   'ADLY store webhook deliveries last received 30 days ago are deleted from the delivery log.');

select private.schedule_jobs();
