import { claimsReader, jwksUrlFor } from '../_shared/auth.ts';
import { connectDatabase } from '../_shared/database.ts';
import { createStripeClient } from '../_shared/stripe.ts';
import { createCheckoutHandler } from './handler.ts';

const jwtSecret = Deno.env.get('JWT_SECRET');
if (!jwtSecret) throw new Error('JWT_SECRET is not set');

Deno.serve(createCheckoutHandler({
  sql: connectDatabase(Deno.env.get('SUPABASE_DB_URL')),
  stripe: createStripeClient(Deno.env.get('STRIPE_SECRET_KEY'), Deno.env.get('STRIPE_API_BASE')),
  readClaims: claimsReader(jwtSecret, { jwksUrl: jwksUrlFor(Deno.env.get('SUPABASE_URL'), Deno.env.get('JWT_JWKS_URL')) }),
  allowedOrigins: (Deno.env.get('CHECKOUT_ALLOWED_ORIGINS') ?? '').split(',').map((o) => o.trim()).filter(Boolean),
}));
