-- Workspace creation and membership rules: the creator becomes owner in the same transaction,
-- slugs are validated and unique, only owners invite, an invitation reveals nothing about
-- accounts and only the holder of its confirmed email, with its token, joins by accepting it
-- (invited_by recorded), nobody raises his own role, the last owner can neither leave nor be demoted,
-- removal applies at once.
begin;
select plan(75);

\ir fixtures/adly_tenants.psql

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
  (select count(*) from adly.workspace_members m join adly.workspaces w on w.id = m.workspace_id
    where w.slug = 'newbie-co'),
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

select throws_ok($$update adly.workspaces set slug = 'Not Valid' where id = tests.seed_id('adly.workspace:one')$$,
  '23514', null,
  'the slug check constraint also guards direct writes');

select tests.authenticate_as('stranger@adly.test');
select throws_ok($$select adly.create_workspace('Stranger', 'stranger-co')$$, '42501',
  'enroll in ADLY before creating a workspace', 'an auth user without an ADLY profile cannot create a workspace');
select tests.clear_authentication();

select tests.authenticate_as_anon();
select throws_ok($$select adly.create_workspace('Anon', 'anon-co')$$, '42501',
  'permission denied for function create_workspace', 'anon cannot create a workspace');
select tests.clear_authentication();

-- inviting (private.adly_invite_workspace_member, which adly-invitations runs as the caller) ----
-- Each invitation gets the token the function would mail; its own pgTAP file tests the tokens.
select tests.create_user('late@adly.test', '{"product": "adly"}');
select tests.create_user('unconfirmed@adly.test', '{"product": "adly"}');
update auth.users set email_confirmed_at = null where email = 'unconfirmed@adly.test';

select tests.authenticate_as('member@adly.test');
select throws_ok($$select private.adly_invite_workspace_member(tests.seed_id('adly.workspace:one'), 'newbie@adly.test',
  'viewer', 'newbie-token-00000000000000')$$, '42501',
  'only workspace owners can invite members', 'a member cannot invite');
select tests.clear_authentication();
select tests.authenticate_as('viewer@adly.test');
select throws_ok($$select private.adly_invite_workspace_member(tests.seed_id('adly.workspace:one'), 'newbie@adly.test',
  'viewer', 'newbie-token-00000000000000')$$, '42501',
  'only workspace owners can invite members', 'a viewer cannot invite');
select tests.clear_authentication();
select tests.authenticate_as('other@adly.test');
select throws_ok($$select private.adly_invite_workspace_member(tests.seed_id('adly.workspace:one'), 'other@adly.test',
  'owner', 'other-token-000000000000000')$$, '42501',
  'only workspace owners can invite members', 'an outsider cannot invite himself into a workspace');
select tests.clear_authentication();
select tests.authenticate_as_anon();
select throws_ok($$select private.adly_invite_workspace_member(tests.seed_id('adly.workspace:one'), 'anon@adly.test',
  'viewer', 'anon-token-0000000000000000')$$, '42501',
  'permission denied for function adly_invite_workspace_member', 'anon cannot invite');
select tests.clear_authentication();

select tests.authenticate_as('owner@adly.test');
select throws_ok($$select private.adly_invite_workspace_member(tests.seed_id('adly.workspace:one'), 'not an email',
  'viewer', 'newbie-token-00000000000000')$$, '22023',
  'a valid email address is required', 'an implausible email is refused');
select throws_ok($$select private.adly_invite_workspace_member(tests.seed_id('adly.workspace:one'), 'newbie@adly.test',
  null, 'newbie-token-00000000000000')$$, '22023',
  'a role is required', 'a null role is refused');
select throws_ok($$select private.adly_invite_workspace_member(tests.seed_id('adly.workspace:one'),
  ' Member@ADLY.test ', 'viewer', 'member-token-00000000000000')$$, '23505',
  'this email address belongs to a member of the workspace',
  'the email of a member of the workspace is refused (case and spaces ignored)');
select throws_ok($$select private.adly_invite_workspace_member(tests.seed_id('adly.workspace:one'), 'owner@adly.test',
  'owner', 'owner-token-000000000000000')$$, '23505',
  'this email address belongs to a member of the workspace', 'an owner cannot invite himself');
select lives_ok($$select private.adly_invite_workspace_member(tests.seed_id('adly.workspace:one'), ' NEWBIE@adly.test ',
  'member', 'newbie-token-00000000000000')$$,
  'an owner invites an email address (case and spaces ignored)');
select is(
  (select row(i.email, i.role, i.invited_by, i.accepted_at is null and i.declined_at is null,
    i.expires_at - i.created_at)::text
   from adly.workspace_invitations i where i.workspace_id = tests.seed_id('adly.workspace:one')
   and i.email = 'newbie@adly.test'),
  row('newbie@adly.test', 'member'::adly.workspace_role, tests.seed_id('user:adly-owner'), true,
  interval '7 days')::text,
  'the invitation is open, lower-cased, with the role, the owner as inviter and a week to answer');
select is(
  (select row(i.email, i.role, i.expires_at - now(), i.workspace_name, i.inviter_name)::text
   from private.adly_invite_workspace_member(tests.seed_id('adly.workspace:one'), 'nobody@adly.test', 'viewer',
   'nobody-token-00000000000000') i),
  (select row(replace(i.email, 'other@', 'nobody@'), i.role, i.expires_at - now(), i.workspace_name,
    i.inviter_name)::text
   from private.adly_invite_workspace_member(tests.seed_id('adly.workspace:one'), 'other@adly.test', 'viewer',
   'other-token-000000000000000') i),
  'an email without account gets the same answer as an ADLY user''s: nothing tells them apart');
select tests.clear_authentication();
-- the invitations' ids, so that users who cannot read an invitation can still be made to name it
select id as newbie_invitation from adly.workspace_invitations where email = 'newbie@adly.test' \gset
select id as other_invitation from adly.workspace_invitations where email = 'other@adly.test' \gset

-- re-inviting refreshes the open invitation (here an expired one) instead of adding another
update adly.workspace_invitations set created_at = now() - interval '9 days', expires_at = now() - interval '2 days'
where workspace_id = tests.seed_id('adly.workspace:one') and email = 'newbie@adly.test';
select tests.authenticate_as('owner@adly.test');
select is(
  (select i.id from private.adly_invite_workspace_member(tests.seed_id('adly.workspace:one'), 'newbie@adly.test',
    'viewer', 'newbie-token-00000000000000') i),
  (select i.id from adly.workspace_invitations i where i.workspace_id = tests.seed_id('adly.workspace:one')
    and i.email = 'newbie@adly.test'),
  're-inviting returns the same invitation');
select is(
  (select array_agg(row(i.role, i.expires_at = now() + interval '7 days')::text)
   from adly.workspace_invitations i where i.workspace_id = tests.seed_id('adly.workspace:one')
   and i.email = 'newbie@adly.test'),
  array[row('viewer'::adly.workspace_role, true)::text],
  'there is still one invitation, with the new role and a new week to answer');

-- who reads invitations
select is((select count(*) from adly.workspace_invitations where workspace_id = tests.seed_id('adly.workspace:one')),
  3::bigint,
  'the owner reads every invitation of his workspace');
select tests.clear_authentication();
select tests.authenticate_as('newbie@adly.test');
select is((select array_agg(email) from adly.workspace_invitations), array['newbie@adly.test'],
  'the invitee reads the invitation addressed to him, and only that one');
select throws_ok($$update adly.workspace_invitations set accepted_at = now()$$, '42501',
  'permission denied for table workspace_invitations', 'the invitee cannot answer by a plain update');
select is((select count(*) from adly.workspaces where id = tests.seed_id('adly.workspace:one')), 0::bigint,
  'the invitee cannot read the workspace he is invited to');
select is((select array_agg(row(id, workspace_name, role)::text) from adly.my_workspace_invitations()),
  array[row(:'newbie_invitation'::uuid, 'Fixture One'::text, 'viewer'::adly.workspace_role)::text],
  'but his invitations list names it, with the role');
select tests.clear_authentication();
select tests.authenticate_as('member@adly.test');
select is((select count(*) from adly.my_workspace_invitations()), 0::bigint, 'a user without invitations lists none');
select tests.clear_authentication();
select tests.authenticate_as('other@adly.test');
select is((select array_agg(email) from adly.workspace_invitations
  where workspace_id = tests.seed_id('adly.workspace:one')), array['other@adly.test'],
  'the owner of another workspace reads only his own invitation into this one');
select tests.clear_authentication();
select tests.authenticate_as('member@adly.test');
select is((select count(*) from adly.workspace_invitations), 0::bigint,
  'a member who is not an owner reads no invitation');
select tests.clear_authentication();

-- revoking: an owner deletes the invitation
select tests.authenticate_as('owner@adly.test');
delete from adly.workspace_invitations where workspace_id = tests.seed_id('adly.workspace:one')
  and email = 'nobody@adly.test';
select is((select count(*) from adly.workspace_invitations where email = 'nobody@adly.test'), 0::bigint,
  'an owner revokes an invitation by deleting it');
select tests.clear_authentication();
select tests.authenticate_as('newbie@adly.test');
delete from adly.workspace_invitations;
select tests.clear_authentication();
select is((select count(*) from adly.workspace_invitations where email = 'newbie@adly.test'), 1::bigint,
  'the invitee cannot delete the invitation');

-- accepting (private.adly_accept_workspace_invitation, as the caller): null when the invitation
-- cannot be answered with the token, whatever the reason ---------------------------------------
select tests.authenticate_as('member@adly.test');
select is((select m.id from private.adly_accept_workspace_invitation(:'newbie_invitation',
  'newbie-token-00000000000000') m), null,
  'another user cannot accept the invitation, even with its token');
select tests.clear_authentication();
select tests.authenticate_as('newbie@adly.test');
select is((select m.id from private.adly_accept_workspace_invitation('f4000000-0000-4000-8000-00000000dead',
  'newbie-token-00000000000000') m), null,
  'an unknown id gets the same answer');
select is(
  (select row(m.workspace_id, m.user_id, m.role, m.invited_by)::text
   from private.adly_accept_workspace_invitation(:'newbie_invitation', 'newbie-token-00000000000000') m),
  row(tests.seed_id('adly.workspace:one'), tests.get_user_id('newbie@adly.test'), 'viewer'::adly.workspace_role,
  tests.seed_id('user:adly-owner'))::text,
  'the invitee accepts with the token and becomes a member with the invited role, invited_by the owner');
select is((select accepted_at from adly.workspace_invitations where email = 'newbie@adly.test'), now(),
  'the invitation is marked accepted in the same transaction');
select is((select m.id from private.adly_accept_workspace_invitation(:'newbie_invitation',
  'newbie-token-00000000000000') m), null,
  'an accepted invitation cannot be accepted again');
select tests.clear_authentication();

-- declined and expired invitations
select tests.authenticate_as('other@adly.test');
select is(private.adly_decline_workspace_invitation(:'other_invitation', 'other-token-000000000000000'), true,
  'the invitee declines with the token');
select is((select m.id from private.adly_accept_workspace_invitation(:'other_invitation',
  'other-token-000000000000000') m), null,
  'a declined invitation cannot be accepted');
select is(private.adly_decline_workspace_invitation(:'other_invitation', 'other-token-000000000000000'), false,
  'a declined invitation cannot be declined again');
select tests.clear_authentication();
select is((select count(*) from adly.workspace_members where workspace_id = tests.seed_id('adly.workspace:one')
  and user_id = tests.seed_id('user:adly-other')),
  0::bigint, 'declining adds no membership');

select tests.authenticate_as('owner@adly.test');
select from private.adly_invite_workspace_member(tests.seed_id('adly.workspace:one'), 'late@adly.test', 'member',
  'late-token-0000000000000000');
select from private.adly_invite_workspace_member(tests.seed_id('adly.workspace:one'), 'unconfirmed@adly.test', 'member',
  'unconfirmed-token-000000000');
select from private.adly_invite_workspace_member(tests.seed_id('adly.workspace:one'), 'stranger@adly.test', 'member',
  'stranger-token-000000000000');
select tests.clear_authentication();
select id as late_invitation from adly.workspace_invitations where email = 'late@adly.test' \gset
select id as unconfirmed_invitation from adly.workspace_invitations where email = 'unconfirmed@adly.test' \gset
select id as stranger_invitation from adly.workspace_invitations where email = 'stranger@adly.test' \gset
update adly.workspace_invitations set created_at = now() - interval '8 days', expires_at = now() - interval '1 day'
  where email = 'late@adly.test';
select tests.authenticate_as('late@adly.test');
select is((select m.id from private.adly_accept_workspace_invitation(:'late_invitation',
  'late-token-0000000000000000') m), null,
  'an expired invitation cannot be accepted');
select is(private.adly_decline_workspace_invitation(:'late_invitation', 'late-token-0000000000000000'), false,
  'an expired invitation cannot be declined');
select tests.clear_authentication();

-- the email must be confirmed, and accepting needs an ADLY profile
select tests.authenticate_as('unconfirmed@adly.test');
select is((select count(*) from adly.workspace_invitations), 0::bigint,
  'a user whose email is not confirmed reads no invitation');
select throws_ok(format('select private.adly_accept_workspace_invitation(%L, %L)', :'unconfirmed_invitation',
  'unconfirmed-token-000000000'), '42501',
  'a confirmed email address is required to answer an invitation',
  'a user whose email is not confirmed cannot accept, even with the token');
select tests.clear_authentication();
select tests.authenticate_as('stranger@adly.test');
select is((select count(*) from adly.workspace_invitations), 1::bigint,
  'an invitee without ADLY profile reads his invitation');
select throws_ok(format('select private.adly_accept_workspace_invitation(%L, %L)', :'stranger_invitation',
  'stranger-token-000000000000'), '42501',
  'enroll in ADLY before accepting an invitation', 'an invitee without ADLY profile cannot accept');
select adly.enroll_current_user();
select is((select m.role from private.adly_accept_workspace_invitation(:'stranger_invitation',
  'stranger-token-000000000000') m), 'member'::adly.workspace_role,
  'once enrolled, he accepts with the same token');
select tests.clear_authentication();

-- who sees the member list ---------------------------------------------------------------
select tests.authenticate_as('viewer@adly.test');
select is((select count(*) from adly.workspace_members where workspace_id = tests.seed_id('adly.workspace:one')),
  5::bigint,
  'a viewer sees every member of his workspace');
select is((select count(*) from adly.users where id in (tests.seed_id('user:adly-owner'),
  tests.seed_id('user:adly-member'), tests.seed_id('user:adly-other'))), 2::bigint,
  'a viewer sees the profiles of his co-members only');
select tests.clear_authentication();
select tests.authenticate_as('other@adly.test');
select is((select count(*) from adly.workspace_members where workspace_id = tests.seed_id('adly.workspace:one')),
  0::bigint,
  'an outsider sees no member of the workspace');
select is((select count(*) from adly.workspaces where id = tests.seed_id('adly.workspace:one')), 0::bigint,
  'an outsider does not see that the workspace exists');
select tests.clear_authentication();

-- nobody raises his own role ---------------------------------------------------------------
select tests.authenticate_as('viewer@adly.test');
update adly.workspace_members set role = 'owner' where user_id = tests.seed_id('user:adly-viewer')
  and workspace_id = tests.seed_id('adly.workspace:one');
select tests.clear_authentication();
select is((select role::text from adly.workspace_members where user_id = tests.seed_id('user:adly-viewer')
  and workspace_id = tests.seed_id('adly.workspace:one')), 'viewer',
  'a viewer''s update of his own role changes nothing');
select tests.authenticate_as('member@adly.test');
update adly.workspace_members set role = 'owner' where user_id = tests.seed_id('user:adly-member')
  and workspace_id = tests.seed_id('adly.workspace:one');
select tests.clear_authentication();
select is((select role::text from adly.workspace_members where user_id = tests.seed_id('user:adly-member')
  and workspace_id = tests.seed_id('adly.workspace:one')), 'member',
  'a member''s update of his own role changes nothing');
-- the trigger refuses it even where RLS would not (the table owner acting with a user's claims)
select set_config('request.jwt.claims',
  json_build_object('sub', tests.seed_id('user:adly-member'), 'role', 'authenticated')::text, true);
select throws_ok($$update adly.workspace_members set role = 'owner' where user_id = tests.seed_id('user:adly-member')
  and workspace_id = tests.seed_id('adly.workspace:one')$$,
  '42501', 'you cannot raise your own role', 'the membership trigger refuses raising one''s own role');
select tests.clear_authentication();
select tests.authenticate_as('owner@adly.test');
select throws_ok($$update adly.workspace_members set user_id = tests.seed_id('user:adly-other')
  where user_id = tests.seed_id('user:adly-viewer') and workspace_id = tests.seed_id('adly.workspace:one')$$,
  '42501', 'permission denied for table workspace_members', 'an owner cannot move a membership to another user');

-- the last owner ---------------------------------------------------------------------------
select throws_ok($$update adly.workspace_members set role = 'member' where user_id = tests.seed_id('user:adly-owner')
  and workspace_id = tests.seed_id('adly.workspace:one')$$,
  'P0001', 'the last owner of a workspace cannot be demoted', 'the last owner cannot demote himself');
select throws_ok($$delete from adly.workspace_members where user_id = tests.seed_id('user:adly-owner')
  and workspace_id = tests.seed_id('adly.workspace:one')$$,
  'P0001', 'the last owner of a workspace cannot leave or be removed', 'the last owner cannot leave');
select lives_ok($$update adly.workspace_members set role = 'owner' where user_id = tests.seed_id('user:adly-member')
  and workspace_id = tests.seed_id('adly.workspace:one')$$,
  'an owner promotes a member to owner');
select lives_ok($$update adly.workspace_members set role = 'member' where user_id = tests.seed_id('user:adly-owner')
  and workspace_id = tests.seed_id('adly.workspace:one')$$,
  'with a second owner, an owner can step down');
select tests.clear_authentication();
select tests.authenticate_as('member@adly.test');
select throws_ok($$delete from adly.workspace_members where user_id = tests.seed_id('user:adly-member')
  and workspace_id = tests.seed_id('adly.workspace:one')$$,
  'P0001', 'the last owner of a workspace cannot leave or be removed', 'the new sole owner cannot leave');
select throws_ok($$update adly.workspace_members set role = 'viewer' where user_id = tests.seed_id('user:adly-member')
  and workspace_id = tests.seed_id('adly.workspace:one')$$,
  'P0001', 'the last owner of a workspace cannot be demoted', 'the new sole owner cannot demote himself');
-- restore: member promotes the former owner back, then steps down to member
select lives_ok($$update adly.workspace_members set role = 'owner' where user_id = tests.seed_id('user:adly-owner')
  and workspace_id = tests.seed_id('adly.workspace:one')$$,
  'an owner can make another member owner');
select tests.clear_authentication();
select tests.authenticate_as('owner@adly.test');
select lives_ok($$update adly.workspace_members set role = 'member' where user_id = tests.seed_id('user:adly-member')
  and workspace_id = tests.seed_id('adly.workspace:one')$$,
  'an owner can demote another owner while one remains');
select tests.clear_authentication();

-- leaving and removal ----------------------------------------------------------------------
select tests.authenticate_as('newbie@adly.test');
select is((select count(*) from adly.workspaces where id = tests.seed_id('adly.workspace:one')), 1::bigint,
  'a member sees his workspace');
delete from adly.workspace_members where user_id = tests.get_user_id('newbie@adly.test')
  and workspace_id = tests.seed_id('adly.workspace:one');
select is((select count(*) from adly.workspaces where id = tests.seed_id('adly.workspace:one')), 0::bigint,
  'after leaving, the workspace is gone from his view');
select tests.clear_authentication();

select tests.authenticate_as('member@adly.test');
select is((select count(*) from adly.campaigns where workspace_id = tests.seed_id('adly.workspace:one')), 1::bigint,
  'the member sees the campaigns before removal');
select tests.clear_authentication();
select tests.authenticate_as('owner@adly.test');
delete from adly.workspace_members where user_id = tests.seed_id('user:adly-member')
  and workspace_id = tests.seed_id('adly.workspace:one');
select tests.clear_authentication();
select tests.authenticate_as('member@adly.test');
select is((select count(*) from adly.campaigns where workspace_id = tests.seed_id('adly.workspace:one')), 0::bigint,
  'a removed member sees nothing on his next query');
select throws_ok($$insert into adly.campaigns (workspace_id, name, objective)
  values (tests.seed_id('adly.workspace:one'), 'Late', 'sales')$$,
  '42501', 'new row violates row-level security policy for table "campaigns"', 'a removed member can no longer write');
select tests.clear_authentication();

-- cascades are not "leaving" -----------------------------------------------------------------
select lives_ok($$delete from auth.users where id = tests.seed_id('user:adly-other')$$,
  'deleting the account of a sole owner removes his membership (the workspace keeps its data)');
select is((select count(*) from adly.workspace_members where workspace_id = tests.seed_id('adly.workspace:two')),
  0::bigint,
  'the deleted user''s membership is gone');

select * from finish();
rollback;
