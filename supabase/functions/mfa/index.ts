import { jwksUrlFor } from '../_shared/auth.ts';
import { connectDatabase } from '../_shared/database.ts';
import { createMfaHandler } from './handler.ts';

const jwtSecret = Deno.env.get('JWT_SECRET');
if (!jwtSecret) throw new Error('JWT_SECRET is not set');

Deno.serve(createMfaHandler({
  sql: connectDatabase(Deno.env.get('SUPABASE_DB_URL'), 3),
  jwtSecret,
  jwksUrl: jwksUrlFor(Deno.env.get('SUPABASE_URL'), Deno.env.get('JWT_JWKS_URL')),
  issuer: Deno.env.get('TOTP_ISSUER') ?? Deno.env.get('APP_NAME') ?? 'Supabase app',
}));
