-- Stripe reconciliation runs as a scheduled job: the edge function stripe-reconcile lists the
-- events Stripe has and applies those the webhook missed. Each run is bounded (at most 10 pages of
-- 100 events) and continues where the last stopped, so every 15 minutes keeps a backlog short.

insert into private.scheduled_jobs (name, schedule, job_function, edge_function, batch_size, description) values
  ('stripe-reconcile', '*/15 * * * *', null, 'stripe-reconcile', 1000,
   'Stripe events the webhook missed (endpoint down longer than Stripe retries, or a bug '
   'since fixed) are listed from Stripe and applied once (edge function stripe-reconcile).');

select private.schedule_jobs();
