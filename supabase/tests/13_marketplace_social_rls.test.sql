-- Favorites, comments, comment likes and reviews: RLS matrix and the counters the database keeps.
-- Seed (supabase/seeds/marketplace.sql): alice's question on lead-capture (1 like), the admin's reply
-- to it (2 likes), bob's question on the free workflow; reviews: alice of lead-capture (5) and of the
-- free workflow (4), bob of the free workflow (5); favorites: alice social-scheduler, bob lead-capture.
begin;
select plan(66);

select tests.create_user('mia@example.com', '{"product": "marketplace"}');
-- a comment on the draft workflow, invisible outside admin
insert into marketplace.comments (id, workflow_id, user_id, content)
values ('a3000000-0000-4000-8000-0000000000d4', tests.seed_id('marketplace.workflow:draft'),
        tests.seed_id('user:admin'), 'Draft note');

-- anon -------------------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select is((select count(*) from marketplace.comments), 3::bigint, 'anon reads comments on catalogue workflows only');
select is((select count(*) from marketplace.comment_likes), 3::bigint, 'anon reads likes on catalogue comments');
select is((select count(*) from marketplace.workflow_reviews), 3::bigint, 'anon reads reviews of catalogue workflows');
select throws_ok($$select * from marketplace.favorites$$, '42501', 'permission denied for table favorites',
  'anon cannot read favorites');
select throws_ok($$insert into marketplace.comments (workflow_id, content)
  values (tests.seed_id('marketplace.workflow:lead-capture'), 'hi')$$,
  '42501', 'permission denied for table comments', 'anon cannot comment');
select throws_ok($$insert into marketplace.comment_likes (comment_id, user_id)
  values (tests.seed_id('marketplace.comment:alice-question'), tests.seed_id('user:alice'))$$,
  '42501', 'permission denied for table comment_likes', 'anon cannot like');
select throws_ok($$insert into marketplace.workflow_reviews (workflow_id, rating)
  values (tests.seed_id('marketplace.workflow:free'), 5)$$,
  '42501', 'permission denied for table workflow_reviews', 'anon cannot review');
select throws_ok($$delete from marketplace.comments$$, '42501', 'permission denied for table comments',
  'anon cannot delete comments');
select throws_ok($$update marketplace.workflow_reviews set rating = 1$$, '42501',
  'permission denied for table workflow_reviews', 'anon cannot update reviews');

-- favorites --------------------------------------------------------------------------------------
select tests.authenticate_as('alice@example.com');
select results_eq($$select workflow_id from marketplace.favorites$$,
  $$values (tests.seed_id('marketplace.workflow:social-scheduler'))$$,
  'a user reads only his own favorites');
select lives_ok($$insert into marketplace.favorites (user_id, workflow_id)
  values (tests.seed_id('user:alice'), tests.seed_id('marketplace.workflow:free'))$$,
  'a user favorites a catalogue workflow');
select throws_ok($$insert into marketplace.favorites (user_id, workflow_id)
  values (tests.seed_id('user:alice'), tests.seed_id('marketplace.workflow:free'))$$,
  '23505', null, 'one favorite per user and workflow');
select throws_ok($$insert into marketplace.favorites (user_id, workflow_id)
  values (tests.seed_id('user:bob'), tests.seed_id('marketplace.workflow:free'))$$,
  '42501', 'new row violates row-level security policy for table "favorites"',
  'a user cannot favorite for another user');
select throws_ok($$insert into marketplace.favorites (user_id, workflow_id)
  values (tests.seed_id('user:alice'), tests.seed_id('marketplace.workflow:draft'))$$,
  '42501', 'new row violates row-level security policy for table "favorites"',
  'a user cannot favorite a draft workflow');
select throws_ok($$update marketplace.favorites set workflow_id = tests.seed_id('marketplace.workflow:lead-capture')$$,
  '42501', 'permission denied for table favorites', 'favorites are not updatable');
delete from marketplace.favorites where user_id = tests.seed_id('user:bob');
delete from marketplace.favorites where workflow_id = tests.seed_id('marketplace.workflow:social-scheduler');
select tests.clear_authentication();
select is((select count(*) from marketplace.favorites where user_id = tests.seed_id('user:bob')), 1::bigint,
  'a user cannot delete another user''s favorite (0 rows)');
select is((select count(*) from marketplace.favorites where user_id = tests.seed_id('user:alice')), 1::bigint,
  'a user removes his own favorite');
select tests.authenticate_as('admin@example.com');
select is((select count(*) from marketplace.favorites), 0::bigint, 'favorites stay private, even from admins');
select tests.authenticate_as_service_role();
select is((select count(*) from marketplace.favorites), 2::bigint, 'service_role reads every favorite');
select lives_ok($$insert into marketplace.favorites (user_id, workflow_id)
  values (tests.seed_id('user:admin'), tests.seed_id('marketplace.workflow:lead-capture'))$$,
  'service_role adds a favorite');
select lives_ok($$delete from marketplace.favorites where user_id = tests.seed_id('user:admin')$$,
  'service_role deletes a favorite');
select throws_ok($$update marketplace.comment_likes set comment_id =
  tests.seed_id('marketplace.comment:alice-question')$$,
  '42501', 'permission denied for table comment_likes', 'service_role cannot move likes between comments');

-- comments ---------------------------------------------------------------------------------------
select tests.authenticate_as('bob@example.com');
select is((select count(*) from marketplace.comments), 3::bigint, 'a user reads comments on catalogue workflows only');
select lives_ok($$insert into marketplace.comments (workflow_id, user_id, content)
  values (tests.seed_id('marketplace.workflow:lead-capture'), tests.seed_id('user:bob'), 'Great flow')$$,
  'a user comments');
select lives_ok($$insert into marketplace.comments (workflow_id, user_id, parent_comment_id, content)
  values (tests.seed_id('marketplace.workflow:lead-capture'), tests.seed_id('user:bob'),
  tests.seed_id('marketplace.comment:alice-question'), 'Same question')$$,
  'a user replies to a comment');
select throws_ok($$insert into marketplace.comments (workflow_id, user_id, content)
  values (tests.seed_id('marketplace.workflow:lead-capture'), tests.seed_id('user:alice'), 'as alice')$$,
  '42501', 'new row violates row-level security policy for table "comments"', 'a user cannot comment as another user');
select throws_ok($$insert into marketplace.comments (workflow_id, user_id, content)
  values (tests.seed_id('marketplace.workflow:draft'), tests.seed_id('user:bob'), 'on a draft')$$,
  '42501', 'new row violates row-level security policy for table "comments"',
  'a user cannot comment on a draft workflow');
select throws_ok($$insert into marketplace.comments (workflow_id, user_id, content, likes_count)
  values (tests.seed_id('marketplace.workflow:lead-capture'), tests.seed_id('user:bob'), 'x', 99)$$,
  '42501', 'permission denied for table comments', 'a user cannot set likes_count');
select throws_ok($$update marketplace.comments set likes_count = 99$$,
  '42501', 'permission denied for table comments', 'a user cannot write likes_count');
update marketplace.comments set content = 'Great flow!' where content like 'Great flow%';
update marketplace.comments set content = 'defaced' where id = tests.seed_id('marketplace.comment:alice-question');
delete from marketplace.comments where id = tests.seed_id('marketplace.comment:admin-reply');
select tests.clear_authentication();
select is((select content from marketplace.comments where content like 'Great flow%'), 'Great flow!',
  'a user edits his own comment');
select is((select content from marketplace.comments where id = tests.seed_id('marketplace.comment:alice-question')),
  'Does this work with custom CRM objects?',
  'a user cannot edit another user''s comment (0 rows)');
select is((select count(*) from marketplace.comments where id = tests.seed_id('marketplace.comment:admin-reply')),
  1::bigint,
  'a user cannot delete another user''s comment (0 rows)');
select tests.authenticate_as('bob@example.com');
delete from marketplace.comments where content like 'Great flow%';
select is((select count(*) from marketplace.comments where content like 'Great flow%'), 0::bigint,
  'a user deletes his own comment');

select tests.authenticate_as('admin@example.com');
select is((select count(*) from marketplace.comments where workflow_id = tests.seed_id('marketplace.workflow:draft')),
  1::bigint,
  'an admin reads comments on drafts');
delete from marketplace.comments where id = tests.seed_id('marketplace.comment:bob-question');
select tests.clear_authentication();
select is((select count(*) from marketplace.comments where id = tests.seed_id('marketplace.comment:bob-question')),
  0::bigint,
  'an admin deletes any comment (moderation)');
select tests.authenticate_as_service_role();
select lives_ok($$update marketplace.comments set content = 'service edit'
  where id = tests.seed_id('marketplace.comment:alice-question')$$,
  'service_role edits comments');
select throws_ok($$update marketplace.comments set likes_count = 0$$, '42501', 'permission denied for table comments',
  'service_role does not write likes_count');

-- soft-deleted users write nothing
select tests.clear_authentication();
update marketplace.users set is_deleted = true where id = tests.get_user_id('mia@example.com');
select tests.authenticate_as('mia@example.com');
select throws_ok(format($$insert into marketplace.comments (workflow_id, user_id, content)
  values (tests.seed_id('marketplace.workflow:lead-capture'), %L, 'x')$$, tests.get_user_id('mia@example.com')),
  '42501', 'new row violates row-level security policy for table "comments"', 'a soft-deleted user cannot comment');
select tests.clear_authentication();
update marketplace.users set is_deleted = false where id = tests.get_user_id('mia@example.com');

-- comment likes and likes_count ------------------------------------------------------------------
select tests.authenticate_as('alice@example.com');
select lives_ok($$insert into marketplace.comment_likes (comment_id, user_id)
  values (tests.seed_id('marketplace.comment:alice-question'), tests.seed_id('user:alice'))$$,
  'a user likes a comment');
select is((select likes_count from marketplace.comments where id = tests.seed_id('marketplace.comment:alice-question')),
  2, 'a like increments likes_count');
select throws_ok($$insert into marketplace.comment_likes (comment_id, user_id)
  values (tests.seed_id('marketplace.comment:alice-question'), tests.seed_id('user:alice'))$$,
  '23505', null, 'one like per user and comment');
select throws_ok($$insert into marketplace.comment_likes (comment_id, user_id)
  values (tests.seed_id('marketplace.comment:admin-reply'), tests.seed_id('user:bob'))$$,
  '42501', 'new row violates row-level security policy for table "comment_likes"',
  'a user cannot like as another user');
select throws_ok($$insert into marketplace.comment_likes (comment_id, user_id)
  values ('a3000000-0000-4000-8000-0000000000d4', tests.seed_id('user:alice'))$$,
  '42501', 'new row violates row-level security policy for table "comment_likes"',
  'a user cannot like a comment outside the catalogue');
select throws_ok($$update marketplace.comment_likes set comment_id = tests.seed_id('marketplace.comment:admin-reply')$$,
  '42501', 'permission denied for table comment_likes', 'likes are not updatable');
delete from marketplace.comment_likes where user_id = tests.seed_id('user:bob');
select is((select likes_count from marketplace.comments where id = tests.seed_id('marketplace.comment:alice-question')),
  2,
  'a user cannot remove another user''s like (0 rows)');
delete from marketplace.comment_likes where comment_id = tests.seed_id('marketplace.comment:alice-question')
  and user_id = tests.seed_id('user:alice');
select is((select likes_count from marketplace.comments where id = tests.seed_id('marketplace.comment:alice-question')),
  1, 'unliking decrements likes_count');
select tests.clear_authentication();
delete from marketplace.users where id = tests.seed_id('user:bob');
select is((select likes_count from marketplace.comments where id = tests.seed_id('marketplace.comment:alice-question')),
  0,
  'likes of a deleted account are uncounted');

-- reviews and rating_avg -------------------------------------------------------------------------
select tests.authenticate_as('mia@example.com');
select lives_ok(format($$insert into marketplace.workflow_reviews (workflow_id, user_id, rating, title)
  values (tests.seed_id('marketplace.workflow:free'), %L, 3, 'OK')$$, tests.get_user_id('mia@example.com')),
  'any user reviews a free workflow');
select tests.clear_authentication();
select is((select (rating_avg, reviews_count)::text from marketplace.workflows
  where id = tests.seed_id('marketplace.workflow:free')),
  '(4.00,3)', 'rating_avg and reviews_count follow reviews (bob''s review stays, anonymised)');
select tests.authenticate_as('mia@example.com');
select throws_ok(format($$insert into marketplace.workflow_reviews (workflow_id, user_id, rating)
  values (tests.seed_id('marketplace.workflow:free'), %L, 5)$$, tests.get_user_id('mia@example.com')),
  '23505', null, 'one review per user and workflow');
select throws_ok(format($$insert into marketplace.workflow_reviews (workflow_id, user_id, rating)
  values (tests.seed_id('marketplace.workflow:lead-capture'), %L, 1)$$, tests.get_user_id('mia@example.com')),
  '42501', 'new row violates row-level security policy for table "workflow_reviews"',
  'a user cannot review a paid workflow he has not bought');
select throws_ok($$insert into marketplace.workflow_reviews (workflow_id, user_id, rating)
  values (tests.seed_id('marketplace.workflow:lead-capture'), tests.seed_id('user:alice'), 1)$$,
  '42501', 'new row violates row-level security policy for table "workflow_reviews"',
  'a user cannot review as another user');
select throws_ok($$update marketplace.workflows set rating_avg = 1$$, '42501', 'permission denied for table workflows',
  'a user cannot write rating_avg');
update marketplace.workflow_reviews set rating = 1 where user_id = tests.seed_id('user:alice');
select tests.clear_authentication();
select is((select rating from marketplace.workflow_reviews
  where id = tests.seed_id('marketplace.workflow_review:alice-free')), 4::smallint,
  'a user cannot edit another user''s review (0 rows)');
select tests.authenticate_as('alice@example.com');
update marketplace.workflow_reviews set rating = 2 where id = tests.seed_id('marketplace.workflow_review:alice-free');
select tests.clear_authentication();
select is((select rating_avg from marketplace.workflows where id = tests.seed_id('marketplace.workflow:free')), 3.33,
  'editing a rating recomputes rating_avg');
select tests.authenticate_as('mia@example.com');
delete from marketplace.workflow_reviews where id = tests.seed_id('marketplace.workflow_review:alice-free');
select tests.clear_authentication();
select is((select count(*) from marketplace.workflow_reviews
  where id = tests.seed_id('marketplace.workflow_review:alice-free')), 1::bigint,
  'a user cannot delete another user''s review (0 rows)');
select tests.authenticate_as('alice@example.com');
delete from marketplace.workflow_reviews where id = tests.seed_id('marketplace.workflow_review:alice-free');
select tests.clear_authentication();
select is((select (rating_avg, reviews_count)::text from marketplace.workflows
  where id = tests.seed_id('marketplace.workflow:free')),
  '(4.00,2)', 'deleting a review recomputes the aggregate');
select tests.authenticate_as('admin@example.com');
delete from marketplace.workflow_reviews where workflow_id = tests.seed_id('marketplace.workflow:free');
select tests.clear_authentication();
select is((select (rating_avg, reviews_count)::text from marketplace.workflows
  where id = tests.seed_id('marketplace.workflow:free')),
  '(,0)', 'an admin deletes any review; no reviews means no rating');
select tests.authenticate_as('alice@example.com');
select is((select count(*) from marketplace.workflow_reviews), 1::bigint,
  'a user reads reviews of catalogue workflows');
select tests.authenticate_as_service_role();
select lives_ok($$insert into marketplace.workflow_reviews (workflow_id, user_id, rating)
  values (tests.seed_id('marketplace.workflow:social-scheduler'), tests.seed_id('user:admin'), 4)$$,
  'service_role writes reviews');
select is((select rating_avg from marketplace.workflows
  where id = tests.seed_id('marketplace.workflow:social-scheduler')), 4.00,
  'reviews written by the backend are counted too');

-- author names: only of users with a comment or review in the catalogue
select tests.clear_authentication();
select tests.create_user('quiet@example.com', '{"product": "marketplace", "name": "Quinn Quiet"}',
  'a0000000-0000-4000-8000-0000000000a1');
insert into marketplace.comments (workflow_id, user_id, content)
  values (tests.seed_id('marketplace.workflow:draft'), 'a0000000-0000-4000-8000-0000000000a1', 'only on a draft');
select tests.authenticate_as_anon();
select results_eq(
  $$select user_id, name from marketplace.author_names(array[tests.seed_id('user:alice'),
    'a0000000-0000-4000-8000-0000000000a1']::uuid[])$$,
  $$values (tests.seed_id('user:alice'), 'Alice Archer'::text)$$,
  'anyone gets the name of a catalogue author, not of a user whose only comment is on a draft');
select is((select count(*) from marketplace.author_names(array['a0000000-0000-4000-8000-000000000099']::uuid[])),
  0::bigint,
  'an unknown id gets no row');
select is((select count(*) from marketplace.author_names(array_fill('a0000000-0000-4000-8000-000000000099'::uuid,
  array[200]) || tests.seed_id('user:alice'))), 0::bigint,
  'at most 200 ids are looked up');
select throws_ok($$select email from marketplace.author_names(array[tests.seed_id('user:alice')]::uuid[])$$, '42703',
  null,
  'no email or other column is returned');
select tests.clear_authentication();
update marketplace.users set is_deleted = true where id = tests.seed_id('user:alice');
select tests.authenticate_as('bob@example.com');
select is((select count(*) from marketplace.author_names(array[tests.seed_id('user:alice')]::uuid[])), 0::bigint,
  'a soft-deleted author''s name is not given');
select tests.clear_authentication();

select * from finish();
rollback;
