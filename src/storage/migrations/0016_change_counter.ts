import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { countChangesTo, isPostgres } from './types.js';

/**
 * A counter of committed changes, so a process can tell in one read whether anything it showed may have
 * changed since (the web server keeps rendered pages under it: server/page-cache.ts). Every table counts,
 * through triggers the database runs itself, whichever process or path writes, except the sign-in
 * bookkeeping a request writes as it goes (NOT_COUNTED below). A table a later migration adds is counted by
 * calling `countChangesTo` for it; a test checks every table is counted or named here.
 *
 * On SQLite a row trigger adds one per row changed (SQLite has one writer, so nothing waits on the row).
 * On PostgreSQL a statement trigger marks the transaction (one row per transaction in `change_marks`, no
 * shared row touched), and a deferred trigger on that mark adds one to the counter as the transaction
 * commits: the counter's row is locked only for the commit, never while a long import runs, and a reader
 * sees the new count only once the change it counts is visible. `epoch` is drawn afresh by a restore, so a
 * counter restored to an earlier value never names what it named before.
 */
export const NOT_COUNTED: Readonly<Record<string, string>> = {
  kysely_migration: 'the schema version: no page shows it',
  kysely_migration_lock: 'the migration lock',
  change_counter: 'the counter itself',
  change_marks: 'the marks that feed the counter',
  sessions: "a signed-in person's session: touched as requests come in, shown on no page kept",
  login_throttle: 'failed sign-in counts',
  login_known_addresses: 'the addresses a person signed in from, for new-address mail',
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('change_counter')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .addColumn('epoch', 'varchar(36)', (c) => c.notNull())
    .execute();
  await db.insertInto('change_counter').values({ id: 1, n: 0, epoch: randomUUID() }).execute();
  if (isPostgres(db)) {
    // A restore of a backup older than this migration leaves what PostgreSQL alone has (see backup-postgres).
    await db.schema
      .createTable('change_marks')
      .ifNotExists()
      .addColumn('txid', 'bigint', (c) => c.primaryKey())
      .execute();
    await sql`create or replace function parity_mark_change() returns trigger language plpgsql as $$
begin
  insert into change_marks (txid) values (txid_current()) on conflict do nothing;
  return null;
end $$`.execute(db);
    await sql`create or replace function parity_count_change() returns trigger language plpgsql as $$
begin
  update change_counter set n = n + 1 where id = 1;
  delete from change_marks where txid = new.txid;
  return null;
end $$`.execute(db);
    await sql`drop trigger if exists change_marks_counted on change_marks`.execute(db);
    await sql`create constraint trigger change_marks_counted after insert on change_marks
      deferrable initially deferred for each row execute function parity_count_change()`.execute(db);
  }
  const tables = await db.introspection.getTables();
  for (const t of tables) if (!(t.name in NOT_COUNTED)) await countChangesTo(db, t.name);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const tables = await db.introspection.getTables();
  for (const t of tables) {
    if (t.name in NOT_COUNTED) continue;
    if (isPostgres(db)) await sql`drop trigger if exists parity_changes on ${sql.table(t.name)}`.execute(db);
    else
      for (const op of ['insert', 'update', 'delete'])
        await sql`drop trigger if exists ${sql.id(`${t.name}_changes_${op}`)}`.execute(db);
  }
  if (isPostgres(db)) {
    await db.schema.dropTable('change_marks').execute();
    await sql`drop function if exists parity_count_change()`.execute(db);
    await sql`drop function if exists parity_mark_change()`.execute(db);
  }
  await db.schema.dropTable('change_counter').execute();
}
