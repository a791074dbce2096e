// The one Storage API call storage-cleanup makes: delete objects of a bucket by name,
// DELETE <storage url>/object/<bucket> with {"prefixes": [names]}. Storage deletes the rows of
// storage.objects that have those exact names, then their files, and answers 200 with the objects
// it deleted: a name it has no object for is left out, so a second delete of the same name
// succeeds with nothing deleted. The project's secret key (or legacy service_role key) lets it
// delete in any folder, row level security aside.
import { z } from 'zod';
import { type ServerKey, serverKeyHeaders } from '../_shared/api-keys.ts';

export interface StorageClient {
  /** Deletes the objects; throws with the reason when Storage does not confirm it. */
  deleteObjects(bucketId: string, names: string[]): Promise<void>;
}

export interface StorageApiOptions {
  /** The Storage API's base URL: <project url>/storage/v1 on hosted. */
  url: string;
  key: ServerKey;
  /** How long one request may take before it counts as failed. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Storage's 200 answer: the deleted objects (their other columns are of no use here). */
const deletedObjectsSchema = z.array(z.object({ name: z.string() }));

export function storageApi(options: StorageApiOptions): StorageClient {
  const base = options.url.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 20_000;
  return {
    async deleteObjects(bucketId, names) {
      const res = await doFetch(`${base}/object/${encodeURIComponent(bucketId)}`, {
        method: 'DELETE',
        headers: { ...serverKeyHeaders(options.key), 'content-type': 'application/json' },
        body: JSON.stringify({ prefixes: names }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`Storage answered ${res.status}: ${text.slice(0, 300)}`);
      // a 200 that is not Storage's answer (a proxy's page, say) confirms nothing
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      if (!deletedObjectsSchema.safeParse(body).success) {
        throw new Error(`Storage answered 200 without the deleted objects: ${text.slice(0, 300)}`);
      }
    },
  };
}
