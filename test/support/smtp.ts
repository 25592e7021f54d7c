/**
 * A real SMTP server (smtp-server) on a free loopback port for the mail tests, keeping every message it
 * accepts as mailparser reads it. It can be stopped and started again on the same port (the SMTP server
 * "down" and back), and can hold each message a while before accepting it, so that two senders overlap.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './postgres-server.js';

export interface Received {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: ParsedMail['headers'];
  /** The header lines as sent, by lower-case name ("list-unsubscribe: <https://...>"). */
  headerLines: Map<string, string>;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

export interface TestSmtp {
  readonly port: number;
  readonly url: string;
  readonly received: Received[];
  /** Messages received for an address (case-insensitive). */
  to(address: string): Received[];
  /** Stops listening (the server is down until `start`). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Waits until at least `count` messages have arrived, or fails after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
}

export async function startSmtp(options: { holdMs?: number } = {}): Promise<TestSmtp> {
  const port = await freePort();
  const received: Received[] = [];
  let server: SMTPServer | null = null;

  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then(async (mail) => {
            if (options.holdMs) await new Promise((r) => setTimeout(r, options.holdMs));
            const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
            received.push({
              to: to?.value[0]?.address ?? '',
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              messageId: mail.messageId ?? '',
              headers: mail.headers,
              headerLines: new Map(mail.headerLines.map((h) => [h.key, h.line])),
              attachments: mail.attachments.map((a) => ({
                filename: a.filename ?? '',
                contentType: a.contentType,
                content: a.content,
              })),
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });

  const smtp: TestSmtp = {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    to: (address) => received.filter((m) => m.to.toLowerCase() === address.toLowerCase()),
    async start() {
      if (server) return;
      const s = make();
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, '127.0.0.1', () => resolve());
      });
      server = s;
    },
    async stop() {
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    async waitFor(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline)
          throw new Error(`expected ${count} messages, received ${received.length} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
  await smtp.start();
  return smtp;
}
