import { claimsReader, verificationKeysFromEnv } from '../_shared/auth.ts';
import { connectDatabase } from '../_shared/database.ts';
import { createMfaHandler } from './handler.ts';

Deno.serve(createMfaHandler({
  sql: connectDatabase((name) => Deno.env.get(name), 3),
  readClaims: claimsReader(verificationKeysFromEnv((name) => Deno.env.get(name))),
  issuer: Deno.env.get('TOTP_ISSUER') ?? Deno.env.get('APP_NAME') ?? 'Supabase app',
}));
