// What the functions behind scheduled jobs share (stripe-reconcile, storage-cleanup). They run with
// verify_jwt off: the scheduler (pg_net with the Vault secret jobs_secret on hosted, npm start's
// scheduler locally) and operators send the jobs secret, JOBS_SECRET, as their bearer token. Their
// bodies are small: none or {} from the scheduler, a few fields from an operator.
import type { z } from 'zod';
import { bearerToken } from './auth.ts';
import { readBody } from './body.ts';
import { timingSafeEqualText } from './crypto.ts';
import { errorResponse } from './http.ts';
import { parseJsonBytes } from './validation.ts';

/** No job function's body comes near this. */
const maxBodyBytes = 1024;

/**
 * The check a job function runs first: the 401 answer for a request without the jobs secret as
 * its bearer token, or null. Throws at start-up for a secret short enough to be guessed.
 */
export function jobsCallerCheck(jobsSecret: string): (req: Request) => Promise<Response | null> {
  if (jobsSecret.length < 32) throw new Error('JOBS_SECRET must be at least 32 characters');
  return async (req) => {
    // A header sent twice reaches us joined by a comma, which is no bearer token: refused.
    const token = bearerToken(req);
    // compared in constant time, so the answer's timing tells nothing about the secret
    if (token && await timingSafeEqualText(token, jobsSecret)) return null;
    return errorResponse(401, 'unauthorized', 'Send the jobs secret as the bearer token');
  };
}

/** A job function's request body (1 KB at most) checked against its schema; no body at all reads as {}. */
export async function readJobBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  return parseJsonBytes(await readBody(req, { maxBytes: maxBodyBytes }), schema, {});
}
