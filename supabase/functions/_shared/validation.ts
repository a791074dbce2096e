// Request bodies are parsed with zod; anything else is a 400 with the first problems named.
import type { z } from 'zod';
import { HttpError } from './errors.ts';

export async function parseJsonBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new HttpError(400, 'invalid_body', 'The body is not valid JSON');
  }
  return validateBody(body, schema);
}

/** A parsed JSON body checked against its schema, for functions that read the body themselves. */
export function validateBody<S extends z.ZodType>(body: unknown, schema: S): z.infer<S> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const problems = result.error.issues.slice(0, 5)
      .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
    throw new HttpError(400, 'invalid_body', problems.join('; '));
  }
  return result.data;
}
