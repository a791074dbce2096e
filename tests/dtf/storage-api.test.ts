// storage-cleanup's Storage API client, against a recording fetch: the request Storage's bulk
// delete expects, with each kind of server key, and what counts as Storage confirming a deletion.
import { describe, expect, it } from 'vitest';
import type { ServerKey } from '../../supabase/functions/_shared/api-keys.ts';
import { storageApi } from '../../supabase/functions/storage-cleanup/storage.ts';

function recordingFetch(status: number, body: string) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return new Response(body, { status, headers: { 'content-type': 'application/json' } });
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

const secretKey: ServerKey = { kind: 'secret', value: 'sb_secret_test' };

describe("storage-cleanup's Storage API client", () => {
  it('sends DELETE <url>/object/<bucket> with the names as prefixes and the secret key in apikey alone', async () => {
    const { calls, fetch } = recordingFetch(200, '[{"name": "u/a.png", "bucket_id": "dtf-images"}]');
    await storageApi({ url: 'https://ref.supabase.co/storage/v1/', key: secretKey, fetch }).deleteObjects(
      'dtf-images',
      ['u/a.png', 'u/b.png'],
    );

    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('https://ref.supabase.co/storage/v1/object/dtf-images');
    expect(calls[0].init.method).toBe('DELETE');
    expect(calls[0].init.headers).toEqual({ apikey: 'sb_secret_test', 'content-type': 'application/json' });
    expect(JSON.parse(calls[0].init.body as string)).toEqual({ prefixes: ['u/a.png', 'u/b.png'] });
  });

  it('sends a legacy service_role key as apikey and bearer token', async () => {
    const { calls, fetch } = recordingFetch(200, '[]');
    const key: ServerKey = { kind: 'service_role', value: 'eyJ.legacy.jwt' };
    await storageApi({ url: 'http://127.0.0.1:5000/storage/v1', key, fetch }).deleteObjects('dtf-images', ['u/a.png']);
    expect(calls[0].init.headers).toMatchObject({ apikey: 'eyJ.legacy.jwt', authorization: 'Bearer eyJ.legacy.jwt' });
  });

  it('takes 200 with no objects (none of the names existed) as done', async () => {
    const { fetch } = recordingFetch(200, '[]');
    await expect(
      storageApi({ url: 'http://storage', key: secretKey, fetch }).deleteObjects('dtf-images', ['u/gone.png']),
    ).resolves.toBeUndefined();
  });

  it.each([
    [
      "an error status, with Storage's message",
      400,
      '{"statusCode":"400","error":"Invalid Input","message":"bad"}',
      /^Storage answered 400: .*Invalid Input/,
    ],
    [
      'a 200 that is not a list of objects',
      200,
      '<html>proxy</html>',
      /^Storage answered 200 without the deleted objects/,
    ],
    ['a 200 list of something else', 200, '[{"id": 1}]', /^Storage answered 200 without the deleted objects/],
  ])('throws for %s', async (_, status, body, message) => {
    const { fetch } = recordingFetch(status, body);
    await expect(
      storageApi({ url: 'http://storage', key: secretKey, fetch }).deleteObjects('dtf-images', ['u/a.png']),
    ).rejects.toThrow(message);
  });
});
