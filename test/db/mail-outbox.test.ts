/**
 * The mail outbox on SQLite, PGlite and a real PostgreSQL server: a message planned twice is kept once;
 * claimers racing on two connections (two handles to one database where the database allows it) take each
 * message exactly once; a claim that ran out lets another take the message, and the first holder's late
 * finish changes nothing; the optional-mail choices are kept per key.
 *
 * CI size: 60 messages, 4 claimers. PARITY_PROOFS=full: 600 messages, 8 claimers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewMail } from '../../src/features/mail/mail.js';
import { outboxRepository } from '../../src/features/mail/outbox.repository.js';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../support/databases.js';

const FULL = process.env.PARITY_PROOFS === 'full';
const MESSAGES = FULL ? 600 : 60;
const CLAIMERS = FULL ? 8 : 4;

const mail = (key: string): NewMail => ({
  organisationId: null,
  dedupeKey: key,
  kind: 'update.open',
  to: `${key.replace(/[^a-z0-9]/gi, '')}@trust.example`,
  recipientKey: `address:${key}@trust.example`,
  subject: `About ${key}`,
  text: 'Text',
  html: '<p>HTML</p>',
  unsubscribeUrl: 'https://parity.example/mail/unsubscribe?token=t',
  attachments: [],
  expiresAt: null,
});

const T0 = '2026-06-24T07:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

describe.each(DIALECTS)('the mail outbox on %s', (dialect) => {
  let database: TestDatabase;
  let second: DatabaseHandle | null = null;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    // PGlite in memory is one database per handle: its claimers share the one connection.
    if (dialect !== 'pglite') second = await openDatabase(database.url);
  });
  afterAll(async () => {
    await second?.close();
    await database?.dispose();
  });

  it('keeps a message planned twice (or by two processes at once) once', async () => {
    const outbox = outboxRepository(database.db);
    const other = outboxRepository(second?.db ?? database.db);
    const [a, b] = await Promise.all([
      outbox.enqueue([mail('twice-1'), mail('twice-2')], T0),
      other.enqueue([mail('twice-2'), mail('twice-1')], T0),
    ]);
    expect(a + b).toBe(2);
    expect(await outbox.enqueue([mail('twice-1')], T0)).toBe(0);
    const rows = await database.db
      .selectFrom('mail_outbox')
      .select('dedupe_key')
      .where('dedupe_key', 'like', 'twice-%')
      .execute();
    expect(rows.map((r) => r.dedupe_key).sort()).toEqual(['twice-1', 'twice-2']);
    await database.db.deleteFrom('mail_outbox').execute();
  });

  it(`lets ${CLAIMERS} parallel claimers on two connections take each of ${MESSAGES} messages exactly once`, async () => {
    const outbox = outboxRepository(database.db);
    await outbox.enqueue(
      Array.from({ length: MESSAGES }, (_, i) => mail(`race-${i}`)),
      T0,
    );
    const handles = [database.db, second?.db ?? database.db];
    const taken: string[][] = await Promise.all(
      Array.from({ length: CLAIMERS }, async (_, c) => {
        const mine: string[] = [];
        const repo = outboxRepository(handles[c % 2]!);
        for (;;) {
          const claimed = await repo.claim(at(1), at(11), 7);
          if (claimed.length === 0) return mine;
          mine.push(...claimed.map((m) => m.dedupeKey));
        }
      }),
    );
    const all = taken.flat();
    expect(all.length).toBe(MESSAGES);
    expect(new Set(all).size).toBe(MESSAGES);
    // Each claim counted one attempt, and nothing is left to take while the claims last.
    const attempts = await database.db.selectFrom('mail_outbox').select('attempts').execute();
    expect(attempts.every((r) => Number(r.attempts) === 1)).toBe(true);
    expect(await outbox.claim(at(5), at(15), 100)).toEqual([]);
    await database.db.deleteFrom('mail_outbox').execute();
  });

  it('gives a message whose claim ran out to another process, and ignores the first holder’s late finish', async () => {
    const outbox = outboxRepository(database.db);
    await outbox.enqueue([mail('stuck')], T0);
    const [first] = await outbox.claim(at(1), at(11), 10);
    expect(first?.dedupeKey).toBe('stuck');
    // While the claim lasts nobody else takes it; once it has run out, another does.
    expect(await outbox.claim(at(10), at(20), 10)).toEqual([]);
    const [again] = await outbox.claim(at(11), at(21), 10);
    expect(again?.dedupeKey).toBe('stuck');
    expect(again?.attempts).toBe(2);
    // The first holder comes back too late: its finish is refused and records nothing.
    expect(await outbox.finish(first!, { status: 'sent', detail: '250 late' }, at(12), 'first')).toBe(false);
    expect(await outbox.finish(again!, { status: 'sent', detail: '250 OK' }, at(12), 'second')).toBe(true);
    const deliveries = await database.db.selectFrom('mail_deliveries').selectAll().execute();
    expect(deliveries.map((d) => [d.outcome, d.process, d.detail])).toEqual([['sent', 'second', '250 OK']]);
    const row = await database.db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('dedupe_key', '=', 'stuck')
      .executeTakeFirstOrThrow();
    expect([row.status, row.sent_at, row.claim_token]).toEqual(['sent', at(12), null]);
    expect(await outbox.claim(at(30), at(40), 10)).toEqual([]);
  });

  it('retries a message after its wait, and keeps each optional-mail choice by key', async () => {
    const outbox = outboxRepository(database.db);
    await outbox.enqueue([mail('retry')], T0);
    const [m] = await outbox.claim(at(1), at(11), 10);
    await outbox.finish(m!, { status: 'retry', notBefore: at(3), detail: 'ECONNREFUSED' }, at(1), 'p');
    expect(await outbox.claim(at(2), at(12), 10)).toEqual([]);
    const [later] = await outbox.claim(at(3), at(13), 10);
    expect([later?.dedupeKey, later?.attempts, later?.lastError]).toEqual(['retry', 2, 'ECONNREFUSED']);

    await outbox.setOptedOut('user:u1', true, 'link', T0);
    await outbox.setOptedOut('user:u1', true, 'account', T0);
    expect(await outbox.optedOut(['user:u2', 'user:u1'])).toBe(true);
    expect(await outbox.optedOut(['user:u2'])).toBe(false);
    await outbox.setOptedOut('user:u1', false, 'account', T0);
    expect(await outbox.optedOut(['user:u1'])).toBe(false);
  });
});
