// npm run bench [-- --scale 0.1] [--seconds 8] [--runs 101] [--db-url <url>] [--out bench/results.json]
//
// Starts a throwaway PostgreSQL cluster (never the development database), migrates and seeds it,
// fills it with the generator's volumes, then measures RLS overhead, credit deduction throughput
// and webhook fulfilment throughput. Prints a table and writes bench/results.json. Nothing here
// asserts a timing: the figures are measurements, compared with the goals only in the report.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { setupDatabase } from '../scripts/local/database-setup.ts';
import { startThrowawayCluster, systemPostgresBinDir } from '../scripts/local/postgres-cluster.ts';
import { freePort } from '../scripts/local/ports.ts';
import { rootDir } from '../scripts/project.ts';
import { benchClusterSettings } from './cluster.ts';
import { measureCredits } from './credits.ts';
import { generate, volumesFor } from './generate.ts';
import { buildQueries, measureRls } from './rls.ts';
import { measureWebhooks } from './webhooks.ts';

const goals = { rlsRatio: 1.5, rlsMs: 5, spreadDeductionsPerSecond: 2000 };

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    seconds: { type: 'string' },
    runs: { type: 'string' },
    'db-url': { type: 'string' },
    out: { type: 'string', default: path.join(rootDir, 'bench', 'results.json') },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`npm run bench -- [options]
  --scale <f>     fraction of the full volumes (default 1: 1,000 users, 100,000 workflows, images and
                  orders, 1,000,000 ledger rows and attribution events); 0.1 for a quick run
  --seconds <n>   length of each throughput run (default 8, or 3 below scale 0.5)
  --runs <n>      timed executions per query and role for the RLS medians (default 101)
  --db-url <url>  use this empty, migrated database instead of starting a cluster (it is filled
                  with generated data: never point it at a database you care about)
  --out <file>    where to write the results (default bench/results.json)`);
  process.exit(0);
}

const scale = Number(args.scale);
if (!(scale > 0 && scale <= 1)) throw new Error('--scale must be a number in (0, 1]');
const seconds = Number(args.seconds ?? (scale < 0.5 ? 3 : 8));
const runs = Number(args.runs ?? 101);
const log = (line: string) => console.log(line);
const elapsed = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

async function main() {
  const began = performance.now();
  let url = args['db-url'];
  let stop = async () => {};
  let clusterSettings: Record<string, string> | null = null;
  if (!url) {
    log('Starting a throwaway PostgreSQL cluster…');
    const binDir = systemPostgresBinDir();
    if (!binDir) throw new Error('no system PostgreSQL found (Debian: apt-get install postgresql)');
    const cluster = await startThrowawayCluster({
      binDir,
      port: await freePort(),
      settings: benchClusterSettings,
      label: 'bench',
    });
    url = cluster.url;
    stop = cluster.stop;
    clusterSettings = benchClusterSettings;
    const onSignal = () => void stop().finally(() => process.exit(130));
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    log('Applying the baseline, migrations and seed…');
    const setup = await setupDatabase(cluster, { seed: 'always' });
    log(`  ${setup.migrationsApplied} migrations, latest ${setup.latestMigration}`);
  }

  const sql = postgres(url, { max: 2, onnotice: () => {} });
  try {
    const [server] = await sql`select version() as version, current_setting('server_version') as short`;
    const volumes = volumesFor(scale);
    log(`Generating data at scale ${scale}…`);
    const startedGenerate = performance.now();
    const steps = await generate(sql, volumes, log);
    log(`  generated in ${elapsed(startedGenerate)}`);

    log(`RLS overhead (${runs} runs per query and role)…`);
    const rls = await measureRls(sql, await buildQueries(sql, volumes), runs, log);

    const users = (
      await sql`
      select id from dtf.profiles where email like 'bench-user-%@example.com' order by email`
    ).map((r) => r.id as string);
    const hotUser = users[0];
    log(`Credit deductions (${seconds} s per run)…`);
    const credits = await measureCredits({
      url,
      users: users.slice(1),
      hotUser,
      connectionCounts: [2, 8, 32],
      seconds,
      log,
    });

    log('Webhook fulfilments…');
    const webhooks = await measureWebhooks({
      url,
      users,
      events: Math.max(200, Math.round(2000 * scale)),
      senders: 8,
      log,
    });
    if ('skipped' in webhooks) log(`  skipped: ${webhooks.skipped}`);

    const results = {
      generatedAt: new Date().toISOString(),
      machine: {
        cores: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        platform: `${os.type()} ${os.release()}`,
        node: process.version,
      },
      postgres: { version: server.short, full: server.version, settings: clusterSettings },
      scale,
      volumes,
      goals,
      generation: steps,
      rls,
      credits,
      webhooks,
      totalSeconds: (performance.now() - began) / 1000,
    };
    writeFileSync(args.out!, `${JSON.stringify(results, null, 2)}\n`);
    printTable(results);
    log(`\nWrote ${path.relative(process.cwd(), args.out!)} (${results.totalSeconds.toFixed(0)} s in all)`);
  } finally {
    await sql.end();
    await stop();
  }
}

function printTable(r: {
  machine: { cores: number; cpuModel: string; memoryGb: number };
  postgres: { version: string };
  scale: number;
  rls: Awaited<ReturnType<typeof measureRls>>;
  credits: Awaited<ReturnType<typeof measureCredits>>;
  webhooks: Awaited<ReturnType<typeof measureWebhooks>>;
}) {
  const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  console.log(
    `\n${r.machine.cores} cores (${r.machine.cpuModel}), ${r.machine.memoryGb} GB, PostgreSQL ${r.postgres.version}, scale ${r.scale}\n`,
  );
  console.log(
    'RLS overhead (median ms)                             authenticated  service_role  ratio  index only  goal',
  );
  for (const q of r.rls) {
    const ok = q.ratio <= goals.rlsRatio && q.authenticatedMedianMs <= goals.rlsMs;
    console.log(
      `  ${q.name.padEnd(50)} ${q.authenticatedMedianMs.toFixed(2).padStart(12)} ${q.serviceRoleMedianMs.toFixed(2).padStart(13)}` +
        ` ${q.ratio.toFixed(2).padStart(6)} ${(q.authenticatedPlan.indexOnly ? 'yes' : 'no').padStart(11)}  ${mark(ok)}`,
    );
  }
  console.log('\nCredit deductions                 per second   p50 ms   p95 ms  ledger anomalies');
  for (const c of r.credits.runs) {
    console.log(
      `  ${`${c.mode}, ${c.connections} connections${c.synchronousCommit === 'off' ? ', sync off' : ''}`.padEnd(30)} ${c.perSecond.toFixed(0).padStart(10)} ${c.latencyMedianMs.toFixed(1).padStart(8)}` +
        ` ${c.latencyP95Ms.toFixed(1).padStart(8)} ${String(c.check.anomalies).padStart(17)}`,
    );
  }
  console.log('\nWebhook fulfilments');
  if ('skipped' in r.webhooks) {
    console.log(`  skipped: ${r.webhooks.skipped}`);
  } else {
    for (const w of r.webhooks.runs) {
      console.log(
        `  ${(w.deliveriesPerEvent === 1 ? 'each event once' : 'each event twice').padEnd(20)} ${w.fulfilmentsPerSecond.toFixed(0).padStart(6)} fulfilments/s` +
          `  ${w.deliveriesPerSecond.toFixed(0).padStart(6)} deliveries/s  ${r.webhooks.senders} senders  anomalies ${w.anomalies}`,
      );
    }
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
