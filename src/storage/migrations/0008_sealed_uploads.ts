import type { Kysely } from 'kysely';
import { binaryType } from './types.js';

/**
 * Uploads waiting between their preview and their confirmation are kept sealed (encrypted under a key
 * derived from the installation's pseudonymisation key), never as the raw file: `staged_upload_contents`
 * and `plan_imports.content` hold sealed blobs. A staged file's content lives in its own table, so
 * recording the person's choices or what checking found never rewrites a large row. `check_json` keeps
 * what checking the file found (the preview's summary, without records), so showing the preview again does
 * not read the whole file again; null until the file has been checked with the current choices.
 *
 * Files staged before this change were kept raw; they are removed (staging is a day's waiting room, and a
 * person who was mid-preview uploads the file again).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const binary = binaryType(db);
  await db.deleteFrom('plan_imports').execute();
  await db.schema.dropTable('staged_uploads').execute();
  await db.schema
    .createTable('staged_uploads')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('batch_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('file_name', 'varchar(300)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('options_json', 'text', (c) => c.notNull())
    .addColumn('check_json', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('staged_uploads_batch_idx').on('staged_uploads').column('batch_id').execute();
  await db.schema
    .createTable('staged_upload_contents')
    .addColumn('file_id', 'varchar(36)', (c) =>
      c.primaryKey().references('staged_uploads.id').onDelete('cascade'),
    )
    .addColumn('content', binary, (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const binary = binaryType(db);
  await db.deleteFrom('plan_imports').execute();
  await db.schema.dropTable('staged_upload_contents').execute();
  await db.schema.dropTable('staged_uploads').execute();
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
