// The error-status contract of every function (supabase/functions/_shared/errors.ts): what the
// request makes the database refuse is a 4xx, by SQLSTATE class; the database unreachable,
// restarting, overloaded or a race lost is a 503 with Retry-After; anything else a 500. Messages
// our SQL raises on purpose are answered; PostgreSQL's own, which name tables, constraints and
// values, are not. Errors here are the real ones, raised by the test database.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { errorToResponse, isDatabaseUnavailable } from '../../supabase/functions/_shared/errors.ts';
import { freePort } from '../../scripts/local/ports.ts';

const stack = inject('stack');
let sql: postgres.Sql;

beforeAll(() => {
  sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
});
afterAll(() => sql.end());

/** The error `query` fails with. */
async function failure(query: (sql: postgres.Sql) => Promise<unknown>): Promise<unknown> {
  return query(sql).then(
    () => {
      throw new Error('the query succeeded');
    },
    (error: unknown) => error,
  );
}

async function answer(error: unknown, overrides?: Record<string, [number, string]>) {
  const res = errorToResponse(error, overrides);
  const { error: body } = await res.json();
  return { status: res.status, code: body.code, message: body.message, retryAfter: res.headers.get('retry-after') };
}

/** Raises `code` with `message` the way our SQL functions do. */
const raise = (code: string, message: string) => (sql: postgres.Sql) =>
  sql.unsafe(`do $$ begin raise exception using errcode = '${code}', message = '${message}'; end $$`);

describe('database errors as HTTP answers', () => {
  it.each([
    // what the request makes the database refuse: 4xx, the same request refused again
    ['text that is not a number (22P02)', 400, 'invalid_parameter', (s: postgres.Sql) => s`select ${'ten'}::int`],
    ['a number out of range (22003)', 400, 'invalid_parameter', (s: postgres.Sql) => s`select ${'3000000000'}::int`],
    ['a NUL character in text (22021)', 400, 'invalid_parameter', (s: postgres.Sql) => s`select ${'a\u0000b'}::text`],
    [
      'a date out of range (22008)',
      400,
      'invalid_parameter',
      (s: postgres.Sql) => s`select ${'20000-01-01'}::timestamptz`,
    ],
    ['division by zero (22012)', 400, 'invalid_parameter', (s: postgres.Sql) => s`select 1 / ${0}::int`],
    [
      'a unique violation (23505)',
      409,
      'conflict',
      (s: postgres.Sql) =>
        s.begin(async (tx) => {
          await tx`create temporary table unique_probe (x int primary key) on commit drop`;
          await tx`insert into unique_probe values (1), (1)`;
        }),
    ],
    [
      'a not-null violation (23502)',
      400,
      'invalid_parameter',
      (s: postgres.Sql) =>
        s.begin(async (tx) => {
          await tx`create temporary table not_null_probe (x int not null) on commit drop`;
          await tx`insert into not_null_probe values (null)`;
        }),
    ],
    [
      'a check violation (23514)',
      400,
      'invalid_parameter',
      (s: postgres.Sql) =>
        s.begin(async (tx) => {
          await tx`create temporary table check_probe (x int check (x > 0)) on commit drop`;
          await tx`insert into check_probe values (-1)`;
        }),
    ],
    [
      'no privilege (42501)',
      403,
      'forbidden',
      (s: postgres.Sql) =>
        s.begin(async (tx) => {
          await tx`set local role anon`;
          await tx`select * from private.stripe_events`;
        }),
    ],
    [
      'a program limit: an array too large (54000)',
      400,
      'too_complex',
      (s: postgres.Sql) => s.unsafe('select array_fill(1, array[1000000000])'),
    ],
    [
      'a program limit: JSON nested too deep (54001)',
      400,
      'too_complex',
      (s: postgres.Sql) => s`select ${'['.repeat(100_000) + ']'.repeat(100_000)}::text::jsonb`,
    ],
    // the database gave up on this transaction: retrying helps
    [
      'a statement timeout (57014)',
      503,
      'timeout',
      (s: postgres.Sql) =>
        s.begin(async (tx) => {
          await tx`set local statement_timeout = 10`;
          await tx`select pg_sleep(1)`;
        }),
    ],
    // a fault of ours: 500
    ['a syntax error (42601)', 500, 'database_error', (s: postgres.Sql) => s.unsafe('selec 1')],
    ['an undefined table (42P01)', 500, 'database_error', (s: postgres.Sql) => s`select * from public.no_such_table`],
  ] as const)("%s: %i %s, without PostgreSQL's message", async (_what, status, code, query) => {
    const error = (await failure(query)) as { message: string };
    const got = await answer(error);
    expect(got).toMatchObject({ status, code });
    expect(got.message).not.toBe(error.message);
    expect(got.retryAfter).toBe(status === 503 ? '5' : null);
  });

  it.each([
    ['22023', 400, 'invalid_parameter'],
    ['23505', 409, 'conflict'],
    ['42501', 403, 'forbidden'],
    ['P0001', 400, 'rejected'],
    ['P0002', 404, 'not_found'],
    ['55000', 409, 'conflict'],
    ['BL002', 400, 'rejected'],
    ['MK008', 400, 'rejected'],
  ] as const)('a refusal our SQL raises on purpose (%s): %i %s, with its message', async (sqlstate, status, code) => {
    const got = await answer(await failure(raise(sqlstate, 'the item is not for sale')));
    expect(got).toEqual({ status, code, message: 'the item is not for sale', retryAfter: null });
  });

  it('a function maps its own codes (overrides) and keeps their message', async () => {
    const got = await answer(await failure(raise('BL002', 'already owned')), { BL002: [409, 'already_owned'] });
    expect(got).toEqual({ status: 409, code: 'already_owned', message: 'already owned', retryAfter: null });
  });

  it('an assertion that fails in our SQL (P0004) is a fault of ours: 500', async () => {
    const error = await failure((s) => s.unsafe(`do $$ begin assert false, 'invariant broken'; end $$`));
    expect(await answer(error)).toMatchObject({ status: 500, code: 'database_error' });
  });

  it('a serialization failure or deadlock (class 40) is a race lost: 503, retry at once', async () => {
    const got = await answer(await failure(raise('40001', 'could not serialize access')));
    expect(got).toMatchObject({ status: 503, code: 'retry', retryAfter: '1' });
    expect((await answer(await failure(raise('40P01', 'deadlock detected')))).status).toBe(503);
  });

  it.each([
    ['too many connections (53300)', { code: '53300', message: 'sorry, too many clients already' }],
    [
      'the server shutting down (57P01)',
      { code: '57P01', message: 'terminating connection due to administrator command' },
    ],
    ['the server starting up (57P03)', { code: '57P03', message: 'the database system is starting up' }],
    ['a connection failure (08006)', { code: '08006', message: 'connection failure' }],
    [
      'the pooler out of client slots (Supavisor)',
      { code: 'XX000', message: '(EMAXCONN) max client connections reached, limit: 200' },
    ],
    [
      'the pooler with no server connection in time (Supavisor)',
      { code: 'XX000', message: '(ECHECKOUTTIMEOUT) checkout timeout' },
    ],
    [
      "the driver's connection closed under a query",
      { code: 'CONNECTION_CLOSED', message: 'write CONNECTION_CLOSED db.example.com:5432' },
    ],
    ["the driver's connect timeout", { code: 'CONNECT_TIMEOUT', message: 'write CONNECT_TIMEOUT db.example.com:5432' }],
  ])('%s: 503 database_unavailable, Retry-After, no address', async (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    const got = await answer(error);
    expect(got).toEqual({ status: 503, code: 'database_unavailable', message: expect.any(String), retryAfter: '5' });
    expect(got.message).not.toMatch(/example\.com|5432|EMAXCONN|clients/);
  });

  it('a refused connection, as the driver reports it: 503', async () => {
    const down = postgres(`postgresql://postgres@127.0.0.1:${await freePort()}/postgres`, {
      max: 1,
      backoff: false,
      connect_timeout: 2,
    });
    try {
      const error = await down`select 1`.then(
        () => null,
        (e: unknown) => e,
      );
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect((await answer(error)).status).toBe(503);
    } finally {
      await down.end({ timeout: 0 });
    }
  });

  it('anything that is no database error: 500 internal_error, nothing of it answered', async () => {
    const got = await answer(new TypeError("Cannot read properties of undefined (reading 'secret')"));
    expect(got).toEqual({ status: 500, code: 'internal_error', message: 'Internal error', retryAfter: null });
  });
});
