// checkout under hostile input, through the gateway: bodies that are not storable JSON, past the
// limit (8 KiB) or not sent as JSON, and values out of range (ids, products, URLs, a price).
// Every row is refused with its status, and the buyer has no checkout, no purchase, and Stripe
// was asked for nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefusals, jsonBodyRequests, type HostileRequest } from '../support/hostile-requests.ts';
import {
  checkout,
  connect,
  createUser,
  marketplaceWorkflow,
  stack,
  urls,
  type TestUser,
} from '../support/billing-fixtures.ts';

const maxBodyBytes = 8 * 1024;
const sql = connect();
let buyer: TestUser;
let valid: Record<string, unknown>;

beforeAll(async () => {
  buyer = await createUser(sql, 'marketplace');
  valid = { ...urls, product: 'marketplace', item_id: await marketplaceWorkflow(sql, 12) };
});
afterAll(() => sql.end());

async function buyerRows() {
  const [row] = await sql`
    select (select count(*) from private.billing_checkouts where user_id = ${buyer.id})::int as checkouts,
           (select count(*) from marketplace.purchases where user_id = ${buyer.id})::int as purchases`;
  return row;
}

const refused = (what: string, body: unknown, code = 'invalid_body'): HostileRequest => ({
  what,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
  status: 400,
  code,
});

describe('checkout refuses hostile requests, changing nothing', () => {
  it('encodings, sizes, content types and values out of range', async () => {
    const ranges = [
      refused('an item id that is not a UUID', { ...valid, item_id: 'not-a-uuid' }),
      refused('an item id with SQL in it', { ...valid, item_id: "00000000-0000-0000-0000-000000000000' or '1'='1" }),
      refused('an unknown product', { ...valid, product: 'payments' }),
      refused('a workspace for a product that takes none', { ...valid, workspace_id: buyer.id }),
      refused('a price', { ...valid, amount: 1 }),
      refused('a javascript: URL', { ...valid, success_url: 'javascript:alert(1)' }),
      refused('a URL of 2049 characters', { ...valid, success_url: `${urls.success_url}&${'x'.repeat(2049)}` }),
      refused('a URL on another origin', { ...valid, cancel_url: 'https://evil.example.com/cart' }, 'url_not_allowed'),
      refused(
        'a URL whose user part names the allowed origin',
        { ...valid, cancel_url: 'http://127.0.0.1:3000@evil.example.com/' },
        'url_not_allowed',
      ),
    ];
    await expectRefusals(
      `${stack.functionsUrl}/checkout`,
      [...jsonBodyRequests(valid, 'success_url', maxBodyBytes), ...ranges],
      { authorization: `Bearer ${buyer.token}` },
      buyerRows,
    );
    expect(await buyerRows()).toEqual({ checkouts: 0, purchases: 0 });
  });

  it('(and the valid body opens the checkout the rows checked would show)', async () => {
    const res = await checkout(buyer.token, valid);
    expect(res.status).toBe(200);
    expect(await buyerRows()).toEqual({ checkouts: 1, purchases: 1 });
  });
});
