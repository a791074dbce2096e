-- Table and column privileges of the API roles on every marketplace table, as reviewed: RLS
-- narrows rows within these. A column list means only those columns may be inserted (I) or
-- updated (U); counters, ids, ownership-changing and database-maintained columns are absent.
begin;
select plan(2);

select results_eq(
  $$select c.relname::text collate "default", r.rolname::text,
  array_to_string(array(select p from
  unnest(array['SELECT','INSERT','UPDATE','DELETE','TRUNCATE','REFERENCES','TRIGGER']) p
  where has_table_privilege(r.rolname, c.oid, p)), ','),
  coalesce((select string_agg(a.attname::text collate "default" || ':' || concat_ws('', case
  when has_column_privilege(r.rolname, c.oid, a.attnum, 'INSERT')
  and not has_table_privilege(r.rolname, c.oid, 'INSERT') then 'I' end, case
  when has_column_privilege(r.rolname, c.oid, a.attnum, 'UPDATE')
  and not has_table_privilege(r.rolname, c.oid, 'UPDATE') then 'U' end), ' ' order by a.attnum)
   from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     and ((has_column_privilege(r.rolname, c.oid, a.attnum, 'INSERT')
     and not has_table_privilege(r.rolname, c.oid, 'INSERT'))
       or (has_column_privilege(r.rolname, c.oid, a.attnum, 'UPDATE')
       and not has_table_privilege(r.rolname, c.oid, 'UPDATE')))), '')
from pg_class c join pg_namespace n on n.oid = c.relnamespace cross
  join (values ('anon'), ('authenticated'), ('service_role')) r (rolname)
where n.nspname = 'marketplace' and c.relkind = 'r' order by 1, 2$$,
  $$values
    ('analytics_daily', 'anon', '', ''),
    ('analytics_daily', 'authenticated', 'SELECT', ''),
    ('analytics_daily', 'service_role', 'SELECT', ''),
    ('audit_logs', 'anon', '', ''),
    ('audit_logs', 'authenticated', 'SELECT', ''),
    ('audit_logs', 'service_role', 'SELECT', ''),
    ('categories', 'anon', 'SELECT', ''),
    ('categories', 'authenticated', 'SELECT,INSERT,UPDATE,DELETE', ''),
    ('categories', 'service_role', 'SELECT,INSERT,UPDATE,DELETE', ''),
    ('comment_likes', 'anon', 'SELECT', ''),
    ('comment_likes', 'authenticated', 'SELECT,DELETE', 'comment_id:I user_id:I'),
    ('comment_likes', 'service_role', 'SELECT,INSERT,DELETE', ''),
    ('comments', 'anon', 'SELECT', ''),
    ('comments', 'authenticated', 'SELECT,DELETE', 'workflow_id:I user_id:I parent_comment_id:I content:IU'),
    ('comments', 'service_role', 'SELECT,DELETE', 'id:I workflow_id:I user_id:I parent_comment_id:I content:IU'),
    ('contact_messages', 'anon', '', 'name:I email:I subject:I message:I'),
    ('contact_messages', 'authenticated', 'SELECT,DELETE', 'user_id:I name:I email:I subject:I message:I is_read:U'),
    ('contact_messages', 'service_role', 'SELECT,INSERT,UPDATE,DELETE', ''),
    ('favorites', 'anon', '', ''),
    ('favorites', 'authenticated', 'SELECT,DELETE', 'user_id:I workflow_id:I'),
    ('favorites', 'service_role', 'SELECT,INSERT,DELETE', ''),
    ('invoice_counters', 'anon', '', ''),
    ('invoice_counters', 'authenticated', 'SELECT', ''),
    ('invoice_counters', 'service_role', 'SELECT', ''),
    ('invoices', 'anon', '', ''),
    ('invoices', 'authenticated', 'SELECT', ''),
    ('invoices', 'service_role', 'SELECT', ''),
    ('notifications', 'anon', '', ''),
    ('notifications', 'authenticated', 'SELECT,DELETE', 'user_id:I type:I title:I message:I is_unread:U'),
    ('notifications', 'service_role', 'SELECT,INSERT,UPDATE,DELETE', ''),
    ('purchases', 'anon', '', ''),
    ('purchases', 'authenticated', 'SELECT', ''),
    ('purchases', 'service_role', 'SELECT', ''),
    ('system_settings', 'anon', '', ''),
    ('system_settings', 'authenticated', 'SELECT,INSERT,UPDATE,DELETE', ''),
    ('system_settings', 'service_role', 'SELECT,INSERT,UPDATE,DELETE', ''),
    ('user_settings', 'anon', '', ''),
    ('user_settings', 'authenticated', 'SELECT',
      'user_id:I email_notifications:IU workflow_updates:IU marketing_emails:IU locale:IU timezone:IU'),
    ('user_settings', 'service_role', 'SELECT,INSERT,UPDATE,DELETE', ''),
    ('users', 'anon', '', ''),
    ('users', 'authenticated', 'SELECT', 'name:U role:U is_deleted:U'),
    ('users', 'service_role', 'SELECT,INSERT,UPDATE,DELETE', ''),
    ('workflow_assets', 'anon', 'SELECT', ''),
    ('workflow_assets', 'authenticated', 'SELECT,INSERT,UPDATE,DELETE', ''),
    ('workflow_assets', 'service_role', 'SELECT,INSERT,UPDATE,DELETE', ''),
    ('workflow_categories', 'anon', 'SELECT', ''),
    ('workflow_categories', 'authenticated', 'SELECT,INSERT,UPDATE,DELETE', ''),
    ('workflow_categories', 'service_role', 'SELECT,INSERT,UPDATE,DELETE', ''),
    ('workflow_docs', 'anon', 'SELECT', ''),
    ('workflow_docs', 'authenticated', 'SELECT,INSERT,UPDATE,DELETE', ''),
    ('workflow_docs', 'service_role', 'SELECT,INSERT,UPDATE,DELETE', ''),
    ('workflow_packages', 'anon', '', ''),
    ('workflow_packages', 'authenticated', 'SELECT,INSERT,UPDATE,DELETE', ''),
    ('workflow_packages', 'service_role', 'SELECT,INSERT,UPDATE,DELETE', ''),
    ('workflow_reviews', 'anon', 'SELECT', ''),
    ('workflow_reviews', 'authenticated', 'SELECT,DELETE', 'workflow_id:I user_id:I rating:IU title:IU body:IU'),
    ('workflow_reviews', 'service_role', 'SELECT,INSERT,UPDATE,DELETE', ''),
    ('workflows', 'anon', 'SELECT', ''),
    ('workflows', 'authenticated', 'SELECT,DELETE',
      'title:IU description:IU price:IU currency:IU status:IU video_url:IU tags:IU features:IU is_deleted:IU'),
    ('workflows', 'service_role', 'SELECT,DELETE',
      'id:I title:IU description:IU price:IU currency:IU status:IU video_url:IU tags:IU features:IU is_deleted:IU')$$,
  'API role privileges on marketplace tables are exactly the reviewed ones'
);

select is(
  (select array_agg(c.relname::text order by c.relname)
   from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where n.nspname = 'marketplace' and c.relkind = 'r'
     and (has_table_privilege('anon', c.oid, 'TRUNCATE') or has_table_privilege('authenticated', c.oid, 'TRUNCATE')
       or has_table_privilege('service_role', c.oid, 'TRUNCATE')
       or has_table_privilege('authenticated', c.oid, 'TRIGGER'))),
  null,
  'no API role may truncate a marketplace table or create triggers on it'
);

select * from finish();
rollback;
