// Schemas every function shares. Each function's own request and response schemas live in its
// schemas.ts; types/functions.ts re-exports them all for frontends.
import { z } from 'zod';

/** The one error shape of every function (any 4xx or 5xx): { "error": { "code", "message" } }. */
export const errorResponseSchema = z.object({
  error: z.object({
    /** Stable and machine-readable: invalid_body, unauthorized, rate_limited, ... */
    code: z.string(),
    /** For people; may change wording. */
    message: z.string(),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;
