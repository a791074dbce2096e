// The one interface every store platform implements: verify a delivery, name its topic, and map
// its payload onto ADLY's products and orders. Adding a platform is one file implementing this.

/** Our normalised order status, the same for every platform. */
export type OrderStatus =
  | 'pending'
  | 'paid'
  | 'fulfilled'
  | 'cancelled'
  | 'refunded'
  | 'partially_refunded'
  | 'failed';

export interface ProductChange {
  kind: 'product';
  externalId: string;
  title: string;
  description: string | null;
  /** Decimal text, exactly as the platform sent it (no float rounding). */
  price: string | null;
  currency: string | null;
  imageUrl: string | null;
  category: string | null;
  tags: string[];
  isActive: boolean;
  updatedAt: Date;
}

export interface OrderItemChange {
  externalProductId: string | null;
  quantity: number;
  /** Unit price, decimal text. */
  price: string;
}

export interface OrderChange {
  kind: 'order';
  externalId: string;
  customerEmail: string | null;
  totalAmount: string;
  currency: string;
  status: OrderStatus;
  platformStatus: string | null;
  orderDate: Date;
  updatedAt: Date;
  attribution: Record<string, unknown>;
  items: OrderItemChange[];
  /** The buyer's browser, when the platform reports it (stored on the conversion event only). */
  ipAddress: string | null;
  userAgent: string | null;
}

export interface DeletionChange {
  kind: 'product_deleted' | 'order_deleted';
  externalId: string;
  deletedAt: Date;
}

export type StoreChange = ProductChange | OrderChange | DeletionChange;

/** What the handler knows about a delivery before the platform looks at it. */
export interface Delivery {
  request: Request;
  /** The raw body, exactly as received (signatures cover these bytes). */
  body: Uint8Array;
  /** Path segments after /store-webhook/<connection id>. */
  extraPath: string[];
  url: URL;
  /** Receive time, for deletions whose payload carries no time. */
  receivedAt: Date;
}

export interface StorePlatform {
  readonly name: 'shopify' | 'woocommerce' | 'salla' | 'zid';
  /** Whether the delivery is authentic for this connection's webhook secret. Constant-time. */
  verify(delivery: Delivery, secret: string): Promise<boolean>;
  /**
   * The platform's topic (event name) of the delivery, from its headers, path or parsed body;
   * null when it cannot be told.
   */
  topic(delivery: Delivery, payload: unknown): string | null;
  /**
   * The platform's id of the delivery, the same when it sends the delivery again; absent where
   * the platform has none. It is not signed, so it only ever names a delivery together with the
   * hash of the signed body.
   */
  deliveryId?(delivery: Delivery): string | null;
  /**
   * An unsigned set-up request the platform sends when a webhook is registered, answered 200
   * without any write. Optional.
   */
  isHandshake?(delivery: Delivery): boolean;
  /**
   * The change a topic's payload means, or null when we do not handle the topic (acknowledged
   * and ignored). Throws PayloadError when a handled topic's payload lacks what we need.
   */
  map(topic: string, payload: unknown, delivery: Delivery): StoreChange | null;
}

/** A handled topic whose payload is not what the platform documents. */
export class PayloadError extends Error {}
