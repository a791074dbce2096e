// Codes, hashes, TOTP secrets and backup codes are out of reach of every client role: anon and
// authenticated can neither read the tables nor call the functions, whatever they try.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readProjectConfig } from '../../scripts/project.ts';
import { actAs } from '../support/database.ts';
import { connect, createUser, uniqueEmail, type Sql } from './support.ts';

const stack = inject('stack');
let sql: Sql;
let userId: string;

const tables = [
  'private.auth_email_codes',
  'private.auth_totp_factors',
  'private.auth_hash_keys',
  'private.auth_rate_events',
  'private.auth_mail_outbox',
  'private.auth_password_resets',
  'private.auth_login_proofs',
  'private.auth_second_factor_sessions',
  'private.secret_encryption_keys',
];

beforeAll(async () => {
  sql = connect(stack.dbUrl);
  const email = uniqueEmail('privileges');
  userId = await createUser(sql, email);
  // something to read in every table
  await sql`select private.auth_totp_enroll(${userId}, ${'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'})`;
  await sql`select * from private.auth_otp_request(${email}, null, 'login', '123456', '192.0.2.1', now())`;
  await sql`select private.auth_password_reset_issue(${userId}, ${randomUUID() + randomUUID()}, now())`;
});
afterAll(() => sql.end());

/** Runs `query` as a client role (with a user's claims for authenticated); the error, if any. */
async function asRole(
  role: 'anon' | 'authenticated',
  query: string,
): Promise<{ code?: string; message?: string } | null> {
  const claims = role === 'anon' ? { role } : { role, sub: userId, aal: 'aal2' };
  try {
    await sql.begin(async (tx) => {
      await actAs(tx, role, claims);
      await tx.unsafe(query);
    });
    return null;
  } catch (error) {
    return error as { code?: string; message?: string };
  }
}

describe.each(['anon', 'authenticated'] as const)('as %s', (role) => {
  it.each(tables)('cannot read, insert or delete %s', async (table) => {
    const name = table.split('.')[1];
    for (const query of [`select * from ${table}`, `delete from ${table}`, `insert into ${table} default values`]) {
      const error = await asRole(role, query);
      expect(error, query).toMatchObject({ code: '42501', message: `permission denied for table ${name}` });
    }
    const [privileges] = await sql<{ any: boolean }[]>`
      select has_table_privilege(${role}, ${table}, 'select, insert, update, delete, truncate, references, trigger') as any`;
    expect(privileges.any).toBe(false);
  });

  it('can execute none of the code, secret and admin functions', async () => {
    const functions = await sql<{ signature: string; granted: boolean }[]>`
      select p.oid::regprocedure::text as signature, has_function_privilege(${role}, p.oid, 'execute') as granted
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where (n.nspname = 'private' and p.proname like 'auth\\_%')
         or (n.nspname = 'private'
             and p.proname in ('encrypt_secret', 'decrypt_secret', 'check_secret', 'rotate_secret_encryption_key'))`;
    expect(functions.length).toBeGreaterThanOrEqual(20);
    expect(functions.filter((f) => f.granted).map((f) => f.signature)).toEqual([]);

    for (const call of [
      `select private.auth_totp_state('${userId}')`,
      `select private.auth_totp_set_secret('${userId}', 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')`,
      `select private.decrypt_secret(1, null)`,
      `select private.rotate_secret_encryption_key()`,
      `select private.auth_hmac('x')`,
      `select * from private.auth_otp_verify('a@b.c', null, 'login', '123456', '1.1.1.1', now())`,
      `select private.auth_local_set_password('${userId}', 'password1234')`,
    ]) {
      const error = await asRole(role, call);
      expect(error, call).toMatchObject({ code: '42501' });
      expect(error?.message).toMatch(/^permission denied for function /);
    }
  });
});

describe('the service role', () => {
  it('reads no TOTP secret column, key or pepper and stores no secret around enrolment, even as the backend', async () => {
    const attempt = async (query: string) => {
      try {
        await sql.begin(async (tx) => {
          await tx`select set_config('role', 'service_role', true)`;
          await tx.unsafe(query);
        });
        return null;
      } catch (error) {
        return (error as { code?: string }).code;
      }
    };
    expect(await attempt('select secret from private.auth_totp_factors')).toBe('42501');
    expect(await attempt('select key from private.auth_hash_keys')).toBe('42501');
    expect(await attempt('select key from private.secret_encryption_keys')).toBe('42501');
    expect(await attempt(`select private.auth_totp_set_secret('${userId}', 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')`)).toBe(
      '42501',
    );
    expect(await attempt('select body_text from private.auth_mail_outbox')).toBe('42501');
    expect(await attempt('select token_hash from private.auth_password_resets')).toBe('42501');
  });

  it('keeps the private schema out of the Data API', () => {
    expect(readProjectConfig().apiSchemas ?? []).not.toContain('private');
  });
});
