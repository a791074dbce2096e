// POST /functions/v1/storage-cleanup: deletes the files queued in private.storage_deletions (by
// image retention, for example) through the Storage API, which removes an object's row and its
// stored file; SQL may only queue them. One call claims up to the job's batch size of the oldest
// queued files (a concurrent call claims others), asks Storage to delete them bucket by bucket,
// and then takes the ones Storage answered for off the queue; a refusal, an error or no answer
// leaves them queued with the error, for the next run. verify_jwt is off: the scheduler and
// operators send the jobs secret as their bearer token.
import { asServiceRole, type Sql } from '../_shared/database.ts';
import { errorToResponse } from '../_shared/errors.ts';
import { errorResponse, json } from '../_shared/http.ts';
import { jobsCallerCheck, readJobBody } from '../_shared/jobs.ts';
import { storageCleanupRequestSchema, type StorageCleanupResponse } from './schemas.ts';
import type { StorageClient } from './storage.ts';

export interface StorageCleanupDeps {
  sql: Sql;
  storage: StorageClient;
  /** The bearer token the scheduler and operators send (JOBS_SECRET). */
  jobsSecret: string;
  now?: () => Date;
  /** Names per Storage request: a refused request sends at most this many back to the queue. */
  namesPerRequest?: number;
}

interface Claim {
  claim_id: string;
  objects: { bucket_id: string; object_name: string }[];
  more: boolean;
}

/** The claimed objects as Storage requests: one bucket each, at most `size` names, oldest first. */
function requests(objects: Claim['objects'], size: number): { bucketId: string; names: string[] }[] {
  const byBucket = new Map<string, string[]>();
  for (const { bucket_id, object_name } of objects) {
    const names = byBucket.get(bucket_id) ?? [];
    names.push(object_name);
    byBucket.set(bucket_id, names);
  }
  return [...byBucket].flatMap(([bucketId, names]) =>
    Array.from(
      { length: Math.ceil(names.length / size) },
      (_, i) => ({ bucketId, names: names.slice(i * size, (i + 1) * size) }),
    )
  );
}

export function createStorageCleanupHandler(deps: StorageCleanupDeps): (req: Request) => Promise<Response> {
  const refuseUnlessJobsCaller = jobsCallerCheck(deps.jobsSecret);
  const clock = deps.now ?? (() => new Date());
  const namesPerRequest = deps.namesPerRequest ?? 100;

  return async (req) => {
    if (req.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'Use POST');
    const refusal = await refuseUnlessJobsCaller(req);
    if (refusal) return refusal;

    try {
      await readJobBody(req, storageCleanupRequestSchema);
      const [{ claim }] = await asServiceRole(
        deps.sql,
        (tx) => tx<{ claim: Claim }[]>`select private.storage_deletions_claim(${clock()}) as claim`,
      );

      let deleted = 0;
      let failed = 0;
      for (const { bucketId, names } of requests(claim.objects, namesPerRequest)) {
        let storageError: string | null = null;
        try {
          await deps.storage.deleteObjects(bucketId, names);
        } catch (error) {
          storageError = (error as Error).message || String(error);
        }
        if (storageError === null) {
          const [{ count }] = await asServiceRole(deps.sql, (tx) =>
            tx<{ count: number }[]>`
            select private.storage_deletions_confirm(${claim.claim_id}, ${bucketId}, ${names}) as count`);
          deleted += count;
        } else {
          console.error(
            `storage-cleanup: Storage did not delete ${names.length} object(s) of ${bucketId}: ${storageError}`,
          );
          const [{ count }] = await asServiceRole(deps.sql, (tx) =>
            tx<{ count: number }[]>`
            select private.storage_deletions_fail(${claim.claim_id}, ${bucketId}, ${names}, ${storageError}) as count`);
          failed += count;
        }
      }

      const answer: StorageCleanupResponse = { claimed: claim.objects.length, deleted, failed, more: claim.more };
      console.log(`storage-cleanup: ${JSON.stringify(answer)}`);
      return json(answer);
    } catch (error) {
      // The database failed: files Storage already deleted stay claimed until the lease lapses,
      // and the run that takes them over finds them gone.
      return errorToResponse(error);
    }
  };
}
