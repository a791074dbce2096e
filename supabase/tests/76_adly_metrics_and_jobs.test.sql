-- Derived metrics and the generation job state machine: ctr, cpc and roas are generated from
-- the raw counts (null on division by zero, never writable); one metrics row per campaign and
-- day; jobs move pending -> processing -> completed | failed only, completed_at set once.
begin;
select plan(30);

\ir fixtures/adly_tenants.psql

-- campaign metrics ----------------------------------------------------------------------------
select tests.authenticate_as_service_role();
insert into adly.campaign_metrics (campaign_id, date, impressions, clicks, spend, conversions, revenue)
values (tests.seed_id('adly.campaign:one'), date '2026-03-01', 1000, 25, 50.00, 3, 200.00),
       (tests.seed_id('adly.campaign:one'), date '2026-03-02', 0, 0, 0, 0, 0),
       (tests.seed_id('adly.campaign:one'), date '2026-03-03', 3, 1, 0.10, 0, 0);
select tests.clear_authentication();
select results_eq(
  $$select ctr, cpc, roas from adly.campaign_metrics where campaign_id = tests.seed_id('adly.campaign:one')
    and date >= '2026-03-01' order by date$$,
  $$values (0.0250::numeric, 2.00::numeric, 4.00::numeric), (null, null, null),
  (0.3333::numeric, 0.10::numeric, 0.00::numeric)$$,
  'ctr = clicks/impressions, cpc = spend/clicks, roas = revenue/spend, null on division by zero');
update adly.campaign_metrics set clicks = 50, spend = 0 where campaign_id = tests.seed_id('adly.campaign:one')
  and date = '2026-03-01';
select results_eq(
  $$select ctr, cpc, roas from adly.campaign_metrics where campaign_id = tests.seed_id('adly.campaign:one')
    and date = '2026-03-01'$$,
  $$values (0.0500::numeric, 0.00::numeric, null::numeric)$$, 'changing the counts recomputes the rates');
select throws_ok($$insert into adly.campaign_metrics (campaign_id, date, ctr)
  values (tests.seed_id('adly.campaign:one'), '2026-03-09', 0.5)$$,
  '428C9', 'cannot insert a non-DEFAULT value into column "ctr"', 'a ctr cannot be stored');
select throws_ok($$update adly.campaign_metrics set roas = 99 where campaign_id = tests.seed_id('adly.campaign:one')$$,
  '428C9', 'column "roas" can only be updated to DEFAULT', 'a roas cannot be overwritten');
select throws_ok($$insert into adly.campaign_metrics (campaign_id, date)
  values (tests.seed_id('adly.campaign:one'), '2026-03-01')$$,
  '23505', 'duplicate key value violates unique constraint "campaign_metrics_campaign_date_key"',
  'one metrics row per campaign and day');
select throws_ok($$insert into adly.campaign_metrics (campaign_id, date, clicks)
  values (tests.seed_id('adly.campaign:one'), '2026-03-10', -1)$$,
  '23514', null, 'negative counts are refused');

select tests.authenticate_as('member@adly.test');
select throws_ok($$insert into adly.campaign_metrics (campaign_id, date)
  values (tests.seed_id('adly.campaign:one'), '2026-03-11')$$,
  '42501', 'permission denied for table campaign_metrics', 'members do not write metrics (the sync does)');
select is((select count(*) from adly.campaign_metrics where campaign_id = tests.seed_id('adly.campaign:one')),
  4::bigint,
  'a member reads his campaign''s metrics');
select tests.clear_authentication();
select tests.authenticate_as('other@adly.test');
select is((select count(*) from adly.campaign_metrics where campaign_id = tests.seed_id('adly.campaign:one')),
  0::bigint,
  'an outsider reads none of them');
select tests.clear_authentication();

-- generation jobs ----------------------------------------------------------------------------
select tests.authenticate_as('member@adly.test');
select throws_ok($$insert into adly.generation_jobs (workspace_id, user_id, type, provider, prompt)
  values (tests.seed_id('adly.workspace:one'), tests.seed_id('user:adly-owner'), 'text', 'ai', 'x')$$,
  '42501', 'new row violates row-level security policy for table "generation_jobs"',
  'a member cannot file a job in someone else''s name');
select throws_ok($$insert into adly.generation_jobs (workspace_id, user_id, type, provider, prompt, status)
  values (tests.seed_id('adly.workspace:one'), tests.seed_id('user:adly-member'), 'text', 'ai', 'x', 'completed')$$,
  '42501', 'permission denied for table generation_jobs', 'a client cannot choose the status of a new job');
select throws_ok($$update adly.generation_jobs set status = 'completed'
  where id = tests.seed_id('adly.generation_job:one')$$,
  '42501', 'permission denied for table generation_jobs', 'a client cannot move a job');
select tests.clear_authentication();

select tests.authenticate_as_service_role();
select throws_ok($$insert into adly.generation_jobs (workspace_id, type, provider, prompt, status)
  values (tests.seed_id('adly.workspace:one'), 'text', 'ai', 'x', 'processing')$$,
  'P0001', 'a generation job starts pending, without result or completion time', 'a job cannot start processing');
select throws_ok($$update adly.generation_jobs set status = 'completed',
  result_asset_id = tests.seed_id('adly.content_asset:one') where id = tests.seed_id('adly.generation_job:one')$$,
  'P0001', 'generation job cannot go from pending to completed', 'pending cannot jump to completed');
select lives_ok($$update adly.generation_jobs set status = 'processing'
  where id = tests.seed_id('adly.generation_job:one')$$, 'pending -> processing');
select is((select completed_at from adly.generation_jobs where id = tests.seed_id('adly.generation_job:one')),
  null::timestamptz, 'a processing job has no completed_at');
select throws_ok($$update adly.generation_jobs set status = 'pending'
  where id = tests.seed_id('adly.generation_job:one')$$,
  'P0001', 'generation job cannot go from processing to pending', 'processing cannot go back to pending');
select throws_ok($$update adly.generation_jobs set status = 'completed'
  where id = tests.seed_id('adly.generation_job:one')$$,
  'P0001', 'a completed generation job needs a result asset', 'completion needs a result asset');
select throws_ok($$update adly.generation_jobs set status = 'completed',
  result_asset_id = tests.seed_id('adly.content_asset:two') where id = tests.seed_id('adly.generation_job:one')$$,
  '23503', null, 'the result asset must belong to the job''s workspace');
select lives_ok($$update adly.generation_jobs set status = 'completed',
  result_asset_id = tests.seed_id('adly.content_asset:one') where id = tests.seed_id('adly.generation_job:one')$$,
  'processing -> completed with a result asset');
select isnt((select completed_at from adly.generation_jobs where id = tests.seed_id('adly.generation_job:one')),
  null::timestamptz, 'completion sets completed_at');
select throws_ok($$update adly.generation_jobs set status = 'failed'
  where id = tests.seed_id('adly.generation_job:one')$$,
  'P0001', 'generation job cannot go from completed to failed', 'a completed job cannot fail');
select throws_ok($$update adly.generation_jobs set completed_at = now() - interval '1 day'
  where id = tests.seed_id('adly.generation_job:one')$$,
  'P0001', 'completed_at is set once, by the final transition', 'completed_at cannot be rewritten');
select throws_ok($$update adly.generation_jobs set status = 'failed'
  where id = tests.seed_id('adly.generation_job:two')$$,
  'P0001', 'generation job cannot go from pending to failed', 'pending cannot jump to failed');
select lives_ok($$update adly.generation_jobs set status = 'processing'
  where id = tests.seed_id('adly.generation_job:two')$$, 'second job: pending -> processing');
select lives_ok($$update adly.generation_jobs set status = 'failed', error_message = 'provider timeout'
  where id = tests.seed_id('adly.generation_job:two')$$,
  'processing -> failed');
select is((select row(status, completed_at is not null)::text from adly.generation_jobs
  where id = tests.seed_id('adly.generation_job:two')), '(failed,t)',
  'failure sets completed_at too');
select throws_ok($$update adly.generation_jobs set status = 'processing'
  where id = tests.seed_id('adly.generation_job:two')$$,
  'P0001', 'generation job cannot go from failed to processing', 'a failed job stays failed');
select tests.clear_authentication();

-- deleting the result asset keeps the job
delete from adly.content_assets where id = tests.seed_id('adly.content_asset:one');
select is((select row(status, result_asset_id)::text from adly.generation_jobs
  where id = tests.seed_id('adly.generation_job:one')), '(completed,)',
  'deleting the result asset detaches it from the completed job');

-- updated_at ---------------------------------------------------------------------------------
update adly.campaigns set updated_at = '2020-01-01' where id = tests.seed_id('adly.campaign:one');
update adly.campaigns set name = 'Renamed' where id = tests.seed_id('adly.campaign:one');
select is((select updated_at from adly.campaigns where id = tests.seed_id('adly.campaign:one')), now(),
  'updated_at is maintained by the trigger');

select * from finish();
rollback;
