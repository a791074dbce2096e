// POST /functions/v1/adly-invitations/<action> (verify_jwt on; the signed-in caller's JWT):
//   invite   { workspace_id, email, role? }  → the invitation; its address is mailed a single-use token
//   accept   { invitation_id, token }         → { workspace_id, role }: the caller is now a member
//   decline  { invitation_id, token }         → { declined: true }
// Each call runs as the caller (role authenticated, his claims), the way the Data API runs an
// RPC, so the SQL functions (in `private`, out of the Data API's reach) check ownership, the
// caller's confirmed email and the token themselves, and audit the caller. The token is made here,
// stored only as a keyed hash and sent only to the invited address: no answer carries it, so the
// inviting owner never sees it.
import { type Claims, type ClaimsReader, requireUser } from '../_shared/auth.ts';
import { randomToken } from '../_shared/crypto.ts';
import { asCaller, type Sql, type Transaction } from '../_shared/database.ts';
import { errorToResponse, HttpError } from '../_shared/errors.ts';
import { errorResponse, json, preflight } from '../_shared/http.ts';
import type { Mailer } from '../_shared/mailer.ts';
import { parseJsonBody } from '../_shared/validation.ts';
import { acceptLink, type Invitation, invitationMessage } from './message.ts';
import {
  type AdlyAcceptResponse,
  adlyAnswerRequestSchema,
  type AdlyDeclineResponse,
  adlyInviteRequestSchema,
  type AdlyInviteResponse,
} from './schemas.ts';

export interface AdlyInvitationsDeps {
  sql: Sql;
  mailer: Mailer;
  /** The caller's verified claims (claimsReader). */
  readClaims: ClaimsReader;
  /** The app's page that answers invitations (INVITATION_ACCEPT_URL); links add #invitation=<id>&token=<token>. */
  acceptUrl: string;
  /** The product name in the emails. */
  appName?: string;
  /** Token source; 32 bytes from the CSPRNG by default. */
  generateToken?: () => string;
}

/** Every body of this function is a few short fields. */
const maxBodyBytes = 4096;

/** The one answer for every invitation that cannot be answered with the token given, whatever the reason. */
const invalidToken = () =>
  new HttpError(400, 'invalid_token', 'The invitation or its token is invalid, expired or already used');

/** The accept page as configured: an absolute http(s) URL without credentials or fragment (the link's fragment carries the token). */
function parseAcceptUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error("INVITATION_ACCEPT_URL must be set to the absolute URL of the app's invitation page");
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password || url.hash) {
    throw new Error('INVITATION_ACCEPT_URL must be an http(s) URL without credentials or fragment');
  }
  return url;
}

/**
 * The request headers the audit log reads (client address, user agent), passed on in
 * request.headers as the Data API passes them, so rows written through this function record them.
 */
async function forwardAuditHeaders(tx: Transaction, req: Request): Promise<void> {
  const names = ['cf-connecting-ip', 'x-forwarded-for', 'x-real-ip', 'user-agent'];
  const headers = Object.fromEntries(names.flatMap((name) => {
    const value = req.headers.get(name);
    return value === null ? [] : [[name, value]];
  }));
  await tx`select set_config('request.headers', ${JSON.stringify(headers)}, true)`;
}

export function createAdlyInvitationsHandler(deps: AdlyInvitationsDeps): (req: Request) => Promise<Response> {
  const { sql, mailer, readClaims } = deps;
  const acceptUrl = parseAcceptUrl(deps.acceptUrl);
  const appName = deps.appName ?? 'ADLY';
  const generateToken = deps.generateToken ?? (() => randomToken());

  const asTheCaller = <T>(claims: Claims, req: Request, work: (tx: Transaction) => Promise<T>) =>
    asCaller(sql, claims, async (tx) => {
      await forwardAuditHeaders(tx, req);
      return await work(tx);
    });

  async function invite(req: Request, claims: Claims): Promise<Response> {
    const body = await parseJsonBody(req, adlyInviteRequestSchema, maxBodyBytes);
    const token = generateToken();
    const [invitation] = await asTheCaller(claims, req, (tx) =>
      tx<(Invitation & { workspace_id: string })[]>`
      select * from private.adly_invite_workspace_member(
        ${body.workspace_id}::uuid, ${body.email}, ${body.role}::adly.workspace_role, ${token})`);
    try {
      await mailer.send(invitationMessage(invitation, acceptLink(acceptUrl, invitation.id, token), token, appName));
    } catch (error) {
      console.error(
        `adly-invitations: the email of invitation ${invitation.id} was not sent: ${(error as Error).message}`,
      );
      throw new HttpError(
        502,
        'mail_failed',
        'The invitation is saved but its email could not be sent; invite again to send a new one',
      );
    }
    return json(
      {
        id: invitation.id,
        workspace_id: invitation.workspace_id,
        email: invitation.email,
        role: invitation.role,
        expires_at: new Date(invitation.expires_at).toISOString(),
      } satisfies AdlyInviteResponse,
    );
  }

  async function accept(req: Request, claims: Claims): Promise<Response> {
    const body = await parseJsonBody(req, adlyAnswerRequestSchema, maxBodyBytes);
    const [member] = await asTheCaller(
      claims,
      req,
      (tx) =>
        tx<{ workspace_id: string | null; role: AdlyAcceptResponse['role'] }[]>`
      select workspace_id, role from private.adly_accept_workspace_invitation(${body.invitation_id}::uuid, ${body.token})`,
    );
    // The refusal is answered after the transaction committed, with the wrong token counted.
    if (!member.workspace_id) throw invalidToken();
    return json({ workspace_id: member.workspace_id, role: member.role } satisfies AdlyAcceptResponse);
  }

  async function decline(req: Request, claims: Claims): Promise<Response> {
    const body = await parseJsonBody(req, adlyAnswerRequestSchema, maxBodyBytes);
    const [{ declined }] = await asTheCaller(claims, req, (tx) =>
      tx<{ declined: boolean }[]>`
      select private.adly_decline_workspace_invitation(${body.invitation_id}::uuid, ${body.token}) as declined`);
    if (!declined) throw invalidToken();
    return json({ declined: true } satisfies AdlyDeclineResponse);
  }

  const routes: Record<string, (req: Request, claims: Claims) => Promise<Response>> = { invite, accept, decline };

  return async (req) => {
    const early = preflight(req);
    if (early) return early;
    const action = new URL(req.url).pathname.split('/').filter(Boolean).at(-1) ?? '';
    const route = routes[action];
    if (!route) {
      return errorResponse(
        404,
        'not_found',
        'Use /adly-invitations/invite, /adly-invitations/accept or /adly-invitations/decline',
      );
    }
    if (req.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'Use POST');
    try {
      return await route(req, await requireUser(readClaims, req));
    } catch (error) {
      return errorToResponse(error);
    }
  };
}
