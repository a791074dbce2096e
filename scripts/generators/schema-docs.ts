// Documents generated from a live, migrated database, so they cannot drift from the migrations:
// an entity-relationship diagram per product schema (Mermaid), and the RLS matrix (who may do
// what to each table, classified from the grants and the policies).
import path from 'node:path';
import type postgres from 'postgres';
import { readProjectConfig, rootDir } from '../project.ts';
import { denied, joinScopes, noRows, operations, readRlsMatrix, rolesOf } from './rls-matrix.ts';
import { policySnapshotFiles } from './policy-snapshot.ts';
import { seedIdFiles } from './seed-ids.ts';

export const erdFile = path.join(rootDir, 'docs', 'erd.md');
export const rlsMatrixFile = path.join(rootDir, 'docs', 'rls-matrix.md');

const productSchemas = () => readProjectConfig().apiSchemas.filter((s) => s !== 'public');

interface ColumnInfo {
  table: string;
  column: string;
  type: string;
  pk: boolean;
  fk: boolean;
  notNull: boolean;
}
interface ForeignKey {
  from: string;
  to: string;
  name: string;
  nullable: boolean;
  unique: boolean;
}

function mermaidType(type: string): string {
  return type.replace(/\s+/g, '_').replace(/[^A-Za-z0-9_]/g, '');
}

export async function erdMarkdown(sql: postgres.Sql): Promise<string> {
  const out = [
    '# Entity-relationship diagrams',
    '',
    'Generated from the migrated database by `npm run docs`; `npm test` fails when it is stale.',
    '',
  ];
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

export async function rlsMatrixMarkdown(sql: postgres.Sql): Promise<string> {
  const matrix = await readRlsMatrix(sql);
  const out = [
    '# RLS matrix',
    '',
    'Which rows each API role reaches in every table and view of the exposed schemas, per operation;',
    'where a second factor is required, also a signed-in user who has one, before and after his',
    'session passed it (`authenticated (2FA, unverified session)`, `authenticated (2FA, verified',
    'session)`; [auth.md](auth.md#the-second-factor-is-bound-to-the-auth-session)).',
    'Generated from the live grants and policies by `npm run docs`; `npm test` fails when this file is',
    'stale or when it disagrees with the pgTAP matrix (`supabase/tests/fixtures/rls_matrix/`), whose',
    'every cell the pgTAP suite checks by running the operation as each role and user.',
    '',
    '| cell | meaning |',
    '|---|---|',
    `| ${denied} | the role has no privilege: the request fails |`,
    `| ${noRows} | the privilege, but no row passes: the restrictive policy that requires the second factor |`,
    '| all rows | every row (service_role bypasses RLS) |',
    '| public rows | rows a condition on the row itself opens to everybody: active, published, public |',
    '| own rows | rows of the caller: `auth.uid()` in the row or in the row it belongs to |',
    '| workspace rows (viewers, members, owners) | rows of the ADLY workspaces where the caller holds at least that role |',
    '| entitled rows | rows the caller bought or was granted access to |',
    '| admins | every row, for the admins of the product |',
    '',
    'Scopes joined by `+` add up. A policy may narrow its scope further (an active account, a visible',
    'workflow, an image that is not processing); the policies are listed under each schema, and the',
    'pgTAP matrix states the exact rows. A column-level grant counts as a grant; see the migrations for',
    'the columns.',
    '',
  ];
  for (const schema of [...new Set(matrix.map((r) => r.schema))]) {
    const relations = matrix.filter((r) => r.schema === schema);
    out.push(
      `## ${schema}`,
      '',
      `| table | RLS | role | ${operations.join(' | ')} |`,
      `|---|---|---|${operations.map(() => '---').join('|')}|`,
    );
    for (const r of relations) {
      rolesOf(r).forEach((role, i) => {
        const rls = r.kind === 'view' ? 'view' : r.rls ? 'on' : 'off';
        out.push(
          `| ${i === 0 ? r.relation : ''} | ${i === 0 ? rls : ''} | ${role} | ${operations.map((op) => r.cells[role]![op]).join(' | ')} |`,
        );
      });
    }
    out.push(
      '',
      `### ${schema} policies`,
      '',
      '| table | policy | role | operation | scope |',
      '|---|---|---|---|---|',
    );
    for (const r of relations) {
      for (const p of r.policies)
        out.push(`| ${r.relation} | ${p.name} | ${p.role} | ${p.operation} | ${joinScopes(p.scopes)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** Every document `npm run docs` writes, with its content: the ERD, the RLS matrix, the policy snapshots
 *  and the names of the seed rows for the pgTAP suite. */
export async function generatedDocuments(sql: postgres.Sql): Promise<[string, string][]> {
  return [
    [erdFile, await erdMarkdown(sql)],
    [rlsMatrixFile, await rlsMatrixMarkdown(sql)],
    ...(await policySnapshotFiles(sql)),
    ...seedIdFiles(),
  ];
}
