-- Course platform demo data. Runs as postgres after supabase/seed.sql (the demo auth users).
--
-- admin@example.com  admin of the course platform
-- alice@example.com  buyer: purchased "Full-Stack Foundations" (access to JavaScript Essentials and
--                    Node.js APIs), completed two lessons
-- bob@example.com    enrolled, bought nothing
-- carol..frank       enrolled learners without purchases
--
-- "Full-Stack Foundations" and "Frontend Bundle" share the course "JavaScript Essentials", whose
-- sections and lessons cover every status. "Team Workshop" is a private product.

-- ============================================================================================
-- users
-- ============================================================================================

insert into courses.users (id, name, email, role)
select au.id, au.raw_user_meta_data ->> 'full_name', au.email,
       case when au.email = 'admin@example.com' then 'admin' else 'user' end::courses.user_role
from auth.users au
where au.id in (
  'a0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000002',
  'a0000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000004',
  'a0000000-0000-4000-8000-000000000005', 'a0000000-0000-4000-8000-000000000006',
  'a0000000-0000-4000-8000-000000000007'
)
on conflict (id) do nothing;

-- ============================================================================================
-- catalogue
-- ============================================================================================

insert into courses.products (id, name, description, image_url, price_dollars, status) values
  ('c1000000-0000-4000-8000-000000000001', 'Full-Stack Foundations', -- seed: courses.product:full-stack
   'JavaScript from the ground up, then HTTP APIs with Node.js.',
   'https://images.example.com/products/full-stack-foundations.png', 199, 'public'),
  ('c1000000-0000-4000-8000-000000000002', 'Frontend Bundle', -- seed: courses.product:frontend-bundle
   'JavaScript essentials and modern React.',
   'https://images.example.com/products/frontend-bundle.png', 149, 'public'),
  ('c1000000-0000-4000-8000-000000000003', 'Team Workshop', -- seed: courses.product:team-workshop
   'A private workshop sold to teams by invoice.',
   'https://images.example.com/products/team-workshop.png', 999, 'private')
on conflict (id) do nothing;

insert into courses.courses (id, title, description) values
  ('c2000000-0000-4000-8000-000000000001', 'JavaScript Essentials', -- seed: courses.course:javascript
    'Values, functions, objects and the event loop.'),
  ('c2000000-0000-4000-8000-000000000002', 'Node.js APIs', -- seed: courses.course:nodejs
    'HTTP servers, routing, validation and persistence.'),
  ('c2000000-0000-4000-8000-000000000003', 'Modern React', -- seed: courses.course:react
    'Components, state, effects and data fetching.'),
  ('c2000000-0000-4000-8000-000000000004', 'Workshop Materials', -- seed: courses.course:workshop
    'Exercises for the team workshop.')
on conflict (id) do nothing;

insert into courses.course_products (course_id, product_id) values
  ('c2000000-0000-4000-8000-000000000001', 'c1000000-0000-4000-8000-000000000001'),
  ('c2000000-0000-4000-8000-000000000002', 'c1000000-0000-4000-8000-000000000001'),
  ('c2000000-0000-4000-8000-000000000001', 'c1000000-0000-4000-8000-000000000002'),
  ('c2000000-0000-4000-8000-000000000003', 'c1000000-0000-4000-8000-000000000002'),
  ('c2000000-0000-4000-8000-000000000004', 'c1000000-0000-4000-8000-000000000003')
on conflict (course_id, product_id) do nothing;

-- JavaScript Essentials: two public sections and a private one, with lessons of every status.
insert into courses.course_sections (id, course_id, name, status, position) values
  ('c3000000-0000-4000-8000-000000000001', -- seed: courses.course_section:js-getting-started
    'c2000000-0000-4000-8000-000000000001', 'Getting started', 'public', 0),
  ('c3000000-0000-4000-8000-000000000002', -- seed: courses.course_section:js-functions
    'c2000000-0000-4000-8000-000000000001', 'Functions and scope', 'public', 1),
  ('c3000000-0000-4000-8000-000000000003', -- seed: courses.course_section:js-drafts
    'c2000000-0000-4000-8000-000000000001', 'Drafts', 'private', 2),
  ('c3000000-0000-4000-8000-000000000004', -- seed: courses.course_section:node-http
    'c2000000-0000-4000-8000-000000000002', 'HTTP basics', 'public', 0),
  ('c3000000-0000-4000-8000-000000000005', -- seed: courses.course_section:react-components
    'c2000000-0000-4000-8000-000000000003', 'Components', 'public', 0),
  ('c3000000-0000-4000-8000-000000000006', -- seed: courses.course_section:workshop-day-one
    'c2000000-0000-4000-8000-000000000004', 'Day one', 'public', 0)
on conflict (id) do nothing;

insert into courses.lessons (id, section_id, name, description, status, position) values
  ('c4000000-0000-4000-8000-000000000001', 'c3000000-0000-4000-8000-000000000001', -- seed: courses.lesson:js-welcome
    'Welcome', 'What the course covers.', 'preview', 0),
  ('c4000000-0000-4000-8000-000000000002', 'c3000000-0000-4000-8000-000000000001', -- seed: courses.lesson:js-values
    'Values and types', null, 'public', 1),
  ('c4000000-0000-4000-8000-000000000003', -- seed: courses.lesson:js-recording-notes
    'c3000000-0000-4000-8000-000000000001', 'Recording notes', 'Not published yet.', 'private', 2),
  ('c4000000-0000-4000-8000-000000000004', -- seed: courses.lesson:js-declaring-functions
    'c3000000-0000-4000-8000-000000000002', 'Declaring functions', null, 'public', 0),
  ('c4000000-0000-4000-8000-000000000005', 'c3000000-0000-4000-8000-000000000002', -- seed: courses.lesson:js-closures
    'Closures in five minutes', null, 'preview', 1),
  ('c4000000-0000-4000-8000-000000000006', -- seed: courses.lesson:js-async-iterators
    'c3000000-0000-4000-8000-000000000003', 'Async iterators', null, 'public', 0),
  ('c4000000-0000-4000-8000-000000000007', 'c3000000-0000-4000-8000-000000000003', -- seed: courses.lesson:js-generators
    'Generators teaser', null, 'preview', 1),
  ('c4000000-0000-4000-8000-000000000008', -- seed: courses.lesson:node-first-server
    'c3000000-0000-4000-8000-000000000004', 'Your first server', null, 'preview', 0),
  ('c4000000-0000-4000-8000-000000000009', 'c3000000-0000-4000-8000-000000000004', -- seed: courses.lesson:node-routing
    'Routing', null, 'public', 1),
  ('c4000000-0000-4000-8000-000000000010', -- seed: courses.lesson:react-components
    'c3000000-0000-4000-8000-000000000005', 'Thinking in components', null, 'preview', 0),
  ('c4000000-0000-4000-8000-000000000011', 'c3000000-0000-4000-8000-000000000005', -- seed: courses.lesson:react-state
    'State and props', null, 'public', 1),
  ('c4000000-0000-4000-8000-000000000012', -- seed: courses.lesson:workshop-setup
    'c3000000-0000-4000-8000-000000000006', 'Setup', null, 'public', 0)
on conflict (id) do nothing;

-- ============================================================================================
-- purchases and progress (through the same function the Stripe webhook calls)
-- ============================================================================================

select courses.record_purchase(
  'a0000000-0000-4000-8000-000000000002', 'c1000000-0000-4000-8000-000000000001',
  'cs_test_demo_alice_full_stack', 19900, 'pi_test_demo_alice_full_stack'
);

insert into courses.user_lesson_complete (user_id, lesson_id) values
  ('a0000000-0000-4000-8000-000000000002', 'c4000000-0000-4000-8000-000000000001'),
  ('a0000000-0000-4000-8000-000000000002', 'c4000000-0000-4000-8000-000000000002')
on conflict (user_id, lesson_id) do nothing;
