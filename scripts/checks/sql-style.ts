// The SQL style check: layout rules for every SQL file we write, and, across the migrations in
// version order, `create function` for a function's first definition and `create or replace` only
// for one an earlier migration created — so two migrations that pick the same name by accident
// fail here instead of one silently replacing the other.
//
// Run alone: `node --import tsx scripts/checks/sql-style.ts` prints the problems and exits 1 if any.
// squawk (a migration linter, a devDependency) adds its findings on the migrations.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const maxLineLength = 120;

export interface SqlFile {
  /** The path shown in problems, relative to the project root. */
  path: string;
  text: string;
}

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Every problem of the project's SQL files, as `file:line: message`; empty when all is well. */
export async function checkSqlStyle(root = projectRoot): Promise<string[]> {
  const migrations = await readSqlFiles(root, 'supabase/migrations', /\.sql$/);
  const others = [
    ...(await readSqlFiles(root, 'supabase', /^seed\.sql$/)),
    ...(await readSqlFiles(root, 'supabase/seeds', /\.sql$/)),
    ...(await readSqlFiles(root, 'supabase/tests', /\.p?sql$/, true)),
    ...(await readSqlFiles(root, 'supabase/local', /\.sql$/)),
  ];
  const problems = [...migrations, ...others].flatMap(checkLayout);
  problems.push(...checkFunctionDefinitions(migrations));
  problems.push(...(await lintMigrations(root)));
  return problems;
}

async function readSqlFiles(root: string, dir: string, names: RegExp, recursive = false): Promise<SqlFile[]> {
  const absolute = path.join(root, dir);
  if (!existsSync(absolute)) return [];
  const files = (await readdir(absolute, { recursive })).filter((name) => names.test(path.basename(name))).sort();
  // Migration file names start with their version, so sorted by name they are in the order applied.
  return Promise.all(
    files.map(async (name) => ({
      path: path.join(dir, name),
      text: await readFile(path.join(absolute, name), 'utf8'),
    })),
  );
}

// ---------------------------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------------------------

/** Line length (in characters, not bytes), tabs, trailing whitespace and the final newline. */
export function checkLayout(file: SqlFile): string[] {
  const problems: string[] = [];
  const lines = file.text.split('\n');
  // A file ending in a newline splits into its lines plus one empty string.
  const last = lines.pop();
  if (last !== '') {
    lines.push(last ?? '');
    problems.push(`${file.path}:${lines.length}: the file does not end with a newline`);
  } else if (lines.length > 0 && lines[lines.length - 1].trim() === '') {
    problems.push(`${file.path}:${lines.length}: the file ends with blank lines (end it with exactly one newline)`);
  }
  lines.forEach((line, index) => {
    const at = `${file.path}:${index + 1}`;
    const length = [...line].length;
    if (length > maxLineLength) problems.push(`${at}: line is ${length} columns long (at most ${maxLineLength})`);
    if (line.includes('\t')) problems.push(`${at}: tab character (indent with spaces)`);
    if (/\s$/.test(line)) problems.push(`${at}: trailing whitespace`);
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Function definitions across migrations
// ---------------------------------------------------------------------------------------------
//
// A light parser, not PostgreSQL's. It identifies a function by its schema-qualified name and the
// types of its input arguments, lowercased with whitespace collapsed, type modifiers dropped and
// the common built-in aliases (int, bool, timestamptz, varchar, ...) spelled one way. What it
// cannot see:
// - types it would need the catalog for: a domain or other alias of a type, an unqualified type
//   name that resolves to a schema-qualified one, `%type` references; two spellings of one
//   signature through those look like two overloads (a collision missed), never the reverse;
// - functions created, renamed or moved by `alter function ... rename to / set schema`, or inside
//   dynamic SQL (`execute`); `drop function` is followed;
// - a parameter whose name is also the first word of a multi-word type (`time`, `double`, ...)
//   is read as that type.
// Unqualified function names are reported instead of guessed at: every migration names the
// schema, as the style asks, and the schema an unqualified one lands in depends on the
// search_path of whoever runs the migration.

/** Problems with `create [or replace] function|procedure` across migrations in the order given. */
export function checkFunctionDefinitions(migrations: SqlFile[]): string[] {
  const problems: string[] = [];
  // Each function created so far, by its identity, with where it was first created.
  const defined = new Map<string, string>();
  for (const file of migrations) {
    const code = blankOutLiteralsAndComments(file.text);
    const statement = /\b(create\s+(or\s+replace\s+)?|drop\s+)(function|procedure)\s+(if\s+exists\s+)?/gi;
    for (const match of code.matchAll(statement)) {
      const at = `${file.path}:${lineOf(code, match.index)}`;
      const kind = match[3].toLowerCase();
      const start = match.index + match[0].length;
      if (match[1].toLowerCase().startsWith('drop')) {
        for (const dropped of readDropTargets(code, start, kind)) {
          for (const key of [...defined.keys()]) {
            if (key === dropped || (!dropped.includes('(') && key.startsWith(`${dropped}(`))) defined.delete(key);
          }
        }
        continue;
      }
      const signature = readSignature(code, start, kind);
      if (!signature) {
        problems.push(`${at}: cannot read the ${kind}'s name and arguments`);
        continue;
      }
      if (!signature.name.includes('.')) {
        problems.push(`${at}: ${kind} ${signature.name} is not schema-qualified`);
        continue;
      }
      const key = `${signature.name}(${signature.args.join(', ')})`;
      const earlier = defined.get(key);
      if (match[2] && !earlier) {
        problems.push(`${at}: first definition of ${kind} ${key} says create or replace (use create ${kind})`);
      } else if (!match[2] && earlier) {
        problems.push(`${at}: create ${kind} ${key} collides with the one created at ${earlier}`);
      }
      if (!earlier) defined.set(key, at);
    }
  }
  return problems;
}

/**
 * The text with comments, string literals and dollar-quoted bodies replaced by spaces (newlines
 * kept, so offsets and line numbers stay), leaving only the statements themselves to match.
 */
export function blankOutLiteralsAndComments(text: string): string {
  const out = text.split('');
  const blank = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (out[i] !== '\n') out[i] = ' ';
  };
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i, i + 2);
    if (rest === '--') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (rest === '/*') {
      // Block comments nest in PostgreSQL.
      let depth = 0;
      let j = i;
      do {
        if (text.startsWith('/*', j)) (depth++, (j += 2));
        else if (text.startsWith('*/', j)) (depth--, (j += 2));
        else j++;
      } while (depth > 0 && j < text.length);
      blank(i, j);
      i = j;
    } else if (text[i] === "'") {
      const escapes = /[eE]/.test(text[i - 1] ?? '') && !/\w/.test(text[i - 2] ?? '');
      let j = i + 1;
      while (j < text.length) {
        if (escapes && text[j] === '\\') j += 2;
        else if (text[j] === "'" && text[j + 1] === "'") j += 2;
        else if (text[j] === "'") break;
        else j++;
      }
      blank(i + 1, j);
      i = j + 1;
    } else if (text[i] === '"') {
      // A quoted identifier stays, but its contents must not be read as quotes or comments.
      const end = text.indexOf('"', i + 1);
      i = end === -1 ? text.length : end + 1;
    } else if (text[i] === '$' && !/[\w$]/.test(text[i - 1] ?? '')) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i))?.[0];
      if (!tag) {
        i++;
        continue;
      }
      const end = text.indexOf(tag, i + tag.length);
      const stop = end === -1 ? text.length : end;
      blank(i + tag.length, stop);
      i = stop + tag.length;
    } else {
      i++;
    }
  }
  return out.join('');
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text[i] === '\n') line++;
  return line;
}

interface Signature {
  name: string;
  args: string[];
  /** Where the text after the signature starts. */
  end: number;
}

/** The name and input argument types of the function named at `start`, or null if unreadable. */
function readSignature(code: string, start: number, kind: string): Signature | null {
  const name = /^\s*((?:"[^"]+"|[\w$]+)(?:\s*\.\s*(?:"[^"]+"|[\w$]+))?)\s*\(/.exec(code.slice(start));
  if (!name) return null;
  const open = start + name[0].length - 1;
  const close = matchingParen(code, open);
  if (close === -1) return null;
  const args = splitTopLevel(code.slice(open + 1, close))
    .map((arg) => argumentType(arg, kind))
    .filter((type): type is string => type !== null);
  return { name: normalizeName(name[1]), args, end: close + 1 };
}

/** The functions a `drop function` names: `schema.name(types)`, or `schema.name` for all overloads. */
function readDropTargets(code: string, start: number, kind: string): string[] {
  const targets: string[] = [];
  let at = start;
  for (;;) {
    const signature = readSignature(code, at, kind);
    if (signature) {
      targets.push(`${signature.name}(${signature.args.join(', ')})`);
      at = signature.end;
    } else {
      const bare = /^\s*((?:"[^"]+"|[\w$]+)(?:\s*\.\s*(?:"[^"]+"|[\w$]+))?)/.exec(code.slice(at));
      if (!bare) break;
      targets.push(normalizeName(bare[1]));
      at += bare[0].length;
    }
    const comma = /^\s*,/.exec(code.slice(at));
    if (!comma) break;
    at += comma[0].length;
  }
  return targets;
}

function normalizeName(name: string): string {
  return name
    .split(/\s*\.\s*/)
    .map((part) => (part.startsWith('"') ? part.slice(1, -1) : part.toLowerCase()))
    .join('.');
}

function matchingParen(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === '(') depth++;
    else if (code[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < list.length; i++) {
    if (list[i] === '(' || list[i] === '[') depth++;
    else if (list[i] === ')' || list[i] === ']') depth--;
    else if (list[i] === ',' && depth === 0) {
      parts.push(list.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(list.slice(from));
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

// First words of built-in types spelled with more than one word: an argument starting with one of
// these has no parameter name.
const multiWordTypeStarts = new Set([
  'double',
  'character',
  'char',
  'bit',
  'national',
  'timestamp',
  'time',
  'interval',
]);

const typeAliases: Record<string, string> = {
  int: 'integer',
  int4: 'integer',
  int2: 'smallint',
  int8: 'bigint',
  bool: 'boolean',
  float4: 'real',
  float8: 'double precision',
  float: 'double precision',
  decimal: 'numeric',
  varchar: 'character varying',
  char: 'character',
  timestamptz: 'timestamp with time zone',
  timestamp: 'timestamp without time zone',
  timetz: 'time with time zone',
  time: 'time without time zone',
};

/** The type of one argument as part of the function's identity, or null for an OUT argument. */
function argumentType(arg: string, kind: string): string | null {
  let words = arg
    .replace(/\s+default\s[\s\S]*$|\s*=[\s\S]*$/i, '')
    .replace(/\s*\(\s*[\d\s,]*\)/g, '') // type modifiers: varchar(20), numeric(10, 2)
    .replace(/\s*\[\s*\d*\s*\]/g, '[]')
    .trim()
    .split(/\s+/);
  const mode = words[0].toLowerCase();
  if (['in', 'out', 'inout', 'variadic'].includes(mode)) {
    // OUT arguments are not part of a function's identity (they are of a procedure's).
    if (mode === 'out' && kind === 'function') return null;
    words = words.slice(1);
  }
  if (words.length > 1 && !multiWordTypeStarts.has(words[0].toLowerCase())) words = words.slice(1);
  const type = words.map((word) => (word.startsWith('"') ? word : word.toLowerCase())).join(' ');
  const array = type.endsWith('[]') ? '[]' : '';
  const base = type.slice(0, type.length - array.length).replace(/^pg_catalog\./, '');
  return (typeAliases[base] ?? base) + array;
}

// ---------------------------------------------------------------------------------------------
// squawk
// ---------------------------------------------------------------------------------------------

/** squawk's findings on the migrations (its rules and exceptions are in .squawk.toml). */
async function lintMigrations(root: string): Promise<string[]> {
  // the project's own squawk, whichever tree it checks
  const squawk = path.join(projectRoot, 'node_modules', '.bin', 'squawk');
  if (!existsSync(squawk)) return ['node_modules/.bin/squawk: squawk is not installed (run npm ci)'];
  const output = await new Promise<string>((resolve) => {
    execFile(
      squawk,
      ['--reporter=gcc', `--config=${path.join(projectRoot, '.squawk.toml')}`, 'supabase/migrations/*.sql'],
      { cwd: root, env: { ...process.env, NO_COLOR: '1' } },
      (_error, stdout, stderr) => resolve(`${stdout}${stderr}`),
    );
  });
  // gcc style, `file:line:column: warning: rule message` with lines counted from 0; anything else
  // squawk printed is kept whole.
  return output
    .split('\n')
    .filter((line) => line.trim() !== '' && !/^Found \d+ issues|^All checks passed/i.test(line))
    .map((line) => {
      const finding = /^(.+?):(\d+):\d+: (?:warning|error): (.*)$/.exec(line);
      return finding ? `${finding[1]}:${Number(finding[2]) + 1}: squawk ${finding[3].trim()}` : `squawk: ${line}`;
    });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const problems = await checkSqlStyle();
  for (const problem of problems) console.log(problem);
  console.log(problems.length === 0 ? 'SQL style: no problems' : `SQL style: ${problems.length} problems`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}
