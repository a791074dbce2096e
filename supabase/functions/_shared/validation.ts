// Request bodies: JSON of a bounded size, checked for what PostgreSQL cannot store and then with
// zod; anything else is a 4xx with the first problems named.
import type { z } from 'zod';
import { readBody } from './body.ts';
import { HttpError } from './errors.ts';
import { unstorableJson } from './unstorable.ts';

/** Whether the request says its body is JSON: application/json, with at most a UTF-8 charset. */
function declaresJson(req: Request): boolean {
  const [type, ...parameters] = (req.headers.get('content-type') ?? '').split(';').map((part) =>
    part.trim().toLowerCase()
  );
  return type === 'application/json' && parameters.every((parameter) => parameter === 'charset=utf-8');
}

/**
 * The request's JSON body, at most `maxBytes` of it (413 beyond, without reading the rest; 408
 * when it is slow to arrive), checked against its schema. It must be sent as application/json
 * (415 otherwise): a page of another site can make a browser post text or a form without asking
 * the function first (CORS preflight), never application/json.
 */
export async function parseJsonBody<S extends z.ZodType>(
  req: Request,
  schema: S,
  maxBytes: number,
): Promise<z.infer<S>> {
  if (!declaresJson(req)) throw new HttpError(415, 'unsupported_media_type', 'Send the body as application/json');
  return parseJsonBytes(await readBody(req, { maxBytes }), schema);
}

/**
 * UTF-8 JSON checked against its schema: text that is not UTF-8 or not JSON, nesting deeper than
 * any request of ours, a NUL character, an unpaired surrogate or a number out of range are refused
 * (400) before the schema is asked, so that none reaches the database. `empty` is what no bytes
 * at all (or only white space) read as; without it they are not JSON.
 */
export function parseJsonBytes<S extends z.ZodType>(bytes: Uint8Array, schema: S, empty?: unknown): z.infer<S> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, 'invalid_body', 'The body is not UTF-8');
  }
  let body: unknown;
  if (empty !== undefined && !text.trim()) {
    body = empty;
  } else {
    try {
      body = JSON.parse(text);
    } catch {
      throw new HttpError(400, 'invalid_body', 'The body is not valid JSON');
    }
  }
  const problem = unstorableJson(body);
  if (problem) throw new HttpError(400, 'invalid_body', `The body cannot be taken: ${problem}`);
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
