-- Marketplace demo data. Runs as postgres after supabase/seed.sql (which creates the auth users).
-- admin@example.com is an ADMIN; alice and bob are USERs. Alice owns "Lead Capture to CRM"
-- (ACTIVE purchase with its invoice); Bob has a PENDING checkout for "Social Media Scheduler".

-- accounts ------------------------------------------------------------------------------------
select private.marketplace_ensure_user(id)
from (values
  ('a0000000-0000-4000-8000-000000000001'::uuid),
  ('a0000000-0000-4000-8000-000000000002'::uuid),
  ('a0000000-0000-4000-8000-000000000003'::uuid)
) as demo (id);

update marketplace.users set role = 'ADMIN' where id = 'a0000000-0000-4000-8000-000000000001';

update marketplace.user_settings
set locale = 'en-US', timezone = 'Europe/Berlin', marketing_emails = true
where user_id = 'a0000000-0000-4000-8000-000000000002';

-- catalogue -----------------------------------------------------------------------------------
insert into marketplace.categories (id, name, slug, description, position) values
  ('c1000000-0000-4000-8000-000000000001', 'Automation', 'automation', -- seed: marketplace.category:automation
    'Hands-off business processes.', 0),
  ('c1000000-0000-4000-8000-000000000002', 'Marketing', 'marketing', -- seed: marketplace.category:marketing
    'Campaigns, social media and newsletters.', 1),
  ('c1000000-0000-4000-8000-000000000003', 'Data & Analytics', -- seed: marketplace.category:data-analytics
    'data-analytics', 'Reports, dashboards and pipelines.', 2),
  ('c1000000-0000-4000-8000-000000000004', 'Sales & CRM', 'sales-crm', -- seed: marketplace.category:sales-crm
    'Leads, pipelines and customer records.', 3)
on conflict (id) do nothing;

insert into marketplace.workflows (id, title, description, price, status, video_url, tags, features, is_deleted) values
  ('b1000000-0000-4000-8000-000000000001', 'Lead Capture to CRM', -- seed: marketplace.workflow:lead-capture
   'Collects leads from web forms, enriches them and files them in your CRM.', 49.00, 'active',
   'https://videos.example.com/lead-capture.mp4', array['crm', 'leads', 'forms'],
   array['Form webhooks', 'Company enrichment', 'Duplicate detection'], false),
  ('b1000000-0000-4000-8000-000000000002', 'Social Media Scheduler', -- seed: marketplace.workflow:social-scheduler
   'Plans, queues and publishes posts across networks.', 29.00, 'active',
   null, array['social', 'scheduling'], array['Multi-network posting', 'Content calendar'], false),
  ('b1000000-0000-4000-8000-000000000003', 'Invoice OCR Pipeline', -- seed: marketplace.workflow:free
   'Reads supplier invoices from a mailbox and extracts their fields.', 0, 'active',
   null, array['ocr', 'finance'], array['Mailbox watcher', 'Field extraction'], false),
  ('b1000000-0000-4000-8000-000000000004', 'Weekly KPI Report', -- seed: marketplace.workflow:draft
   'Builds a weekly KPI digest from your warehouse.', 19.00, 'draft',
   null, array['reporting'], array['Scheduled digest'], false),
  ('b1000000-0000-4000-8000-000000000005', 'Legacy Slack Bot', -- seed: marketplace.workflow:archived
   'A standup bot for Slack, superseded by newer workflows.', 9.00, 'archived',
   null, array['slack'], array['Daily standup prompts'], false),
  ('b1000000-0000-4000-8000-000000000006', 'Old Newsletter Flow', -- seed: marketplace.workflow:deleted
   'Removed from the catalogue.', 5.00, 'active',
   null, array['newsletter'], array[]::text[], true)
on conflict (id) do nothing;

insert into marketplace.workflow_packages (workflow_id, file_url) values
  ('b1000000-0000-4000-8000-000000000001', 'https://files.example.com/packages/lead-capture-to-crm-v3.zip'),
  ('b1000000-0000-4000-8000-000000000002', 'https://files.example.com/packages/social-media-scheduler-v2.zip'),
  ('b1000000-0000-4000-8000-000000000003', 'https://files.example.com/packages/invoice-ocr-pipeline-v1.zip'),
  ('b1000000-0000-4000-8000-000000000004', 'https://files.example.com/packages/weekly-kpi-report-v0.zip'),
  ('b1000000-0000-4000-8000-000000000005', 'https://files.example.com/packages/legacy-slack-bot-v7.zip'),
  ('b1000000-0000-4000-8000-000000000006', 'https://files.example.com/packages/old-newsletter-flow.zip')
on conflict (workflow_id) do nothing;

insert into marketplace.workflow_categories (workflow_id, category_id) values
  ('b1000000-0000-4000-8000-000000000001', 'c1000000-0000-4000-8000-000000000001'),
  ('b1000000-0000-4000-8000-000000000001', 'c1000000-0000-4000-8000-000000000004'),
  ('b1000000-0000-4000-8000-000000000002', 'c1000000-0000-4000-8000-000000000002'),
  ('b1000000-0000-4000-8000-000000000003', 'c1000000-0000-4000-8000-000000000001'),
  ('b1000000-0000-4000-8000-000000000003', 'c1000000-0000-4000-8000-000000000003'),
  ('b1000000-0000-4000-8000-000000000004', 'c1000000-0000-4000-8000-000000000003'),
  ('b1000000-0000-4000-8000-000000000005', 'c1000000-0000-4000-8000-000000000001'),
  ('b1000000-0000-4000-8000-000000000006', 'c1000000-0000-4000-8000-000000000002')
on conflict do nothing;

insert into marketplace.workflow_assets (id, workflow_id, asset_url, kind, position) values
  ('d1000000-0000-4000-8000-000000000001', -- seed: marketplace.workflow_asset:lead-capture-thumbnail
    'b1000000-0000-4000-8000-000000000001', 'https://cdn.example.com/wf/lead-capture/thumb.png', 'thumbnail', 0),
  ('d1000000-0000-4000-8000-000000000002', -- seed: marketplace.workflow_asset:lead-capture-image
    'b1000000-0000-4000-8000-000000000001', 'https://cdn.example.com/wf/lead-capture/flow.png', 'image', 1),
  ('d1000000-0000-4000-8000-000000000003', -- seed: marketplace.workflow_asset:social-scheduler-thumbnail
    'b1000000-0000-4000-8000-000000000002', 'https://cdn.example.com/wf/social/thumb.png', 'thumbnail', 0),
  ('d1000000-0000-4000-8000-000000000004', -- seed: marketplace.workflow_asset:free-thumbnail
    'b1000000-0000-4000-8000-000000000003', 'https://cdn.example.com/wf/ocr/thumb.png', 'thumbnail', 0),
  ('d1000000-0000-4000-8000-000000000005', -- seed: marketplace.workflow_asset:draft-thumbnail
    'b1000000-0000-4000-8000-000000000004', 'https://cdn.example.com/wf/kpi/thumb.png', 'thumbnail', 0)
on conflict (id) do nothing;

insert into marketplace.workflow_docs (id, workflow_id, title, position) values
  ('e1000000-0000-4000-8000-000000000001', -- seed: marketplace.workflow_doc:lead-capture-forms
    'b1000000-0000-4000-8000-000000000001', 'Connect your form provider', 0),
  ('e1000000-0000-4000-8000-000000000002', -- seed: marketplace.workflow_doc:lead-capture-fields
    'b1000000-0000-4000-8000-000000000001', 'Map fields to CRM properties', 1),
  ('e1000000-0000-4000-8000-000000000003', -- seed: marketplace.workflow_doc:social-scheduler-accounts
    'b1000000-0000-4000-8000-000000000002', 'Authorize your social accounts', 0),
  ('e1000000-0000-4000-8000-000000000004', -- seed: marketplace.workflow_doc:free-mailbox
    'b1000000-0000-4000-8000-000000000003', 'Point the watcher at a mailbox', 0),
  ('e1000000-0000-4000-8000-000000000005', -- seed: marketplace.workflow_doc:draft-warehouse
    'b1000000-0000-4000-8000-000000000004', 'Configure the warehouse connection', 0)
on conflict (id) do nothing;

-- purchases: alice's is paid and invoiced through the fulfilment function, bob's is pending ----
insert into marketplace.purchases (id, user_id, workflow_id, currency, amount, tax, total, payment_method, status,
  stripe_checkout_session_id) values
  ('f1000000-0000-4000-8000-000000000001', -- seed: marketplace.purchase:alice-lead-capture
    'a0000000-0000-4000-8000-000000000002', 'b1000000-0000-4000-8000-000000000001',
   'USD', 49.00, 9.31, 58.31, 'CARD', 'PENDING', 'cs_test_seed_alice_lead_capture'),
  ('f1000000-0000-4000-8000-000000000002', -- seed: marketplace.purchase:bob-social-scheduler
    'a0000000-0000-4000-8000-000000000003', 'b1000000-0000-4000-8000-000000000002',
   'USD', 29.00, 0, 29.00, 'CARD', 'PENDING', 'cs_test_seed_bob_social_scheduler')
on conflict (id) do nothing;

select marketplace.fulfil_checkout_purchase(
  p_stripe_checkout_session_id => 'cs_test_seed_alice_lead_capture',
  p_paid_at => now() - interval '2 days',
  p_stripe_payment_intent_id => 'pi_test_seed_alice_lead_capture',
  p_billing_address => '{"line1": "1 Market Street", "city": "Springfield", "zip": "12345", "country": "US"}'
);

-- reviews, comments, likes, favorites -----------------------------------------------------------
insert into marketplace.workflow_reviews (id, workflow_id, user_id, rating, title, body) values
  ('a2000000-0000-4000-8000-000000000001', -- seed: marketplace.workflow_review:alice-lead-capture
    'b1000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000002',
   5, 'Saved us hours', 'Set up in twenty minutes; leads land in the CRM already enriched.'),
  ('a2000000-0000-4000-8000-000000000002', -- seed: marketplace.workflow_review:alice-free
    'b1000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000002',
   4, 'Solid OCR', 'Handles most supplier layouts.'),
  ('a2000000-0000-4000-8000-000000000003', -- seed: marketplace.workflow_review:bob-free
    'b1000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000003',
   5, 'Free and great', null)
on conflict (id) do nothing;

insert into marketplace.comments (id, workflow_id, user_id, parent_comment_id, content) values
  ('a3000000-0000-4000-8000-000000000001', -- seed: marketplace.comment:alice-question
    'b1000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000002',
   null, 'Does this work with custom CRM objects?'),
  ('a3000000-0000-4000-8000-000000000002', -- seed: marketplace.comment:admin-reply
    'b1000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001',
   'a3000000-0000-4000-8000-000000000001', 'Yes: map them in step two of the docs.'),
  ('a3000000-0000-4000-8000-000000000003', -- seed: marketplace.comment:bob-question
    'b1000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000003',
   null, 'Which languages does the OCR support?')
on conflict (id) do nothing;

insert into marketplace.comment_likes (id, comment_id, user_id) values
  ('a4000000-0000-4000-8000-000000000001', -- seed: marketplace.comment_like:alice-admin-reply
    'a3000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000002'),
  ('a4000000-0000-4000-8000-000000000002', -- seed: marketplace.comment_like:bob-admin-reply
    'a3000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000003'),
  ('a4000000-0000-4000-8000-000000000003', -- seed: marketplace.comment_like:bob-alice-question
    'a3000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000003')
on conflict (id) do nothing;

insert into marketplace.favorites (id, user_id, workflow_id) values
  ('a5000000-0000-4000-8000-000000000001', -- seed: marketplace.favorite:alice-social-scheduler
    'a0000000-0000-4000-8000-000000000002', 'b1000000-0000-4000-8000-000000000002'),
  ('a5000000-0000-4000-8000-000000000002', -- seed: marketplace.favorite:bob-lead-capture
    'a0000000-0000-4000-8000-000000000003', 'b1000000-0000-4000-8000-000000000001')
on conflict (id) do nothing;

-- notifications, settings, contact ----------------------------------------------------------------
insert into marketplace.notifications (id, user_id, type, title, message) values
  ('a6000000-0000-4000-8000-000000000001', -- seed: marketplace.notification:bob-checkout-waiting
    'a0000000-0000-4000-8000-000000000003', 'WARNING',
   'Checkout waiting', 'Your checkout for "Social Media Scheduler" is waiting for payment.')
on conflict (id) do nothing;

insert into marketplace.system_settings (id, key, value, value_type) values
  ('a7000000-0000-4000-8000-000000000001', 'site.name', '"UsITech"', -- seed: marketplace.system_setting:site-name
    'string'),
  ('a7000000-0000-4000-8000-000000000002', 'support.email', -- seed: marketplace.system_setting:support-email
    '"support@example.com"', 'string'),
  ('a7000000-0000-4000-8000-000000000003', 'catalogue.page_size', '24', -- seed: marketplace.system_setting:page-size
    'number')
on conflict (id) do nothing;

insert into marketplace.contact_messages (id, name, email, subject, message) values
  ('a8000000-0000-4000-8000-000000000001', 'Visitor Vera', 'vera@example.com', -- seed: marketplace.contact_message:vera
    'Custom workflow',
   'Do you build custom workflows for agencies?')
on conflict (id) do nothing;
