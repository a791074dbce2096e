// How a function's environment sets its database connection (supabase/functions/_shared/database.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { functionEnv } from '../../scripts/local/stack.ts';
import { databaseSettings } from '../../supabase/functions/_shared/database.ts';

const direct = 'postgresql://postgres:secret@db.abcdefghijklmnopqrst.supabase.co:5432/postgres';
const pooler = 'postgresql://postgres.abcdefghijklmnopqrst:secret@aws-0-eu-central-1.pooler.supabase.com:6543/postgres';
const env = (vars: Record<string, string>) => (name: string) => vars[name];

describe('databaseSettings', () => {
  it("connects to SUPABASE_DB_URL with the function's pool size and prepared statements", () => {
    expect(databaseSettings(env({ SUPABASE_DB_URL: direct }), 3)).toEqual({ url: direct, max: 3, prepare: true });
  });

  it("prefers DB_URL, and turns prepared statements off on a transaction pooler's port", () => {
    expect(databaseSettings(env({ SUPABASE_DB_URL: direct, DB_URL: pooler }), 3)).toEqual({
      url: pooler,
      max: 3,
      prepare: false,
    });
    expect(databaseSettings(env({ SUPABASE_DB_URL: pooler, DB_PREPARE: 'true' }), 3).prepare).toBe(false);
  });

  it('takes the pool size from DB_POOL_MAX and prepared statements from DB_PREPARE', () => {
    expect(databaseSettings(env({ SUPABASE_DB_URL: direct, DB_POOL_MAX: '12', DB_PREPARE: 'false' }), 3)).toEqual({
      url: direct,
      max: 12,
      prepare: false,
    });
    expect(databaseSettings(env({ SUPABASE_DB_URL: direct, DB_POOL_MAX: '', DB_PREPARE: '' }), 3)).toEqual({
      url: direct,
      max: 3,
      prepare: true,
    });
  });

  it.each([
    [{ DB_POOL_MAX: '0' }, /DB_POOL_MAX/],
    [{ DB_POOL_MAX: 'five' }, /DB_POOL_MAX/],
    [{ DB_POOL_MAX: '2.5' }, /DB_POOL_MAX/],
    [{ DB_PREPARE: 'no' }, /DB_PREPARE/],
  ])('refuses %j', (vars, message) => {
    expect(() => databaseSettings(env({ SUPABASE_DB_URL: direct, ...vars }), 3)).toThrow(message);
  });

  it('refuses to start without a database URL', () => {
    expect(() => databaseSettings(env({}), 3)).toThrow(/SUPABASE_DB_URL/);
  });
});

describe('the local stack', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('passes DB_POOL_MAX and DB_PREPARE on to the functions when they are set', () => {
    const settings = { apiPort: 54321, dbUrl: direct };
    vi.stubEnv('DB_POOL_MAX', '');
    vi.stubEnv('DB_PREPARE', '');
    expect(Object.keys(functionEnv(settings, {}))).not.toEqual(expect.arrayContaining(['DB_POOL_MAX']));
    expect(Object.keys(functionEnv(settings, {}))).not.toEqual(expect.arrayContaining(['DB_PREPARE']));
    vi.stubEnv('DB_POOL_MAX', '2');
    vi.stubEnv('DB_PREPARE', 'false');
    expect(functionEnv(settings, {})).toMatchObject({ DB_POOL_MAX: '2', DB_PREPARE: 'false' });
  });
});
