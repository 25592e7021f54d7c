/**
 * The change counter (migration 0016) on each database Parity runs on: every table is counted or named as
 * not counted, with its reason; a committed change to a counted table from any connection changes the
 * stamp, a rolled-back one and a session's touch do not; and on a database another process can reach, the
 * new count is seen only once the change it counts is.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database.js';
import { changeStamp, NOT_COUNTED } from '../../src/storage/changes.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../support/databases.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function countedTables(db: Kysely<any>, postgres: boolean): Promise<string[]> {
  if (postgres)
    return (
      await sql<{
        t: string;
      }>`select distinct event_object_table as t from information_schema.triggers where trigger_name = 'parity_changes'`.execute(
        db,
      )
    ).rows
      .map((r) => r.t)
      .sort();
  const rows = (
    await sql<{
      t: string;
      name: string;
    }>`select tbl_name as t, name from sqlite_master where type = 'trigger'`.execute(db)
  ).rows;
  // Counted only with all three kinds of change.
  const kinds = new Map<string, number>();
  for (const r of rows)
    if (
      r.name === `${r.t}_changes_insert` ||
      r.name === `${r.t}_changes_update` ||
      r.name === `${r.t}_changes_delete`
    )
      kinds.set(r.t, (kinds.get(r.t) ?? 0) + 1);
  return [...kinds]
    .filter(([, n]) => n === 3)
    .map(([t]) => t)
    .sort();
}

const organisation = (id: string) => ({
  id,
  ods_code: id.slice(0, 5).toUpperCase(),
  name: `Organisation ${id}`,
  kind: 'trust',
  parent_id: null,
  created_at: '2026-01-01T00:00:00.000Z',
});

describe.each(DIALECTS)('the change counter on %s', (dialect) => {
  let database: TestDatabase;
  const postgres = dialect !== 'sqlite';

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
  });
  afterAll(async () => database?.dispose());

  it('counts every table but those named, each with a reason', async () => {
    const tables = (await database.db.introspection.getTables({ withInternalKyselyTables: true }))
      .map((t) => t.name)
      .sort();
    const counted = await countedTables(database.db, postgres);
    expect(counted).toEqual(tables.filter((t) => !(t in NOT_COUNTED)));
    for (const [table, reason] of Object.entries(NOT_COUNTED))
      expect(reason.length, table).toBeGreaterThan(10);
    // Every name in NOT_COUNTED is a table some database has (no stale entry).
    const here = new Set(tables);
    expect(Object.keys(NOT_COUNTED).filter((t) => !here.has(t) && t !== 'change_marks')).toEqual([]);
  });

  it('changes with a committed change, and not with a rolled-back one or a session touch', async () => {
    const db = database.db;
    const s0 = await changeStamp(db);
    expect(await changeStamp(db)).toBe(s0);
    await db.insertInto('organisations').values(organisation('cc-one-0000')).execute();
    const s1 = await changeStamp(db);
    expect(s1).not.toBe(s0);
    await expect(
      db.transaction().execute(async (tx) => {
        await tx.insertInto('organisations').values(organisation('cc-two-0000')).execute();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await changeStamp(db)).toBe(s1);
    // Several statements in one transaction: counted, and the count is read as one.
    await db.transaction().execute(async (tx) => {
      await tx
        .updateTable('organisations')
        .set({ name: 'Renamed' })
        .where('id', '=', 'cc-one-0000')
        .execute();
      await tx.deleteFrom('organisations').where('id', '=', 'cc-one-0000').execute();
    });
    const s2 = await changeStamp(db);
    expect(s2).not.toBe(s1);
    const user = await db
      .insertInto('users')
      .values({
        id: 'cc-user',
        username: 'cc-user',
        display_name: 'Counter',
        email: null,
        sso_subject: null,
        password_hash: null,
        is_active: 1,
        created_at: '2026-01-01T00:00:00.000Z',
        updated_at: '2026-01-01T00:00:00.000Z',
        last_sign_in_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const s3 = await changeStamp(db);
    expect(s3).not.toBe(s2);
    await db
      .insertInto('sessions')
      .values({
        id: 'cc-session',
        user_id: user.id,
        auth_method: 'password',
        created_at: '2026-01-01T00:00:00.000Z',
        expires_at: '2027-01-01T00:00:00.000Z',
        last_seen_at: '2026-01-01T00:00:00.000Z',
        ip: null,
        user_agent: null,
      })
      .execute();
    await db.updateTable('sessions').set({ last_seen_at: '2026-01-02T00:00:00.000Z' }).execute();
    expect(await changeStamp(db)).toBe(s3);
  });

  // PGlite is one connection inside this process: there is no other process to read from.
  if (dialect !== 'pglite')
    it("another process's change counts, and only once it is committed", async () => {
      const other: DatabaseHandle = await openDatabase(database.url);
      try {
        const before = await changeStamp(database.db);
        let during = '';
        await other.db.transaction().execute(async (tx) => {
          await tx.insertInto('organisations').values(organisation('cc-three-00')).execute();
          // SQLite: the writer holds the lock; a reader sees the last commit (WAL). PostgreSQL: the same.
          during = await changeStamp(database.db);
        });
        expect(during).toBe(before);
        const after = await changeStamp(database.db);
        expect(after).not.toBe(before);
      } finally {
        await other.close();
      }
    });
});
