-- Course platform: types, tables, indexes and updated_at triggers.
-- Row level security is enabled here; the policies live in 20260401000400_courses_policies.sql.

-- ============================================================================================
-- types
-- ============================================================================================

create type courses.user_role as enum ('admin', 'user');
create type courses.product_status as enum ('public', 'private');
create type courses.course_section_status as enum ('public', 'private');
create type courses.lesson_status as enum ('public', 'private', 'preview');
create type courses.access_change_action as enum ('grant', 'revoke');
create type courses.access_change_source as enum ('admin', 'purchase', 'refund');

comment on type courses.user_role is 'admin: manages the catalogue, users and access; user: learner.';
comment on type courses.product_status is 'public: listed and for sale; private: hidden, admins only.';
comment on type courses.course_section_status is 'public: visible with the course; private: admins only.';
comment on type courses.lesson_status is
  'preview: readable by anyone who can see the course; public: readable with course access; private: admins only.';
comment on type courses.access_change_action is 'What happened to a user''s access to a course.';
comment on type courses.access_change_source is
  'Who caused an access change: an admin by hand, a purchase, or a refund.';

-- ============================================================================================
-- tables
-- ============================================================================================

create table courses.users (
  id uuid not null,
  name text not null,
  email text not null,
  role courses.user_role not null default 'user',
  image_url text,
  deleted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint users_pkey primary key (id),
  constraint users_id_fkey foreign key (id) references auth.users (id) on delete cascade,
  constraint users_name_not_blank check (length(btrim(name)) between 1 and 200),
  constraint users_email_not_blank check (length(btrim(email)) between 3 and 320),
  constraint users_image_url_length check (image_url is null or length(image_url) <= 2048)
);

comment on table courses.users is
  'Course platform learners and admins, one row per auth user who enrolled. role and deleted_at '
  'change only through admin functions; deleted_at is a soft delete.';
comment on column courses.users.email is 'Copied from auth.users at enrolment and kept in sync by a trigger.';
comment on column courses.users.deleted_at is 'Soft delete: the account keeps its purchases but loses every access.';

create table courses.products (
  id uuid not null default extensions.gen_random_uuid(),
  name text not null,
  description text not null,
  image_url text not null,
  price_dollars integer not null,
  status courses.product_status not null default 'private',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint products_pkey primary key (id),
  constraint products_name_not_blank check (length(btrim(name)) between 1 and 200),
  constraint products_description_length check (length(description) <= 10000),
  constraint products_image_url_not_blank check (length(btrim(image_url)) between 1 and 2048),
  -- Stripe's largest amount for USD is 999,999.99 dollars.
  constraint products_price_dollars_range check (price_dollars between 0 and 999999)
);

comment on table courses.products is
  'What is sold: a bundle of courses at a price in whole dollars. Only public products are listed and for sale.';

create table courses.courses (
  id uuid not null default extensions.gen_random_uuid(),
  title text not null,
  description text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint courses_pkey primary key (id),
  constraint courses_title_not_blank check (length(btrim(title)) between 1 and 200),
  constraint courses_description_length check (length(description) <= 10000)
);

comment on table courses.courses is
  'A course: visible to anyone when a public product contains it, and to users with access to it.';

create table courses.course_sections (
  id uuid not null default extensions.gen_random_uuid(),
  course_id uuid not null,
  name text not null,
  status courses.course_section_status not null default 'private',
  position integer not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint course_sections_pkey primary key (id),
  constraint course_sections_course_id_fkey foreign key (course_id)
    references courses.courses (id) on delete cascade,
  constraint course_sections_name_not_blank check (length(btrim(name)) between 1 and 200),
  constraint course_sections_position_not_negative check (position >= 0),
  -- Deferrable so that one statement may shift several positions (reordering).
  constraint course_sections_course_id_position_key unique (course_id, position)
    deferrable initially immediate
);

comment on table courses.course_sections is
  'Ordered sections of a course; private sections are visible to admins only.';
comment on column courses.course_sections.position is
  'Display order within the course (the seed''s "order"), unique per course.';

create table courses.lessons (
  id uuid not null default extensions.gen_random_uuid(),
  section_id uuid not null,
  name text not null,
  description text,
  status courses.lesson_status not null default 'private',
  position integer not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint lessons_pkey primary key (id),
  constraint lessons_section_id_fkey foreign key (section_id)
    references courses.course_sections (id) on delete cascade,
  constraint lessons_name_not_blank check (length(btrim(name)) between 1 and 200),
  constraint lessons_description_length check (description is null or length(description) <= 20000),
  constraint lessons_position_not_negative check (position >= 0),
  constraint lessons_section_id_position_key unique (section_id, position)
    deferrable initially immediate
);

comment on table courses.lessons is
  'Ordered lessons of a section. preview lessons of public sections are open to anyone who can see the '
  'course, public lessons need course access, private lessons are for admins.';
comment on column courses.lessons.position is
  'Display order within the section (the seed''s "order"), unique per section.';

create table courses.purchases (
  id uuid not null default extensions.gen_random_uuid(),
  price_paid_in_cents integer not null,
  product_details jsonb not null,
  user_id uuid not null,
  product_id uuid not null,
  stripe_session_id text not null,
  stripe_payment_intent_id text,
  granted_course_ids uuid[] not null default '{}',
  refunded_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint purchases_pkey primary key (id),
  constraint purchases_user_id_fkey foreign key (user_id)
    references courses.users (id) on delete restrict,
  constraint purchases_product_id_fkey foreign key (product_id)
    references courses.products (id) on delete restrict,
  constraint purchases_stripe_session_id_key unique (stripe_session_id),
  constraint purchases_stripe_payment_intent_id_key unique (stripe_payment_intent_id),
  constraint purchases_price_paid_not_negative check (price_paid_in_cents >= 0),
  constraint purchases_stripe_session_id_not_blank check (length(btrim(stripe_session_id)) between 1 and 255),
  constraint purchases_stripe_payment_intent_id_not_blank
    check (stripe_payment_intent_id is null or length(btrim(stripe_payment_intent_id)) between 1 and 255),
  constraint purchases_product_details_shape check (
    jsonb_typeof(product_details) = 'object'
    and jsonb_typeof(product_details -> 'name') is not distinct from 'string'
    and jsonb_typeof(product_details -> 'description') is not distinct from 'string'
    and jsonb_typeof(product_details -> 'image_url') is not distinct from 'string'
  )
);

comment on table courses.purchases is
  'One row per paid Stripe checkout session. Written only by courses.record_purchase and '
  'courses.refund_purchase; the snapshot columns never change after insert.';
comment on column courses.purchases.product_details is
  'Snapshot of the product at purchase time: {"name", "description", "image_url"}. Immutable.';
comment on column courses.purchases.granted_course_ids is
  'The courses the product contained at purchase time: the access this purchase grants. Immutable.';
comment on column courses.purchases.refunded_at is 'Set once by courses.refund_purchase; never cleared.';

create table courses.course_products (
  course_id uuid not null,
  product_id uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint course_products_pkey primary key (course_id, product_id),
  constraint course_products_course_id_fkey foreign key (course_id)
    references courses.courses (id) on delete restrict,
  constraint course_products_product_id_fkey foreign key (product_id)
    references courses.products (id) on delete cascade
);

comment on table courses.course_products is
  'Which courses a product contains. A course linked to a product cannot be deleted.';

create table courses.user_course_access (
  user_id uuid not null,
  course_id uuid not null,
  granted_manually boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint user_course_access_pkey primary key (user_id, course_id),
  constraint user_course_access_user_id_fkey foreign key (user_id)
    references courses.users (id) on delete cascade,
  constraint user_course_access_course_id_fkey foreign key (course_id)
    references courses.courses (id) on delete cascade
);

comment on table courses.user_course_access is
  'Who may read a course''s lessons. Written only by the purchase, refund and admin access functions.';
comment on column courses.user_course_access.granted_manually is
  'True when an admin granted the access by hand: a refund then leaves it in place.';

create table courses.user_lesson_complete (
  user_id uuid not null,
  lesson_id uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint user_lesson_complete_pkey primary key (user_id, lesson_id),
  constraint user_lesson_complete_user_id_fkey foreign key (user_id)
    references courses.users (id) on delete cascade,
  constraint user_lesson_complete_lesson_id_fkey foreign key (lesson_id)
    references courses.lessons (id) on delete cascade
);

comment on table courses.user_lesson_complete is
  'Lessons a user marked complete (once each, and only lessons he may read). created_at is the completion time.';

create table courses.access_changes (
  id uuid not null default extensions.gen_random_uuid(),
  user_id uuid not null,
  course_id uuid not null,
  action courses.access_change_action not null,
  source courses.access_change_source not null,
  purchase_id uuid,
  actor_id uuid,
  reason text,
  created_at timestamptz not null default now(),
  constraint access_changes_pkey primary key (id),
  constraint access_changes_user_id_fkey foreign key (user_id)
    references courses.users (id) on delete cascade,
  constraint access_changes_course_id_fkey foreign key (course_id)
    references courses.courses (id) on delete cascade,
  constraint access_changes_purchase_id_fkey foreign key (purchase_id)
    references courses.purchases (id) on delete set null,
  constraint access_changes_actor_id_fkey foreign key (actor_id)
    references courses.users (id) on delete set null,
  constraint access_changes_reason_length check (reason is null or length(reason) <= 1000),
  constraint access_changes_source_matches check (
    (source = 'admin' and purchase_id is null)
    or (source = 'purchase' and action = 'grant')
    or (source = 'refund' and action = 'revoke')
  )
);

comment on table courses.access_changes is
  'Append-only audit log of every grant and revoke of course access: by an admin (actor_id, reason), '
  'by a purchase or by a refund (purchase_id). Readable by admins only.';

-- ============================================================================================
-- indexes
-- ============================================================================================

-- users: policies filter on id (primary key) and on role for the admin check.
create index users_role_idx on courses.users (role) where deleted_at is null;

-- catalogue
create index products_status_idx on courses.products (status);
create index course_products_product_id_idx on courses.course_products (product_id);
-- course_sections (course_id, position) and lessons (section_id, position) are covered by their
-- unique constraints.
create index course_sections_status_idx on courses.course_sections (course_id, status);
create index lessons_status_idx on courses.lessons (section_id, status);

-- purchases: history per user, newest first (the seed's purchase history query), and the
-- product foreign key.
create index purchases_user_id_created_at_idx on courses.purchases (user_id, created_at desc);
create index purchases_product_id_idx on courses.purchases (product_id);
create index purchases_user_id_product_id_unrefunded_idx on courses.purchases (user_id, product_id)
  where refunded_at is null;

-- access and progress: the primary keys lead with user_id; the other side needs its own index.
create index user_course_access_course_id_idx on courses.user_course_access (course_id);
create index user_lesson_complete_lesson_id_idx on courses.user_lesson_complete (lesson_id);

-- audit log
create index access_changes_user_id_created_at_idx on courses.access_changes (user_id, created_at desc);
create index access_changes_course_id_idx on courses.access_changes (course_id);
create index access_changes_purchase_id_idx on courses.access_changes (purchase_id);
create index access_changes_actor_id_idx on courses.access_changes (actor_id);

-- ============================================================================================
-- triggers
-- ============================================================================================

create trigger set_updated_at before update on courses.users
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on courses.products
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on courses.courses
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on courses.course_sections
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on courses.lessons
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on courses.purchases
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on courses.course_products
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on courses.user_course_access
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on courses.user_lesson_complete
  for each row execute function private.set_updated_at();

-- A purchase is a record of what was paid for: its snapshot never changes, and a refund is final.
create function private.courses_guard_purchase_update()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.id is distinct from old.id
     or new.price_paid_in_cents is distinct from old.price_paid_in_cents
     or new.product_details is distinct from old.product_details
     or new.user_id is distinct from old.user_id
     or new.product_id is distinct from old.product_id
     or new.stripe_session_id is distinct from old.stripe_session_id
     or new.granted_course_ids is distinct from old.granted_course_ids
     or new.created_at is distinct from old.created_at then
    raise exception 'purchase % is immutable: only refunded_at and a missing payment intent may be set', old.id
      using errcode = 'CR010';
  end if;
  if old.stripe_payment_intent_id is not null
     and new.stripe_payment_intent_id is distinct from old.stripe_payment_intent_id then
    raise exception 'purchase % already has a payment intent', old.id
      using errcode = 'CR010';
  end if;
  if old.refunded_at is not null and new.refunded_at is distinct from old.refunded_at then
    raise exception 'purchase % was refunded: the refund cannot be changed or undone', old.id
      using errcode = 'CR010';
  end if;
  return new;
end;
$$;

comment on function private.courses_guard_purchase_update() is
  'BEFORE UPDATE on courses.purchases: keeps the snapshot immutable and refunds final.';

revoke execute on function private.courses_guard_purchase_update() from public;

create trigger guard_purchase_update before update on courses.purchases
  for each row execute function private.courses_guard_purchase_update();

-- ============================================================================================
-- row level security (policies: 20260401000400_courses_policies.sql)
-- ============================================================================================

alter table courses.users enable row level security;
alter table courses.products enable row level security;
alter table courses.courses enable row level security;
alter table courses.course_sections enable row level security;
alter table courses.lessons enable row level security;
alter table courses.purchases enable row level security;
alter table courses.course_products enable row level security;
alter table courses.user_course_access enable row level security;
alter table courses.user_lesson_complete enable row level security;
alter table courses.access_changes enable row level security;
