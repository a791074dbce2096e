// The invitation email: who invites the address into which workspace, and the single-use token,
// both as a link to the app's accept page and as a code to paste.
import { escapeHtml, type MailMessage } from '../_shared/mailer.ts';

export interface Invitation {
  id: string;
  email: string;
  role: 'viewer' | 'member' | 'owner';
  expires_at: Date;
  workspace_name: string;
  inviter_name: string;
}

/**
 * The accept page's address with the invitation and its token in the fragment: a browser never
 * sends a fragment to a server, so the token stays out of access logs and Referer headers.
 */
export function acceptLink(acceptUrl: URL, invitationId: string, token: string): string {
  const link = new URL(acceptUrl);
  link.hash = new URLSearchParams({ invitation: invitationId, token }).toString();
  return link.toString();
}

/** Workspace and people names are chosen by users: no line breaks or other control characters in a subject or line. */
const oneLine = (text: string) => text.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ').trim();

export function invitationMessage(invitation: Invitation, link: string, token: string, appName: string): MailMessage {
  const inviter = oneLine(invitation.inviter_name);
  const workspace = oneLine(invitation.workspace_name);
  const expires = invitation.expires_at.toUTCString();
  const intro = `${inviter} invited you to join the workspace "${workspace}" on ${appName} as ${invitation.role}.`;
  const how =
    `To accept or decline, open this link and sign in (or sign up) with this email address, ${invitation.email}:`;
  const code = `Or enter this invitation code in ${appName}:`;
  const validity = `The invitation expires on ${expires} and works once. If you did not expect it, ignore this email.`;
  const text = `${intro}\n\n${how}\n${link}\n\n${code} ${token}\n\n${validity}\n\n${appName}`;
  const html = `<p>${escapeHtml(intro)}</p><p>${escapeHtml(how)}</p>` +
    `<p><a href="${escapeHtml(link)}">Answer the invitation</a></p>` +
    `<p>${escapeHtml(code)}</p><p style="font-family:monospace;font-size:16px">${escapeHtml(token)}</p>` +
    `<p>${escapeHtml(validity)}</p><p>${escapeHtml(appName)}</p>`;
  return {
    to: invitation.email,
    subject: `${appName}: ${inviter} invited you to ${workspace}`,
    text,
    html,
    template: 'adly_invitation',
  };
}
