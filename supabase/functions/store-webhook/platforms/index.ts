// The store platforms the webhook understands, by store_connections.platform.
import { salla } from './salla.ts';
import { shopify } from './shopify.ts';
import type { StorePlatform } from './types.ts';
import { woocommerce } from './woocommerce.ts';
import { zid } from './zid.ts';

export const platforms: Record<string, StorePlatform> = { shopify, woocommerce, salla, zid };
export type { StoreChange, StorePlatform } from './types.ts';
export { PayloadError } from './types.ts';
