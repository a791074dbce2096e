// Requests a hostile or broken client sends to a function that takes a JSON body, made from a
// valid body of the suite's: text PostgreSQL cannot store or that is not UTF-8, nesting and
// numbers no request of ours has, bodies past the function's limit (announced and chunked), and
// bodies that do not say they are JSON. Each suite adds its own fields' ranges, runs the rows
// through the gateway and checks the answer and that its rows in the database did not change.
import { expect } from 'vitest';
import { errorResponseSchema } from '../../supabase/functions/_shared/schemas.ts';

export interface HostileRequest {
  what: string;
  /** The body as sent (a stream is made anew for each sending) and the headers besides the caller's credentials. */
  body: BodyInit | (() => ReadableStream<Uint8Array>);
  headers: Record<string, string>;
  status: number;
  code: string;
}

const json = { 'content-type': 'application/json' };
const utf8 = (text: string) => new TextEncoder().encode(text);

/** The valid body with `text` (JSON source, escapes included) as the value of `field`. */
function withRawValue(valid: Record<string, unknown>, field: string, text: string): string {
  return JSON.stringify({ ...valid, [field]: '@hostile@' }).replace('"@hostile@"', () => text);
}

/** The valid body with bytes that are not UTF-8 inside the string value of `field`. */
function withInvalidUtf8(valid: Record<string, unknown>, field: string): Uint8Array<ArrayBuffer> {
  const [head, tail] = withRawValue(valid, field, '"a\u0002b"').split('\u0002');
  return new Uint8Array([...utf8(head), 0xff, 0xfe, ...utf8(tail)]);
}

/** A body stream of `size` bytes with no length announced, as a chunked upload sends it. */
function chunked(size: number): ReadableStream<Uint8Array> {
  let left = size;
  return new ReadableStream({
    pull(controller) {
      const chunk = new Uint8Array(Math.min(16 * 1024, left)).fill(32);
      left -= chunk.length;
      controller.enqueue(chunk);
      if (left === 0) controller.close();
    },
  });
}

/**
 * Bodies that are not storable JSON, answered 400 invalid_body by every function, whatever its
 * schema: `field` is a string field of the valid body that the hostile text goes into.
 */
export function encodingRequests(valid: Record<string, unknown>, field: string): HostileRequest[] {
  const body = JSON.stringify(valid);
  const invalid = (what: string, sent: BodyInit) => ({
    what,
    body: sent,
    headers: json,
    status: 400,
    code: 'invalid_body',
  });
  return [
    invalid('a NUL character', withRawValue(valid, field, '"a\\u0000b"')),
    invalid('an unpaired surrogate', withRawValue(valid, field, '"\\ud83d"')),
    invalid('an unpaired surrogate in a key', body.replace(/^\{/, '{"\\udc00": 1, ')),
    invalid('bytes that are not UTF-8', withInvalidUtf8(valid, field)),
    invalid('UTF-16', new Uint8Array(Array.from(body, (c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]).flat())),
    invalid('200 levels of nesting', withRawValue(valid, field, `${'['.repeat(200)}${']'.repeat(200)}`)),
    invalid('a number beyond the double range', withRawValue(valid, field, '1e999')),
    invalid('an array of the body', `[${body}]`),
    invalid('a truncated body', body.slice(0, -1)),
  ];
}

/** Bodies past `maxBytes`, announced and chunked: 413 before the rest is read. */
export function sizeRequests(valid: Record<string, unknown>, maxBytes: number): HostileRequest[] {
  const tooLarge = { headers: json, status: 413, code: 'payload_too_large' };
  return [
    { what: `a body of ${maxBytes + 1} bytes`, body: JSON.stringify(valid).padEnd(maxBytes + 1, ' '), ...tooLarge },
    { what: 'a chunked body past the limit', body: () => chunked(maxBytes * 4), ...tooLarge },
  ];
}

/**
 * What a function that takes only JSON refuses besides: no body at all (400), and a body not
 * sent as application/json in UTF-8 (415).
 */
export function mediaTypeRequests(valid: Record<string, unknown>, field: string): HostileRequest[] {
  const body = JSON.stringify(valid);
  const unsupported = (what: string, sent: BodyInit, contentType: string) => ({
    what,
    body: sent,
    headers: { 'content-type': contentType },
    status: 415,
    code: 'unsupported_media_type',
  });
  return [
    { what: 'an empty body', body: '', headers: json, status: 400, code: 'invalid_body' },
    unsupported('text/plain', body, 'text/plain;charset=UTF-8'),
    unsupported('a form', `${field}=x`, 'application/x-www-form-urlencoded'),
    unsupported('two content types in one header', body, 'application/json, text/plain'),
    unsupported('JSON in another charset', body, 'application/json; charset=iso-8859-1'),
  ];
}

/** Every row above, for a function that takes a JSON body of at most `maxBytes`. */
export function jsonBodyRequests(valid: Record<string, unknown>, field: string, maxBytes: number): HostileRequest[] {
  return [...encodingRequests(valid, field), ...mediaTypeRequests(valid, field), ...sizeRequests(valid, maxBytes)];
}

/**
 * Posts one request. A function that refuses a chunked body stops reading it and closes the
 * connection, so the client, still writing, may see the connection reset before it reads the
 * answer; such a request is sent again (a fresh body each time), and its answer is still checked.
 */
async function send(url: string, request: HostileRequest, credentials: Record<string, string>): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const body = typeof request.body === 'function' ? request.body() : request.body;
    try {
      return await fetch(url, {
        method: 'POST',
        headers: { ...credentials, ...request.headers },
        body,
        duplex: 'half',
      } as RequestInit);
    } catch (error) {
      const reset = (error as { cause?: { code?: string } }).cause?.code === 'ECONNRESET';
      if (!(reset && typeof request.body === 'function' && attempt < 3)) throw error;
    }
  }
}

/**
 * Sends each request to `url` with `credentials` and checks its answer (the shared error shape)
 * and that `rows` reads the same before and after.
 */
export async function expectRefusals(
  url: string,
  requests: HostileRequest[],
  credentials: Record<string, string>,
  rows: () => Promise<unknown>,
): Promise<void> {
  const before = await rows();
  for (const request of requests) {
    const res = await send(url, request, credentials);
    const body = await res.json();
    expect({ what: request.what, status: res.status, code: errorResponseSchema.parse(body).error.code }).toEqual({
      what: request.what,
      status: request.status,
      code: request.code,
    });
  }
  expect(await rows()).toEqual(before);
}
