import { afterAll, describe, expect, inject, it } from 'vitest';
import postgres from 'postgres';
import { startGatewayWithDatabaseDown } from '../support/gateway.ts';

const stack = inject('stack');

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

  describe('with the database down', () => {
    let stop: (() => Promise<void>) | undefined;
    afterAll(() => stop?.());

    it('answers 503 and says the database is unreachable', async () => {
      const server = await startGatewayWithDatabaseDown('health');
      stop = server.stop;

      const res = await fetch(`${server.url}/health`);
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(body.status).toBe('unavailable');
      expect(body.database.reachable).toBe(false);
    });
  });
});
