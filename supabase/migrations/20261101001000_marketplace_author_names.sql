-- Marketplace: the names of the authors of public comments and reviews. users holds emails, so
-- only its owner and admins read it, and a frontend could show comments and reviews without their
-- authors' names. This function gives the name, and nothing else, of a user who wrote a comment or
-- a review that the catalogue shows; any other id gets no row, so it cannot list the user base.

-- Definer: reads marketplace.users, which RLS keeps to its owner and admins.
create function private.marketplace_author_names(p_user_ids uuid[])
returns table (user_id uuid, name text)
language sql
stable
security definer
set search_path = ''
as $$
  select u.id, u.name::text
  from marketplace.users u
  where u.id = any (p_user_ids[1:200])
    and not u.is_deleted
    and (
      exists (
        select 1
        from marketplace.comments c
        join marketplace.workflows w on w.id = c.workflow_id
        where c.user_id = u.id and w.status = 'active' and not w.is_deleted
      )
      or exists (
        select 1
        from marketplace.workflow_reviews r
        join marketplace.workflows w on w.id = r.workflow_id
        where r.user_id = u.id and w.status = 'active' and not w.is_deleted
      )
    )
$$;
revoke execute on function private.marketplace_author_names(uuid[]) from public;
grant execute on function private.marketplace_author_names(uuid[]) to anon, authenticated, service_role;
comment on function private.marketplace_author_names(uuid[]) is
  'Definer half of marketplace.author_names(uuid[]).';

create function marketplace.author_names(p_user_ids uuid[])
returns table (user_id uuid, name text)
language sql
stable
security invoker
set search_path = ''
as $$
  select * from private.marketplace_author_names(p_user_ids)
$$;
revoke execute on function marketplace.author_names(uuid[]) from public;
grant execute on function marketplace.author_names(uuid[]) to anon, authenticated, service_role;
comment on function marketplace.author_names(uuid[]) is
  'The names of the given users (at most 200 ids) who wrote a comment or review '
  'on a catalogue workflow; other ids, and soft-deleted accounts, get no row.';
