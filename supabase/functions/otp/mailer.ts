// Outgoing email: one interface, two providers. Production posts to an HTTP email API (Resend's
// request shape: POST {from, to, subject, text, html} with a bearer API key); the local stack
// writes the message to private.auth_mail_outbox and the log. Both record every send.
import { asServiceRole, type Sql } from '../_shared/database.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Which message this is (otp_login, otp_reset, ...), recorded with the send. */
  template: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

async function record(
  sql: Sql,
  message: MailMessage,
  provider: 'outbox' | 'http',
  outcome: { status: 'sent' | 'failed'; body?: string | null; providerId?: string | null; error?: string | null },
): Promise<void> {
  await asServiceRole(sql, (tx) => tx`
    select private.auth_record_mail(${message.to}, ${message.subject}, ${message.template}, ${provider},
      ${outcome.body ?? null}, ${outcome.status}, ${outcome.providerId ?? null}, ${outcome.error ?? null})`);
}

/** Local provider: the message goes to the outbox table (with its body) and to the log. */
export function outboxMailer(sql: Sql, log: (line: string) => void = console.log): Mailer {
  return {
    async send(message) {
      await record(sql, message, 'outbox', { status: 'sent', body: message.text });
      log(`mail to ${message.to}: ${message.subject}\n${message.text}`);
    },
  };
}

export interface HttpMailerOptions {
  sql: Sql;
  /** e.g. https://api.resend.com/emails */
  endpoint: string;
  /** Unset, every send fails (and is recorded so) while the otp routes that send nothing work. */
  apiKey: string | undefined;
  from: string | undefined;
  fetch?: typeof fetch;
}

/** Production provider: one POST per message; the send and the provider's id (or error) recorded, never the body. */
export function httpMailer({ sql, endpoint, apiKey, from, fetch: doFetch = fetch }: HttpMailerOptions): Mailer {
  return {
    async send(message) {
      let providerId: string | null = null;
      try {
        if (!apiKey || !from) throw new Error('MAIL_API_KEY and MAIL_FROM must be set to send email');
        const res = await doFetch(endpoint, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ from, to: [message.to], subject: message.subject, text: message.text, html: message.html }),
          signal: AbortSignal.timeout(10_000),
        });
        const answer = await res.text();
        if (!res.ok) throw new Error(`email provider answered ${res.status}: ${answer.slice(0, 500)}`);
        try {
          const id = (JSON.parse(answer) as { id?: unknown }).id;
          providerId = typeof id === 'string' ? id : null;
        } catch {
          providerId = null;
        }
      } catch (error) {
        await record(sql, message, 'http', { status: 'failed', error: (error as Error).message });
        throw error;
      }
      await record(sql, message, 'http', { status: 'sent', providerId });
    },
  };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

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
