// The keys of `npm start`'s project: the mode option and its help, and the asymmetric keys kept
// under .local/ (here a temporary directory) in the Supabase CLI's signing_keys_path format.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { publicJwks, storedAsymmetricProjectKeys } from '../../scripts/local/local-env.ts';
import { rootDir } from '../../scripts/project.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'local-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** scripts/start.ts with these arguments; only option parsing runs before these exit. */
async function start(...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/start.ts', ...args],
      { cwd: rootDir },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('npm start options', () => {
  it('--help describes both signing-keys modes', async () => {
    const { code, output } = await start('--help');
    expect(code).toBe(0);
    expect(output).toMatch(/--signing-keys MODE/);
    expect(output).toMatch(/legacy\s+like a project on its legacy JWT secret/);
    expect(output).toMatch(/asymmetric\s+like a project on asymmetric signing keys/);
    expect(output).toContain('/auth/v1/.well-known/jwks.json');
  });

  it('refuses an unknown mode and an unknown option', async () => {
    const mode = await start('--signing-keys', 'rsa');
    expect(mode.code).toBe(1);
    expect(mode.output).toContain('must be legacy or asymmetric, not "rsa"');
    const option = await start('--signing-key', 'asymmetric');
    expect(option.code).toBe(1);
    expect(option.output).toContain("Unknown option '--signing-key'");
  });
});

describe('the asymmetric keys kept for npm start', () => {
  it('are made once, readable by their owner only, and the same on the next start', async () => {
    const first = await storedAsymmetricProjectKeys(dir);
    for (const file of ['signing_keys.json', 'api_keys.json']) {
      expect(statSync(path.join(dir, file)).mode & 0o777).toBe(0o600);
    }
    expect(first.signingKeys).toHaveLength(1);
    expect(first.signingKeys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(first.apiKeys.publishableKey).toMatch(/^sb_publishable_[\w-]{32}$/);
    expect(first.apiKeys.secretKey).toMatch(/^sb_secret_[\w-]{32}$/);
    expect(await storedAsymmetricProjectKeys(dir)).toEqual(first);
    expect(publicJwks(first.signingKeys).keys[0]).not.toHaveProperty('d');
  });

  it('refuses a signing keys file without private keys, and API keys of another shape', async () => {
    const { signingKeys } = await storedAsymmetricProjectKeys(dir);
    writeFileSync(path.join(dir, 'signing_keys.json'), JSON.stringify(publicJwks(signingKeys).keys));
    await expect(storedAsymmetricProjectKeys(dir)).rejects.toThrow(/array of private JWKs/);
    writeFileSync(path.join(dir, 'signing_keys.json'), JSON.stringify(signingKeys[0]));
    await expect(storedAsymmetricProjectKeys(dir)).rejects.toThrow(/array of private JWKs/);
    writeFileSync(path.join(dir, 'signing_keys.json'), JSON.stringify(signingKeys));
    writeFileSync(path.join(dir, 'api_keys.json'), JSON.stringify({ anonKey: 'eyJ...' }));
    await expect(storedAsymmetricProjectKeys(dir)).rejects.toThrow(/sb_publishable_/);
  });
});
