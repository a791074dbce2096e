-- Demo identities shared by every product. Each product's seed in seeds/ gives them roles and
-- data. Every demo user signs in with the password "password123".

-- Inserted as Supabase Auth stores a confirmed e-mail sign-up. Auth reads its token columns as
-- strings, so they are empty rather than null (a null there makes every sign-in of the user fail
-- with "Database error querying schema"), and instance_id is the nil UUID.
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  confirmation_token, recovery_token, email_change_token_new, email_change,
  email_change_token_current, phone_change, phone_change_token, reauthentication_token,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at
)
select
  '00000000-0000-0000-0000-000000000000', demo.id, 'authenticated', 'authenticated', demo.email,
  extensions.crypt('password123', extensions.gen_salt('bf')), now(),
  '', '', '', '', '', '', '', '',
  '{"provider": "email", "providers": ["email"]}'::jsonb,
  jsonb_build_object('full_name', demo.full_name), now(), now()
from (values
  ('a0000000-0000-4000-8000-000000000001'::uuid, 'admin@example.com', 'Ada Admin'), -- seed: user:admin
  ('a0000000-0000-4000-8000-000000000002'::uuid, 'alice@example.com', 'Alice Archer'), -- seed: user:alice
  ('a0000000-0000-4000-8000-000000000003'::uuid, 'bob@example.com',   'Bob Baker'), -- seed: user:bob
  ('a0000000-0000-4000-8000-000000000004'::uuid, 'carol@example.com', 'Carol Chen'), -- seed: user:carol
  ('a0000000-0000-4000-8000-000000000005'::uuid, 'dave@example.com',  'Dave Diaz'), -- seed: user:dave
  ('a0000000-0000-4000-8000-000000000006'::uuid, 'erin@example.com',  'Erin Evans'), -- seed: user:erin
  ('a0000000-0000-4000-8000-000000000007'::uuid, 'frank@example.com', 'Frank Fox') -- seed: user:frank
) as demo (id, email, full_name)
on conflict (id) do nothing;

-- An e-mail identity, as Auth records one at sign-up, where postgres may write Auth's identities.
-- Current Supabase images let postgres only read them; a password sign-in does not need one.
do $identities$
begin
  if pg_catalog.has_table_privilege('auth.identities', 'insert') then
    insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
    select u.id::text, u.id, jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true), 'email',
    now(), now()
    from auth.users u
    where u.id::text like 'a0000000-0000-4000-8000-%'
    on conflict (provider_id, provider) do nothing;
  end if;
end
$identities$;
