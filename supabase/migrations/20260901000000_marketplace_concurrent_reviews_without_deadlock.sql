-- Fix: concurrent reviews of one workflow deadlocked (SQLSTATE 40P01).
--
-- Inserting a review checks its foreign key first, which takes a FOR KEY SHARE lock on the
-- workflow row; the review_changed trigger then asked for FOR UPDATE on the same row. FOR UPDATE
-- conflicts with FOR KEY SHARE, so two reviews inserted at the same time each held the weak lock
-- the other needed and PostgreSQL aborted all but one of them: with 30 users reviewing at once,
-- most reviews failed with "deadlock detected".
--
-- The rating refresh only changes non-key columns, so FOR NO KEY UPDATE is enough: it still
-- serialises concurrent refreshes of the same workflow (it conflicts with itself), so each
-- recount runs after the previous one committed and sees its review, but it does not conflict
-- with the foreign-key checks of concurrent inserts.

-- ============================================================================================
-- helpers
-- ============================================================================================

create or replace function private.marketplace_refresh_workflow_rating(p_workflow_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- Wait for every other refresh of this workflow; the recount below is a new statement, so in
  -- READ COMMITTED it sees every review committed before the lock was granted.
  perform 1 from marketplace.workflows w where w.id = p_workflow_id for no key update;
  if not found then
    return;
  end if;
  update marketplace.workflows w
  set reviews_count = s.n,
      rating_avg = s.avg_rating
  from (
    select count(*)::integer as n, round(avg(r.rating), 2) as avg_rating
    from marketplace.workflow_reviews r
    where r.workflow_id = p_workflow_id
  ) s
  where w.id = p_workflow_id
    and (w.reviews_count is distinct from s.n or w.rating_avg is distinct from s.avg_rating);
end;
$$;
revoke execute on function private.marketplace_refresh_workflow_rating(uuid) from public;
comment on function private.marketplace_refresh_workflow_rating(uuid) is
  'Recomputes workflows.rating_avg and reviews_count under the workflow''s row lock (FOR NO KEY '
  'UPDATE, which does not conflict with the foreign-key checks of concurrent review inserts).';
