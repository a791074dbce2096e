-- DTF Editor RLS: images and operations belong to their owner (admins read them); collections
-- and items belong to their owner, and public collections are readable by anyone.
begin;
select plan(37);

select tests.create_user('img-owner@example.com', '{"product": "dtf"}');
select tests.create_user('img-other@example.com', '{"product": "dtf"}');
select tests.create_user('img-admin@example.com', '{"product": "dtf"}');
update dtf.profiles set is_admin = true where id = tests.get_user_id('img-admin@example.com');

insert into dtf.images (id, user_id, original_filename) values
  ('e1000000-0000-4000-8000-000000000001', tests.get_user_id('img-owner@example.com'), 'own.png'),
  ('e1000000-0000-4000-8000-000000000002', tests.get_user_id('img-other@example.com'), 'other.png');
insert into dtf.image_operations (image_id, user_id, operation_type, api_provider) values
  ('e1000000-0000-4000-8000-000000000001', tests.get_user_id('img-owner@example.com'), 'upscale', 'p'),
  ('e1000000-0000-4000-8000-000000000002', tests.get_user_id('img-other@example.com'), 'upscale', 'p');
insert into dtf.image_collections (id, user_id, name, is_public) values
  ('e1000000-0000-4000-8000-000000000011', tests.get_user_id('img-other@example.com'), 'public one', true),
  ('e1000000-0000-4000-8000-000000000012', tests.get_user_id('img-other@example.com'), 'private one', false);
insert into dtf.image_collection_items (collection_id, image_id) values
  ('e1000000-0000-4000-8000-000000000011', 'e1000000-0000-4000-8000-000000000002'),
  ('e1000000-0000-4000-8000-000000000012', 'e1000000-0000-4000-8000-000000000002');

-- ---------------------------------------------------------------------------------------------
-- anon
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select throws_ok($$select * from dtf.images$$, '42501', 'permission denied for table images',
  'anon cannot read images');
select throws_ok($$select * from dtf.image_operations$$, '42501', 'permission denied for table image_operations',
  'anon cannot read operations');
select results_eq($$select id from dtf.image_collections where id::text like 'e1000000-%'$$,
  $$values ('e1000000-0000-4000-8000-000000000011'::uuid)$$,
  'anon sees public collections only');
select results_eq($$select collection_id from dtf.image_collection_items where collection_id::text like 'e1000000-%'$$,
  $$values ('e1000000-0000-4000-8000-000000000011'::uuid)$$, 'anon sees items of public collections only');
select throws_ok(
  $$insert into dtf.image_collections (user_id, name) values (tests.get_user_id('img-other@example.com'), 'x')$$,
  '42501', 'permission denied for table image_collections', 'anon cannot create collections');
select tests.clear_authentication();

-- ---------------------------------------------------------------------------------------------
-- owner
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('img-owner@example.com');
select results_eq($$select id from dtf.images$$, $$values ('e1000000-0000-4000-8000-000000000001'::uuid)$$,
  'a user sees only his own images');
select results_eq($$select image_id from dtf.image_operations$$,
  $$values ('e1000000-0000-4000-8000-000000000001'::uuid)$$,
  'a user sees only his own operations');
select lives_ok(
  $$insert into dtf.images (id, user_id, original_filename, original_file_type)
    values ('e1000000-0000-4000-8000-000000000003', tests.get_user_id('img-owner@example.com'), 'new.png',
    'image/png')$$,
  'a user adds his own image');
select throws_ok(
  $$insert into dtf.images (user_id, original_filename) values (tests.get_user_id('img-other@example.com'), 'x.png')$$,
  '42501', 'new row violates row-level security policy for table "images"',
  'a user cannot add an image for another user');
select throws_ok(
  $$insert into dtf.images (user_id, original_filename, processing_status)
    values (tests.get_user_id('img-owner@example.com'), 'x.png', 'completed')$$,
  '42501', 'permission denied for table images', 'a user cannot set the processing status');
select throws_ok(
  $$insert into dtf.images (user_id, original_filename, original_url)
    values (tests.get_user_id('img-owner@example.com'), 'x.png',
            'dtf-images/' || tests.get_user_id('img-other@example.com') || '/private.png')$$,
  '23514', null, 'a user cannot point his image at another user''s file');
select throws_ok(
  $$insert into dtf.images (user_id, original_filename, original_url)
    values (tests.get_user_id('img-owner@example.com'), 'x.png',
            'dtf-images/' || tests.get_user_id('img-owner@example.com') || '/../other/private.png')$$,
  '23514', null, 'nor climb out of his folder');
select throws_ok(
  $$insert into dtf.images (user_id, original_filename, thumbnail_url)
    values (tests.get_user_id('img-owner@example.com'), 'x.png', 'https://internal.example/secret')$$,
  '42501', 'permission denied for table images', 'a user cannot set the thumbnail URL');
update dtf.images set is_favorite = true, original_filename = 'renamed.png'
  where id = 'e1000000-0000-4000-8000-000000000001';
select results_eq($$select is_favorite, original_filename from dtf.images
  where id = 'e1000000-0000-4000-8000-000000000001'$$,
  $$values (true, 'renamed.png'::text)$$, 'a user updates his own image');
select throws_ok(
  $$update dtf.images set processed_url = 'x' where id = 'e1000000-0000-4000-8000-000000000001'$$,
  '42501', 'permission denied for table images', 'a user cannot set result URLs');
select throws_ok(
  $$update dtf.images set user_id = tests.get_user_id('img-other@example.com')
    where id = 'e1000000-0000-4000-8000-000000000001'$$,
  '42501', 'permission denied for table images', 'a user cannot give an image away');
update dtf.images set is_favorite = true where id = 'e1000000-0000-4000-8000-000000000002';
delete from dtf.images where id = 'e1000000-0000-4000-8000-000000000002';
select lives_ok($$delete from dtf.images where id = 'e1000000-0000-4000-8000-000000000003'$$,
  'a user deletes his own image');
select tests.clear_authentication();
update dtf.images set processing_status = 'processing' where id = 'e1000000-0000-4000-8000-000000000001';
select tests.authenticate_as('img-owner@example.com');
delete from dtf.images where id = 'e1000000-0000-4000-8000-000000000001';
select tests.clear_authentication();
select is((select count(*)::int from dtf.images where id = 'e1000000-0000-4000-8000-000000000001'), 1,
  'an image with an operation in progress cannot be deleted (0 rows)');
update dtf.images set processing_status = 'completed' where id = 'e1000000-0000-4000-8000-000000000001';
select tests.authenticate_as('img-owner@example.com');
select tests.clear_authentication();
select results_eq($$select is_favorite from dtf.images where id = 'e1000000-0000-4000-8000-000000000002'$$,
  $$values (false)$$, 'another user''s image cannot be updated (0 rows)');
select is((select count(*)::int from dtf.images where id in ('e1000000-0000-4000-8000-000000000002',
  'e1000000-0000-4000-8000-000000000003')),
  1, 'another user''s image cannot be deleted (0 rows) and the own one is gone');

select tests.authenticate_as('img-owner@example.com');
select results_eq($$select id from dtf.image_collections where id::text like 'e1000000-%'$$,
  $$values ('e1000000-0000-4000-8000-000000000011'::uuid)$$,
  'a user sees public collections but not other users'' private ones');
select lives_ok(
  $$insert into dtf.image_collections (id, user_id, name) values
    ('e1000000-0000-4000-8000-000000000013', tests.get_user_id('img-owner@example.com'), 'mine')$$,
  'a user creates his own collection');
select throws_ok(
  $$insert into dtf.image_collections (user_id, name) values (tests.get_user_id('img-other@example.com'), 'x')$$,
  '42501', 'new row violates row-level security policy for table "image_collections"',
  'a user cannot create a collection for another user');
select lives_ok(
  $$insert into dtf.image_collection_items (collection_id, image_id)
    values ('e1000000-0000-4000-8000-000000000013', 'e1000000-0000-4000-8000-000000000001')$$,
  'a user puts his image into his collection');
select throws_ok(
  $$insert into dtf.image_collection_items (collection_id, image_id)
    values ('e1000000-0000-4000-8000-000000000013', 'e1000000-0000-4000-8000-000000000002')$$,
  '42501', 'new row violates row-level security policy for table "image_collection_items"',
  'a user cannot put another user''s image into his collection');
select throws_ok(
  $$insert into dtf.image_collection_items (collection_id, image_id)
    values ('e1000000-0000-4000-8000-000000000011', 'e1000000-0000-4000-8000-000000000001')$$,
  '42501', 'new row violates row-level security policy for table "image_collection_items"',
  'a user cannot add to another user''s public collection');
update dtf.image_collections set name = 'taken' where id = 'e1000000-0000-4000-8000-000000000011';
delete from dtf.image_collections where id = 'e1000000-0000-4000-8000-000000000011';
delete from dtf.image_collection_items where collection_id = 'e1000000-0000-4000-8000-000000000011';
update dtf.image_collections set is_public = true where id = 'e1000000-0000-4000-8000-000000000013';
select tests.clear_authentication();
select results_eq($$select name from dtf.image_collections where id = 'e1000000-0000-4000-8000-000000000011'$$,
  $$values ('public one'::text)$$, 'another user''s collection cannot be renamed or deleted (0 rows)');
select is((select count(*)::int from dtf.image_collection_items
  where collection_id = 'e1000000-0000-4000-8000-000000000011'),
  1, 'items of another user''s collection cannot be removed (0 rows)');
select is((select is_public from dtf.image_collections where id = 'e1000000-0000-4000-8000-000000000013'), true,
  'a user publishes his own collection');

select tests.authenticate_as('img-owner@example.com');
delete from dtf.image_collection_items where collection_id = 'e1000000-0000-4000-8000-000000000013';
delete from dtf.image_collections where id = 'e1000000-0000-4000-8000-000000000013';
select tests.clear_authentication();
select is((select count(*)::int from dtf.image_collections where id = 'e1000000-0000-4000-8000-000000000013'), 0,
  'a user deletes his own collection');

-- ---------------------------------------------------------------------------------------------
-- admin and service role
-- ---------------------------------------------------------------------------------------------
select tests.authenticate_as('img-admin@example.com');
select is((select count(*)::int from dtf.images where id in ('e1000000-0000-4000-8000-000000000001',
  'e1000000-0000-4000-8000-000000000002')), 2, 'an admin sees every image');
select ok((select count(*) from dtf.image_operations) >= 2, 'an admin sees every operation');
select ok((select count(*) from dtf.image_collections where id = 'e1000000-0000-4000-8000-000000000012') = 1,
  'an admin sees private collections');
update dtf.images set is_favorite = true where id = 'e1000000-0000-4000-8000-000000000002';
select tests.clear_authentication();
select results_eq($$select is_favorite from dtf.images where id = 'e1000000-0000-4000-8000-000000000002'$$,
  $$values (false)$$, 'an admin cannot edit users'' images (0 rows)');

select tests.authenticate_as_service_role();
select ok((select count(*) from dtf.images) >= 2, 'the service role reads every image');
select lives_ok($$update dtf.images set processed_url = 'r.png' where id = 'e1000000-0000-4000-8000-000000000002'$$,
  'the service role writes processing results');
select throws_ok(
  $$insert into dtf.image_operations (image_id, user_id, operation_type, api_provider)
    values ('e1000000-0000-4000-8000-000000000002', tests.get_user_id('img-other@example.com'), 'upscale', 'p')$$,
  '42501', 'permission denied for table image_operations', 'operations are recorded only by the charging function');
select tests.clear_authentication();

select * from finish();
rollback;
