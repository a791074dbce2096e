// otp under hostile input, through the gateway: for each route, bodies that are not storable
// JSON, past the limit (8 KiB) or not sent as JSON, and values out of each field's range. Every
// row is refused with its status, and nothing of the account changes: no code, no mail, no rate
// event, no reset token, no login proof.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectRefusals, jsonBodyRequests, type HostileRequest } from '../support/hostile-requests.ts';
import { connect, createUser, uniqueEmail, type Sql } from './support.ts';

const stack = inject('stack');
const maxBodyBytes = 8 * 1024;
let sql: Sql;
let email: string;
let userId: string;

beforeAll(async () => {
  sql = connect(stack.dbUrl);
  email = uniqueEmail('hostile');
  userId = await createUser(sql, email);
});
afterAll(() => sql.end());

/** Everything a request, verification, reset or exchange for the account would leave behind. */
async function accountRows() {
  const [row] = await sql`
    select (select count(*) from private.auth_email_codes where user_id = ${userId})::int as codes,
           (select coalesce(sum(attempts), 0) from private.auth_email_codes where user_id = ${userId})::int as attempts,
           (select count(*) from private.auth_mail_outbox where to_email = ${email})::int as mails,
           (select count(*) from private.auth_rate_events
             where key_hash in (private.auth_hmac('email:' || ${email}), private.auth_hmac('account:' || ${email})))::int as rate_events,
           (select count(*) from private.auth_password_resets where user_id = ${userId})::int as resets,
           (select count(*) from private.auth_login_proofs where user_id = ${userId})::int as proofs`;
  return row;
}

const invalid = (what: string, body: unknown): HostileRequest => ({
  what,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
  status: 400,
  code: 'invalid_body',
});

const routes: [string, Record<string, unknown>, string, (valid: Record<string, unknown>) => HostileRequest[]][] = [
  [
    'request',
    { purpose: 'login', email: '' },
    'email',
    (valid) => [
      invalid('an email of 321 characters', { ...valid, email: `${'a'.repeat(309)}@example.com` }),
      invalid('an email with a line break', { ...valid, email: `${valid.email}\nbcc: other@example.com` }),
      invalid('an email that is a list', { ...valid, email: [valid.email] }),
      invalid('an unknown purpose', { ...valid, purpose: 'admin' }),
      invalid('a purpose that is a number', { ...valid, purpose: 1 }),
      invalid('a key the route does not take', { ...valid, user_id: userId }),
    ],
  ],
  [
    'verify',
    { purpose: 'login', email: '', code: '123456' },
    'code',
    (valid) => [
      invalid('5 digits', { ...valid, code: '12345' }),
      invalid('7 digits', { ...valid, code: '1234567' }),
      invalid('Arabic-Indic digits', { ...valid, code: '١٢٣٤٥٦' }),
      invalid('a code that is a number', { ...valid, code: 123456 }),
      invalid('a code that is negative', { ...valid, code: '-12345' }),
    ],
  ],
  [
    'reset-password',
    { reset_token: 'x'.repeat(43), password: 'a new password' },
    'password',
    (valid) => [
      invalid('a token of 31 characters', { ...valid, reset_token: 'x'.repeat(31) }),
      invalid('a token of 201 characters', { ...valid, reset_token: 'x'.repeat(201) }),
      invalid('a password of 7 characters', { ...valid, password: 'short12' }),
      invalid('a password of 73 bytes (bcrypt reads 72)', { ...valid, password: 'é'.repeat(36) + 'a' }),
    ],
  ],
  [
    'exchange',
    { proof: 'not.a.proof' },
    'proof',
    (valid) => [
      invalid('an empty proof', { ...valid, proof: '' }),
      invalid('a proof of 4001 characters', { ...valid, proof: 'x'.repeat(4001) }),
    ],
  ],
];

describe('otp refuses hostile requests, changing nothing', () => {
  it('(the rows checked do show what a valid request leaves)', async () => {
    const before = await accountRows();
    const res = await fetch(`${stack.functionsUrl}/otp/request`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.anonKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ purpose: 'verification', email }),
    });
    expect(res.status).toBe(202);
    await expect
      .poll(accountRows)
      .toMatchObject({ codes: before.codes + 1, mails: before.mails + 1, rate_events: before.rate_events + 1 });
  });

  it.each(routes.map(([route, ...rest]) => [route, ...rest] as const))('%s', async (route, base, field, ranges) => {
    const valid = 'email' in base ? { ...base, email } : base;
    await expectRefusals(
      `${stack.functionsUrl}/otp/${route}`,
      [...jsonBodyRequests(valid, field, maxBodyBytes), ...ranges(valid)],
      { authorization: `Bearer ${stack.anonKey}` },
      accountRows,
    );
  });
});
