-- Marketplace schema: tables, enums, keys, checks, cascades and the updated_at trigger.
begin;
select plan(45);

-- tables and enums -----------------------------------------------------------------------------
select tables_are('marketplace', array[
  'users', 'categories', 'workflows', 'workflow_packages', 'workflow_categories', 'workflow_assets',
  'workflow_docs', 'favorites', 'comments', 'comment_likes', 'notifications', 'purchases',
  'invoices', 'invoice_counters', 'workflow_reviews', 'analytics_daily', 'user_settings',
  'system_settings', 'audit_logs', 'contact_messages'
], 'marketplace has exactly the expected tables');
select enum_has_labels('marketplace', 'user_role', array['USER', 'ADMIN'], 'user_role labels');
select enum_has_labels('marketplace', 'workflow_status', array['active', 'draft', 'archived', 'expired'],
  'workflow_status labels');
select enum_has_labels('marketplace', 'purchase_status', array['ACTIVE', 'PENDING', 'REJECT', 'REFUNDED', 'FAILED'],
  'purchase_status labels');
select enum_has_labels('marketplace', 'payment_method', array['CARD', 'PAYPAL', 'BANK_TRANSFER', 'QR'],
  'payment_method labels');
select enum_has_labels('marketplace', 'notification_type', array['SUCCESS', 'WARNING', 'ERROR'],
  'notification_type labels');

select hasnt_column('marketplace', 'users', 'password_hash', 'no password hash: credentials stay in Supabase Auth');
select hasnt_column('marketplace', 'workflows', 'file_url', 'the package url is not a catalogue column');
select hasnt_column('marketplace', 'purchases', 'invoice_id', 'invoices.purchase_id is the only purchase-invoice link');
select col_type_is('marketplace', 'workflows', 'features', 'text[]', 'workflows.features is a text array');
select col_is_null('marketplace', 'audit_logs', 'admin_id', 'audit_logs.admin_id is nullable (on delete set null)');
select fk_ok('marketplace', 'users', 'id', 'auth', 'users', 'id');

-- every table has created_at, updated_at and the updated_at trigger
select is(
  (select array_agg(c.relname::text order by c.relname)
   from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where n.nspname = 'marketplace' and c.relkind = 'r'
     and (not exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'created_at'
                        and a.atttypid = 'timestamptz'::regtype)
       or not exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'updated_at'
                        and a.atttypid = 'timestamptz'::regtype)
       or not exists (select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgname = 'set_updated_at'))),
  null,
  'every table has timestamptz created_at/updated_at and the set_updated_at trigger'
);

-- unique keys and indexes on policy columns
select col_is_unique('marketplace', 'users', 'email', 'users.email is unique');
select col_is_unique('marketplace', 'favorites', array['user_id', 'workflow_id'], 'one favorite per user and workflow');
select col_is_unique('marketplace', 'comment_likes', array['comment_id', 'user_id'], 'one like per user and comment');
select col_is_unique('marketplace', 'workflow_reviews', array['workflow_id', 'user_id'],
  'one review per user and workflow');
select col_is_unique('marketplace', 'invoices', 'purchase_id', 'one invoice per purchase');
select col_is_unique('marketplace', 'invoices', 'invoice_number', 'invoice numbers are unique');
select col_is_unique('marketplace', 'invoices', array['invoice_year', 'invoice_sequence'],
  'one sequence number per year');
select col_is_unique('marketplace', 'analytics_daily', array['workflow_id', 'date'],
  'one analytics row per workflow and day');
select col_is_unique('marketplace', 'purchases', 'stripe_checkout_session_id', 'one purchase per checkout session');
select col_is_unique('marketplace', 'categories', 'slug', 'category slugs are unique');
select has_index('marketplace', 'comments', 'idx_comments_user', 'comments.user_id is indexed for policies');
select has_index('marketplace', 'purchases', 'idx_purchases_user', 'purchases.user_id is indexed for policies');

-- updated_at is maintained
update marketplace.categories set updated_at = '2000-01-01' where id = tests.seed_id('marketplace.category:automation');
update marketplace.categories set description = 'changed' where id = tests.seed_id('marketplace.category:automation');
select ok((select updated_at > '2000-01-02' from marketplace.categories
  where id = tests.seed_id('marketplace.category:automation')),
  'updated_at is stamped on update');

-- checks ---------------------------------------------------------------------------------------
select throws_ok(
  $$insert into marketplace.purchases (user_id, workflow_id, amount, tax, total, payment_method)
    values (tests.seed_id('user:bob'), tests.seed_id('marketplace.workflow:lead-capture'), 10, 2, 13, 'CARD')$$,
  '23514', null, 'purchases: total must equal amount + tax');
select throws_ok(
  $$insert into marketplace.purchases (user_id, workflow_id, amount, tax, total, payment_method, status)
    values (tests.seed_id('user:bob'), tests.seed_id('marketplace.workflow:lead-capture'), 10, 0, 10, 'CARD',
    'ACTIVE')$$,
  '23514', null, 'purchases: an ACTIVE purchase needs paid_at');
select throws_ok(
  $$insert into marketplace.workflow_reviews (workflow_id, user_id, rating)
    values (tests.seed_id('marketplace.workflow:social-scheduler'), tests.seed_id('user:bob'), 6)$$,
  '23514', null, 'reviews: rating is between 1 and 5');
select throws_ok(
  $$insert into marketplace.workflows (title, price) values ('Negative', -1)$$,
  '23514', null, 'workflows: price is not negative');
select throws_ok(
  $$insert into marketplace.contact_messages (name, email, message) values ('X', 'not-an-email', 'hi')$$,
  '23514', null, 'contact messages: email must look like an email');
select throws_ok(
  $$insert into marketplace.contact_messages (name, email, message) values ('X', 'x@example.com', repeat('a', 5001))$$,
  '23514', null, 'contact messages: message is at most 5000 characters');
select throws_ok(
  $$insert into marketplace.invoice_counters (invoice_year, last_sequence) values (1999, 1);
    insert into marketplace.invoices (purchase_id, invoice_year, invoice_sequence, invoice_number, currency, amount,
      tax, total)
    values (tests.seed_id('marketplace.purchase:bob-social-scheduler'), 1999, 1, 'INV-1999-1', 'USD', 29, 0, 29)$$,
  '23514', null, 'invoices: the number is INV-<year>-<6-digit sequence>');
select throws_ok(
  $$insert into marketplace.favorites (user_id, workflow_id)
    values (tests.seed_id('user:alice'), tests.seed_id('marketplace.workflow:social-scheduler'))$$,
  '23505', null, 'favorites: one per user and workflow');
select throws_ok(
  $$insert into marketplace.comments (workflow_id, user_id, parent_comment_id, content)
    values (tests.seed_id('marketplace.workflow:free'), tests.seed_id('user:bob'),
            tests.seed_id('marketplace.comment:alice-question'), 'reply on the wrong workflow')$$,
  '23503', null, 'comments: a reply belongs to its parent''s workflow');
select lives_ok(
  $$insert into marketplace.comments (workflow_id, user_id, parent_comment_id, content)
    values (tests.seed_id('marketplace.workflow:lead-capture'), tests.seed_id('user:bob'),
            tests.seed_id('marketplace.comment:alice-question'), 'a nested reply')$$,
  'comments: a reply on the same workflow is accepted');

-- cascades and restrictions ------------------------------------------------------------------
select throws_ok(
  $$delete from marketplace.workflows where id = tests.seed_id('marketplace.workflow:lead-capture')$$,
  '23503', null, 'a workflow with purchases cannot be hard-deleted');

delete from marketplace.comments where id = tests.seed_id('marketplace.comment:alice-question');
select is((select count(*) from marketplace.comments
  where parent_comment_id = tests.seed_id('marketplace.comment:alice-question')),
  0::bigint, 'deleting a comment deletes its replies');
select is((select count(*) from marketplace.comment_likes
  where comment_id = tests.seed_id('marketplace.comment:admin-reply')),
  0::bigint, 'deleting a comment deletes the likes of its replies');

delete from marketplace.workflows where id = tests.seed_id('marketplace.workflow:free');
select is(
  (select count(*) from marketplace.workflow_assets where workflow_id = tests.seed_id('marketplace.workflow:free'))
  + (select count(*) from marketplace.workflow_docs where workflow_id = tests.seed_id('marketplace.workflow:free'))
  + (select count(*) from marketplace.workflow_reviews where workflow_id = tests.seed_id('marketplace.workflow:free'))
  + (select count(*) from marketplace.comments where workflow_id = tests.seed_id('marketplace.workflow:free'))
  + (select count(*) from marketplace.workflow_categories
  where workflow_id = tests.seed_id('marketplace.workflow:free'))
  + (select count(*) from marketplace.workflow_packages where workflow_id = tests.seed_id('marketplace.workflow:free')),
  0::bigint, 'deleting a workflow without purchases cascades to its details, reviews and comments');

-- deleting the auth user removes the account and its private rows, keeps public content anonymous
select tests.create_user('leaver@example.com', '{"product": "marketplace"}', 'a0000000-0000-4000-8000-0000000000ff');
insert into marketplace.favorites (user_id, workflow_id)
  values ('a0000000-0000-4000-8000-0000000000ff', tests.seed_id('marketplace.workflow:lead-capture'));
insert into marketplace.workflow_reviews (id, workflow_id, user_id, rating)
values ('a2000000-0000-4000-8000-0000000000ff', tests.seed_id('marketplace.workflow:social-scheduler'),
  'a0000000-0000-4000-8000-0000000000ff', 2);
select marketplace.create_checkout_purchase('a0000000-0000-4000-8000-0000000000ff',
  tests.seed_id('marketplace.workflow:social-scheduler'), 'cs_leaver');
insert into marketplace.audit_logs (admin_id, actor_role, action, target_type)
values ('a0000000-0000-4000-8000-0000000000ff', 'admin', 'TEST', 'user');
delete from auth.users where id = 'a0000000-0000-4000-8000-0000000000ff';
select is((select count(*) from marketplace.users where id = 'a0000000-0000-4000-8000-0000000000ff'), 0::bigint,
  'deleting the auth user deletes the marketplace account');
select is((select count(*) from marketplace.purchases where user_id = 'a0000000-0000-4000-8000-0000000000ff')
        + (select count(*) from marketplace.favorites where user_id = 'a0000000-0000-4000-8000-0000000000ff')
        + (select count(*) from marketplace.user_settings where user_id = 'a0000000-0000-4000-8000-0000000000ff'),
  0::bigint, 'purchases, favorites and settings go with the account');
select is((select user_id from marketplace.workflow_reviews where id = 'a2000000-0000-4000-8000-0000000000ff'), null,
  'reviews stay, anonymised');
select is((select count(*) from marketplace.audit_logs where action = 'TEST' and admin_id is null), 1::bigint,
  'audit rows stay with admin_id set to null');
select is((select (rating_avg, reviews_count)::text from marketplace.workflows
  where id = tests.seed_id('marketplace.workflow:social-scheduler')), '(2.00,1)',
  'anonymised reviews still count in the rating');

select * from finish();
rollback;
