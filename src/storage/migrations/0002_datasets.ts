import type { Kysely } from 'kysely';
import { binaryType } from './types.js';

/** Imported dataset versions, their records (compressed in chunks), saved column mappings and staged uploads. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const binary = binaryType(db);
  await db.schema
    .createTable('dataset_versions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('dataset', 'varchar(40)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('file_name', 'varchar(300)', (c) => c.notNull())
    .addColumn('file_sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('file_size', 'integer', (c) => c.notNull())
    .addColumn('file_kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('sheet', 'varchar(200)')
    .addColumn('mapping_json', 'text', (c) => c.notNull())
    .addColumn('as_at_date', 'varchar(10)')
    .addColumn('period_start', 'varchar(10)')
    .addColumn('period_end', 'varchar(10)')
    .addColumn('survey_year', 'integer')
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('record_count', 'integer', (c) => c.notNull())
    .addColumn('error_count', 'integer', (c) => c.notNull())
    .addColumn('warning_count', 'integer', (c) => c.notNull())
    .addColumn('issues_json', 'text', (c) => c.notNull())
    .addColumn('quality_json', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_by_user_id', 'varchar(36)')
    .addColumn('created_by_label', 'varchar(200)', (c) => c.notNull())
    .addColumn('deleted_at', 'varchar(32)')
    .addColumn('deleted_by_label', 'varchar(200)')
    .execute();
  await db.schema
    .createIndex('dataset_versions_org_idx')
    .on('dataset_versions')
    .columns(['organisation_id', 'dataset', 'status'])
    .execute();

  await db.schema
    .createTable('dataset_record_chunks')
    .addColumn('version_id', 'varchar(36)', (c) => c.notNull().references('dataset_versions.id'))
    .addColumn('chunk_no', 'integer', (c) => c.notNull())
    .addColumn('record_count', 'integer', (c) => c.notNull())
    .addColumn('payload', binary, (c) => c.notNull())
    .addPrimaryKeyConstraint('dataset_record_chunks_pk', ['version_id', 'chunk_no'])
    .execute();

  await db.schema
    .createTable('column_mappings')
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('dataset', 'varchar(40)', (c) => c.notNull())
    .addColumn('mapping_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_by_label', 'varchar(200)', (c) => c.notNull())
    .addPrimaryKeyConstraint('column_mappings_pk', ['organisation_id', 'dataset'])
    .execute();

  await db.schema
    .createTable('staged_uploads')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('batch_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('file_name', 'varchar(300)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content', binary, (c) => c.notNull())
    .addColumn('options_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('staged_uploads_batch_idx').on('staged_uploads').column('batch_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['staged_uploads', 'column_mappings', 'dataset_record_chunks', 'dataset_versions']) {
    await db.schema.dropTable(table).execute();
  }
}
