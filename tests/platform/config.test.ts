// supabase/config.toml: the database agrees with it on the exposed schemas, the installed Supabase
// CLI reads it without a warning, and nothing in it would weaken a hosted project when
// `supabase config push` sends it.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { parse } from 'smol-toml';
import { describe, expect, inject, it } from 'vitest';
import { withLocalSslMode } from '../../scripts/local/database-setup.ts';
import { binPath, readProjectConfig, rootDir, supabaseDir } from '../../scripts/project.ts';
import { otpResetPasswordRequestSchema } from '../../supabase/functions/otp/schemas.ts';

const stack = inject('stack');
const configFile = path.join(supabaseDir, 'config.toml');

type Config = Record<string, any>;

const readConfig = (): Config => parse(readFileSync(configFile, 'utf8')) as Config;

/** Hosted Supabase's defaults for Auth's rate limits: config push may lower them, never raise them. */
const hostedRateLimits: Record<string, number> = {
  email_sent: 30, // with the project's own SMTP server; hosted's built-in one allows 2
  sms_sent: 30,
  anonymous_users: 30,
  token_refresh: 150,
  sign_in_sign_ups: 30,
  token_verifications: 30,
  web3: 30,
};

const isEnvReference = (value: unknown) => typeof value === 'string' && /^env\([A-Z_][A-Z0-9_]*\)$/.test(value);

/** "1s", "60s", "1m30s", "1h" in seconds. */
function seconds(duration: string): number {
  const parts = [...duration.matchAll(/(\d+)(h|m|s)/g)];
  if (parts.map((p) => p[0]).join('') !== duration) throw new Error(`not a duration: ${duration}`);
  return parts.reduce((total, [, n, unit]) => total + Number(n) * { h: 3600, m: 60, s: 1 }[unit as 'h' | 'm' | 's'], 0);
}

/** What in the config would weaken a hosted project once pushed; empty when nothing would. */
function productionProblems(config: Config): string[] {
  const problems: string[] = [];
  const auth = config.auth ?? {};
  const email = auth.email ?? {};
  if (email.enable_confirmations !== true)
    problems.push('auth.email.enable_confirmations is not true: Auth would mark every sign-up confirmed');
  if (!isEnvReference(auth.site_url)) problems.push(`auth.site_url is not an env() reference: ${auth.site_url}`);
  const redirects = [auth.additional_redirect_urls ?? []].flat();
  if (!redirects.every(isEnvReference))
    problems.push(`auth.additional_redirect_urls is not made of env() references: ${redirects}`);
  if (!((auth.minimum_password_length ?? 6) >= 8))
    problems.push(`auth.minimum_password_length is below 8: ${auth.minimum_password_length}`);
  if (auth.enable_anonymous_sign_ins !== false) problems.push('auth.enable_anonymous_sign_ins is not false');
  if (!((auth.jwt_expiry ?? 3600) <= 3600)) problems.push(`auth.jwt_expiry is above an hour: ${auth.jwt_expiry}`);
  if (auth.enable_refresh_token_rotation === false)
    problems.push('auth.enable_refresh_token_rotation is false: refresh tokens never expire');
  if (email.secure_password_change !== true)
    problems.push('auth.email.secure_password_change is not true: a stolen session could change the password');
  if (email.double_confirm_changes === false) problems.push('auth.email.double_confirm_changes is false');
  if (seconds(email.max_frequency ?? '1s') < 60)
    problems.push(`auth.email.max_frequency is under a minute: ${email.max_frequency}`);
  for (const [name, ceiling] of Object.entries(hostedRateLimits)) {
    const value = auth.rate_limit?.[name];
    if (value !== undefined && !(value <= ceiling))
      problems.push(`auth.rate_limit.${name} is above hosted's default ${ceiling}: ${value}`);
  }
  if (!((config.api?.max_rows ?? 1000) <= 1000)) problems.push(`api.max_rows is above 1000: ${config.api?.max_rows}`);
  // Unset means true in CLI 3.x: new objects in public would be granted to the API roles.
  if (config.api?.auto_expose_new_tables !== false) problems.push('api.auto_expose_new_tables is not false');
  // The CLI's deprecated aliases (it warns about them and drops them in v4).
  for (const provider of ['email', 'sms']) {
    if (auth[provider]?.enable_signup !== undefined)
      problems.push(`auth.${provider}.enable_signup is deprecated: use auth.${provider}.enabled`);
  }
  return problems;
}

/** Whether Supabase Auth takes a password under the config's policy (GoTrue's rules). */
function authAcceptsPassword(config: Config, password: string): boolean {
  const required: Record<string, RegExp[]> = {
    '': [],
    letters_digits: [/[a-zA-Z]/, /\d/],
    lower_upper_letters_digits: [/[a-z]/, /[A-Z]/, /\d/],
    lower_upper_letters_digits_symbols: [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/],
  };
  const classes = required[config.auth.password_requirements ?? ''];
  if (!classes) throw new Error(`unknown password_requirements: ${config.auth.password_requirements}`);
  return (
    password.length >= (config.auth.minimum_password_length ?? 6) &&
    password.length <= 72 &&
    classes.every((c) => c.test(password))
  );
}

function resetAcceptsPassword(password: string): boolean {
  return otpResetPasswordRequestSchema.safeParse({ reset_token: 'x'.repeat(43), password }).success;
}

/** Passwords around the limits that Auth (under the config) and our reset would judge differently. */
function passwordRuleMismatches(config: Config): string[] {
  const min = config.auth.minimum_password_length ?? 6;
  const samples = [min - 1, min, 8, 12, 72, 73].flatMap((length) =>
    ['a', 'A', '1', 'aA1', 'aA1!'].map((chars) => chars.repeat(length).slice(0, length)),
  );
  return samples.filter((p) => authAcceptsPassword(config, p) !== resetAcceptsPassword(p));
}

/** The config with one value changed at a dotted path. */
function withValue(config: Config, dotted: string, value: unknown): Config {
  const copy = structuredClone(config);
  const keys = dotted.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key] ??= {};
  if (value === undefined) delete node[keys.at(-1)!];
  else node[keys.at(-1)!] = value;
  return copy;
}

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

  it.each([
    ['without the env() variables set', {}],
    [
      'with them set',
      {
        SITE_URL: 'https://app.example.com',
        ADDITIONAL_REDIRECT_URLS: 'https://app.example.com/**,https://admin.example.com/**',
      },
    ],
  ])('is read by the installed Supabase CLI without a warning, %s', async (_, env) => {
    const { SITE_URL: _site, ADDITIONAL_REDIRECT_URLS: _redirects, ...inherited } = process.env;
    // migration list loads and validates the config, then reads the migration history
    const { stdout, stderr } = await promisify(execFile)(
      binPath('supabase'),
      ['migration', 'list', `--remote=${withLocalSslMode(stack.dbUrl)}`, '--yes'],
      { cwd: rootDir, env: { ...inherited, ...env } },
    );
    expect(`${stdout}\n${stderr}`).not.toMatch(/warn/i);
  });
});

describe('supabase/config.toml is safe to push to a hosted project', () => {
  it('has nothing that would weaken production', () => {
    expect(productionProblems(readConfig())).toEqual([]);
  });

  it.each([
    ['auth.email.enable_confirmations', false],
    ['auth.email.enable_confirmations', undefined],
    ['auth.site_url', 'http://127.0.0.1:3000'],
    ['auth.additional_redirect_urls', ['env(ADDITIONAL_REDIRECT_URLS)', 'http://localhost:3000']],
    ['auth.minimum_password_length', 6],
    ['auth.enable_anonymous_sign_ins', true],
    ['auth.jwt_expiry', 86_400],
    ['auth.enable_refresh_token_rotation', false],
    ['auth.email.secure_password_change', false],
    ['auth.email.double_confirm_changes', false],
    ['auth.email.max_frequency', '1s'],
    ['auth.rate_limit.sign_in_sign_ups', 1000],
    ['api.max_rows', 100_000],
    ['api.auto_expose_new_tables', undefined],
    ['api.auto_expose_new_tables', true],
    ['auth.email.enable_signup', true],
  ])('the check fails with %s = %j', (dotted, value) => {
    expect(productionProblems(withValue(readConfig(), dotted, value))).toEqual([expect.stringContaining(dotted)]);
  });

  it("has the otp function's password rule: Auth and our reset accept the same passwords", () => {
    expect(passwordRuleMismatches(readConfig())).toEqual([]);
  });

  it.each([
    ['auth.minimum_password_length', 6],
    ['auth.minimum_password_length', 12],
    ['auth.password_requirements', 'letters_digits'],
  ])('the password comparison fails with %s = %j', (dotted, value) => {
    expect(passwordRuleMismatches(withValue(readConfig(), dotted, value))).not.toEqual([]);
  });
});
