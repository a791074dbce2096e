// The RLS matrix read off the live database: for every table and view of the exposed schemas, and
// for each API role and operation, which rows the role reaches; where a restrictive policy
// requires the second factor, also for a user who has one, before and after his session passed
// it. A cell is derived from the grants and from the expressions of the policies, in a small
// vocabulary (see `scopeOrder`). The pgTAP
// matrix (supabase/tests/fixtures/rls_matrix/) states the same cells by hand, and the pgTAP suite
// checks them against what the roles really reach, so the three cannot disagree unnoticed.
import type postgres from 'postgres';
import { readProjectConfig } from '../project.ts';

export const apiRoles = ['anon', 'authenticated', 'service_role'] as const;
export const operations = ['select', 'insert', 'update', 'delete'] as const;
export type ApiRole = (typeof apiRoles)[number];
export type Operation = (typeof operations)[number];

/**
 * A signed-in user who has a second factor, before and after his session passed it: probed as
 * roles of their own on the relations whose restrictive policy requires the second factor.
 */
export const sessionStates = [
  'authenticated (2FA, unverified session)',
  'authenticated (2FA, verified session)',
] as const;
export type SessionState = (typeof sessionStates)[number];
export const matrixRoles = [...apiRoles, ...sessionStates] as const;
export type MatrixRole = (typeof matrixRoles)[number];

/** Every scope a cell can name, widest first; a cell joins its scopes with ' + ' in this order. */
export const scopeOrder = [
  'all rows',
  'public rows',
  'own rows',
  'workspace rows (viewers)',
  'workspace rows (members)',
  'workspace rows (owners)',
  'entitled rows',
  'admins',
] as const;
export type Scope = (typeof scopeOrder)[number];

/** The cell of a role that lacks the privilege: the request fails. */
export const denied = 'denied';
/** The cell of a role that has the privilege but whose requests no row passes. */
export const noRows = 'no rows';

// The restrictive policy that requires the second factor: the only restrictive policy the matrix
// classifies, for every operation of authenticated (USING and WITH CHECK alike).
const secondFactorGate = /^\(\s*SELECT private\.second_factor_satisfied\(\) AS second_factor_satisfied\)$/;

/** One policy as it applies to one role and operation. */
export interface PolicyAccess {
  name: string;
  operation: Operation;
  role: ApiRole;
  scopes: Scope[];
}

export interface RelationAccess {
  schema: string;
  relation: string;
  kind: 'table' | 'view';
  rls: boolean;
  /** role → operation → cell; the session states only where the second factor is required */
  cells: Record<ApiRole, Record<Operation, string>> & Partial<Record<SessionState, Record<Operation, string>>>;
  policies: PolicyAccess[];
}

/** The roles a relation's matrix has rows for, in order. */
export const rolesOf = (r: RelationAccess): MatrixRole[] => matrixRoles.filter((role) => r.cells[role]);

// The helper functions the policies call, and the scopes each stands for. A policy that calls a
// helper missing here cannot be classified, and the generator says so instead of guessing.
const helperScopes: [RegExp, (match: RegExpMatchArray) => Scope[]][] = [
  [
    /private\.adly_(?:workspace|campaign|ad_set|store_connection)_ids\('(viewer|member|owner)'/,
    (m) => [`workspace rows (${m[1]}s)` as Scope],
  ],
  [/private\.adly_shares_workspace_with\(/, () => ['workspace rows (viewers)']],
  [/auth\.uid\(\)|private\.\w+_owns_\w+\(|private\.\w+_confirmed_email\(\)/, () => ['own rows']],
  [/private\.\w+_is_admin\(\)/, () => ['admins']],
  [/private\.(?:marketplace_has_access|courses_can_read_lesson)\(/, () => ['entitled rows']],
  [/private\.courses_readable_course_ids\(/, () => ['public rows', 'entitled rows', 'admins']],
  [/private\.courses_readable_lesson_sections\(/, () => ['public rows', 'entitled rows']],
  [/private\.\w+_is_active_user\(\)/, () => []],
  [
    /private\.(?:marketplace_workflow_is_visible|marketplace_comment_is_visible|dtf_collection_is_public|courses_product_is_public)\(/,
    () => ['public rows'],
  ],
];

// Scopes that need a caller identity (all but these two); anon has none, so for anon they select nothing.
const identityScopes = new Set<Scope>(scopeOrder.filter((s) => s !== 'all rows' && s !== 'public rows'));

/** Splits a deparsed boolean expression at its top-level ORs or ANDs, outside parentheses and quotes. */
export function splitTopLevel(expression: string, keyword: 'OR' | 'AND'): string[] {
  let text = expression.trim();
  while (text.startsWith('(') && closingParen(text, 0) === text.length - 1) text = text.slice(1, -1).trim();
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  const separator = ` ${keyword} `;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") quoted = !quoted;
    if (quoted) continue;
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i).trim());
      start = i + separator.length;
      i = start - 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

function closingParen(text: string, open: number): number {
  let depth = 0;
  let quoted = false;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") quoted = !quoted;
    if (quoted) continue;
    if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return -1;
}

/** The scopes one conjunct selects; a bare condition on the row's own columns makes rows public. */
function conjunctScopes(conjunct: string, policy: string): Scope[] {
  if (/^true$/i.test(conjunct.replace(/[()\s]/g, ''))) return ['all rows'];
  for (const [pattern, scopes] of helperScopes) {
    const match = conjunct.match(pattern);
    if (match) return scopes(match);
  }
  const unknown = conjunct.match(/\b(?:private|auth|public)\.\w+\(/);
  if (unknown)
    throw new Error(
      `policy "${policy}" calls ${unknown[0]}), which the RLS matrix cannot classify: add it to helperScopes in scripts/generators/rls-matrix.ts`,
    );
  return ['public rows'];
}

const rank = (scope: Scope) => scopeOrder.indexOf(scope);

// Which scope an AND of several describes: the most specific one, the others only narrow it
// (a review is the caller's own row, even though it also needs a visible workflow he bought).
const specificity: Scope[] = [
  'workspace rows (owners)',
  'workspace rows (members)',
  'workspace rows (viewers)',
  'own rows',
  'entitled rows',
  'public rows',
  'admins',
  'all rows',
];
const mostSpecific = (scopes: Scope[]) => Math.min(...scopes.map((s) => specificity.indexOf(s)));

/**
 * The scopes of one policy expression for one role: the union over its OR-ed terms; a term that
 * ANDs several conditions takes the scope of its most specific one.
 */
export function expressionScopes(expression: string, role: ApiRole, policy: string): Scope[] {
  const scopes = new Set<Scope>();
  for (const term of splitTopLevel(expression, 'OR')) {
    let narrowest: Scope[] | undefined;
    for (const conjunct of splitTopLevel(term, 'AND')) {
      let found = conjunctScopes(conjunct, policy);
      if (role === 'anon') {
        const withoutIdentity = found.filter((s) => !identityScopes.has(s));
        if (found.length && !withoutIdentity.length) {
          narrowest = [];
          break;
        }
        found = withoutIdentity;
      }
      if (!found.length) continue;
      if (!narrowest || mostSpecific(found) < mostSpecific(narrowest)) narrowest = found;
    }
    for (const scope of narrowest ?? ['all rows']) scopes.add(scope);
  }
  return [...scopes];
}

export const joinScopes = (scopes: Iterable<Scope>) =>
  [...new Set(scopes)].sort((a, b) => rank(a) - rank(b)).join(' + ');

const policyOperations: Record<string, Operation[]> = {
  r: ['select'],
  a: ['insert'],
  w: ['update'],
  d: ['delete'],
  '*': [...operations],
};

export async function readRlsMatrix(sql: postgres.Sql): Promise<RelationAccess[]> {
  const relations = await sql<
    { schema: string; relation: string; kind: string; rls: boolean; oid: number; definition: string | null }[]
  >`
    select n.nspname as schema, c.relname as relation, c.relkind::text as kind, c.relrowsecurity as rls, c.oid::int as oid,
           case when c.relkind in ('v', 'm') then pg_get_viewdef(c.oid) end as definition
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = any (${readProjectConfig().apiSchemas}) and c.relkind in ('r', 'p', 'v', 'm')
    order by 1, 2`;
  const result: RelationAccess[] = [];
  for (const r of relations) {
    const granted = await sql<{ role: ApiRole; operation: Operation }[]>`
      select role, op as operation
      from unnest(${apiRoles as unknown as string[]}::text[]) role, unnest(${operations as unknown as string[]}::text[]) op
      where has_table_privilege(role, ${r.oid}::oid, op)
         or (op in ('select', 'insert', 'update') and has_any_column_privilege(role, ${r.oid}::oid, op))`;
    const rows = await sql<
      { name: string; cmd: string; roles: string[]; permissive: boolean; using: string | null; check: string | null }[]
    >`
      select p.polname as name, p.polcmd as cmd, p.polpermissive as permissive,
             array(select case when id = 0 then 'public' else pg_get_userbyid(id) end from unnest(p.polroles) id) as roles,
             pg_get_expr(p.polqual, p.polrelid) as using, pg_get_expr(p.polwithcheck, p.polrelid) as check
      from pg_policy p where p.polrelid = ${r.oid}::oid order by p.polname`;
    const restrictive = rows.filter((p) => !p.permissive);
    const gated = restrictive.length > 0;
    for (const p of restrictive) {
      const isGate =
        p.cmd === '*' &&
        p.roles.join() === 'authenticated' &&
        secondFactorGate.test(p.using ?? '') &&
        secondFactorGate.test(p.check ?? '');
      if (!isGate)
        throw new Error(
          `${r.schema}.${r.relation}: the restrictive policy "${p.name}" is not the second-factor requirement, the only one the RLS matrix classifies`,
        );
    }
    // each permissive policy classified once per API role and operation it applies to (a public
    // policy: every role); which rows an insert may write is its WITH CHECK, for the others its USING
    const policies: PolicyAccess[] = rows
      .filter((p) => p.permissive)
      .flatMap((p) =>
        apiRoles
          .filter((role) => p.roles.includes(role) || p.roles.includes('public'))
          .flatMap((role) =>
            policyOperations[p.cmd].map((operation) => ({
              name: p.name,
              operation,
              role,
              scopes: expressionScopes(
                (operation === 'insert' ? (p.check ?? p.using) : p.using) ?? 'true',
                role,
                p.name,
              ),
            })),
          ),
      );
    const cells = {} as RelationAccess['cells'];
    for (const role of apiRoles) {
      cells[role] = {} as Record<Operation, string>;
      for (const operation of operations) {
        const scopes = policies.filter((p) => p.role === role && p.operation === operation).flatMap((p) => p.scopes);
        cells[role][operation] = cellFor(r, role, operation, granted, scopes);
      }
    }
    if (gated) {
      // before the second factor the privileges stay but no row passes; after it, as authenticated
      const signedIn = cells.authenticated;
      cells['authenticated (2FA, unverified session)'] = Object.fromEntries(
        operations.map((op) => [op, signedIn[op] === denied ? denied : noRows]),
      ) as Record<Operation, string>;
      cells['authenticated (2FA, verified session)'] = { ...signedIn };
    }
    result.push({
      schema: r.schema,
      relation: r.relation,
      kind: r.kind === 'v' || r.kind === 'm' ? 'view' : 'table',
      rls: r.rls,
      cells,
      policies,
    });
  }
  return result;
}

function cellFor(
  r: { rls: boolean; definition: string | null },
  role: ApiRole,
  operation: Operation,
  granted: { role: string; operation: string }[],
  policyScopes: Scope[],
): string {
  if (!granted.some((g) => g.role === role && g.operation === operation)) return denied;
  if (role === 'service_role') return 'all rows';
  // Views are security_invoker: they read their tables with the caller's RLS; ours also filter on
  // the caller being an admin of the product.
  if (r.definition !== null) return /private\.\w+_is_admin\(\)/.test(r.definition) ? 'admins' : 'as its tables';
  if (!r.rls) return 'all rows';
  return policyScopes.length ? joinScopes(policyScopes) : 'no rows (no policy)';
}
