// The style checks `npm run lint` and `npm test` run, and the formatters `npm run format` runs.
//
// The edge functions (supabase/functions) are Deno code: deno fmt and deno lint, with the settings
// of supabase/functions/deno-style.jsonc. All other TypeScript (scripts, tests, bench, the generated
// types, vitest.config.ts) is Node code: Prettier, with .prettierrc.json. SQL (migrations, seed,
// pgTAP tests, the local platform) has its own rules and squawk on the migrations
// (scripts/checks/sql-style.ts). Every tool comes from node_modules and needs no network.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { binPath, denoExecutable, functionsDir, rootDir } from '../project.ts';
import { checkSqlStyle } from './sql-style.ts';

/** One check: what it runs, and the command that fixes what it finds (or how to fix it). */
export interface StyleCheck {
  name: string;
  fix: string;
  /** true, or what is wrong. */
  run: () => Promise<true | string>;
}

const denoStyleConfig = path.relative(rootDir, path.join(functionsDir, 'deno-style.jsonc'));
const functionsPath = path.relative(rootDir, functionsDir);
/** Every TypeScript file but the edge functions, which .prettierignore leaves to deno fmt. */
const prettierFiles = ['**/*.ts'];

// Deno would otherwise ask its registry whether a newer Deno exists.
const denoEnv = { DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };

/** The commands `npm run format` runs, in order. */
export function formatCommands(): [string, string[], Record<string, string>][] {
  return [
    [denoExecutable(), ['fmt', `--config=${denoStyleConfig}`, functionsPath], denoEnv],
    [binPath('prettier'), ['--write', '--log-level=warn', ...prettierFiles], {}],
  ];
}

/** Runs a command in the repository; resolves to true, or to its output when it fails. */
function outcome(command: string, args: string[], env: Record<string, string> = {}): Promise<true | string> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: rootDir, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve(`${command} could not run: ${error.message}`));
    child.on('close', (code) => resolve(code === 0 || output.trim() || `${command} failed (status ${code})`));
  });
}

const denoFmt: StyleCheck = {
  name: 'deno fmt',
  fix: 'npm run format',
  run: () => outcome(denoExecutable(), ['fmt', '--check', `--config=${denoStyleConfig}`, functionsPath], denoEnv),
};

const denoLint: StyleCheck = {
  name: 'deno lint',
  fix:
    `change the code (\`node_modules/.bin/deno lint --fix --config=${denoStyleConfig} ${functionsPath}\` ` +
    'fixes some rules); where a rule is wrong for one line, `// deno-lint-ignore <rule>` above it, saying why',
  run: () => outcome(denoExecutable(), ['lint', `--config=${denoStyleConfig}`, functionsPath], denoEnv),
};

const prettier: StyleCheck = {
  name: 'prettier',
  fix: 'npm run format',
  run: () => outcome(binPath('prettier'), ['--check', '--log-level=warn', ...prettierFiles]),
};

const sqlStyle: StyleCheck = {
  name: 'SQL style and squawk',
  fix:
    'wrap lines at 120 columns; `create function` for a new function, `create or replace` only for one an ' +
    'earlier migration created; for a squawk finding see .squawk.toml (`-- squawk-ignore <rule>` above a ' +
    'statement, saying why)',
  run: async () => {
    const problems = await checkSqlStyle();
    return problems.length === 0 || problems.join('\n');
  },
};

// Every check, in the order they are reported. A new check is one more entry here: `npm run lint`
// and the step of `npm test` both run this list.
export const styleChecks: StyleCheck[] = [denoFmt, denoLint, prettier, sqlStyle];

export interface StyleCheckResult {
  check: StyleCheck;
  outcome: true | string;
}

/** Runs every check (at once: each is its own process) and returns their results in list order. */
export async function runStyleChecks(checks = styleChecks): Promise<StyleCheckResult[]> {
  return Promise.all(
    checks.map(async (check) => ({
      check,
      outcome: await check.run().catch((error: Error) => `${check.name} could not run: ${error.message}`),
    })),
  );
}

/** The failures as a report: each check's output (its first maxLines lines), then the command that fixes it. */
export function describeFailures(results: StyleCheckResult[], maxLines = Infinity): string {
  return results
    .filter((r) => r.outcome !== true)
    .map((r) => {
      const lines = String(r.outcome).trimEnd().split('\n');
      const shown =
        lines.length > maxLines ? [...lines.slice(0, maxLines), `... (${lines.length - maxLines} more lines)`] : lines;
      return `${r.check.name} failed:\n${shown.join('\n')}\nfix: ${r.check.fix}`;
    })
    .join('\n\n');
}
