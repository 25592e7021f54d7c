import type { Kysely } from 'kysely';
import { binaryType } from './types.js';

/**
 * Computed figures kept between processes: the engine's results for one organisation, year, part of the
 * organisation and set of options, under a key naming everything they were computed from (the data
 * versions, settings, local metrics, recorded answers, options and the program's code). A web server, the
 * background preparer, another server process and `parity compute` all read what any of them computed.
 * `stamp` names the organisation's data and settings without the year, part and options: rows under an
 * older stamp are removed when a newer one is written. The body is gzipped JSON. Derived data: deleting
 * every row loses nothing.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('computed_figures')
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('key', 'varchar(64)', (c) => c.notNull())
    .addColumn('stamp', 'varchar(64)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('body', binaryType(db), (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('computed_figures_pk', ['organisation_id', 'key'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('computed_figures').execute();
}
