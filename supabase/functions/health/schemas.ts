// GET /functions/v1/health (no JWT, no body): whether the functions can use the database now.
import { z } from 'zod';

/** 200: ready; latest_migration is the newest applied migration version. */
export const healthOkResponseSchema = z.object({
  status: z.literal('ok'),
  database: z.object({ reachable: z.literal(true), latest_migration: z.string().nullable() }),
});

/**
 * 503: not ready, for a fixed reason: `unreachable` (no connection: down, restarting, or no answer
 * in time), `overloaded` (it refuses new connections: too many clients, out of memory or disk),
 * `read_only` (a standby, or read-only as Supabase makes a database whose disk is full),
 * `not_migrated` (no migration applied), `error` (anything else, in the function's log).
 */
export const healthUnavailableResponseSchema = z.object({
  status: z.literal('unavailable'),
  database: z.object({
    reachable: z.boolean(),
    reason: z.enum(['unreachable', 'overloaded', 'read_only', 'not_migrated', 'error']),
  }),
});

/** Either answer, told apart by `status`. */
export const healthResponseSchema = z.discriminatedUnion('status', [
  healthOkResponseSchema,
  healthUnavailableResponseSchema,
]);

export type HealthOkResponse = z.infer<typeof healthOkResponseSchema>;
export type HealthUnavailableResponse = z.infer<typeof healthUnavailableResponseSchema>;
export type HealthResponse = z.infer<typeof healthResponseSchema>;
