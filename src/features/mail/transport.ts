/**
 * The one module that talks SMTP: Nodemailer, set up from the configured address (`smtp://` with STARTTLS
 * when the server offers it, or `smtps://`). Its time limits are far shorter than a claim on an outbox
 * message lasts, so a slow server can never make a message look abandoned while it is still being sent.
 */
import type { Transporter } from 'nodemailer';

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The same on every attempt, so a receiving server can tell a repeat. */
  messageId: string;
  headers: Record<string, string>;
  attachments: { filename: string; content: Buffer; contentType: string }[];
}

export interface MailTransport {
  /** Sends one message; resolves with the server's answer, or rejects with a `SendError`. */
  send(mail: OutgoingMail): Promise<string>;
  close(): void;
}

/** A message that was not sent; `permanent` when the server refused it for good (a 5xx answer). */
export class SendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

/** The longest an SMTP conversation may take, in milliseconds (a claim lasts minutes). */
export const SMTP_TIMEOUT_MS = 60_000;

export function smtpTransport(url: string): MailTransport {
  // nodemailer is loaded with the first message, not when the program starts.
  let transporter: Promise<Transporter> | null = null;
  const open = () =>
    (transporter ??= import('nodemailer').then((nodemailer) =>
      nodemailer.default.createTransport({
        url,
        connectionTimeout: 20_000,
        greetingTimeout: 20_000,
        socketTimeout: SMTP_TIMEOUT_MS,
      }),
    ));
  return {
    async send(mail) {
      try {
        const info = await (
          await open()
        ).sendMail({
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          headers: mail.headers,
          attachments: mail.attachments,
        });
        return String(info.response ?? 'accepted');
      } catch (error) {
        const e = error as { responseCode?: unknown; response?: unknown; code?: unknown; message?: unknown };
        const responseCode = typeof e.responseCode === 'number' ? e.responseCode : null;
        const permanent = responseCode !== null && responseCode >= 500 && responseCode < 600;
        const what =
          typeof e.response === 'string' && e.response !== ''
            ? e.response
            : `${typeof e.code === 'string' ? `${e.code}: ` : ''}${String(e.message ?? error)}`;
        throw new SendError(what, permanent);
      }
    },
    close() {
      void transporter?.then((t) => t.close());
    },
  };
}

/** The SMTP server as the pages name it: its scheme, host and port, never its user name or password. */
export function serverOf(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  return `${url.protocol}//${url.host}`;
}
