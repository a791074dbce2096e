-- Append-only tables and the audit trail: audit_logs and attribution_events accept no update or
-- delete from any client (the table owner included, except the foreign keys' "set null");
-- invitation, membership and integration changes write their audit rows by themselves, with the
-- acting user and, when the request carries them, the IP address and user agent.
begin;
select plan(29);

\ir fixtures/adly_tenants.psql

-- append-only ------------------------------------------------------------------------------
select throws_ok($$update adly.audit_logs set action = 'rewritten'
  where workspace_id = tests.seed_id('adly.workspace:one')$$, 'P0001',
  'audit_logs is append-only', 'even the table owner cannot rewrite an audit row');
select throws_ok($$update adly.attribution_events set utm_source = 'rewritten'
  where id = tests.seed_id('adly.attribution_event:one')$$, 'P0001',
  'attribution_events is append-only', 'even the table owner cannot rewrite an attribution event');
select throws_ok($$update adly.attribution_events set campaign_id = null, utm_source = 'x'
  where id = tests.seed_id('adly.attribution_event:one')$$, 'P0001',
  'attribution_events is append-only', 'setting a key to null does not excuse another change');

select tests.authenticate_as_service_role();
select lives_ok($$insert into adly.attribution_events (workspace_id, campaign_id, event_type, utm_source, event_time)
  values (tests.seed_id('adly.workspace:one'), tests.seed_id('adly.campaign:one'), 'click', 'google', now())$$,
  'service_role records an attribution event');
select throws_ok($$insert into adly.attribution_events (workspace_id, order_id, event_type, event_time)
  values (tests.seed_id('adly.workspace:one'), tests.seed_id('adly.order:two'), 'conversion', now())$$, '23503',
  'the order does not belong to the event''s workspace', 'an event cannot point at another workspace''s order');
select throws_ok($$insert into adly.attribution_events (workspace_id, campaign_id, event_type, event_time)
  values (tests.seed_id('adly.workspace:one'), tests.seed_id('adly.campaign:two'), 'click', now())$$, '23503', null,
  'an event cannot point at another workspace''s campaign');
select throws_ok($$insert into adly.attribution_events (workspace_id, event_type, event_time)
  values (tests.seed_id('adly.workspace:one'), 'purchase', now())$$,
  '23514', null, 'an unknown event type is refused');
select tests.clear_authentication();

-- the foreign keys still detach deleted rows
select lives_ok($$delete from adly.orders where id = tests.seed_id('adly.order:one')$$,
  'an order with attribution events can be deleted');
select is((select order_id from adly.attribution_events where id = tests.seed_id('adly.attribution_event:one')),
  null::uuid, 'its events keep their row with order_id null');
select lives_ok($$delete from adly.campaigns where id = tests.seed_id('adly.campaign:one')$$,
  'a campaign with attribution events can be deleted');
select is((select row(campaign_id, workspace_id)::text from adly.attribution_events
  where id = tests.seed_id('adly.attribution_event:one')),
  row(null::uuid, tests.seed_id('adly.workspace:one'))::text,
  'its events keep their row and workspace with campaign_id null');

-- the client address the audit records ------------------------------------------------------
select set_config('request.headers', '{"x-forwarded-for": "6.6.6.6, 198.51.100.4"}', true);
select is(private.request_client_ip(), '198.51.100.4'::inet,
  'the client address is the right-most x-forwarded-for entry: entries a client writes on the left are ignored');
select set_config('request.headers', '{"cf-connecting-ip": "2001:db8::7", "x-forwarded-for": "198.51.100.4"}', true);
select is(private.request_client_ip(), '2001:db8::7'::inet, 'cf-connecting-ip (hosted: set by Cloudflare) comes first');
select set_config('request.headers', '{"x-real-ip": "192.0.2.5"}', true);
select is(private.request_client_ip(), '192.0.2.5'::inet, 'x-real-ip is the last resort');
select set_config('request.headers', '{"x-forwarded-for": "198.51.100.4, unknown"}', true);
select is(private.request_client_ip(), null, 'an unparsable address is null');
select set_config('request.headers', '', true);
select is(private.request_client_ip(), null, 'outside a Data API request there is no address');

-- membership audit -------------------------------------------------------------------------
select tests.create_user('newbie@adly.test', '{"product": "adly"}');
-- the owner invites, the invitee accepts from his own client: the membership is added by him
select tests.authenticate_as('owner@adly.test');
select set_config('request.headers', '{"x-forwarded-for": "198.51.100.20", "user-agent": "adly-web/1.0"}', true);
select from private.adly_invite_workspace_member(tests.seed_id('adly.workspace:one'), 'newbie@adly.test', 'viewer',
  'token-of-newbie-0000000000');
select set_config('request.headers', '', true);
select tests.clear_authentication();
select tests.authenticate_as('newbie@adly.test');
select set_config('request.headers', '{"x-forwarded-for": "203.0.113.9", "user-agent": "adly-mobile/2.0"}', true);
select from private.adly_accept_workspace_invitation((select id from adly.workspace_invitations
  where email = 'newbie@adly.test'), 'token-of-newbie-0000000000');
select set_config('request.headers', '', true);
select tests.clear_authentication();
select tests.authenticate_as('owner@adly.test');
select set_config('request.headers',
  '{"cf-connecting-ip": "203.0.113.9", "x-forwarded-for": "192.0.2.77, 10.1.1.1", "user-agent": "adly-web/1.0"}', true);
update adly.workspace_members set role = 'member' where workspace_id = tests.seed_id('adly.workspace:one')
  and user_id = tests.get_user_id('newbie@adly.test');
select set_config('request.headers', '{"x-forwarded-for": "not-an-ip", "user-agent": "curl/8"}', true);
delete from adly.workspace_members where workspace_id = tests.seed_id('adly.workspace:one')
  and user_id = tests.get_user_id('newbie@adly.test');
select set_config('request.headers', '', true);
select tests.clear_authentication();

select results_eq(
  $$select action, user_id, ip_address, user_agent, details ->> 'user_id', details ->> 'invited_by', details ->> 'role',
    details ->> 'new_role'
    from adly.audit_logs
    where workspace_id = tests.seed_id('adly.workspace:one') and resource_type = 'workspace_member'
      and details ->> 'user_id' = tests.get_user_id('newbie@adly.test')::text
    order by case action when 'member.added' then 1 when 'member.role_changed' then 2 else 3 end$$,
  $$values
    ('member.added', tests.get_user_id('newbie@adly.test'), '203.0.113.9'::inet, 'adly-mobile/2.0',
      tests.get_user_id('newbie@adly.test')::text, tests.seed_id('user:adly-owner')::text, 'viewer', null::text),
    ('member.role_changed', tests.seed_id('user:adly-owner'), '203.0.113.9'::inet, 'adly-web/1.0',
      tests.get_user_id('newbie@adly.test')::text, null, null, 'member'),
    ('member.removed', tests.seed_id('user:adly-owner'), null::inet, 'curl/8',
      tests.get_user_id('newbie@adly.test')::text, null, 'member', null)$$,
  'joining (by accepting, so the actor is the new member; invited_by names the owner), changing and removing a ' ||
  'member write audit rows with actor, IP address and user agent');

-- invitations: invited, declined and revoked are audited with their actor, and the details hold
-- the address and the role only
select tests.authenticate_as('owner@adly.test');
select from private.adly_invite_workspace_member(tests.seed_id('adly.workspace:one'), 'other@adly.test', 'member',
  'token-of-other-00000000000');
select from private.adly_invite_workspace_member(tests.seed_id('adly.workspace:one'), 'gone@adly.test', 'viewer',
  'token-of-gone-000000000000');
delete from adly.workspace_invitations where email = 'gone@adly.test';
select tests.clear_authentication();
select tests.authenticate_as('other@adly.test');
select from private.adly_decline_workspace_invitation((select id from adly.workspace_invitations
  where email = 'other@adly.test'), 'token-of-other-00000000000');
select tests.clear_authentication();
select results_eq(
  $$select action, user_id, ip_address, details ->> 'email', details ->> 'role', details ->> 'expires_at' is not null
    from adly.audit_logs
    where workspace_id = tests.seed_id('adly.workspace:one') and resource_type = 'workspace_invitation'
    order by action, details ->> 'email'$$,
  $$values
    ('member.invitation_declined', tests.seed_id('user:adly-other'), null::inet, 'other@adly.test', 'member', false),
    ('member.invitation_revoked', tests.seed_id('user:adly-owner'), null::inet, 'gone@adly.test', 'viewer', false),
    ('member.invited', tests.seed_id('user:adly-owner'), null::inet, 'gone@adly.test', 'viewer', true),
    ('member.invited', tests.seed_id('user:adly-owner'), '198.51.100.20'::inet, 'newbie@adly.test', 'viewer', true),
    ('member.invited', tests.seed_id('user:adly-owner'), null::inet, 'other@adly.test', 'member', true)$$,
  'inviting, declining and revoking write audit rows with the acting user');
select is(
  (select array_agg(distinct k order by k) from adly.audit_logs l cross join lateral jsonb_object_keys(l.details) k
   where l.workspace_id = tests.seed_id('adly.workspace:one') and l.resource_type = 'workspace_invitation'),
  array['email', 'expires_at', 'role'],
  'invitation audit rows hold the address, the role and the expiry, nothing else');

select tests.authenticate_as('viewer@adly.test');
delete from adly.workspace_members where workspace_id = tests.seed_id('adly.workspace:one')
  and user_id = tests.seed_id('user:adly-viewer');
select tests.clear_authentication();
select is((select user_id from adly.audit_logs where workspace_id = tests.seed_id('adly.workspace:one')
  and action = 'member.left'), tests.seed_id('user:adly-viewer'),
  'a member leaving is audited as member.left by himself');

-- integration audit --------------------------------------------------------------------------
select tests.authenticate_as('owner@adly.test');
update adly.store_connections set store_name = 'Renamed store' where id = tests.seed_id('adly.store_connection:one');
select tests.clear_authentication();
select is(
  (select details -> 'after' ->> 'store_name' from adly.audit_logs
   where workspace_id = tests.seed_id('adly.workspace:one') and action = 'store_connection.updated'
   and user_id = tests.seed_id('user:adly-owner')),
  'Renamed store', 'renaming a store connection is audited with the owner as actor');
select tests.authenticate_as_service_role();
update adly.store_connections set last_sync_at = now() where id = tests.seed_id('adly.store_connection:one');
select tests.clear_authentication();
select is((select count(*) from adly.audit_logs where workspace_id = tests.seed_id('adly.workspace:one')
  and action = 'store_connection.updated'), 1::bigint,
  'sync bookkeeping (last_sync_at) is not audited');
select tests.authenticate_as('owner@adly.test');
delete from adly.ad_accounts where id = tests.seed_id('adly.ad_account:one');
select tests.clear_authentication();
select is((select count(*) from adly.audit_logs where workspace_id = tests.seed_id('adly.workspace:one')
  and action = 'ad_account.deleted' and user_id = tests.seed_id('user:adly-owner')),
  1::bigint, 'deleting an ad account is audited');

-- owners read the audit log, nobody writes it -------------------------------------------------
select tests.authenticate_as('owner@adly.test');
select ok((select count(*) from adly.audit_logs where workspace_id = tests.seed_id('adly.workspace:one')) >= 5,
  'the owner reads his workspace''s audit log');
select throws_ok($$insert into adly.audit_logs (workspace_id, action, resource_type)
  values (tests.seed_id('adly.workspace:one'), 'fake', 'x')$$, '42501',
  'permission denied for table audit_logs', 'an owner cannot forge an audit row');
select throws_ok($$delete from adly.audit_logs where workspace_id = tests.seed_id('adly.workspace:one')$$, '42501',
  'permission denied for table audit_logs', 'an owner cannot erase the audit log');
select tests.clear_authentication();
select tests.authenticate_as('member@adly.test');
select is((select count(*) from adly.audit_logs where workspace_id = tests.seed_id('adly.workspace:one')), 0::bigint,
  'a member does not read the audit log');
select tests.clear_authentication();

-- deleting a user keeps his audit rows, without him
select lives_ok($$delete from auth.users where id = tests.seed_id('user:adly-viewer')$$,
  'a user who appears in audit rows can be deleted');
select is((select user_id from adly.audit_logs where workspace_id = tests.seed_id('adly.workspace:one')
  and action = 'member.left'), null::uuid,
  'his audit rows stay, with user_id null');

select * from finish();
rollback;
