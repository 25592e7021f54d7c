/**
 * The outbox, its record of attempts and the optional-mail choices, in storage. Every server process works
 * on the same rows, so each step is a single statement whose condition makes it safe when two processes
 * race: a message is added only if its key is new (`on conflict do nothing`), taken only by the update that
 * finds it unclaimed (or its claim run out), and finished only by the holder of the claim.
 */
import { sql, type Selectable } from 'kysely';
import { newId } from '../../shared/ids.js';
import type { Db } from '../../storage/database.js';
import type { MailDeliveriesTable, MailOutboxTable } from '../../storage/schema.js';
import {
  MAIL_KINDS,
  type Delivery,
  type DeliveryOutcome,
  type MailAttachment,
  type MailKind,
  type MailStatus,
  type NewMail,
  type OutboxMessage,
} from './mail.js';

export function messageFromRow(r: Selectable<MailOutboxTable>): OutboxMessage {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    dedupeKey: r.dedupe_key,
    kind: r.kind as MailKind,
    to: r.recipient,
    recipientKey: r.recipient_key,
    optional: Number(r.optional) === 1,
    subject: r.subject,
    text: r.text_body,
    html: r.html_body,
    unsubscribeUrl: r.unsubscribe_url,
    attachments: JSON.parse(r.attachments_json) as MailAttachment[],
    status: r.status as MailStatus,
    attempts: Number(r.attempts),
    notBefore: r.not_before,
    expiresAt: r.expires_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

function deliveryFromRow(r: Selectable<MailDeliveriesTable>): Delivery {
  return {
    id: r.id,
    messageId: r.message_id,
    organisationId: r.organisation_id,
    attemptedAt: r.attempted_at,
    to: r.recipient,
    kind: r.kind as MailKind,
    outcome: r.outcome as DeliveryOutcome,
    detail: r.detail,
    process: r.process,
  };
}

/** What a claim holder records when it is done with a message. */
export type Finish =
  | { status: 'sent'; detail: string }
  | { status: 'retry'; notBefore: string; detail: string }
  | { status: 'failed'; detail: string }
  | { status: 'skipped'; detail: string }
  | { status: 'expired'; detail: string };

/** A message taken by a claim: only the holder of `claimToken` may finish it. */
export interface ClaimedMessage extends OutboxMessage {
  claimToken: string;
}

const unclaimed = (now: string) => sql<boolean>`(claimed_until is null or claimed_until <= ${now})`;

export function outboxRepository(db: Db) {
  return {
    /**
     * Adds messages whose keys are new; a message already planned (by this process or another) is left as
     * it is. Returns how many were added.
     */
    async enqueue(messages: readonly NewMail[], now: string): Promise<number> {
      let added = 0;
      for (const m of messages) {
        const result = await db
          .insertInto('mail_outbox')
          .values({
            id: newId(),
            organisation_id: m.organisationId,
            dedupe_key: m.dedupeKey,
            kind: m.kind,
            recipient: m.to,
            recipient_key: m.recipientKey,
            optional: MAIL_KINDS[m.kind].optional ? 1 : 0,
            subject: m.subject,
            text_body: m.text,
            html_body: m.html,
            unsubscribe_url: m.unsubscribeUrl,
            attachments_json: JSON.stringify(m.attachments),
            status: 'pending',
            attempts: 0,
            not_before: now,
            expires_at: m.expiresAt,
            claim_token: null,
            claimed_until: null,
            last_error: null,
            created_at: now,
            sent_at: null,
          })
          .onConflict((oc) => oc.column('dedupe_key').doNothing())
          .executeTakeFirst();
        added += Number(result.numInsertedOrUpdatedRows ?? 0n);
      }
      return added;
    },

    /** Whether a message with this key exists, whatever its state. */
    async has(dedupeKey: string): Promise<boolean> {
      const row = await db
        .selectFrom('mail_outbox')
        .select('id')
        .where('dedupe_key', '=', dedupeKey)
        .executeTakeFirst();
      return row !== undefined;
    },

    /**
     * Takes up to `limit` messages that are due and unclaimed, each by one conditional update: a message
     * another process took first (its update changed the row) is not taken. The claim lasts until `until`.
     */
    async claim(now: string, until: string, limit: number): Promise<ClaimedMessage[]> {
      const due = await db
        .selectFrom('mail_outbox')
        .select('id')
        .where('status', '=', 'pending')
        .where('not_before', '<=', now)
        .where(unclaimed(now))
        .orderBy('not_before')
        .orderBy('id')
        .limit(limit)
        .execute();
      const claimed: ClaimedMessage[] = [];
      for (const { id } of due) {
        const token = newId();
        const result = await db
          .updateTable('mail_outbox')
          .set({ claim_token: token, claimed_until: until, attempts: sql<number>`attempts + 1` })
          .where('id', '=', id)
          .where('status', '=', 'pending')
          .where(unclaimed(now))
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) continue;
        const row = await db
          .selectFrom('mail_outbox')
          .selectAll()
          .where('id', '=', id)
          .where('claim_token', '=', token)
          .executeTakeFirst();
        if (row) claimed.push({ ...messageFromRow(row), claimToken: token });
      }
      return claimed;
    },

    /**
     * Records the end of an attempt, with its delivery, if the claim is still this one's; false when the
     * claim ran out and another process took the message meanwhile (nothing is changed then).
     */
    async finish(message: ClaimedMessage, finish: Finish, at: string, process: string): Promise<boolean> {
      return db.transaction().execute(async (tx) => {
        const status = finish.status === 'retry' ? 'pending' : finish.status;
        const result = await tx
          .updateTable('mail_outbox')
          .set({
            status,
            claim_token: null,
            claimed_until: null,
            last_error: finish.status === 'sent' ? null : finish.detail.slice(0, 1000),
            sent_at: finish.status === 'sent' ? at : null,
            ...(finish.status === 'retry' ? { not_before: finish.notBefore } : {}),
          })
          .where('id', '=', message.id)
          .where('claim_token', '=', message.claimToken)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) return false;
        await tx
          .insertInto('mail_deliveries')
          .values({
            id: newId(),
            message_id: message.id,
            organisation_id: message.organisationId,
            attempted_at: at,
            recipient: message.to,
            kind: message.kind,
            outcome: finish.status,
            detail: finish.detail.slice(0, 1000),
            process: process.slice(0, 200),
          })
          .execute();
        return true;
      });
    },

    /** The bytes of an attachment (a pack as issued), or null when it is gone. */
    async attachment(ref: MailAttachment): Promise<Buffer | null> {
      const row = await db
        .selectFrom('pack_issues')
        .select('pdf')
        .where('id', '=', ref.packIssueId)
        .executeTakeFirst();
      return row ? Buffer.from(row.pdf) : null;
    },

    /** Whether any of these keys has turned optional email off. */
    async optedOut(keys: readonly string[]): Promise<boolean> {
      if (keys.length === 0) return false;
      const row = await db
        .selectFrom('mail_opt_outs')
        .select('key')
        .where('key', 'in', [...keys])
        .executeTakeFirst();
      return row !== undefined;
    },

    async setOptedOut(
      key: string,
      optedOut: boolean,
      via: 'link' | 'one-click' | 'account',
      at: string,
    ): Promise<void> {
      if (!optedOut) {
        await db.deleteFrom('mail_opt_outs').where('key', '=', key).execute();
        return;
      }
      await db
        .insertInto('mail_opt_outs')
        .values({ key, opted_out_at: at, via })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
    },

    /** The organisation's latest attempts, newest first. */
    async deliveries(organisationId: string, limit: number): Promise<Delivery[]> {
      const rows = await db
        .selectFrom('mail_deliveries')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .orderBy('attempted_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(deliveryFromRow);
    },

    /** The organisation's messages still waiting to be sent, oldest first. */
    async waiting(organisationId: string, limit: number): Promise<OutboxMessage[]> {
      const rows = await db
        .selectFrom('mail_outbox')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('status', '=', 'pending')
        .orderBy('not_before')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(messageFromRow);
    },

    /** How many of the organisation's messages are in each state. */
    async counts(organisationId: string): Promise<Record<MailStatus, number>> {
      const rows = await db
        .selectFrom('mail_outbox')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('organisation_id', '=', organisationId)
        .groupBy('status')
        .execute();
      const out: Record<MailStatus, number> = { pending: 0, sent: 0, failed: 0, skipped: 0, expired: 0 };
      for (const r of rows) if (r.status in out) out[r.status as MailStatus] = Number(r.n);
      return out;
    },
  };
}

export type OutboxRepository = ReturnType<typeof outboxRepository>;
