// Web Crypto helpers for signatures and shared secrets: HMAC-SHA256, constant-time comparisons and
// random tokens.

const encoder = new TextEncoder();

export async function hmacSha256(secret: string, message: Uint8Array): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, message as BufferSource));
}

/** Compares two byte strings without an early exit; the length (public for digests) may show. */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/** Compares two secrets in constant time: their SHA-256 digests, so not even the length shows. */
export async function timingSafeEqualText(a: string, b: string): Promise<boolean> {
  const [da, db] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(a)),
    crypto.subtle.digest('SHA-256', encoder.encode(b)),
  ]);
  return timingSafeEqual(new Uint8Array(da), new Uint8Array(db));
}

/** A token of `bytes` random bytes from the CSPRNG (32: 256 bits), base64url without padding. */
export function randomToken(bytes = 32): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...raw)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes standard base64; null when the text is not base64. */
export function fromBase64(text: string): Uint8Array | null {
  const clean = text.trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) return null;
  try {
    const binary = atob(clean);
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** Decodes hexadecimal (either case); null when the text is not hex. */
export function fromHex(text: string): Uint8Array | null {
  const clean = text.trim();
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(clean)) return null;
  const bytes = new Uint8Array(clean.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Whether `header` (decoded with `decode`) is the HMAC-SHA256 of `body` under `secret`. */
export async function verifyHmacHeader(
  header: string | null,
  body: Uint8Array,
  secret: string,
  decode: (text: string) => Uint8Array | null,
): Promise<boolean> {
  if (!header) return false;
  const given = decode(header);
  const expected = await hmacSha256(secret, body);
  // compare even when the header does not decode, so timing says nothing about why it failed
  return timingSafeEqual(given ?? new Uint8Array(0), expected) && given !== null;
}
