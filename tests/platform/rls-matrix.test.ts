// The RLS matrix generated from the policies (docs/rls-matrix.md) names the same cells as the
// pgTAP matrix (supabase/tests/fixtures/rls_matrix/), whose cells the pgTAP suite checks by
// behaviour. A policy change that alters who reaches what therefore fails here until the pgTAP
// matrix says so too, and the behaviour test then proves the new cell.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { supabaseDir } from '../../scripts/project.ts';
import {
  expressionScopes,
  operations,
  readRlsMatrix,
  rolesOf,
  splitTopLevel,
  type RelationAccess,
} from '../../scripts/generators/rls-matrix.ts';

const stack = inject('stack');
const testsDir = path.join(supabaseDir, 'tests');
const matrixDir = path.join(testsDir, 'fixtures', 'rls_matrix');
const sqlFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.psql'))
    .sort();
const matrixFiles = sqlFiles(matrixDir);

interface MatrixRow {
  relation: string;
  role: string;
  select_rows: string;
  insert_rows: string;
  update_rows: string;
  delete_rows: string;
}

/** The pgTAP matrix as the pgTAP suite loads it, read inside a transaction that is rolled back. */
async function readPgTapMatrix(sql: postgres.Sql): Promise<MatrixRow[]> {
  let rows: MatrixRow[] = [];
  await sql
    .begin(async (tx) => {
      await tx.unsafe(readFileSync(path.join(testsDir, 'fixtures', 'rls_matrix.psql'), 'utf8'));
      for (const file of matrixFiles) await tx.unsafe(readFileSync(path.join(matrixDir, file), 'utf8'));
      rows = await tx<MatrixRow[]>`select * from rls_matrix order by relation, role`;
      throw new Error('rollback');
    })
    .catch((error: Error) => {
      if (error.message !== 'rollback') throw error;
    });
  return rows;
}

describe('RLS matrix', () => {
  let sql: postgres.Sql;
  let generated: RelationAccess[];
  let pgTap: MatrixRow[];

  beforeAll(async () => {
    sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
    generated = await readRlsMatrix(sql);
    pgTap = await readPgTapMatrix(sql);
  });
  afterAll(() => sql.end());

  it('generated from the policies, names the same cells as the pgTAP matrix', () => {
    const fromPolicies = generated.flatMap((r) =>
      rolesOf(r).map((role) =>
        [`${r.schema}.${r.relation}`, role, ...operations.map((op) => r.cells[role]![op])].join(' | '),
      ),
    );
    const fromPgTap = pgTap.map((r) =>
      [r.relation, r.role, r.select_rows, r.insert_rows, r.update_rows, r.delete_rows].join(' | '),
    );
    expect(
      fromPgTap.filter((cell) => !fromPolicies.includes(cell)),
      'in the pgTAP matrix, not in the policies',
    ).toEqual([]);
    expect(
      fromPolicies.filter((cell) => !fromPgTap.includes(cell)),
      'in the policies, not in the pgTAP matrix',
    ).toEqual([]);
  });

  it('is loaded whole by the pgTAP file that checks it', () => {
    const pgTapFile = readFileSync(path.join(testsDir, '02_platform_rls_matrix.test.sql'), 'utf8');
    const rowFiles = sqlFiles(path.join(testsDir, 'fixtures', 'rls_matrix_rows'));
    for (const file of [
      'rls_matrix.psql',
      ...matrixFiles.map((f) => `rls_matrix/${f}`),
      ...rowFiles.map((f) => `rls_matrix_rows/${f}`),
    ]) {
      expect(pgTapFile, file).toContain(`\\ir fixtures/${file}\n`);
    }
  });
});

describe('policy classification', () => {
  it('splits only at top-level operators, outside parentheses and quotes', () => {
    expect(splitTopLevel("((a = 'x OR y') OR (EXISTS ( SELECT 1 WHERE (b OR c))))", 'OR')).toEqual([
      "(a = 'x OR y')",
      '(EXISTS ( SELECT 1 WHERE (b OR c)))',
    ]);
    expect(splitTopLevel('(a AND (b OR c))', 'AND')).toEqual(['a', '(b OR c)']);
  });

  it('joins the scopes of OR-ed terms and takes the most specific scope of an AND', () => {
    const ownOrAdmin = '((user_id = ( SELECT auth.uid() AS uid)) OR ( SELECT private.dtf_is_admin() AS dtf_is_admin))';
    expect(expressionScopes(ownOrAdmin, 'authenticated', 'p')).toEqual(['own rows', 'admins']);
    const ownReview =
      "((user_id = ( SELECT auth.uid() AS uid)) AND ( SELECT private.marketplace_workflow_is_visible(workflow_id) AS v) AND (status = 'active'::text))";
    expect(expressionScopes(ownReview, 'authenticated', 'p')).toEqual(['own rows']);
    const memberJob =
      "((workspace_id IN ( SELECT private.adly_workspace_ids('member'::adly.workspace_role) AS ids)) AND (user_id = ( SELECT auth.uid() AS uid)))";
    expect(expressionScopes(memberJob, 'authenticated', 'p')).toEqual(['workspace rows (members)']);
  });

  it('gives anon nothing that needs an identity', () => {
    expect(expressionScopes('(is_public OR (user_id = ( SELECT auth.uid() AS uid)))', 'anon', 'p')).toEqual([
      'public rows',
    ]);
  });

  it('refuses to guess what an unknown helper function means', () => {
    expect(() => expressionScopes('private.something_new(id)', 'authenticated', 'new policy')).toThrow(
      /new policy.*private\.something_new/,
    );
  });
});
