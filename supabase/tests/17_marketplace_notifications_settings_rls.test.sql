-- Notifications and user_settings: RLS matrix.
-- Seed: alice has the "Purchase complete" notification; bob has "Checkout waiting".
begin;
select plan(32);

-- notifications ----------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select throws_ok($$select * from marketplace.notifications$$, '42501', 'permission denied for table notifications',
  'anon cannot read notifications');
select throws_ok($$insert into marketplace.notifications (user_id, title) values (tests.seed_id('user:alice'), 'x')$$,
  '42501', 'permission denied for table notifications', 'anon cannot create notifications');

select tests.authenticate_as('alice@example.com');
select results_eq($$select title::text from marketplace.notifications$$, array['Purchase complete'],
  'a user reads only his own notifications');
select throws_ok($$insert into marketplace.notifications (user_id, title)
  values (tests.seed_id('user:alice'), 'Self-made')$$,
  '42501', 'new row violates row-level security policy for table "notifications"',
  'a user cannot create notifications');
select throws_ok($$update marketplace.notifications set title = 'changed'$$,
  '42501', 'permission denied for table notifications', 'a user cannot rewrite a notification');
update marketplace.notifications set is_unread = false;
update marketplace.notifications set is_unread = false where user_id = tests.seed_id('user:bob');
delete from marketplace.notifications where user_id = tests.seed_id('user:bob');
select tests.clear_authentication();
select is((select is_unread from marketplace.notifications where user_id = tests.seed_id('user:alice')), false,
  'a user marks his own notification read');
select is((select (count(*), bool_and(is_unread))::text from marketplace.notifications
  where user_id = tests.seed_id('user:bob')),
  '(1,t)', 'a user can neither mark read nor clear another user''s notifications (0 rows)');
select tests.authenticate_as('alice@example.com');
delete from marketplace.notifications;
select tests.clear_authentication();
select is((select count(*) from marketplace.notifications where user_id = tests.seed_id('user:alice')), 0::bigint,
  'a user clears his own notifications');

select tests.authenticate_as('admin@example.com');
select lives_ok($$insert into marketplace.notifications (user_id, type, title, message)
  values (tests.seed_id('user:alice'), 'WARNING', 'Maintenance', 'Sunday 02:00 UTC')$$,
  'an admin sends a notification');
select is((select count(*) from marketplace.notifications), 2::bigint, 'an admin reads every notification');
update marketplace.notifications set is_unread = false where user_id = tests.seed_id('user:bob');
delete from marketplace.notifications where user_id = tests.seed_id('user:bob');
select tests.clear_authentication();
select is((select (count(*), bool_and(is_unread))::text from marketplace.notifications
  where user_id = tests.seed_id('user:bob')),
  '(1,t)', 'an admin does not mark read or clear a user''s notifications (0 rows)');
select tests.authenticate_as('alice@example.com');
select results_eq($$select (type, title)::text from marketplace.notifications$$, array['(WARNING,Maintenance)'],
  'the recipient reads the admin''s notification');

select tests.authenticate_as_service_role();
select lives_ok($$insert into marketplace.notifications (user_id, type, title)
  values (tests.seed_id('user:bob'), 'ERROR', 'Card declined')$$,
  'service_role sends notifications');
select is((select count(*) from marketplace.notifications), 3::bigint, 'service_role reads every notification');
select lives_ok($$delete from marketplace.notifications where title = 'Card declined'$$,
  'service_role deletes notifications');

-- user_settings ----------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select throws_ok($$select * from marketplace.user_settings$$, '42501', 'permission denied for table user_settings',
  'anon cannot read settings');

select tests.authenticate_as('alice@example.com');
select results_eq($$select (locale, marketing_emails)::text from marketplace.user_settings$$, array['(en-US,t)'],
  'a user reads only his own settings');
update marketplace.user_settings set marketing_emails = false, timezone = 'UTC';
update marketplace.user_settings set marketing_emails = true where user_id = tests.seed_id('user:bob');
select tests.clear_authentication();
select is((select (marketing_emails, timezone)::text from marketplace.user_settings
  where user_id = tests.seed_id('user:alice')),
  '(f,UTC)', 'a user updates his own settings');
select is((select marketing_emails from marketplace.user_settings where user_id = tests.seed_id('user:bob')), false,
  'a user cannot update another user''s settings (0 rows)');
select tests.authenticate_as('alice@example.com');
select throws_ok($$update marketplace.user_settings set user_id = tests.seed_id('user:bob')$$,
  '42501', 'permission denied for table user_settings', 'a user cannot move his settings to another user');
select throws_ok($$insert into marketplace.user_settings (user_id) values (tests.seed_id('user:bob'))$$,
  '42501', 'new row violates row-level security policy for table "user_settings"',
  'a user cannot create settings for another user');
select throws_ok($$insert into marketplace.user_settings (user_id) values (tests.seed_id('user:alice'))$$,
  '23505', null, 'one settings row per user');
select throws_ok($$delete from marketplace.user_settings$$,
  '42501', 'permission denied for table user_settings', 'settings are removed only with the account');
select throws_ok($$update marketplace.user_settings set locale = 'x_y'$$,
  '23514', null, 'locale must look like a language tag');

-- a user without a settings row creates his own
select tests.clear_authentication();
delete from marketplace.user_settings where user_id = tests.seed_id('user:bob');
select tests.authenticate_as('bob@example.com');
select lives_ok($$insert into marketplace.user_settings (user_id, locale) values (tests.seed_id('user:bob'), 'de')$$,
  'a user creates his own settings row');
select tests.clear_authentication();
update marketplace.users set is_deleted = true where id = tests.seed_id('user:bob');
delete from marketplace.user_settings where user_id = tests.seed_id('user:bob');
select tests.authenticate_as('bob@example.com');
select throws_ok($$insert into marketplace.user_settings (user_id) values (tests.seed_id('user:bob'))$$,
  '42501', 'new row violates row-level security policy for table "user_settings"',
  'a soft-deleted user cannot create settings');

select tests.authenticate_as('admin@example.com');
select is((select count(*) from marketplace.user_settings), 1::bigint, 'an admin reads only his own settings');
update marketplace.user_settings set marketing_emails = true where user_id = tests.seed_id('user:alice');
select tests.clear_authentication();
select is((select marketing_emails from marketplace.user_settings where user_id = tests.seed_id('user:alice')), false,
  'an admin cannot change a user''s preferences (0 rows)');

select tests.authenticate_as_service_role();
select is((select count(*) from marketplace.user_settings), 2::bigint, 'service_role reads every settings row');
select lives_ok($$update marketplace.user_settings set workflow_updates = false
  where user_id = tests.seed_id('user:alice')$$,
  'service_role updates settings (e.g. an unsubscribe link)');
select lives_ok($$insert into marketplace.user_settings (user_id) values (tests.seed_id('user:bob'))$$,
  'service_role creates settings');
select lives_ok($$delete from marketplace.user_settings where user_id = tests.seed_id('user:bob')$$,
  'service_role deletes settings');

select * from finish();
rollback;
