// Responses every function shares: JSON bodies, the error shape and CORS.
import type { ErrorResponse } from './schemas.ts';

export const corsHeaders: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, x-client-info, apikey, content-type',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
};

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...corsHeaders, 'content-type': 'application/json', ...headers },
  });
}

/** The one error shape of every function: { "error": { "code", "message" } } (errorResponseSchema). */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return json({ error: { code, message } } satisfies ErrorResponse, status, headers);
}

/** Answers a CORS preflight, or returns null for any other request. */
export function preflight(req: Request): Response | null {
  return req.method === 'OPTIONS' ? new Response(null, { status: 204, headers: corsHeaders }) : null;
}

/**
 * The client address as the platform saw it: cf-connecting-ip (hosted Supabase is behind
 * Cloudflare, which sets it and overwrites a client's own), else the right-most x-forwarded-for
 * entry (the address the last proxy saw; entries a client writes on the left are ignored). The
 * database applies the same rule in private.request_client_ip().
 */
export function clientIp(req: Request): string {
  const connecting = req.headers.get('cf-connecting-ip')?.trim();
  if (connecting) return connecting;
  const entries = (req.headers.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return entries.at(-1) ?? 'unknown';
}
