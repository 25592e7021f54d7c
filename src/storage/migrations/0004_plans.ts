import type { Kysely } from 'kysely';
import { binaryType } from './types.js';

/**
 * Action plans: one plan per organisation and financial year, its history (status changes and revisions
 * after approval), actions stored once and linked to any number of indicators, their leads, measured KPIs
 * and dated progress updates, the organisation's RAG labels, and imports waiting for confirmation.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const binary = binaryType(db);
  await db.schema
    .createTable('plans')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('authors_json', 'text', (c) => c.notNull())
    .addColumn('publication_date', 'varchar(10)')
    .addColumn('sources', 'text', (c) => c.notNull())
    .addColumn('endorsed_by', 'varchar(300)', (c) => c.notNull())
    .addColumn('endorsed_on', 'varchar(10)')
    .addColumn('board_approval_date', 'varchar(10)')
    .addColumn('alignment', 'text', (c) => c.notNull())
    .addColumn('carried_from_plan_id', 'varchar(36)', (c) => c.references('plans.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_by_label', 'varchar(200)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_by_label', 'varchar(200)', (c) => c.notNull())
    .addUniqueConstraint('plans_org_year_unique', ['organisation_id', 'year'])
    .execute();

  await db.schema
    .createTable('plan_history')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('plan_id', 'varchar(36)', (c) => c.notNull().references('plans.id'))
    .addColumn('occurred_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('actor_user_id', 'varchar(36)')
    .addColumn('actor_label', 'varchar(200)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('entity_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('entity_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('summary', 'varchar(1000)', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .execute();
  await db.schema.createIndex('plan_history_plan_idx').on('plan_history').column('plan_id').execute();

  await db.schema
    .createTable('plan_actions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('plan_id', 'varchar(36)', (c) => c.notNull().references('plans.id'))
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('ref', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('theme', 'varchar(300)')
    .addColumn('aim', 'text', (c) => c.notNull())
    .addColumn('kpi_text', 'text', (c) => c.notNull())
    .addColumn('timescale_json', 'text', (c) => c.notNull())
    .addColumn('due_date', 'varchar(10)')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('sustainability', 'text', (c) => c.notNull())
    .addColumn('serves_wres', 'integer', (c) => c.notNull())
    .addColumn('serves_wdes', 'integer', (c) => c.notNull())
    .addColumn('serves_other', 'integer', (c) => c.notNull())
    .addColumn('rag', 'varchar(20)')
    .addColumn('last_update_on', 'varchar(10)')
    .addColumn('origin_action_id', 'varchar(36)', (c) => c.references('plan_actions.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_by_label', 'varchar(200)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_by_label', 'varchar(200)', (c) => c.notNull())
    .addUniqueConstraint('plan_actions_ref_unique', ['plan_id', 'ref'])
    .execute();
  await db.schema.createIndex('plan_actions_plan_idx').on('plan_actions').column('plan_id').execute();
  await db.schema
    .createIndex('plan_actions_origin_idx')
    .on('plan_actions')
    .column('origin_action_id')
    .execute();

  await db.schema
    .createTable('plan_action_indicators')
    .addColumn('action_id', 'varchar(36)', (c) => c.notNull().references('plan_actions.id'))
    .addColumn('indicator', 'varchar(120)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('plan_action_indicators_pk', ['action_id', 'indicator'])
    .execute();
  await db.schema
    .createIndex('plan_action_indicators_indicator_idx')
    .on('plan_action_indicators')
    .column('indicator')
    .execute();

  await db.schema
    .createTable('plan_action_leads')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('action_id', 'varchar(36)', (c) => c.notNull().references('plan_actions.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(300)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('plan_action_leads_action_idx')
    .on('plan_action_leads')
    .column('action_id')
    .execute();
  await db.schema
    .createIndex('plan_action_leads_user_idx')
    .on('plan_action_leads')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('plan_action_kpis')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('action_id', 'varchar(36)', (c) => c.notNull().references('plan_actions.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('label', 'varchar(300)', (c) => c.notNull())
    .addColumn('indicator', 'varchar(120)', (c) => c.notNull())
    .addColumn('measure', 'varchar(120)', (c) => c.notNull())
    .addColumn('target', 'double precision', (c) => c.notNull())
    .addColumn('direction', 'varchar(10)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('plan_action_kpis_action_idx')
    .on('plan_action_kpis')
    .column('action_id')
    .execute();

  await db.schema
    .createTable('plan_action_updates')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('action_id', 'varchar(36)', (c) => c.notNull().references('plan_actions.id'))
    .addColumn('posted_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('rag', 'varchar(20)')
    .addColumn('narrative', 'text', (c) => c.notNull())
    .addColumn('author_user_id', 'varchar(36)')
    .addColumn('author_label', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('plan_action_updates_action_idx')
    .on('plan_action_updates')
    .column('action_id')
    .execute();

  await db.schema
    .createTable('plan_settings')
    .addColumn('organisation_id', 'varchar(36)', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('rag_labels_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_by_label', 'varchar(200)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('plan_imports')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('plan_id', 'varchar(36)', (c) => c.notNull().references('plans.id'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('file_name', 'varchar(300)', (c) => c.notNull())
    .addColumn('content', binary, (c) => c.notNull())
    .addColumn('mapping_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'plan_imports',
    'plan_settings',
    'plan_action_updates',
    'plan_action_kpis',
    'plan_action_leads',
    'plan_action_indicators',
    'plan_actions',
    'plan_history',
    'plans',
  ])
    await db.schema.dropTable(table).execute();
}
