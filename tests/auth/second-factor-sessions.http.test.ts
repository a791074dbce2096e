// The second factor as a frontend meets it, through the local gateway: a user who turned 2FA on
// signs in with his password and reads no ADLY data until the mfa challenge passes in that very
// session; then that session, refreshed tokens included, reads what it did before, until it is
// signed out or the password is reset. ADLY is read in SQL the way PostgREST runs a request (the
// caller's claims, role authenticated). These cases need live Auth sessions, which only the local
// platform's stand-in for Auth's sign-in creates; a factor of Auth's own MFA needs the cluster's
// superuser to write it as Auth would.
import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { actAs } from '../support/database.ts';
import { adminDatabaseUrl } from '../support/fresh-database.ts';
import {
  canSignIn,
  clearLoopbackLimits,
  connect,
  createUser,
  latestCode,
  noSignInReason,
  signIn,
  uniqueEmail,
  userToken,
  type Sql,
} from './support.ts';

const stack = inject('stack');
let sql: Sql;
let localAuth: boolean;

beforeAll(async () => {
  sql = connect(stack.dbUrl);
  localAuth = await canSignIn(sql);
});
afterAll(() => sql.end());

async function call(fn: 'mfa' | 'otp', action: string, token: string | null, body?: unknown) {
  const res = await fetch(`${stack.functionsUrl}/${fn}/${action}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? stack.anonKey}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** Waits until at least 5 s remain in the current 30 s step, so codes computed now stay valid. */
async function awayFromStepEdge(): Promise<void> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < 5_000) await new Promise((resolve) => setTimeout(resolve, left + 200));
}

/** An ADLY user who owns a workspace. */
async function adlyOwner(tag: string) {
  const email = uniqueEmail(tag);
  const id = await createUser(sql, email);
  await sql`insert into adly.users (id, email) values (${id}, ${email})`;
  const [{ workspace }] = await sql<{ workspace: string }[]>`
    insert into adly.workspaces (name, slug, created_by) values ('Second factor', ${`second-factor-${randomUUID()}`}, ${id})
    returning id as workspace`;
  await sql`insert into adly.workspace_members (workspace_id, user_id, role) values (${workspace}, ${id}, 'owner')`;
  return { id, email };
}

/** An ADLY owner who turned 2FA on in an earlier session. */
async function adlyUserWithSecondFactor(tag: string) {
  const { id, email } = await adlyOwner(tag);
  const earlier = await signIn(sql, stack.jwtSecret, id, email);
  const enrolled = await call('mfa', 'enroll', earlier.token, {});
  const totp = new TOTP({ secret: Secret.fromBase32(enrolled.body.secret), period: 30 });
  await awayFromStepEdge();
  const verified = await call('mfa', 'verify', earlier.token, {
    code: totp.generate({ timestamp: Date.now() - 30_000 }),
  });
  expect(verified.status).toBe(200);
  return { id, email, totp, backupCodes: verified.body.backup_codes as string[] };
}

/** What the token's caller reaches of ADLY, as PostgREST would run his requests. */
async function adlyReach(token: string) {
  return sql.begin(async (tx) => {
    await actAs(tx, 'authenticated', decodeJwt(token));
    const [row] = await tx<{ workspaces: number; members: number; profiles: number }[]>`
      select (select count(*) from adly.workspaces)::int as workspaces,
             (select count(*) from adly.workspace_members)::int as members,
             (select count(*) from adly.users)::int as profiles`;
    return row;
  });
}

/** The SQLSTATE and message an ADLY RPC refuses the token's caller with, or null when it runs (then rolled back). */
async function createWorkspaceAs(token: string): Promise<{ code: string; message: string } | null> {
  try {
    await sql.begin(async (tx) => {
      await actAs(tx, 'authenticated', decodeJwt(token));
      await tx`select adly.create_workspace('Another', ${`another-${randomUUID()}`})`;
      throw new Error('ran');
    });
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    return code ? { code, message } : null;
  }
  return null;
}

const nothing = { workspaces: 0, members: 0, profiles: 0 };
const ownWorkspace = { workspaces: 1, members: 1, profiles: 1 };
const refused = { code: '42501', message: 'a verified second factor is required for this session' };

describe('a session and the second factor, over HTTP', () => {
  beforeEach(async (ctx) => {
    if (!localAuth) ctx.skip(noSignInReason);
    await clearLoopbackLimits(sql);
  });

  it('a password sign-in reads nothing until the challenge passes in that session; refreshed tokens keep it; sign-out ends it', async () => {
    const user = await adlyUserWithSecondFactor('sf-session');
    const session = await signIn(sql, stack.jwtSecret, user.id, user.email);

    expect(await adlyReach(session.token)).toEqual(nothing);
    expect(await createWorkspaceAs(session.token)).toEqual(refused);
    expect((await call('mfa', 'status', session.token)).body).toMatchObject({ enabled: true, session_verified: false });

    const challenged = await call('mfa', 'challenge', session.token, { code: user.totp.generate() });
    expect(challenged).toMatchObject({ status: 200, body: { method: 'totp' } });
    expect(await adlyReach(session.token)).toEqual(ownWorkspace);
    expect(await createWorkspaceAs(session.token)).toBeNull();
    expect((await call('mfa', 'status', session.token)).body.session_verified).toBe(true);

    // a token refresh gives a new access token of the same session
    const refreshed = await session.refresh();
    expect(decodeJwt(refreshed).session_id).toBe(session.session);
    expect(await adlyReach(refreshed)).toEqual(ownWorkspace);

    // another sign-in of the same user has not passed the factor
    const elsewhere = await signIn(sql, stack.jwtSecret, user.id, user.email);
    expect(await adlyReach(elsewhere.token)).toEqual(nothing);

    await sql`select supabase_local.auth_sign_out(${session.session})`;
    expect(await adlyReach(refreshed)).toEqual(nothing);
    expect(await createWorkspaceAs(refreshed)).toEqual(refused);
    expect((await call('mfa', 'status', refreshed)).body.session_verified).toBe(false);
  });

  it('a backup code passes the challenge too; a password reset through otp ends what every session passed', async () => {
    const user = await adlyUserWithSecondFactor('sf-reset');
    const session = await signIn(sql, stack.jwtSecret, user.id, user.email);
    expect((await call('mfa', 'challenge', session.token, { code: user.totp.generate() })).status).toBe(200);
    const other = await signIn(sql, stack.jwtSecret, user.id, user.email);
    expect((await call('mfa', 'challenge', other.token, { code: user.backupCodes[0] })).body.method).toBe(
      'backup_code',
    );
    expect(await adlyReach(session.token)).toEqual(ownWorkspace);
    expect(await adlyReach(other.token)).toEqual(ownWorkspace);

    expect((await call('otp', 'request', null, { purpose: 'reset', email: user.email })).status).toBe(202);
    const reset = await call('otp', 'verify', null, {
      purpose: 'reset',
      email: user.email,
      code: await latestCode(sql, user.email),
    });
    expect(reset.status).toBe(200);
    const changed = await call('otp', 'reset-password', null, {
      reset_token: reset.body.reset_token,
      password: 'a new passphrase 42',
    });
    expect(changed.status).toBe(200);

    expect(await adlyReach(session.token)).toEqual(nothing);
    expect(await adlyReach(other.token)).toEqual(nothing);
  });

  it('of 5 sessions challenging at once with the same code, one passes and only its session is recorded', async () => {
    const user = await adlyUserWithSecondFactor('sf-race');
    const sessions = await Promise.all(
      Array.from({ length: 5 }, () => signIn(sql, stack.jwtSecret, user.id, user.email)),
    );
    const code = user.totp.generate();
    const results = await Promise.all(sessions.map((s) => call('mfa', 'challenge', s.token, { code })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400, 400, 400]);

    const winner = sessions[results.findIndex((r) => r.status === 200)];
    const recorded = await sql<{ session_id: string }[]>`
      select session_id from private.auth_second_factor_sessions
      where user_id = ${user.id} and session_id in ${sql(sessions.map((s) => s.session))}`;
    expect(recorded.map((r) => r.session_id)).toEqual([winner.session]);
    for (const s of sessions) expect(await adlyReach(s.token)).toEqual(s === winner ? ownWorkspace : nothing);
  });
});

describe("a factor of Supabase Auth's own MFA", () => {
  it('counts while its Auth session lives: nothing with aal1, his workspace with aal2, nothing after sign-out', async (ctx) => {
    if (!adminDatabaseUrl)
      ctx.skip("needs the cluster's superuser (SUPABASE_ADMIN_DB_URL) to write auth.mfa_factors as Auth does");
    if (!localAuth) ctx.skip(noSignInReason);
    const user = await adlyOwner('sf-native');
    const admin = connect(adminDatabaseUrl!);
    try {
      await admin`
        insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at)
        values (${randomUUID()}, ${user.id}, 'phone app', 'totp', 'verified', now(), now())`;
    } finally {
      await admin.end();
    }
    const session = await signIn(sql, stack.jwtSecret, user.id, user.email);
    expect(await adlyReach(session.token)).toEqual(nothing);
    const aal2 = await userToken(stack.jwtSecret, user.id, user.email, { aal: 'aal2', session_id: session.session });
    expect(await adlyReach(aal2)).toEqual(ownWorkspace);
    // a token of a session Auth does not have, and the same token once its session is signed out
    expect(await adlyReach(await userToken(stack.jwtSecret, user.id, user.email, { aal: 'aal2' }))).toEqual(nothing);
    await sql`select supabase_local.auth_sign_out(${session.session})`;
    expect(await adlyReach(aal2)).toEqual(nothing);
  });
});
