// Compile-time checks of the typed client: `tsc` (part of npm test) fails when a wrong column,
// schema or RPC argument would compile, or when a right one would not. The runtime part builds
// real clients and the query URLs they would send.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  createProductClient,
  type Enum,
  type Insert,
  type ProductSchema,
  type Row,
  type RpcArgs,
  type RpcResult,
  type Update,
} from '../../types/client.ts';

const url = 'http://127.0.0.1:54321';
const key = 'anon-key';

describe('row, insert and update helpers for every schema', () => {
  it('types rows per schema and table', () => {
    expectTypeOf<Row<'dtf', 'profiles'>['credits_remaining']>().toEqualTypeOf<number>();
    expectTypeOf<Row<'marketplace', 'workflows'>['title']>().toEqualTypeOf<string>();
    expectTypeOf<Row<'courses', 'products'>['status']>().toEqualTypeOf<'public' | 'private'>();
    expectTypeOf<Row<'adly', 'workspaces'>['slug']>().toEqualTypeOf<string>();
    // @ts-expect-error: dtf has no table named workflows
    expectTypeOf<Row<'dtf', 'workflows'>>();
    // @ts-expect-error: no such column
    expectTypeOf<Row<'dtf', 'profiles'>['credit_balance']>();
  });

  it('makes defaulted columns optional on insert and every column optional on update', () => {
    expectTypeOf<Insert<'adly', 'workspaces'>>().toHaveProperty('name');
    expectTypeOf<Update<'adly', 'workspaces'>['name']>().toEqualTypeOf<string | undefined>();
    const patch: Update<'dtf', 'profiles'> = { first_name: 'Ada' };
    expect(patch.first_name).toBe('Ada');
    // @ts-expect-error: a number is not a name
    const wrong: Update<'dtf', 'profiles'> = { first_name: 42 };
    expect(wrong).toBeDefined();
  });

  it('types enums and RPC arguments and results', () => {
    expectTypeOf<Enum<'marketplace', 'user_role'>>().toEqualTypeOf<'USER' | 'ADMIN'>();
    expectTypeOf<RpcArgs<'marketplace', 'download_workflow'>>().toEqualTypeOf<{ p_workflow_id: string }>();
    expectTypeOf<RpcResult<'marketplace', 'download_workflow'>>().toEqualTypeOf<string>();
    expectTypeOf<'marketplace' | 'adly' | 'dtf' | 'courses'>().toEqualTypeOf<ProductSchema>();
  });
});

describe('createProductClient', () => {
  it('binds from() to the schema and checks columns in filters', () => {
    const dtf = createProductClient('dtf', url, key);
    const query = dtf.from('images').select('id, original_filename').eq('user_id', 'u1');
    expectTypeOf<Awaited<typeof query>['data']>().toEqualTypeOf<{ id: string; original_filename: string }[] | null>();
    // @ts-expect-error: images has no column named owner
    dtf.from('images').select('id').eq('owner', 'u1');
    // @ts-expect-error: the table lives in marketplace, not dtf
    dtf.from('workflows');
    expect((query as unknown as { url: URL }).url.pathname).toBe('/rest/v1/images');
  });

  it('types inserts and updates against the bound schema', () => {
    const adly = createProductClient('adly', url, key);
    adly.from('campaigns').update({ name: 'Spring sale' }).eq('id', 'c1');
    // @ts-expect-error: a campaign name is text, not a number
    adly.from('campaigns').update({ name: 7 });
    // @ts-expect-error: workspaces is not a column of campaigns
    adly.from('campaigns').insert({ workspaces: 'x' });
  });

  it('checks RPC names and arguments', () => {
    const marketplace = createProductClient('marketplace', url, key);
    marketplace.rpc('download_workflow', { p_workflow_id: 'w1' });
    // @ts-expect-error: wrong argument name
    marketplace.rpc('download_workflow', { workflow_id: 'w1' });
    // @ts-expect-error: no such function in marketplace
    marketplace.rpc('course_progress', {});
    const courses = createProductClient('courses', url, key);
    courses.rpc('course_progress', { p_course_id: 'c1' });
  });

  it('reaches another schema through schema()', () => {
    const client = createProductClient('courses', url, key);
    const other = client.schema('dtf').from('profiles').select('credits_remaining');
    expectTypeOf<Awaited<typeof other>['data']>().toEqualTypeOf<{ credits_remaining: number }[] | null>();
    // @ts-expect-error: not an exposed schema
    client.schema('private');
  });
});
