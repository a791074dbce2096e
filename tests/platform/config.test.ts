// config.toml and the database agree on which schemas the Data API exposes.
import { existsSync } from 'node:fs';
import postgres from 'postgres';
import { describe, expect, inject, it } from 'vitest';
import { readProjectConfig } from '../../scripts/lib/project.ts';

const stack = inject('stack');

describe('supabase/config.toml', () => {
  it('exposes exactly the schemas that private.exposed_schemas() lists', async () => {
    const sql = postgres(stack.dbUrl, { max: 1 });
    const [{ schemas }] = await sql`select private.exposed_schemas() as schemas`;
    await sql.end();
    expect([...readProjectConfig().apiSchemas].sort()).toEqual([...schemas].sort());
  });

  it('names an existing entrypoint for every function, and health is public', () => {
    const { functions } = readProjectConfig();
    for (const f of functions) expect(existsSync(f.entrypoint), f.entrypoint).toBe(true);
    expect(functions.find((f) => f.name === 'health')?.verifyJwt).toBe(false);
  });
});
