/**
 * The mail scheduler that runs inside each server process. On every tick it plans the mail that is due
 * (planner.ts) into the shared outbox, then sends what waits there: each message taken by a claim that no
 * other process can take while it lasts. Nothing is kept in memory between ticks, so a restart loses
 * nothing and several processes on one database send each message once. A process that stops after the
 * SMTP server accepted a message but before it recorded so leaves a claim that runs out, and the message
 * is then sent again: the one case of a repeat, rarer than a lost reminder would be, and the repeat carries
 * the same Message-ID so a mail server may recognise it.
 *
 * The clock and the interval are given, so tests move time instead of waiting for it.
 */
import { hostname } from 'node:os';
import type { Clock } from '../../shared/clock.js';
import type { Db } from '../../storage/database.js';
import type { CycleSettings } from '../meetings/meeting.js';
import type { MailLinks } from './links.js';
import { addressKey, retryDelayMinutes, type NewMail } from './mail.js';
import { outboxRepository, type ClaimedMessage, type Finish } from './outbox.repository.js';
import { dueMail } from './planner.js';
import { SendError, type MailTransport } from './transport.js';

export interface SchedulerSettings {
  from: string;
  intervalSeconds: number;
  claimMinutes: number;
  cycle: CycleSettings;
  links: MailLinks;
}

export interface TickResult {
  planned: number;
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
  expired: number;
}

/** How many messages a process claims at a time: a small batch lets other processes share the work, and a
 * process that stops holds few messages until their claims run out. */
const BATCH = 10;

export function mailScheduler(deps: {
  db: Db;
  clock: Clock;
  transport: MailTransport;
  settings: SchedulerSettings;
  /** Names this process in the record of attempts. */
  process?: string;
  onError?: (error: unknown) => void;
}) {
  const { db, clock, transport, settings } = deps;
  const outbox = outboxRepository(db);
  const processName = deps.process ?? `${hostname()}:${process.pid}`;
  const host = new URL(settings.links.publicUrl).hostname || 'parity.invalid';
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<TickResult> | null = null;

  async function plan(now: Date): Promise<number> {
    const due: NewMail[] = await dueMail(db, now, settings.cycle, settings.links);
    return outbox.enqueue(due, now.toISOString());
  }

  async function attempt(message: ClaimedMessage, now: Date): Promise<Finish> {
    if (message.expiresAt !== null && message.expiresAt <= now.toISOString())
      return { status: 'expired', detail: `Out of date since ${message.expiresAt}` };
    if (message.optional && (await outbox.optedOut([message.recipientKey, addressKey(message.to)])))
      return { status: 'skipped', detail: 'The recipient turned optional email off' };
    const attachments = [];
    for (const ref of message.attachments) {
      const content = await outbox.attachment(ref);
      if (!content) return { status: 'failed', detail: `The attachment ${ref.fileName} no longer exists` };
      attachments.push({ filename: ref.fileName, content, contentType: 'application/pdf' });
    }
    try {
      const response = await transport.send({
        from: settings.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: `<${message.id}@${host}>`,
        headers: {
          'List-Unsubscribe': `<${message.unsubscribeUrl}>`,
          // RFC 8058: a mail client may stop optional email with one POST to that link, no page opened.
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'X-Parity-Kind': message.kind,
        },
        attachments,
      });
      return { status: 'sent', detail: response };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      if (error instanceof SendError && error.permanent) return { status: 'failed', detail };
      const wait = retryDelayMinutes(message.attempts);
      const notBefore = new Date(clock.now().getTime() + wait * 60_000).toISOString();
      return { status: 'retry', notBefore, detail: `${detail} (next try in ${wait} min)` };
    }
  }

  async function deliver(now: Date, result: TickResult): Promise<void> {
    const until = new Date(now.getTime() + settings.claimMinutes * 60_000).toISOString();
    for (;;) {
      const claimed = await outbox.claim(now.toISOString(), until, BATCH);
      for (const message of claimed) {
        const finish = await attempt(message, now);
        await outbox.finish(message, finish, clock.now().toISOString(), processName);
        result[finish.status === 'retry' ? 'retried' : finish.status]++;
      }
      if (claimed.length < BATCH) return;
    }
  }

  async function run(): Promise<TickResult> {
    const result: TickResult = { planned: 0, sent: 0, retried: 0, failed: 0, skipped: 0, expired: 0 };
    const now = clock.now();
    result.planned = await plan(now);
    await deliver(now, result);
    return result;
  }

  const scheduler = {
    /** One round: plan what is due, send what waits. Ticks never overlap within a process. */
    async tick(): Promise<TickResult> {
      if (running) await running.catch(() => undefined);
      running = run();
      try {
        return await running;
      } finally {
        running = null;
      }
    },

    /** Ticks every interval until stopped (the timer never keeps the process alive by itself). */
    start(): void {
      if (timer) return;
      timer = setInterval(() => {
        if (running) return;
        scheduler.tick().catch((error: unknown) => deps.onError?.(error));
      }, settings.intervalSeconds * 1000);
      timer.unref();
    },

    /** Stops ticking, waits for a tick under way, and closes the SMTP connection. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      if (running) await running.catch(() => undefined);
      transport.close();
    },
  };
  return scheduler;
}

export type MailScheduler = ReturnType<typeof mailScheduler>;
