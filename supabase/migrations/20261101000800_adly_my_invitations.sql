-- ADLY: the open invitations addressed to the caller, with the workspace's name and the inviter's
-- name. An invitee is not a member yet, so RLS lets him read neither the workspace nor the
-- inviter's profile: the invitations table alone shows him only ids.

-- Definer: reads the workspace and the inviter's profile, which the invitee cannot. Answers only
-- for the caller's confirmed email; nothing for anon or an unconfirmed address.
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
revoke execute on function adly.my_workspace_invitations() from public;
grant execute on function adly.my_workspace_invitations() to authenticated;
comment on function adly.my_workspace_invitations() is
  'The caller''s open invitations (confirmed email), newest first, with the workspace name and the inviter''s name, to show before accepting.';
