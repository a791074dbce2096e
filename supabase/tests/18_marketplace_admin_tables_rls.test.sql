-- system_settings, audit_logs and contact_messages: RLS matrix, and the audit triggers on
-- workflows, users and purchases.
begin;
select plan(39);

-- system_settings --------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select throws_ok($$select * from marketplace.system_settings$$, '42501', 'permission denied for table system_settings',
  'anon cannot read system settings');
select throws_ok($$insert into marketplace.system_settings (key, value) values ('k', '1')$$, '42501',
  'permission denied for table system_settings', 'anon cannot write system settings');

select tests.authenticate_as('alice@example.com');
select is((select count(*) from marketplace.system_settings), 0::bigint, 'a user reads no system settings');
select throws_ok($$insert into marketplace.system_settings (key, value) values ('k', '1')$$,
  '42501', 'new row violates row-level security policy for table "system_settings"',
  'a user cannot create system settings');
update marketplace.system_settings set value = '"Hacked"';
delete from marketplace.system_settings;
select tests.clear_authentication();
select is((select value from marketplace.system_settings where key = 'site.name'), '"UsITech"'::jsonb,
  'a user''s update and delete change 0 rows');
select is((select count(*) from marketplace.system_settings), 3::bigint, 'all settings remain');

select tests.authenticate_as('admin@example.com');
select is((select count(*) from marketplace.system_settings), 3::bigint, 'an admin reads system settings');
select lives_ok($$insert into marketplace.system_settings (key, value, value_type)
  values ('checkout.enabled', 'true', 'boolean')$$, 'an admin creates a setting');
update marketplace.system_settings set value = '48' where key = 'catalogue.page_size';
delete from marketplace.system_settings where key = 'support.email';
select tests.clear_authentication();
select is((select value from marketplace.system_settings where key = 'catalogue.page_size'), '48'::jsonb,
  'an admin updates a setting');
select is((select count(*) from marketplace.system_settings where key = 'support.email'), 0::bigint,
  'an admin deletes a setting');
select throws_ok($$insert into marketplace.system_settings (key, value, value_type) values ('x', '1', 'secret')$$,
  '23514', null, 'value_type is one of json, string, number, boolean');

select tests.authenticate_as_service_role();
select lives_ok($$insert into marketplace.system_settings (key, value) values ('backend.flag', '{}')$$,
  'service_role writes settings');

-- audit triggers ---------------------------------------------------------------------------------
select tests.authenticate_as('admin@example.com');
update marketplace.workflows set price = 59 where id = tests.seed_id('marketplace.workflow:lead-capture');
insert into marketplace.workflows (title, price, status) values ('Audited Draft', 5, 'draft');
update marketplace.workflows set is_deleted = true where id = tests.seed_id('marketplace.workflow:archived');
update marketplace.workflow_packages set file_url = 'https://files.example.com/swapped.zip'
 where workflow_id = tests.seed_id('marketplace.workflow:lead-capture');
select tests.clear_authentication();
select is(
  (select (action, admin_id, new_values ->> 'file_url', metadata -> 'changed_columns')::text
   from marketplace.audit_logs where target_type = 'package'
   and target_id = tests.seed_id('marketplace.workflow:lead-capture')),
  format('(PACKAGE_UPDATE,%s,https://files.example.com/swapped.zip,"[""file_url""]")', tests.seed_id('user:admin')),
  'an admin swapping a paid package is logged with the workflow it belongs to');
select is(
  (select (action, admin_id, actor_role, old_values ->> 'price', new_values ->> 'price',
    metadata -> 'changed_columns')::text
   from marketplace.audit_logs where target_type = 'workflow'
   and target_id = tests.seed_id('marketplace.workflow:lead-capture')),
  format('(WORKFLOW_UPDATE,%s,admin,49.00,59.00,"[""price""]")', tests.seed_id('user:admin')),
  'an admin''s workflow change is logged with who, what and before/after');
select is((select count(*) from marketplace.audit_logs where action = 'WORKFLOW_INSERT'
  and new_values ->> 'title' = 'Audited Draft'), 1::bigint,
  'an admin''s new workflow is logged');
select is((select count(*) from marketplace.audit_logs where action = 'WORKFLOW_UPDATE'
  and target_id = tests.seed_id('marketplace.workflow:archived')
             and metadata -> 'changed_columns' = '["is_deleted"]'), 1::bigint, 'a soft delete is logged');

select tests.authenticate_as('alice@example.com');
update marketplace.users set name = 'Alice Renamed' where id = tests.seed_id('user:alice');
select lives_ok($$select marketplace.download_workflow(tests.seed_id('marketplace.workflow:lead-capture'))$$,
  'a user''s download');
select tests.clear_authentication();
select is((select count(*) from marketplace.audit_logs where target_id = tests.seed_id('user:alice')), 0::bigint,
  'a user''s own profile change is not an admin action and is not logged');
select tests.authenticate_as('admin@example.com');
select lives_ok($$select marketplace.download_workflow(tests.seed_id('marketplace.workflow:lead-capture'))$$,
  'an admin''s download');
select tests.clear_authentication();
select is((select count(*) from marketplace.audit_logs where target_type = 'workflow'
  and target_id = tests.seed_id('marketplace.workflow:lead-capture')), 1::bigint,
  'counter-only changes (downloads) are not logged');

-- audit_logs matrix
select tests.authenticate_as_anon();
select throws_ok($$select * from marketplace.audit_logs$$, '42501', 'permission denied for table audit_logs',
  'anon cannot read audit logs');
select tests.authenticate_as('alice@example.com');
select is((select count(*) from marketplace.audit_logs), 0::bigint, 'a user reads no audit logs');
select throws_ok($$insert into marketplace.audit_logs (actor_role, action, target_type)
  values ('admin', 'FAKE', 'user')$$,
  '42501', 'permission denied for table audit_logs', 'a user cannot forge audit entries');
select tests.authenticate_as('admin@example.com');
select ok((select count(*) from marketplace.audit_logs) >= 3, 'an admin reads audit logs');
select throws_ok($$update marketplace.audit_logs set action = 'NOTHING'$$, '42501',
  'permission denied for table audit_logs', 'an admin cannot rewrite audit logs');
select throws_ok($$delete from marketplace.audit_logs$$, '42501', 'permission denied for table audit_logs',
  'an admin cannot delete audit logs');
select tests.authenticate_as_service_role();
select ok((select count(*) from marketplace.audit_logs) >= 3, 'service_role reads audit logs');
select throws_ok($$delete from marketplace.audit_logs$$, '42501', 'permission denied for table audit_logs',
  'service_role cannot delete audit logs');

-- contact_messages -------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select lives_ok($$insert into marketplace.contact_messages (name, email, subject, message)
  values ('Vic', 'vic@example.com', 'Hi', 'Question about pricing')$$,
  'anon sends a contact message');
select throws_ok($$insert into marketplace.contact_messages (user_id, name, email, message)
  values (tests.seed_id('user:alice'), 'Vic', 'vic@example.com', 'x')$$,
  '42501', 'permission denied for table contact_messages', 'anon cannot attach a user to a message');
select throws_ok($$select * from marketplace.contact_messages$$, '42501',
  'permission denied for table contact_messages', 'anon cannot read contact messages');
select throws_ok($$insert into marketplace.contact_messages (name, email, message)
  values ('Vic', 'vic@example.com', repeat('spam ', 2000))$$,
  '23514', null, 'contact messages are length-limited');

select tests.authenticate_as('bob@example.com');
select lives_ok($$insert into marketplace.contact_messages (user_id, name, email, message)
  values (tests.seed_id('user:bob'), 'Bob', 'bob@example.com', 'Invoice question')$$,
  'a user sends a message as himself');
select throws_ok($$insert into marketplace.contact_messages (user_id, name, email, message)
  values (tests.seed_id('user:alice'), 'Alice', 'alice@example.com', 'x')$$,
  '42501', 'new row violates row-level security policy for table "contact_messages"',
  'a user cannot send a message as another user');
select is((select count(*) from marketplace.contact_messages), 0::bigint,
  'a user cannot read contact messages, not even his own');
update marketplace.contact_messages set is_read = true;
delete from marketplace.contact_messages;
select tests.clear_authentication();
select is((select (count(*), bool_or(is_read))::text from marketplace.contact_messages), '(3,f)',
  'a user''s update and delete change 0 rows');

select tests.authenticate_as('admin@example.com');
select is((select count(*) from marketplace.contact_messages), 3::bigint, 'an admin reads contact messages');
update marketplace.contact_messages set is_read = true where name = 'Vic';
delete from marketplace.contact_messages where name = 'Visitor Vera';
select tests.clear_authentication();
select is((select (count(*), count(*) filter (where is_read))::text from marketplace.contact_messages), '(2,1)',
  'an admin marks messages read and deletes them');

select tests.authenticate_as_service_role();
select lives_ok($$delete from marketplace.contact_messages where name = 'Vic'$$,
  'service_role manages contact messages');

select * from finish();
rollback;
