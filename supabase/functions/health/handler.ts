// GET /functions/v1/health: whether the database answers, and the latest applied migration.
import type { Sql } from '../_shared/database.ts';
import { errorResponse, json, preflight } from '../_shared/http.ts';
import type { HealthOkResponse, HealthUnavailableResponse } from './schemas.ts';

export interface HealthDeps {
  sql: Sql;
}

export function createHealthHandler({ sql }: HealthDeps): (req: Request) => Promise<Response> {
  return async (req) => {
    const early = preflight(req);
    if (early) return early;
    if (req.method !== 'GET') return errorResponse(405, 'method_not_allowed', 'Use GET');
    try {
      const [row] = await sql<{ latest: string | null }[]>`
        select max(version) as latest from supabase_migrations.schema_migrations`;
      return json({ status: 'ok', database: { reachable: true, latest_migration: row.latest } } satisfies HealthOkResponse);
    } catch (error) {
      return json({
        status: 'unavailable',
        database: { reachable: false, error: (error as Error).message },
      } satisfies HealthUnavailableResponse, 503);
    }
  };
}
