-- ADLY audit: the client address is the one the platform saw, not the first x-forwarded-for entry,
-- which any client can write itself. Hosted Supabase sits behind Cloudflare, which sets
-- cf-connecting-ip (and overwrites a client's own); behind another proxy the right-most
-- x-forwarded-for entry is the address that proxy saw. The edge functions apply the same rule
-- (supabase/functions/_shared/http.ts, clientIp).

-- The headers of the current Data API request (PostgREST's request.headers), or null outside one
-- or when they are not JSON.
create function private.request_headers()
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
begin
  return nullif(current_setting('request.headers', true), '')::jsonb;
exception when invalid_text_representation then
  return null;
end;
$$;
revoke execute on function private.request_headers() from public;
comment on function private.request_headers() is
  'Internal: the current request''s headers as JSON, or null.';

-- The client address of the current Data API request, or null outside one or when unparsable:
-- cf-connecting-ip, else the right-most x-forwarded-for entry, else x-real-ip.
create function private.request_client_ip()
returns inet
language plpgsql
stable
set search_path = ''
as $$
declare
  v_headers jsonb := private.request_headers();
  v_address text;
begin
  v_address := coalesce(
    nullif(btrim(v_headers ->> 'cf-connecting-ip'), ''),
    nullif(btrim(regexp_replace(coalesce(v_headers ->> 'x-forwarded-for', ''), '^.*,', '')), ''),
    nullif(btrim(v_headers ->> 'x-real-ip'), ''));
  return v_address::inet;
exception when invalid_text_representation then
  return null;
end;
$$;
revoke execute on function private.request_client_ip() from public;
comment on function private.request_client_ip() is
  'Internal: the client address of the current request (cf-connecting-ip, '
  'else the right-most x-forwarded-for entry, else x-real-ip), or null.';

-- Writes one audit row with the acting user and, when the request came through the Data API, the
-- client's address and user agent from request.headers.
-- Internal: called by triggers and definer functions only, never granted to an API role.
create or replace function private.adly_write_audit(
  p_workspace_id uuid,
  p_action text,
  p_resource_type text,
  p_resource_id uuid,
  p_details jsonb default null
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- the workspace is being deleted (cascade): its audit rows go with it
  if not exists (select 1 from adly.workspaces w where w.id = p_workspace_id) then
    return;
  end if;

  insert into adly.audit_logs
    (workspace_id, user_id, action, resource_type, resource_id, details, ip_address, user_agent)
  values (
    p_workspace_id,
    (select u.id from adly.users u where u.id = (select auth.uid())),
    p_action,
    p_resource_type,
    p_resource_id,
    p_details,
    private.request_client_ip(),
    left(private.request_headers() ->> 'user-agent', 1000)
  );
end;
$$;
