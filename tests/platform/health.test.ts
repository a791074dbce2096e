// The health function: ready when a new connection with the functions' settings is accepted,
// answers, may write and finds the migrations; otherwise 503 with a fixed reason, never the
// driver's message or the database's address. Checks are shared by concurrent callers and reused
// for a second, so that anonymous callers cannot open connections at will.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createHealthHandler, type HealthDeps } from '../../supabase/functions/health/handler.ts';
import { healthResponseSchema } from '../../types/functions.ts';
import { withDatabase } from '../support/fresh-database.ts';
import { startGatewayWithDatabaseDown } from '../support/gateway.ts';

const stack = inject('stack');

/** A body stream of `count` MB, sent in chunks. */
function megabytes(count: number): ReadableStream<Uint8Array> {
  let left = count;
  return new ReadableStream({
    pull(controller) {
      controller.enqueue(new Uint8Array(1 << 20));
      if (--left === 0) controller.close();
    },
  });
}

describe('health function', () => {
  it('answers 200 with the database reachable and the latest applied migration', async () => {
    const sql = postgres(stack.dbUrl, { max: 1 });
    const [{ latest }] = await sql`select max(version) as latest from supabase_migrations.schema_migrations`;
    await sql.end();

    const res = await fetch(`${stack.functionsUrl}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual({ status: 'ok', database: { reachable: true, latest_migration: latest } });
  });

  it('needs no JWT (verify_jwt is off)', async () => {
    const res = await fetch(`${stack.functionsUrl}/health`, { headers: { authorization: 'Bearer not-a-jwt' } });
    expect(res.status).toBe(200);
  });

  it('answers CORS preflights', async () => {
    const res = await fetch(`${stack.functionsUrl}/health`, { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it.each([
    ['POST with a body', 405, { method: 'POST', body: '{}' }],
    ['POST with a chunked 20 MB body, not read', 405, { method: 'POST', duplex: 'half', body: megabytes(20) }],
    ['PUT', 405, { method: 'PUT' }],
    ['DELETE', 405, { method: 'DELETE' }],
    ['a query string of junk', 200, { path: '?q=%00%ff%fe&x=\u202e' }],
    ["a path that climbs out of the function (to the gateway's 404)", 404, { path: '/%2e%2e/%2e%2e/otp/request' }],
    ['headers of 8 KB', 200, { headers: { 'x-padding': 'x'.repeat(8000) } }],
  ] as const)('%s: %i', async (_what, status, init) => {
    const { path = '', ...rest } = init as RequestInit & { path?: string };
    const res = await fetch(`${stack.functionsUrl}/health${path}`, rest as RequestInit);
    expect(res.status).toBe(status);
    await res.body?.cancel();
  });

  describe('with the database down', () => {
    let stop: (() => Promise<void>) | undefined;
    afterAll(() => stop?.());

    it('answers 503 unreachable, in a fixed shape with nothing of the driver or the address', async () => {
      const server = await startGatewayWithDatabaseDown('health');
      stop = server.stop;

      const res = await fetch(`${server.url}/health`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({
        status: 'unavailable',
        database: { reachable: false, reason: 'unreachable' },
      });
      expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|connect/i);
    });
  });
});

describe('health readiness', () => {
  let sql: postgres.Sql;
  const emptyDatabase = `health_empty_${process.pid}`;

  beforeAll(async () => {
    sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
    await sql.unsafe(`create database ${emptyDatabase}`);
  });
  afterAll(async () => {
    await sql.unsafe(`drop database if exists ${emptyDatabase} with (force)`);
    await sql.end();
  });

  /** The handler checking through `connect`, counting the connections it asks for. */
  function handler(connect: HealthDeps['connect'], options: Partial<HealthDeps> = {}) {
    const counts = { connections: 0 };
    const check = createHealthHandler({ connect: () => (counts.connections++, connect()), ...options });
    const get = async () => {
      const res = await check(new Request('http://localhost/health'));
      const body = healthResponseSchema.parse(await res.json());
      return { status: res.status, body };
    };
    return { get, counts };
  }

  const connectTo =
    (url: string, options: postgres.Options<Record<string, never>> = {}) =>
    () =>
      postgres(url, { max: 1, onnotice: () => {}, ...options });

  it.each([
    [
      'read-only (a standby, or a full disk on Supabase)',
      () => connectTo(stack.dbUrl, { connection: { default_transaction_read_only: true } }),
      { reachable: true, reason: 'read_only' },
    ],
    [
      'no migration applied',
      () => connectTo(withDatabase(stack.dbUrl, emptyDatabase)),
      { reachable: true, reason: 'not_migrated' },
    ],
    [
      'a role the database does not know',
      () => connectTo(Object.assign(new URL(stack.dbUrl), { username: 'nobody_here' }).toString()),
      { reachable: true, reason: 'error' },
    ],
  ] as const)('not ready when %s', async (_what, connect, database) => {
    const { get } = handler(connect());
    expect(await get()).toEqual({ status: 503, body: { status: 'unavailable', database } });
  });

  it('gives up on a database that does not answer within its deadline', async () => {
    // a connection whose query waits on a lock held here
    const holder = await sql.reserve();
    await holder`begin`;
    await holder`lock table supabase_migrations.schema_migrations in access exclusive mode`;
    try {
      const { get } = handler(connectTo(stack.dbUrl), { timeoutMs: 300 });
      expect(await get()).toEqual({
        status: 503,
        body: { status: 'unavailable', database: { reachable: false, reason: 'unreachable' } },
      });
    } finally {
      await holder`rollback`;
      holder.release();
    }
  });

  it('shares one check among concurrent callers, and reuses its answer for a moment', async () => {
    const { get, counts } = handler(connectTo(stack.dbUrl), { reuseMs: 300 });
    const answers = await Promise.all(Array.from({ length: 20 }, get));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
    expect(counts.connections).toBe(1);
    await get();
    expect(counts.connections).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 350));
    await get();
    expect(counts.connections).toBe(2);
  });
});
