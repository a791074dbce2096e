-- The seed row names (tests.seed_id, generated from the `-- seed:` comments) cannot drift from the
-- seed: every name resolves to a row of its table in the seeded database (or, for a name from a
-- fixture, once the fixture is loaded), no row has two names, and an unknown name fails loudly.
begin;
select plan(4);

\ir fixtures/adly_tenants.psql
\ir fixtures/courses_catalogue.psql

create function pg_temp.seed_row_exists(p_relation text, p_id uuid)
returns boolean
language plpgsql
as $$
declare
  v_found boolean;
begin
  execute format('select exists (select 1 from %s where id = $1)', p_relation::regclass) into v_found using p_id;
  return v_found;
end;
$$;

select isnt_empty($$select * from tests.seed_rows()$$, 'the seed files name rows');
select is_empty(
  $$select name, relation, id from tests.seed_rows() where not pg_temp.seed_row_exists(relation, id)$$,
  'every seed name resolves to a row of its table');
select is_empty($$select relation, id from tests.seed_rows() group by relation, id having count(*) > 1$$,
  'no row has two names');
select throws_ok($$select tests.seed_id('marketplace.workflow:no-such-row')$$,
  'P0002', 'tests.seed_id: no seed row is named marketplace.workflow:no-such-row', 'an unknown name is an error');

select * from finish();
rollback;
