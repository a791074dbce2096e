// Serves the project's edge functions through the local gateway for the whole test run, against
// the database the test command prepared (SUPABASE_DB_URL).
import type { TestProject } from 'vitest/node';
import { defaults, legacyProjectKeys } from '../../scripts/local/local-env.ts';
import { freePort } from '../../scripts/local/ports.ts';
import { serveFunctions } from '../../scripts/local/stack.ts';
import { startFakeStripe } from './fake-stripe.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: {
      dbUrl: string;
      functionsUrl: string;
      jwtSecret: string;
      anonKey: string;
      serviceRoleKey: string;
      /** The local fake of the Stripe API the functions call, and the secrets they use. */
      stripeApiBase: string;
      stripeSecretKey: string;
      stripeWebhookSecret: string;
      checkoutAllowedOrigin: string;
      /** The bearer token the scheduler and operators send to job functions. */
      jobsSecret: string;
    };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dbUrl = process.env.SUPABASE_DB_URL;
  if (!dbUrl) throw new Error('SUPABASE_DB_URL is not set: run the tests with `npm test`');
  const jwtSecret = defaults.jwtSecret;
  const stripeSecretKey = defaults.stripeSecretKey;
  const stripeWebhookSecret = defaults.stripeWebhookSecret;
  const checkoutAllowedOrigin = 'http://127.0.0.1:3000';
  const jobsSecret = defaults.jobsSecret;
  const fakeStripe = await startFakeStripe({ secretKey: stripeSecretKey });
  const keys = await legacyProjectKeys(jwtSecret);
  const server = await serveFunctions(
    { apiPort: await freePort(), dbUrl },
    keys,
    {
      STRIPE_SECRET_KEY: stripeSecretKey,
      STRIPE_WEBHOOK_SECRET: stripeWebhookSecret,
      STRIPE_API_BASE: fakeStripe.url,
      CHECKOUT_ALLOWED_ORIGINS: checkoutAllowedOrigin,
      JOBS_SECRET: jobsSecret,
    },
    () => {},
  ).catch(async (error) => {
    await fakeStripe.stop();
    throw error;
  });
  project.provide('stack', {
    dbUrl,
    functionsUrl: server.url,
    jwtSecret,
    anonKey: keys.apiKeys.anonKey,
    serviceRoleKey: keys.apiKeys.serviceRoleKey,
    stripeApiBase: fakeStripe.url,
    stripeSecretKey,
    stripeWebhookSecret,
    checkoutAllowedOrigin,
    jobsSecret,
  });
  return async () => {
    await server.stop();
    await fakeStripe.stop();
  };
}
