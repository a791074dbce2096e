-- Course platform: policy helpers. Each is SECURITY DEFINER so that a policy can ask a question
-- about another table (or its own) without going through that table's row level security, which
-- would recurse or hide the rows the answer depends on. Each answers only about the caller
-- (auth.uid()) or about public catalogue facts, and returns a boolean.

-- ============================================================================================
-- helpers
-- ============================================================================================

create function private.courses_is_admin()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from courses.users u
    where u.id = (select auth.uid())
      and u.role = 'admin'
      and u.deleted_at is null
  )
$$;

comment on function private.courses_is_admin() is
  'True when the caller is a course platform admin whose account is not soft deleted.';

revoke execute on function private.courses_is_admin() from public;
grant execute on function private.courses_is_admin() to anon, authenticated;

create function private.courses_is_active_user()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from courses.users u
    where u.id = (select auth.uid())
      and u.deleted_at is null
  )
$$;

comment on function private.courses_is_active_user() is
  'True when the caller is enrolled in the course platform and not soft deleted.';

revoke execute on function private.courses_is_active_user() from public;
grant execute on function private.courses_is_active_user() to authenticated;

create function private.courses_has_course_access(p_course_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from courses.user_course_access a
    join courses.users u on u.id = a.user_id
    where a.user_id = (select auth.uid())
      and a.course_id = p_course_id
      and u.deleted_at is null
  )
$$;

comment on function private.courses_has_course_access(uuid) is
  'True when the caller (not soft deleted) has access to the course.';

revoke execute on function private.courses_has_course_access(uuid) from public;
grant execute on function private.courses_has_course_access(uuid) to anon, authenticated;

create function private.courses_product_is_public(p_product_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from courses.products p
    where p.id = p_product_id
      and p.status = 'public'
  )
$$;

comment on function private.courses_product_is_public(uuid) is 'True when the product is public.';

revoke execute on function private.courses_product_is_public(uuid) from public;
grant execute on function private.courses_product_is_public(uuid) to anon, authenticated;

create function private.courses_course_is_listed(p_course_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from courses.course_products cp
    join courses.products p on p.id = cp.product_id
    where cp.course_id = p_course_id
      and p.status = 'public'
  )
$$;

comment on function private.courses_course_is_listed(uuid) is
  'True when at least one public product contains the course.';

revoke execute on function private.courses_course_is_listed(uuid) from public;
grant execute on function private.courses_course_is_listed(uuid) to anon, authenticated;

create function private.courses_can_read_course(p_course_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.courses_course_is_listed(p_course_id)
      or private.courses_has_course_access(p_course_id)
      or private.courses_is_admin()
$$;

comment on function private.courses_can_read_course(uuid) is
  'True when the caller may see the course: a public product contains it, he has access, or he is an admin.';

revoke execute on function private.courses_can_read_course(uuid) from public;
grant execute on function private.courses_can_read_course(uuid) to anon, authenticated;

-- Whether the caller may read a lesson of this status in this section. Used by the lessons
-- policies (which know the status already) and by courses_can_read_lesson.
create function private.courses_can_read_lesson_in(p_section_id uuid, p_status courses.lesson_status)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.courses_is_admin()
      or exists (
        select 1
        from courses.course_sections s
        where s.id = p_section_id
          and s.status = 'public'
          and (
            (p_status = 'preview' and private.courses_can_read_course(s.course_id))
            or (p_status = 'public' and private.courses_has_course_access(s.course_id))
          )
      )
$$;

comment on function private.courses_can_read_lesson_in(uuid, courses.lesson_status) is
  'Lesson visibility rule: admins read every lesson; otherwise the section must be public, preview lessons '
  'need a visible course and public lessons need course access; private lessons stay hidden.';

revoke execute on function private.courses_can_read_lesson_in(uuid, courses.lesson_status) from public;
grant execute on function private.courses_can_read_lesson_in(uuid, courses.lesson_status) to anon, authenticated;

create function private.courses_can_read_lesson(p_lesson_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from courses.lessons l
    where l.id = p_lesson_id
      and private.courses_can_read_lesson_in(l.section_id, l.status)
  )
$$;

comment on function private.courses_can_read_lesson(uuid) is
  'True when the caller may read the lesson (false for unknown ids too).';

revoke execute on function private.courses_can_read_lesson(uuid) from public;
grant execute on function private.courses_can_read_lesson(uuid) to authenticated;

-- Display name for a new course platform user: from the sign-up metadata (a display preference,
-- never used for authorization), else the local part of the email.
create function private.courses_display_name(p_user_metadata jsonb, p_email text)
returns text
language sql
immutable
set search_path = ''
as $$
  select left(coalesce(
    nullif(btrim(p_user_metadata ->> 'full_name'), ''),
    nullif(btrim(p_user_metadata ->> 'name'), ''),
    nullif(btrim(split_part(p_email, '@', 1)), ''),
    'learner'
  ), 200)
$$;

revoke execute on function private.courses_display_name(jsonb, text) from public;
