-- Counters the database maintains: comments.likes_count from comment_likes, and
-- workflows.rating_avg / reviews_count from workflow_reviews. Clients hold no privilege on these
-- columns (see the _grants migration); these triggers are the only writers besides the download
-- function.

-- ============================================================================================
-- triggers
-- ============================================================================================

-- A relative single-statement update: concurrent likes each add exactly one, because the row
-- lock makes the second update re-read the committed value.
create function private.marketplace_count_comment_like()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    update marketplace.comments c set likes_count = c.likes_count + 1 where c.id = new.comment_id;
    return new;
  end if;
  update marketplace.comments c
  set likes_count = greatest(c.likes_count - 1, 0)
  where c.id = old.comment_id;
  return old;
end;
$$;
revoke execute on function private.marketplace_count_comment_like() from public;
comment on function private.marketplace_count_comment_like() is
  'AFTER INSERT/DELETE on comment_likes: keeps comments.likes_count exact.';

create trigger count_comment_like
  after insert or delete on marketplace.comment_likes
  for each row execute function private.marketplace_count_comment_like();

-- The workflow row is locked first, then the aggregate is recomputed in a new statement, which
-- in READ COMMITTED sees every review committed before the lock was granted: two concurrent
-- reviews cannot both compute from a stale set.
create function private.marketplace_refresh_workflow_rating(p_workflow_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform 1 from marketplace.workflows w where w.id = p_workflow_id for update;
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
  'Recomputes workflows.rating_avg and reviews_count under the workflow''s row lock.';

create function private.marketplace_review_changed()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform private.marketplace_refresh_workflow_rating(old.workflow_id);
  end if;
  if tg_op in ('INSERT', 'UPDATE') and (tg_op = 'INSERT' or new.workflow_id <> old.workflow_id) then
    perform private.marketplace_refresh_workflow_rating(new.workflow_id);
  end if;
  return null;
end;
$$;
revoke execute on function private.marketplace_review_changed() from public;
comment on function private.marketplace_review_changed() is
  'AFTER INSERT/UPDATE/DELETE on workflow_reviews: refreshes the workflow''s rating aggregate.';

create trigger review_changed
  after insert or delete or update of rating, workflow_id on marketplace.workflow_reviews
  for each row execute function private.marketplace_review_changed();
