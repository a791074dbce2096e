// The one way a verified Stripe event enters the billing event log, for the webhook (events Stripe
// pushes) and stripe-reconcile (events listed from Stripe alike): applied in one transaction by
// private.billing_apply_stripe_event, or, when the database cannot store its content (a NUL in
// its metadata, say), recorded as rejected with the reason and without the content. Stripe
// signed such an event, so it would bring the same bytes on every retry and every listing.
import { asServiceRole, type Sql } from './database.ts';
import { isRefusedData, storableForm, unstorableJson } from './unstorable.ts';

/** What the event log says of the event: applied, ignored, deferred, stale, rejected, ... */
export interface RecordedEvent {
  outcome: string;
  /** The product the event belongs to, when one does. */
  product: string | null;
  detail: string | null;
  /** Whether the event had been recorded before (its first outcome is repeated). */
  replay: boolean;
}

/** What the log needs of an event besides its content. */
export interface StripeEventHeader {
  id: string;
  type: string;
  /** Unix seconds. */
  created: number;
  livemode?: boolean;
}

/** 9999-12-31T23:59:59Z: a later `created` is not a time the database can be given. */
const lastStorableSecond = 253402300799;

/** Why the database could not store this event (`event`: all of it, as parsed), or null. */
function unstorableEvent(event: StripeEventHeader): string | null {
  if (event.created > lastStorableSecond) return `created (${event.created}) is after the year 9999`;
  return unstorableJson(event);
}

/**
 * Records a verified event and applies its effect, or records it as rejected. `raw` is the event's
 * JSON text (the webhook passes the signed bytes as they came); `caller` names the function in the
 * log line of a rejection. Database failures other than a refusal of the content are thrown.
 */
export async function recordStripeEvent(
  sql: Sql,
  event: StripeEventHeader,
  raw: string,
  caller: string,
): Promise<RecordedEvent> {
  let reason = unstorableEvent(event);
  if (!reason) {
    try {
      const [row] = await asServiceRole(
        sql,
        (tx) => tx<RecordedEvent[]>`select * from private.billing_apply_stripe_event(${raw}::text::jsonb)`,
      );
      return row;
    } catch (error) {
      // content the check above did not foresee, refused by the database itself
      const { code, message } = error as { code?: string; message?: string };
      if (!isRefusedData(code)) throw error;
      reason = `${code}: ${message}`;
    }
  }
  console.error(`${caller}: ${event.id} rejected: ${reason}`);
  const created = event.created <= lastStorableSecond ? new Date(event.created * 1000) : null;
  const [row] = await asServiceRole(sql, (tx) =>
    tx<RecordedEvent[]>`
    select * from private.billing_reject_stripe_event(
      ${event.id}, ${storableForm(event.type)}, ${created}, ${event.livemode ?? false}, ${reason})`);
  return row;
}
