import type { Kysely } from 'kysely';
import { binaryType } from './types.js';

/**
 * Records stored in columns. A record chunk says which form it holds (`format`: "arrow" for Apache Arrow
 * IPC; null for the gzipped JSON every chunk held before, still readable), and the current records of a
 * dataset resolved from overlapping versions are kept once per set of versions, so reading them does not
 * decode every version again. Existing rows are left as they are: no database-side defaults, and the
 * rewrite of older chunks is the application's (`parity migrate`), not frozen here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('dataset_record_chunks').addColumn('format', 'varchar(20)').execute();
  await db.schema
    .createTable('dataset_current_records')
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('dataset', 'varchar(40)', (c) => c.notNull())
    .addColumn('versions', 'text', (c) => c.notNull())
    .addColumn('record_count', 'integer', (c) => c.notNull())
    .addColumn('payload', binaryType(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('dataset_current_records_pk', ['organisation_id', 'dataset'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('dataset_current_records').execute();
  await db.schema.alterTable('dataset_record_chunks').dropColumn('format').execute();
}
