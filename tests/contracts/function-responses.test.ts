// Every edge function's answers, over HTTP through the local gateway, parsed with the response
// schemas frontends import from types/functions.ts: a body that drifts from its schema (a field
// renamed, retyped, missing or added) fails here. Each endpoint is called for at least one success
// and one error.
import { createHmac, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Secret, TOTP } from 'otpauth';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { z } from 'zod';
import { startFunctionsServer } from '../../scripts/local/functions-server.ts';
import { signJwt } from '../../scripts/local/local-env.ts';
import { freePort } from '../../scripts/local/ports.ts';
import { functionsDir, readProjectConfig, rootDir } from '../../scripts/project.ts';
import { functionEnv } from '../../scripts/local/stack.ts';
import * as contract from '../../types/functions.ts';
import {
  adlyAcceptResponseSchema,
  adlyDeclineResponseSchema,
  adlyInviteResponseSchema,
  checkoutFreeResponseSchema,
  checkoutRequestSchema,
  checkoutResponseSchema,
  checkoutSessionResponseSchema,
  errorResponseSchema,
  healthOkResponseSchema,
  healthResponseSchema,
  healthUnavailableResponseSchema,
  mfaBackupCodesResponseSchema,
  mfaChallengeResponseSchema,
  mfaDisableResponseSchema,
  mfaEnrollResponseSchema,
  mfaStatusResponseSchema,
  mfaVerifyResponseSchema,
  otpExchangeResponseSchema,
  otpExchangeSessionResponseSchema,
  otpRequestResponseSchema,
  otpResetPasswordResponseSchema,
  otpVerifyLoginResponseSchema,
  otpVerifyResetResponseSchema,
  otpVerifyResponseSchema,
  otpVerifyVerificationResponseSchema,
  storeWebhookDuplicateResponseSchema,
  storeWebhookHandshakeResponseSchema,
  storeWebhookIgnoredResponseSchema,
  storeWebhookProcessedResponseSchema,
  storeWebhookRejectedResponseSchema,
  storeWebhookResponseSchema,
  stripeReconcileResponseSchema,
  stripeWebhookResponseSchema,
  type CheckoutRequest,
} from '../../types/functions.ts';

const stack = inject('stack');
let sql: postgres.Sql;

beforeAll(() => {
  sql = postgres(stack.dbUrl, { max: 4, onnotice: () => {} });
});
afterAll(() => sql.end());

/**
 * The body of `res`, after checking its status and parsing it with `schema`. The parsed value
 * must equal the body: object schemas drop unknown keys, so a field the schema does not name fails.
 */
async function expectBody<S extends z.ZodType>(res: Response, status: number, schema: S): Promise<z.infer<S>> {
  const body: unknown = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(status);
  const parsed = schema.parse(body);
  expect(parsed).toEqual(body);
  return parsed;
}

/** An error answer with this status and code, in the shared error shape. */
async function expectError(res: Response, status: number, code: string): Promise<void> {
  const body = await expectBody(res, status, errorResponseSchema);
  expect(body.error.code).toBe(code);
}

function call(
  pathname: string,
  init: { method?: string; token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  const body =
    init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  return fetch(`${stack.functionsUrl}/${pathname}`, { method, headers, body });
}

async function createUser(
  tag: string,
  metadata: Record<string, unknown> = {},
): Promise<{ id: string; email: string; token: string }> {
  const email = `${tag}-${randomUUID().slice(0, 8)}@contract-tests.example.com`;
  const [{ id }] = await sql<
    { id: string }[]
  >`select tests.create_user(${email}, ${JSON.stringify(metadata)}::text::jsonb) as id`;
  const token = await signJwt(stack.jwtSecret, { sub: id, email, role: 'authenticated', aud: 'authenticated' }, '1h');
  return { id, email, token };
}

describe('types/functions.ts', () => {
  it('re-exports every schema of every function, the same objects', async () => {
    const modules = [
      '_shared',
      ...readdirSync(functionsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_'))
        .map((entry) => entry.name),
    ];
    const exported = contract as Record<string, unknown>;
    let count = 0;
    for (const name of modules) {
      const file = path.join(functionsDir, name, 'schemas.ts');
      const schemas = (await import(file)) as Record<string, unknown>;
      for (const [key, value] of Object.entries(schemas)) {
        expect(exported[key], `${path.relative(rootDir, file)}: ${key}`).toBe(value);
        count++;
      }
    }
    expect(count).toBe(Object.keys(exported).length);
  });

  it('gives frontends request types that the request schemas accept', () => {
    const request: CheckoutRequest = {
      product: 'marketplace',
      item_id: randomUUID(),
      success_url: 'https://app.example.com/ok',
      cancel_url: 'https://app.example.com/cart',
    };
    expect(checkoutRequestSchema.parse(request)).toEqual(request);
  });
});

describe('health', () => {
  it('GET: 200 ok; POST: 405', async () => {
    const ok = await expectBody(await call('health'), 200, healthOkResponseSchema);
    expect(healthResponseSchema.parse(ok)).toEqual(ok);
    await expectError(await call('health', { method: 'POST', body: {} }), 405, 'method_not_allowed');
  });

  it('503 unavailable when the database does not answer', async () => {
    const closedPort = await freePort();
    const env = functionEnv(
      { apiPort: 0, dbUrl: `postgresql://postgres@127.0.0.1:${closedPort}/postgres`, jwtSecret: stack.jwtSecret },
      { anonKey: stack.anonKey, serviceRoleKey: stack.serviceRoleKey },
    );
    const functions = readProjectConfig().functions.filter((f) => f.name === 'health');
    const server = await startFunctionsServer({ port: 0, functions, jwtSecret: stack.jwtSecret, env, log: () => {} });
    try {
      const body = await expectBody(await fetch(`${server.url}/health`), 503, healthUnavailableResponseSchema);
      expect(healthResponseSchema.parse(body)).toEqual(body);
    } finally {
      await server.stop();
    }
  });
});

describe('checkout', () => {
  const urls = {
    success_url: `${stack.checkoutAllowedOrigin}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${stack.checkoutAllowedOrigin}/checkout/cancel`,
  };

  async function workflow(price: number): Promise<string> {
    const [{ id }] = await sql<{ id: string }[]>`
      insert into marketplace.workflows (title, description, price, currency, status)
      values (${`Contract workflow ${randomUUID().slice(0, 8)}`}, 'Automates a thing', ${price}, 'USD', 'active')
      returning id`;
    return id;
  }

  it('200 with a session (new and reused), 200 free, and the errors', async () => {
    const buyer = await createUser('checkout', {
      product: 'marketplace',
      name: 'Contract Buyer',
      full_name: 'Contract Buyer',
    });
    const paid: CheckoutRequest = { ...urls, product: 'marketplace', item_id: await workflow(19.5) };

    const first = await expectBody(
      await call('checkout', { token: buyer.token, body: paid }),
      200,
      checkoutSessionResponseSchema,
    );
    const again = await expectBody(
      await call('checkout', { token: buyer.token, body: paid }),
      200,
      checkoutResponseSchema,
    );
    expect(again).toEqual(first);

    const free = { ...urls, product: 'marketplace', item_id: await workflow(0) } satisfies CheckoutRequest;
    const freeBody = await expectBody(
      await call('checkout', { token: buyer.token, body: free }),
      200,
      checkoutFreeResponseSchema,
    );
    expect(checkoutResponseSchema.parse(freeBody)).toEqual(freeBody);

    await expectError(await call('checkout', { token: stack.anonKey, body: paid }), 401, 'unauthorized');
    await expectError(
      await call('checkout', { token: buyer.token, body: { ...paid, amount: 1 } }),
      400,
      'invalid_body',
    );
    await expectError(
      await call('checkout', { token: buyer.token, body: { ...paid, item_id: randomUUID() } }),
      404,
      'item_not_found',
    );
    await expectError(await call('checkout', { token: buyer.token, method: 'GET' }), 405, 'method_not_allowed');
  });
});

describe('otp', () => {
  // Every request through the local gateway comes from the loopback address: forget its per-IP counts.
  beforeEach(async () => {
    await sql`
      delete from private.auth_rate_events
      where bucket in ('otp_request_ip', 'otp_verify_ip')
        and key_hash in (select private.auth_hmac('ip:' || a) from unnest(array['127.0.0.1', '::ffff:127.0.0.1', '::1']) a)`;
  });

  /** The code in the newest message to `email`, once the background send has written it. */
  async function codeFor(email: string, count: number): Promise<string> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const messages = await sql<{ body_text: string | null }[]>`
        select body_text from private.auth_mail_outbox where to_email = ${email} order by created_at, id`;
      if (messages.length >= count) return /: (\d{6})\b/.exec(messages[count - 1].body_text ?? '')![1];
      if (Date.now() > deadline) throw new Error(`no message number ${count} for ${email}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const otp = (action: string, body: unknown) => call(`otp/${action}`, { token: stack.anonKey, body });
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('request: 202 sent; 400 for a bad body; 404 for an unknown action', async () => {
    await expectBody(
      await otp('request', { purpose: 'login', email: `nobody-${randomUUID()}@contract-tests.example.com` }),
      202,
      otpRequestResponseSchema,
    );
    await expectError(await otp('request', { purpose: 'signup', email: 'a@example.com' }), 400, 'invalid_body');
    await expectError(await otp('request', { purpose: 'verification' }), 401, 'unauthorized');
    await expectError(await otp('nowhere', {}), 404, 'not_found');
  });

  it('verify (verification, reset, login), reset-password and exchange: each success and error', async () => {
    const user = await createUser('otp');
    let sent = 0;
    const requestCode = async (purpose: string) => {
      await expectBody(await otp('request', { purpose, email: user.email }), 202, otpRequestResponseSchema);
      return codeFor(user.email, ++sent);
    };

    const verificationCode = await requestCode('verification');
    await expectError(
      await otp('verify', { purpose: 'verification', email: user.email, code: wrong(verificationCode) }),
      400,
      'invalid_code',
    );
    const verified = await expectBody(
      await otp('verify', { purpose: 'verification', email: user.email, code: verificationCode }),
      200,
      otpVerifyVerificationResponseSchema,
    );
    expect(otpVerifyResponseSchema.parse(verified)).toEqual(verified);
    await expectError(
      await otp('verify', { purpose: 'verification', email: user.email, code: 'abc' }),
      400,
      'invalid_body',
    );

    const reset = await expectBody(
      await otp('verify', { purpose: 'reset', email: user.email, code: await requestCode('reset') }),
      200,
      otpVerifyResetResponseSchema,
    );
    await expectError(
      await otp('reset-password', { reset_token: 'x'.repeat(43), password: 'a new passphrase 42' }),
      400,
      'invalid_token',
    );
    await expectError(
      await otp('reset-password', { reset_token: reset.reset_token, password: 'short' }),
      400,
      'invalid_body',
    );
    await expectBody(
      await otp('reset-password', { reset_token: reset.reset_token, password: 'a new passphrase 42' }),
      200,
      otpResetPasswordResponseSchema,
    );

    const login = await expectBody(
      await otp('verify', { purpose: 'login', email: user.email, code: await requestCode('login') }),
      200,
      otpVerifyLoginResponseSchema,
    );
    expect(login.mfa_required).toBe(false);
    const session = await expectBody(
      await otp('exchange', { proof: login.proof }),
      200,
      otpExchangeSessionResponseSchema,
    );
    expect(otpExchangeResponseSchema.parse(session)).toEqual(session);
    expect(session.user).toEqual({ id: user.id, email: user.email });
    await expectError(await otp('exchange', { proof: login.proof }), 401, 'invalid_proof');
    await expectError(await otp('exchange', {}), 400, 'invalid_body');
  });
});

describe('mfa', () => {
  /** Waits until at least 5 s remain in the current 30 s step, so codes computed now stay valid. */
  async function awayFromStepEdge(): Promise<void> {
    const left = 30_000 - (Date.now() % 30_000);
    if (left < 5_000) await new Promise((resolve) => setTimeout(resolve, left + 200));
  }

  // disable and backup-codes answer only a live Auth session that passed the factor: the local
  // platform's stand-in for Auth's sign-in makes one.
  it('status, enroll, verify, challenge, backup-codes and disable: each success and error', async (ctx) => {
    const [{ local }] = await sql<
      { local: boolean }[]
    >`select to_regproc('supabase_local.auth_sign_in') is not null as local`;
    if (!local) ctx.skip('needs supabase_local.auth_sign_in (the local platform) to create Auth sessions');
    const user = await createUser('mfa');
    const signIn = async () => {
      const [{ session }] = await sql<{ session: string }[]>`select supabase_local.auth_sign_in(${user.id}) as session`;
      return signJwt(
        stack.jwtSecret,
        { sub: user.id, email: user.email, role: 'authenticated', aud: 'authenticated', session_id: session },
        '1h',
      );
    };
    const token = await signIn();
    const mfa = (action: string, body?: unknown, bearer: string | null = token) =>
      call(`mfa/${action}`, { token: bearer, ...(action === 'status' ? {} : { body: body ?? {} }) });

    const before = await expectBody(await mfa('status'), 200, mfaStatusResponseSchema);
    expect(before).toEqual({
      enrolled: false,
      enabled: false,
      enabled_at: null,
      backup_codes_left: 0,
      locked_until: null,
      session_verified: false,
    });
    await expectError(await mfa('status', undefined, stack.anonKey), 401, 'unauthorized');
    await expectError(await mfa('status', undefined, null), 401, 'unauthorized');
    await expectError(await mfa('nowhere'), 404, 'not_found');

    await expectError(await mfa('verify', { code: '123456' }), 404, 'not_enrolled');
    await expectError(await mfa('enroll', { unexpected: true }), 400, 'invalid_body');
    const enrolled = await expectBody(await mfa('enroll'), 200, mfaEnrollResponseSchema);
    const totp = new TOTP({ secret: Secret.fromBase32(enrolled.secret), algorithm: 'SHA1', digits: 6, period: 30 });

    await awayFromStepEdge();
    const previous = totp.generate({ timestamp: Date.now() - 30_000 });
    const current = totp.generate({ timestamp: Date.now() });
    const next = totp.generate({ timestamp: Date.now() + 30_000 });
    const window = new Set([previous, current, next]);
    let wrong = '000000';
    while (window.has(wrong)) wrong = String(Number(wrong) + 1).padStart(6, '0');

    await expectError(await mfa('challenge', { code: current }), 409, 'not_enabled');
    await expectError(await mfa('disable', { code: current }), 409, 'not_enabled');
    await expectError(await mfa('verify', { code: wrong }), 400, 'invalid_code');
    // a token without session_id is no Auth session: nothing to bind the factor to
    await expectError(await mfa('verify', { code: previous }, user.token), 401, 'no_session');
    const verified = await expectBody(await mfa('verify', { code: previous }), 200, mfaVerifyResponseSchema);
    expect(verified.backup_codes).toHaveLength(10);
    await expectError(await mfa('verify', { code: current }), 409, 'already_enabled');

    const status = await expectBody(await mfa('status'), 200, mfaStatusResponseSchema);
    expect(status).toMatchObject({ enrolled: true, enabled: true, backup_codes_left: 10, session_verified: true });
    expect(status.enabled_at).not.toBeNull();

    await expectError(await mfa('challenge', { code: wrong }), 400, 'invalid_code');
    const challenged = await expectBody(
      await mfa('challenge', { code: verified.backup_codes[0] }),
      200,
      mfaChallengeResponseSchema,
    );
    expect(challenged).toMatchObject({ method: 'backup_code', backup_codes_left: 9 });

    await expectError(await mfa('backup-codes', { code: wrong }), 400, 'invalid_code');
    await expectError(await mfa('backup-codes', { code: current }, await signIn()), 403, 'second_factor_required');
    const replaced = await expectBody(await mfa('backup-codes', { code: current }), 200, mfaBackupCodesResponseSchema);
    expect(replaced.backup_codes).toHaveLength(10);

    await expectError(await mfa('disable', { code: 'short' }), 400, 'invalid_body');
    await expectBody(await mfa('disable', { code: next }), 200, mfaDisableResponseSchema);
  });
});

describe('stripe-webhook', () => {
  function deliver(payload: string, secret = stack.stripeWebhookSecret) {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex');
    return call('stripe-webhook', { body: payload, headers: { 'stripe-signature': `t=${timestamp},v1=${signature}` } });
  }

  it('200 received (first delivery and replay); 400 for a bad signature, 405 for GET', async () => {
    const event = JSON.stringify({
      id: `evt_test_${randomUUID().replace(/-/g, '')}`,
      object: 'event',
      api_version: '2026-10-28.endive',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: 'customer.created',
      data: { object: { id: `cus_test_${randomUUID().slice(0, 8)}`, object: 'customer' } },
    });
    const first = await expectBody(await deliver(event), 200, stripeWebhookResponseSchema);
    expect(first.replay).toBe(false);
    const replay = await expectBody(await deliver(event), 200, stripeWebhookResponseSchema);
    expect(replay).toEqual({ ...first, replay: true });

    await expectError(await deliver(event, 'whsec_not_the_secret'), 400, 'invalid_signature');
    await expectError(await call('stripe-webhook'), 405, 'method_not_allowed');
  });
});

describe('stripe-reconcile', () => {
  it('200 for a range (nothing in it); 401 without the jobs secret, 400 for a bad range, 405 for GET', async () => {
    const now = Math.floor(Date.now() / 1000);
    const range = { from: now - 29 * 86_400, to: now - 29 * 86_400 + 60 };
    const ok = await expectBody(
      await call('stripe-reconcile', { token: stack.jobsSecret, body: range }),
      200,
      stripeReconcileResponseSchema,
    );
    expect(ok).toMatchObject({ ...range, listed: 0, has_more: false, starting_after: null });
    await expectError(await call('stripe-reconcile', { token: 'not-the-jobs-secret', body: {} }), 401, 'unauthorized');
    await expectError(
      await call('stripe-reconcile', { token: stack.jobsSecret, body: { from: range.to, to: range.from } }),
      400,
      'invalid_body',
    );
    await expectError(await call('stripe-reconcile', { token: stack.jobsSecret }), 405, 'method_not_allowed');
  });
});

describe('adly-invitations', () => {
  it('invite, accept and decline: each success and error', async () => {
    const owner = await createUser('adly-owner', { product: 'adly' });
    const invitee = await createUser('adly-invitee', { product: 'adly' });
    const [{ id: workspaceId }] = await sql<{ id: string }[]>`
      insert into adly.workspaces (name, slug, created_by) values ('Contract workspace', ${`contract-${randomUUID()}`}, ${owner.id})
      returning id`;
    await sql`insert into adly.workspace_members (workspace_id, user_id, role) values (${workspaceId}, ${owner.id}, 'owner')`;
    const invitations = (action: string, body: unknown, token = owner.token) =>
      call(`adly-invitations/${action}`, { token, body });
    /** The invitation and token of the newest invitation email to `email` (sent before invite answers). */
    const mailed = async (email: string) => {
      const [mail] = await sql<{ body_text: string }[]>`
        select body_text from private.auth_mail_outbox where to_email = ${email} order by created_at desc, id limit 1`;
      const [, invitation_id, token] = /#invitation=([^&\s]+)&token=(\S+)/.exec(mail.body_text)!;
      return { invitation_id, token };
    };

    await expectBody(
      await invitations('invite', { workspace_id: workspaceId, email: invitee.email }),
      200,
      adlyInviteResponseSchema,
    );
    await expectError(
      await invitations('invite', { workspace_id: workspaceId, email: invitee.email, role: 'admin' }),
      400,
      'invalid_body',
    );
    await expectError(
      await invitations('invite', { workspace_id: workspaceId, email: 'x@example.com' }, invitee.token),
      403,
      'forbidden',
    );
    await expectError(await invitations('invite', { workspace_id: workspaceId, email: owner.email }), 409, 'conflict');
    await expectError(await invitations('nowhere', {}), 404, 'not_found');
    await expectError(
      await call('adly-invitations/invite', { token: owner.token, method: 'GET' }),
      405,
      'method_not_allowed',
    );

    const first = await mailed(invitee.email);
    await expectError(
      await invitations('accept', { ...first, token: 'x'.repeat(43) }, invitee.token),
      400,
      'invalid_token',
    );
    await expectBody(await invitations('accept', first, invitee.token), 200, adlyAcceptResponseSchema);

    const other = await createUser('adly-other', { product: 'adly' });
    await expectBody(
      await invitations('invite', { workspace_id: workspaceId, email: other.email }),
      200,
      adlyInviteResponseSchema,
    );
    const { invitation_id, token } = await mailed(other.email);
    await expectBody(
      await invitations('decline', { invitation_id, token }, other.token),
      200,
      adlyDeclineResponseSchema,
    );
    await expectError(await invitations('decline', { invitation_id, token }, other.token), 400, 'invalid_token');
    await expectError(await invitations('decline', { invitation_id }, other.token), 400, 'invalid_body');
  });
});

describe('store-webhook', () => {
  async function createConnection(platform: 'shopify' | 'woocommerce'): Promise<{ id: string; secret: string }> {
    const workspaceId = randomUUID();
    const secret = `whsec_${randomUUID().replaceAll('-', '')}`;
    await sql`insert into adly.workspaces (id, name, slug) values (${workspaceId}, 'Contract store', ${`contract-${workspaceId.slice(0, 8)}`})`;
    const id = await sql.begin(async (tx) => {
      await tx`select set_config('role', 'service_role', true), set_config('request.jwt.claims', '{"role":"service_role"}', true)`;
      const [row] = await tx<{ id: string }[]>`
        select id from adly.create_store_connection(${workspaceId}, ${platform}, 'Contract store', 'https://shop.example.com',
          'access-token', null, ${secret})`;
      return row.id;
    });
    return { id, secret };
  }

  function shopify(
    store: { id: string; secret: string },
    topic: string,
    payload: unknown,
    secret = store.secret,
    webhookId = randomUUID(),
  ) {
    const body = JSON.stringify(payload);
    return call(`store-webhook/${store.id}`, {
      body,
      headers: {
        'x-shopify-topic': topic,
        'x-shopify-shop-domain': 'contract.myshopify.com',
        'x-shopify-webhook-id': webhookId,
        'x-shopify-hmac-sha256': createHmac('sha256', secret).update(body, 'utf8').digest('base64'),
      },
    });
  }

  const fixture = (name: string) =>
    JSON.parse(readFileSync(path.join(rootDir, 'tests/store-webhook/fixtures', `${name}.json`), 'utf8'));

  it('200 processed (product, order), ignored, duplicate, rejected and handshake; 401 and 404 errors', async () => {
    const store = await createConnection('shopify');
    const product = await expectBody(
      await shopify(store, 'products/create', fixture('shopify-products-create')),
      200,
      storeWebhookProcessedResponseSchema,
    );
    expect(product).toMatchObject({ entity: 'product', outcome: 'created' });
    const order = await expectBody(
      await shopify(store, 'orders/create', fixture('shopify-orders-create')),
      200,
      storeWebhookProcessedResponseSchema,
    );
    expect(order).toMatchObject({ entity: 'order', outcome: 'created' });
    expect(order.order_id).toBeTruthy();
    expect(storeWebhookResponseSchema.parse(order)).toEqual(order);
    await expectBody(await shopify(store, 'shop/update', { id: 1 }), 200, storeWebhookIgnoredResponseSchema);
    const webhookId = randomUUID();
    await shopify(store, 'orders/updated', fixture('shopify-orders-create'), store.secret, webhookId);
    await expectBody(
      await shopify(store, 'orders/updated', fixture('shopify-orders-create'), store.secret, webhookId),
      200,
      storeWebhookDuplicateResponseSchema,
    );
    await expectBody(
      await shopify(store, 'products/create', { id: 'not a product' }),
      200,
      storeWebhookRejectedResponseSchema,
    );

    const woo = await createConnection('woocommerce');
    await expectBody(
      await call(`store-webhook/${woo.id}`, {
        body: 'webhook_id=42',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      200,
      storeWebhookHandshakeResponseSchema,
    );

    await expectError(
      await shopify(store, 'products/create', fixture('shopify-products-create'), 'whsec_wrong'),
      401,
      'unauthorized',
    );
    await expectError(await shopify({ ...store, id: randomUUID() }, 'products/create', {}), 404, 'not_found');
  });
});
