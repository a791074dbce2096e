-- Course platform: the seed's common queries as functions. All run with the caller's rights
-- (security invoker), so row level security decides what they return: nothing of a lesson the
-- caller may not read comes back through them.

-- ============================================================================================
-- functions
-- ============================================================================================

create function courses.has_course_access(p_course_id uuid)
returns boolean
language sql
stable
security invoker
set search_path = ''
as $$
  select private.courses_has_course_access(p_course_id)
$$;

comment on function courses.has_course_access(uuid) is
  'Access check: true when the caller (not soft deleted) has access to the course.';

revoke execute on function courses.has_course_access(uuid) from public;
grant execute on function courses.has_course_access(uuid) to authenticated;

create function courses.course_progress(p_course_id uuid default null)
returns table (
  course_id uuid,
  completed_lessons integer,
  total_lessons integer,
  percent numeric
)
language sql
stable
security invoker
set search_path = ''
as $$
  select
    a.course_id,
    count(ulc.lesson_id)::integer as completed_lessons,
    count(l.id)::integer as total_lessons,
    case when count(l.id) = 0 then 0::numeric
         else round(100.0 * count(ulc.lesson_id) / count(l.id), 1)
    end as percent
  from courses.user_course_access a
  left join courses.course_sections s
    on s.course_id = a.course_id and s.status = 'public'
  left join courses.lessons l
    on l.section_id = s.id and l.status in ('public', 'preview')
  left join courses.user_lesson_complete ulc
    on ulc.lesson_id = l.id and ulc.user_id = a.user_id
  where a.user_id = (select auth.uid())
    and (p_course_id is null or a.course_id = p_course_id)
  group by a.course_id
  order by a.course_id
$$;

comment on function courses.course_progress(uuid) is
  'Progress of the caller in each course he has access to (or the given one): completed and total lessons '
  '(public and preview lessons of public sections that he can read) and the percentage, one decimal.';

revoke execute on function courses.course_progress(uuid) from public;
grant execute on function courses.course_progress(uuid) to authenticated;

create function courses.course_lessons_with_progress(p_course_id uuid)
returns table (
  section_id uuid,
  section_name text,
  section_position integer,
  lesson_id uuid,
  lesson_name text,
  lesson_description text,
  lesson_status courses.lesson_status,
  lesson_position integer,
  completed_at timestamptz
)
language sql
stable
security invoker
set search_path = ''
as $$
  select s.id, s.name, s.position, l.id, l.name, l.description, l.status, l.position, ulc.created_at
  from courses.course_sections s
  join courses.lessons l on l.section_id = s.id
  left join courses.user_lesson_complete ulc
    on ulc.lesson_id = l.id and ulc.user_id = (select auth.uid())
  where s.course_id = p_course_id
  order by s.position, l.position
$$;

comment on function courses.course_lessons_with_progress(uuid) is
  'The lessons of a course the caller may read, in display order, with the time he completed each (or null).';

revoke execute on function courses.course_lessons_with_progress(uuid) from public;
grant execute on function courses.course_lessons_with_progress(uuid) to authenticated;

create function courses.purchase_history()
returns setof courses.purchases
language sql
stable
security invoker
set search_path = ''
as $$
  select pu.*
  from courses.purchases pu
  where pu.user_id = (select auth.uid())
    and pu.refunded_at is null
  order by pu.created_at desc
$$;

comment on function courses.purchase_history() is
  'The caller''s purchases that were not refunded, newest first.';

revoke execute on function courses.purchase_history() from public;
grant execute on function courses.purchase_history() to authenticated;
