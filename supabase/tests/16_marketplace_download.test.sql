-- marketplace.download_workflow: entitled users get the package URL and the download is counted.
begin;
select plan(24);

select tests.create_user('otto@example.com', '{"product": "dtf"}');

select tests.authenticate_as('alice@example.com');
select is(marketplace.download_workflow(tests.seed_id('marketplace.workflow:lead-capture')),
  'https://files.example.com/packages/lead-capture-to-crm-v3.zip', 'a buyer with an ACTIVE purchase downloads');
select tests.clear_authentication();
select is((select downloads_count from marketplace.workflows
  where id = tests.seed_id('marketplace.workflow:lead-capture')), 1::bigint,
  'the download is counted on the workflow');
select is((select downloads_count from marketplace.analytics_daily
           where workflow_id = tests.seed_id('marketplace.workflow:lead-capture')
           and date = (now() at time zone 'UTC')::date), 1::bigint,
  'and in today''s analytics');
select tests.authenticate_as('alice@example.com');
select is(marketplace.download_workflow(tests.seed_id('marketplace.workflow:lead-capture')),
  'https://files.example.com/packages/lead-capture-to-crm-v3.zip',
  'a second download the same day returns the package');
select tests.clear_authentication();
select is((select downloads_count from marketplace.workflows
  where id = tests.seed_id('marketplace.workflow:lead-capture')), 1::bigint,
  'but is not counted again: a user counts once per workflow and day');
select tests.authenticate_as('admin@example.com');
select lives_ok($$select marketplace.download_workflow(tests.seed_id('marketplace.workflow:lead-capture'))$$,
  'another user downloads it');
select tests.clear_authentication();
select is((select downloads_count from marketplace.workflows
  where id = tests.seed_id('marketplace.workflow:lead-capture')), 2::bigint,
  'which counts');

select tests.authenticate_as('otto@example.com');
select is(marketplace.download_workflow(tests.seed_id('marketplace.workflow:free')),
  'https://files.example.com/packages/invoice-ocr-pipeline-v1.zip', 'any signed-in user downloads a free workflow');
select tests.clear_authentication();
update private.marketplace_download_days set date = date - 1 where user_id = tests.get_user_id('otto@example.com');
select tests.authenticate_as('otto@example.com');
select lives_ok($$select marketplace.download_workflow(tests.seed_id('marketplace.workflow:free'))$$,
  'the same user downloads it the next day');
select tests.clear_authentication();
select is((select array_agg(date) from private.marketplace_download_days
  where user_id = tests.get_user_id('otto@example.com')),
  array[(now() at time zone 'UTC')::date], 'only the user''s current day is kept');
select tests.authenticate_as('otto@example.com');
select throws_ok($$select marketplace.download_workflow(tests.seed_id('marketplace.workflow:lead-capture'))$$,
  'MK009', null, 'a paid workflow needs a purchase');

select tests.authenticate_as('bob@example.com');
select throws_ok($$select marketplace.download_workflow(tests.seed_id('marketplace.workflow:social-scheduler'))$$,
  'MK009', null, 'a PENDING purchase gives no download');
select throws_ok($$select marketplace.download_workflow(tests.seed_id('marketplace.workflow:deleted'))$$,
  'MK002', null, 'a soft-deleted workflow is not found');
select throws_ok($$select marketplace.download_workflow('00000000-0000-4000-8000-000000000000')$$,
  'MK002', null, 'an unknown workflow is not found');
select throws_ok($$select marketplace.download_workflow(tests.seed_id('marketplace.workflow:draft'))$$,
  'MK009', null, 'a draft workflow cannot be downloaded by users');

select tests.authenticate_as('admin@example.com');
select is(marketplace.download_workflow(tests.seed_id('marketplace.workflow:draft')),
  'https://files.example.com/packages/weekly-kpi-report-v0.zip', 'an admin downloads any workflow');

select tests.clear_authentication();
delete from marketplace.workflow_packages where workflow_id = tests.seed_id('marketplace.workflow:archived');
select tests.authenticate_as('admin@example.com');
select throws_ok($$select marketplace.download_workflow(tests.seed_id('marketplace.workflow:archived'))$$,
  'MK010', null, 'a workflow without a package has nothing to download');

select tests.authenticate_as_anon();
select throws_ok($$select marketplace.download_workflow(tests.seed_id('marketplace.workflow:free'))$$,
  '42501', 'permission denied for function download_workflow', 'anon cannot download');

-- a refund revokes access; a soft-deleted account has none
select tests.authenticate_as_service_role();
select lives_ok($$select marketplace.refund_checkout_purchase('cs_test_seed_alice_lead_capture')$$,
  'alice''s purchase is refunded');
select tests.authenticate_as('alice@example.com');
select throws_ok($$select marketplace.download_workflow(tests.seed_id('marketplace.workflow:lead-capture'))$$,
  'MK009', null, 'a refunded buyer can no longer download');
select is((select count(*) from marketplace.workflow_packages
  where workflow_id = tests.seed_id('marketplace.workflow:lead-capture')), 0::bigint,
  'nor read the package');
select tests.clear_authentication();
update marketplace.users set is_deleted = true where id = tests.seed_id('user:alice');
select tests.authenticate_as('alice@example.com');
select throws_ok($$select marketplace.download_workflow(tests.seed_id('marketplace.workflow:free'))$$,
  'MK009', null, 'a soft-deleted account cannot download even free workflows');

select tests.clear_authentication();
select is((select downloads_count from marketplace.workflows
  where id = tests.seed_id('marketplace.workflow:lead-capture')), 2::bigint,
  'refused downloads are not counted');
select is((select downloads_count from marketplace.workflows where id = tests.seed_id('marketplace.workflow:free')),
  2::bigint,
  'the free workflow counted its downloads on two days');

select * from finish();
rollback;
