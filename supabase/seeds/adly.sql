-- ADLY demo data. Runs as postgres after supabase/seed.sql (demo auth users).
--   Acme   (b1000000-0000-4000-8000-000000000001): alice owner, bob member, carol viewer
--   Globex (b1000000-0000-4000-8000-000000000002): dave owner, erin member, frank viewer
-- Each workspace has a store connection and an ad account with fake tokens (stored encrypted),
-- campaigns with ad sets and ads, a week of metrics, content, jobs and attribution events.
-- Acme has an active Growth subscription and one paid invoice. Safe to run more than once.

-- ============================================================================================
-- users
-- ============================================================================================

insert into adly.users (id, email, first_name, last_name)
select u.id, lower(u.email), split_part(u.raw_user_meta_data ->> 'full_name', ' ', 1),
       nullif(split_part(u.raw_user_meta_data ->> 'full_name', ' ', 2), '')
from auth.users u
where u.id in (
  'a0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000002',
  'a0000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000004',
  'a0000000-0000-4000-8000-000000000005', 'a0000000-0000-4000-8000-000000000006',
  'a0000000-0000-4000-8000-000000000007'
)
on conflict (id) do nothing;

-- ============================================================================================
-- plans
-- ============================================================================================

insert into adly.subscription_plans (id, name, stripe_price_id, price, currency, interval, features) values
  ('b5000000-0000-4000-8000-000000000001', 'Starter', -- seed: adly.subscription_plan:starter
    'price_adly_starter_monthly', 199.00, 'SAR', 'month',
   '{"workspaces_members": 3, "store_connections": 1, "ad_accounts": 1, "ai_generations_per_month": 50}'),
  ('b5000000-0000-4000-8000-000000000002', 'Growth', 'price_adly_growth_monthly', -- seed: adly.subscription_plan:growth
    499.00, 'SAR', 'month',
   '{"workspaces_members": 10, "store_connections": 3, "ad_accounts": 5, "ai_generations_per_month": 500}'),
  ('b5000000-0000-4000-8000-000000000003', 'Growth (yearly)', -- seed: adly.subscription_plan:growth-yearly
    'price_adly_growth_yearly', 4990.00, 'SAR', 'year',
   '{"workspaces_members": 10, "store_connections": 3, "ad_accounts": 5, "ai_generations_per_month": 500}')
on conflict (id) do nothing;

-- ============================================================================================
-- workspaces and members
-- ============================================================================================

insert into adly.workspaces (id, name, slug, created_by) values
  ('b1000000-0000-4000-8000-000000000001', 'Acme', 'acme', -- seed: adly.workspace:acme
    'a0000000-0000-4000-8000-000000000002'),
  ('b1000000-0000-4000-8000-000000000002', 'Globex', 'globex', -- seed: adly.workspace:globex
    'a0000000-0000-4000-8000-000000000005')
on conflict do nothing;

insert into adly.workspace_members (id, workspace_id, user_id, role, invited_by) values
  ('b1100000-0000-4000-8000-000000000001', -- seed: adly.workspace_member:acme-alice
    'b1000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000002', 'owner', null),
  ('b1100000-0000-4000-8000-000000000002', -- seed: adly.workspace_member:acme-bob
    'b1000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000003', 'member',
    'a0000000-0000-4000-8000-000000000002'),
  ('b1100000-0000-4000-8000-000000000003', -- seed: adly.workspace_member:acme-carol
    'b1000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000004', 'viewer',
    'a0000000-0000-4000-8000-000000000002'),
  ('b1100000-0000-4000-8000-000000000004', -- seed: adly.workspace_member:globex-dave
    'b1000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000005', 'owner', null),
  ('b1100000-0000-4000-8000-000000000005', -- seed: adly.workspace_member:globex-erin
    'b1000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000006', 'member',
    'a0000000-0000-4000-8000-000000000005'),
  ('b1100000-0000-4000-8000-000000000006', -- seed: adly.workspace_member:globex-frank
    'b1000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000007', 'viewer',
    'a0000000-0000-4000-8000-000000000005')
on conflict do nothing;

-- ============================================================================================
-- integrations (fake tokens, encrypted like real ones)
-- ============================================================================================

insert into adly.store_connections (id, workspace_id, platform, store_name, store_url, credentials_updated_at,
  last_sync_at) values
  ('b2000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001', -- seed: adly.store_connection:acme
    'shopify', 'Acme Store',
   'https://acme-demo.myshopify.com', now(), now() - interval '1 hour'),
  ('b2000000-0000-4000-8000-000000000002', 'b1000000-0000-4000-8000-000000000002', -- seed: adly.store_connection:globex
    'salla', 'Globex Shop',
   'https://globex-demo.salla.sa', now(), now() - interval '2 hours')
on conflict do nothing;

insert into private.adly_store_connection_secrets (store_connection_id, key_id, access_token, refresh_token,
  webhook_secret)
select s.id, (private.encrypt_secret(s.access)).key_id, (private.encrypt_secret(s.access)).ciphertext,
       (private.encrypt_secret(s.refresh)).ciphertext, (private.encrypt_secret(s.webhook)).ciphertext
from (values
  ('b2000000-0000-4000-8000-000000000001'::uuid, 'shpat_demo_acme_access_token', null, 'whsec_demo_acme'),
  ('b2000000-0000-4000-8000-000000000002'::uuid, 'salla_demo_globex_access_token', 'salla_demo_globex_refresh',
    'whsec_demo_globex')
) as s (id, access, refresh, webhook)
on conflict do nothing;

insert into adly.ad_accounts (id, workspace_id, platform, account_id, account_name, token_expires_at,
  credentials_updated_at) values
  ('b3000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001', 'meta', -- seed: adly.ad_account:acme
    'act_100200300',
   'Acme Meta Ads', now() + interval '60 days', now()),
  ('b3000000-0000-4000-8000-000000000002', 'b1000000-0000-4000-8000-000000000002', -- seed: adly.ad_account:globex
    'tiktok', '7000000000000000001',
   'Globex TikTok Ads', now() + interval '30 days', now())
on conflict do nothing;

insert into private.adly_ad_account_secrets (ad_account_id, key_id, access_token, refresh_token)
select a.id, (private.encrypt_secret(a.access)).key_id, (private.encrypt_secret(a.access)).ciphertext,
       (private.encrypt_secret(a.refresh)).ciphertext
from (values
  ('b3000000-0000-4000-8000-000000000001'::uuid, 'EAAdemo_acme_meta_access_token', 'demo_acme_meta_refresh'),
  ('b3000000-0000-4000-8000-000000000002'::uuid, 'act.demo_globex_tiktok_access_token', null)
) as a (id, access, refresh)
on conflict do nothing;

-- ============================================================================================
-- store data
-- ============================================================================================

insert into adly.products (id, store_connection_id, external_id, title, description, price, currency, category, tags)
  values
  ('b2100000-0000-4000-8000-000000000001', 'b2000000-0000-4000-8000-000000000001', '8001', -- seed: adly.product:oud
    'Oud Perfume 50ml', 'Long-lasting oud.', 249.00, 'SAR', 'Fragrance', '{oud,bestseller}'),
  ('b2100000-0000-4000-8000-000000000002', 'b2000000-0000-4000-8000-000000000001', '8002', -- seed: adly.product:bakhoor
    'Bakhoor Set', 'Six scented bricks.', 89.00, 'SAR', 'Fragrance', '{bakhoor}'),
  ('b2100000-0000-4000-8000-000000000003', 'b2000000-0000-4000-8000-000000000001', -- seed: adly.product:gift-box
    '8003', 'Gift Box', null, 39.00, 'SAR', 'Gifts', '{}'),
  ('b2100000-0000-4000-8000-000000000004', 'b2000000-0000-4000-8000-000000000002', 'p-1', -- seed: adly.product:shoes
    'Running Shoes', 'Lightweight trainers.', 399.00, 'SAR', 'Sport', '{shoes}'),
  ('b2100000-0000-4000-8000-000000000005', 'b2000000-0000-4000-8000-000000000002', 'p-2', -- seed: adly.product:bottle
    'Sports Bottle', null, 49.00, 'SAR', 'Sport', '{accessories}')
on conflict do nothing;

insert into adly.orders (id, store_connection_id, external_id, customer_email, total_amount, currency, status,
  order_date, attribution_data) values
  ('b2200000-0000-4000-8000-000000000001', 'b2000000-0000-4000-8000-000000000001', '1001', -- seed: adly.order:acme-1001
    'buyer1@example.net', 338.00, 'SAR', 'paid',
   now() - interval '3 days', '{"utm_source": "facebook", "utm_medium": "cpc", "utm_campaign": "ramadan-oud"}'),
  ('b2200000-0000-4000-8000-000000000002', 'b2000000-0000-4000-8000-000000000001', '1002', -- seed: adly.order:acme-1002
    'buyer2@example.net', 249.00, 'SAR', 'fulfilled',
   now() - interval '1 day', '{"utm_source": "instagram", "utm_medium": "cpc", "utm_campaign": "ramadan-oud"}'),
  ('b2200000-0000-4000-8000-000000000003', 'b2000000-0000-4000-8000-000000000002', -- seed: adly.order:globex-s77
    'S-77', 'runner@example.net', 448.00, 'SAR', 'paid',
   now() - interval '2 days', '{"utm_source": "tiktok", "utm_medium": "paid_social", "utm_campaign": "spring-run"}')
on conflict do nothing;

insert into adly.order_items (id, order_id, product_id, external_product_id, quantity, price) values
  ('b2300000-0000-4000-8000-000000000001', -- seed: adly.order_item:acme-1001-oud
    'b2200000-0000-4000-8000-000000000001', 'b2100000-0000-4000-8000-000000000001', '8001', 1, 249.00),
  ('b2300000-0000-4000-8000-000000000002', -- seed: adly.order_item:acme-1001-bakhoor
    'b2200000-0000-4000-8000-000000000001', 'b2100000-0000-4000-8000-000000000002', '8002', 1, 89.00),
  ('b2300000-0000-4000-8000-000000000003', -- seed: adly.order_item:acme-1002-oud
    'b2200000-0000-4000-8000-000000000002', 'b2100000-0000-4000-8000-000000000001', '8001', 1, 249.00),
  ('b2300000-0000-4000-8000-000000000004', -- seed: adly.order_item:globex-s77-shoes
    'b2200000-0000-4000-8000-000000000003', 'b2100000-0000-4000-8000-000000000004', 'p-1', 1, 399.00),
  ('b2300000-0000-4000-8000-000000000005', -- seed: adly.order_item:globex-s77-bottle
    'b2200000-0000-4000-8000-000000000003', 'b2100000-0000-4000-8000-000000000005', 'p-2', 1, 49.00)
on conflict do nothing;

-- ============================================================================================
-- campaigns, ad sets, ads and a week of metrics
-- ============================================================================================

insert into adly.campaigns (id, workspace_id, ad_account_id, external_id, name, objective, status, budget_type,
  budget_amount, currency, start_date, end_date, target_audience) values
  ('b4000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001', -- seed: adly.campaign:ramadan-oud
    'b3000000-0000-4000-8000-000000000001', '120200000000001',
   'Ramadan Oud', 'conversions', 'active', 'daily', 300.00, 'SAR', current_date - 7, current_date + 21,
   '{"countries": ["SA", "AE"], "age_min": 25, "age_max": 55}'),
  ('b4000000-0000-4000-8000-000000000002', -- seed: adly.campaign:bakhoor-awareness
    'b1000000-0000-4000-8000-000000000001', 'b3000000-0000-4000-8000-000000000001', '120200000000002',
   'Bakhoor Awareness', 'reach', 'paused', 'lifetime', 2000.00, 'SAR', current_date - 7, null,
   '{"countries": ["SA"]}'),
  ('b4000000-0000-4000-8000-000000000003', 'b1000000-0000-4000-8000-000000000002', -- seed: adly.campaign:spring-run
    'b3000000-0000-4000-8000-000000000002', '1790000000000001',
   'Spring Run', 'conversions', 'active', 'daily', 150.00, 'SAR', current_date - 7, current_date + 7,
   '{"countries": ["SA"], "interests": ["running"]}')
on conflict do nothing;

insert into adly.ad_sets (id, campaign_id, external_id, name, status, budget_amount, bid_strategy, targeting) values
  ('b4100000-0000-4000-8000-000000000001', 'b4000000-0000-4000-8000-000000000001', -- seed: adly.ad_set:riyadh
    '120210000000001', 'Riyadh 25-40', 'active', 150.00, 'lowest_cost', '{"cities": ["Riyadh"]}'),
  ('b4100000-0000-4000-8000-000000000002', 'b4000000-0000-4000-8000-000000000002', -- seed: adly.ad_set:ksa-broad
    '120210000000002', 'KSA broad', 'paused', null, 'lowest_cost', '{}'),
  ('b4100000-0000-4000-8000-000000000003', 'b4000000-0000-4000-8000-000000000003', -- seed: adly.ad_set:runners
    '1790010000000001', 'Runners', 'active', 150.00, 'cost_cap', '{"interests": ["running"]}')
on conflict do nothing;

insert into adly.ads (id, ad_set_id, external_id, name, status, creative_data, media_assets) values
  ('b4200000-0000-4000-8000-000000000001', 'b4100000-0000-4000-8000-000000000001', -- seed: adly.ad:oud-video
    '120220000000001', 'Oud video 15s', 'active',
   '{"headline": "عطر العود الأصيل", "cta": "SHOP_NOW"}',
   '[{"type": "video", "asset_id": "b6000000-0000-4000-8000-000000000001"}]'),
  ('b4200000-0000-4000-8000-000000000002', 'b4100000-0000-4000-8000-000000000002', -- seed: adly.ad:bakhoor-carousel
    '120220000000002', 'Bakhoor carousel', 'paused',
   '{"headline": "Bakhoor for every home", "cta": "LEARN_MORE"}', '[]'),
  ('b4200000-0000-4000-8000-000000000003', 'b4100000-0000-4000-8000-000000000003', -- seed: adly.ad:shoes-spark
    '1790020000000001', 'Shoes spark ad', 'active',
   '{"headline": "Run lighter", "cta": "SHOP_NOW"}', '[]')
on conflict do nothing;

insert into adly.campaign_metrics (campaign_id, date, impressions, clicks, spend, conversions, revenue)
select c.id, current_date - d,
       c.base * (10 + d), c.base * (10 + d) / 50, round(c.spend * (1 + d / 10.0), 2), 2 + d % 3,
       round(c.spend * (1 + d / 10.0) * c.roas, 2)
from (values
  ('b4000000-0000-4000-8000-000000000001'::uuid, 1000, 280.00, 3.1),
  ('b4000000-0000-4000-8000-000000000002'::uuid, 1500, 120.00, 0.8),
  ('b4000000-0000-4000-8000-000000000003'::uuid, 800, 140.00, 2.4)
) as c (id, base, spend, roas)
cross join generate_series(1, 7) as d
on conflict do nothing;

-- ============================================================================================
-- content and generation jobs
-- ============================================================================================

insert into adly.content_assets (id, workspace_id, type, name, file_url, file_size, mime_type, metadata, generated_by,
  generation_prompt, language) values
  ('b6000000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001', -- seed: adly.content_asset:oud-video
    'video', 'Oud video 15s',
   'https://cdn.example.com/acme/oud-15s.mp4', 5242880, 'video/mp4', '{"width": 1080, "height": 1920, "duration": 15}',
   'demo-video-ai', 'A slow reveal of an oud perfume bottle', 'ar'),
  ('b6000000-0000-4000-8000-000000000002', -- seed: adly.content_asset:ramadan-headlines
    'b1000000-0000-4000-8000-000000000001', 'text', 'Ramadan headlines', null, null, 'text/plain',
   '{"variants": 5}', null, null, 'ar'),
  ('b6000000-0000-4000-8000-000000000003', -- seed: adly.content_asset:shoes-hero
    'b1000000-0000-4000-8000-000000000002', 'image', 'Shoes hero',
   'https://cdn.example.com/globex/shoes.png', 734003, 'image/png', '{"width": 1200, "height": 1200}', null, null, 'en')
on conflict do nothing;

insert into adly.content_templates (id, workspace_id, name, type, template_data, is_public) values
  ('b6100000-0000-4000-8000-000000000001', null, -- seed: adly.content_template:public-showcase
    'Product showcase (public)', 'video',
   '{"scenes": ["hook", "product", "offer", "cta"], "duration": 15}', true),
  ('b6100000-0000-4000-8000-000000000002', -- seed: adly.content_template:acme-offer
    'b1000000-0000-4000-8000-000000000001', 'Acme offer card', 'image',
   '{"layout": "square", "brand_color": "#7A1F2B"}', false),
  ('b6100000-0000-4000-8000-000000000003', -- seed: adly.content_template:globex-headline
    'b1000000-0000-4000-8000-000000000002', 'Globex headline', 'text',
   '{"tone": "energetic"}', false)
on conflict do nothing;

insert into adly.generation_jobs (id, workspace_id, user_id, type, provider, prompt, parameters) values
  ('b6200000-0000-4000-8000-000000000001', -- seed: adly.generation_job:acme-video
    'b1000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000003',
   'video', 'demo-video-ai', 'A slow reveal of an oud perfume bottle', '{"duration": 15, "aspect": "9:16"}'),
  ('b6200000-0000-4000-8000-000000000002', -- seed: adly.generation_job:acme-text
    'b1000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000003',
   'text', 'demo-text-ai', 'Five Ramadan headlines for oud perfume', '{"variants": 5}'),
  ('b6200000-0000-4000-8000-000000000003', -- seed: adly.generation_job:globex-image
    'b1000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000006',
   'image', 'demo-image-ai', 'Running shoes on a desert road', null)
on conflict do nothing;
-- the worker's transitions for the first job
update adly.generation_jobs set status = 'processing' where id = 'b6200000-0000-4000-8000-000000000001'
  and status = 'pending';
update adly.generation_jobs set status = 'completed', result_asset_id = 'b6000000-0000-4000-8000-000000000001'
where id = 'b6200000-0000-4000-8000-000000000001' and status = 'processing';

-- ============================================================================================
-- attribution events
-- ============================================================================================

insert into adly.attribution_events (id, workspace_id, campaign_id, order_id, event_type, platform, utm_source,
  utm_medium, utm_campaign, referrer, ip_address, user_agent, event_time) values
  ('b7000000-0000-4000-8000-000000000001', -- seed: adly.attribution_event:acme-click
    'b1000000-0000-4000-8000-000000000001', 'b4000000-0000-4000-8000-000000000001', null,
   'click', 'meta', 'facebook', 'cpc', 'ramadan-oud', 'https://m.facebook.com/', '203.0.113.10', 'Mozilla/5.0',
   now() - interval '3 days 1 hour'),
  ('b7000000-0000-4000-8000-000000000002', -- seed: adly.attribution_event:acme-conversion
    'b1000000-0000-4000-8000-000000000001', 'b4000000-0000-4000-8000-000000000001',
    'b2200000-0000-4000-8000-000000000001',
   'conversion', 'meta', 'facebook', 'cpc', 'ramadan-oud', null, '203.0.113.10', 'Mozilla/5.0',
   now() - interval '3 days'),
  ('b7000000-0000-4000-8000-000000000003', -- seed: adly.attribution_event:globex-conversion
    'b1000000-0000-4000-8000-000000000002', 'b4000000-0000-4000-8000-000000000003',
    'b2200000-0000-4000-8000-000000000003',
   'conversion', 'tiktok', 'tiktok', 'paid_social', 'spring-run', null, '198.51.100.7', 'TikTok/33.0',
   now() - interval '2 days')
on conflict do nothing;

-- ============================================================================================
-- billing (as the webhook would have recorded it)
-- ============================================================================================

insert into adly.workspace_subscriptions (id, workspace_id, plan_id, stripe_subscription_id, status,
  current_period_start, current_period_end, stripe_event_created_at) values
  ('b5100000-0000-4000-8000-000000000001', -- seed: adly.workspace_subscription:acme
    'b1000000-0000-4000-8000-000000000001', 'b5000000-0000-4000-8000-000000000002',
   'sub_demo_acme', 'active', date_trunc('month', now()), date_trunc('month', now()) + interval '1 month',
   now() - interval '5 days')
on conflict do nothing;

insert into adly.invoices (id, workspace_id, stripe_invoice_id, amount, currency, status, invoice_pdf, paid_at,
  stripe_event_created_at) values
  ('b5200000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001', -- seed: adly.invoice:acme
    'in_demo_acme_1', 499.00, 'SAR', 'paid',
   'https://pay.stripe.com/invoice/demo/pdf', now() - interval '5 days', now() - interval '5 days')
on conflict do nothing;
