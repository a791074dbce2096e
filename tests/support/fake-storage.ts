// A local stand-in for the Supabase Storage API call the functions make, speaking its wire format:
//
//   DELETE /storage/v1/object/<bucket>   {"prefixes": ["<name>", ...]}   (1 to 1000 names)
//
// with the project's secret key in `apikey` (a legacy service_role key also as `Authorization:
// Bearer`). Like Storage, it deletes the rows of storage.objects with exactly those names, as
// service_role and with storage.allow_delete_query set in its transaction (the guard that refuses
// every other SQL delete of objects), and answers 200 with the deleted objects; a name with no
// object is left out of the answer. Errors have Storage's shape: {statusCode, error, message}.
// There are no stored files here: the rows are all there is to delete.
//
// The tests read the deletions it was asked for and can make the next requests fail or answer late.
import http from 'node:http';
import postgres from 'postgres';

export interface FakeStorageDeletion {
  bucketId: string;
  names: string[];
  status: number;
  /** The names of the objects it deleted (the answer's). */
  deleted: string[];
}

export interface FakeStorage {
  /** The Storage API's base URL, as <project url>/storage/v1. */
  url: string;
  /** Every delete request it answered, in order. */
  deletions: FakeStorageDeletion[];
  /** The next `count` delete requests are answered with `status` and delete nothing. */
  failNext(count: number, status?: number): void;
  /** Delete requests wait this long before they are carried out. */
  delayMs: number;
  stop(): Promise<void>;
}

/** Storage answers at most this many names per request. */
const maxNamesPerRequest = 1000;

export async function startFakeStorage(options: { dbUrl: string; serviceKey: string }): Promise<FakeStorage> {
  const sql = postgres(options.dbUrl, { max: 4, onnotice: () => {} });
  let failures = { count: 0, status: 500 };

  const fake: FakeStorage = {
    url: '',
    deletions: [],
    failNext(count, status = 500) {
      failures = { count, status };
    },
    delayMs: 0,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sql.end();
    },
  };

  function authorized(req: http.IncomingMessage): boolean {
    const { apikey, authorization } = req.headers;
    return (
      apikey === options.serviceKey && (authorization === undefined || authorization === `Bearer ${options.serviceKey}`)
    );
  }

  async function deleteObjects(bucketId: string, names: string[]): Promise<Record<string, unknown>[]> {
    return sql.begin(async (tx) => {
      await tx`select set_config('role', 'service_role', true),
                      set_config('request.jwt.claims', '{"role": "service_role"}', true),
                      set_config('storage.allow_delete_query', 'true', true)`;
      return tx`delete from storage.objects where bucket_id = ${bucketId} and name = any (${names}::text[]) returning *`;
    }) as Promise<Record<string, unknown>[]>;
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const storageError = (status: number, error: string, message: string) =>
        send(status, { statusCode: String(status), error, message });

      const match = /^\/storage\/v1\/object\/([^/]+)$/.exec(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      if (!match || req.method !== 'DELETE') return storageError(404, 'not_found', 'Route not found');
      if (!authorized(req)) return storageError(403, 'Unauthorized', 'Invalid API key');
      const bucketId = decodeURIComponent(match[1]);

      let names: unknown;
      try {
        names = JSON.parse(Buffer.concat(chunks).toString()).prefixes;
      } catch {
        return storageError(400, 'Invalid Input', 'Body is not valid JSON');
      }
      if (!Array.isArray(names) || names.length < 1 || names.some((name) => typeof name !== 'string')) {
        return storageError(400, 'Invalid Input', 'body/prefixes must be an array of at least 1 string');
      }
      if (names.length > maxNamesPerRequest) {
        return storageError(
          400,
          'Invalid Input',
          `Bulk object requests are limited to ${maxNamesPerRequest} objects per request.`,
        );
      }

      if (fake.delayMs) await new Promise((resolve) => setTimeout(resolve, fake.delayMs));
      if (failures.count > 0) {
        failures.count--;
        fake.deletions.push({ bucketId, names, status: failures.status, deleted: [] });
        return storageError(failures.status, 'internal', 'The fake Storage was told to fail');
      }
      try {
        const deleted = await deleteObjects(bucketId, names);
        fake.deletions.push({ bucketId, names, status: 200, deleted: deleted.map((object) => object.name as string) });
        send(200, deleted);
      } catch (error) {
        storageError(500, 'DatabaseError', (error as Error).message);
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  fake.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/storage/v1`;
  return fake;
}
