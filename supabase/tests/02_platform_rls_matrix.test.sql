-- The RLS matrix, checked by behaviour. Every cell of the pgTAP matrix (fixtures/rls_matrix/) is
-- run as its role, and for authenticated as every user of the seed and of the ADLY fixture,
-- against every row (tests.rls_reached_rows); the rows reached must be exactly the rows the
-- cell's scopes select, and a 'denied' cell must lack the privilege. The session states of a user
-- with a second factor are run last, once every user has one. docs/rls-matrix.md is generated
-- from the policies, and the test command checks it names the same cells.
begin;

\ir fixtures/adly_tenants.psql
\ir fixtures/rls_matrix.psql
\ir fixtures/rls_matrix/adly.psql
\ir fixtures/rls_matrix/courses.psql
\ir fixtures/rls_matrix/dtf.psql
\ir fixtures/rls_matrix/marketplace.psql
\ir fixtures/rls_matrix_rows/adly.psql
\ir fixtures/rls_matrix_rows/courses.psql
\ir fixtures/rls_matrix_rows/dtf.psql
\ir fixtures/rls_matrix_rows/marketplace.psql

-- The rows (as keys) of a relation that a predicate selects, evaluated as the connecting
-- superuser but with the claims of the acting user (the views filter on them). For insert the
-- predicate sees each row as the role's copy of it would be: the columns the role may not insert
-- are null (anon cannot name contact_messages.user_id, so its copy of any message is anonymous).
create function pg_temp.rows_where(relation regclass, role text, operation text, user_email text, predicate text,
  least_role text)
returns text[]
language plpgsql
as $$
declare
  hidden_columns text[] := case when operation = 'insert' then array(
    select a.attname from pg_attribute a
    where a.attrelid = relation and a.attnum > 0 and not a.attisdropped
      and not has_column_privilege(tests.api_role(role), relation, a.attnum, 'insert')) else '{}' end;
  keys text[];
begin
  perform tests.act_as(role, user_email);
  perform set_config('role', 'none', true);
  execute format(
    'select coalesce(array_agg(%s), ''{}'') from %s t cross join lateral jsonb_populate_record(null::%s, ' ||
    'to_jsonb(t) - $3) r where %s',
    tests.rls_row_key(relation, 't'), relation, relation, predicate)
    into keys using tests.get_user_id(user_email), least_role, hidden_columns;
  perform tests.clear_authentication();
  return keys;
end;
$$;

-- The rows named by keys, as JSON, to show in a failure.
create function pg_temp.describe(relation regclass, keys text[])
returns text
language plpgsql
as $$
declare
  shown text;
begin
  if cardinality(keys) = 0 then return 'none'; end if;
  execute format(
    'select string_agg(left(to_jsonb(r)::text, 160), ''; '') from %s r where %s = any ($1)',
    relation, tests.rls_row_key(relation, 'r'))
    into shown using keys;
  return shown;
end;
$$;

-- What is wrong with one cell: nothing (an empty array), or one line per user whose reach differs.
create function pg_temp.cell_problems(relation text, role text, operation text, cell text)
returns text[]
language plpgsql
as $$
declare
  users text[] := case when tests.api_role(role) = 'authenticated'
    then array(select u.email from auth.users u where u.email is not null order by u.email)
    else array[null::text] end;
  user_email text;
  least_role text;
  wanted_scope text;
  scope_predicate text;
  predicates text[] := '{}';
  scopes text[] := '{}';
  least_roles text[] := '{}';
  most_selected int[] := '{}';
  fewest_selected int[] := '{}';
  most_rows int := 0;
  selected int;
  reached text[];
  expected text[];
  problems text[] := '{}';
begin
  if cell not in ('denied', 'no rows') then
    foreach wanted_scope in array string_to_array(cell, ' + ') loop
      if wanted_scope = 'all rows' then
        predicates := predicates || 'true'::text;
        continue;
      end if;
      if wanted_scope like 'workspace rows (%s)' then
        least_role := substring(wanted_scope from '\((\w+)s\)');
        wanted_scope := 'workspace rows';
      end if;
      select s.predicate into scope_predicate
      from rls_scopes s
      where s.scope = wanted_scope
        and s.relation in (cell_problems.relation, split_part(cell_problems.relation, '.', 1))
        and (s.operation = cell_problems.operation or s.operation is null)
      order by s.relation = cell_problems.relation desc, s.operation is null
      limit 1;
      if scope_predicate is null then
        return array[format('the pgTAP matrix does not say what "%s" means for %s', wanted_scope, relation)];
      end if;
      predicates := predicates || format('(%s)', scope_predicate);
      scopes := scopes || (case when least_role is null then wanted_scope
        else format('%s (%ss)', wanted_scope, least_role) end);
      least_roles := least_roles || least_role;
      most_selected := most_selected || 0;
      fewest_selected := fewest_selected || null::int;
    end loop;
  end if;

  foreach user_email in array users loop
    reached := tests.rls_reached_rows(relation::regclass, role, operation, user_email);
    if cell = 'denied' or reached is null then
      if (cell = 'denied') <> (reached is null) then
        problems := problems || format('%s %s the privilege', coalesce(user_email, role), case when reached is null
        then 'lacks' else 'has' end);
      end if;
      continue;
    end if;
    expected := case when cell = 'no rows' then '{}'
      else pg_temp.rows_where(relation::regclass, role, operation, user_email, array_to_string(predicates, ' or '),
      least_role) end;
    -- does the data put every scope to the test: some row it selects and some it leaves out?
    -- (a view's rows depend on the user, so rows are counted against the most any user sees)
    most_rows := greatest(most_rows, cardinality(pg_temp.rows_where(relation::regclass, role, operation, user_email,
      'true', null)));
    for i in 1 .. cardinality(predicates) loop
      selected := cardinality(pg_temp.rows_where(relation::regclass, role, operation, user_email, predicates[i],
      least_roles[i]));
      most_selected[i] := greatest(most_selected[i], selected);
      fewest_selected[i] := least(fewest_selected[i], selected);
    end loop;
    if not (reached @> expected and expected @> reached) then
      problems := problems || format('%s reaches %s; misses %s',
        coalesce(user_email, role),
        pg_temp.describe(relation::regclass, array(select unnest(reached) except select unnest(expected))),
        pg_temp.describe(relation::regclass, array(select unnest(expected) except select unnest(reached))));
    end if;
  end loop;
  for i in 1 .. cardinality(predicates) loop
    continue when predicates[i] = 'true' or exists (
      select 1 from rls_untestable_scopes u
      where (u.relation, u.role, u.operation, u.scope) = (cell_problems.relation, cell_problems.role,
      cell_problems.operation, scopes[i]));
    if most_selected[i] = 0 or fewest_selected[i] = most_rows then
      problems := problems ||
      format('the rows do not test "%s": it selects %s for every user (add rows in fixtures/rls_matrix_rows/)',
        scopes[i], case when most_selected[i] = 0 then 'no row' else 'every row' end);
    end if;
  end loop;
  return problems;
end;
$$;

select plan((select count(*)::int * 4 from rls_matrix) + 1);

select set_eq(
  'select relation, role from rls_matrix',
  $$
    select format('%s.%s', n.nspname, c.relname), r.role
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    cross join unnest(array['anon', 'authenticated', 'service_role']) as r (role)
    where n.nspname = any (private.exposed_schemas()) and c.relkind in ('r', 'p', 'v', 'm')
    union all
    -- the schemas where a second factor is enforced (docs/auth.md)
    select format('%s.%s', n.nspname, c.relname), r.role
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    cross join unnest(array['authenticated (2FA, unverified session)',
    'authenticated (2FA, verified session)']) as r (role)
    where n.nspname = 'adly' and c.relkind in ('r', 'p', 'v', 'm')
  $$,
  'the pgTAP matrix has a row for every table and view of the exposed schemas and every API role, and for every ' ||
  'ADLY one and session state'
);

select is(
  pg_temp.cell_problems(m.relation, m.role, c.operation, c.cell),
  '{}'::text[],
  format('%s, %s, %s: %s', m.relation, m.role, c.operation, c.cell)
)
from rls_matrix m
cross join lateral (values
  (1, 'select', m.select_rows), (2, 'insert', m.insert_rows), (3, 'update', m.update_rows), (4, 'delete', m.delete_rows)
) as c (position, operation, cell)
where m.role = tests.api_role(m.role)
order by m.relation, m.role, c.position;

-- Every user now gets a second factor and, where the platform can create Auth sessions, a session
-- that passed it. Elsewhere the verified session state cannot be probed.
select tests.enable_second_factor(u.email) from auth.users u where u.email is not null;
select tests.pass_second_factor(tests.sign_in(u.email))
from auth.users u
where u.email is not null and to_regproc('supabase_local.auth_sign_in') is not null;

select case
  when m.role = 'authenticated (2FA, verified session)' and to_regproc('supabase_local.auth_sign_in') is null
    then skip('needs supabase_local.auth_sign_in (the local platform) to create Auth sessions', 1)
  else is(
    pg_temp.cell_problems(m.relation, m.role, c.operation, c.cell),
    '{}'::text[],
    format('%s, %s, %s: %s', m.relation, m.role, c.operation, c.cell))
  end
from rls_matrix m
cross join lateral (values
  (1, 'select', m.select_rows), (2, 'insert', m.insert_rows), (3, 'update', m.update_rows), (4, 'delete', m.delete_rows)
) as c (position, operation, cell)
where m.role <> tests.api_role(m.role)
order by m.relation, m.role, c.position;

select * from finish();
rollback;
