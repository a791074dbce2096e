// POST /functions/v1/stripe-reconcile: applies the Stripe events that never reached the webhook.
// Stripe retries a failed delivery for three days and then gives up, and never resends an event
// we answered 200 but lost to a bug since fixed; its own list of events (GET /v1/events, the last
// 30 days) still has them. This lists them and applies each through
// private.billing_apply_stripe_event, the webhook's entry point, so an event is applied once
// whichever of the two brings it first, under the same ordering rules. verify_jwt is off: the
// scheduler and operators send the jobs secret as their bearer token.
import type Stripe from 'stripe';
import { asServiceRole, type Sql } from '../_shared/database.ts';
import { errorToResponse, HttpError } from '../_shared/errors.ts';
import { errorResponse, json } from '../_shared/http.ts';
import { jobsCallerCheck, readJobBody } from '../_shared/jobs.ts';
import { recordStripeEvent } from '../_shared/stripe-events.ts';
import { stripeReconcileRequestSchema, type StripeReconcileResponse } from './schemas.ts';

export interface ReconcileDeps {
  sql: Sql;
  stripe: Stripe;
  /** The bearer token the scheduler and operators send (JOBS_SECRET). */
  jobsSecret: string;
  now?: () => Date;
  /** Events per page of Stripe's list (Stripe allows 1 to 100). */
  pageSize?: number;
  /** Pages one call lists at most: the bound on one run's work. */
  maxPages?: number;
}

/** The event types the webhook acts on (docs/billing.md); Stripe's list is filtered to them. */
const handledEventTypes = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'charge.refunded',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
  'invoice.payment_failed',
];

const day = 86_400;
/** Stripe lists the events of the last 30 days only. */
const retentionSeconds = 30 * day;
/**
 * The first run looks back as long as Stripe retries a failed delivery: what is older had either
 * reached the webhook or been given up on before reconciliation existed, and an operator's range
 * reaches it.
 */
const firstRunSeconds = 3 * day;
/**
 * Each window starts this long before the checkpoint: events created in the checkpoint's second,
 * and events Stripe lists a little after their `created`, are listed again (as replays) rather
 * than missed.
 */
const overlapSeconds = 300;
/** How far in the future a range may end: the caller's clock may be ahead of ours. */
const clockSkewSeconds = 300;

interface Window {
  from: number;
  to: number;
  /** The last event a previous call listed in this window; the listing goes on after it. */
  startingAfter: string | null;
}

interface StateRow {
  checkpoint: Date | null;
  pass_from: Date | null;
  pass_to: Date | null;
  pass_starting_after: string | null;
  version: string;
}

const unix = (date: Date) => Math.floor(date.getTime() / 1000);
const fromUnix = (seconds: number) => new Date(seconds * 1000);

/** The operator's range, or null for a scheduled run (no body, or {}). */
async function requestedWindow(req: Request, now: number): Promise<Window | null> {
  const range = await readJobBody(req, stripeReconcileRequestSchema);
  if (range.from === undefined || range.to === undefined) return null;
  if (range.from < now - retentionSeconds || range.to > now + clockSkewSeconds) {
    throw new HttpError(
      400,
      'invalid_range',
      `Stripe lists the events of the last 30 days: the range must lie within ${now - retentionSeconds} to ${now}`,
    );
  }
  return { from: range.from, to: range.to, startingAfter: range.starting_after ?? null };
}

/** The scheduled run's window: the one being listed, else from a little before the checkpoint to now. */
function scheduledWindow(state: StateRow, now: number): Window {
  const oldest = now - retentionSeconds;
  // A window whose start Stripe has forgotten since (reconciliation paused for weeks) starts over.
  if (state.pass_from && state.pass_to && unix(state.pass_from) >= oldest) {
    return { from: unix(state.pass_from), to: unix(state.pass_to), startingAfter: state.pass_starting_after };
  }
  const start = state.checkpoint ? unix(state.checkpoint) - overlapSeconds : now - firstRunSeconds;
  return { from: Math.max(start, oldest), to: now, startingAfter: null };
}

/**
 * Up to maxPages pages of the window's events, newest first as Stripe lists them, and the last
 * event listed when the window holds more. The pages are turned here rather than by the SDK's
 * auto-pagination, which would not stop at the bound and say where it stopped.
 */
async function listEvents(
  stripe: Stripe,
  window: Window,
  pageSize: number,
  maxPages: number,
): Promise<{ events: Stripe.Event[]; startingAfter: string | null }> {
  const events: Stripe.Event[] = [];
  let startingAfter = window.startingAfter;
  for (let page = 0; page < maxPages; page++) {
    let list: Stripe.ApiList<Stripe.Event>;
    try {
      list = await stripe.events.list({
        created: { gte: window.from, lte: window.to },
        types: handledEventTypes,
        limit: pageSize,
        ...(startingAfter ? { starting_after: startingAfter } : {}),
      });
    } catch (error) {
      // a starting_after that is no event of Stripe's (an operator's typo) is no failure of Stripe's
      if (page === 0 && window.startingAfter && (error as { code?: string }).code === 'resource_missing') {
        throw new HttpError(400, 'invalid_body', `Stripe has no event ${window.startingAfter} to list after`);
      }
      console.error(`stripe-reconcile: listing Stripe's events failed: ${(error as Error).message}`);
      throw new HttpError(502, 'stripe_error', 'Stripe could not list its events; nothing was applied');
    }
    events.push(...list.data);
    if (!list.has_more || !list.data.length) return { events, startingAfter: null };
    startingAfter = list.data[list.data.length - 1].id;
  }
  return { events, startingAfter };
}

/** Applies the events oldest first, each in its own transaction, as the webhook would. */
async function applyEvents(sql: Sql, newestFirst: Stripe.Event[]) {
  const counts = { applied: 0, already_applied: 0, rejected: 0 };
  for (const event of [...newestFirst].reverse()) {
    const row = await recordStripeEvent(sql, event, JSON.stringify(event), 'stripe-reconcile');
    if (row.replay) counts.already_applied++;
    else if (row.outcome === 'rejected') counts.rejected++;
    else counts.applied++;
  }
  return counts;
}

export function createReconcileHandler(deps: ReconcileDeps): (req: Request) => Promise<Response> {
  const refuseUnlessJobsCaller = jobsCallerCheck(deps.jobsSecret);
  const clock = deps.now ?? (() => new Date());
  const pageSize = deps.pageSize ?? 100;
  const maxPages = deps.maxPages ?? 10;

  return async (req) => {
    if (req.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'Use POST');
    const refusal = await refuseUnlessJobsCaller(req);
    if (refusal) return refusal;

    try {
      const now = unix(clock());
      const range = await requestedWindow(req, now);
      const [state] = await asServiceRole(
        deps.sql,
        (tx) => tx<StateRow[]>`select * from private.billing_stripe_reconciliation_state()`,
      );
      const window = range ?? scheduledWindow(state, now);

      const listing = await listEvents(deps.stripe, window, pageSize, maxPages);
      const counts = await applyEvents(deps.sql, listing.events);
      const hasMore = listing.startingAfter !== null;
      const summary = { listed: listing.events.length, ...counts, has_more: hasMore };

      // A scheduled run saves its progress: the window done up to its end (the new checkpoint), or
      // the window and where its listing stopped. An operator's range leaves that state alone.
      let checkpoint = state.checkpoint;
      if (!range) {
        [{ checkpoint }] = await asServiceRole(deps.sql, (tx) =>
          tx<{ checkpoint: Date | null }[]>`
          select private.billing_record_stripe_reconciliation(
            ${state.version}::bigint,
            ${hasMore ? null : fromUnix(window.to)}::timestamptz,
            ${hasMore ? fromUnix(window.from) : null}::timestamptz,
            ${hasMore ? fromUnix(window.to) : null}::timestamptz,
            ${listing.startingAfter},
            ${tx.json(summary)}) as checkpoint`);
      }

      const answer: StripeReconcileResponse = {
        from: window.from,
        to: window.to,
        ...summary,
        starting_after: listing.startingAfter,
        checkpoint: checkpoint ? unix(checkpoint) : null,
      };
      console.log(`stripe-reconcile: ${range ? 'range' : 'scheduled'} ${JSON.stringify(answer)}`);
      return json(answer);
    } catch (error) {
      // The events applied before the failure stay applied (each in its own transaction); the
      // checkpoint is unchanged, so the next run lists them again, as replays.
      return errorToResponse(error);
    }
  };
}
