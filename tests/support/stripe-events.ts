// Stripe webhook payloads for tests: signed as Stripe signs them, and shaped as API version
// 2026-10-28 sends them.
import { createHmac, randomBytes } from 'node:crypto';

/** The Stripe-Signature header: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.payload">. */
export function signStripePayload(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

export function stripeId(prefix: string): string {
  return `${prefix}_test_${randomBytes(10).toString('hex')}`;
}

export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  livemode: boolean;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
  data: { object: Record<string, unknown> };
}

let clock = Math.floor(Date.now() / 1000) - 3600;

/** An event; `created` increases with every call unless given. */
export function stripeEvent(type: string, object: Record<string, unknown>, created = ++clock): StripeEvent {
  return {
    id: stripeId('evt'),
    object: 'event',
    api_version: '2026-10-28.endive',
    created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}

/** A checkout session as the webhook sees it, from the session the fake Stripe created. */
export function completedSession(
  session: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const subscription = session.mode === 'subscription';
  return {
    ...session,
    status: 'complete',
    payment_status: 'paid',
    payment_intent: subscription ? null : stripeId('pi'),
    subscription: subscription ? stripeId('sub') : null,
    customer: session.customer ?? stripeId('cus'),
    customer_details: {
      address: {
        city: 'Riyadh',
        country: 'SA',
        line1: '1 King Fahd Rd',
        line2: null,
        postal_code: '12211',
        state: null,
      },
      email: 'billing@example.com',
      name: 'Billing Name',
      phone: null,
      tax_exempt: 'none',
      tax_ids: [],
    },
    ...overrides,
  };
}

export function charge(
  paymentIntent: string,
  amount: number,
  amountRefunded: number,
  refundId = stripeId('re'),
): Record<string, unknown> {
  return {
    id: stripeId('ch'),
    object: 'charge',
    amount,
    amount_captured: amount,
    amount_refunded: amountRefunded,
    currency: 'usd',
    paid: true,
    payment_intent: paymentIntent,
    refunded: amountRefunded >= amount,
    status: 'succeeded',
    refunds: { object: 'list', data: [{ id: refundId, object: 'refund', amount: amountRefunded }], has_more: false },
  };
}

export function subscription(opts: {
  id: string;
  customer: string;
  price: string;
  status: string;
  metadata: Record<string, string>;
  periodStart?: number;
  periodEnd?: number;
}): Record<string, unknown> {
  const start = opts.periodStart ?? Math.floor(Date.now() / 1000);
  const end = opts.periodEnd ?? start + 30 * 86400;
  return {
    id: opts.id,
    object: 'subscription',
    customer: opts.customer,
    status: opts.status,
    metadata: opts.metadata,
    cancel_at_period_end: false,
    canceled_at: opts.status === 'canceled' ? start : null,
    trial_end: null,
    items: {
      object: 'list',
      data: [
        {
          id: stripeId('si'),
          object: 'subscription_item',
          price: { id: opts.price, object: 'price', recurring: { interval: 'month' } },
          quantity: 1,
          current_period_start: start,
          current_period_end: end,
        },
      ],
    },
  };
}

export function invoice(opts: {
  id?: string;
  subscription: string;
  customer: string;
  price: string;
  status: 'paid' | 'open';
  amount: number;
  currency?: string;
  metadata: Record<string, string>;
  paymentIntent?: string;
  /** The billing period of the lines (default: 30 days from now). */
  period?: { start: number; end: number };
  /** The invoice's lines (default: one line of `price` for `amount`); a proration has several. */
  lines?: { price: string; amount: number }[];
}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const period = opts.period ?? { start: now, end: now + 30 * 86400 };
  const lines = opts.lines ?? [{ price: opts.price, amount: opts.amount }];
  return {
    id: opts.id ?? stripeId('in'),
    object: 'invoice',
    customer: opts.customer,
    currency: opts.currency ?? 'usd',
    amount_due: opts.amount,
    amount_paid: opts.status === 'paid' ? opts.amount : 0,
    status: opts.status,
    invoice_pdf: 'https://pay.stripe.com/invoice/acct_test/invst_test/pdf',
    status_transitions: { paid_at: opts.status === 'paid' ? now : null },
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: { subscription: opts.subscription, metadata: opts.metadata },
    },
    lines: {
      object: 'list',
      data: lines.map((line) => ({
        id: stripeId('il'),
        object: 'line_item',
        amount: line.amount,
        period,
        pricing: { type: 'price_details', price_details: { price: line.price, product: stripeId('prod') } },
      })),
    },
    payments: opts.paymentIntent
      ? {
          object: 'list',
          data: [
            { object: 'invoice_payment', payment: { type: 'payment_intent', payment_intent: opts.paymentIntent } },
          ],
        }
      : { object: 'list', data: [] },
  };
}
