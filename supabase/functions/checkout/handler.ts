// POST /functions/v1/checkout: opens a Stripe Checkout Session for an item of one of the four
// products, priced by the database. The SQL functions private.billing_begin_checkout and
// private.billing_attach_session decide and record everything; this adapter talks to Stripe.
import type { z } from 'zod';
import type Stripe from 'stripe';
import type { ClaimsReader } from '../_shared/auth.ts';
import { requireUser } from '../_shared/auth.ts';
import { asServiceRole, type Sql } from '../_shared/database.ts';
import { errorToResponse, HttpError } from '../_shared/errors.ts';
import { errorResponse, json, preflight } from '../_shared/http.ts';
import { parseJsonBody } from '../_shared/validation.ts';
import { type CheckoutFreeResponse, checkoutRequestSchema, type CheckoutSessionResponse } from './schemas.ts';

export interface CheckoutDeps {
  sql: Sql;
  stripe: Stripe;
  readClaims: ClaimsReader;
  /** Origins (scheme://host[:port]) success_url and cancel_url may point to. */
  allowedOrigins: string[];
}

/** The largest body: two URLs of up to 2048 characters and three short fields. */
const maxBodyBytes = 8 * 1024;

/** Product SQLSTATEs the checkout path can raise, as HTTP answers. */
export const checkoutErrors: Record<string, [number, string]> = {
  BL001: [404, 'item_not_found'],
  BL002: [409, 'already_owned'],
  BL003: [403, 'forbidden'],
  BL004: [409, 'checkout_in_progress'],
  MK001: [403, 'forbidden'],
  MK002: [404, 'item_not_found'],
  MK004: [409, 'already_owned'],
  MK008: [409, 'price_changed'],
  CR001: [404, 'item_not_found'],
  CR002: [409, 'already_owned'],
  CR004: [403, 'forbidden'],
  DT002: [403, 'forbidden'],
  DT003: [404, 'item_not_found'],
  P0002: [404, 'item_not_found'],
};

interface BeginRow {
  outcome: 'new' | 'reuse' | 'free';
  checkout_id: string | null;
  mode: 'payment' | 'subscription' | null;
  currency: string;
  amount_minor: string;
  item_name: string;
  item_description: string | null;
  stripe_price_id: string | null;
  customer_email: string | null;
  stripe_customer_id: string | null;
  checkout_url: string | null;
  stripe_checkout_session_id: string | null;
}

export function sessionParams(
  row: BeginRow,
  userId: string,
  body: z.output<typeof checkoutRequestSchema>,
): Stripe.Checkout.SessionCreateParams {
  const metadata: Record<string, string> = {
    checkout_id: row.checkout_id!,
    product: body.product,
    user_id: userId,
    item_id: body.item_id,
    ...(body.workspace_id ? { workspace_id: body.workspace_id } : {}),
  };
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: row.mode!,
    success_url: body.success_url,
    cancel_url: body.cancel_url,
    client_reference_id: row.checkout_id!,
    metadata,
    ...(row.stripe_customer_id
      ? { customer: row.stripe_customer_id }
      : row.customer_email
      ? { customer_email: row.customer_email }
      : {}),
  };
  if (row.mode === 'subscription') {
    params.line_items = [{ price: row.stripe_price_id!, quantity: 1 }];
    params.subscription_data = { metadata };
  } else {
    const description = row.item_description?.trim().slice(0, 500);
    params.line_items = [{
      quantity: 1,
      price_data: {
        currency: row.currency.toLowerCase(),
        unit_amount: Number(row.amount_minor),
        product_data: { name: row.item_name.slice(0, 250), ...(description ? { description } : {}) },
      },
    }];
    params.payment_intent_data = { metadata };
  }
  return params;
}

export function createCheckoutHandler(deps: CheckoutDeps): (req: Request) => Promise<Response> {
  const allowed = new Set(deps.allowedOrigins.map((origin) => new URL(origin).origin));

  return async (req) => {
    const early = preflight(req);
    if (early) return early;
    if (req.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'Use POST');
    try {
      const claims = await requireUser(deps.readClaims, req);
      const body = await parseJsonBody(req, checkoutRequestSchema, maxBodyBytes);
      for (const key of ['success_url', 'cancel_url'] as const) {
        if (!allowed.has(new URL(body[key]).origin)) {
          throw new HttpError(400, 'url_not_allowed', `${key} is not on an allowed origin`);
        }
      }

      const [row] = await asServiceRole(deps.sql, (tx) =>
        tx<BeginRow[]>`
        select * from private.billing_begin_checkout(
          ${claims.sub}::uuid, ${body.product}, ${body.item_id}::uuid, ${body.workspace_id ?? null}::uuid)`);

      if (row.outcome === 'free') {
        return json({ free: true, url: null, session_id: null } satisfies CheckoutFreeResponse);
      }
      if (row.outcome === 'reuse') {
        // An open checkout always has its session (private.billing_attach_session requires both).
        return json(
          { url: row.checkout_url!, session_id: row.stripe_checkout_session_id! } satisfies CheckoutSessionResponse,
        );
      }

      let session: Stripe.Checkout.Session;
      try {
        session = await deps.stripe.checkout.sessions.create(
          sessionParams(row, claims.sub, body),
          { idempotencyKey: `checkout_${row.checkout_id}` },
        );
        if (!session.url) throw new Error('Stripe returned a session without a url');
      } catch (error) {
        await asServiceRole(deps.sql, (tx) => tx`select private.billing_abandon_checkout(${row.checkout_id}::uuid)`);
        console.error(`checkout: Stripe refused the session: ${(error as Error).message}`);
        throw new HttpError(502, 'stripe_error', 'The payment provider could not open a checkout');
      }

      try {
        await asServiceRole(deps.sql, (tx) =>
          tx`
          select private.billing_attach_session(${row.checkout_id}::uuid, ${session.id}, ${session.url},
            to_timestamp(${session.expires_at}))`);
      } catch (error) {
        // Nothing may stay half-written: close the session no one will pay, drop our row.
        await deps.stripe.checkout.sessions.expire(session.id).catch((expireError: Error) =>
          console.error(`checkout: could not expire session ${session.id}: ${expireError.message}`)
        );
        await asServiceRole(deps.sql, (tx) => tx`select private.billing_abandon_checkout(${row.checkout_id}::uuid)`)
          .catch(() => {});
        throw error;
      }
      return json({ url: session.url, session_id: session.id } satisfies CheckoutSessionResponse);
    } catch (error) {
      return errorToResponse(error, checkoutErrors);
    }
  };
}
