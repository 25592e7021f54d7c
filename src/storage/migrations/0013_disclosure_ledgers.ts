import type { Kysely } from 'kysely';
import { binaryType } from './types.js';

/**
 * Resolved disclosure ledgers, one per organisation and reporting year: what the publication view shows of
 * every count, kept so that a reader's first view after an import, a restart or on another server process
 * reads it rather than resolving it again. `stamp` names what it was resolved from (the data versions,
 * settings, local metrics, units and the ledger's own format); a ledger whose stamp is not the current one
 * is never read. The body is gzipped JSON. Derived data: deleting every row loses nothing.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('disclosure_ledgers')
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('stamp', 'varchar(128)', (c) => c.notNull())
    .addColumn('body', binaryType(db), (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('disclosure_ledgers_pk', ['organisation_id', 'year'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('disclosure_ledgers').execute();
}
