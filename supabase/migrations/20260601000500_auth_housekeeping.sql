-- Housekeeping: rows that only mattered for a while (rate events, dead codes, reset tokens,
-- exchanged proofs) are deleted a day after they stop mattering. The otp function runs it with
-- each request; a hosted project may also schedule it (pg_cron) as service_role.

-- ============================================================================================
-- indexes
-- ============================================================================================

create index adly_otp_tokens_expires_at_idx on private.adly_otp_tokens (expires_at);
create index auth_password_resets_expires_at_idx on private.auth_password_resets (expires_at);

-- ============================================================================================
-- rpc (service_role only)
-- ============================================================================================

-- Definer: deletes from tables no API role can touch. Deletes nothing younger than a day past
-- its relevance; returns the number of rows deleted.
create function private.auth_purge(p_now timestamptz)
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
  delete from private.auth_rate_events e where e.created_at < v_cutoff;
  get diagnostics v_count = row_count;
  v_total := v_total + v_count;
  delete from private.adly_otp_tokens t where t.expires_at < v_cutoff;
  get diagnostics v_count = row_count;
  v_total := v_total + v_count;
  delete from private.auth_password_resets r where r.expires_at < v_cutoff;
  get diagnostics v_count = row_count;
  v_total := v_total + v_count;
  delete from private.auth_login_proofs p where p.expires_at < v_cutoff;
  get diagnostics v_count = row_count;
  return v_total + v_count;
end;
$$;
revoke execute on function private.auth_purge(timestamptz) from public;
grant execute on function private.auth_purge(timestamptz) to service_role;
comment on function private.auth_purge(timestamptz) is
  'service_role only: deletes rate events, codes, reset tokens and login proofs older than a day past expiry.';
