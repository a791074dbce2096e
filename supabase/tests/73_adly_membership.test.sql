-- Workspace creation and membership rules: the creator becomes owner in the same transaction,
-- slugs are validated and unique, only owners add members (invited_by recorded), nobody raises
-- his own role, the last owner can neither leave nor be demoted, removal applies at once.
begin;
select plan(43);

\ir fixtures/adly_tenants.sql

select tests.create_user('newbie@adly.test', '{"product": "adly"}');
select tests.create_user('stranger@adly.test', '{}');

-- create_workspace ------------------------------------------------------------------------
select tests.authenticate_as('newbie@adly.test');
select lives_ok($$select adly.create_workspace('Newbie Co', 'newbie-co')$$, 'an ADLY user can create a workspace');
select is(
  (select m.role::text from adly.workspace_members m join adly.workspaces w on w.id = m.workspace_id
   where w.slug = 'newbie-co' and m.user_id = tests.get_user_id('newbie@adly.test')),
  'owner', 'the creator is the owner of the new workspace');
select is(
  (select count(*) from adly.workspace_members m join adly.workspaces w on w.id = m.workspace_id where w.slug = 'newbie-co'),
  1::bigint, 'the new workspace has exactly one member');
select is((select created_by from adly.workspaces where slug = 'newbie-co'), tests.get_user_id('newbie@adly.test'),
  'created_by records the creator');
select throws_ok($$select adly.create_workspace('Bad', 'Bad Slug')$$, '22023',
  'slug must be 3 to 63 lowercase letters, digits and single hyphens', 'a slug with uppercase and spaces is refused');
select throws_ok($$select adly.create_workspace('Bad', 'ab')$$, '22023',
  'slug must be 3 to 63 lowercase letters, digits and single hyphens', 'a slug shorter than 3 characters is refused');
select throws_ok($$select adly.create_workspace('Bad', 'a--b')$$, '22023',
  'slug must be 3 to 63 lowercase letters, digits and single hyphens', 'a slug with a double hyphen is refused');
select throws_ok($$select adly.create_workspace('Bad', '-abc')$$, '22023',
  'slug must be 3 to 63 lowercase letters, digits and single hyphens', 'a slug starting with a hyphen is refused');
select throws_ok($$select adly.create_workspace('  ', 'fine-slug')$$, '22023',
  'workspace name must be 1 to 255 characters', 'a blank name is refused');
select throws_ok($$select adly.create_workspace('Copy', 'newbie-co')$$, '23505',
  'this workspace slug is already taken', 'a taken slug is refused');
select tests.clear_authentication();

select throws_ok($$update adly.workspaces set slug = 'Not Valid' where id = 'e1000000-0000-4000-8000-000000000001'$$, '23514', null,
  'the slug check constraint also guards direct writes');

select tests.authenticate_as('stranger@adly.test');
select throws_ok($$select adly.create_workspace('Stranger', 'stranger-co')$$, '42501',
  'enroll in ADLY before creating a workspace', 'an auth user without an ADLY profile cannot create a workspace');
select tests.clear_authentication();

select tests.authenticate_as_anon();
select throws_ok($$select adly.create_workspace('Anon', 'anon-co')$$, '42501',
  'permission denied for function create_workspace', 'anon cannot create a workspace');
select tests.clear_authentication();

-- add_workspace_member --------------------------------------------------------------------
select tests.authenticate_as('member@adly.test');
select throws_ok($$select adly.add_workspace_member('e1000000-0000-4000-8000-000000000001', 'newbie@adly.test', 'viewer')$$, '42501',
  'only workspace owners can add members', 'a member cannot add members');
select tests.clear_authentication();
select tests.authenticate_as('viewer@adly.test');
select throws_ok($$select adly.add_workspace_member('e1000000-0000-4000-8000-000000000001', 'newbie@adly.test', 'viewer')$$, '42501',
  'only workspace owners can add members', 'a viewer cannot add members');
select tests.clear_authentication();
select tests.authenticate_as('other@adly.test');
select throws_ok($$select adly.add_workspace_member('e1000000-0000-4000-8000-000000000001', 'other@adly.test', 'owner')$$, '42501',
  'only workspace owners can add members', 'an outsider cannot add himself to a workspace');
select tests.clear_authentication();

select tests.authenticate_as('owner@adly.test');
select throws_ok($$select adly.add_workspace_member('e1000000-0000-4000-8000-000000000001', 'nobody@adly.test', 'viewer')$$, 'P0002',
  'no ADLY user has this email address', 'adding an unknown email is refused');
select throws_ok($$select adly.add_workspace_member('e1000000-0000-4000-8000-000000000001', 'member@adly.test', 'viewer')$$, '23505',
  'this user is already a member of the workspace', 'adding an existing member is refused');
select lives_ok($$select adly.add_workspace_member('e1000000-0000-4000-8000-000000000001', ' NEWBIE@adly.test ', 'viewer')$$,
  'an owner adds a user by email (case and spaces ignored)');
select is(
  (select row(m.role, m.invited_by)::text from adly.workspace_members m
   where m.workspace_id = 'e1000000-0000-4000-8000-000000000001' and m.user_id = tests.get_user_id('newbie@adly.test')),
  row('viewer'::adly.workspace_role, 'e0000000-0000-4000-8000-000000000011'::uuid)::text, 'the new member has the given role and invited_by is the owner');
select tests.clear_authentication();

-- who sees the member list ---------------------------------------------------------------
select tests.authenticate_as('viewer@adly.test');
select is((select count(*) from adly.workspace_members where workspace_id = 'e1000000-0000-4000-8000-000000000001'), 4::bigint,
  'a viewer sees every member of his workspace');
select is((select count(*) from adly.users where id in ('e0000000-0000-4000-8000-000000000011', 'e0000000-0000-4000-8000-000000000021', 'e0000000-0000-4000-8000-000000000012')), 2::bigint,
  'a viewer sees the profiles of his co-members only');
select tests.clear_authentication();
select tests.authenticate_as('other@adly.test');
select is((select count(*) from adly.workspace_members where workspace_id = 'e1000000-0000-4000-8000-000000000001'), 0::bigint,
  'an outsider sees no member of the workspace');
select is((select count(*) from adly.workspaces where id = 'e1000000-0000-4000-8000-000000000001'), 0::bigint,
  'an outsider does not see that the workspace exists');
select tests.clear_authentication();

-- nobody raises his own role ---------------------------------------------------------------
select tests.authenticate_as('viewer@adly.test');
update adly.workspace_members set role = 'owner' where user_id = 'e0000000-0000-4000-8000-000000000031' and workspace_id = 'e1000000-0000-4000-8000-000000000001';
select tests.clear_authentication();
select is((select role::text from adly.workspace_members where user_id = 'e0000000-0000-4000-8000-000000000031' and workspace_id = 'e1000000-0000-4000-8000-000000000001'), 'viewer',
  'a viewer''s update of his own role changes nothing');
select tests.authenticate_as('member@adly.test');
update adly.workspace_members set role = 'owner' where user_id = 'e0000000-0000-4000-8000-000000000021' and workspace_id = 'e1000000-0000-4000-8000-000000000001';
select tests.clear_authentication();
select is((select role::text from adly.workspace_members where user_id = 'e0000000-0000-4000-8000-000000000021' and workspace_id = 'e1000000-0000-4000-8000-000000000001'), 'member',
  'a member''s update of his own role changes nothing');
-- the trigger refuses it even where RLS would not (the table owner acting with a user's claims)
select set_config('request.jwt.claims', '{"sub": "e0000000-0000-4000-8000-000000000021", "role": "authenticated"}', true);
select throws_ok($$update adly.workspace_members set role = 'owner' where user_id = 'e0000000-0000-4000-8000-000000000021' and workspace_id = 'e1000000-0000-4000-8000-000000000001'$$,
  '42501', 'you cannot raise your own role', 'the membership trigger refuses raising one''s own role');
select tests.clear_authentication();
select tests.authenticate_as('owner@adly.test');
select throws_ok($$update adly.workspace_members set user_id = 'e0000000-0000-4000-8000-000000000012' where user_id = 'e0000000-0000-4000-8000-000000000031' and workspace_id = 'e1000000-0000-4000-8000-000000000001'$$,
  '42501', 'permission denied for table workspace_members', 'an owner cannot move a membership to another user');

-- the last owner ---------------------------------------------------------------------------
select throws_ok($$update adly.workspace_members set role = 'member' where user_id = 'e0000000-0000-4000-8000-000000000011' and workspace_id = 'e1000000-0000-4000-8000-000000000001'$$,
  'P0001', 'the last owner of a workspace cannot be demoted', 'the last owner cannot demote himself');
select throws_ok($$delete from adly.workspace_members where user_id = 'e0000000-0000-4000-8000-000000000011' and workspace_id = 'e1000000-0000-4000-8000-000000000001'$$,
  'P0001', 'the last owner of a workspace cannot leave or be removed', 'the last owner cannot leave');
select lives_ok($$update adly.workspace_members set role = 'owner' where user_id = 'e0000000-0000-4000-8000-000000000021' and workspace_id = 'e1000000-0000-4000-8000-000000000001'$$,
  'an owner promotes a member to owner');
select lives_ok($$update adly.workspace_members set role = 'member' where user_id = 'e0000000-0000-4000-8000-000000000011' and workspace_id = 'e1000000-0000-4000-8000-000000000001'$$,
  'with a second owner, an owner can step down');
select tests.clear_authentication();
select tests.authenticate_as('member@adly.test');
select throws_ok($$delete from adly.workspace_members where user_id = 'e0000000-0000-4000-8000-000000000021' and workspace_id = 'e1000000-0000-4000-8000-000000000001'$$,
  'P0001', 'the last owner of a workspace cannot leave or be removed', 'the new sole owner cannot leave');
select throws_ok($$update adly.workspace_members set role = 'viewer' where user_id = 'e0000000-0000-4000-8000-000000000021' and workspace_id = 'e1000000-0000-4000-8000-000000000001'$$,
  'P0001', 'the last owner of a workspace cannot be demoted', 'the new sole owner cannot demote himself');
-- restore: member promotes the former owner back, then steps down to member
select lives_ok($$update adly.workspace_members set role = 'owner' where user_id = 'e0000000-0000-4000-8000-000000000011' and workspace_id = 'e1000000-0000-4000-8000-000000000001'$$,
  'an owner can make another member owner');
select tests.clear_authentication();
select tests.authenticate_as('owner@adly.test');
select lives_ok($$update adly.workspace_members set role = 'member' where user_id = 'e0000000-0000-4000-8000-000000000021' and workspace_id = 'e1000000-0000-4000-8000-000000000001'$$,
  'an owner can demote another owner while one remains');
select tests.clear_authentication();

-- leaving and removal ----------------------------------------------------------------------
select tests.authenticate_as('newbie@adly.test');
select is((select count(*) from adly.workspaces where id = 'e1000000-0000-4000-8000-000000000001'), 1::bigint, 'a member sees his workspace');
delete from adly.workspace_members where user_id = tests.get_user_id('newbie@adly.test') and workspace_id = 'e1000000-0000-4000-8000-000000000001';
select is((select count(*) from adly.workspaces where id = 'e1000000-0000-4000-8000-000000000001'), 0::bigint, 'after leaving, the workspace is gone from his view');
select tests.clear_authentication();

select tests.authenticate_as('member@adly.test');
select is((select count(*) from adly.campaigns where workspace_id = 'e1000000-0000-4000-8000-000000000001'), 1::bigint, 'the member sees the campaigns before removal');
select tests.clear_authentication();
select tests.authenticate_as('owner@adly.test');
delete from adly.workspace_members where user_id = 'e0000000-0000-4000-8000-000000000021' and workspace_id = 'e1000000-0000-4000-8000-000000000001';
select tests.clear_authentication();
select tests.authenticate_as('member@adly.test');
select is((select count(*) from adly.campaigns where workspace_id = 'e1000000-0000-4000-8000-000000000001'), 0::bigint,
  'a removed member sees nothing on his next query');
select throws_ok($$insert into adly.campaigns (workspace_id, name, objective) values ('e1000000-0000-4000-8000-000000000001', 'Late', 'sales')$$,
  '42501', 'new row violates row-level security policy for table "campaigns"', 'a removed member can no longer write');
select tests.clear_authentication();

-- cascades are not "leaving" -----------------------------------------------------------------
select lives_ok($$delete from auth.users where id = 'e0000000-0000-4000-8000-000000000012'$$,
  'deleting the account of a sole owner removes his membership (the workspace keeps its data)');
select is((select count(*) from adly.workspace_members where workspace_id = 'e1000000-0000-4000-8000-000000000002'), 0::bigint,
  'the deleted user''s membership is gone');

select * from finish();
rollback;
