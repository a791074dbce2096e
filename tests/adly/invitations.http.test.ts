// ADLY invitations over HTTP through the local gateway, with the real database and the local
// mail outbox (MAIL_PROVIDER=outbox): an owner invites, the invited address alone receives the
// single-use token, and the invitee (signed in with that address confirmed) answers with it.
// Hostile requests change nothing, every refusal of a token looks the same, and concurrent
// answers use a token once and never count more than 5 wrong tokens.
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFunctionsServer, type FunctionsServer } from '../../scripts/local/functions-server.ts';
import { freePort } from '../../scripts/local/ports.ts';
import { readProjectConfig } from '../../scripts/project.ts';
import { functionEnv } from '../../scripts/local/stack.ts';
import { createAdlyInvitationsHandler } from '../../supabase/functions/adly-invitations/handler.ts';
import { invitationMessage } from '../../supabase/functions/adly-invitations/message.ts';
import { connect, outbox, userToken, type Sql } from '../auth/support.ts';
import { actAs } from '../support/database.ts';

const stack = inject('stack');
const acceptPage = 'http://127.0.0.1:3000/invitations/accept';
let sql: Sql;
const createdUsers: string[] = [];
const createdWorkspaces: string[] = [];

beforeAll(() => {
  sql = connect(stack.dbUrl);
});
afterAll(async () => {
  if (createdWorkspaces.length) await sql`delete from adly.workspaces where id in ${sql(createdWorkspaces)}`;
  if (createdUsers.length) await sql`delete from auth.users where id in ${sql(createdUsers)}`;
  await sql.end();
});

type User = { id: string; email: string; token: string };

const uniqueEmail = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@adly-invitations.example.com`;

/** An ADLY user (sign-up trigger), his email confirmed unless told otherwise, with a signed-in token. */
async function createUser(tag: string, { confirmed = true, names = {} as Record<string, string> } = {}): Promise<User> {
  const email = uniqueEmail(tag);
  const [{ id }] = await sql<{ id: string }[]>`
    select tests.create_user(${email}, ${JSON.stringify({ product: 'adly', ...names })}::text::jsonb) as id`;
  if (!confirmed) await sql`update auth.users set email_confirmed_at = null where id = ${id}`;
  createdUsers.push(id);
  return { id, email, token: await userToken(stack.jwtSecret, id, email) };
}

/** A workspace `owner` creates, as the Data API would run create_workspace for him. */
async function createWorkspace(owner: User, name = 'Invitation Tests'): Promise<string> {
  const id = await sql.begin(async (tx) => {
    await actAs(tx, 'authenticated', { sub: owner.id, role: 'authenticated' });
    const [row] = await tx<{ id: string }[]>`select id from adly.create_workspace(${name}, ${`inv-${randomUUID()}`})`;
    return row.id;
  });
  createdWorkspaces.push(id);
  return id;
}

async function call(action: string, body: unknown, token: string | null, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.functionsUrl}/adly-invitations/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

/** A POST whose body is streamed (chunked transfer encoding): no Content-Length announces its size. */
async function chunked(action: string, body: unknown, token: string) {
  const bytes = new TextEncoder().encode(JSON.stringify(body));
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 1024) controller.enqueue(bytes.subarray(i, i + 1024));
      controller.close();
    },
  });
  const res = await fetch(`${stack.functionsUrl}/adly-invitations/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: stream,
    duplex: 'half',
  } as RequestInit);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

const invite = (owner: User, workspaceId: string, email: string, role?: string) =>
  call('invite', { workspace_id: workspaceId, email, ...(role ? { role } : {}) }, owner.token);
const accept = (user: User, invitationId: string, token: string) =>
  call('accept', { invitation_id: invitationId, token }, user.token);
const decline = (user: User, invitationId: string, token: string) =>
  call('decline', { invitation_id: invitationId, token }, user.token);

/** The invitation id and token of the newest invitation email to `email`, read off its link. */
async function mailedToken(
  email: string,
): Promise<{ invitationId: string; token: string; subject: string; text: string }> {
  const messages = (await outbox(sql, email)).filter((m) => m.template === 'adly_invitation');
  const last = messages.at(-1);
  if (!last?.body_text) throw new Error(`no invitation email to ${email}`);
  const link = /^(http\S+)$/m.exec(last.body_text)![1];
  expect(link.startsWith(`${acceptPage}#`)).toBe(true);
  const fragment = new URLSearchParams(new URL(link).hash.slice(1));
  return {
    invitationId: fragment.get('invitation')!,
    token: fragment.get('token')!,
    subject: last.subject,
    text: last.body_text,
  };
}

const tokenRow = (invitationId: string) =>
  sql<
    { failed_attempts: number }[]
  >`select failed_attempts from private.adly_invitation_tokens where invitation_id = ${invitationId}`;
const membersOf = (workspaceId: string, userId: string) =>
  sql`select role::text as role from adly.workspace_members where workspace_id = ${workspaceId} and user_id = ${userId}`;
const invalidToken = {
  status: 400,
  body: {
    error: { code: 'invalid_token', message: 'The invitation or its token is invalid, expired or already used' },
  },
};

describe('the invitation flow', () => {
  it('owner invites → the invited address gets the token by email → the signed-in invitee accepts with it → member', async () => {
    const owner = await createUser('owner', { names: { first_name: 'Olivia', last_name: 'Owner' } });
    const invitee = await createUser('invitee');
    const workspaceId = await createWorkspace(owner, 'Acme Ads');

    // a client that writes its own x-forwarded-for is not recorded: the gateway's address is
    const invited = await call(
      'invite',
      { workspace_id: workspaceId, email: invitee.email.toUpperCase(), role: 'member' },
      owner.token,
      { 'x-forwarded-for': '203.0.113.66' },
    );
    expect(invited).toMatchObject({
      status: 200,
      body: { workspace_id: workspaceId, email: invitee.email, role: 'member' },
    });
    expect(Object.keys(invited.body).sort()).toEqual(['email', 'expires_at', 'id', 'role', 'workspace_id']);

    const mail = await mailedToken(invitee.email);
    expect(mail.invitationId).toBe(invited.body.id);
    expect(mail.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(mail.subject).toContain('Acme Ads');
    expect(mail.subject).toContain('Olivia Owner');
    expect(mail.text).toContain(`code in `);
    expect(mail.text).toContain(mail.token);
    // the token reaches the mailbox only: not the owner's answer, not the database in clear
    expect(JSON.stringify(invited.body)).not.toContain(mail.token);
    const [stored] =
      await sql`select token_hash from private.adly_invitation_tokens where invitation_id = ${mail.invitationId}`;
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await sql`select * from adly.audit_logs where workspace_id = ${workspaceId}`)).not.toContain(
      mail.token,
    );

    const accepted = await accept(invitee, mail.invitationId, mail.token);
    expect(accepted).toMatchObject({ status: 200, body: { workspace_id: workspaceId, role: 'member' } });
    expect(await membersOf(workspaceId, invitee.id)).toEqual([{ role: 'member' }]);
    expect(await tokenRow(mail.invitationId)).toEqual([]);
    expect(await accept(invitee, mail.invitationId, mail.token)).toMatchObject(invalidToken);

    // audited as the caller, with the address the gateway saw and the caller's user agent
    const audit = await sql`
      select action, user_id, host(ip_address) as ip, user_agent is not null as agent from adly.audit_logs
      where workspace_id = ${workspaceId} and action in ('member.invited', 'member.added') and resource_id in (
        select ${mail.invitationId}::uuid union select id from adly.workspace_members where user_id = ${invitee.id})
      order by action`;
    expect(audit).toEqual([
      { action: 'member.added', user_id: invitee.id, ip: '127.0.0.1', agent: true },
      { action: 'member.invited', user_id: owner.id, ip: '127.0.0.1', agent: true },
    ]);
  });

  it('answers an email with and without an account the same way, and mails both', async () => {
    const owner = await createUser('owner');
    const workspaceId = await createWorkspace(owner);
    const known = await createUser('known');
    const unknown = uniqueEmail('unknown');

    const a = await invite(owner, workspaceId, known.email);
    const b = await invite(owner, workspaceId, unknown);
    expect(b.status).toBe(a.status);
    expect({ ...b.body, id: null, email: null, expires_at: null }).toEqual({
      ...a.body,
      id: null,
      email: null,
      expires_at: null,
    });
    expect([...b.headers.keys()].filter((k) => k !== 'date').sort()).toEqual(
      [...a.headers.keys()].filter((k) => k !== 'date').sort(),
    );
    expect((await outbox(sql, known.email)).map((m) => m.template)).toEqual(['adly_invitation']);
    expect((await outbox(sql, unknown)).map((m) => m.template)).toEqual(['adly_invitation']);
  });

  it('declines with the token, once', async () => {
    const owner = await createUser('owner');
    const invitee = await createUser('invitee');
    const workspaceId = await createWorkspace(owner);
    await invite(owner, workspaceId, invitee.email, 'viewer');
    const mail = await mailedToken(invitee.email);

    expect(await decline(invitee, mail.invitationId, 'x'.repeat(43))).toMatchObject(invalidToken);
    expect(await decline(invitee, mail.invitationId, mail.token)).toMatchObject({
      status: 200,
      body: { declined: true },
    });
    expect(await decline(invitee, mail.invitationId, mail.token)).toMatchObject(invalidToken);
    expect(await accept(invitee, mail.invitationId, mail.token)).toMatchObject(invalidToken);
    expect(await membersOf(workspaceId, invitee.id)).toEqual([]);
  });

  it('inviting again mails a new token and kills the old one', async () => {
    const owner = await createUser('owner');
    const invitee = await createUser('invitee');
    const workspaceId = await createWorkspace(owner);
    await invite(owner, workspaceId, invitee.email, 'viewer');
    const first = await mailedToken(invitee.email);
    await invite(owner, workspaceId, invitee.email, 'member');
    const second = await mailedToken(invitee.email);
    expect(second.invitationId).toBe(first.invitationId);
    expect(second.token).not.toBe(first.token);

    expect(await accept(invitee, first.invitationId, first.token)).toMatchObject(invalidToken);
    expect(await accept(invitee, second.invitationId, second.token)).toMatchObject({
      status: 200,
      body: { role: 'member' },
    });
  });
});

describe('refusals', () => {
  let owner: User;
  let invitee: User;
  let workspaceId: string;
  let mail: Awaited<ReturnType<typeof mailedToken>>;

  beforeAll(async () => {
    owner = await createUser('owner');
    invitee = await createUser('invitee');
    workspaceId = await createWorkspace(owner);
    await invite(owner, workspaceId, invitee.email);
    mail = await mailedToken(invitee.email);
  });

  it("one answer for a wrong token, another invitation's token, an unknown invitation and someone else holding the token", async () => {
    const other = await createUser('other-invitee');
    await invite(owner, workspaceId, other.email);
    const othersMail = await mailedToken(other.email);

    const refusals = [
      await accept(invitee, mail.invitationId, `${mail.token.slice(0, -1)}${mail.token.endsWith('A') ? 'B' : 'A'}`),
      await accept(invitee, mail.invitationId, othersMail.token),
      await accept(invitee, othersMail.invitationId, mail.token),
      await accept(invitee, randomUUID(), mail.token),
      await accept(other, mail.invitationId, mail.token),
      await decline(other, mail.invitationId, mail.token),
    ];
    for (const refusal of refusals) expect(refusal).toMatchObject(invalidToken);
    expect(new Set(refusals.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await membersOf(workspaceId, other.id)).toEqual([]);
    // of these, only the wrong tokens the invitee himself presented for his invitation count
    expect(await tokenRow(mail.invitationId)).toEqual([{ failed_attempts: 2 }]);
  });

  it('a confirmed email is required, whoever holds the token', async () => {
    const unconfirmed = await createUser('unconfirmed', { confirmed: false });
    await invite(owner, workspaceId, unconfirmed.email);
    const theirs = await mailedToken(unconfirmed.email);
    expect(await accept(unconfirmed, theirs.invitationId, theirs.token)).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden', message: 'a confirmed email address is required to answer an invitation' } },
    });
    expect(await tokenRow(theirs.invitationId)).toEqual([{ failed_attempts: 0 }]);
  });

  it('hostile answers: no JWT, the anon key, bad bodies', async () => {
    const body = { invitation_id: mail.invitationId, token: mail.token };
    const cases: [string, () => ReturnType<typeof call>, number, string][] = [
      ['no JWT', () => call('accept', body, null), 401, 'unauthorized'],
      ['the anon key', () => call('accept', body, stack.anonKey), 401, 'unauthorized'],
      ['not JSON', () => call('accept', '{"invitation_id"', invitee.token), 400, 'invalid_body'],
      [
        'a token of 201 characters',
        () => call('accept', { ...body, token: 'a'.repeat(201) }, invitee.token),
        400,
        'invalid_body',
      ],
      ['no token', () => call('accept', { invitation_id: mail.invitationId }, invitee.token), 400, 'invalid_body'],
      [
        'an id that is no uuid',
        () => call('accept', { ...body, invitation_id: '1 or 1=1' }, invitee.token),
        400,
        'invalid_body',
      ],
      ['an extra field', () => call('accept', { ...body, user_id: owner.id }, invitee.token), 400, 'invalid_body'],
      [
        'a 2 MB body',
        () => call('accept', { ...body, pad: 'x'.repeat(2_000_000) }, invitee.token),
        413,
        'payload_too_large',
      ],
      // (small enough to be sent whole before the answer: a larger one is cut off while it is sent)
      [
        'a body of 6 KB sent in chunks, without its length',
        () => chunked('accept', { ...body, pad: 'x'.repeat(6000) }, invitee.token),
        413,
        'payload_too_large',
      ],
    ];
    for (const [what, send, status, code] of cases) {
      const res = await send();
      expect({ what, status: res.status, code: res.body.error?.code }).toEqual({ what, status, code });
    }
    expect(await membersOf(workspaceId, invitee.id)).toEqual([]);
    expect(await tokenRow(mail.invitationId)).toEqual([{ failed_attempts: 2 }]);
  });
});

describe('hostile invitations', () => {
  let owner: User;
  let member: User;
  let outsider: User;
  let workspaceId: string;

  beforeAll(async () => {
    owner = await createUser('owner');
    member = await createUser('member');
    outsider = await createUser('outsider');
    workspaceId = await createWorkspace(owner);
    await invite(owner, workspaceId, member.email);
    const mail = await mailedToken(member.email);
    expect((await accept(member, mail.invitationId, mail.token)).status).toBe(200);
  });

  /** A request with two Authorization header lines (fetch would join them into one). */
  function twoAuthorizationHeaders(
    first: string,
    second: string,
    body: unknown,
  ): Promise<{ status: number; body: Record<string, any> }> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        `${stack.functionsUrl}/adly-invitations/invite`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      // an array value is sent as one header line per value
      req.setHeader('authorization', [first, second]);
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
  }

  it('refuses each with the right status, inviting nobody and mailing nothing', async () => {
    const target = uniqueEmail('target');
    const body = { workspace_id: workspaceId, email: target };
    const cases: [string, () => Promise<{ status: number; body: Record<string, any> }>, number, string][] = [
      ['no JWT', () => call('invite', body, null), 401, 'unauthorized'],
      ['the anon key', () => call('invite', body, stack.anonKey), 401, 'unauthorized'],
      ['a member who is not an owner', () => call('invite', body, member.token), 403, 'forbidden'],
      ['an outsider', () => call('invite', body, outsider.token), 403, 'forbidden'],
      [
        'an unknown workspace',
        () => call('invite', { ...body, workspace_id: randomUUID() }, owner.token),
        403,
        'forbidden',
      ],
      [
        'the owner inviting himself',
        () => call('invite', { ...body, email: owner.email }, owner.token),
        409,
        'conflict',
      ],
      [
        "a member's address",
        () => call('invite', { ...body, email: member.email.toUpperCase() }, owner.token),
        409,
        'conflict',
      ],
      [
        'a role that does not exist',
        () => call('invite', { ...body, role: 'admin' }, owner.token),
        400,
        'invalid_body',
      ],
      ['a null role', () => call('invite', { ...body, role: null }, owner.token), 400, 'invalid_body'],
      ['no email', () => call('invite', { workspace_id: workspaceId }, owner.token), 400, 'invalid_body'],
      ['an implausible email', () => call('invite', { ...body, email: 'target@' }, owner.token), 400, 'invalid_body'],
      [
        'an email of 300 characters',
        () => call('invite', { ...body, email: `${'a'.repeat(290)}@example.com` }, owner.token),
        400,
        'invalid_body',
      ],
      [
        'a workspace id that is no uuid',
        () => call('invite', { ...body, workspace_id: 'acme' }, owner.token),
        400,
        'invalid_body',
      ],
      [
        'a token chosen by the owner',
        () => call('invite', { ...body, token: 'x'.repeat(43) }, owner.token),
        400,
        'invalid_body',
      ],
      ['an array', () => call('invite', [body], owner.token), 400, 'invalid_body'],
      ['not JSON', () => call('invite', 'workspace_id=1', owner.token), 400, 'invalid_body'],
      [
        'a 2 MB body',
        () => call('invite', { ...body, pad: 'x'.repeat(2_000_000) }, owner.token),
        413,
        'payload_too_large',
      ],
      [
        'two Authorization headers, a forged one first',
        () => twoAuthorizationHeaders('Bearer not.a.jwt', `Bearer ${owner.token}`, body),
        401,
        'unauthorized',
      ],
      [
        "two Authorization headers, a member's first",
        () => twoAuthorizationHeaders(`Bearer ${member.token}`, `Bearer ${owner.token}`, body),
        403,
        'forbidden',
      ],
      [
        "the owner's token twice in one header",
        () => call('invite', body, null, { authorization: `Bearer ${owner.token}, Bearer ${owner.token}` }),
        401,
        'unauthorized',
      ],
      ['an unknown action', () => call('add-member', body, owner.token), 404, 'not_found'],
    ];
    for (const [what, send, status, code] of cases) {
      const res = await send();
      expect({ what, status: res.status, code: res.body.error?.code }).toEqual({ what, status, code });
    }
    const get = await fetch(`${stack.functionsUrl}/adly-invitations/invite`, {
      headers: { authorization: `Bearer ${owner.token}` },
    });
    expect(get.status).toBe(405);

    expect(
      await sql`select id from adly.workspace_invitations where workspace_id = ${workspaceId} and email <> ${member.email}`,
    ).toEqual([]);
    expect(await outbox(sql, target)).toEqual([]);
    expect(await outbox(sql, owner.email)).toEqual([]);
  });
});

describe('concurrent answers', () => {
  it('two accepts at once with the same token: one membership, the token used once', async () => {
    const cases = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const owner = await createUser('owner');
        const invitee = await createUser('invitee');
        const workspaceId = await createWorkspace(owner);
        await invite(owner, workspaceId, invitee.email, 'viewer');
        return { invitee, workspaceId, mail: await mailedToken(invitee.email) };
      }),
    );
    const answers = await Promise.all(
      cases.flatMap((c) => [1, 2].map(() => accept(c.invitee, c.mail.invitationId, c.mail.token))),
    );
    for (const [i, c] of cases.entries()) {
      const pair = answers.slice(2 * i, 2 * i + 2);
      expect(pair.map((a) => a.status).sort()).toEqual([200, 400]);
      expect(pair.find((a) => a.status === 400)).toMatchObject(invalidToken);
      expect(await membersOf(c.workspaceId, c.invitee.id)).toEqual([{ role: 'viewer' }]);
      expect(await tokenRow(c.mail.invitationId)).toEqual([]);
    }
  });

  it('12 wrong guesses at once never count past 5; the invitation stays locked until the owner invites again', async () => {
    const owner = await createUser('owner');
    const invitee = await createUser('invitee');
    const workspaceId = await createWorkspace(owner);
    await invite(owner, workspaceId, invitee.email);
    const mail = await mailedToken(invitee.email);

    const guesses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? decline : accept)(invitee, mail.invitationId, randomBytes(32).toString('base64url')),
      ),
    );
    for (const guess of guesses) expect(guess).toMatchObject(invalidToken);
    expect(await tokenRow(mail.invitationId)).toEqual([{ failed_attempts: 5 }]);
    expect(await accept(invitee, mail.invitationId, mail.token)).toMatchObject(invalidToken);

    await invite(owner, workspaceId, invitee.email);
    const renewed = await mailedToken(invitee.email);
    expect(await tokenRow(renewed.invitationId)).toEqual([{ failed_attempts: 0 }]);
    expect(await accept(invitee, renewed.invitationId, renewed.token)).toMatchObject({
      status: 200,
      body: { role: 'member' },
    });
  });
});

describe('when the email cannot be sent', () => {
  let server: FunctionsServer;

  beforeAll(async () => {
    // the mail API's address leads nowhere: every send fails
    const env = functionEnv(
      { apiPort: 0, dbUrl: stack.dbUrl, jwtSecret: stack.jwtSecret },
      { anonKey: stack.anonKey, serviceRoleKey: stack.serviceRoleKey },
      {
        MAIL_PROVIDER: 'http',
        MAIL_API_URL: `http://127.0.0.1:${await freePort()}/emails`,
        MAIL_API_KEY: 're_test',
        MAIL_FROM: 'ADLY <no-reply@example.com>',
      },
    );
    const functions = readProjectConfig().functions.filter((f) => f.name === 'adly-invitations');
    server = await startFunctionsServer({ port: 0, functions, jwtSecret: stack.jwtSecret, env, log: () => {} });
  });
  afterAll(() => server?.stop());

  it('answers 502 mail_failed: the invitation is saved and the failed send recorded, to be retried by inviting again', async () => {
    const owner = await createUser('owner');
    const workspaceId = await createWorkspace(owner);
    const email = uniqueEmail('unreachable');
    const res = await fetch(`${server.url}/adly-invitations/invite`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.token}` },
      body: JSON.stringify({ workspace_id: workspaceId, email }),
    });
    expect({ status: res.status, body: await res.json() }).toMatchObject({
      status: 502,
      body: { error: { code: 'mail_failed' } },
    });
    expect(await sql`select email from adly.workspace_invitations where workspace_id = ${workspaceId}`).toEqual([
      { email },
    ]);
    expect(await outbox(sql, email)).toMatchObject([
      { template: 'adly_invitation', provider: 'http', status: 'failed', body_text: null },
    ]);
  });
});

describe('the handler and its email', () => {
  const deps = { sql: undefined as never, mailer: { send: async () => {} }, readClaims: async () => null };

  it('does not start without an http(s) accept page free of credentials and fragment', () => {
    for (const acceptUrl of [
      '',
      'app.example.com/accept',
      'javascript:alert(1)',
      'https://user:pw@app.example.com/accept',
      'https://app.example.com/accept#x',
    ]) {
      expect(() => createAdlyInvitationsHandler({ ...deps, acceptUrl }), acceptUrl).toThrow(/INVITATION_ACCEPT_URL/);
    }
    expect(() =>
      createAdlyInvitationsHandler({ ...deps, acceptUrl: 'https://app.example.com/invitations/accept?lang=en' }),
    ).not.toThrow();
  });

  it('keeps names chosen by users to one line in the subject and escaped in the HTML', () => {
    const message = invitationMessage(
      {
        id: randomUUID(),
        email: 'sam@example.com',
        role: 'member',
        expires_at: new Date('2030-01-02T03:04:05Z'),
        workspace_name: 'Acme\r\nBcc: victim@example.com',
        inviter_name: '<img src=x onerror=alert(1)>',
      },
      'https://app.example.com/accept#invitation=1&token=t',
      't',
      'ADLY',
    );
    expect(message.subject).not.toMatch(/[\r\n]/);
    expect(message.subject).toBe('ADLY: <img src=x onerror=alert(1)> invited you to Acme Bcc: victim@example.com');
    expect(message.html).not.toContain('<img');
    expect(message.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(message.html).toContain('href="https://app.example.com/accept#invitation=1&amp;token=t"');
    expect(message.to).toBe('sam@example.com');
  });
});
