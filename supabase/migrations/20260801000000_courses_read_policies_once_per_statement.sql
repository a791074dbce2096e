-- Course platform: catalogue and lesson policies that compare against sets evaluated once per
-- statement. The earlier policies called boolean helpers per row (a lesson's helper nested three
-- more SECURITY DEFINER calls), which made a buyer's lesson list cost several calls per lesson.
-- The rules are unchanged:
--   courses: visible when a public product lists it, the caller has access, or he is an admin;
--   sections: public sections of visible courses, every section for admins;
--   lessons: admins read every lesson; otherwise the section must be public, preview lessons need
--     a visible course and public lessons need course access; private lessons stay hidden.
-- The helpers are PL/pgSQL so that a pooled connection plans their queries once, not per call.
-- The old boolean helpers stay: functions (courses_can_read_lesson, the lesson queries) use them.
--
-- Replaces the six read policies of courses.courses, courses.course_sections and courses.lessons
-- created in 20260401000400_courses_policies.sql (same names).

-- ============================================================================================
-- helpers
-- ============================================================================================

create function private.courses_readable_course_ids()
returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
    select cp.course_id
      from courses.course_products cp
      join courses.products p on p.id = cp.product_id
     where p.status = 'public'
    union
    select a.course_id
      from courses.user_course_access a
      join courses.users u on u.id = a.user_id
     where a.user_id = (select auth.uid())
       and u.deleted_at is null
    union
    select c.id
      from courses.courses c
     where private.courses_is_admin();
end;
$$;

comment on function private.courses_readable_course_ids() is
  'Courses the caller may see: those a public product lists, those he (not soft deleted) has access '
  'to, and every course for an admin. Policies compare with it as `in (select ...)`, once per statement.';

revoke execute on function private.courses_readable_course_ids() from public;
grant execute on function private.courses_readable_course_ids() to anon, authenticated;

create function private.courses_readable_lesson_sections()
returns table (section_id uuid, lesson_status courses.lesson_status)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  -- preview lessons: public sections of courses a public product lists or the caller has access to
  return query
    select s.id, 'preview'::courses.lesson_status
      from courses.course_sections s
     where s.status = 'public'
       and s.course_id in (
         select cp.course_id
           from courses.course_products cp
           join courses.products p on p.id = cp.product_id
          where p.status = 'public'
         union
         select a.course_id
           from courses.user_course_access a
           join courses.users u on u.id = a.user_id
          where a.user_id = (select auth.uid())
            and u.deleted_at is null
       )
    union all
    -- public lessons: public sections of courses the caller (not soft deleted) has access to
    select s.id, 'public'::courses.lesson_status
      from courses.course_sections s
      join courses.user_course_access a on a.course_id = s.course_id
      join courses.users u on u.id = a.user_id
     where a.user_id = (select auth.uid())
       and u.deleted_at is null
       and s.status = 'public';
end;
$$;

comment on function private.courses_readable_lesson_sections() is
  'The (section, lesson status) pairs whose lessons the caller may read, admins aside: preview '
  'lessons in public sections of visible courses, public lessons in public sections of courses he '
  'has access to. Policies compare with it as `in (select ...)`, once per statement.';

revoke execute on function private.courses_readable_lesson_sections() from public;
grant execute on function private.courses_readable_lesson_sections() to anon, authenticated;

-- ============================================================================================
-- policies
-- ============================================================================================

-- courses
drop policy "anyone can read courses of public products" on courses.courses;
create policy "anyone can read courses of public products"
  on courses.courses for select to anon
  using (id in (select private.courses_readable_course_ids()));

drop policy "user can read visible courses" on courses.courses;
create policy "user can read visible courses"
  on courses.courses for select to authenticated
  using (id in (select private.courses_readable_course_ids()));

-- course_sections
drop policy "anyone can read public sections of listed courses" on courses.course_sections;
create policy "anyone can read public sections of listed courses"
  on courses.course_sections for select to anon
  using (status = 'public' and course_id in (select private.courses_readable_course_ids()));

drop policy "user can read visible sections" on courses.course_sections;
create policy "user can read visible sections"
  on courses.course_sections for select to authenticated
  using (
    (status = 'public' and course_id in (select private.courses_readable_course_ids()))
    or (select private.courses_is_admin())
  );

-- lessons
drop policy "anyone can read preview lessons of listed courses" on courses.lessons;
create policy "anyone can read preview lessons of listed courses"
  on courses.lessons for select to anon
  using (
    status = 'preview'
    and (section_id, status) in (select * from private.courses_readable_lesson_sections())
  );

drop policy "user can read lessons he may read" on courses.lessons;
create policy "user can read lessons he may read"
  on courses.lessons for select to authenticated
  using (
    (select private.courses_is_admin())
    or (section_id, status) in (select * from private.courses_readable_lesson_sections())
  );
