// ADLY workspace membership under concurrency, against a real database with many connections:
// owners demoting, removing each other or leaving at the same time never leave a workspace
// without an owner; the same email invited several times at once has one open invitation; one
// invitation accepted several times at once with its token makes one member; wrong tokens
// guessed at once never count past the limit of 5. Invitations are made and answered with the
// functions the adly-invitations edge function calls as the caller.
import { randomBytes, randomUUID } from 'node:crypto';
import type { TransactionSql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concurrencyDatabase, distinctPids, failures, type Outcome } from '../support/database.ts';

const { admin, asRole, createAuthUser, warmUp, cleanup } = concurrencyDatabase();
const createdWorkspaces: string[] = [];

type User = { id: string; email: string };
type Member = { userId: string; membershipId: string };

const LAST_OWNER_DEMOTED = 'the last owner of a workspace cannot be demoted';
const LAST_OWNER_REMOVED = 'the last owner of a workspace cannot leave or be removed';

/** Runs `run` as PostgREST would for the user, in one transaction. */
function asUser(userId: string, run: (tx: TransactionSql) => Promise<unknown>): Promise<Outcome> {
  return asRole('authenticated', userId, run);
}

/** An ADLY account created by the sign-up trigger, its email confirmed (invitations need that). */
async function createUser(): Promise<User> {
  const user = await createAuthUser({
    emailPrefix: 'adly-concurrency',
    userMetadata: { product: 'adly', first_name: 'Concurrency', last_name: 'Owner' },
  });
  await admin`update auth.users set email_confirmed_at = now() where id = ${user.id}`;
  return user;
}

/** A token as the edge function makes one: 32 random bytes, base64url. */
const newToken = () => randomBytes(32).toString('base64url');

/** `actor` invites `email` into the workspace with `token`; the value is the invitation's id and role. */
function invite(actor: string, workspaceId: string, email: string, role: string, token = newToken()): Promise<Outcome> {
  return asUser(
    actor,
    (tx) => tx`
    select id, role::text as role
    from private.adly_invite_workspace_member(${workspaceId}, ${email}, ${role}::adly.workspace_role, ${token})`,
  );
}

/**
 * `actor` accepts the invitation with `token`; the value is the new membership's id, role and
 * inviter, all null when the invitation cannot be answered with this token.
 */
function accept(actor: string, invitationId: string, token: string): Promise<Outcome> {
  return asUser(
    actor,
    (tx) =>
      tx`select id, role::text as role, invited_by from private.adly_accept_workspace_invitation(${invitationId}, ${token})`,
  );
}

/** The membership an accept made, or null when it was refused. */
const membership = (outcome: Outcome) =>
  outcome.ok ? (outcome.value as { id: string | null; role: string; invited_by: string }[])[0] : null;

/** A workspace created by `owners[0]` through create_workspace, the others invited as owners by him and accepting. */
async function createWorkspace(owners: User[]): Promise<{ id: string; members: Member[] }> {
  const created = await asUser(
    owners[0].id,
    (tx) => tx`select id from adly.create_workspace('Concurrency workspace', ${`conc-${randomUUID()}`})`,
  );
  if (!created.ok) throw new Error(`create_workspace: ${created.message}`);
  const workspaceId = (created.value as { id: string }[])[0].id;
  createdWorkspaces.push(workspaceId);
  for (const owner of owners.slice(1)) {
    const token = newToken();
    const invited = await invite(owners[0].id, workspaceId, owner.email, 'owner', token);
    if (!invited.ok) throw new Error(`adly_invite_workspace_member: ${invited.message}`);
    const accepted = await accept(owner.id, (invited.value as { id: string }[])[0].id, token);
    if (!membership(accepted)?.id)
      throw new Error(`adly_accept_workspace_invitation: ${accepted.ok ? 'refused' : accepted.message}`);
  }
  const rows = await admin<{ id: string; user_id: string; role: string }[]>`
    select id, user_id, role::text as role from adly.workspace_members where workspace_id = ${workspaceId}`;
  expect(rows.every((r) => r.role === 'owner')).toBe(true);
  return {
    id: workspaceId,
    members: owners.map((o) => ({ userId: o.id, membershipId: rows.find((r) => r.user_id === o.id)!.id })),
  };
}

/** `actor` sets the membership's role to member (a plain update, as the client does). */
function demote(actor: string, membershipId: string): Promise<Outcome> {
  return asUser(
    actor,
    async (tx) => (await tx`update adly.workspace_members set role = 'member' where id = ${membershipId}`).count,
  );
}

/** `actor` deletes the membership: leaving when it is his own, removing otherwise. */
function remove(actor: string, membershipId: string): Promise<Outcome> {
  return asUser(actor, async (tx) => (await tx`delete from adly.workspace_members where id = ${membershipId}`).count);
}

beforeAll(warmUp);

afterAll(() =>
  // Deleting a workspace takes its memberships and audit rows with it; then the accounts go.
  cleanup({
    beforeUsers: async () => {
      if (createdWorkspaces.length) await admin`delete from adly.workspaces where id in ${admin(createdWorkspaces)}`;
    },
  }),
);

describe('adly workspace owners under concurrency', () => {
  it('owners demoting, removing each other or leaving at once never leave a workspace without an owner', async () => {
    type Race = { kind: string; workspaceId: string; owners: number; actions: (() => Promise<Outcome>)[] };
    const races: Race[] = [];
    const kinds = [
      'demote each other',
      'remove each other',
      'both leave',
      'one demotes himself, the other leaves',
      'one demotes the other, who leaves',
    ];
    for (let i = 0; i < 40; i++) {
      const [a, b] = await Promise.all([createUser(), createUser()]);
      const ws = await createWorkspace([a, b]);
      const [ma, mb] = ws.members;
      const kind = kinds[i % kinds.length];
      const actions = {
        'demote each other': [() => demote(a.id, mb.membershipId), () => demote(b.id, ma.membershipId)],
        'remove each other': [() => remove(a.id, mb.membershipId), () => remove(b.id, ma.membershipId)],
        'both leave': [() => remove(a.id, ma.membershipId), () => remove(b.id, mb.membershipId)],
        'one demotes himself, the other leaves': [
          () => demote(a.id, ma.membershipId),
          () => remove(b.id, mb.membershipId),
        ],
        'one demotes the other, who leaves': [
          () => demote(a.id, mb.membershipId),
          () => remove(b.id, mb.membershipId),
          () => demote(b.id, ma.membershipId),
        ],
      }[kind]!;
      races.push({ kind, workspaceId: ws.id, owners: 2, actions });
    }
    for (let i = 0; i < 8; i++) {
      // three owners: all leave at once, or each demotes the next one at once
      const users = await Promise.all([createUser(), createUser(), createUser()]);
      const ws = await createWorkspace(users);
      const actions =
        i % 2 === 0
          ? users.map((u, k) => () => remove(u.id, ws.members[k].membershipId))
          : users.map((u, k) => () => demote(u.id, ws.members[(k + 1) % 3].membershipId));
      races.push({
        kind: i % 2 === 0 ? 'three leave' : 'three demote in a circle',
        workspaceId: ws.id,
        owners: 3,
        actions,
      });
    }

    const jobs = races.flatMap((r, ri) => r.actions.map((run) => ({ ri, run }))).sort(() => Math.random() - 0.5);
    const outcomes = await Promise.all(jobs.map((j) => j.run()));
    expect(distinctPids(outcomes)).toBeGreaterThanOrEqual(8);

    // The only refusal is the last-owner rule; an action whose target vanished (or whose actor
    // lost his owner role) first changes nothing.
    for (const o of outcomes.filter((x) => !x.ok)) {
      expect(o.ok ? null : { code: o.code, message: o.message }).toMatchObject({ code: 'P0001' });
      expect([LAST_OWNER_DEMOTED, LAST_OWNER_REMOVED]).toContain(o.ok ? '' : o.message);
    }

    const owners = await admin<{ workspace_id: string; owners: number }[]>`
      select w.id as workspace_id,
             (select count(*)::int from adly.workspace_members m where m.workspace_id = w.id and m.role = 'owner') as owners
        from adly.workspaces w where w.id in ${admin(races.map((r) => r.workspaceId))}`;
    const audit = await admin<{ workspace_id: string; n: number }[]>`
      select workspace_id, count(*)::int as n from adly.audit_logs
       where workspace_id in ${admin(races.map((r) => r.workspaceId))}
         and action in ('member.role_changed', 'member.left', 'member.removed')
       group by workspace_id`;
    for (const [ri, race] of races.entries()) {
      const effective = jobs.filter(
        (j, k) => j.ri === ri && outcomes[k].ok && (outcomes[k] as { value: number }).value === 1,
      ).length;
      const left = owners.find((o) => o.workspace_id === race.workspaceId)!.owners;
      // In each of these races the owners together try to remove every owner: whatever the
      // order, exactly one is kept, at least one change took effect and each is in the audit log.
      expect({ kind: race.kind, owners: left }).toEqual({ kind: race.kind, owners: 1 });
      expect(effective).toBeGreaterThanOrEqual(race.owners - 1);
      expect({ kind: race.kind, audited: audit.find((a) => a.workspace_id === race.workspaceId)?.n ?? 0 }).toEqual({
        kind: race.kind,
        audited: effective,
      });
    }
  });

  it('the same email invited 6 times at once by two owners has one open invitation', async () => {
    const cases: { ws: { id: string; members: Member[] }; owners: User[]; invitee: User }[] = [];
    for (let i = 0; i < 8; i++) {
      const [a, b, invitee] = await Promise.all([createUser(), createUser(), createUser()]);
      const ws = await createWorkspace([a, b]);
      cases.push({ ws, owners: [a, b], invitee });
    }
    const roles = ['viewer', 'member', 'owner'] as const;
    const jobs = cases
      .flatMap((c, ci) => Array.from({ length: 6 }, (_, k) => ({ ci, actor: c.owners[k % 2].id, role: roles[k % 3] })))
      .sort(() => Math.random() - 0.5);
    const outcomes = await Promise.all(
      jobs.map((j) => invite(j.actor, cases[j.ci].ws.id, cases[j.ci].invitee.email, j.role)),
    );
    expect(distinctPids(outcomes)).toBeGreaterThanOrEqual(8);
    // an open invitation is refreshed, never duplicated: every invite succeeds, with the same id
    expect(failures(outcomes)).toEqual([]);

    for (const [ci, c] of cases.entries()) {
      const mine = jobs
        .map((j, k) => ({ j, o: outcomes[k] as { value: { id: string }[] } }))
        .filter((x) => x.j.ci === ci);
      const rows = await admin<{ id: string; role: string; invited_by: string }[]>`
        select id, role::text as role, invited_by from adly.workspace_invitations
         where workspace_id = ${c.ws.id} and email = ${c.invitee.email}`;
      expect(rows).toHaveLength(1);
      expect(new Set(mine.map((x) => x.o.value[0].id))).toEqual(new Set([rows[0].id]));
      // the last refresh wins: its role and inviter are one job's, not a mix of two
      expect(mine.map((x) => ({ role: x.j.role, invited_by: x.j.actor }))).toContainEqual({
        role: rows[0].role,
        invited_by: rows[0].invited_by,
      });
      const [audited] = await admin`
        select count(*)::int as n from adly.audit_logs
         where workspace_id = ${c.ws.id} and action = 'member.invited' and details ->> 'email' = ${c.invitee.email}`;
      expect(audited.n).toBe(6);
    }
  });

  /** Workspaces with one owner each, and an invitation of a new user into each; the token is the one mailed. */
  async function invitations(count: number, roles: readonly string[]) {
    const cases: {
      ws: { id: string; members: Member[] };
      owner: User;
      invitee: User;
      invitationId: string;
      token: string;
    }[] = [];
    for (let i = 0; i < count; i++) {
      const [owner, invitee] = await Promise.all([createUser(), createUser()]);
      const ws = await createWorkspace([owner]);
      const token = newToken();
      const invited = await invite(owner.id, ws.id, invitee.email, roles[i % roles.length], token);
      if (!invited.ok) throw new Error(`adly_invite_workspace_member: ${invited.message}`);
      cases.push({ ws, owner, invitee, invitationId: (invited.value as { id: string }[])[0].id, token });
    }
    return cases;
  }

  it('one invitation accepted 6 times at once with its token makes one member and uses the token once', async () => {
    const roles = ['viewer', 'member', 'owner'] as const;
    const cases = await invitations(8, roles);
    const jobs = cases.flatMap((_, ci) => Array.from({ length: 6 }, () => ({ ci }))).sort(() => Math.random() - 0.5);
    const outcomes = await Promise.all(
      jobs.map((j) => accept(cases[j.ci].invitee.id, cases[j.ci].invitationId, cases[j.ci].token)),
    );
    expect(distinctPids(outcomes)).toBeGreaterThanOrEqual(8);
    expect(failures(outcomes)).toEqual([]);

    for (const [ci, c] of cases.entries()) {
      const mine = jobs.map((j, k) => ({ j, o: outcomes[k] })).filter((x) => x.j.ci === ci);
      // the others waited on the invitation's row lock and then found it accepted: refused
      const won = mine.filter((x) => membership(x.o)?.id);
      expect(won).toHaveLength(1);
      const rows = await admin<{ id: string; role: string; invited_by: string }[]>`
        select id, role::text as role, invited_by from adly.workspace_members
         where workspace_id = ${c.ws.id} and user_id = ${c.invitee.id}`;
      expect(rows).toHaveLength(1);
      expect(rows[0]).toEqual(membership(won[0].o));
      expect(rows[0]).toMatchObject({ role: roles[ci % 3], invited_by: c.owner.id });
      const [invitation] = await admin`
        select accepted_at is not null as accepted from adly.workspace_invitations where id = ${c.invitationId}`;
      expect(invitation.accepted).toBe(true);
      const [audited] = await admin`
        select count(*)::int as n from adly.audit_logs
         where workspace_id = ${c.ws.id} and action = 'member.added' and details ->> 'user_id' = ${c.invitee.id}`;
      expect(audited.n).toBe(1);
      const [token] =
        await admin`select count(*)::int as n from private.adly_invitation_tokens where invitation_id = ${c.invitationId}`;
      expect(token.n).toBe(0);
    }
  });

  it('12 wrong tokens and the right one at once: never more than 5 counted, and the right one wins only before the 5th', async () => {
    const cases = await invitations(6, ['member']);
    const jobs = cases
      .flatMap((c, ci) => [...Array.from({ length: 12 }, () => ({ ci, token: newToken() })), { ci, token: c.token }])
      .sort(() => Math.random() - 0.5);
    const outcomes = await Promise.all(
      jobs.map((j) => accept(cases[j.ci].invitee.id, cases[j.ci].invitationId, j.token)),
    );
    expect(distinctPids(outcomes)).toBeGreaterThanOrEqual(8);
    expect(failures(outcomes)).toEqual([]);

    for (const [ci, c] of cases.entries()) {
      const mine = jobs.map((j, k) => ({ j, o: outcomes[k] })).filter((x) => x.j.ci === ci);
      expect(mine.filter((x) => x.j.token !== c.token && membership(x.o)?.id)).toEqual([]);
      const joined = mine.some((x) => membership(x.o)?.id);
      const [members] = await admin`
        select count(*)::int as n from adly.workspace_members where workspace_id = ${c.ws.id} and user_id = ${c.invitee.id}`;
      const tokens = await admin<{ failed_attempts: number }[]>`
        select failed_attempts from private.adly_invitation_tokens where invitation_id = ${c.invitationId}`;
      if (joined) {
        // the right token came first of the two: the invitation is accepted and its token used up
        expect({ members: members.n, tokens: tokens.length }).toEqual({ members: 1, tokens: 0 });
      } else {
        // five wrong ones came first: locked at exactly 5, nobody joined
        expect({ members: members.n, tokens }).toEqual({ members: 0, tokens: [{ failed_attempts: 5 }] });
      }
    }
  });
});
