-- The marketplace function register: which functions run with definer rights and which API
-- roles may execute each. A new function, or a changed grant, must be reviewed and added here
-- and in docs/marketplace.md.
begin;
select plan(3);

select results_eq(
  $$select p.oid::regprocedure::text, p.prosecdef,
           has_function_privilege('anon', p.oid, 'execute'),
           has_function_privilege('authenticated', p.oid, 'execute'),
           has_function_privilege('service_role', p.oid, 'execute')
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'marketplace' or (n.nspname = 'private' and p.proname like 'marketplace\_%')
    order by 1$$,
  $$values
    ('marketplace.apply_closed_checkout(text,boolean)', true, false, false, true),
    ('marketplace.apply_paid_checkout(uuid,uuid,text,timestamp with time zone,text,text,text,jsonb)', true, false,
      false, true),
    ('marketplace.apply_refund(text,boolean,bigint,bigint,timestamp with time zone)', true, false, false, true),
    ('marketplace.author_names(uuid[])', false, true, true, true),
    ('marketplace.create_checkout_purchase(uuid,uuid,text,marketplace.payment_method,numeric,numeric)', true, false,
      false, true),
    ('marketplace.download_workflow(uuid)', false, false, true, false),
    ('marketplace.enroll_current_user()', false, false, true, false),
    ('marketplace.fulfil_checkout_purchase(text,timestamp with time zone,text,marketplace.payment_method,text,text,'
     'jsonb)', true, false, false, true),
    ('marketplace.price_checkout_item(uuid,uuid)', true, false, false, true),
    ('marketplace.refund_checkout_purchase(text,timestamp with time zone)', true, false, false, true),
    ('marketplace.reject_checkout_purchase(text,marketplace.purchase_status)', true, false, false, true),
    ('marketplace.search_catalogue(uuid,numeric,numeric,text,integer,integer)', false, true, true, true),
    ('private.marketplace_audit_change()', true, false, false, false),
    ('private.marketplace_author_names(uuid[])', true, true, true, true),
    ('private.marketplace_comment_is_visible(uuid)', true, true, true, false),
    ('private.marketplace_count_comment_like()', true, false, false, false),
    ('private.marketplace_download_workflow(uuid)', true, false, true, false),
    ('private.marketplace_enroll_current_user()', true, false, true, false),
    ('private.marketplace_ensure_user(uuid)', true, false, false, false),
    ('private.marketplace_guard_user_update()', false, false, false, false),
    ('private.marketplace_handle_new_user()', true, false, false, false),
    ('private.marketplace_has_access(uuid)', true, false, true, false),
    ('private.marketplace_is_active_user()', true, false, true, false),
    ('private.marketplace_is_admin()', true, false, true, false),
    ('private.marketplace_notify(uuid,marketplace.notification_type,text,text)', true, false, false, false),
    ('private.marketplace_owns_purchase(uuid)', true, false, true, false),
    ('private.marketplace_purchase_for_update(text)', true, false, false, false),
    ('private.marketplace_refresh_workflow_rating(uuid)', true, false, false, false),
    ('private.marketplace_review_changed()', true, false, false, false),
    ('private.marketplace_search_catalogue(uuid,numeric,numeric,text,integer,integer)', true, true, true, true),
    ('private.marketplace_sync_auth_user()', true, false, false, false),
    ('private.marketplace_workflow_is_visible(uuid)', true, true, true, false)$$,
  'marketplace functions: definer rights and execute privileges are exactly the documented ones'
);

select is(
  (select array_agg(p.oid::regprocedure::text)
   from pg_proc p join pg_namespace n on n.oid = p.pronamespace
   where (n.nspname = 'marketplace' or (n.nspname = 'private' and p.proname like 'marketplace\_%'))
     and not coalesce(p.proconfig, '{}') @> array['search_path=""']),
  null,
  'every marketplace function, definer or not, runs with an empty search_path'
);

-- the private helpers are not reachable as RPCs: the schema is not exposed by the Data API
select is(
  (select 'private' = any (private.exposed_schemas())), false, 'the private schema is not exposed');

select * from finish();
rollback;
