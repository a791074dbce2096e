// Outgoing email for every function that sends some (otp, adly-invitations): one interface, two
// providers. Production posts to an HTTP email API (Resend's request shape: POST {from, to,
// subject, text, html} with a bearer API key); the local stack writes the message to
// private.auth_mail_outbox and the log. Both record every send.
import { asServiceRole, type Sql } from './database.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Which message this is (otp_login, adly_invitation, ...), recorded with the send. */
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
  await asServiceRole(sql, (tx) =>
    tx`
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
  /** Unset, every send fails (and is recorded so) while the routes that send nothing work. */
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
          body: JSON.stringify({
            from,
            to: [message.to],
            subject: message.subject,
            text: message.text,
            html: message.html,
          }),
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

/**
 * The provider the environment names: MAIL_PROVIDER=outbox (the local stack) keeps messages in
 * private.auth_mail_outbox and the log; anything else posts them to MAIL_API_URL with MAIL_API_KEY
 * as MAIL_FROM.
 */
export function mailerFromEnv(sql: Sql, env: (name: string) => string | undefined): Mailer {
  if (env('MAIL_PROVIDER') === 'outbox') return outboxMailer(sql);
  return httpMailer({
    sql,
    endpoint: env('MAIL_API_URL') ?? 'https://api.resend.com/emails',
    apiKey: env('MAIL_API_KEY'),
    from: env('MAIL_FROM'),
  });
}

/** Text made safe to put in an email's HTML. */
export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
