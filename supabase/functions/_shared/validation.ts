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

/**
 * A small JSON body checked against its schema: more than maxBytes is refused (413) without
 * reading the rest, so a huge body costs the function nothing.
 */
export async function parseSmallJsonBody<S extends z.ZodType>(req: Request, schema: S, maxBytes: number): Promise<z.infer<S>> {
  const tooLarge = new HttpError(413, 'payload_too_large', `The body exceeds ${maxBytes} bytes`);
  if (Number(req.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge;
  const bytes = new Uint8Array(maxBytes);
  let size = 0;
  if (req.body) {
    // a body sent in chunks announces no length: count what arrives
    const reader = req.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      if (size + chunk.value.length > maxBytes) {
        await reader.cancel();
        throw tooLarge;
      }
      bytes.set(chunk.value, size);
      size += chunk.value.length;
    }
  }
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes.subarray(0, size)));
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
