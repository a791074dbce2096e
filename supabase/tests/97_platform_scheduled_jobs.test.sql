-- Scheduled jobs: registered with Supabase Cron where the server has it; each job does its work on
-- data prepared here with a moved clock, once (a second run changes nothing), within its batch
-- size; paused jobs and unknown names; who may start a job.
begin;
select plan(35);

-- ============================================================================================
-- registration
-- ============================================================================================

select ok((select count(*) from private.scheduled_jobs) >= 8, 'the jobs are registered');
select ok(not exists (
    select 1 from private.scheduled_jobs j
     where j.job_function is not null
       and not exists (select 1 from pg_proc p
                        where p.oid = to_regprocedure(j.job_function || '(timestamptz, integer)')
                          and p.prorettype = 'jsonb'::regtype)),
  'every SQL job is a function (p_now timestamptz, p_limit integer) returning jsonb');

-- On a server with pg_cron (hosted, the test cluster) every job is scheduled under its name to run
-- through private.run_job; elsewhere (embedded PostgreSQL of npm start) that is not checkable.
select case when to_regnamespace('cron') is null
  then skip('pg_cron is not installed on this server', 1)
  else results_eq(
    $$select j.jobname::text collate "default", j.schedule collate "default", j.command collate "default"
      from cron.job j where j.jobname in (select name from private.scheduled_jobs) order by 1$$,
    $$select name, schedule, format('select private.run_job(%L)', name) from private.scheduled_jobs order by 1$$,
    'every job is scheduled in Supabase Cron with its schedule and run through private.run_job') end;

select ok(not has_function_privilege('anon', 'private.run_job(text, timestamptz)', 'execute')
          and not has_function_privilege('authenticated', 'private.run_job(text, timestamptz)', 'execute'),
  'anon and signed-in users cannot start a job');
select ok(has_function_privilege('service_role', 'private.run_job(text, timestamptz)', 'execute'),
  'the service role can');
select throws_ok($$select private.run_job('no-such-job')$$, '22023', 'no scheduled job named no-such-job',
  'an unknown job is refused');

-- ============================================================================================
-- fixtures: users, and the clock the jobs run with (two days ahead)
-- ============================================================================================

create temp table clock as select now() + interval '2 days' as later;
select tests.create_user('jobs-dtf@example.com', '{"product": "dtf"}');
select tests.create_user('jobs-other@example.com', '{"product": "dtf"}');
select tests.create_user('jobs-buyer@example.com', '{"product": "marketplace"}');

-- ============================================================================================
-- dtf-credit-expiry
-- ============================================================================================

select private.dtf_post_credit_change(tests.get_user_id('jobs-dtf@example.com'), 'purchase', 5,
  p_expires_at => now() + interval '1 day', p_stripe_payment_intent_id => 'pi_jobs_lot');
select is(private.run_job('dtf-credit-expiry', (select later from clock)) ->> 'status', 'succeeded',
  'credit expiry runs');
select is((select credits_remaining from dtf.profiles where id = tests.get_user_id('jobs-dtf@example.com')),
  (select coalesce(sum(amount), 0)::int from dtf.credit_transactions
    where user_id = tests.get_user_id('jobs-dtf@example.com')),
  'the balance equals the ledger after expiry');
select is((select count(*)::int from dtf.credit_transactions
            where user_id = tests.get_user_id('jobs-dtf@example.com') and transaction_type = 'expiration'), 1,
  'the expired lot left through one expiration row');
select is(private.run_job('dtf-credit-expiry', (select later from clock)) #>> '{result,credits_expired}', '0',
  'a second run expires nothing');

-- ============================================================================================
-- dtf-image-retention
-- ============================================================================================

insert into dtf.images (id, user_id, original_filename, original_url, processed_url, thumbnail_url, is_favorite,
  expires_at) values
  ('e7000000-0000-4000-8000-000000000001', tests.get_user_id('jobs-dtf@example.com'), 'old.png',
   'dtf-images/' || tests.get_user_id('jobs-dtf@example.com') || '/old.png',
   'dtf-images/' || tests.get_user_id('jobs-dtf@example.com') || '/old-processed.png',
   'dtf-images/' || tests.get_user_id('jobs-other@example.com') || '/not-mine.png', false, now() + interval '1 day'),
  ('e7000000-0000-4000-8000-000000000002', tests.get_user_id('jobs-dtf@example.com'), 'favorite.png',
   'dtf-images/' || tests.get_user_id('jobs-dtf@example.com') || '/favorite.png', null, null, true,
   now() + interval '1 day'),
  ('e7000000-0000-4000-8000-000000000003', tests.get_user_id('jobs-dtf@example.com'), 'shared.png',
   'dtf-images/' || tests.get_user_id('jobs-dtf@example.com') || '/shared.png', null, null, false,
   now() + interval '1 day'),
  ('e7000000-0000-4000-8000-000000000004', tests.get_user_id('jobs-dtf@example.com'), 'busy.png',
   'dtf-images/' || tests.get_user_id('jobs-dtf@example.com') || '/busy.png', null, null, false,
   now() + interval '1 day'),
  ('e7000000-0000-4000-8000-000000000005', tests.get_user_id('jobs-dtf@example.com'), 'later.png',
   'dtf-images/' || tests.get_user_id('jobs-dtf@example.com') || '/later.png', null, null, false,
   now() + interval '3 days');
insert into dtf.image_collections (id, user_id, name, is_public)
values ('e7100000-0000-4000-8000-000000000001', tests.get_user_id('jobs-dtf@example.com'), 'Shared', true);
insert into dtf.image_collection_items (collection_id, image_id)
values ('e7100000-0000-4000-8000-000000000001', 'e7000000-0000-4000-8000-000000000003');
insert into dtf.image_operations (image_id, user_id, operation_type, api_provider, status)
values ('e7000000-0000-4000-8000-000000000004', tests.get_user_id('jobs-dtf@example.com'), 'upscale', 'deep-image',
  'processing');

select is(private.run_job('dtf-image-retention', (select later from clock)) #>> '{result,images_deleted}', '1',
  'image retention deletes the one expired image that may go');
select results_eq(
  $$select id::text from dtf.images where id::text like 'e7000000-%' order by 1$$,
  $$values ('e7000000-0000-4000-8000-000000000002'), ('e7000000-0000-4000-8000-000000000003'),
           ('e7000000-0000-4000-8000-000000000004'), ('e7000000-0000-4000-8000-000000000005')$$,
  'favorites, images in a public collection, images with an operation under way and unexpired images stay');
select results_eq(
  format($$select object_name from private.storage_deletions where bucket_id = 'dtf-images' and object_name like '%s/%%'
    order by 1$$,
         tests.get_user_id('jobs-dtf@example.com')),
  format($$values ('%1$s/old-processed.png'), ('%1$s/old.png')$$, tests.get_user_id('jobs-dtf@example.com')),
  'the deleted image''s files in its owner''s folder are queued for the Storage API');
select is_empty(
  format($$select 1 from private.storage_deletions where object_name like '%s/%%'$$,
    tests.get_user_id('jobs-other@example.com')),
  'a path into another user''s folder is never queued');
select is(private.run_job('dtf-image-retention', (select later from clock)) #>> '{result,images_deleted}', '0',
  'a second run deletes nothing');

-- ============================================================================================
-- billing-stale-checkouts
-- ============================================================================================

insert into private.billing_checkouts (id, product, user_id, item_kind, item_id, mode, currency, amount_minor, status,
                                       stripe_checkout_session_id, expires_at, created_at)
values
  ('e7200000-0000-4000-8000-000000000001', 'marketplace', tests.get_user_id('jobs-buyer@example.com'), 'workflow',
   tests.seed_id('marketplace.workflow:lead-capture'), 'payment', 'USD', 1000, 'creating', null, null, now()),
  ('e7200000-0000-4000-8000-000000000002', 'marketplace', tests.get_user_id('jobs-buyer@example.com'), 'workflow',
   tests.seed_id('marketplace.workflow:lead-capture'), 'payment', 'USD', 1000, 'open', 'cs_jobs_expired',
   now() + interval '1 hour', now()),
  ('e7200000-0000-4000-8000-000000000003', 'marketplace', tests.get_user_id('jobs-buyer@example.com'), 'workflow',
   tests.seed_id('marketplace.workflow:lead-capture'), 'payment', 'USD', 1000, 'open', 'cs_jobs_current',
   now() + interval '2 days', now());
select marketplace.create_checkout_purchase(tests.get_user_id('jobs-buyer@example.com'),
  tests.seed_id('marketplace.workflow:lead-capture'), 'cs_jobs_expired');

select is(private.run_job('billing-stale-checkouts', (select later from clock)) -> 'result',
  '{"removed": 1, "closed": 1, "more": false}'::jsonb,
  'stale checkouts: one without a session removed, one expired closed');
select results_eq(
  $$select id::text, status from private.billing_checkouts where id::text like 'e7200000-%' order by 1$$,
  $$values ('e7200000-0000-4000-8000-000000000002', 'expired'), ('e7200000-0000-4000-8000-000000000003', 'open')$$,
  'the session a day past its expiry is closed as Stripe''s expired event closes it; a current one stays open');
select is((select status::text from marketplace.purchases where stripe_checkout_session_id = 'cs_jobs_expired'),
  'REJECT',
  'its pending purchase is rejected');
select is(private.run_job('billing-stale-checkouts', (select later from clock)) -> 'result',
  '{"removed": 0, "closed": 0, "more": false}'::jsonb, 'a second run changes nothing');

-- ============================================================================================
-- adly-stuck-generation-jobs
-- ============================================================================================

insert into adly.generation_jobs (id, workspace_id, type, provider, prompt) values
  ('e7300000-0000-4000-8000-000000000001', tests.seed_id('adly.workspace:acme'), 'text', 'openai', 'stuck processing'),
  ('e7300000-0000-4000-8000-000000000002', tests.seed_id('adly.workspace:acme'), 'text', 'openai', 'never started');
update adly.generation_jobs set status = 'processing' where id = 'e7300000-0000-4000-8000-000000000001';

select is(private.run_job('adly-stuck-generation-jobs', now() + interval '30 minutes') #>> '{result,failed}', '0',
  'nothing is stuck within the time limits');
select ok((private.run_job('adly-stuck-generation-jobs', (select later from clock)) #>> '{result,failed}')::int >= 2,
  'a job processing for hours and a job pending for two days fail');
select results_eq(
  $$select status::text, error_message from adly.generation_jobs where id::text like 'e7300000-%' order by id$$,
  $$values ('failed', 'timed out: no result within the time limit'),
  ('failed', 'timed out: no result within the time limit')$$,
  'both are failed with the reason');
select is(private.run_job('adly-stuck-generation-jobs', (select later from clock)) #>> '{result,failed}', '0',
  'a second run fails nothing more');

-- ============================================================================================
-- adly-expired-invitations
-- ============================================================================================

insert into adly.workspace_invitations (id, workspace_id, email, created_at, expires_at, accepted_at) values
  ('e7400000-0000-4000-8000-000000000001', tests.seed_id('adly.workspace:acme'), 'expired@example.com',
   now(), now() + interval '1 day', null),
  ('e7400000-0000-4000-8000-000000000002', tests.seed_id('adly.workspace:acme'), 'open@example.com',
   now(), now() + interval '7 days', null),
  ('e7400000-0000-4000-8000-000000000003', tests.seed_id('adly.workspace:acme'), 'answered@example.com',
   now() - interval '40 days', now() - interval '33 days', now() - interval '39 days');

select ok((private.run_job('adly-expired-invitations', (select later from clock)) #>> '{result,deleted}')::int >= 2,
  'expired invitations and answered ones over 30 days old are deleted');
select results_eq($$select email from adly.workspace_invitations where id::text like 'e7400000-%'$$,
  $$values ('open@example.com')$$, 'an open invitation stays');
select is(private.run_job('adly-expired-invitations', (select later from clock)) #>> '{result,deleted}', '0',
  'a second run deletes nothing');

-- ============================================================================================
-- housekeeping, batches, pause
-- ============================================================================================

insert into private.auth_rate_events (bucket, key_hash, created_at)
select 'otp_request_email', encode(extensions.digest('jobs-' || g, 'sha256'), 'hex'), now() - interval '3 days'
  from generate_series(1, 3) g;
update private.scheduled_jobs set batch_size = 2 where name = 'housekeeping';
select is(private.run_job('housekeeping') #>> '{result,auth_rows}', '2', 'a run handles at most its batch size');
select is(private.run_job('housekeeping') #>> '{result,auth_rows}', '1', 'the next run continues');
select ok((private.run_job('housekeeping', now() + interval '40 days') #>> '{result,job_runs}')::int >= 1,
  'job runs older than 30 days are deleted');

update private.scheduled_jobs set is_paused = true where name = 'housekeeping';
select is(private.run_job('housekeeping') -> 'result', '{"reason": "paused"}'::jsonb, 'a paused job is skipped');
select is((select status from private.job_runs where job_name = 'housekeeping' order by id desc limit 1), 'skipped',
  'and the skip is logged');

-- a failing job is logged as failed and does not raise
create function private.failing_job(p_now timestamptz, p_limit integer) returns jsonb
language plpgsql set search_path = '' as $$ begin raise exception 'the job broke'; end $$;
update private.scheduled_jobs set is_paused = false, job_function = 'private.failing_job' where name = 'housekeeping';
select is(private.run_job('housekeeping') ->> 'status', 'failed', 'a job that fails is reported as failed');
select is((select error from private.job_runs where job_name = 'housekeeping' order by id desc limit 1),
  'the job broke',
  'with its error in the log');

-- edge-function jobs without pg_net (the local platform) are skipped with the reason
select case when to_regnamespace('net') is null
  then is(private.run_job('storage-cleanup') ->> 'status', 'skipped', 'an edge-function job without pg_net is skipped')
  else pass('pg_net is installed: edge-function jobs post to their function') end;
select ok(not exists (select 1 from private.job_runs where status = 'failed' and job_name <> 'housekeeping'),
  'no other job failed');

select * from finish();
rollback;
