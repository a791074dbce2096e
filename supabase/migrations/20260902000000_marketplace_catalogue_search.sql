-- The public catalogue as one RPC: active, non-deleted workflows, optionally in a category and a
-- price range, sorted, paginated.
--
-- Why a function and not just the table with RLS: with row level security on, PostgreSQL hides
-- column statistics from operators that are not leakproof (numeric >= and <= among them), so a
-- price filter run as anon or authenticated is estimated at almost no rows and planned as a scan
-- and sort of every match, while the same query without RLS walks the catalogue index (see
-- docs/benchmarks.md). The definer half applies exactly the catalogue's visibility rule itself
-- (status active, not soft-deleted) and returns catalogue columns only, never packages.
--   22023 invalid argument

-- ============================================================================================
-- types
-- ============================================================================================

create type marketplace.catalogue_item as (
  id uuid,
  title varchar(200),
  description text,
  price numeric(12, 2),
  currency char(3),
  tags text[],
  features text[],
  video_url text,
  downloads_count bigint,
  rating_avg numeric(3, 2),
  reviews_count integer,
  category_ids uuid[],
  created_at timestamptz
);
comment on type marketplace.catalogue_item is
  'A workflow as the public catalogue shows it: no package, no internal columns.';

-- ============================================================================================
-- helpers
-- ============================================================================================

create function private.marketplace_search_catalogue(
  p_category_id uuid,
  p_min_price numeric,
  p_max_price numeric,
  p_sort text,
  p_limit integer,
  p_offset integer
)
returns setof marketplace.catalogue_item
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if p_sort is null or p_sort not in ('popular', 'newest', 'price_asc', 'price_desc', 'rating') then
    raise exception 'sort must be popular, newest, price_asc, price_desc or rating' using errcode = '22023';
  end if;
  if p_limit is null or p_limit not between 1 and 100 then
    raise exception 'limit must be between 1 and 100' using errcode = '22023';
  end if;
  if p_offset is null or p_offset not between 0 and 10000 then
    raise exception 'offset must be between 0 and 10000' using errcode = '22023';
  end if;
  if p_min_price < 0 or p_max_price < 0 or p_min_price > p_max_price then
    raise exception 'the price range is invalid' using errcode = '22023';
  end if;

  -- Only the filters asked for, and an ORDER BY the catalogue index can serve: each call is
  -- planned for its own arguments (a generic plan with optional filters would sort every match).
  return query execute format($query$
    select w.id, w.title, w.description, w.price, w.currency, w.tags, w.features, w.video_url,
           w.downloads_count, w.rating_avg, w.reviews_count,
           array(select wc.category_id from marketplace.workflow_categories wc
                  where wc.workflow_id = w.id order by wc.category_id),
           w.created_at
    from marketplace.workflows w
    where w.status = 'active' and w.is_deleted is false %s %s %s
    order by %s
    limit $4 offset $5
    $query$,
    case when p_category_id is not null then
      'and exists (select 1 from marketplace.workflow_categories c where c.workflow_id = w.id and c.category_id = $1)'
    else '' end,
    case when p_min_price is not null then 'and w.price >= $2' else '' end,
    case when p_max_price is not null then 'and w.price <= $3' else '' end,
    case p_sort
      when 'popular' then 'w.downloads_count desc, w.id'
      when 'newest' then 'w.created_at desc, w.id'
      when 'price_asc' then 'w.price, w.id'
      when 'price_desc' then 'w.price desc, w.id'
      else 'w.rating_avg desc nulls last, w.id'
    end)
  using p_category_id, p_min_price, p_max_price, p_limit, p_offset;
end;
$$;
revoke execute on function private.marketplace_search_catalogue(
  uuid, numeric, numeric, text, integer, integer
) from public;
grant execute on function private.marketplace_search_catalogue(uuid, numeric, numeric, text, integer, integer)
  to anon, authenticated, service_role;
comment on function private.marketplace_search_catalogue(uuid, numeric, numeric, text, integer, integer) is
  'Definer half of marketplace.search_catalogue: reads the catalogue without RLS so the planner '
  'sees real statistics, and applies the catalogue visibility rule (active, not deleted) itself.';

-- ============================================================================================
-- rpc
-- ============================================================================================

create function marketplace.search_catalogue(
  p_category_id uuid default null,
  p_min_price numeric default null,
  p_max_price numeric default null,
  p_sort text default 'popular',
  p_limit integer default 24,
  p_offset integer default 0
)
returns setof marketplace.catalogue_item
language sql
stable
security invoker
set search_path = ''
as $$
  select * from private.marketplace_search_catalogue(p_category_id, p_min_price, p_max_price, p_sort, p_limit, p_offset)
$$;
revoke execute on function marketplace.search_catalogue(uuid, numeric, numeric, text, integer, integer) from public;
grant execute on function marketplace.search_catalogue(uuid, numeric, numeric, text, integer, integer)
  to anon, authenticated, service_role;
comment on function marketplace.search_catalogue(uuid, numeric, numeric, text, integer, integer) is
  'The public catalogue: active, non-deleted workflows, optionally in one category and a price '
  'range; sort popular (most downloaded), newest, price_asc, price_desc or rating; at most 100 a page.';
