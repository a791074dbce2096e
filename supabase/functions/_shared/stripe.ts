// The Stripe client every function uses: fetch-based (Deno and Node alike), pointed at
// STRIPE_API_BASE when set (a local fake Stripe in tests), api.stripe.com otherwise.
import Stripe from 'stripe';

export type { Stripe };

export function createStripeClient(secretKey: string | undefined, apiBase?: string): Stripe {
  if (!secretKey) throw new Error('STRIPE_SECRET_KEY is not set');
  const config: ConstructorParameters<typeof Stripe>[1] = {
    httpClient: Stripe.createFetchHttpClient(),
    maxNetworkRetries: 2,
    timeout: 20_000,
  };
  if (apiBase) {
    const url = new URL(apiBase);
    config.host = url.hostname;
    config.port = url.port || (url.protocol === 'https:' ? '443' : '80');
    config.protocol = url.protocol === 'http:' ? 'http' : 'https';
  }
  return new Stripe(secretKey, config);
}

/** The SubtleCrypto provider webhook signatures are verified with (Web Crypto, no Node crypto). */
export const webhookCryptoProvider = Stripe.createSubtleCryptoProvider();
