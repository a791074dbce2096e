-- Auth housekeeping in batches: the scheduled housekeeping job (platform_scheduled_jobs) deletes
-- at most p_limit rows of each kind per run; the otp function's call (no limit) is unchanged.

drop function private.auth_purge(timestamptz);

-- Definer: deletes from tables no API role can touch. Deletes nothing younger than a day past
-- its relevance; returns the number of rows deleted.
create function private.auth_purge(p_now timestamptz, p_limit integer default null)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_total integer := 0;
  v_count integer;
  v_cutoff timestamptz := p_now - interval '1 day';
begin
  delete from private.auth_rate_events e
   where e.ctid = any (array(
     select e2.ctid from private.auth_rate_events e2 where e2.created_at < v_cutoff limit p_limit));
  get diagnostics v_count = row_count;
  v_total := v_total + v_count;
  delete from private.adly_otp_tokens t
   where t.ctid = any (array(
     select t2.ctid from private.adly_otp_tokens t2 where t2.expires_at < v_cutoff limit p_limit));
  get diagnostics v_count = row_count;
  v_total := v_total + v_count;
  delete from private.auth_password_resets r
   where r.ctid = any (array(
     select r2.ctid from private.auth_password_resets r2 where r2.expires_at < v_cutoff limit p_limit));
  get diagnostics v_count = row_count;
  v_total := v_total + v_count;
  delete from private.auth_login_proofs p
   where p.ctid = any (array(
     select p2.ctid from private.auth_login_proofs p2 where p2.expires_at < v_cutoff limit p_limit));
  get diagnostics v_count = row_count;
  return v_total + v_count;
end;
$$;
revoke execute on function private.auth_purge(timestamptz, integer) from public;
grant execute on function private.auth_purge(timestamptz, integer) to service_role;
comment on function private.auth_purge(timestamptz, integer) is
  'service_role only: deletes rate events, codes, reset tokens and login proofs older than a day past expiry, '
  'at most p_limit of each kind (all when null).';
