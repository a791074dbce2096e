-- Answering an ADLY invitation proves control of the invited mailbox: it needs the single-use
-- token the adly-invitations function mails to the address, as well as the caller's confirmed
-- email equal to the invited one. The token is stored only as a keyed hash bound to the invitation
-- and the address, is replaced when the owner invites again, is used up by an answer, and dies
-- with the invitation; wrong tokens are counted and 5 of them lock the invitation. Every refusal
-- looks the same. A user with a second factor must have passed it. The invitation rules
-- themselves are in 73_adly_membership.
begin;
select plan(45);

\ir fixtures/adly_tenants.psql

select tests.create_user('newbie@adly.test', '{"product": "adly"}');

-- privileges -------------------------------------------------------------------------------
select ok(not exists (
    select 1 from unnest(array['anon', 'authenticated', 'service_role']) r,
      unnest(array['select', 'insert', 'update', 'delete']) p
    where has_table_privilege(r, 'private.adly_invitation_tokens', p)),
  'no API role has any privilege on the token table');
select is((select relrowsecurity from pg_class where oid = 'private.adly_invitation_tokens'::regclass), true,
  'the token table has row level security on, with no policy');
select is(
  (select array_agg(p.proname::text || ':' || has_function_privilege('anon', p.oid,
    'execute') || ':' || has_function_privilege('authenticated', p.oid, 'execute')
                    || ':' || has_function_privilege('service_role', p.oid, 'execute') order by p.proname)
   from pg_proc p where p.pronamespace = 'private'::regnamespace
     and p.proname in ('adly_invite_workspace_member', 'adly_accept_workspace_invitation',
     'adly_decline_workspace_invitation',
                       'adly_redeem_invitation_token', 'adly_invitation_token_hash')),
  array['adly_accept_workspace_invitation:false:true:false', 'adly_decline_workspace_invitation:false:true:false',
        'adly_invitation_token_hash:false:false:false', 'adly_invite_workspace_member:false:true:false',
        'adly_redeem_invitation_token:false:false:false'],
  'authenticated runs the three functions the edge function calls as the caller; no API role runs the internal ' ||
  'helpers');
select is(
  (select array_agg(p.proname::text order by p.proname) from pg_proc p
   where p.pronamespace = 'private'::regnamespace
     and p.proname in ('adly_invite_workspace_member', 'adly_accept_workspace_invitation',
     'adly_decline_workspace_invitation')
     and p.prosecdef and p.proconfig = array['search_path=""']),
  array['adly_accept_workspace_invitation', 'adly_decline_workspace_invitation', 'adly_invite_workspace_member'],
  'the three are SECURITY DEFINER with an empty search_path');
select is(
  (select count(*) from pg_proc p where p.pronamespace = 'adly'::regnamespace
     and p.proname in ('invite_workspace_member', 'accept_workspace_invitation', 'decline_workspace_invitation')),
  0::bigint, 'no RPC invites, accepts or declines without a token');

-- an invitation and its token ----------------------------------------------------------------
select tests.authenticate_as('owner@adly.test');
select throws_ok($$select private.adly_invite_workspace_member(tests.seed_id('adly.workspace:one'), 'newbie@adly.test',
  'member', 'too-short-token')$$, '22023',
  'the token must be 22 to 128 base64url characters', 'a token of fewer than 128 bits is refused');
select throws_ok($$select private.adly_invite_workspace_member(tests.seed_id('adly.workspace:one'), 'newbie@adly.test',
  'member', null)$$, '22023',
  'the token must be 22 to 128 base64url characters', 'an invitation without a token is refused');
select is(
  (select row(i.email, i.role, i.workspace_name, i.inviter_name)::text
   from private.adly_invite_workspace_member(tests.seed_id('adly.workspace:one'), 'newbie@adly.test', 'member',
   'first-token-of-newbie-00000') i),
  row('newbie@adly.test', 'member'::adly.workspace_role, 'Fixture One', 'owner@adly.test')::text,
  'the owner invites; the answer names the workspace and the inviter (his email while he has no name) for the email');
select throws_ok($$select * from private.adly_invitation_tokens$$, '42501',
  'permission denied for table adly_invitation_tokens',
  'the owner cannot read the token table');
select tests.clear_authentication();
select id as invitation from adly.workspace_invitations where email = 'newbie@adly.test' \gset

select is(
  (select row(t.token_hash, t.failed_attempts)::text from private.adly_invitation_tokens t
    where t.invitation_id = :'invitation'),
  row(private.auth_hmac('adly_invitation:' || :'invitation' || ':newbie@adly.test:first-token-of-newbie-00000'),
  0)::text,
  'only the keyed hash of the token is stored, bound to the invitation and the address, with no failed attempt');

select tests.authenticate_as('newbie@adly.test');
select throws_ok($$select * from private.adly_invitation_tokens$$, '42501',
  'permission denied for table adly_invitation_tokens',
  'the invitee cannot read the token table either');

-- refusals: the confirmed address alone, wrong tokens, another invitation's token -----------------
select is((select m.id from private.adly_accept_workspace_invitation(:'invitation', null) m), null,
  'the confirmed address without a token is refused');
select is((select m.id from private.adly_accept_workspace_invitation(:'invitation', 'first-token-of-newbie-00001') m),
  null,
  'a wrong token is refused');
select is(private.adly_decline_workspace_invitation(:'invitation', 'FIRST-TOKEN-OF-NEWBIE-00000'), false,
  'declining needs the token too (and the token is case-sensitive)');
select tests.clear_authentication();

select tests.authenticate_as('other@adly.test');
select from private.adly_invite_workspace_member(tests.seed_id('adly.workspace:two'), 'newbie@adly.test', 'viewer',
  'token-into-workspace-two-00');
select tests.clear_authentication();
select tests.authenticate_as('newbie@adly.test');
select is((select m.id from private.adly_accept_workspace_invitation(:'invitation', 'token-into-workspace-two-00') m),
  null,
  'the token of his other invitation is refused');
select tests.clear_authentication();

select is((select failed_attempts from private.adly_invitation_tokens where invitation_id = :'invitation'), 4,
  'each wrong token (none, wrong, wrong case, another invitation''s) is counted');
select is((select count(*) from adly.workspace_members where user_id = tests.get_user_id('newbie@adly.test')),
  0::bigint,
  'no refusal made him a member');

-- someone else with the token ------------------------------------------------------------------
select tests.authenticate_as('member@adly.test');
select is((select m.id from private.adly_accept_workspace_invitation(:'invitation', 'first-token-of-newbie-00000') m),
  null,
  'another user holding the token is refused: his confirmed email is not the invited one');
select is(private.adly_decline_workspace_invitation(:'invitation', 'first-token-of-newbie-00000'), false,
  'and cannot decline it either');
select tests.clear_authentication();
select is((select failed_attempts from private.adly_invitation_tokens where invitation_id = :'invitation'), 4,
  'his attempts do not count against the invitation, which he cannot answer anyway');

-- the hash binds the address: were the invitation's address changed, its token would not follow it
update adly.workspace_invitations set email = 'member@adly.test' where id = :'invitation';
select tests.authenticate_as('member@adly.test');
select is((select m.id from private.adly_accept_workspace_invitation(:'invitation', 'first-token-of-newbie-00000') m),
  null,
  'a token does not work for another address than the one it was mailed to');
select tests.clear_authentication();
update adly.workspace_invitations set email = 'newbie@adly.test' where id = :'invitation';
update private.adly_invitation_tokens set failed_attempts = 4 where invitation_id = :'invitation';

-- lock after 5 wrong tokens ----------------------------------------------------------------------
select tests.authenticate_as('newbie@adly.test');
select is((select m.id from private.adly_accept_workspace_invitation(:'invitation', 'fifth-wrong-token-000000000') m),
  null,
  'a fifth wrong token is refused');
select is((select m.id from private.adly_accept_workspace_invitation(:'invitation', 'first-token-of-newbie-00000') m),
  null,
  'after 5 wrong tokens, the right one is refused too: the invitation is locked');
select is(private.adly_decline_workspace_invitation(:'invitation', 'first-token-of-newbie-00000'), false,
  'a locked invitation cannot be declined either');
select is((select m.id from private.adly_accept_workspace_invitation(:'invitation', 'sixth-wrong-token-000000000') m),
  null,
  'more wrong tokens are refused');
select tests.clear_authentication();
select is((select failed_attempts from private.adly_invitation_tokens where invitation_id = :'invitation'), 5,
  'the count stops at 5');

-- inviting again replaces the token --------------------------------------------------------------
select tests.authenticate_as('owner@adly.test');
select is(
  (select i.id from private.adly_invite_workspace_member(tests.seed_id('adly.workspace:one'), 'newbie@adly.test',
    'viewer', 'second-token-of-newbie-0000') i),
  :'invitation'::uuid, 'the owner invites again: the same invitation');
select tests.clear_authentication();
select is((select failed_attempts from private.adly_invitation_tokens where invitation_id = :'invitation'), 0,
  'with a new token and no failed attempt: the lock is lifted');
select tests.authenticate_as('newbie@adly.test');
select is((select m.id from private.adly_accept_workspace_invitation(:'invitation', 'first-token-of-newbie-00000') m),
  null,
  'the token of the earlier email no longer works');

-- accepting uses the token up ----------------------------------------------------------------------
select is(
  (select m.role from private.adly_accept_workspace_invitation(:'invitation', 'second-token-of-newbie-0000') m),
  'viewer'::adly.workspace_role,
  'the invitee accepts with the new token and joins with the role of the last invitation');
select tests.clear_authentication();
select is((select count(*) from private.adly_invitation_tokens where invitation_id = :'invitation'), 0::bigint,
  'the token is gone once used');
select tests.authenticate_as('newbie@adly.test');
select is((select m.id from private.adly_accept_workspace_invitation(:'invitation', 'second-token-of-newbie-0000') m),
  null,
  'a used token is refused');
select tests.clear_authentication();

-- declining uses it up too -------------------------------------------------------------------------
select id as second_invitation from adly.workspace_invitations where email = 'newbie@adly.test'
  and workspace_id = tests.seed_id('adly.workspace:two') \gset
select tests.authenticate_as('newbie@adly.test');
select is(private.adly_decline_workspace_invitation(:'second_invitation', 'token-into-workspace-two-00'), true,
  'the invitee declines his other invitation with its token');
select is(private.adly_decline_workspace_invitation(:'second_invitation', 'token-into-workspace-two-00'), false,
  'the token does not work twice');
select tests.clear_authentication();
select is((select count(*) from private.adly_invitation_tokens where invitation_id = :'second_invitation'), 0::bigint,
  'a declined invitation keeps no token');

-- expiry, revocation ---------------------------------------------------------------------------------
select tests.create_user('late@adly.test', '{"product": "adly"}');
select tests.authenticate_as('owner@adly.test');
select from private.adly_invite_workspace_member(tests.seed_id('adly.workspace:one'), 'late@adly.test', 'member',
  'token-of-late-0000000000000');
select tests.clear_authentication();
select id as late_invitation from adly.workspace_invitations where email = 'late@adly.test' \gset
update adly.workspace_invitations set created_at = now() - interval '8 days', expires_at = now() - interval '1 day'
  where id = :'late_invitation';
select tests.authenticate_as('late@adly.test');
select is((select m.id from private.adly_accept_workspace_invitation(:'late_invitation',
  'token-of-late-0000000000000') m), null,
  'the token expires with the invitation');
select tests.clear_authentication();
select is((select failed_attempts from private.adly_invitation_tokens where invitation_id = :'late_invitation'), 0,
  'presenting the right token too late is not counted as a wrong one');
select tests.authenticate_as('owner@adly.test');
delete from adly.workspace_invitations where id = :'late_invitation';
select tests.clear_authentication();
select is((select count(*) from private.adly_invitation_tokens where invitation_id = :'late_invitation'), 0::bigint,
  'revoking an invitation deletes its token');

-- nothing secret leaves the token table ---------------------------------------------------------------
select is((select count(*) from adly.audit_logs where details::text ~ '(token-of|-token-)'), 0::bigint,
  'no audit row holds a token');
select is((select count(*) from adly.workspace_invitations
  where row_to_json(workspace_invitations)::text ~ '(token-of|-token-)'), 0::bigint,
  'no invitation row holds a token');
select tests.authenticate_as('newbie@adly.test');
select is((select count(*) from adly.my_workspace_invitations() i where row_to_json(i)::text ~ '(token-of|-token-)'),
  0::bigint,
  'the invitee''s invitation list shows no token');
select tests.clear_authentication();

-- the second factor --------------------------------------------------------------------------------
-- a user who has one invites and answers only from a session that passed it (here: an aal2 JWT)
select private.auth_totp_set_secret(tests.get_user_id(email), 'JBSWY3DPEHPK3PXP')
  from unnest(array['owner@adly.test', 'viewer@adly.test']) email;
update private.auth_totp_factors set is_enabled = true, enabled_at = now()
where user_id in (tests.get_user_id('owner@adly.test'), tests.get_user_id('viewer@adly.test'));
select tests.authenticate_as('owner@adly.test');
select throws_ok($$select private.adly_invite_workspace_member(tests.seed_id('adly.workspace:two'), 'viewer@adly.test',
  'member', 'token-of-viewer-00000000000')$$,
  '42501', 'a verified second factor is required for this session',
  'an owner with a second factor cannot invite before passing it');
select tests.clear_authentication();
select tests.authenticate_as('other@adly.test');
select from private.adly_invite_workspace_member(tests.seed_id('adly.workspace:two'), 'viewer@adly.test', 'member',
  'token-of-viewer-00000000000');
select tests.clear_authentication();
select id as viewer_invitation from adly.workspace_invitations where email = 'viewer@adly.test' \gset
select tests.authenticate_as('viewer@adly.test');
select throws_ok(format('select private.adly_accept_workspace_invitation(%L, %L)', :'viewer_invitation',
  'token-of-viewer-00000000000'),
  '42501', 'a verified second factor is required for this session',
  'an invitee with a second factor cannot accept before passing it');
select throws_ok(format('select private.adly_decline_workspace_invitation(%L, %L)', :'viewer_invitation',
  'token-of-viewer-00000000000'),
  '42501', 'a verified second factor is required for this session', 'nor decline');
select tests.clear_authentication();
select tests.authenticate_as('viewer@adly.test', 'aal2');
select is((select m.role from private.adly_accept_workspace_invitation(:'viewer_invitation',
  'token-of-viewer-00000000000') m),
  'member'::adly.workspace_role, 'once passed, he accepts with the token');
select tests.clear_authentication();

select * from finish();
rollback;
