-- Rate limits count every event of the window, also one a concurrent request stamped a moment
-- later than this one's clock: requests take their time before they queue on the bucket's lock,
-- so the holder before them may carry a later timestamp. Counting only events up to this
-- request's own time let a burst through (10 concurrent requests for one e-mail: 6 accepted,
-- where the limit is 5).

create or replace function private.auth_rate_retry_after(
  p_bucket text, p_key_hash text, p_limit integer, p_window interval, p_now timestamptz
)
returns integer
language sql
stable
set search_path = ''
as $$
  select coalesce((
    select greatest(1, ceil(extract(epoch from (e.created_at + p_window - p_now))))::integer
    from private.auth_rate_events e
    where e.bucket = p_bucket and e.key_hash = p_key_hash
      and e.created_at > p_now - p_window
    order by e.created_at desc
    offset greatest(p_limit - 1, 0)
    limit 1
  ), 0)
$$;
revoke execute on function private.auth_rate_retry_after(text, text, integer, interval, timestamptz) from public;
comment on function private.auth_rate_retry_after(text, text, integer, interval, timestamptz) is
  'Internal: 0 when the bucket has fewer than p_limit events in the window ending at p_now (later events '
  'of concurrent requests included), otherwise the seconds until one leaves the window. Call under auth_rate_lock.';
