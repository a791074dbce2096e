// Where things are in the repository, and what supabase/config.toml says about them.
// Beside the entry points, in neither scripts/local/ nor scripts/generators/: both use it, and so do
// the tests and the bench; it describes the repository, not the local stack.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'smol-toml';

export const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const supabaseDir = path.join(rootDir, 'supabase');
export const functionsDir = path.join(supabaseDir, 'functions');
export const localStateDir = path.join(rootDir, '.local');
export const baselineFile = path.join(supabaseDir, 'local', 'baseline.sql');

export function binPath(name: string): string {
  return path.join(rootDir, 'node_modules', '.bin', name);
}

export interface FunctionSpec {
  name: string;
  verifyJwt: boolean;
  entrypoint: string;
  /** The function's deno.json: its pinned npm dependencies, as deploys and `deno check` read them. */
  denoConfig: string;
}

export interface ProjectConfig {
  apiSchemas: string[];
  seedFiles: string[];
  functions: FunctionSpec[];
}

interface RawConfig {
  api?: { schemas?: string[] };
  db?: { seed?: { enabled?: boolean; sql_paths?: string[] } };
  functions?: Record<string, { enabled?: boolean; verify_jwt?: boolean; entrypoint?: string; import_map?: string }>;
}

export function readProjectConfig(configFile = path.join(supabaseDir, 'config.toml')): ProjectConfig {
  const raw = parse(readFileSync(configFile, 'utf8')) as RawConfig;
  const baseDir = path.dirname(configFile);
  const seed = raw.db?.seed;
  const seedFiles =
    seed?.enabled === false ? [] : (seed?.sql_paths ?? ['./seed.sql']).flatMap((p) => expandGlob(baseDir, p));
  const functions = Object.entries(raw.functions ?? {})
    .filter(([, spec]) => spec.enabled !== false)
    .map(([name, spec]) => {
      const entrypoint = path.resolve(baseDir, spec.entrypoint ?? `./functions/${name}/index.ts`);
      return {
        name,
        // The edge runtime verifies JWTs unless a function opts out.
        verifyJwt: spec.verify_jwt ?? true,
        entrypoint,
        // As the CLI finds it: config.toml's import_map, else the deno.json beside the entrypoint.
        denoConfig: spec.import_map
          ? path.resolve(baseDir, spec.import_map)
          : path.join(path.dirname(entrypoint), 'deno.json'),
      };
    });
  return { apiSchemas: raw.api?.schemas ?? ['public'], seedFiles, functions };
}

// The seed paths in config.toml may end in a `*` pattern on the file name, as the CLI allows.
function expandGlob(baseDir: string, pattern: string): string[] {
  const full = path.resolve(baseDir, pattern);
  const name = path.basename(full);
  if (!name.includes('*')) return [full];
  const dir = path.dirname(full);
  const re = new RegExp('^' + name.split('*').map(escapeRegExp).join('.*') + '$');
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries
    .filter((e) => re.test(e))
    .sort()
    .map((e) => path.join(dir, e));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The Deno executable itself. The npm package's `deno` bin is a Node wrapper that runs the
 * executable with spawnSync, so signals sent to the wrapper would not reach Deno; processes we
 * start and stop run the executable directly. The wrapper's first run puts it in place.
 */
export function denoExecutable(): string {
  const exe = path.join(rootDir, 'node_modules', 'deno', process.platform === 'win32' ? 'deno.exe' : 'deno');
  if (!existsSync(exe)) execFileSync(binPath('deno'), ['--version'], { stdio: 'ignore' });
  return exe;
}
