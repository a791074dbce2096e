-- Courses: the access log outlives the course. Deleting a course used to delete its rows of
-- courses.access_changes (on delete cascade), so the record of who was granted or refused access,
-- by whom and why, vanished with the course. Now the rows stay: course_id becomes null and
-- course_title, copied when the row is written, still names the course.

alter table courses.access_changes add column course_title text;
comment on column courses.access_changes.course_title is
  'The course''s title when the change was recorded, so the row still '
  'names it after the course is deleted (course_id is then null).';

update courses.access_changes a
set course_title = c.title
from courses.courses c
where c.id = a.course_id;

alter table courses.access_changes alter column course_id drop not null;
alter table courses.access_changes drop constraint access_changes_course_id_fkey;
alter table courses.access_changes add constraint access_changes_course_id_fkey foreign key (course_id)
  references courses.courses (id) on delete set null;

-- Internal trigger: copies the course's title into every new row of the log.
create function private.courses_access_change_course_title()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.course_title := (select c.title from courses.courses c where c.id = new.course_id);
  return new;
end;
$$;
revoke execute on function private.courses_access_change_course_title() from public;
comment on function private.courses_access_change_course_title() is
  'BEFORE INSERT on access_changes: records the title of the course.';

create trigger access_change_course_title
  before insert on courses.access_changes
  for each row execute function private.courses_access_change_course_title();

comment on table courses.access_changes is
  'Append-only audit log of every grant and revoke of course access: by an admin (actor_id, reason), '
  'by a purchase or by a refund (purchase_id). Readable by admins only. Rows outlive their course '
  '(course_id null, course_title kept).';
