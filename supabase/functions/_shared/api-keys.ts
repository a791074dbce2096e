// The key a function sends when it calls the project's own APIs (the Auth admin API). The edge
// runtime passes the project's secret keys as SUPABASE_SECRET_KEYS, a JSON object of named keys
// ({"default": "sb_secret_..."}), and the legacy service_role key (a JWT signed with the legacy
// secret) as SUPABASE_SERVICE_ROLE_KEY, which stops working once a project disables legacy keys.

export interface ServerKey {
  kind: 'secret' | 'service_role';
  value: string;
}

/** The named keys of SUPABASE_SECRET_KEYS or SUPABASE_PUBLISHABLE_KEYS; throws when malformed. */
export function namedKeys(raw: string, variable: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`${variable} is not JSON`);
  }
  const valid = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) &&
    Object.values(parsed).every((value) => typeof value === 'string');
  if (!valid) throw new Error(`${variable} is not a JSON object of named keys`);
  return parsed as Record<string, string>;
}

/**
 * The secret key named `default` (every project starts with one) when the project has secret
 * keys, the legacy service_role key otherwise.
 */
export function serverKey(env: (name: string) => string | undefined): ServerKey {
  const secretKeys = env('SUPABASE_SECRET_KEYS');
  const secret = secretKeys ? namedKeys(secretKeys, 'SUPABASE_SECRET_KEYS').default : undefined;
  if (secret) return { kind: 'secret', value: secret };
  const legacy = env('SUPABASE_SERVICE_ROLE_KEY');
  if (legacy) return { kind: 'service_role', value: legacy };
  throw new Error('Neither SUPABASE_SECRET_KEYS (with a "default" key) nor SUPABASE_SERVICE_ROLE_KEY is set');
}

/**
 * How a server call carries the key. A secret key is not a JWT: it goes in `apikey` alone, and
 * Supabase's API gateway hands the service a service_role token for it. The legacy key is a JWT
 * and goes in both headers.
 */
export function serverKeyHeaders(key: ServerKey): Record<string, string> {
  return key.kind === 'secret' ? { apikey: key.value } : { apikey: key.value, authorization: `Bearer ${key.value}` };
}
