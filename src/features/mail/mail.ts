/**
 * Parity's email as the rest of the program sees it: the kinds of message, which of them are optional (a
 * person may turn those off), what waits in the outbox and what happened to each attempt. Pure: no
 * storage, no transport, no clock.
 */

export const MAIL_KINDS = {
  /** To an action lead: the quarter's update window is open, with their actions to update. */
  'update.open': { label: 'Update window open', optional: true },
  /** To an action lead whose update is still missing, a few working days before the window closes. */
  'update.closing': { label: 'Update due', optional: false },
  /** To a plan's owner after a window closes: the actions whose update did not come. */
  'update.late': { label: 'Late updates', optional: true },
  /** To a forum's distribution list: the quarterly pack issued for its meeting. */
  'pack.issued': { label: 'Quarterly pack', optional: true },
} as const;
export type MailKind = keyof typeof MAIL_KINDS;
export const isMailKind = (value: string): value is MailKind => value in MAIL_KINDS;

/** A file sent with a message, read when it is sent: a pack issued for a meeting. */
export interface MailAttachment {
  packIssueId: string;
  fileName: string;
}

/** A message to put in the outbox. */
export interface NewMail {
  organisationId: string | null;
  /** What the message is for; a second message with the same key is not kept (it is the same message). */
  dedupeKey: string;
  kind: MailKind;
  to: string;
  /** Whose optional-mail choice applies (`preferenceKey`). */
  recipientKey: string;
  subject: string;
  text: string;
  html: string;
  unsubscribeUrl: string;
  attachments: MailAttachment[];
  /** Out of date after this time (ISO), or null. */
  expiresAt: string | null;
}

export const MAIL_STATUSES = ['pending', 'sent', 'failed', 'skipped', 'expired'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export interface OutboxMessage {
  id: string;
  organisationId: string | null;
  dedupeKey: string;
  kind: MailKind;
  to: string;
  recipientKey: string;
  optional: boolean;
  subject: string;
  text: string;
  html: string;
  unsubscribeUrl: string;
  attachments: MailAttachment[];
  status: MailStatus;
  attempts: number;
  notBefore: string;
  expiresAt: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export const DELIVERY_OUTCOMES = {
  sent: 'Sent',
  retry: 'Not sent, will try again',
  failed: 'Refused by the mail server',
  skipped: 'Not sent: optional email turned off',
  expired: 'Not sent: out of date',
} as const;
export type DeliveryOutcome = keyof typeof DELIVERY_OUTCOMES;

/** One attempt to send a message. */
export interface Delivery {
  id: string;
  messageId: string;
  organisationId: string | null;
  attemptedAt: string;
  to: string;
  kind: MailKind;
  outcome: DeliveryOutcome;
  detail: string;
  process: string;
}

/** The key of an account's optional-mail choice. */
export const accountKey = (userId: string): string => `user:${userId}`;
/** The key of the choice of an address that has no account. */
export const addressKey = (address: string): string => `address:${address.trim().toLowerCase()}`;

/**
 * How long a message that could not be sent waits before the next try: 1 minute, then 2, 4, 8... up to an
 * hour, and then hourly for as long as the server stays unreachable (nothing is given up for that).
 */
export function retryDelayMinutes(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, Math.min(attempts - 1, 6)));
}
