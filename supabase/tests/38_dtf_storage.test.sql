-- DTF Editor storage: the private dtf-images bucket; a user reaches only objects under his own
-- folder (<user id>/...), admins read every object, anon nothing.
begin;
select plan(25);

select tests.create_user('sto-owner@example.com', '{"product": "dtf"}');
select tests.create_user('sto-other@example.com', '{"product": "dtf"}');
select tests.create_user('sto-admin@example.com', '{"product": "dtf"}');
select tests.create_user('sto-stranger@example.com', '{"product": "courses"}');
select tests.create_user('sto-inactive@example.com', '{"product": "dtf"}');
update dtf.profiles set is_active = false where id = tests.get_user_id('sto-inactive@example.com');
update dtf.profiles set is_admin = true where id = tests.get_user_id('sto-admin@example.com');

select results_eq($$select public, file_size_limit from storage.buckets where id = 'dtf-images'$$,
  $$values (false, 52428800::bigint)$$, 'the dtf-images bucket exists and is private');

insert into storage.objects (bucket_id, name, owner) values
  ('dtf-images', tests.get_user_id('sto-other@example.com') || '/other.png',
    tests.get_user_id('sto-other@example.com'));

-- Storage guards its tables against SQL deletes (they would orphan the stored files); the Storage
-- API allows its own deletes by setting storage.allow_delete_query, as the rest of this file does.
select throws_ok(
  format($$delete from storage.objects where name = '%s/other.png'$$, tests.get_user_id('sto-other@example.com')),
  '42501', 'Direct deletion from storage tables is not allowed. Use the Storage API instead.',
  'a delete that does not come through the Storage API is refused, even for postgres');
select throws_ok($$delete from storage.buckets where id = 'dtf-images'$$,
  '42501', 'Direct deletion from storage tables is not allowed. Use the Storage API instead.',
  'so is deleting a bucket');
set local storage.allow_delete_query = 'true';

-- users of other products and deactivated DTF users upload nothing
select tests.authenticate_as('sto-stranger@example.com');
select throws_ok(
  format($$insert into storage.objects (bucket_id, name) values ('dtf-images', '%s/a.png')$$,
         tests.get_user_id('sto-stranger@example.com')),
  '42501', 'new row violates row-level security policy for table "objects"',
  'a user without a DTF Editor profile cannot upload');
select tests.authenticate_as('sto-inactive@example.com');
select throws_ok(
  format($$insert into storage.objects (bucket_id, name) values ('dtf-images', '%s/a.png')$$,
         tests.get_user_id('sto-inactive@example.com')),
  '42501', 'new row violates row-level security policy for table "objects"',
  'a deactivated DTF Editor user cannot upload');
select tests.clear_authentication();

-- a deactivated user's existing file: he reads it, but neither renames, moves, rewrites nor deletes it
insert into storage.objects (bucket_id, name, owner) values
  ('dtf-images', tests.get_user_id('sto-inactive@example.com') || '/kept.png',
    tests.get_user_id('sto-inactive@example.com'));
select tests.authenticate_as('sto-inactive@example.com');
select is((select count(*)::int from storage.objects
  where name = tests.get_user_id('sto-inactive@example.com') || '/kept.png'), 1,
  'a deactivated user still reads his own file');
update storage.objects set metadata = '{"changed": true}',
  name = tests.get_user_id('sto-inactive@example.com') || '/renamed.png'
 where name = tests.get_user_id('sto-inactive@example.com') || '/kept.png';
delete from storage.objects where name = tests.get_user_id('sto-inactive@example.com') || '/kept.png';
select tests.clear_authentication();
select results_eq(
  format($$select name, metadata from storage.objects where name like '%s/%%'$$,
    tests.get_user_id('sto-inactive@example.com')),
  format($$values ('%s/kept.png', null::jsonb)$$, tests.get_user_id('sto-inactive@example.com')),
  'his updates and deletes of it reach no row');

-- nor does he change or delete his image rows
insert into dtf.images (id, user_id, original_filename) values
  ('e3800000-0000-4000-8000-000000000001', tests.get_user_id('sto-inactive@example.com'), 'kept.png');
select tests.authenticate_as('sto-inactive@example.com');
update dtf.images set original_filename = 'renamed.png' where id = 'e3800000-0000-4000-8000-000000000001';
delete from dtf.images where id = 'e3800000-0000-4000-8000-000000000001';
select tests.clear_authentication();
select results_eq($$select original_filename from dtf.images where id = 'e3800000-0000-4000-8000-000000000001'$$,
  $$values ('kept.png')$$, 'a deactivated user neither renames nor deletes his image rows');
select tests.authenticate_as('sto-inactive@example.com');
select is((select count(*)::int from dtf.images where id = 'e3800000-0000-4000-8000-000000000001'), 1,
  'but still reads them');

-- owner
select tests.authenticate_as('sto-owner@example.com');
select lives_ok(
  format($$insert into storage.objects (bucket_id, name, owner) values ('dtf-images', '%s/originals/a.png', '%s')$$,
         tests.get_user_id('sto-owner@example.com'), tests.get_user_id('sto-owner@example.com')),
  'a user uploads into his own folder');
select throws_ok(
  format($$insert into storage.objects (bucket_id, name) values ('dtf-images', '%s/planted.png')$$,
         tests.get_user_id('sto-other@example.com')),
  '42501', 'new row violates row-level security policy for table "objects"',
  'a user cannot upload into another user''s folder');
select throws_ok(
  $$insert into storage.objects (bucket_id, name) values ('dtf-images', 'loose.png')$$,
  '42501', 'new row violates row-level security policy for table "objects"',
  'a user cannot upload outside any user folder');
select results_eq($$select name from storage.objects where bucket_id = 'dtf-images'$$,
  format($$values ('%s/originals/a.png'::text)$$, tests.get_user_id('sto-owner@example.com')),
  'a user lists only his own objects');
select lives_ok(
  format($$update storage.objects set metadata = '{"size": 1}' where bucket_id = 'dtf-images'
    and name = '%s/originals/a.png'$$,
         tests.get_user_id('sto-owner@example.com')),
  'a user updates his own object');
select throws_ok(
  format($$update storage.objects set name = '%s/moved.png' where bucket_id = 'dtf-images'
    and name = '%s/originals/a.png'$$,
         tests.get_user_id('sto-other@example.com'), tests.get_user_id('sto-owner@example.com')),
  '42501', 'new row violates row-level security policy for table "objects"',
  'a user cannot move an object into another user''s folder');
update storage.objects set metadata = '{"hacked": true}'
  where name like tests.get_user_id('sto-other@example.com') || '/%';
delete from storage.objects where name like tests.get_user_id('sto-other@example.com') || '/%';
select tests.clear_authentication();
select results_eq(
  format($$select metadata from storage.objects where name = '%s/other.png'$$,
    tests.get_user_id('sto-other@example.com')),
  $$values (null::jsonb)$$, 'another user''s object cannot be updated or deleted (0 rows)');

select tests.authenticate_as('sto-owner@example.com');
select lives_ok(
  format($$delete from storage.objects where bucket_id = 'dtf-images' and name = '%s/originals/a.png'$$,
         tests.get_user_id('sto-owner@example.com')),
  'a user deletes his own object');
select tests.clear_authentication();
select is(
  (select count(*)::int from storage.objects where name like tests.get_user_id('sto-owner@example.com') || '/%'),
  0, 'the own object is gone');

-- the policies only cover this bucket
insert into storage.buckets (id, name) values ('sto-elsewhere', 'sto-elsewhere');
select tests.authenticate_as('sto-owner@example.com');
select throws_ok(
  format($$insert into storage.objects (bucket_id, name) values ('sto-elsewhere', '%s/a.png')$$,
         tests.get_user_id('sto-owner@example.com')),
  '42501', 'new row violates row-level security policy for table "objects"',
  'the own-folder rule grants nothing in other buckets');
select tests.clear_authentication();

-- admin
select tests.authenticate_as('sto-admin@example.com');
select is(
  (select count(*)::int from storage.objects where name = tests.get_user_id('sto-other@example.com') || '/other.png'),
  1, 'an admin reads every user''s objects');
select throws_ok(
  format($$insert into storage.objects (bucket_id, name) values ('dtf-images', '%s/by-admin.png')$$,
         tests.get_user_id('sto-other@example.com')),
  '42501', 'new row violates row-level security policy for table "objects"',
  'an admin cannot write into a user''s folder');
delete from storage.objects where name = tests.get_user_id('sto-other@example.com') || '/other.png';
select tests.clear_authentication();
select is(
  (select count(*)::int from storage.objects where name = tests.get_user_id('sto-other@example.com') || '/other.png'),
  1, 'an admin cannot delete users'' objects (0 rows)');

-- anon and service role
select tests.authenticate_as_anon();
select is_empty($$select 1 from storage.objects where bucket_id = 'dtf-images'$$, 'anon sees no objects');
select throws_ok(
  format($$insert into storage.objects (bucket_id, name) values ('dtf-images', '%s/anon.png')$$,
         tests.get_user_id('sto-other@example.com')),
  '42501', 'new row violates row-level security policy for table "objects"', 'anon cannot upload');
select tests.clear_authentication();

select tests.authenticate_as_service_role();
select is(
  (select count(*)::int from storage.objects where bucket_id = 'dtf-images'
    and name = tests.get_user_id('sto-other@example.com') || '/other.png'),
  1, 'the service role reads every object');
select tests.clear_authentication();

select * from finish();
rollback;
