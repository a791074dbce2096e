-- Marketplace policy helpers. SECURITY DEFINER so that a policy can ask a question about another
-- table (or its own) without going through that table's RLS: this breaks policy recursion and
-- keeps policies short. Each reads only; each is granted to exactly the roles whose policies or
-- functions call it.

-- ============================================================================================
-- helpers
-- ============================================================================================

create function private.marketplace_is_admin()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from marketplace.users u
    where u.id = (select auth.uid())
      and u.role = 'ADMIN'
      and not u.is_deleted
  )
$$;
revoke execute on function private.marketplace_is_admin() from public;
grant execute on function private.marketplace_is_admin() to authenticated;
comment on function private.marketplace_is_admin() is
  'True when the caller is a marketplace admin whose account is not soft-deleted.';

create function private.marketplace_is_active_user()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from marketplace.users u
    where u.id = (select auth.uid())
      and not u.is_deleted
  )
$$;
revoke execute on function private.marketplace_is_active_user() from public;
grant execute on function private.marketplace_is_active_user() to authenticated;
comment on function private.marketplace_is_active_user() is
  'True when the caller has a marketplace account that is not soft-deleted.';

create function private.marketplace_workflow_is_visible(p_workflow_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from marketplace.workflows w
    where w.id = p_workflow_id
      and w.status = 'active'
      and not w.is_deleted
  )
$$;
revoke execute on function private.marketplace_workflow_is_visible(uuid) from public;
grant execute on function private.marketplace_workflow_is_visible(uuid) to anon, authenticated;
comment on function private.marketplace_workflow_is_visible(uuid) is
  'True when the workflow is in the public catalogue (active and not soft-deleted).';

create function private.marketplace_comment_is_visible(p_comment_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from marketplace.comments c
    join marketplace.workflows w on w.id = c.workflow_id
    where c.id = p_comment_id
      and w.status = 'active'
      and not w.is_deleted
  )
$$;
revoke execute on function private.marketplace_comment_is_visible(uuid) from public;
grant execute on function private.marketplace_comment_is_visible(uuid) to anon, authenticated;
comment on function private.marketplace_comment_is_visible(uuid) is
  'True when the comment belongs to a workflow in the public catalogue.';

-- Access to a workflow's package (and the right to review it): admins always; buyers with an
-- ACTIVE purchase while the workflow is not soft-deleted (even if it was archived or expired
-- after the sale); any signed-in user for a free workflow in the catalogue. A soft-deleted
-- marketplace account has no access.
create function private.marketplace_has_access(p_workflow_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select (select auth.uid()) is not null
    and not exists (
      select 1 from marketplace.users u where u.id = (select auth.uid()) and u.is_deleted
    )
    and (
      private.marketplace_is_admin()
      or exists (
        select 1
        from marketplace.workflows w
        where w.id = p_workflow_id
          and not w.is_deleted
          and (
            (w.price = 0 and w.status = 'active')
            or exists (
              select 1
              from marketplace.purchases p
              where p.user_id = (select auth.uid())
                and p.workflow_id = w.id
                and p.status = 'ACTIVE'
            )
          )
      )
    )
$$;
revoke execute on function private.marketplace_has_access(uuid) from public;
grant execute on function private.marketplace_has_access(uuid) to authenticated;
comment on function private.marketplace_has_access(uuid) is
  'True when the caller may download (and review) the workflow: admin, buyer with an ACTIVE '
  'purchase, or any signed-in user for a free catalogue workflow.';

create function private.marketplace_owns_purchase(p_purchase_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from marketplace.purchases p
    where p.id = p_purchase_id
      and p.user_id = (select auth.uid())
  )
$$;
revoke execute on function private.marketplace_owns_purchase(uuid) from public;
grant execute on function private.marketplace_owns_purchase(uuid) to authenticated;
comment on function private.marketplace_owns_purchase(uuid) is
  'True when the purchase belongs to the caller (used by the invoices policy).';
