import type { Kysely } from 'kysely';
import { countChangesTo } from './types.js';

/**
 * What the background preparer last finished for each organisation (server/prepare.ts): the stamp of the
 * data, settings, units and program it prepared the figures and ledgers for. A server that starts again
 * finds here that an organisation is prepared, instead of reading back every kept figure to find out.
 * Derived data: deleting a row only makes the preparer look again.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('prepared_organisations')
    .addColumn('organisation_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('stamp', 'varchar(64)', (c) => c.notNull())
    .addColumn('prepared_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await countChangesTo(db, 'prepared_organisations');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('prepared_organisations').execute();
}
