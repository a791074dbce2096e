-- Course platform: table privileges. Nothing is granted by default; row level security narrows
-- the rows of what is granted here. Function privileges are granted next to each function.

-- ============================================================================================
-- grants
-- ============================================================================================

-- anon: the public catalogue only.
grant select on courses.products, courses.courses, courses.course_products,
  courses.course_sections, courses.lessons
  to anon;

-- authenticated: reads everything its policies allow; writes the catalogue (admins, by policy),
-- its own profile's name and image, and its own lesson completions. Purchases, access rows and
-- the audit log are written only by SECURITY DEFINER functions.
grant select on courses.users, courses.products, courses.courses, courses.course_products,
  courses.course_sections, courses.lessons, courses.purchases, courses.user_course_access,
  courses.user_lesson_complete, courses.access_changes
  to authenticated;
grant update (name, image_url) on courses.users to authenticated;
grant insert, delete on courses.products, courses.courses, courses.course_products,
  courses.course_sections, courses.lessons
  to authenticated;
grant update (name, description, image_url, price_dollars, status) on courses.products to authenticated;
grant update (title, description) on courses.courses to authenticated;
grant update (course_id, product_id) on courses.course_products to authenticated;
grant update (course_id, name, status, position) on courses.course_sections to authenticated;
grant update (section_id, name, description, status, position) on courses.lessons to authenticated;
grant insert (user_id, lesson_id), delete on courses.user_lesson_complete to authenticated;

-- service_role: the backend reads everything and manages the catalogue and profiles; purchases,
-- access and the audit log change only through the functions, which keep them consistent.
grant select on courses.users, courses.products, courses.courses, courses.course_products,
  courses.course_sections, courses.lessons, courses.purchases, courses.user_course_access,
  courses.user_lesson_complete, courses.access_changes
  to service_role;
grant insert, update, delete on courses.products, courses.courses, courses.course_products,
  courses.course_sections, courses.lessons
  to service_role;
grant update (name, image_url, role, deleted_at) on courses.users to service_role;
grant insert, delete on courses.user_lesson_complete to service_role;
