import { claimsReader, verificationKeysFromEnv } from '../_shared/auth.ts';
import { connectDatabase } from '../_shared/database.ts';
import { createStripeClient } from '../_shared/stripe.ts';
import { createCheckoutHandler } from './handler.ts';

Deno.serve(createCheckoutHandler({
  sql: connectDatabase((name) => Deno.env.get(name)),
  stripe: createStripeClient(Deno.env.get('STRIPE_SECRET_KEY'), Deno.env.get('STRIPE_API_BASE')),
  readClaims: claimsReader(verificationKeysFromEnv((name) => Deno.env.get(name))),
  allowedOrigins: (Deno.env.get('CHECKOUT_ALLOWED_ORIGINS') ?? '').split(',').map((o) => o.trim()).filter(Boolean),
}));
