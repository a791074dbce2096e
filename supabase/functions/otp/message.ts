// otp's email: a one-time code for verification, sign-in or password reset.
import { escapeHtml, type MailMessage } from '../_shared/mailer.ts';

const purposeText = {
  verification: { subject: 'Confirm your email', intro: 'Use this code to confirm your email address' },
  login: { subject: 'Your sign-in code', intro: 'Use this code to sign in' },
  reset: { subject: 'Reset your password', intro: 'Use this code to reset your password' },
} as const;

/** The email carrying a one-time code. */
export function codeMessage(
  to: string,
  purpose: keyof typeof purposeText,
  code: string,
  validMinutes: number,
  appName: string,
): MailMessage {
  const { subject, intro } = purposeText[purpose];
  const text = `${intro}: ${code}\n\nIt is valid for ${validMinutes} minutes and works once. ` +
    `If you did not ask for it, ignore this email.\n\n${appName}`;
  const html = `<p>${escapeHtml(intro)}:</p><p style="font-size:24px;font-weight:bold;letter-spacing:4px">${code}</p>` +
    `<p>It is valid for ${validMinutes} minutes and works once. If you did not ask for it, ignore this email.</p>` +
    `<p>${escapeHtml(appName)}</p>`;
  return { to, subject: `${appName}: ${subject}`, text, html, template: `otp_${purpose}` };
}
