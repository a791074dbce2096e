-- Catalogue RLS matrix: categories, workflows, workflow_categories, workflow_assets,
-- workflow_docs and workflow_packages for anon, a user, an admin and service_role.
-- Seed: two paid workflows (alice bought lead-capture; bob's checkout for social-scheduler is pending),
-- a free one, a draft, an archived one and a soft-deleted one (supabase/seeds/marketplace.sql).
begin;
select plan(64);

select tests.create_user('otto@example.com', '{"product": "dtf"}');

-- anon -------------------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select results_eq($$select title::text from marketplace.workflows order by title$$,
  array['Invoice OCR Pipeline', 'Lead Capture to CRM', 'Social Media Scheduler'],
  'anon reads only active, non-deleted workflows');
select is((select count(*) from marketplace.categories), 4::bigint, 'anon reads categories');
select is((select count(*) from marketplace.workflow_categories), 5::bigint,
  'anon reads category links of catalogue workflows only');
select is((select count(*) from marketplace.workflow_assets), 4::bigint,
  'anon reads assets of catalogue workflows only');
select is((select count(*) from marketplace.workflow_docs), 4::bigint, 'anon reads docs of catalogue workflows only');
select throws_ok($$select * from marketplace.workflow_packages$$, '42501',
  'permission denied for table workflow_packages',
  'anon cannot read packages');
select throws_ok($$insert into marketplace.workflows (title) values ('x')$$, '42501',
  'permission denied for table workflows',
  'anon cannot create workflows');
select throws_ok($$update marketplace.workflows set title = 'x'$$, '42501', 'permission denied for table workflows',
  'anon cannot update workflows');
select throws_ok($$delete from marketplace.workflows$$, '42501', 'permission denied for table workflows',
  'anon cannot delete workflows');
select throws_ok($$insert into marketplace.categories (name, slug) values ('x', 'x')$$, '42501',
  'permission denied for table categories',
  'anon cannot create categories');
select throws_ok($$delete from marketplace.workflow_assets$$, '42501', 'permission denied for table workflow_assets',
  'anon cannot delete assets');
select throws_ok($$update marketplace.workflow_docs set title = 'x'$$, '42501',
  'permission denied for table workflow_docs',
  'anon cannot update docs');

-- a signed-in user -----------------------------------------------------------------------------
select tests.authenticate_as('bob@example.com');
select is((select count(*) from marketplace.workflows), 3::bigint, 'a user reads only catalogue workflows');
select is((select count(*) from marketplace.workflows where status in ('draft', 'archived') or is_deleted), 0::bigint,
  'a user sees no draft, archived or soft-deleted workflow');
select is((select count(*) from marketplace.workflow_assets), 4::bigint,
  'a user reads assets of catalogue workflows only');
select is((select count(*) from marketplace.workflow_docs), 4::bigint, 'a user reads docs of catalogue workflows only');
select is((select count(*) from marketplace.workflow_categories), 5::bigint,
  'a user reads category links of catalogue workflows only');
select is((select count(*) from marketplace.categories), 4::bigint, 'a user reads categories');

select throws_ok($$insert into marketplace.workflows (title) values ('Mine')$$,
  '42501', 'new row violates row-level security policy for table "workflows"', 'a user cannot create workflows');
select throws_ok($$insert into marketplace.categories (name, slug) values ('Mine', 'mine')$$,
  '42501', 'new row violates row-level security policy for table "categories"', 'a user cannot create categories');
select throws_ok($$insert into marketplace.workflow_assets (workflow_id, asset_url)
  values (tests.seed_id('marketplace.workflow:lead-capture'), 'u')$$,
  '42501', 'new row violates row-level security policy for table "workflow_assets"', 'a user cannot add assets');
select throws_ok($$insert into marketplace.workflow_docs (workflow_id, title)
  values (tests.seed_id('marketplace.workflow:lead-capture'), 'd')$$,
  '42501', 'new row violates row-level security policy for table "workflow_docs"', 'a user cannot add docs');
select throws_ok($$insert into marketplace.workflow_categories (workflow_id, category_id)
  values (tests.seed_id('marketplace.workflow:social-scheduler'), tests.seed_id('marketplace.category:automation'))$$,
  '42501', 'new row violates row-level security policy for table "workflow_categories"',
  'a user cannot link categories');
select throws_ok($$insert into marketplace.workflow_packages (workflow_id, file_url)
  values (tests.seed_id('marketplace.workflow:lead-capture'), 'u')$$,
  '42501', 'new row violates row-level security policy for table "workflow_packages"', 'a user cannot add packages');
select throws_ok($$update marketplace.workflows set downloads_count = 1000$$,
  '42501', 'permission denied for table workflows', 'a user cannot write downloads_count');
select throws_ok($$update marketplace.workflows set rating_avg = 5$$,
  '42501', 'permission denied for table workflows', 'a user cannot write rating_avg');

update marketplace.workflows set price = 0;
update marketplace.categories set name = 'Hacked';
update marketplace.workflow_assets set asset_url = 'hacked';
update marketplace.workflow_docs set title = 'hacked';
update marketplace.workflow_packages set file_url = 'hacked';
update marketplace.workflow_categories set category_id = tests.seed_id('marketplace.category:marketing');
delete from marketplace.workflows where id = tests.seed_id('marketplace.workflow:free');
delete from marketplace.categories;
delete from marketplace.workflow_assets;
delete from marketplace.workflow_docs;
delete from marketplace.workflow_categories;
delete from marketplace.workflow_packages;
select tests.clear_authentication();
select is((select count(*) from marketplace.workflows where price = 0), 1::bigint,
  'a user''s workflow update changes 0 rows');
select is((select count(*) from marketplace.categories where name = 'Hacked'), 0::bigint,
  'a user''s category update changes 0 rows');
select is((select count(*) from marketplace.workflow_assets where asset_url = 'hacked'), 0::bigint,
  'a user''s asset update changes 0 rows');
select is((select count(*) from marketplace.workflow_docs where title = 'hacked'), 0::bigint,
  'a user''s doc update changes 0 rows');
select is((select count(*) from marketplace.workflow_packages where file_url = 'hacked'), 0::bigint,
  'a user''s package update changes 0 rows');
select is((select count(*) from marketplace.workflow_categories
  where category_id = tests.seed_id('marketplace.category:marketing')), 2::bigint,
  'a user''s category link update changes 0 rows');
select is((select count(*) from marketplace.workflows), 6::bigint, 'a user''s workflow delete changes 0 rows');
select is((select count(*) from marketplace.categories), 4::bigint, 'a user''s category delete changes 0 rows');
select is((select count(*) from marketplace.workflow_assets) + (select count(*) from marketplace.workflow_docs)
        + (select count(*) from marketplace.workflow_categories), 18::bigint,
  'a user''s asset, doc and link deletes change 0 rows');
select is((select count(*) from marketplace.workflow_packages), 6::bigint, 'a user''s package delete changes 0 rows');

-- packages: only entitled users ------------------------------------------------------------------
select tests.authenticate_as('alice@example.com');
select results_eq($$select workflow_id from marketplace.workflow_packages order by workflow_id$$,
  $$values (tests.seed_id('marketplace.workflow:lead-capture')), (tests.seed_id('marketplace.workflow:free'))$$,
  'a buyer reads the package he paid for and the free one');
select tests.authenticate_as('bob@example.com');
select results_eq($$select workflow_id from marketplace.workflow_packages$$,
  $$values (tests.seed_id('marketplace.workflow:free'))$$,
  'a pending purchase gives no package; the free one is readable');
select tests.authenticate_as('otto@example.com');
select results_eq($$select workflow_id from marketplace.workflow_packages$$,
  $$values (tests.seed_id('marketplace.workflow:free'))$$,
  'any signed-in user reads a free workflow''s package');

select tests.clear_authentication();
update marketplace.workflows set status = 'archived' where id = tests.seed_id('marketplace.workflow:lead-capture');
select tests.authenticate_as('alice@example.com');
select is((select count(*) from marketplace.workflow_packages
  where workflow_id = tests.seed_id('marketplace.workflow:lead-capture')),
  1::bigint, 'a buyer keeps his package after the workflow is archived');
select is((select count(*) from marketplace.workflows where id = tests.seed_id('marketplace.workflow:lead-capture')),
  0::bigint, 'but the archived workflow leaves the catalogue');
select tests.clear_authentication();
update marketplace.workflows set is_deleted = true where id = tests.seed_id('marketplace.workflow:lead-capture');
select tests.authenticate_as('alice@example.com');
select is((select count(*) from marketplace.workflow_packages
  where workflow_id = tests.seed_id('marketplace.workflow:lead-capture')),
  0::bigint, 'a soft-deleted workflow''s package is hidden from buyers');
select tests.clear_authentication();
update marketplace.workflows set is_deleted = false, status = 'active'
  where id = tests.seed_id('marketplace.workflow:lead-capture');

-- admin ------------------------------------------------------------------------------------------
select tests.authenticate_as('admin@example.com');
select is((select count(*) from marketplace.workflows), 6::bigint,
  'an admin reads every workflow, drafts and soft-deleted ones too');
select is((select count(*) from marketplace.workflow_packages), 6::bigint, 'an admin reads every package');
select is((select count(*) from marketplace.workflow_assets), 5::bigint, 'an admin reads every asset');
select is((select count(*) from marketplace.workflow_docs), 5::bigint, 'an admin reads every doc');
select is((select count(*) from marketplace.workflow_categories), 8::bigint, 'an admin reads every category link');
select lives_ok($$insert into marketplace.workflows (title, price, status) values ('Admin Draft', 12.5, 'draft')$$,
  'an admin creates a workflow');
select lives_ok($$insert into marketplace.categories (name, slug) values ('Finance', 'finance')$$,
  'an admin creates a category');
select lives_ok($$insert into marketplace.workflow_assets (workflow_id, asset_url) select id,
  'https://cdn.example.com/a.png' from marketplace.workflows where title = 'Admin Draft'$$,
  'an admin adds an asset');
select lives_ok($$insert into marketplace.workflow_docs (workflow_id, title) select id, 'Step one'
  from marketplace.workflows where title = 'Admin Draft'$$,
  'an admin adds a doc');
select lives_ok($$insert into marketplace.workflow_categories (workflow_id, category_id) select w.id, c.id
  from marketplace.workflows w, marketplace.categories c where w.title = 'Admin Draft' and c.slug = 'finance'$$,
  'an admin links a category');
select lives_ok($$insert into marketplace.workflow_packages (workflow_id, file_url) select id,
  'https://files.example.com/p.zip' from marketplace.workflows where title = 'Admin Draft'$$,
  'an admin adds a package');
update marketplace.workflows set price = 15, status = 'active' where title = 'Admin Draft';
select is((select price from marketplace.workflows where title = 'Admin Draft'), 15.00, 'an admin updates a workflow');
select throws_ok($$update marketplace.workflows set downloads_count = 0$$,
  '42501', 'permission denied for table workflows', 'not even an admin writes downloads_count');
update marketplace.workflow_docs set title = 'Step 1' where title = 'Step one';
select is((select count(*) from marketplace.workflow_docs where title = 'Step 1'), 1::bigint, 'an admin updates a doc');
delete from marketplace.workflow_categories where category_id = (select id from marketplace.categories
  where slug = 'finance');
delete from marketplace.categories where slug = 'finance';
select is((select count(*) from marketplace.categories), 4::bigint, 'an admin deletes a category');
delete from marketplace.workflows where title = 'Admin Draft';
select is((select count(*) from marketplace.workflows), 6::bigint,
  'an admin hard-deletes a workflow without purchases');
select throws_ok($$delete from marketplace.workflows where id = tests.seed_id('marketplace.workflow:lead-capture')$$,
  '23503', null, 'not even an admin hard-deletes a workflow with purchases');

-- service_role ------------------------------------------------------------------------------------
select tests.authenticate_as_service_role();
select is((select count(*) from marketplace.workflows), 6::bigint, 'service_role reads every workflow');
select lives_ok($$insert into marketplace.workflows (title, price) values ('Backend Import', 3)$$,
  'service_role creates a workflow');
update marketplace.workflows set title = 'Backend Import 2' where title = 'Backend Import';
select is((select count(*) from marketplace.workflows where title = 'Backend Import 2'), 1::bigint,
  'service_role updates a workflow');
delete from marketplace.workflows where title = 'Backend Import 2';
select is((select count(*) from marketplace.workflows), 6::bigint, 'service_role deletes a workflow');
select throws_ok($$update marketplace.workflows set downloads_count = 0$$,
  '42501', 'permission denied for table workflows', 'service_role does not write downloads_count either');

select * from finish();
rollback;
