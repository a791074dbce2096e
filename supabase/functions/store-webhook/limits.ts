// What the store sync SQL functions can take, checked on the mapped change before they are called:
// text PostgreSQL can store, amounts that fit numeric(15, 3), quantities that fit integer, times
// that are plausibly the platform's own. A change that does not fit is refused with its reason,
// instead of failing in the database (where a retry fails again) or being cut silently.
import { z } from 'zod';
import { storableString } from '../_shared/unstorable.ts';
import type { StoreChange } from './platforms/types.ts';

/** More lines than an order of any of the four platforms has. */
export const maxOrderLines = 1000;

const text = (max: number) => storableString.max(max);

/** numeric(15, 3): below 10^12, digits past the third decimal only zeros (what SQL stores exactly). */
const amount = z.string().refine((value) => {
  const match = /^0*(\d{1,12})(?:\.(\d*))?$/.exec(value);
  return match !== null && /^\d{0,3}0*$/.test(match[2] ?? '');
}, 'is not an amount from 0 to 999999999999.999 with at most 3 decimals');

const day = 24 * 60 * 60 * 1000;

function changeSchema(receivedAt: Date) {
  // from the Unix epoch to a day ahead of our clock: further ahead, a modification time would
  // make every later version of the entity look older than it, and be ignored
  const time = z.date().min(new Date(0), 'is before 1970')
    .max(new Date(receivedAt.getTime() + day), 'is more than a day ahead of our clock');
  const externalId = text(255).min(1);
  return z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('product'),
      externalId,
      title: text(500).min(1),
      description: text(20_000).nullable(),
      price: amount.nullable(),
      currency: z.string().regex(/^[A-Z]{3}$/).nullable(),
      imageUrl: text(2000).nullable(),
      category: text(255).nullable(),
      tags: z.array(text(255)).max(100),
      isActive: z.boolean(),
      updatedAt: time,
    }),
    z.object({
      kind: z.literal('order'),
      externalId,
      customerEmail: text(320).nullable(),
      totalAmount: amount,
      currency: z.string().regex(/^[A-Z]{3}$/),
      status: z.enum(['pending', 'paid', 'fulfilled', 'cancelled', 'refunded', 'partially_refunded', 'failed']),
      platformStatus: text(100).nullable(),
      orderDate: time,
      updatedAt: time,
      attribution: z.record(z.string(), z.union([storableString, z.record(z.string(), storableString)])),
      items: z.array(z.object({
        externalProductId: text(255).min(1).nullable(),
        quantity: z.number().int().min(1).max(2_147_483_647),
        price: amount,
      })).max(maxOrderLines),
      ipAddress: z.string().nullable(),
      userAgent: text(1000).nullable(),
    }),
    z.object({
      kind: z.enum(['product_deleted', 'order_deleted']),
      externalId,
      deletedAt: time,
    }),
  ]);
}

/** Why the SQL functions could not take this change ("items.0.quantity: ..."), or null. */
export function changeProblem(change: StoreChange, receivedAt: Date): string | null {
  const result = changeSchema(receivedAt).safeParse(change);
  if (result.success) return null;
  return result.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
}
