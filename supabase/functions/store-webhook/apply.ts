// Writes one mapped change through the service-role SQL functions, in the caller's transaction.
import type { Transaction } from '../_shared/database.ts';
import type { StoreChange } from './platforms/types.ts';

export interface ApplyResult {
  entity: 'product' | 'order';
  external_id: string;
  /** created, updated, stale (older or replayed), deleted, or unknown (deletion of something never synced). */
  outcome: string;
  order_id?: string | null;
  conversion_event_id?: string | null;
}

export async function applyChange(tx: Transaction, connectionId: string, change: StoreChange): Promise<ApplyResult> {
  switch (change.kind) {
    case 'product': {
      const [row] = await tx<{ outcome: string }[]>`
        select adly.upsert_store_product(
          ${connectionId}::uuid, ${change.externalId}, ${change.title}, ${change.description},
          ${change.price}::numeric, ${change.currency}, ${change.imageUrl}, ${change.category},
          array(select jsonb_array_elements_text(${JSON.stringify(change.tags)}::text::jsonb)),
          ${change.isActive}, ${change.updatedAt}::timestamptz
        ) as outcome`;
      return { entity: 'product', external_id: change.externalId, outcome: row.outcome };
    }
    case 'product_deleted': {
      const [row] = await tx<{ outcome: string }[]>`
        select adly.delete_store_product(${connectionId}::uuid, ${change.externalId}, ${change.deletedAt}::timestamptz) as outcome`;
      return { entity: 'product', external_id: change.externalId, outcome: row.outcome };
    }
    case 'order': {
      const items = change.items.map((item) => ({
        external_product_id: item.externalProductId,
        quantity: item.quantity,
        price: item.price,
      }));
      const [row] = await tx<{ order_id: string; outcome: string }[]>`
        select o.order_id, o.outcome from adly.upsert_store_order(
          ${connectionId}::uuid, ${change.externalId}, ${change.customerEmail}, ${change.totalAmount}::numeric,
          ${change.currency}, ${change.status}, ${change.platformStatus}, ${change.orderDate}::timestamptz,
          ${JSON.stringify(change.attribution)}::text::jsonb,
          ${JSON.stringify(items)}::text::jsonb,
          ${change.updatedAt}::timestamptz
        ) o`;
      let conversion: string | null = null;
      if (row.outcome === 'created' || row.outcome === 'updated') {
        const [event] = await tx<{ id: string | null }[]>`
          select adly.record_store_order_conversion(${row.order_id}::uuid, ${change.ipAddress}::inet, ${change.userAgent}) as id`;
        conversion = event.id;
      }
      return {
        entity: 'order',
        external_id: change.externalId,
        outcome: row.outcome,
        order_id: row.order_id,
        conversion_event_id: conversion,
      };
    }
    case 'order_deleted': {
      const [row] = await tx<{ outcome: string }[]>`
        select adly.delete_store_order(${connectionId}::uuid, ${change.externalId}, ${change.deletedAt}::timestamptz) as outcome`;
      return { entity: 'order', external_id: change.externalId, outcome: row.outcome };
    }
  }
}
