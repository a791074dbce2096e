-- ADLY: the invitee's list of his open invitations refuses, like every other ADLY RPC
-- (20261201000520), a session that has not passed the caller's second factor. The functions that
-- invite, accept and decline (20261201001500) start with the same guard. Re-created as
-- 20261101000700_adly_workspace_invitations left it, with private.require_second_factor() as its
-- first statement; grants and comment are kept by create or replace.

-- ============================================================================================
-- rpc
-- ============================================================================================

create or replace function adly.my_workspace_invitations()
returns table (
  id uuid,
  workspace_id uuid,
  workspace_name text,
  role adly.workspace_role,
  invited_by_name text,
  expires_at timestamptz
)
language sql
stable
security definer
set search_path = ''
as $$
  select private.require_second_factor();
  select i.id, i.workspace_id, w.name, i.role,
         nullif(btrim(concat_ws(' ', u.first_name, u.last_name)), ''),
         i.expires_at
  from adly.workspace_invitations i
  join adly.workspaces w on w.id = i.workspace_id
  left join adly.users u on u.id = i.invited_by
  where i.email = (select private.adly_confirmed_email())
    and i.accepted_at is null
    and i.declined_at is null
    and i.expires_at > now()
  order by i.created_at desc
$$;
