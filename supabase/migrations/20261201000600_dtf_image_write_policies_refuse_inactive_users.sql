-- A deactivated DTF Editor user (profiles.is_active = false) changes nothing: besides adding
-- images and uploading files (already refused), he can no longer update or delete his images,
-- nor update (rename, move, overwrite the metadata of) or delete his files in the dtf-images
-- bucket. He still reads them, as he reads his image rows. Admins are unaffected.
--
-- Alters the update and delete policies of dtf.images (20260301000500_dtf_policies.sql) and of the
-- dtf-images bucket (20260301000900_dtf_storage.sql); names unchanged.

-- ============================================================================================
-- policies: dtf.images
-- ============================================================================================

alter policy "owner can update own images" on dtf.images
  using (user_id = (select auth.uid()) and (select private.dtf_is_active_user()))
  with check (user_id = (select auth.uid()) and (select private.dtf_is_active_user()));

alter policy "owner can delete own images that are not processing" on dtf.images
  using (user_id = (select auth.uid()) and processing_status <> 'processing' and (select private.dtf_is_active_user()));

-- ============================================================================================
-- policies: storage.objects (dtf-images bucket)
-- ============================================================================================

alter policy "dtf user can update images in own folder" on storage.objects
  using (
    bucket_id = 'dtf-images' and (storage.foldername(name))[1] = (select auth.uid())::text
    and (select private.dtf_is_active_user())
  )
  with check (
    bucket_id = 'dtf-images' and (storage.foldername(name))[1] = (select auth.uid())::text
    and (select private.dtf_is_active_user())
  );

alter policy "dtf user can delete images in own folder" on storage.objects
  using (
    bucket_id = 'dtf-images' and (storage.foldername(name))[1] = (select auth.uid())::text
    and (select private.dtf_is_active_user())
  );
