// Documents generated from a live, migrated database, so they cannot drift from the migrations:
// an entity-relationship diagram per product schema (Mermaid), and the RLS matrix (who may do
// what to each table, from the grants and the policies).
import path from 'node:path';
import type postgres from 'postgres';
import { readProjectConfig, rootDir } from './project.ts';

export const erdFile = path.join(rootDir, 'docs', 'erd.md');
export const rlsMatrixFile = path.join(rootDir, 'docs', 'rls-matrix.md');

const productSchemas = () => readProjectConfig().apiSchemas.filter((s) => s !== 'public');

interface ColumnInfo { table: string; column: string; type: string; pk: boolean; fk: boolean; notNull: boolean }
interface ForeignKey { from: string; to: string; name: string; nullable: boolean; unique: boolean }

function mermaidType(type: string): string {
  return type.replace(/\s+/g, '_').replace(/[^A-Za-z0-9_]/g, '');
}

export async function erdMarkdown(sql: postgres.Sql): Promise<string> {
  const out = ['# Entity-relationship diagrams', '', 'Generated from the migrated database by `npm run docs`; `npm test` fails when it is stale.', ''];
  for (const schema of productSchemas()) {
    const columns = await sql<ColumnInfo[]>`
      select c.relname as table, a.attname as column,
             pg_catalog.format_type(a.atttypid, null) as type,
             exists (select 1 from pg_constraint k where k.conrelid = c.oid and k.contype = 'p' and a.attnum = any (k.conkey)) as pk,
             exists (select 1 from pg_constraint k where k.conrelid = c.oid and k.contype = 'f' and a.attnum = any (k.conkey)) as fk,
             a.attnotnull as "notNull"
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      where n.nspname = ${schema} and c.relkind in ('r', 'p')
      order by c.relname, a.attnum`;
    const keys = await sql<ForeignKey[]>`
      select src.relname as from, dst.relname as to, k.conname as name,
             bool_or(not a.attnotnull) as nullable,
             exists (
               select 1 from pg_index i
               where i.indrelid = k.conrelid and i.indisunique
                 and (i.indkey::int2[])::int2[] @> k.conkey and array_length(i.indkey::int2[], 1) = array_length(k.conkey, 1)
             ) as unique
      from pg_constraint k
      join pg_class src on src.oid = k.conrelid
      join pg_class dst on dst.oid = k.confrelid
      join pg_namespace sn on sn.oid = src.relnamespace
      join pg_namespace dn on dn.oid = dst.relnamespace
      join pg_attribute a on a.attrelid = k.conrelid and a.attnum = any (k.conkey)
      where k.contype = 'f' and sn.nspname = ${schema} and dn.nspname = ${schema}
      group by src.relname, dst.relname, k.conname, k.conrelid, k.conkey
      order by 1, 3`;
    out.push(`## ${schema}`, '', '```mermaid', 'erDiagram');
    let current = '';
    for (const c of columns) {
      if (c.table !== current) {
        if (current) out.push('  }');
        out.push(`  ${c.table} {`);
        current = c.table;
      }
      const marks = [c.pk && 'PK', c.fk && 'FK'].filter(Boolean).join(',');
      out.push(`    ${mermaidType(c.type)} ${c.column}${marks ? ` ${marks}` : ''}`);
    }
    if (current) out.push('  }');
    for (const k of keys) {
      // parent ||--o{ child: one parent row, zero or more children (zero or one when unique).
      const parentSide = k.nullable ? '|o' : '||';
      const childSide = k.unique ? 'o|' : 'o{';
      out.push(`  ${k.to} ${parentSide}--${childSide} ${k.from} : "${k.name}"`);
    }
    out.push('```', '');
  }
  return out.join('\n');
}

interface TableAccess {
  schema: string;
  table: string;
  rls: boolean;
  privileges: Record<string, string[]>;
  policies: { name: string; cmd: string; roles: string[] }[];
}

const roles = ['anon', 'authenticated', 'service_role'] as const;
const operations = ['select', 'insert', 'update', 'delete'] as const;
const policyCommand: Record<string, string> = { r: 'select', a: 'insert', w: 'update', d: 'delete', '*': 'all' };

function cell(access: TableAccess, role: string, operation: string): string {
  const granted = access.privileges[role]?.includes(operation);
  if (!granted) return '—';
  if (role === 'service_role' || !access.rls) return 'all rows';
  const names = access.policies
    .filter((p) => (p.cmd === operation || p.cmd === 'all') && (p.roles.includes(role) || p.roles.includes('public')))
    .map((p) => p.name);
  return names.length ? names.join('; ') : 'granted, no policy: none';
}

export async function rlsMatrixMarkdown(sql: postgres.Sql): Promise<string> {
  const schemas = readProjectConfig().apiSchemas;
  const tables = await sql<{ schema: string; table: string; rls: boolean; oid: number }[]>`
    select n.nspname as schema, c.relname as table, c.relrowsecurity as rls, c.oid::int as oid
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = any (${schemas}) and c.relkind in ('r', 'p', 'v', 'm')
    order by 1, 2`;
  const out = [
    '# RLS matrix',
    '',
    'Who may do what to each table and view of the exposed schemas, generated from the live grants',
    'and policies by `npm run docs` (`npm test` fails when it is stale). A cell names the policies',
    'that decide which rows the operation reaches; `—` means the role has no privilege at all;',
    '`all rows` means RLS does not apply (service_role bypasses it). A column-level grant counts as',
    'a grant here; see the migrations for the columns. The pgTAP suite asserts the behaviour behind',
    'each cell.',
    '',
  ];
  let schema = '';
  for (const t of tables) {
    if (t.schema !== schema) {
      schema = t.schema;
      out.push(`## ${schema}`, '', `| table | RLS | role | ${operations.join(' | ')} |`, `|---|---|---|${operations.map(() => '---').join('|')}|`);
    }
    const privileges: Record<string, string[]> = {};
    for (const role of roles) {
      const [row] = await sql<{ ops: string[] }[]>`
        select array(
          select op from unnest(array['select', 'insert', 'update', 'delete']) op
          where has_table_privilege(${role}, ${t.oid}::oid, op)
             or (op in ('select', 'insert', 'update') and has_any_column_privilege(${role}, ${t.oid}::oid, op))
        ) as ops`;
      privileges[role] = row.ops;
    }
    const policies = (await sql<{ name: string; cmd: string; roles: string[] }[]>`
      select p.polname as name, p.polcmd as cmd,
             array(select case when r = 0 then 'public' else pg_get_userbyid(r) end from unnest(p.polroles) r) as roles
      from pg_policy p where p.polrelid = ${t.oid}::oid order by p.polname`)
      .map((p) => ({ ...p, cmd: policyCommand[p.cmd] ?? p.cmd }));
    const access: TableAccess = { schema: t.schema, table: t.table, rls: t.rls, privileges, policies };
    for (const role of roles) {
      out.push(`| ${role === 'anon' ? t.table : ''} | ${role === 'anon' ? (t.rls ? 'on' : 'off') : ''} | ${role} | ${operations.map((op) => cell(access, role, op)).join(' | ')} |`);
    }
    if (t === tables.at(-1) || tables[tables.indexOf(t) + 1].schema !== schema) out.push('');
  }
  return out.join('\n');
}
