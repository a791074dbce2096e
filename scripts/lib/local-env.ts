// The local stack's fixed defaults, and the keys signed with its JWT secret.
import { SignJWT } from 'jose';

export const defaults = {
  apiPort: 54321,
  dbPort: 54322,
  // Supabase's well-known local development secret: never use it for a hosted project.
  jwtSecret: 'super-secret-jwt-token-with-at-least-32-characters-long',
  stripeSecretKey: 'sk_test_local_stack',
  stripeWebhookSecret: 'whsec_local_stack_webhook_secret',
  demoPassword: 'password123',
};

export interface ApiKeys {
  anonKey: string;
  serviceRoleKey: string;
}

/** Signs a JWT with the local secret, as GoTrue and the CLI do (HS256). */
export async function signJwt(secret: string, claims: Record<string, unknown>, expiresIn: string | number = '10y'): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

export async function apiKeys(jwtSecret: string): Promise<ApiKeys> {
  return {
    anonKey: await signJwt(jwtSecret, { iss: 'supabase-demo', role: 'anon' }),
    serviceRoleKey: await signJwt(jwtSecret, { iss: 'supabase-demo', role: 'service_role' }),
  };
}
