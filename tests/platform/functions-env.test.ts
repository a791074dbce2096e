// supabase/functions/.env.example: it names every variable a function reads that Supabase does not
// provide, and with it (plus what Supabase provides) every function boots and answers, as under
// `supabase functions serve --env-file supabase/functions/.env.example`. The functions run here
// the way they would behind a transaction pooler: DB_URL in place of SUPABASE_DB_URL and
// prepared statements off.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFunctionsServer, type FunctionsServer } from '../../scripts/local/functions-server.ts';
import { asymmetricProjectKeys, signJwt, type AsymmetricProjectKeys } from '../../scripts/local/local-env.ts';
import { freePort } from '../../scripts/local/ports.ts';
import { functionsDir, readProjectConfig } from '../../scripts/project.ts';
import { functionEnv, gatewayOptions } from '../../scripts/local/stack.ts';
import { clearLoopbackLimits, connect, createUser, outbox, uniqueEmail, type Sql } from '../auth/support.ts';
import { createUser as createBuyer, deliver, dtfPackage, eventRow, fakeSession } from '../support/billing-fixtures.ts';
import { completedSession, stripeEvent } from '../support/stripe-events.ts';
import { createStore, fixture, send } from '../store-webhook/support.ts';

const stack = inject('stack');
const envExampleFile = path.join(functionsDir, '.env.example');

/** What Supabase gives every function, hosted and under `supabase start` (Supabase's docs: Edge Functions, Environment Variables). */
const providedBySupabase = [
  'SUPABASE_URL',
  'SUPABASE_DB_URL',
  'SUPABASE_PUBLISHABLE_KEYS',
  'SUPABASE_SECRET_KEYS',
  'SUPABASE_JWKS',
  'SUPABASE_ANON_KEY',
  'SUPABASE_SERVICE_ROLE_KEY',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/**
 * The variables the functions read: a name in capitals with an underscore as the first argument
 * of a call, which is how every read looks (Deno.env.get('X'), env('X'), required('X')).
 */
function variablesRead(): Set<string> {
  const names = new Set<string>();
  for (const file of sourceFiles(functionsDir)) {
    for (const [, name] of readFileSync(file, 'utf8').matchAll(/\(\s*'([A-Z][A-Z0-9]*_[A-Z0-9_]+)'/g)) names.add(name);
  }
  return names;
}

interface EnvExample {
  /** Lines that set a variable, as an env file loader reads them. */
  values: Record<string, string>;
  /** Every variable the file names: set, or commented out as optional. */
  documented: Set<string>;
  /** Variable lines with no comment of their own on the line above. */
  uncommented: string[];
}

function readEnvExample(): EnvExample {
  const lines = readFileSync(envExampleFile, 'utf8').split('\n');
  const values: Record<string, string> = {};
  const documented = new Set<string>();
  const uncommented: string[] = [];
  const assignment = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/;
  lines.forEach((line, i) => {
    const match = assignment.exec(line);
    if (!match) return;
    const [, commentedOut, name, value] = match;
    documented.add(name);
    if (!commentedOut) values[name] = value;
    const above = lines[i - 1] ?? '';
    if (!above.startsWith('#') || assignment.test(above)) uncommented.push(name);
  });
  return { values, documented, uncommented };
}

describe('supabase/functions/.env.example', () => {
  it('documents every variable the functions read, unless Supabase provides it', () => {
    const { documented } = readEnvExample();
    const missing = [...variablesRead()].filter((name) => !documented.has(name) && !providedBySupabase.includes(name));
    expect(missing).toEqual([]);
  });

  it('documents no variable that no function reads', () => {
    const read = variablesRead();
    expect([...readEnvExample().documented].filter((name) => !read.has(name))).toEqual([]);
  });

  it('gives each variable a comment, sets none of the reserved SUPABASE_ names, and lists those Supabase provides', () => {
    const { values, uncommented } = readEnvExample();
    expect(uncommented).toEqual([]);
    expect(Object.keys(values).filter((name) => name.startsWith('SUPABASE_'))).toEqual([]);
    const text = readFileSync(envExampleFile, 'utf8');
    for (const name of providedBySupabase) expect(text).toMatch(new RegExp(`^#\\s+${name}\\s`, 'm'));
  });
});

describe("the functions with .env.example, through a transaction pooler's settings", () => {
  let sql: Sql;
  let keys: AsymmetricProjectKeys;
  let server: FunctionsServer;

  beforeAll(async () => {
    sql = connect(stack.dbUrl);
    keys = await asymmetricProjectKeys();
    const apiPort = await freePort();
    // What Supabase provides, as for a project on signing keys; its direct connection leads nowhere.
    const provided = Object.entries(
      functionEnv(
        {
          apiPort,
          dbUrl: `postgresql://postgres@127.0.0.1:${await freePort()}/postgres`,
          signingKeys: keys.signingKeys,
        },
        keys.apiKeys,
      ),
    ).filter(([name]) => providedBySupabase.includes(name));
    server = await startFunctionsServer({
      port: apiPort,
      functions: readProjectConfig().functions,
      ...gatewayOptions(keys),
      env: {
        ...Object.fromEntries(provided),
        ...readEnvExample().values,
        // what a developer fills in: the test's fake Stripe and its secrets
        STRIPE_SECRET_KEY: stack.stripeSecretKey,
        STRIPE_WEBHOOK_SECRET: stack.stripeWebhookSecret,
        STRIPE_API_BASE: stack.stripeApiBase,
        DB_URL: stack.dbUrl,
        DB_PREPARE: 'false',
      },
      log: () => {},
    });
  });
  afterAll(async () => {
    await server?.stop();
    await sql?.end();
  });

  const userToken = (id: string, email: string) =>
    signJwt(keys.signingKeys[0], { sub: id, email, role: 'authenticated', aud: 'authenticated', aal: 'aal1' }, '1h');

  async function call(name: string, init: { token?: string; body?: unknown } = {}) {
    const res = await fetch(`${server.url}/${name}`, {
      method: init.body === undefined ? 'GET' : 'POST',
      headers: {
        'content-type': 'application/json',
        apikey: keys.apiKeys.publishableKey,
        authorization: `Bearer ${init.token ?? keys.apiKeys.publishableKey}`,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  }

  it('health reaches the database', async () => {
    expect(await call('health')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('checkout opens a session, and stripe-webhook applies its signed completion', async () => {
    const buyer = await createBuyer(sql, 'dtf');
    const opened = await call('checkout', {
      token: await userToken(buyer.id, buyer.email),
      body: {
        product: 'dtf',
        item_id: await dtfPackage(sql, 15, 3),
        success_url: `${stack.checkoutAllowedOrigin}/ok`,
        cancel_url: `${stack.checkoutAllowedOrigin}/cart`,
      },
    });
    expect(opened).toMatchObject({ status: 200, body: { session_id: expect.any(String) } });

    const { _params: _ignored, ...session } = await fakeSession(opened.body.session_id);
    const event = stripeEvent('checkout.session.completed', completedSession(session));
    expect(await deliver(event, { functionsUrl: server.url })).toMatchObject({
      status: 200,
      body: { outcome: 'applied' },
    });
    expect(await eventRow(sql, event.id)).toMatchObject({ outcome: 'applied', product: 'dtf' });
  });

  it('otp sends a sign-in code to the outbox', async () => {
    await clearLoopbackLimits(sql);
    const email = uniqueEmail('env-example-otp');
    await createUser(sql, email);
    expect((await call('otp/request', { body: { purpose: 'login', email } })).status).toBe(202);
    await expect.poll(async () => (await outbox(sql, email)).map((m) => m.template)).toEqual(['otp_login']);
  });

  it("mfa reads the caller's factors", async () => {
    const email = uniqueEmail('env-example-mfa');
    const id = await createUser(sql, email);
    expect(await call('mfa/status', { token: await userToken(id, email) })).toMatchObject({
      status: 200,
      body: { enrolled: false },
    });
  });

  it('store-webhook records a signed order', async () => {
    const store = await createStore(sql, 'shopify');
    const delivered = await send(server.url, store, 'orders/create', fixture('shopify-orders-create'));
    expect(delivered.status).toBe(200);
    const [{ count }] =
      await sql`select count(*)::int as count from adly.orders where store_connection_id = ${store.connectionId}`;
    expect(count).toBe(1);
  });
});
