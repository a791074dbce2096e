// Request bodies are bounded before they are read: the local gateway refuses a body over its
// limit on its Content-Length and as it streams, each function refuses one over its own limit the
// same way, and a body that does not arrive in time is answered 408. A refusal comes while the
// client is still sending, after a small part of the body, so the rest never reaches the function
// and cannot cost it memory; bodies of 100 MB, announced and chunked, show it.
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { startFunctionsServer, type FunctionsServer } from '../../scripts/local/functions-server.ts';
import { rootDir } from '../../scripts/project.ts';
import { readBody } from '../../supabase/functions/_shared/body.ts';
import { HttpError } from '../../supabase/functions/_shared/errors.ts';
import { parseJsonBody } from '../../supabase/functions/_shared/validation.ts';

const stack = inject('stack');
const MB = 1024 * 1024;
/**
 * Bytes a refused 100 MB body may have had written when the answer came: what the sockets between
 * the client, the gateway and the function buffer (a few MB each on loopback), and the gateway's
 * 10 MiB where it is the gateway that counts; far from all of it.
 */
const inFlight = 50 * MB;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
  /** Bytes of the body written when the answer arrived. */
  sentBeforeAnswer: number;
}

/**
 * Posts a body of `size` bytes (white space), written as fast as the connection takes it, with
 * its Content-Length or in chunks; writing stops when the answer arrives.
 */
function post(
  url: string,
  size: number,
  options: { declare: boolean; headers?: Record<string, string> },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.declare ? { 'content-length': String(size) } : {}),
        ...options.headers,
      },
    });
    const chunk = Buffer.alloc(64 * 1024, ' ');
    let sent = 0;
    let answered = false;
    const pump = () => {
      while (!answered && sent < size) {
        const piece = chunk.subarray(0, Math.min(chunk.length, size - sent));
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    req.on('response', (res) => {
      answered = true;
      const sentBeforeAnswer = sent;
      let text = '';
      res.on('data', (data) => (text += data));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text), sentBeforeAnswer });
      });
    });
    // once answered, the server closing its side under our writes is expected
    req.on('error', (error) => answered || reject(error));
    pump();
  });
}

/** Sends `head` on a raw connection, never more, and resolves with what comes back before the server closes. */
function rawExchange(url: string, head: string): Promise<{ text: string; elapsedMs: number }> {
  const { hostname, port } = new URL(url);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(head));
    let text = '';
    socket.on('data', (data) => (text += data));
    socket.on('end', () => resolve({ text, elapsedMs: Date.now() - started }));
    socket.on('error', reject);
  });
}

describe('the local gateway', () => {
  let server: FunctionsServer;
  const fixture = path.join(rootDir, 'tests/fixtures/functions/body-length');

  beforeAll(async () => {
    server = await startFunctionsServer({
      port: 0,
      env: {},
      log: () => {},
      functions: [
        {
          name: 'body-length',
          verifyJwt: false,
          entrypoint: path.join(fixture, 'index.ts'),
          denoConfig: path.join(fixture, 'deno.json'),
        },
      ],
    });
  });
  afterAll(() => server.stop());

  it('passes a body under its limit whole', async () => {
    const answer = await post(`${server.url}/body-length`, 5 * MB, { declare: false });
    expect(answer).toMatchObject({ status: 200, body: { length: 5 * MB } });
  });

  it('refuses a 100 MB body on its Content-Length, before the function sees it and while the client sends', async () => {
    const answer = await post(`${server.url}/body-length`, 100 * MB, { declare: true });
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('payload_too_large');
    expect(answer.sentBeforeAnswer).toBeLessThan(inFlight);
  });

  it('refuses a chunked 100 MB body once 10 MiB have passed, though the function would read on', async () => {
    // the fixture reads any body whole: only the gateway stops this one
    const answer = await post(`${server.url}/body-length`, 100 * MB, { declare: false });
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('payload_too_large');
    expect(answer.sentBeforeAnswer).toBeLessThan(inFlight);
  });

  it('answers a client that asks first (Expect: 100-continue) with 413, without asking for the body', async () => {
    const { hostname, port } = new URL(server.url);
    const { text } = await rawExchange(
      server.url,
      [
        `POST /functions/v1/body-length HTTP/1.1`,
        `Host: ${hostname}:${port}`,
        'Content-Type: application/json',
        `Content-Length: ${100 * MB}`,
        'Expect: 100-continue',
        '',
        '',
      ].join('\r\n'),
    );
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text).not.toContain('100 Continue');
  });
});

describe('a function', () => {
  const otpRequest = () => `${stack.functionsUrl}/otp/request`;

  it('refuses a chunked 100 MB body past its own limit (otp: 8 KiB), while the client sends', async () => {
    const answer = await post(otpRequest(), 100 * MB, {
      declare: false,
      headers: { authorization: `Bearer ${stack.anonKey}` },
    });
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({ error: { code: 'payload_too_large', message: 'The body exceeds 8192 bytes' } });
    expect(answer.sentBeforeAnswer).toBeLessThan(inFlight);
  });

  // the webhooks read their bodies within bounds too, before the signature and the connection
  const webhooks: [string, string, Record<string, string>, number][] = [
    ['stripe-webhook', 'stripe-webhook', { 'stripe-signature': 't=1,v1=00' }, 512 * 1024],
    ['store-webhook', `store-webhook/${crypto.randomUUID()}`, {}, 2 * MB],
  ];
  for (const [name, route, headers, limit] of webhooks) {
    it(`${name} refuses a chunked 100 MB body past its limit (${limit / 1024} KiB), while the client sends`, async () => {
      const answer = await post(`${stack.functionsUrl}/${route}`, 100 * MB, { declare: false, headers });
      expect(answer.status).toBe(413);
      expect(answer.body).toEqual({ error: { code: 'payload_too_large', message: `The body exceeds ${limit} bytes` } });
      expect(answer.sentBeforeAnswer).toBeLessThan(inFlight);
    });
  }

  it('refuses a body whose Content-Length is over its limit (not reading it: see readBody below)', async () => {
    const answer = await post(otpRequest(), 9 * MB, {
      declare: true,
      headers: { authorization: `Bearer ${stack.anonKey}` },
    });
    expect(answer.status).toBe(413);
    expect(answer.body.error.message).toBe('The body exceeds 8192 bytes');
  });

  it('answers 408 to a body that stops arriving, within its deadline (10 s)', async () => {
    const { hostname, port, pathname } = new URL(otpRequest());
    const { text, elapsedMs } = await rawExchange(
      otpRequest(),
      [
        `POST ${pathname} HTTP/1.1`,
        `Host: ${hostname}:${port}`,
        'Content-Type: application/json',
        `Authorization: Bearer ${stack.anonKey}`,
        'Content-Length: 100',
        '',
        '{"purpose": "login", ',
      ].join('\r\n'),
    );
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(text).toContain('"code":"request_timeout"');
    // the deadline and a generous margin for a loaded machine: the point is that it ends
    expect(elapsedMs).toBeLessThan(30_000);
  });
});

describe('readBody', () => {
  /** A body stream that counts how often it is read from; `stall` makes it send nothing after the first chunk. */
  function countingBody(chunkSize: number, options: { stall?: boolean } = {}) {
    const counts = { pulls: 0, cancelled: false };
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        counts.pulls += 1;
        if (options.stall && counts.pulls > 1) return new Promise(() => {});
        controller.enqueue(new Uint8Array(chunkSize).fill(32));
      },
      cancel() {
        counts.cancelled = true;
      },
    });
    return { stream, counts };
  }

  const request = (body: ReadableStream<Uint8Array> | string, headers: Record<string, string> = {}) =>
    new Request('http://localhost/f', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

  async function refusal(work: Promise<unknown>): Promise<{ status: number; code: string }> {
    const error = await work.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpError);
    return { status: (error as HttpError).status, code: (error as HttpError).code };
  }

  it('refuses an announced length over the limit without reading anything', async () => {
    const { stream, counts } = countingBody(1024);
    const answer = await refusal(readBody(request(stream, { 'content-length': String(100 * MB) }), { maxBytes: 4096 }));
    expect(answer).toEqual({ status: 413, code: 'payload_too_large' });
    expect(counts.pulls).toBeLessThanOrEqual(1);
  });

  it('stops reading as soon as the limit is passed, and cancels the rest', async () => {
    const { stream, counts } = countingBody(1024);
    expect(await refusal(readBody(request(stream), { maxBytes: 4096 }))).toEqual({
      status: 413,
      code: 'payload_too_large',
    });
    expect(counts.pulls).toBeLessThan(10);
    expect(counts.cancelled).toBe(true);
  });

  it('gives up on a body that stops arriving at the deadline (408), and cancels it', async () => {
    const { stream, counts } = countingBody(10, { stall: true });
    const started = Date.now();
    const answer = await refusal(readBody(request(stream), { maxBytes: 4096, timeoutMs: 200 }));
    expect(answer).toEqual({ status: 408, code: 'request_timeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(counts.cancelled).toBe(true);
  });

  it('reads a body of exactly the limit, and no body as no bytes', async () => {
    expect((await readBody(request('x'.repeat(4096)), { maxBytes: 4096 })).length).toBe(4096);
    expect((await readBody(new Request('http://localhost/f', { method: 'POST' }), { maxBytes: 4096 })).length).toBe(0);
  });
});

describe('parseJsonBody', () => {
  const schema = z.strictObject({ name: z.string().max(100), count: z.number().int().optional() });
  const json = 'application/json';
  const utf8 = (text: string) => new TextEncoder().encode(text);
  const nested = (depth: number) => `{"name": "n", "extra": ${'['.repeat(depth)}${']'.repeat(depth)}}`;

  // [what, status (200: accepted), content type, body]
  const cases: [string, number, string | null, Uint8Array | string][] = [
    ['plain JSON', 200, json, '{"name": "a"}'],
    ['with a UTF-8 charset, any case', 200, 'Application/JSON; Charset=UTF-8', '{"name": "a"}'],
    [
      'with a byte order mark (ignored, as JSON allows)',
      200,
      json,
      new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('{"name": "a"}')]),
    ],
    ['no content type', 415, null, '{"name": "a"}'],
    ['text/plain (what a form of another site may send)', 415, 'text/plain', '{"name": "a"}'],
    ['a form', 415, 'application/x-www-form-urlencoded', 'name=a'],
    ['another charset', 415, 'application/json; charset=latin1', '{"name": "a"}'],
    ['two content types (a header sent twice)', 415, 'application/json, text/plain', '{"name": "a"}'],
    ['bytes that are not UTF-8', 400, json, new Uint8Array([...utf8('{"name": "'), 0xc3, 0x28, ...utf8('"}')])],
    ['UTF-16', 400, json, new Uint8Array([0xff, 0xfe, ...Array.from(utf8('{"name": "a"}'), (b) => [b, 0]).flat()])],
    ['a NUL character', 400, json, '{"name": "a\\u0000b"}'],
    ['an unpaired surrogate', 400, json, '{"name": "\\ud800"}'],
    ['an unpaired surrogate in a key', 400, json, '{"\\udc00": 1, "name": "a"}'],
    ['a number beyond the double range', 400, json, '{"name": "a", "count": 1e999}'],
    ['nesting 10,000 levels deep', 400, json, nested(10_000)],
    ['no body', 400, json, ''],
    ['not JSON', 400, json, '{"name": '],
    ['a key the schema does not take', 400, json, '{"name": "a", "role": "admin"}'],
  ];

  it.each(cases)('%s: %i', async (_what, status, contentType, body) => {
    const req = new Request('http://localhost/f', {
      method: 'POST',
      body: body as BodyInit,
      headers: contentType === null ? {} : { 'content-type': contentType },
    });
    // a Request with a string body and no content type gets text/plain: take it off again
    if (contentType === null) req.headers.delete('content-type');
    const result = await parseJsonBody(req, schema, 200_000).then(
      () => 200,
      (error: HttpError) => error.status,
    );
    expect(result).toBe(status);
  });
});
