import { connectDatabase } from '../_shared/database.ts';
import { createStripeClient } from '../_shared/stripe.ts';
import { createReconcileHandler } from './handler.ts';

const jobsSecret = Deno.env.get('JOBS_SECRET');
if (!jobsSecret) throw new Error('JOBS_SECRET is not set');

Deno.serve(createReconcileHandler({
  // a run applies its events one after another: two connections serve two runs at once
  sql: connectDatabase((name) => Deno.env.get(name), 2),
  stripe: createStripeClient(Deno.env.get('STRIPE_SECRET_KEY'), Deno.env.get('STRIPE_API_BASE')),
  jobsSecret,
}));
