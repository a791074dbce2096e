// GET /functions/v1/health (no JWT, no body): whether the database answers.
import { z } from 'zod';

/** 200: the database answered; latest_migration is the newest applied migration version. */
export const healthOkResponseSchema = z.object({
  status: z.literal('ok'),
  database: z.object({ reachable: z.literal(true), latest_migration: z.string().nullable() }),
});

/** 503: the database did not answer; error is the driver's message. */
export const healthUnavailableResponseSchema = z.object({
  status: z.literal('unavailable'),
  database: z.object({ reachable: z.literal(false), error: z.string() }),
});

/** Either answer, told apart by `status`. */
export const healthResponseSchema = z.discriminatedUnion('status', [healthOkResponseSchema, healthUnavailableResponseSchema]);

export type HealthOkResponse = z.infer<typeof healthOkResponseSchema>;
export type HealthUnavailableResponse = z.infer<typeof healthUnavailableResponseSchema>;
export type HealthResponse = z.infer<typeof healthResponseSchema>;
