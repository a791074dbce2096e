-- DTF Editor demo data: an admin (admin@example.com), a free user (alice@example.com) and a
-- subscriber with an active plan (bob@example.com); plans, packages, operation prices, API costs,
-- images with operations, a public collection and e-mail templates. Every credit arrives through
-- the ledger functions, so each demo balance is explained by its credit_transactions rows.
-- Runs as postgres after supabase/seed.sql; fixed uuids so tests and docs can refer to them.

-- ============================================================================================
-- catalogues
-- ============================================================================================

insert into dtf.subscription_plans
  (id, name, stripe_price_id, description, monthly_price, credits_per_month, features, sort_order)
values
  ('d0000000-0000-4000-8000-000000000101', 'basic', 'price_dtf_basic_monthly', -- seed: dtf.subscription_plan:basic
   'For occasional printing: 20 credits every month.', 9.99, 20,
   '["20 credits per month", "upscale and background removal", "email support"]', 1),
  ('d0000000-0000-4000-8000-000000000102', 'starter', -- seed: dtf.subscription_plan:starter
    'price_dtf_starter_monthly',
   'For shops printing every week: 60 credits every month.', 24.99, 60,
   '["60 credits per month", "all operations including vectorize", "priority support"]', 2)
on conflict (id) do nothing;

insert into dtf.pay_as_you_go_packages
  (id, name, stripe_price_id, credits, price, credit_validity_days, description, sort_order)
values
  ('d0000000-0000-4000-8000-000000000201', '10 credits', -- seed: dtf.pay_as_you_go_package:10-credits
    'price_dtf_credits_10', 10, 7.99, 365,
   'Ten credits, valid for a year.', 1),
  ('d0000000-0000-4000-8000-000000000202', '50 credits', -- seed: dtf.pay_as_you_go_package:50-credits
    'price_dtf_credits_50', 50, 29.99, 365,
   'Fifty credits, valid for a year.', 2),
  ('d0000000-0000-4000-8000-000000000203', '100 credits', -- seed: dtf.pay_as_you_go_package:100-credits
    'price_dtf_credits_100', 100, 49.99, null,
   'A hundred credits that never expire.', 3)
on conflict (id) do nothing;

insert into dtf.operation_credit_prices (operation_type, credits, description) values
  ('upscale', 1, 'Upscale to print resolution'),
  ('background_removal', 1, 'Remove the background'),
  ('vectorize', 2, 'Convert to vector artwork'),
  ('generate', 3, 'Generate an image from a prompt')
on conflict (operation_type) do nothing;

insert into dtf.api_costs (id, api_provider, operation_type, cost_per_operation, effective_date) values
  ('d0000000-0000-4000-8000-000000000301', 'deep-image', 'upscale', 0.0500, -- seed: dtf.api_cost:upscale
    date '2026-01-01'),
  ('d0000000-0000-4000-8000-000000000302', 'clipping-magic', -- seed: dtf.api_cost:background-removal
    'background_removal', 0.1250, date '2026-01-01'),
  ('d0000000-0000-4000-8000-000000000303', 'vectorizer-ai', 'vectorize', 0.2000, -- seed: dtf.api_cost:vectorize
    date '2026-01-01'),
  ('d0000000-0000-4000-8000-000000000304', 'openai', 'generate', 0.0400, -- seed: dtf.api_cost:generate
    date '2026-01-01')
on conflict (id) do nothing;

-- ============================================================================================
-- users
-- ============================================================================================

select private.dtf_create_profile(u.id)
from auth.users u
where u.id in ('a0000000-0000-4000-8000-000000000001',
               'a0000000-0000-4000-8000-000000000002',
               'a0000000-0000-4000-8000-000000000003');

update dtf.profiles set first_name = 'Ada', last_name = 'Admin', company = 'DTF Editor', is_admin = true
 where id = 'a0000000-0000-4000-8000-000000000001';
update dtf.profiles set first_name = 'Alice', last_name = 'Archer', company = 'Archer Tees'
 where id = 'a0000000-0000-4000-8000-000000000002';
update dtf.profiles set first_name = 'Bob', last_name = 'Baker', company = 'Baker Print Shop'
 where id = 'a0000000-0000-4000-8000-000000000003';

-- Alice (free plan) bought a 10-credit package once.
select dtf.fulfil_credit_purchase(
  'a0000000-0000-4000-8000-000000000002', 'd0000000-0000-4000-8000-000000000201',
  'cs_demo_alice_0001', 'pi_demo_alice_0001'
)
where not exists (select 1 from dtf.credit_transactions where stripe_checkout_session_id = 'cs_demo_alice_0001');

-- Bob subscribes to the starter plan and his first invoice is paid.
select dtf.apply_subscription_event(
  'evt_demo_bob_created', now() - interval '10 days', 'created',
  'a0000000-0000-4000-8000-000000000003', 'cus_demo_bob', 'sub_demo_bob', 'price_dtf_starter_monthly',
  'active', now() - interval '10 days', now() + interval '20 days'
);
select dtf.grant_subscription_credits(
  'a0000000-0000-4000-8000-000000000003', 'in_demo_bob_0001', 'price_dtf_starter_monthly',
  'sub_demo_bob', 'pi_demo_bob_0001', now() - interval '10 days', now() + interval '20 days'
);

-- ============================================================================================
-- images, operations, collections
-- ============================================================================================

insert into dtf.images
  (id, user_id, original_filename, original_file_size, original_file_type, original_url, is_favorite)
values
  ('d0000000-0000-4000-8000-000000000401', 'a0000000-0000-4000-8000-000000000002', -- seed: dtf.image:alice-logo
    'logo.png', 482113,
   'image/png', 'dtf-images/a0000000-0000-4000-8000-000000000002/logo.png', true),
  ('d0000000-0000-4000-8000-000000000402', 'a0000000-0000-4000-8000-000000000002', -- seed: dtf.image:alice-cat-sketch
    'cat-sketch.jpg', 1203344,
   'image/jpeg', 'dtf-images/a0000000-0000-4000-8000-000000000002/cat-sketch.jpg', false),
  ('d0000000-0000-4000-8000-000000000403', 'a0000000-0000-4000-8000-000000000003', -- seed: dtf.image:bob-team-shirt
    'team-shirt.png', 2210009,
   'image/png', 'dtf-images/a0000000-0000-4000-8000-000000000003/team-shirt.png', false)
on conflict (id) do nothing;

-- The processing service runs as the service role.
select set_config('request.jwt.claims', '{"role": "service_role"}', true);

-- Alice: a background removal that completed, an upscale that failed (and was refunded).
select dtf.complete_image_operation(
  (dtf.start_image_operation('d0000000-0000-4000-8000-000000000401', 'background_removal',
                             'clipping-magic', '{"format": "png"}')).id,
  '{"url": "dtf-images/a0000000-0000-4000-8000-000000000002/logo-nobg.png"}', 3.42, null,
  'dtf-images/a0000000-0000-4000-8000-000000000002/logo-nobg.png'
);
select dtf.fail_image_operation(
  (dtf.start_image_operation('d0000000-0000-4000-8000-000000000402', 'upscale', 'deep-image',
                             '{"scale": 4}')).id,
  'provider timed out', 0, 504
);
-- Bob: a vectorized team shirt.
select dtf.complete_image_operation(
  (dtf.start_image_operation('d0000000-0000-4000-8000-000000000403', 'vectorize', 'vectorizer-ai',
                             '{"colors": 6}')).id,
  '{"url": "dtf-images/a0000000-0000-4000-8000-000000000003/team-shirt.svg"}', 8.10, null,
  'dtf-images/a0000000-0000-4000-8000-000000000003/team-shirt.svg'
);

select set_config('request.jwt.claims', '', true);

insert into dtf.image_collections (id, user_id, name, description, is_public) values
  ('d0000000-0000-4000-8000-000000000501', -- seed: dtf.image_collection:alice-shop-designs
    'a0000000-0000-4000-8000-000000000002', 'Shop designs',
   'Designs for the online shop', true),
  ('d0000000-0000-4000-8000-000000000502', -- seed: dtf.image_collection:alice-drafts
    'a0000000-0000-4000-8000-000000000002', 'Drafts', null, false)
on conflict (id) do nothing;

insert into dtf.image_collection_items (id, collection_id, image_id) values
  ('d0000000-0000-4000-8000-000000000601', -- seed: dtf.image_collection_item:shop-designs-logo
    'd0000000-0000-4000-8000-000000000501',
   'd0000000-0000-4000-8000-000000000401'),
  ('d0000000-0000-4000-8000-000000000602', -- seed: dtf.image_collection_item:drafts-cat-sketch
    'd0000000-0000-4000-8000-000000000502',
   'd0000000-0000-4000-8000-000000000402')
on conflict (id) do nothing;

-- ============================================================================================
-- activity, metrics, e-mail
-- ============================================================================================

insert into dtf.user_activity_logs (user_id, activity_type, activity_data) values
  ('a0000000-0000-4000-8000-000000000002', 'login', '{"method": "password"}'),
  ('a0000000-0000-4000-8000-000000000003', 'login', '{"method": "password"}');

insert into dtf.system_metrics (metric_name, metric_value, metric_unit, tags) values
  ('queue_depth', 0, 'jobs', '{"queue": "image-processing"}'),
  ('provider_latency_p95', 4.2, 'seconds', '{"provider": "clipping-magic"}');

insert into dtf.admin_logs (admin_user_id, action, target_type, target_id, details) values
  ('a0000000-0000-4000-8000-000000000001', 'review_user', 'profile',
   'a0000000-0000-4000-8000-000000000003', '{"note": "welcome call"}');

insert into dtf.email_templates (id, name, subject, html_content, text_content) values
  ('d0000000-0000-4000-8000-000000000701', 'welcome', 'Welcome to DTF Editor', -- seed: dtf.email_template:welcome
   '<p>Your 2 free credits are waiting.</p>', 'Your 2 free credits are waiting.'),
  ('d0000000-0000-4000-8000-000000000702', 'low_credits', -- seed: dtf.email_template:low-credits
    'You are running low on credits',
   '<p>Top up to keep printing.</p>', 'Top up to keep printing.')
on conflict (id) do nothing;

insert into dtf.email_campaigns (id, name, template_id, target_audience, status) values
  ('d0000000-0000-4000-8000-000000000801', 'Spring top-up', -- seed: dtf.email_campaign:spring-top-up
    'd0000000-0000-4000-8000-000000000702',
   '{"subscription_status": ["free"]}', 'draft')
on conflict (id) do nothing;

insert into dtf.email_logs (user_id, template_id, status) values
  ('a0000000-0000-4000-8000-000000000002', 'd0000000-0000-4000-8000-000000000701', 'delivered'),
  ('a0000000-0000-4000-8000-000000000003', 'd0000000-0000-4000-8000-000000000701', 'opened');
