-- marketplace.search_catalogue: the catalogue RPC shows exactly what the catalogue's RLS shows
-- anon (active, non-deleted workflows), filters and sorts as asked, and refuses bad arguments.
begin;
select plan(14);

-- Tests' own workflows beside the seed's: a draft, a deleted one and active ones in one category.
insert into marketplace.categories (id, name, slug, position)
values ('c2000000-0000-4000-8000-000000000001', 'Search test', 'search-test', 99);
insert into marketplace.workflows (id, title, price, status, is_deleted, downloads_count) values
  ('b2000000-0000-4000-8000-000000000001', 'Cheap and popular', 5, 'active', false, 500),
  ('b2000000-0000-4000-8000-000000000002', 'Mid priced', 20, 'active', false, 10),
  ('b2000000-0000-4000-8000-000000000003', 'Pricey', 90, 'active', false, 50),
  ('b2000000-0000-4000-8000-000000000004', 'Draft in the category', 20, 'draft', false, 900),
  ('b2000000-0000-4000-8000-000000000005', 'Deleted in the category', 20, 'active', true, 900);
insert into marketplace.workflow_categories (workflow_id, category_id)
select w.id, 'c2000000-0000-4000-8000-000000000001' from marketplace.workflows w where w.id::text like 'b2000000-%';

select tests.authenticate_as_anon();

select results_eq(
  $$select id from marketplace.search_catalogue(p_limit => 100) order by id$$,
  $$select id from marketplace.workflows order by id$$,
  'anon: the catalogue RPC returns exactly the workflows RLS lets anon read'
);
select results_eq(
  $$select id from marketplace.search_catalogue('c2000000-0000-4000-8000-000000000001')$$,
  $$values ('b2000000-0000-4000-8000-000000000001'::uuid), ('b2000000-0000-4000-8000-000000000003'::uuid),
           ('b2000000-0000-4000-8000-000000000002'::uuid)$$,
  'a category, most downloaded first; drafts and deleted workflows are left out'
);
select results_eq(
  $$select id from marketplace.search_catalogue('c2000000-0000-4000-8000-000000000001', 10, 50)$$,
  $$values ('b2000000-0000-4000-8000-000000000002'::uuid)$$,
  'a price range is inclusive and combines with the category'
);
select results_eq(
  $$select id from marketplace.search_catalogue('c2000000-0000-4000-8000-000000000001', p_sort => 'price_desc')$$,
  $$values ('b2000000-0000-4000-8000-000000000003'::uuid), ('b2000000-0000-4000-8000-000000000002'::uuid),
           ('b2000000-0000-4000-8000-000000000001'::uuid)$$,
  'sort by price, highest first'
);
select results_eq(
  $$select id from marketplace.search_catalogue('c2000000-0000-4000-8000-000000000001', p_limit => 1, p_offset => 1)$$,
  $$values ('b2000000-0000-4000-8000-000000000003'::uuid)$$,
  'limit and offset page through the result'
);
select is(
  (select category_ids from marketplace.search_catalogue(p_limit => 100)
    where id = tests.seed_id('marketplace.workflow:lead-capture')),
  array[tests.seed_id('marketplace.category:automation'), tests.seed_id('marketplace.category:sales-crm')]::uuid[],
  'each row lists its categories'
);
select is(
  (select array_agg(a.attname::text order by a.attnum)
   from pg_attribute a
   where a.attrelid = (select t.typrelid from pg_type t where t.oid = 'marketplace.catalogue_item'::regtype)
     and a.attnum > 0),
  array['id', 'title', 'description', 'price', 'currency', 'tags', 'features', 'video_url',
        'downloads_count', 'rating_avg', 'reviews_count', 'category_ids', 'created_at'],
  'a catalogue item has the catalogue columns only: no package URL');

select throws_ok($$select * from marketplace.search_catalogue(p_limit => 0)$$, '22023',
  'limit must be between 1 and 100', 'a limit below 1 is refused');
select throws_ok($$select * from marketplace.search_catalogue(p_limit => 101)$$, '22023',
  'limit must be between 1 and 100', 'a limit above 100 is refused');
select throws_ok($$select * from marketplace.search_catalogue(p_offset => -1)$$, '22023',
  'offset must be between 0 and 10000', 'a negative offset is refused');
select throws_ok($$select * from marketplace.search_catalogue(p_min_price => 50, p_max_price => 10)$$, '22023',
  'the price range is invalid', 'a reversed price range is refused');
select throws_ok($$select * from marketplace.search_catalogue(p_sort => 'title; drop table x')$$, '22023',
  'sort must be popular, newest, price_asc, price_desc or rating', 'an unknown sort is refused');

select tests.authenticate_as('alice@example.com');
select results_eq(
  $$select id from marketplace.search_catalogue(p_limit => 100) order by id$$,
  $$select id from marketplace.workflows where status = 'active' and not is_deleted order by id$$,
  'a signed-in user gets the same catalogue'
);

select tests.authenticate_as('admin@example.com');
select is(
  (select count(*)::int from marketplace.search_catalogue('c2000000-0000-4000-8000-000000000001')),
  3, 'an admin searching the catalogue also sees only what is for sale');

select * from finish();
rollback;
