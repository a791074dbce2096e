// POST /functions/v1/storage-cleanup (no JWT; Authorization: Bearer <JOBS_SECRET>): deletes the
// files queued in private.storage_deletions through the Storage API. Called by the scheduler with
// no body or {}.
import { z } from 'zod';

/** Nothing to say: the run takes the oldest queued files, up to the job's batch size. */
export const storageCleanupRequestSchema = z.strictObject({});

/** 200: what the call did. Files Storage refused stay queued for the next run. */
export const storageCleanupResponseSchema = z.object({
  /** Queued files this call took on. */
  claimed: z.number().int().nonnegative(),
  /** Of those, files Storage deleted or no longer had: they left the queue. */
  deleted: z.number().int().nonnegative(),
  /** Of those, files Storage refused or did not answer for: queued again, with attempts and last_error. */
  failed: z.number().int().nonnegative(),
  /** More files were waiting than one call takes: the next run carries on. */
  more: z.boolean(),
});

export type StorageCleanupRequest = z.input<typeof storageCleanupRequestSchema>;
export type StorageCleanupResponse = z.infer<typeof storageCleanupResponseSchema>;
