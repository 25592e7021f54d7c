import type { Kysely } from 'kysely';

/**
 * An action may be owned by one unit of its organisation (a care group, directorate or department);
 * null is a trust-wide action. A reader limited to a unit sees the trust-wide actions and those of their
 * unit and the units below it. The column is nullable with no default, so existing actions become
 * trust-wide and SQLite can add it (with its reference) without rebuilding the table.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('plan_actions')
    .addColumn('unit_id', 'varchar(36)', (c) => c.references('org_units.id'))
    .execute();
  await db.schema.createIndex('plan_actions_unit_idx').on('plan_actions').column('unit_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('plan_actions_unit_idx').execute();
  await db.schema.alterTable('plan_actions').dropColumn('unit_id').execute();
}
