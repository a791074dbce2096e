-- Marketplace: the catalogue's category links without a helper call per row, and an access path
-- for "active, not deleted, most downloaded first".
--
-- The link policies called private.marketplace_workflow_is_visible(workflow_id) for each link row:
-- a SECURITY DEFINER call that cannot become a once-per-statement InitPlan because it takes a
-- column. They now read the workflow in the policy itself, which the planner runs as a plain index
-- probe (no recursion: the workflows policies never read workflow_categories). The rule is
-- unchanged: a link is readable when its workflow is in the public catalogue (active, not
-- soft-deleted), and every link by an admin.
--
-- Replaces the two read policies of marketplace.workflow_categories created in
-- 20260201000700_marketplace_policies.sql (same names).

-- ============================================================================================
-- indexes
-- ============================================================================================

-- The catalogue sorted by popularity (PostgREST sends is_deleted=is.false as `is_deleted is false`,
-- which this predicate matches); the ties are broken by id so that pages are stable.
create index idx_workflows_catalogue_popular on marketplace.workflows (downloads_count desc, id)
  where status = 'active' and is_deleted is false;

-- ============================================================================================
-- policies
-- ============================================================================================

drop policy "anyone can read categories of catalogue workflows" on marketplace.workflow_categories;
create policy "anyone can read categories of catalogue workflows"
  on marketplace.workflow_categories for select to anon
  using (
    exists (
      select 1 from marketplace.workflows w
       where w.id = workflow_id and w.status = 'active' and not w.is_deleted
    )
  );

drop policy "user can read categories of catalogue workflows, admin all" on marketplace.workflow_categories;
create policy "user can read categories of catalogue workflows, admin all"
  on marketplace.workflow_categories for select to authenticated
  using (
    exists (
      select 1 from marketplace.workflows w
       where w.id = workflow_id and w.status = 'active' and not w.is_deleted
    )
    or (select private.marketplace_is_admin())
  );
