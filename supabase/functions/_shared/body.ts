// Request bodies read within bounds. Each function declares the most it takes; a body is refused
// with 413 on its Content-Length, before a byte is read, or as soon as the bytes read pass the
// limit, without reading the rest, so an oversized body costs the function no memory. A body that
// has not arrived within the deadline is refused with 408, so a client that trickles its bytes
// cannot hold a request open.
import { HttpError } from './errors.ts';

export interface BodyLimit {
  /** The largest body accepted, in bytes. */
  maxBytes: number;
  /** How long the whole body may take to arrive, from the first read. */
  timeoutMs?: number;
}

/** A body of a few kilobytes arrives in well under a second; ten allow for a slow mobile network. */
export const defaultBodyTimeoutMs = 10_000;

/** The body's bytes, within `limit` (413 or 408 otherwise); no body reads as no bytes. */
export async function readBody(
  req: Request,
  { maxBytes, timeoutMs = defaultBodyTimeoutMs }: BodyLimit,
): Promise<Uint8Array> {
  const tooLarge = () => new HttpError(413, 'payload_too_large', `The body exceeds ${maxBytes} bytes`);
  if (Number(req.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge();
  if (!req.body) return new Uint8Array(0);

  const reader = req.body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new HttpError(408, 'request_timeout', `The body did not arrive within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
  });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (
      let chunk = await Promise.race([reader.read(), deadline]);
      !chunk.done;
      chunk = await Promise.race([reader.read(), deadline])
    ) {
      size += chunk.value.length;
      if (size > maxBytes) throw tooLarge();
      chunks.push(chunk.value);
    }
  } catch (error) {
    // stop the transfer: what has not arrived is never read
    reader.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }

  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}
