-- Course platform: row level security policies, one per table, operation and role.
-- service_role bypasses row level security; what it may do is set by its grants alone.
-- Helpers (private.courses_*) are SECURITY DEFINER and answer only about the caller.

-- ============================================================================================
-- users
-- ============================================================================================

create policy "user can read own profile or admin can read all"
  on courses.users for select to authenticated
  using (id = (select auth.uid()) or (select private.courses_is_admin()));

-- Column grants limit clients to name and image_url; role and deleted_at change only through
-- the admin functions.
create policy "user can update own profile or admin can update any"
  on courses.users for update to authenticated
  using (id = (select auth.uid()) or (select private.courses_is_admin()))
  with check (id = (select auth.uid()) or (select private.courses_is_admin()));

-- ============================================================================================
-- products
-- ============================================================================================

create policy "anyone can read public products"
  on courses.products for select to anon
  using (status = 'public');

create policy "user can read public products or admin can read all"
  on courses.products for select to authenticated
  using (status = 'public' or (select private.courses_is_admin()));

create policy "admin can insert products"
  on courses.products for insert to authenticated
  with check ((select private.courses_is_admin()));

create policy "admin can update products"
  on courses.products for update to authenticated
  using ((select private.courses_is_admin()))
  with check ((select private.courses_is_admin()));

create policy "admin can delete products"
  on courses.products for delete to authenticated
  using ((select private.courses_is_admin()));

-- ============================================================================================
-- courses
-- ============================================================================================

create policy "anyone can read courses of public products"
  on courses.courses for select to anon
  using (private.courses_course_is_listed(id));

-- visible: listed in a public product, accessible to the caller, or the caller is an admin.
create policy "user can read visible courses"
  on courses.courses for select to authenticated
  using (private.courses_can_read_course(id));

create policy "admin can insert courses"
  on courses.courses for insert to authenticated
  with check ((select private.courses_is_admin()));

create policy "admin can update courses"
  on courses.courses for update to authenticated
  using ((select private.courses_is_admin()))
  with check ((select private.courses_is_admin()));

create policy "admin can delete courses"
  on courses.courses for delete to authenticated
  using ((select private.courses_is_admin()));

-- ============================================================================================
-- course_products
-- ============================================================================================

create policy "anyone can read the courses of public products"
  on courses.course_products for select to anon
  using (private.courses_product_is_public(product_id));

create policy "user can read course links of visible products"
  on courses.course_products for select to authenticated
  using (private.courses_product_is_public(product_id) or (select private.courses_is_admin()));

create policy "admin can insert course links"
  on courses.course_products for insert to authenticated
  with check ((select private.courses_is_admin()));

create policy "admin can update course links"
  on courses.course_products for update to authenticated
  using ((select private.courses_is_admin()))
  with check ((select private.courses_is_admin()));

create policy "admin can delete course links"
  on courses.course_products for delete to authenticated
  using ((select private.courses_is_admin()));

-- ============================================================================================
-- course_sections
-- ============================================================================================

create policy "anyone can read public sections of listed courses"
  on courses.course_sections for select to anon
  using (status = 'public' and private.courses_course_is_listed(course_id));

create policy "user can read visible sections"
  on courses.course_sections for select to authenticated
  using (
    (status = 'public' and private.courses_can_read_course(course_id))
    or (select private.courses_is_admin())
  );

create policy "admin can insert sections"
  on courses.course_sections for insert to authenticated
  with check ((select private.courses_is_admin()));

create policy "admin can update sections"
  on courses.course_sections for update to authenticated
  using ((select private.courses_is_admin()))
  with check ((select private.courses_is_admin()));

create policy "admin can delete sections"
  on courses.course_sections for delete to authenticated
  using ((select private.courses_is_admin()));

-- ============================================================================================
-- lessons
-- ============================================================================================

create policy "anyone can read preview lessons of listed courses"
  on courses.lessons for select to anon
  using (status = 'preview' and private.courses_can_read_lesson_in(section_id, status));

create policy "user can read lessons he may read"
  on courses.lessons for select to authenticated
  using (private.courses_can_read_lesson_in(section_id, status));

create policy "admin can insert lessons"
  on courses.lessons for insert to authenticated
  with check ((select private.courses_is_admin()));

create policy "admin can update lessons"
  on courses.lessons for update to authenticated
  using ((select private.courses_is_admin()))
  with check ((select private.courses_is_admin()));

create policy "admin can delete lessons"
  on courses.lessons for delete to authenticated
  using ((select private.courses_is_admin()));

-- ============================================================================================
-- purchases (written only by courses.record_purchase and courses.refund_purchase)
-- ============================================================================================

create policy "user can read own purchases or admin can read all"
  on courses.purchases for select to authenticated
  using (user_id = (select auth.uid()) or (select private.courses_is_admin()));

-- ============================================================================================
-- user_course_access (written only by the purchase, refund and admin access functions)
-- ============================================================================================

create policy "user can read own course access or admin can read all"
  on courses.user_course_access for select to authenticated
  using (user_id = (select auth.uid()) or (select private.courses_is_admin()));

-- ============================================================================================
-- user_lesson_complete
-- ============================================================================================

create policy "user can read own completions or admin can read all"
  on courses.user_lesson_complete for select to authenticated
  using (user_id = (select auth.uid()) or (select private.courses_is_admin()));

create policy "user can complete a lesson he can read"
  on courses.user_lesson_complete for insert to authenticated
  with check (
    user_id = (select auth.uid())
    and (select private.courses_is_active_user())
    and private.courses_can_read_lesson(lesson_id)
  );

create policy "user can delete own completions"
  on courses.user_lesson_complete for delete to authenticated
  using (user_id = (select auth.uid()));

-- ============================================================================================
-- access_changes (append-only, written only by the access functions)
-- ============================================================================================

create policy "admin can read access changes"
  on courses.access_changes for select to authenticated
  using ((select private.courses_is_admin()));
