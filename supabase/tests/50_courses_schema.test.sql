-- Course platform: the tables, keys, enums and the deletion rules the seed's "Key Business Rules" give.
begin;
select plan(42);

-- tables
select has_table('courses', t, format('courses.%s exists', t))
from unnest(array['users', 'products', 'courses', 'course_sections', 'lessons', 'purchases',
  'course_products', 'user_course_access', 'user_lesson_complete', 'access_changes']) as t;

-- enums
select enum_has_labels('courses', 'user_role', array['admin', 'user']);
select enum_has_labels('courses', 'product_status', array['public', 'private']);
select enum_has_labels('courses', 'course_section_status', array['public', 'private']);
select enum_has_labels('courses', 'lesson_status', array['public', 'private', 'preview']);

-- keys
select col_is_pk('courses', 'course_products', array['course_id', 'product_id']::name[],
  'course_products primary key (course_id, product_id)');
select col_is_pk('courses', 'user_course_access', array['user_id', 'course_id']::name[],
  'user_course_access primary key (user_id, course_id)');
select col_is_pk('courses', 'user_lesson_complete', array['user_id', 'lesson_id']::name[],
  'user_lesson_complete primary key (user_id, lesson_id)');
select col_is_unique('courses', 'purchases', array['stripe_session_id']::name[],
  'purchases unique (stripe_session_id)');
select col_is_unique('courses', 'course_sections', array['course_id', 'position']::name[],
  'course_sections unique (course_id, position)');
select col_is_unique('courses', 'lessons', array['section_id', 'position']::name[],
  'lessons unique (section_id, position)');

-- defaults
select is((select column_default from information_schema.columns where table_schema = 'courses'
  and table_name = 'users' and column_name = 'role'), '''user''::courses.user_role', 'users.role defaults to user');
select is((select column_default from information_schema.columns where table_schema = 'courses'
  and table_name = 'products' and column_name = 'status'), '''private''::courses.product_status',
  'products.status defaults to private');
select is((select column_default from information_schema.columns where table_schema = 'courses'
  and table_name = 'course_sections' and column_name = 'status'), '''private''::courses.course_section_status',
  'course_sections.status defaults to private');
select is((select column_default from information_schema.columns where table_schema = 'courses'
  and table_name = 'lessons' and column_name = 'status'), '''private''::courses.lesson_status',
  'lessons.status defaults to private');
select col_is_null('courses', 'users', 'deleted_at', 'users.deleted_at is nullable (soft delete)');
select col_is_null('courses', 'lessons', 'description', 'lessons.description is nullable');

-- referential actions, exactly as the seed's business rules list them
select is(
  (select confdeltype::text from pg_constraint where conname = c.name and connamespace = 'courses'::regnamespace),
  c.action,
  format('%s deletes with action %s', c.name, c.action)
)
from (values
  ('users_id_fkey', 'c'),
  ('course_sections_course_id_fkey', 'c'),
  ('lessons_section_id_fkey', 'c'),
  ('purchases_user_id_fkey', 'r'),
  ('purchases_product_id_fkey', 'r'),
  ('course_products_course_id_fkey', 'r'),
  ('course_products_product_id_fkey', 'c'),
  ('user_course_access_user_id_fkey', 'c'),
  ('user_course_access_course_id_fkey', 'c'),
  ('user_lesson_complete_user_id_fkey', 'c'),
  ('user_lesson_complete_lesson_id_fkey', 'c')
) as c (name, action);

-- every foreign key column is the leading column of an index
select is(
  (select array_agg(format('%s.%s', c.conrelid::regclass, c.conname))
   from pg_constraint c
   where c.contype = 'f' and c.connamespace = 'courses'::regnamespace
     and not exists (
       select 1 from pg_index i
       where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1]
     )),
  null,
  'every foreign key in courses is indexed'
);

-- checks
prepare bad_price as insert into courses.products (name, description, image_url, price_dollars)
  values ('x', 'x', 'https://x', -1);
select throws_ok('bad_price', '23514', null, 'a negative price is refused');

prepare create_course as insert into courses.courses (id, title, description)
  values ('d2000000-0000-4000-8000-000000000001', 'c', 'd');
select lives_ok('create_course', 'a course can be created');
insert into courses.course_sections (course_id, name, position)
  values ('d2000000-0000-4000-8000-000000000001', 's0', 0);
prepare dup_section_position as insert into courses.course_sections (course_id, name, position)
  values ('d2000000-0000-4000-8000-000000000001', 's0 again', 0);
select throws_ok('dup_section_position', '23505', null, 'section positions are unique within a course');

-- positions may be shifted in one statement (the unique constraint is checked at statement end)
insert into courses.course_sections (course_id, name, position)
  values ('d2000000-0000-4000-8000-000000000001', 's1', 1);
select lives_ok(
  $$update courses.course_sections set position = position + 1
    where course_id = 'd2000000-0000-4000-8000-000000000001'$$,
  'sections can be reordered in one statement'
);

select * from finish();
rollback;
