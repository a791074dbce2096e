-- Scheduled work: what must happen with the passing of time, when no request arrives. Each job is
-- one SQL function `(p_now timestamptz, p_limit integer) returns jsonb`, registered in
-- private.scheduled_jobs with its schedule, run through private.run_job (one run of a job at a
-- time, bounded by the job's batch size, every run logged in private.job_runs) and scheduled with
-- pg_cron (Supabase Cron) where the server has it. A job that needs an HTTP API is an edge
-- function: run_job calls it through pg_net where the project has it (hosted), and the local
-- scheduler of `npm start` calls it directly. docs/operations.md lists the jobs.

-- ============================================================================================
-- pg_cron
-- ============================================================================================

-- Hosted projects let postgres create pg_cron (a supautils privileged extension) in pg_catalog.
-- pg_cron lives in one database of a server (cron.database_name) and must be preloaded, so on
-- other databases and servers without it (embedded PostgreSQL of `npm start`) the jobs are only
-- registered in private.scheduled_jobs.
do $pg_cron$
begin
  if current_setting('cron.database_name', true) = current_database()
     and exists (select 1 from pg_catalog.pg_available_extensions where name = 'pg_cron') then
    create extension if not exists pg_cron with schema pg_catalog;
  end if;
end
$pg_cron$;

-- ============================================================================================
-- tables
-- ============================================================================================

create table private.scheduled_jobs (
  name text not null,
  schedule text not null,
  job_function text,
  edge_function text,
  batch_size integer not null,
  description text not null,
  is_paused boolean not null default false,
  constraint scheduled_jobs_pkey primary key (name),
  constraint scheduled_jobs_name_format check (name ~ '^[a-z][a-z0-9-]{2,62}$'),
  -- five cron fields, as pg_cron and the local scheduler read them
  constraint scheduled_jobs_schedule_format check (schedule ~ '^[0-9*/,-]+( [0-9*/,-]+){4}$'),
  constraint scheduled_jobs_one_kind check ((job_function is null) <> (edge_function is null)),
  constraint scheduled_jobs_job_function_format check (job_function ~ '^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$'),
  constraint scheduled_jobs_edge_function_format check (edge_function ~ '^[a-z][a-z0-9-]{1,62}$'),
  constraint scheduled_jobs_batch_size_range check (batch_size between 1 and 100000)
);
comment on table private.scheduled_jobs is
  'Every scheduled job: its cron schedule (UTC), the SQL function (schema.name, taking p_now timestamptz '
  'and p_limit integer, returning jsonb) or the edge function it runs, how '
  'many items one run handles at most, and whether operators paused it. '
  'Pause a job with: update private.scheduled_jobs set is_paused = true where name = ''<job>''.';

create table private.job_runs (
  id bigint generated always as identity,
  job_name text not null,
  started_at timestamptz not null,
  finished_at timestamptz not null,
  status text not null,
  result jsonb,
  error text,
  constraint job_runs_pkey primary key (id),
  constraint job_runs_job_name_fkey foreign key (job_name) references private.scheduled_jobs (name) on delete cascade,
  constraint job_runs_status_check check (status in ('succeeded', 'failed', 'skipped')),
  constraint job_runs_error_when_failed check ((status = 'failed') = (error is not null))
);
comment on table private.job_runs is
  'One row per run of a scheduled job: when, the outcome, what it did (result: processed, more, ...) '
  'or why it failed or was skipped. Kept 30 days (job housekeeping). Read it with: select * from '
  'private.job_runs order by id desc limit 50.';

-- ============================================================================================
-- indexes
-- ============================================================================================

create index job_runs_job_name_started_at_idx on private.job_runs (job_name, started_at desc);
create index job_runs_started_at_idx on private.job_runs (started_at);

-- ============================================================================================
-- helpers
-- ============================================================================================

-- Runs one job now: skipped while paused or while another run of the same job holds its lock (so
-- runs never overlap), otherwise the job function in a subtransaction, logged either way. A
-- failure is logged and does not raise, so that cron's own history shows the run and the next
-- run tries again.
create function private.run_job(p_name text, p_now timestamptz default now())
returns jsonb
language plpgsql
security definer
-- definer: the jobs change rows of every product; only postgres and service_role may start one
set search_path = ''
as $$
declare
  v_job private.scheduled_jobs;
  v_function regprocedure;
  v_started timestamptz := pg_catalog.clock_timestamp();
  v_result jsonb;
  v_status text := 'succeeded';
  v_error text;
begin
  select * into v_job from private.scheduled_jobs j where j.name = p_name;
  if not found then
    raise exception 'no scheduled job named %', p_name using errcode = '22023';
  end if;

  if v_job.is_paused then
    v_status := 'skipped';
    v_result := jsonb_build_object('reason', 'paused');
  elsif not pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('private.run_job'),
                                                 pg_catalog.hashtext(p_name)) then
    v_status := 'skipped';
    v_result := jsonb_build_object('reason', 'another run of this job is in progress');
  elsif v_job.edge_function is not null then
    v_result := private.invoke_job_edge_function(v_job.edge_function);
    if v_result ? 'skipped' then
      v_status := 'skipped';
    end if;
  else
    begin
      v_function := pg_catalog.to_regprocedure(v_job.job_function || '(timestamptz, integer)');
      if v_function is null then
        raise exception 'job function %(timestamptz, integer) does not exist', v_job.job_function
          using errcode = '42883';
      end if;
      execute pg_catalog.format('select %s($1, $2)', v_function::regproc) into v_result using p_now, v_job.batch_size;
    exception when others then
      v_status := 'failed';
      v_error := sqlerrm;
      v_result := jsonb_build_object('sqlstate', sqlstate);
    end;
  end if;

  insert into private.job_runs (job_name, started_at, finished_at, status, result, error)
  values (p_name, v_started, pg_catalog.clock_timestamp(), v_status, v_result, v_error);
  return jsonb_build_object('job', p_name, 'status', v_status, 'result', v_result, 'error', v_error);
end;
$$;
revoke execute on function private.run_job(text, timestamptz) from public;
grant execute on function private.run_job(text, timestamptz) to service_role;
comment on function private.run_job(text, timestamptz) is
  'Runs a scheduled job once (what pg_cron and the local scheduler call): skipped while paused or '
  'already running, logged in private.job_runs. p_now moves the job''s clock (tests, catch-up).';

-- Edge-function jobs on hosted: pg_net posts to the function with the jobs secret, both read from
-- Supabase Vault (secrets named project_url and jobs_secret), so neither is written in SQL.
-- Without pg_net or Vault (the local platform) the run is skipped with the reason. Their schemas
-- are named through format(), because they exist only where those extensions are installed.
create function private.invoke_job_edge_function(p_function text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_url text;
  v_secret text;
  v_request_id bigint;
begin
  if to_regnamespace('net') is null or to_regclass('vault.decrypted_secrets') is null then
    return jsonb_build_object(
      'skipped', 'pg_net or Supabase Vault is not installed: the scheduler of npm start calls edge functions');
  end if;
  execute pg_catalog.format(
    'select max(decrypted_secret) filter (where name = %L), max(decrypted_secret) filter (where name = %L)
       from %I.decrypted_secrets where name in (%1$L, %2$L)', 'project_url', 'jobs_secret', 'vault')
    into v_url, v_secret;
  if v_url is null or v_secret is null then
    return jsonb_build_object('skipped', 'the Vault secrets project_url and jobs_secret are not set');
  end if;
  execute pg_catalog.format('select %I.http_post(url := $1, headers := $2, body := ''{}''::jsonb)', 'net')
    into v_request_id
    using pg_catalog.rtrim(v_url, '/') || '/functions/v1/' || p_function,
          jsonb_build_object('Authorization', 'Bearer ' || v_secret, 'Content-Type', 'application/json');
  return jsonb_build_object('request_id', v_request_id);
end;
$$;
revoke execute on function private.invoke_job_edge_function(text) from public;
comment on function private.invoke_job_edge_function(text) is
  'Internal (run_job): posts to an edge function through pg_net with the Vault secrets project_url '
  'and jobs_secret; the function''s answer is in net._http_response.';

-- Registers every job of private.scheduled_jobs with pg_cron (same name, same schedule; pg_cron
-- updates a job of the same name), where pg_cron is installed. Called by each migration that adds
-- or changes a job.
create function private.schedule_jobs()
returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_job record;
  v_count integer := 0;
begin
  if to_regnamespace('cron') is null then
    return 0;
  end if;
  for v_job in select j.name, j.schedule from private.scheduled_jobs j order by j.name loop
    execute pg_catalog.format('select %I.schedule($1, $2, $3)', 'cron')
      using v_job.name, v_job.schedule, pg_catalog.format('select private.run_job(%L)', v_job.name);
    v_count := v_count + 1;
  end loop;
  return v_count;
end;
$$;
revoke execute on function private.schedule_jobs() from public;
comment on function private.schedule_jobs() is
  'Migrations: registers every scheduled job with pg_cron where it is installed; returns how many.';

-- ============================================================================================
-- jobs
-- ============================================================================================

-- DTF credit lots past their expiry leave the balance through dtf.expire_credits (one expiration
-- row per lot, never more than the unused credits).
create function private.job_dtf_credit_expiry(p_now timestamptz, p_limit integer)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_expired integer;
begin
  v_expired := dtf.expire_credits(p_now, p_limit);
  return jsonb_build_object('credits_expired', v_expired,
    'more', exists (select 1 from dtf.credit_transactions t where t.lot_remaining > 0 and t.expires_at <= p_now));
end;
$$;
revoke execute on function private.job_dtf_credit_expiry(timestamptz, integer) from public;

-- Checkouts whose Stripe session never came back: rows that never got a session an hour on are
-- removed (as the checkout function removes them when Stripe fails); sessions a day past their
-- expiry without Stripe's checkout.session.expired are closed exactly as that event closes them
-- (a completed event that still arrives later is applied all the same).
create function private.job_billing_stale_checkouts(p_now timestamptz, p_limit integer)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_checkout record;
  v_removed integer := 0;
  v_closed integer := 0;
begin
  with gone as (
    delete from private.billing_checkouts c
     where c.id in (select c2.id from private.billing_checkouts c2
                     where c2.status = 'creating' and c2.created_at < p_now - interval '1 hour'
                     order by c2.created_at limit p_limit for update skip locked)
    returning 1
  )
  select count(*) into v_removed from gone;

  for v_checkout in
    select c.stripe_checkout_session_id as session_id
      from private.billing_checkouts c
     where c.status = 'open' and c.expires_at < p_now - interval '1 day'
     order by c.expires_at
     limit greatest(p_limit - v_removed, 0)
  loop
    perform private.billing_on_checkout_session(jsonb_build_object(
      'type', 'checkout.session.expired',
      'created', extract(epoch from p_now)::bigint,
      'data', jsonb_build_object('object', jsonb_build_object('id', v_checkout.session_id))));
    v_closed := v_closed + 1;
  end loop;

  return jsonb_build_object('removed', v_removed, 'closed', v_closed,
    'more', exists (select 1 from private.billing_checkouts c
                     where (c.status = 'creating' and c.created_at < p_now - interval '1 hour')
                        or (c.status = 'open' and c.expires_at < p_now - interval '1 day')));
end;
$$;
revoke execute on function private.job_billing_stale_checkouts(timestamptz, integer) from public;

-- ADLY generation jobs that a worker took and never finished fail after an hour; jobs no worker
-- took in a day fail too (through processing, the only way the state machine allows).
create function private.job_adly_stuck_generation_jobs(p_now timestamptz, p_limit integer)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_stuck uuid[];
begin
  select array_agg(j.id) into v_stuck
    from (select g.id from adly.generation_jobs g
           where (g.status = 'processing' and g.updated_at < p_now - interval '1 hour')
              or (g.status = 'pending' and g.created_at < p_now - interval '1 day')
           order by g.created_at limit p_limit for update skip locked) j;
  update adly.generation_jobs g set status = 'processing'
   where g.id = any (coalesce(v_stuck, '{}')) and g.status = 'pending';
  update adly.generation_jobs g
     set status = 'failed', error_message = 'timed out: no result within the time limit'
   where g.id = any (coalesce(v_stuck, '{}'));
  return jsonb_build_object('failed', coalesce(array_length(v_stuck, 1), 0),
    'more', exists (select 1 from adly.generation_jobs g
                     where (g.status = 'processing' and g.updated_at < p_now - interval '1 hour')
                        or (g.status = 'pending' and g.created_at < p_now - interval '1 day')));
end;
$$;
revoke execute on function private.job_adly_stuck_generation_jobs(timestamptz, integer) from public;

-- ADLY invitations: unanswered ones past their expiry, and answered ones after 30 days.
create function private.job_adly_expired_invitations(p_now timestamptz, p_limit integer)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_deleted integer;
begin
  with gone as (
    delete from adly.workspace_invitations i
     where i.id in (select i2.id from adly.workspace_invitations i2
                     where (i2.accepted_at is null and i2.declined_at is null and i2.expires_at < p_now)
                        or coalesce(i2.accepted_at, i2.declined_at) < p_now - interval '30 days'
                     order by i2.expires_at limit p_limit for update skip locked)
    returning 1
  )
  select count(*) into v_deleted from gone;
  return jsonb_build_object('deleted', v_deleted,
    'more', exists (select 1 from adly.workspace_invitations i
                     where (i.accepted_at is null and i.declined_at is null and i.expires_at < p_now)
                        or coalesce(i.accepted_at, i.declined_at) < p_now - interval '30 days'));
end;
$$;
revoke execute on function private.job_adly_expired_invitations(timestamptz, integer) from public;

-- Housekeeping: e-mail codes, reset tokens, login proofs and rate-limit events a day past their
-- expiry (private.auth_purge), and job runs after 30 days.
create function private.job_housekeeping(p_now timestamptz, p_limit integer)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_auth integer;
  v_runs integer;
begin
  v_auth := private.auth_purge(p_now, p_limit);
  with gone as (
    delete from private.job_runs r
     where r.id in (select r2.id from private.job_runs r2
                     where r2.started_at < p_now - interval '30 days' order by r2.started_at limit p_limit)
    returning 1
  )
  select count(*) into v_runs from gone;
  return jsonb_build_object('auth_rows', v_auth, 'job_runs', v_runs, 'more', v_auth + v_runs >= p_limit);
end;
$$;
revoke execute on function private.job_housekeeping(timestamptz, integer) from public;

-- ============================================================================================
-- registration
-- ============================================================================================

insert into private.scheduled_jobs (name, schedule, job_function, edge_function, batch_size, description) values
  ('dtf-credit-expiry', '*/15 * * * *', 'private.job_dtf_credit_expiry', null, 1000,
   'DTF credit lots past expires_at leave the balance (ledger type expiration).'),
  ('billing-stale-checkouts', '20 * * * *', 'private.job_billing_stale_checkouts', null, 500,
   'Checkouts without a Stripe session after an hour are removed; sessions a day past expiry are closed as expired.'),
  ('adly-stuck-generation-jobs', '*/10 * * * *', 'private.job_adly_stuck_generation_jobs', null, 500,
   'ADLY generation jobs processing for an hour, or pending for a day, fail.'),
  ('adly-expired-invitations', '40 3 * * *', 'private.job_adly_expired_invitations', null, 5000,
   'ADLY invitations past expiry, and answered ones after 30 days, are deleted.'),
  ('housekeeping', '50 * * * *', 'private.job_housekeeping', null, 10000,
   'Expired e-mail codes, reset tokens, login proofs, rate-limit events and job runs older than 30 days are deleted.');

select private.schedule_jobs();
