/**
 * What people do with Parity's email: turn optional email off or on (through the signed link in an email,
 * or on their account page), and, for administrators, read what was sent. A choice is written with its
 * audit event in one transaction.
 */
import type { Clock } from '../../shared/clock.js';
import type { Db } from '../../storage/database.js';
import { auditRepository, type Actor } from '../audit/audit.js';
import type { Organisation } from '../organisations/organisation.js';
import type { Action } from '../plans/plan.js';
import { usersRepository } from '../users/users.repository.js';
import { addressKey } from './mail.js';
import { outboxRepository } from './outbox.repository.js';
import { actionsNobodyCanBeMailedFor, type Unmailable } from './recipients.js';
import { mailScheduler, type MailScheduler, type SchedulerSettings } from './scheduler.js';
import type { MailTransport } from './transport.js';

/** Whose choice a key is, in words that do not give the address away to someone who only has a link. */
export interface ChoiceOwner {
  key: string;
  /** "Jane Example" for an account, "j…@example.nhs.uk" for an address. */
  name: string;
}

export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '…';
  return `${address.slice(0, 1)}…${address.slice(at)}`;
}

export function mailService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const outbox = outboxRepository(db);

  return {
    /** Who a key stands for, or null for an account that no longer exists. */
    async ownerOf(key: string): Promise<ChoiceOwner | null> {
      if (key.startsWith('user:')) {
        const user = await usersRepository(db).findById(key.slice('user:'.length));
        return user ? { key, name: user.displayName } : null;
      }
      return { key, name: maskAddress(key.slice('address:'.length)) };
    },

    /** Whether optional email is off for the key (for an account, also for its current address). */
    async optedOut(key: string): Promise<boolean> {
      const keys = [key];
      if (key.startsWith('user:')) {
        const user = await usersRepository(db).findById(key.slice('user:'.length));
        if (user?.email) keys.push(addressKey(user.email));
      }
      return outbox.optedOut(keys);
    },

    /**
     * Turns optional email off (or on again) for a key. For an account, turning it on also clears an
     * earlier choice made through a link sent to its address before the account had it.
     */
    async setOptedOut(
      actor: Actor,
      key: string,
      optedOut: boolean,
      via: 'link' | 'one-click' | 'account',
    ): Promise<void> {
      const now = clock.now();
      const user = key.startsWith('user:')
        ? await usersRepository(db).findById(key.slice('user:'.length))
        : null;
      await db.transaction().execute(async (tx) => {
        const r = outboxRepository(tx);
        await r.setOptedOut(key, optedOut, via, now.toISOString());
        if (!optedOut && user?.email)
          await r.setOptedOut(addressKey(user.email), false, via, now.toISOString());
        await auditRepository(tx).record(actor, now, {
          action: 'mail.preference',
          entityType: key.startsWith('user:') ? 'user' : 'address',
          entityId: user ? user.id : null,
          summary: `Turned optional email ${optedOut ? 'off' : 'on'} for ${user ? user.username : maskAddress(key.slice('address:'.length))} (${via === 'link' ? 'through the link in an email' : via === 'one-click' ? 'by their mail program’s unsubscribe button' : 'on the account page'})`,
          before: null,
          after: { optedOut },
        });
      });
    },

    /** The unfinished actions of a plan none of whose leads a reminder can reach, and why. */
    unreachable: (org: Organisation, actions: readonly Action[]): Promise<Unmailable[]> =>
      actionsNobodyCanBeMailedFor(db, org.id, actions),

    /** A scheduler for this process, sending through `transport` (the server starts and stops it). */
    scheduler(options: {
      transport: MailTransport;
      settings: SchedulerSettings;
      onError?: (error: unknown) => void;
    }): MailScheduler {
      return mailScheduler({ db, clock, ...options });
    },

    /** What the organisation's mail record shows: counts, what waits, and the latest attempts. */
    async record(org: Organisation) {
      const [counts, waiting, deliveries] = await Promise.all([
        outbox.counts(org.id),
        outbox.waiting(org.id, 100),
        outbox.deliveries(org.id, 300),
      ]);
      return { counts, waiting, deliveries };
    },
  };
}

export type MailService = ReturnType<typeof mailService>;
