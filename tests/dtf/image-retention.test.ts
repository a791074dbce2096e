// DTF image retention end to end: the retention job deletes expired images and queues their files,
// then storage-cleanup, called through the local gateway as the scheduler calls it, deletes those
// files through the Storage API (a local fake speaking its HTTP API against storage.objects); the
// handler itself, with a stand-in Storage client, splits its work by bucket and request size. In a
// database of its own, because retention acts on every user's images.
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { FunctionsServer } from '../../scripts/local/functions-server.ts';
import { createStorageCleanupHandler } from '../../supabase/functions/storage-cleanup/handler.ts';
import {
  errorResponseSchema,
  storageCleanupResponseSchema,
  type StorageCleanupResponse,
} from '../../types/functions.ts';
import { startFakeStorage, type FakeStorage } from '../support/fake-storage.ts';
import { adminDatabaseUrl, createFreshDatabase, type FreshDatabase } from '../support/fresh-database.ts';
import { startGatewayFor } from '../support/gateway.ts';
import { encodingRequests, sizeRequests } from '../support/hostile-requests.ts';

const stack = inject('stack');
const jobsSecret = randomBytes(32).toString('hex');

describe.skipIf(!adminDatabaseUrl)('dtf image retention and storage-cleanup', () => {
  let database: FreshDatabase;
  let sql: postgres.Sql;
  let storage: FakeStorage;
  let gateway: FunctionsServer;

  beforeAll(async () => {
    database = await createFreshDatabase(`image_retention_${process.pid}`, { seed: false });
    sql = postgres(database.url, { max: 4, onnotice: () => {} });
    storage = await startFakeStorage({ dbUrl: database.url, serviceKey: stack.serviceRoleKey });
    gateway = await startGatewayFor('storage-cleanup', database.url, {
      JOBS_SECRET: jobsSecret,
      STORAGE_API_URL: storage.url,
    });
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await storage?.stop();
    await sql?.end();
    await database?.drop();
  });

  beforeEach(() => {
    storage.deletions.length = 0;
    storage.delayMs = 0;
  });

  /** A DTF Editor user, signed up as Supabase Auth inserts one (the sign-up trigger makes the profile). */
  async function createUser(): Promise<string> {
    const [{ id }] = await sql<{ id: string }[]>`
      insert into auth.users (instance_id, id, aud, role, email, raw_user_meta_data, created_at, updated_at)
      values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated',
              ${`retention-${randomUUID()}@example.com`}, '{"product": "dtf"}', now(), now())
      returning id`;
    return id;
  }

  /** A file in the dtf-images bucket, as an upload through Storage leaves it; returns its object name. */
  async function upload(userId: string, file: string): Promise<string> {
    const name = `${userId}/${file}`;
    await sql`insert into storage.objects (bucket_id, name, owner, metadata)
              values ('dtf-images', ${name}, ${userId}, '{"mimetype": "image/png", "size": 1024}')`;
    return name;
  }

  /** An image whose columns name these objects (an object name, or null), expiring after `days`. */
  async function createImage(
    userId: string,
    days: number,
    files: { original: string; processed?: string; thumbnail?: string },
    options: { favorite?: boolean } = {},
  ): Promise<string> {
    const url = (name: string | undefined) => (name ? `dtf-images/${name}` : null);
    const [{ id }] = await sql<{ id: string }[]>`
      insert into dtf.images (user_id, original_filename, original_url, processed_url, thumbnail_url, is_favorite, expires_at)
      values (${userId}, 'photo.png', ${url(files.original)}, ${url(files.processed)}, ${url(files.thumbnail)},
              ${options.favorite ?? false}, now() + ${`${days} days`}::interval)
      returning id`;
    return id;
  }

  /** Runs the retention job as the scheduler would two days from now. */
  async function runRetention(): Promise<{ images_deleted: number; files_queued: number }> {
    const [{ run }] = await sql`select private.run_job('dtf-image-retention', now() + interval '2 days') as run`;
    expect(run.status).toBe('succeeded');
    return run.result;
  }

  function cleanup(init: RequestInit = {}): Promise<Response> {
    return fetch(`${gateway.url}/storage-cleanup`, {
      method: 'POST',
      headers: { authorization: `Bearer ${jobsSecret}`, 'content-type': 'application/json' },
      body: '{}',
      ...init,
    });
  }

  async function cleanupSummary(): Promise<StorageCleanupResponse> {
    const res = await cleanup();
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(storageCleanupResponseSchema.parse(body)).toEqual(body);
    return body;
  }

  async function objectNames(): Promise<string[]> {
    const rows = await sql<
      { name: string }[]
    >`select name from storage.objects where bucket_id = 'dtf-images' order by name`;
    return rows.map((row) => row.name);
  }

  async function queue() {
    return sql<{ object_name: string; attempts: number; last_error: string | null; claimed: boolean }[]>`
      select object_name, attempts, last_error, claimed_by is not null as claimed
        from private.storage_deletions order by object_name`;
  }

  it("deletes the expired images and exactly their files; kept images and other users' files stay", async () => {
    const alice = await createUser();
    const bob = await createUser();
    const expired = await createImage(alice, 1, {
      original: await upload(alice, 'old.png'),
      processed: await upload(alice, 'old-processed.png'),
    });
    const favorite = await createImage(alice, 1, { original: await upload(alice, 'favorite.png') }, { favorite: true });
    const shared = await createImage(alice, 1, { original: await upload(alice, 'shared.png') });
    const busy = await createImage(alice, 1, { original: await upload(alice, 'busy.png') });
    const later = await createImage(alice, 3, { original: await upload(alice, 'later.png') });
    const unrelated = await upload(alice, 'unrelated.png');
    // bob's expired image names a file of alice's as its thumbnail: retention never queues it
    const bobsFile = await upload(bob, 'mine.png');
    const bobsImage = await createImage(bob, 1, { original: bobsFile, thumbnail: `${alice}/favorite.png` });
    const [{ id: collection }] =
      await sql`insert into dtf.image_collections (user_id, name, is_public) values (${alice}, 'Shared', true) returning id`;
    await sql`insert into dtf.image_collection_items (collection_id, image_id) values (${collection}, ${shared})`;
    await sql`insert into dtf.image_operations (image_id, user_id, operation_type, api_provider, status)
              values (${busy}, ${alice}, 'upscale', 'deep-image', 'processing')`;
    const before = await objectNames();

    expect(await runRetention()).toMatchObject({ images_deleted: 2, files_queued: 3 });
    expect(await cleanupSummary()).toEqual({ claimed: 3, deleted: 3, failed: 0, more: false });

    const [{ images }] = await sql`select array_agg(id order by id) as images from dtf.images`;
    expect(images).toEqual([favorite, shared, busy, later].sort());
    expect(images).not.toContain(expired);
    expect(images).not.toContain(bobsImage);
    const gone = [`${alice}/old.png`, `${alice}/old-processed.png`, bobsFile];
    expect(await objectNames()).toEqual(before.filter((name) => !gone.includes(name)));
    expect(await objectNames()).toContain(unrelated);
    expect(storage.deletions).toEqual([
      {
        bucketId: 'dtf-images',
        names: expect.arrayContaining(gone),
        status: 200,
        deleted: expect.arrayContaining(gone),
      },
    ]);
    expect(await queue()).toEqual([]);

    // a second run of both finds nothing to do and asks Storage nothing
    expect(await runRetention()).toMatchObject({ images_deleted: 0, files_queued: 0 });
    expect(await cleanupSummary()).toEqual({ claimed: 0, deleted: 0, failed: 0, more: false });
    expect(storage.deletions).toHaveLength(1);
    expect(await objectNames()).toEqual(before.filter((name) => !gone.includes(name)));
  });

  it('counts a queued file Storage no longer has as deleted', async () => {
    const user = await createUser();
    await createImage(user, 1, { original: `${user}/never-uploaded.png` });
    expect(await runRetention()).toMatchObject({ images_deleted: 1, files_queued: 1 });

    expect(await cleanupSummary()).toEqual({ claimed: 1, deleted: 1, failed: 0, more: false });
    expect(storage.deletions).toEqual([
      { bucketId: 'dtf-images', names: [`${user}/never-uploaded.png`], status: 200, deleted: [] },
    ]);
    expect(await queue()).toEqual([]);
  });

  it('concurrent calls each take other files: every file is asked for and deleted once', async () => {
    const user = await createUser();
    const names: string[] = [];
    for (let i = 0; i < 60; i++) {
      const name = await upload(user, `batch-${String(i).padStart(2, '0')}.png`);
      names.push(name);
      await createImage(user, 1, { original: name });
    }
    expect(await runRetention()).toMatchObject({ images_deleted: 60, files_queued: 60 });
    await sql`update private.scheduled_jobs set batch_size = 25 where name = 'storage-cleanup'`;
    // Storage answers slowly, so each call still holds its claim while the others claim theirs
    storage.delayMs = 300;
    try {
      const summaries = await Promise.all([cleanupSummary(), cleanupSummary(), cleanupSummary()]);
      expect(summaries.map((s) => s.claimed).sort()).toEqual([10, 25, 25]);
      expect(summaries.reduce((sum, s) => sum + s.deleted, 0)).toBe(60);
      expect(summaries.every((s) => s.failed === 0)).toBe(true);
    } finally {
      await sql`update private.scheduled_jobs set batch_size = 1000 where name = 'storage-cleanup'`;
    }

    const asked = storage.deletions.flatMap((d) => d.names);
    expect(asked.sort()).toEqual([...names].sort());
    expect(storage.deletions.flatMap((d) => d.deleted).sort()).toEqual([...names].sort());
    expect((await objectNames()).filter((name) => names.includes(name))).toEqual([]);
    expect(await queue()).toEqual([]);
  });

  it('keeps the files queued with the error while Storage fails, and deletes them on the next run', async () => {
    const user = await createUser();
    const file = await upload(user, 'retry.png');
    await createImage(user, 1, { original: file });
    expect(await runRetention()).toMatchObject({ images_deleted: 1, files_queued: 1 });

    storage.failNext(1, 503);
    expect(await cleanupSummary()).toEqual({ claimed: 1, deleted: 0, failed: 1, more: false });
    expect(await queue()).toEqual([
      { object_name: file, attempts: 1, last_error: expect.stringMatching(/^Storage answered 503: /), claimed: false },
    ]);
    expect(await objectNames()).toContain(file);

    expect(await cleanupSummary()).toEqual({ claimed: 1, deleted: 1, failed: 0, more: false });
    expect(await queue()).toEqual([]);
    expect(await objectNames()).not.toContain(file);
  });

  describe('refuses hostile requests, deleting nothing', () => {
    let file: string;

    beforeAll(async () => {
      const user = await createUser();
      file = await upload(user, 'guarded.png');
      await createImage(user, 1, { original: file });
      expect(await runRetention()).toMatchObject({ images_deleted: 1, files_queued: 1 });
    });

    /** A request with two Authorization header lines, as a raw HTTP client sends it. */
    function twoAuthorizationHeaders(first: string, second: string): Promise<{ status: number; body: unknown }> {
      return new Promise((resolve, reject) => {
        const url = new URL(`${gateway.url}/storage-cleanup`);
        const req = http.request(
          url,
          {
            method: 'POST',
            // raw header pairs (Node then adds no Host of its own): the name twice, each with its value
            headers: [
              'host',
              url.host,
              'authorization',
              first,
              'authorization',
              second,
              'content-type',
              'application/json',
              'content-length',
              '2',
            ],
          },
          (res) => {
            let text = '';
            res.on('data', (chunk) => {
              text += chunk;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
    }

    const doubled = new Headers({ 'content-type': 'application/json' });
    doubled.append('authorization', `Bearer ${jobsSecret}`);
    doubled.append('authorization', `Bearer ${jobsSecret}`);

    const refusals: [string, () => Promise<Response | { status: number; body: unknown }>, number, string][] = [
      [
        'no Authorization header',
        () => cleanup({ headers: { 'content-type': 'application/json' } }),
        401,
        'unauthorized',
      ],
      [
        'a wrong secret',
        () => cleanup({ headers: { authorization: `Bearer ${'0'.repeat(64)}` } }),
        401,
        'unauthorized',
      ],
      [
        'the secret with one character more',
        () => cleanup({ headers: { authorization: `Bearer ${jobsSecret}0` } }),
        401,
        'unauthorized',
      ],
      [
        'the secret without the Bearer scheme',
        () => cleanup({ headers: { authorization: jobsSecret } }),
        401,
        'unauthorized',
      ],
      [
        'the service role key',
        () => cleanup({ headers: { authorization: `Bearer ${stack.serviceRoleKey}` } }),
        401,
        'unauthorized',
      ],
      ['the secret twice in one header', () => cleanup({ headers: doubled }), 401, 'unauthorized'],
      [
        'two Authorization headers, a wrong one first',
        () => twoAuthorizationHeaders('Bearer wrong', `Bearer ${jobsSecret}`),
        401,
        'unauthorized',
      ],
      ['GET', () => cleanup({ method: 'GET', body: undefined }), 405, 'method_not_allowed'],
      [
        'a 2 MB body',
        () => cleanup({ body: JSON.stringify({ pad: 'x'.repeat(2_000_000) }) }),
        413,
        'payload_too_large',
      ],
      [
        'a field the function does not take',
        () => cleanup({ body: JSON.stringify({ limit: 1_000_000 }) }),
        400,
        'invalid_body',
      ],
      ['a body that is not JSON', () => cleanup({ body: '{"' }), 400, 'invalid_body'],
      ...[...encodingRequests({ note: 'x' }, 'note'), ...sizeRequests({}, 1024)].map(
        ({ what, body, status, code }): [string, () => Promise<Response>, number, string] => [
          what,
          () => cleanup({ body: typeof body === 'function' ? body() : body, duplex: 'half' } as RequestInit),
          status,
          code,
        ],
      ),
    ];

    for (const [what, send, status, code] of refusals) {
      it(`${what}: ${status}`, async () => {
        const res = await send();
        const body = res instanceof Response ? await res.json() : res.body;
        expect(res.status, JSON.stringify(body)).toBe(status);
        expect(errorResponseSchema.parse(body).error.code).toBe(code);
        expect(storage.deletions).toEqual([]);
        expect(await queue()).toEqual([{ object_name: file, attempts: 0, last_error: null, claimed: false }]);
        expect(await objectNames()).toContain(file);
      });
    }

    it('and then, called properly, deletes the file', async () => {
      expect(await cleanupSummary()).toEqual({ claimed: 1, deleted: 1, failed: 0, more: false });
      expect(await objectNames()).not.toContain(file);
    });
  });

  it('the handler asks Storage bucket by bucket in requests of bounded size; a refused request fails only its files', async () => {
    await sql`insert into private.storage_deletions (bucket_id, object_name, requested_at, reason)
              select bucket, name, now() - (10 - n) * interval '1 minute', 'test'
                from (values ('dtf-images', 'u/a', 1), ('other-bucket', 'u/x', 2), ('dtf-images', 'u/b', 3),
                             ('dtf-images', 'u/c', 4), ('other-bucket', 'u/y', 5), ('dtf-images', 'u/d', 6),
                             ('dtf-images', 'u/e', 7)) as q(bucket, name, n)`;
    const asked: [string, string[]][] = [];
    const handlerSql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      const handler = createStorageCleanupHandler({
        sql: handlerSql,
        jobsSecret,
        namesPerRequest: 2,
        storage: {
          async deleteObjects(bucketId, names) {
            asked.push([bucketId, names]);
            if (bucketId === 'other-bucket') throw new Error('Storage answered 404: Bucket not found');
          },
        },
      });
      const res = await handler(
        new Request('http://localhost/storage-cleanup', {
          method: 'POST',
          headers: { authorization: `Bearer ${jobsSecret}` },
        }),
      );
      expect(await res.json()).toEqual({ claimed: 7, deleted: 5, failed: 2, more: false });
    } finally {
      await handlerSql.end();
    }
    expect(asked).toEqual([
      ['dtf-images', ['u/a', 'u/b']],
      ['dtf-images', ['u/c', 'u/d']],
      ['dtf-images', ['u/e']],
      ['other-bucket', ['u/x', 'u/y']],
    ]);
    expect(await queue()).toEqual([
      { object_name: 'u/x', attempts: 1, last_error: 'Storage answered 404: Bucket not found', claimed: false },
      { object_name: 'u/y', attempts: 1, last_error: 'Storage answered 404: Bucket not found', claimed: false },
    ]);
    await sql`delete from private.storage_deletions`;
  });
});
