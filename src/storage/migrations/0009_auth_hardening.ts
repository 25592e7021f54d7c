import type { Kysely } from 'kysely';

/**
 * Sign-in throttling by growing delays instead of a fixed lock. `login_throttle` counts the failures of
 * each key (an account as a keyed hash, a browser, an address, an account's current-password check): no
 * attempt for a key is checked before `delayed_until`, and the count starts again at `forget_at`. Its rows
 * live minutes and their keys change form here (usernames are no longer stored), so the table is made
 * anew rather than altered. `login_known_addresses` remembers, as a keyed hash of the account and the
 * address, where each account last signed in successfully, so failures from elsewhere never delay it there.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_throttle').execute();
  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('delayed_until', 'varchar(32)')
    .addColumn('forget_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_throttle_forget_idx').on('login_throttle').column('forget_at').execute();

  await db.schema
    .createTable('login_known_addresses')
    .addColumn('key', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('last_success_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('login_known_addresses_time_idx')
    .on('login_known_addresses')
    .column('last_success_at')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_known_addresses').execute();
  await db.schema.dropTable('login_throttle').execute();
  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('locked_until', 'varchar(32)')
    .execute();
}
