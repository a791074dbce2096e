// The current state of each exposed schema's access rules, read off the migrated database, so a
// reviewer reads one file instead of replaying the migrations: per table and view, whether row
// level security is on, the table and column grants of the API roles, and every policy as
// PostgreSQL holds it; then the definitions of the functions the API roles may execute and of the
// helpers the policies call. Written to supabase/policies/<schema>.sql by `npm run docs`.
import path from 'node:path';
import type postgres from 'postgres';
import { readProjectConfig, supabaseDir } from '../project.ts';
import { apiRoles } from './rls-matrix.ts';

export const policiesDir = path.join(supabaseDir, 'policies');

/** The schemas with a snapshot: the exposed ones, and storage, where the buckets' policies live. */
export function snapshotSchemas(): string[] {
  return [...readProjectConfig().apiSchemas, 'storage'];
}

interface Relation {
  oid: number;
  name: string;
  kind: string;
  rls: boolean;
  force_rls: boolean;
  invoker: boolean;
  comment: string | null;
}

interface Policy {
  name: string;
  permissive: boolean;
  command: string;
  roles: string[];
  using: string | null;
  check: string | null;
  comment: string | null;
}

interface FunctionDefinition {
  signature: string;
  definition: string;
  executors: string[];
}

const commandWords: Record<string, string> = { r: 'select', a: 'insert', w: 'update', d: 'delete', '*': 'all' };

function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

async function relations(sql: postgres.Sql, schema: string): Promise<Relation[]> {
  return sql<Relation[]>`
    select c.oid::int as oid, c.relname as name, c.relkind as kind, c.relrowsecurity as rls,
           c.relforcerowsecurity as force_rls,
           coalesce('security_invoker=true' = any (c.reloptions) or 'security_invoker=on' = any (c.reloptions), false) as invoker,
           obj_description(c.oid, 'pg_class') as comment
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schema} and c.relkind in ('r', 'p', 'v', 'm')
      and (${schema} <> 'storage' or exists (select 1 from pg_policy p where p.polrelid = c.oid))
    order by c.relname`;
}

/** The grant statements of the API roles on one relation: table-level, then column-level. */
async function grants(sql: postgres.Sql, relation: Relation, qualified: string): Promise<string[]> {
  const lines: string[] = [];
  for (const role of apiRoles) {
    const [row] = await sql<{ table_privileges: string[]; columns: { privilege: string; columns: string[] }[] }[]>`
      select array(select p from unnest(array['select', 'insert', 'update', 'delete', 'truncate', 'references', 'trigger']) p
                   where has_table_privilege(${role}, ${relation.oid}::oid, p) order by array_position(
                     array['select', 'insert', 'update', 'delete', 'truncate', 'references', 'trigger'], p)) as table_privileges,
             coalesce((select json_agg(json_build_object('privilege', g.privilege, 'columns', g.columns) order by g.position)
                from (select p as privilege, array_position(array['select', 'insert', 'update', 'references'], p) as position,
                             array(select a.attname::text from pg_attribute a
                                    where a.attrelid = ${relation.oid}::oid and a.attnum > 0 and not a.attisdropped
                                      and has_column_privilege(${role}, ${relation.oid}::oid, a.attnum, p)
                                    order by a.attnum) as columns
                      from unnest(array['select', 'insert', 'update', 'references']) p
                      where not has_table_privilege(${role}, ${relation.oid}::oid, p)) g
                where cardinality(g.columns) > 0), '[]'::json) as columns`;
    if (row.table_privileges.length > 0)
      lines.push(`grant ${row.table_privileges.join(', ')} on ${qualified} to ${role};`);
    for (const c of row.columns)
      lines.push(`grant ${c.privilege} (${c.columns.map(quoteIdent).join(', ')}) on ${qualified} to ${role};`);
    if (row.table_privileges.length === 0 && row.columns.length === 0) lines.push(`-- ${role}: no privileges`);
  }
  return lines;
}

async function policies(sql: postgres.Sql, relation: Relation): Promise<Policy[]> {
  return sql<Policy[]>`
    select p.polname as name, p.polpermissive as permissive, p.polcmd as command,
           case when p.polroles = '{0}' then array['public']
                else array(select r.rolname::text from pg_roles r where r.oid = any (p.polroles) order by r.rolname) end as roles,
           pg_get_expr(p.polqual, p.polrelid) as using, pg_get_expr(p.polwithcheck, p.polrelid) as check,
           obj_description(p.oid, 'pg_policy') as comment
    from pg_policy p where p.polrelid = ${relation.oid}::oid
    order by array_position(array['r', 'a', 'w', 'd', '*']::"char"[], p.polcmd), p.polname`;
}

function policyStatement(policy: Policy, qualified: string): string[] {
  const lines = [
    `create policy ${quoteIdent(policy.name)} on ${qualified}`,
    `  as ${policy.permissive ? 'permissive' : 'restrictive'} for ${commandWords[policy.command]} to ${policy.roles.join(', ')}`,
  ];
  if (policy.using) lines.push(`  using (${policy.using})`);
  if (policy.check) lines.push(`  with check (${policy.check})`);
  lines[lines.length - 1] += ';';
  if (policy.comment)
    lines.push(`comment on policy ${quoteIdent(policy.name)} on ${qualified} is ${sqlString(policy.comment)};`);
  return lines;
}

/**
 * The functions of the schema an API role may execute, and the helpers (of any schema but the
 * platform's) that the schema's policies call, with who may execute each.
 */
async function functions(sql: postgres.Sql, schema: string): Promise<FunctionDefinition[]> {
  const rows = await sql<{ oid: number; signature: string; definition: string }[]>`
    with policy_text as (
      select string_agg(coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ' ' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), ''), ' ') as text
      from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${schema}
    )
    select f.oid::int as oid, f.oid::regprocedure::text as signature, pg_get_functiondef(f.oid) as definition
    from pg_proc f join pg_namespace n on n.oid = f.pronamespace, policy_text
    where f.prokind = 'f'
      and ((n.nspname = ${schema} and ${schema} <> 'storage'
            and (has_function_privilege('anon', f.oid, 'execute') or has_function_privilege('authenticated', f.oid, 'execute')
                 or has_function_privilege('service_role', f.oid, 'execute')))
        or (n.nspname not in ('pg_catalog', 'auth', 'storage', 'extensions')
            and coalesce(policy_text.text, '') ~ ('(^|[^a-z0-9_])' || n.nspname || '\\.' || f.proname || '\\(')))
    order by 2`;
  const result: FunctionDefinition[] = [];
  for (const row of rows) {
    const executors: string[] = [];
    for (const role of apiRoles) {
      const [{ allowed }] = await sql`select has_function_privilege(${role}, ${row.oid}::oid, 'execute') as allowed`;
      if (allowed) executors.push(role);
    }
    result.push({ signature: row.signature, definition: row.definition.trim(), executors });
  }
  return result;
}

export async function policySnapshot(sql: postgres.Sql, schema: string): Promise<string> {
  const out = [
    `-- ${schema}: the access rules as the migrated database holds them. Generated by \`npm run docs\`;`,
    '-- never edit it: change the rules with a migration. `npm test` fails when this file is stale.',
    "-- Per table and view: row level security, the API roles' table and column grants, every policy;",
    '-- then the functions the API roles may execute and the helpers the policies call.',
    '',
  ];
  for (const relation of await relations(sql, schema)) {
    const qualified = `${quoteIdent(schema)}.${quoteIdent(relation.name)}`;
    const isView = relation.kind === 'v' || relation.kind === 'm';
    out.push('-- ' + '='.repeat(94), `-- ${qualified} (${isView ? 'view' : 'table'})`, '-- ' + '='.repeat(94));
    if (relation.comment) out.push(...relation.comment.split('\n').map((line) => `-- ${line}`));
    if (isView)
      out.push(
        relation.invoker
          ? "-- security_invoker: the caller's grants and policies apply"
          : "-- runs with its owner's rights",
      );
    else out.push(`alter table ${qualified} ${relation.rls ? 'enable' : 'disable'} row level security;`);
    if (relation.force_rls) out.push(`alter table ${qualified} force row level security;`);
    if (schema !== 'storage') out.push(...(await grants(sql, relation, qualified)));
    const list = await policies(sql, relation);
    if (!isView && list.length === 0) out.push('-- no policies');
    for (const policy of list) out.push(...policyStatement(policy, qualified));
    out.push('');
  }
  const defs = await functions(sql, schema);
  if (defs.length > 0) {
    out.push('-- ' + '='.repeat(94), '-- functions', '-- ' + '='.repeat(94), '');
    for (const def of defs) {
      out.push(`-- ${def.signature}: executable by ${def.executors.length ? def.executors.join(', ') : 'no API role'}`);
      out.push(def.definition.endsWith(';') ? def.definition : `${def.definition};`, '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** Every snapshot file with its content. */
export async function policySnapshotFiles(sql: postgres.Sql): Promise<[string, string][]> {
  const files: [string, string][] = [];
  for (const schema of snapshotSchemas())
    files.push([path.join(policiesDir, `${schema}.sql`), await policySnapshot(sql, schema)]);
  return files;
}
