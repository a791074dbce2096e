import { connectDatabase } from '../_shared/database.ts';
import { createStripeClient, webhookCryptoProvider } from '../_shared/stripe.ts';
import { createWebhookHandler } from './handler.ts';

const webhookSecret = Deno.env.get('STRIPE_WEBHOOK_SECRET');
if (!webhookSecret) throw new Error('STRIPE_WEBHOOK_SECRET is not set');

Deno.serve(createWebhookHandler({
  sql: connectDatabase((name) => Deno.env.get(name)),
  stripe: createStripeClient(Deno.env.get('STRIPE_SECRET_KEY'), Deno.env.get('STRIPE_API_BASE')),
  webhookSecret,
  cryptoProvider: webhookCryptoProvider,
}));
