-- The queue of Storage deletions as the storage-cleanup function works it: claims take the oldest
-- rows and never rows another run holds until its lease lapses; confirmed rows leave the queue;
-- refused ones stay with their attempts and error; only service_role may call any of it.
begin;
select plan(23);

-- ============================================================================================
-- privileges
-- ============================================================================================

select results_eq(
  $$select p.oid::regprocedure::text, p.prosecdef, p.proconfig collate "default",
           has_function_privilege('anon', p.oid, 'execute'),
           has_function_privilege('authenticated', p.oid, 'execute'),
           has_function_privilege('service_role', p.oid, 'execute')
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'private' and p.proname like 'storage\_deletions\_%'
     order by 1$$,
  $$values
    ('private.storage_deletions_claim(timestamp with time zone,integer)', true, array['search_path=""'], false, false,
      true),
    ('private.storage_deletions_confirm(uuid,text,text[])', true, array['search_path=""'], false, false, true),
    ('private.storage_deletions_fail(uuid,text,text[],text)', true, array['search_path=""'], false, false, true)$$,
  'the queue functions run as definer with an empty search_path, for service_role only');

select tests.authenticate_as_anon();
select throws_ok($$select private.storage_deletions_claim()$$, '42501', null, 'anon cannot claim deletions');
select tests.clear_authentication();
select tests.create_user('storage-cleanup@example.com', '{"product": "dtf"}');
select tests.authenticate_as('storage-cleanup@example.com');
select throws_ok($$select private.storage_deletions_confirm(gen_random_uuid(), 'dtf-images', array['x'])$$, '42501',
  null,
  'a signed-in user cannot confirm deletions');
select throws_ok($$select private.storage_deletions_fail(gen_random_uuid(), 'dtf-images', array['x'], 'no')$$, '42501',
  null,
  'a signed-in user cannot record failures');
select tests.clear_authentication();

-- ============================================================================================
-- fixtures: five queued objects, oldest first a..e, and the claims the tests take
-- ============================================================================================

delete from private.storage_deletions;
insert into private.storage_deletions (bucket_id, object_name, requested_at, reason)
select 'dtf-images', 'u/' || name, timestamptz '2026-12-01 10:00:00+00' + n * interval '1 minute', 'test'
  from unnest(array['a', 'b', 'c', 'd', 'e']) with ordinality as t(name, n);

create temporary table claims (name text primary key, result jsonb not null);
grant select, insert on claims to service_role;
create temporary table t0 as select timestamptz '2026-12-01 12:00:00+00' as at;
grant select on t0 to service_role;

create function pg_temp.names(p_claim text) returns text[] language sql as $$
  select coalesce(array_agg(o.object ->> 'object_name' order by o.n), '{}')
    from claims c, jsonb_array_elements(c.result -> 'objects') with ordinality as o(object, n)
   where c.name = p_claim
$$;
create function pg_temp.claim_id(p_claim text) returns uuid language sql as $$
  select (c.result ->> 'claim_id')::uuid from claims c where c.name = p_claim
$$;
grant execute on function pg_temp.names(text), pg_temp.claim_id(text) to service_role;

select tests.authenticate_as_service_role();

-- ============================================================================================
-- claims
-- ============================================================================================

insert into claims select 'first', private.storage_deletions_claim((select at from t0), 2);
select is(pg_temp.names('first'), array['u/a', 'u/b'], 'a claim takes the oldest rows, up to its limit');
select is((select (result -> 'more')::boolean from claims where name = 'first'), true, 'and says more are waiting');
select is((select result -> 'objects' -> 0 from claims where name = 'first'),
  '{"bucket_id": "dtf-images", "object_name": "u/a"}'::jsonb, 'each object with its bucket');

insert into claims select 'second', private.storage_deletions_claim((select at from t0), 2);
select is(pg_temp.names('second'), array['u/c', 'u/d'], 'a second run skips the rows the first one holds');

insert into claims select 'third', private.storage_deletions_claim((select at from t0), 2);
select is(pg_temp.names('third'), array['u/e'], 'a third run takes what is left');
select is((select (result -> 'more')::boolean from claims where name = 'third'), false, 'and nothing more is waiting');

insert into claims select 'empty', private.storage_deletions_claim((select at from t0), 2);
select is(pg_temp.names('empty'), '{}'::text[], 'while every row is held, a run claims nothing');

select throws_ok($$select private.storage_deletions_claim(now(), 0)$$, '22023', 'p_limit must be at least 1',
  'a claim of nothing is refused');

-- ============================================================================================
-- confirm and fail
-- ============================================================================================

select is(private.storage_deletions_confirm(pg_temp.claim_id('second'), 'dtf-images', array['u/a', 'u/b']), 0,
  'a run cannot confirm rows another run holds');
select is(private.storage_deletions_confirm(pg_temp.claim_id('first'), 'other-bucket', array['u/a', 'u/b']), 0,
  'nor objects of another bucket');
select is(private.storage_deletions_confirm(pg_temp.claim_id('first'), 'dtf-images', array['u/a', 'u/b', 'u/zzz']), 2,
  'confirmed rows leave the queue (an object never queued counts for nothing)');

select is(private.storage_deletions_fail(pg_temp.claim_id('second'), 'dtf-images', array['u/c', 'u/d'],
  'storage answered 503'), 2,
  'a refusal is recorded for the claimed rows');
select tests.clear_authentication();
select results_eq(
  $$select object_name, attempts, last_error, claimed_by is null from private.storage_deletions order by object_name$$,
  $$values ('u/c', 1, 'storage answered 503', true), ('u/d', 1, 'storage answered 503', true),
  ('u/e', 0, null, false)$$,
  'refused rows stay with one more attempt and the error, released; confirmed ones are gone');
select tests.authenticate_as_service_role();

insert into claims select 'retry', private.storage_deletions_claim((select at from t0), 10);
select is(pg_temp.names('retry'), array['u/c', 'u/d'], 'the next run retries refused rows at once');

-- ============================================================================================
-- leases
-- ============================================================================================

insert into claims select 'takeover', private.storage_deletions_claim((select at + interval '16 minutes' from t0), 10);
select is(pg_temp.names('takeover'), array['u/c', 'u/d', 'u/e'], 'rows of a run whose lease lapsed are claimed again');
select is(private.storage_deletions_confirm(pg_temp.claim_id('third'), 'dtf-images', array['u/e']), 0,
  'the run that lost its lease confirms nothing');
select is(private.storage_deletions_fail(pg_temp.claim_id('retry'), 'dtf-images', array['u/c'], 'late'), 0,
  'nor records a failure');
select is(private.storage_deletions_confirm(pg_temp.claim_id('takeover'), 'dtf-images', array['u/c', 'u/d', 'u/e']), 3,
  'the run that took over confirms them');

-- ============================================================================================
-- batch size
-- ============================================================================================

select tests.clear_authentication();
insert into private.storage_deletions (bucket_id, object_name, reason)
values ('dtf-images', 'u/f', 'test'), ('dtf-images', 'u/g', 'test');
update private.scheduled_jobs set batch_size = 1 where name = 'storage-cleanup';
select tests.authenticate_as_service_role();
select is(jsonb_array_length(private.storage_deletions_claim() -> 'objects'), 1,
  'without a limit, a claim takes the storage-cleanup job''s batch size');

select * from finish();
rollback;
