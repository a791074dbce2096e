-- Demo identities shared by every product. Each product's seed in seeds/ gives them roles and
-- data. Every demo user signs in with the password "password123".

insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at
)
select
  '00000000-0000-0000-0000-000000000000', demo.id, 'authenticated', 'authenticated', demo.email,
  extensions.crypt('password123', extensions.gen_salt('bf')), now(),
  '{"provider": "email", "providers": ["email"]}'::jsonb,
  jsonb_build_object('full_name', demo.full_name), now(), now()
from (values
  ('a0000000-0000-4000-8000-000000000001'::uuid, 'admin@example.com', 'Ada Admin'),
  ('a0000000-0000-4000-8000-000000000002'::uuid, 'alice@example.com', 'Alice Archer'),
  ('a0000000-0000-4000-8000-000000000003'::uuid, 'bob@example.com',   'Bob Baker'),
  ('a0000000-0000-4000-8000-000000000004'::uuid, 'carol@example.com', 'Carol Chen'),
  ('a0000000-0000-4000-8000-000000000005'::uuid, 'dave@example.com',  'Dave Diaz'),
  ('a0000000-0000-4000-8000-000000000006'::uuid, 'erin@example.com',  'Erin Evans'),
  ('a0000000-0000-4000-8000-000000000007'::uuid, 'frank@example.com', 'Frank Fox')
) as demo (id, email, full_name)
on conflict (id) do nothing;

insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
select u.id::text, u.id, jsonb_build_object('sub', u.id::text, 'email', u.email), 'email', now(), now()
from auth.users u
where u.id::text like 'a0000000-0000-4000-8000-%'
on conflict (provider_id, provider) do nothing;
