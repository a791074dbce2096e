// The SQL style check fails on each kind of violation and passes clean files.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  blankOutLiteralsAndComments,
  checkFunctionDefinitions,
  checkLayout,
  checkSqlStyle,
} from '../../scripts/checks/sql-style.ts';

const file = (text: string, name = 'x.sql') => ({ path: name, text });
const migrations = (...texts: string[]) => texts.map((text, i) => file(text, `m${i + 1}.sql`));

describe('SQL layout', () => {
  it('passes a clean file', () => {
    expect(checkLayout(file('select 1;\n\nselect 2;\n'))).toEqual([]);
    expect(checkLayout(file(`-- ${'é'.repeat(117)}\n`))).toEqual([]); // 120 characters, more bytes
  });

  it('refuses lines over 120 columns', () => {
    expect(checkLayout(file(`select 1;\n-- ${'x'.repeat(118)}\n`))).toEqual([
      'x.sql:2: line is 121 columns long (at most 120)',
    ]);
  });

  it('refuses tabs and trailing whitespace', () => {
    expect(checkLayout(file('select\t1;\nselect 2; \n'))).toEqual([
      'x.sql:1: tab character (indent with spaces)',
      'x.sql:2: trailing whitespace',
    ]);
  });

  it('wants exactly one final newline', () => {
    expect(checkLayout(file('select 1;'))).toEqual(['x.sql:1: the file does not end with a newline']);
    expect(checkLayout(file('select 1;\n\n'))).toEqual([
      'x.sql:2: the file ends with blank lines (end it with exactly one newline)',
    ]);
  });
});

describe('function definitions across migrations', () => {
  it('passes a first create function and a later create or replace', () => {
    const problems = checkFunctionDefinitions(
      migrations(
        'create function app.f(p_id uuid, p_at timestamptz default now()) returns int as $$ select 1 $$;\n',
        'create or replace function app.f(uuid, timestamp with time zone) returns int as $$ select 2 $$;\n',
      ),
    );
    expect(problems).toEqual([]);
  });

  it('refuses create or replace for a first definition', () => {
    expect(
      checkFunctionDefinitions(migrations('create or replace function app.f() returns int as $$ select 1 $$;\n')),
    ).toEqual(['m1.sql:1: first definition of function app.f() says create or replace (use create function)']);
  });

  it('refuses create function for a name an earlier migration created, however spelled', () => {
    const problems = checkFunctionDefinitions(
      migrations(
        'create function App.F(p_n integer, out total bigint) returns bigint as $$ select 1 $$;\n',
        '\n-- again\nCREATE   FUNCTION app.f(\n  "p_n" int4\n) returns bigint as $$ select 2 $$;\n',
      ),
    );
    expect(problems).toEqual(['m2.sql:3: create function app.f(integer) collides with the one created at m1.sql:1']);
  });

  it('tells overloads apart by their input types', () => {
    const problems = checkFunctionDefinitions(
      migrations(
        'create function app.f(text) returns int as $$ select 1 $$;\n',
        'create function app.f(uuid) returns int as $$ select 1 $$;\n',
      ),
    );
    expect(problems).toEqual([]);
  });

  it('follows drop function', () => {
    const create = 'create function app.f(p uuid) returns int as $$ select 1 $$;\n';
    expect(checkFunctionDefinitions(migrations(create, `drop function app.f(uuid);\n${create}`))).toEqual([]);
    expect(checkFunctionDefinitions(migrations(create, `drop function if exists app.g(), app.f;\n${create}`))).toEqual(
      [],
    );
    expect(
      checkFunctionDefinitions(
        migrations(
          create,
          'drop function app.f(uuid);\ncreate or replace function app.f(p uuid) returns int as $$ select 1 $$;\n',
        ),
      ),
    ).toEqual(['m2.sql:2: first definition of function app.f(uuid) says create or replace (use create function)']);
  });

  it('does not read function text in comments, strings and bodies', () => {
    const problems = checkFunctionDefinitions(
      migrations(
        "-- create function app.f()\n/* create function app.f() */ select 'create function app.f()';\n" +
          "create function app.g() returns void as $body$ begin execute 'create function app.f()'; end $body$;\n" +
          'create function app.f() returns int as $$ select 1 $$;\n',
      ),
    );
    expect(problems).toEqual([]);
  });

  it('refuses unqualified names', () => {
    expect(checkFunctionDefinitions(migrations('create function f() returns int as $$ select 1 $$;\n'))).toEqual([
      'm1.sql:1: function f is not schema-qualified',
    ]);
  });

  it('keeps line numbers when blanking out text', () => {
    const text = "select 'Q\nW'; -- X\n$$\nZ\n$$;\n";
    const blanked = blankOutLiteralsAndComments(text);
    expect(blanked.length).toBe(text.length);
    expect(blanked.split('\n').length).toBe(text.split('\n').length);
    expect(blanked).not.toMatch(/[QWXZ]/);
  });
});

describe('checkSqlStyle', () => {
  it('reads the project layout and reports file and line', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'sql-style-'));
    try {
      mkdirSync(path.join(root, 'supabase/migrations'), { recursive: true });
      mkdirSync(path.join(root, 'supabase/tests/fixtures'), { recursive: true });
      // Written out of order: the check still reads them in version order.
      const f = "create function app.f() returns int language sql as 'select 1';\n";
      writeFileSync(path.join(root, 'supabase/migrations/20260102000000_b.sql'), f);
      writeFileSync(path.join(root, 'supabase/migrations/20260101000000_a.sql'), f);
      // squawk runs on the migrations too: an index built without `concurrently` locks the table
      writeFileSync(path.join(root, 'supabase/migrations/20260103000000_c.sql'), 'create index i on app.t (c);\n');
      writeFileSync(path.join(root, 'supabase/tests/fixtures/rows.psql'), '\\set x 1 \n');
      writeFileSync(path.join(root, 'supabase/seed.sql'), 'select 1;\n');
      expect(await checkSqlStyle(root)).toEqual([
        'supabase/tests/fixtures/rows.psql:1: trailing whitespace',
        'supabase/migrations/20260102000000_b.sql:1: create function app.f() collides with the one created at ' +
          'supabase/migrations/20260101000000_a.sql:1',
        expect.stringMatching(
          /^supabase\/migrations\/20260103000000_c\.sql:1: squawk require-concurrent-index-creation /,
        ),
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
