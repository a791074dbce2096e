// The scheduler of `npm start` for what Supabase Cron does on hosted: once a minute it runs the
// jobs of private.scheduled_jobs whose schedule falls in that minute. SQL jobs run through
// private.run_job when the database has no pg_cron (embedded PostgreSQL); edge-function jobs are
// posted to the local gateway with the jobs secret when the database has no pg_net to do it.
import type postgres from 'postgres';
import { cronMatches, parseCron } from './cron-schedule.ts';

export interface JobScheduler {
  /** What the scheduler runs, for the status block. */
  summary: string;
  stop(): void;
}

interface Job {
  name: string;
  schedule: string;
  edge_function: string | null;
}

export async function startJobScheduler(options: {
  sql: postgres.Sql;
  functionsUrl: string;
  jobsSecret: string;
  log: (line: string) => void;
}): Promise<JobScheduler> {
  const { sql, functionsUrl, jobsSecret, log } = options;
  const [{ cron, net }] = await sql`
    select to_regnamespace('cron') is not null as cron, to_regnamespace('net') is not null as net`;
  const jobs = await sql<Job[]>`select name, schedule, edge_function from private.scheduled_jobs order by name`;
  const mine = jobs.filter((job) => (job.edge_function ? !net : !cron));
  const schedules = new Map(mine.map((job) => [job.name, parseCron(job.schedule)]));

  async function runDue(at: Date): Promise<void> {
    for (const job of mine) {
      if (!cronMatches(schedules.get(job.name)!, at)) continue;
      try {
        if (job.edge_function) {
          const response = await fetch(`${functionsUrl}/${job.edge_function}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${jobsSecret}`, 'content-type': 'application/json' },
            body: '{}',
          });
          log(`job ${job.name}: ${response.status} ${(await response.text()).slice(0, 300)}`);
        } else {
          const [{ run }] = await sql`select private.run_job(${job.name}) as run`;
          log(`job ${job.name}: ${JSON.stringify(run)}`);
        }
      } catch (error) {
        log(`job ${job.name}: ${(error as Error).message}`);
      }
    }
  }

  // Wake at the start of every minute, as cron does.
  let timer: NodeJS.Timeout;
  const schedule = () => {
    timer = setTimeout(
      () => {
        void runDue(new Date()).finally(schedule);
      },
      60_000 - (Date.now() % 60_000) + 50,
    );
    timer.unref();
  };
  if (mine.length > 0) schedule();

  const byCron = jobs.length - mine.length;
  const summary = [
    byCron > 0 ? `${byCron} by Supabase Cron / pg_net` : null,
    mine.length > 0 ? `${mine.length} by npm start (${mine.map((j) => j.name).join(', ')})` : null,
  ]
    .filter(Boolean)
    .join('; ');
  return { summary: `${jobs.length} jobs: ${summary}`, stop: () => clearTimeout(timer) };
}
