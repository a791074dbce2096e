// POST /functions/v1/adly-invitations/<action> (user JWT, verify_jwt on): ADLY workspace
// invitations. An owner invites an email address and the function mails the address a
// single-use token; the invitee, signed in with that address confirmed, accepts or declines with
// the token.
import { z } from 'zod';

const workspaceRole = z.enum(['viewer', 'member', 'owner']);

/** POST adly-invitations/invite: an owner invites (or invites again) an email address. */
export const adlyInviteRequestSchema = z.object({
  workspace_id: z.uuid(),
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  role: workspaceRole.default('member'),
}).strict();

/**
 * 200: the open invitation, the same whether or not the address has an account. The token went to
 * the address by email; it is never in an answer.
 */
export const adlyInviteResponseSchema = z.object({
  id: z.uuid(),
  workspace_id: z.uuid(),
  email: z.string(),
  role: workspaceRole,
  expires_at: z.iso.datetime(),
});

/** POST adly-invitations/accept or adly-invitations/decline: the invitation and the token from its email. */
export const adlyAnswerRequestSchema = z.object({
  invitation_id: z.uuid(),
  token: z.string().min(1).max(200),
}).strict();

/** 200 for accept: the caller is now a member of the workspace with this role. */
export const adlyAcceptResponseSchema = z.object({
  workspace_id: z.uuid(),
  role: workspaceRole,
});

/** 200 for decline. */
export const adlyDeclineResponseSchema = z.object({ declined: z.literal(true) });

/** What the client sends. */
export type AdlyInviteRequest = z.input<typeof adlyInviteRequestSchema>;
export type AdlyInviteResponse = z.infer<typeof adlyInviteResponseSchema>;
export type AdlyAnswerRequest = z.input<typeof adlyAnswerRequestSchema>;
export type AdlyAcceptResponse = z.infer<typeof adlyAcceptResponseSchema>;
export type AdlyDeclineResponse = z.infer<typeof adlyDeclineResponseSchema>;
