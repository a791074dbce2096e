-- DTF Editor: the storage bucket for originals and results. Objects live under
-- <auth user id>/..., and a user reaches only the objects under his own folder; admins read all.

-- ============================================================================================
-- bucket
-- ============================================================================================

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values (
  'dtf-images', 'dtf-images', false, 52428800,
  array['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/tiff', 'image/svg+xml',
        'application/pdf']
)
on conflict (id) do update
  set public = excluded.public,
      file_size_limit = excluded.file_size_limit,
      allowed_mime_types = excluded.allowed_mime_types;

-- ============================================================================================
-- policies
-- ============================================================================================

create policy "dtf user can view own images and admin every image" on storage.objects
  for select to authenticated
  using (
    bucket_id = 'dtf-images'
    and ((storage.foldername(name))[1] = (select auth.uid())::text or (select private.dtf_is_admin()))
  );

create policy "dtf user can upload images to own folder" on storage.objects
  for insert to authenticated
  with check (
    bucket_id = 'dtf-images' and (storage.foldername(name))[1] = (select auth.uid())::text
    and (select private.dtf_is_active_user())
  );

create policy "dtf user can update images in own folder" on storage.objects
  for update to authenticated
  using (bucket_id = 'dtf-images' and (storage.foldername(name))[1] = (select auth.uid())::text)
  with check (bucket_id = 'dtf-images' and (storage.foldername(name))[1] = (select auth.uid())::text);

create policy "dtf user can delete images in own folder" on storage.objects
  for delete to authenticated
  using (bucket_id = 'dtf-images' and (storage.foldername(name))[1] = (select auth.uid())::text);
