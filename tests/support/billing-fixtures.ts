// Fixtures of the billing tests: users and items of each product, calls of the checkout and
// stripe-webhook functions through the local gateway, and the fake Stripe's control endpoints.
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import postgres from 'postgres';
import { signUserJwt } from './gateway.ts';
import { signStripePayload, type StripeEvent } from './stripe-events.ts';

export const stack = inject('stack');
export type Sql = postgres.Sql;

export function connect(): Sql {
  return postgres(stack.dbUrl, { max: 8, onnotice: () => {} });
}

export interface TestUser {
  id: string;
  email: string;
  token: string;
}

export async function createUser(sql: Sql, product: 'marketplace' | 'courses' | 'dtf' | 'adly'): Promise<TestUser> {
  const email = `billing-${randomUUID()}@example.com`;
  const [{ id }] = await sql<{ id: string }[]>`
    select tests.create_user(${email}, ${sql.json({ product, name: 'Test Buyer', full_name: 'Test Buyer' })}) as id`;
  const token = await signUserJwt(stack.jwtSecret, id, email);
  return { id, email, token };
}

export async function checkout(token: string | null, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${stack.functionsUrl}/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

export const urls = {
  success_url: 'http://127.0.0.1:3000/checkout/success?session_id={CHECKOUT_SESSION_ID}',
  cancel_url: 'http://127.0.0.1:3000/checkout/cancel',
};

export async function deliver(
  event: StripeEvent | string,
  options: { functionsUrl?: string; secret?: string; timestamp?: number; signature?: string } = {},
): Promise<{ status: number; body: any }> {
  const payload = typeof event === 'string' ? event : JSON.stringify(event, null, 2);
  const signature =
    options.signature ?? signStripePayload(payload, options.secret ?? stack.stripeWebhookSecret, options.timestamp);
  const res = await fetch(`${options.functionsUrl ?? stack.functionsUrl}/stripe-webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    body: payload,
  });
  return { status: res.status, body: await res.json() };
}

export async function fakeSession(id: string): Promise<Record<string, any>> {
  const res = await fetch(`${stack.stripeApiBase}/_fake/sessions/${id}`);
  if (!res.ok) throw new Error(`fake Stripe has no session ${id}`);
  return res.json();
}

export async function fakeRequests(
  checkoutId: string,
): Promise<{ method: string; path: string; idempotencyKey: string | null; params: any }[]> {
  return (await fetch(`${stack.stripeApiBase}/_fake/requests?checkout_id=${checkoutId}`)).json();
}

/** The next `count` calls to the fake Stripe fail with `status`; with `path`, only calls to that path. */
export async function fakeFailNext(count: number, status = 500, path?: string): Promise<void> {
  await fetch(`${stack.stripeApiBase}/_fake/fail`, { method: 'POST', body: JSON.stringify({ count, status, path }) });
}

/**
 * The customer pays the session at Stripe: the fake records its checkout.session.completed event
 * (created now, or at `created`) in its events list and delivers it nowhere, as when our webhook
 * endpoint is down.
 */
export async function fakePay(sessionId: string, created?: number): Promise<StripeEvent> {
  const res = await fetch(`${stack.stripeApiBase}/_fake/sessions/${sessionId}/pay`, {
    method: 'POST',
    body: JSON.stringify({ created }),
  });
  if (!res.ok) throw new Error(`fake Stripe could not pay ${sessionId}: ${res.status}`);
  return res.json();
}

/** A call of stripe-reconcile, as the scheduler makes it (no body) or an operator (a range). */
export async function reconcile(
  body?: unknown,
  options: { functionsUrl?: string; authorization?: string | null } = {},
): Promise<{ status: number; body: any }> {
  const authorization = options.authorization === undefined ? `Bearer ${stack.jobsSecret}` : options.authorization;
  const res = await fetch(`${options.functionsUrl ?? stack.functionsUrl}/stripe-reconcile`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization === null ? {} : { authorization }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

export async function fakePrices(prices: Record<string, number>): Promise<void> {
  await fetch(`${stack.stripeApiBase}/_fake/prices`, { method: 'POST', body: JSON.stringify(prices) });
}

/** The session the checkout function opened, with the webhook-facing fields. */
export async function openSession(token: string, body: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await checkout(token, { ...urls, ...body });
  if (res.status !== 200) throw new Error(`checkout answered ${res.status}: ${JSON.stringify(res.body)}`);
  const { _params: _ignored, ...session } = await fakeSession(res.body.session_id);
  return session;
}

// ---------------------------------------------------------------------------------------------
// items
// ---------------------------------------------------------------------------------------------

export async function marketplaceWorkflow(sql: Sql, price: number, status = 'active'): Promise<string> {
  const [{ id }] = await sql<{ id: string }[]>`
    insert into marketplace.workflows (title, description, price, currency, status)
    values (${`Workflow ${randomUUID().slice(0, 8)}`}, 'Automates a thing', ${price}, 'USD', ${status})
    returning id`;
  return id;
}

export async function coursesProduct(
  sql: Sql,
  priceDollars: number,
  status = 'public',
): Promise<{ productId: string; courseId: string }> {
  const [{ id: courseId }] = await sql<{ id: string }[]>`
    insert into courses.courses (title, description) values ('Course', 'Learn a thing') returning id`;
  const [{ id: productId }] = await sql<{ id: string }[]>`
    insert into courses.products (name, description, image_url, price_dollars, status)
    values (${`Bundle ${randomUUID().slice(0, 8)}`}, 'A bundle', 'https://example.com/b.png', ${priceDollars}, ${status})
    returning id`;
  await sql`insert into courses.course_products (course_id, product_id) values (${courseId}, ${productId})`;
  return { productId, courseId };
}

export async function dtfPackage(sql: Sql, credits: number, price: number): Promise<string> {
  const [{ id }] = await sql<{ id: string }[]>`
    insert into dtf.pay_as_you_go_packages (name, credits, price, is_active)
    values (${`Pack ${randomUUID().slice(0, 8)}`}, ${credits}, ${price}, true) returning id`;
  return id;
}

export async function dtfPlan(
  sql: Sql,
  creditsPerMonth: number,
  monthlyPrice: number,
): Promise<{ id: string; priceId: string }> {
  const priceId = `price_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const [{ id }] = await sql<{ id: string }[]>`
    insert into dtf.subscription_plans (name, stripe_price_id, monthly_price, credits_per_month, is_active)
    values (${`Plan ${randomUUID().slice(0, 8)}`}, ${priceId}, ${monthlyPrice}, ${creditsPerMonth}, true) returning id`;
  await fakePrices({ [priceId]: Math.round(monthlyPrice * 100) });
  return { id, priceId };
}

export async function adlyPlan(sql: Sql, price: number): Promise<{ id: string; priceId: string }> {
  const priceId = `price_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const [{ id }] = await sql<{ id: string }[]>`
    insert into adly.subscription_plans (name, stripe_price_id, price, currency, interval, features)
    values (${`Plan ${randomUUID().slice(0, 8)}`}, ${priceId}, ${price}, 'SAR', 'month', '{}'::jsonb) returning id`;
  await fakePrices({ [priceId]: Math.round(price * 100) });
  return { id, priceId };
}

export async function adlyWorkspace(
  sql: Sql,
  ownerId: string,
  members: { userId: string; role: string }[] = [],
): Promise<string> {
  const slug = `ws-${randomUUID().slice(0, 8)}`;
  const [{ id }] = await sql<{ id: string }[]>`
    insert into adly.workspaces (name, slug, created_by) values ('Shop', ${slug}, ${ownerId}) returning id`;
  await sql`insert into adly.workspace_members (workspace_id, user_id, role) values (${id}, ${ownerId}, 'owner')`;
  for (const member of members) {
    await sql`insert into adly.workspace_members (workspace_id, user_id, role) values (${id}, ${member.userId}, ${member.role}::adly.workspace_role)`;
  }
  return id;
}

export async function eventRow(sql: Sql, id: string): Promise<{ outcome: string; product: string | null } | undefined> {
  const [row] = await sql<{ outcome: string; product: string | null }[]>`
    select outcome, product from private.stripe_events where id = ${id}`;
  return row;
}
