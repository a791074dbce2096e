// mfa under hostile input, through the gateway: for each route that takes a body, bodies that
// are not storable JSON, past the limit (1 KiB) or not sent as JSON, and codes out of range.
// Every row is refused with its status, and the caller's factor (failures, lock, last step,
// backup codes) and second-factor sessions stay as they were.
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { expectRefusals, jsonBodyRequests, type HostileRequest } from '../support/hostile-requests.ts';
import { connect, createUser, uniqueEmail, userToken, type Sql } from './support.ts';

const stack = inject('stack');
const maxBodyBytes = 1024;
let sql: Sql;
let userId: string;
let token: string;

beforeAll(async () => {
  sql = connect(stack.dbUrl);
  const email = uniqueEmail('mfa-hostile');
  userId = await createUser(sql, email);
  token = await userToken(stack.jwtSecret, userId, email);
  // an enrolled factor, so that every route has one to change
  const enrolled = await fetch(`${stack.functionsUrl}/mfa/enroll`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{}',
  });
  if (enrolled.status !== 200) throw new Error(`enroll answered ${enrolled.status}`);
});
afterAll(() => sql.end());

async function factorRows() {
  return sql`
    select to_jsonb(f) as factor,
           (select count(*) from private.auth_second_factor_sessions s where s.user_id = ${userId})::int as sessions
    from private.auth_totp_factors f where f.user_id = ${userId}`;
}

const invalid = (what: string, body: unknown): HostileRequest => ({
  what,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
  status: 400,
  code: 'invalid_body',
});

const codeRanges = [
  invalid('a code of 5 characters', { code: '12345' }),
  invalid('a code of 33 characters', { code: '1'.repeat(33) }),
  invalid('only white space', { code: ' '.repeat(8) }),
  invalid('a code that is a number', { code: 123456 }),
  invalid('a key the route does not take', { code: '123456', user_id: '00000000-0000-0000-0000-000000000000' }),
];

const routes: [string, Record<string, unknown>, string, HostileRequest[]][] = [
  // enroll takes {} only: a field to carry the hostile text, refused before it would matter
  ['enroll', { label: 'x' }, 'label', []],
  ['verify', { code: '123456' }, 'code', codeRanges],
  ['challenge', { code: '123456' }, 'code', codeRanges],
  ['disable', { code: '123456' }, 'code', codeRanges],
  ['backup-codes', { code: '123456' }, 'code', codeRanges],
];

describe('mfa refuses hostile requests, changing nothing', () => {
  it.each(routes)('%s', async (route, valid, field, ranges) => {
    await expectRefusals(
      `${stack.functionsUrl}/mfa/${route}`,
      [...jsonBodyRequests(valid, field, maxBodyBytes), ...ranges],
      { authorization: `Bearer ${token}` },
      factorRows,
    );
  });
});
