/** An organisation's local metric definitions and its overrides of the engine's named settings. */
import type { Db } from '../../storage/database.js';
import { readOnce } from '../../shared/read-scope.js';

export interface StoredMetric {
  id: string;
  definition: unknown;
  updatedAt: string;
  updatedByLabel: string;
}

export function metricsRepository(db: Db) {
  return {
    list(organisationId: string): Promise<StoredMetric[]> {
      return readOnce(`metrics.list:${organisationId}`, async () => {
        const rows = await db
          .selectFrom('local_metrics')
          .selectAll()
          .where('organisation_id', '=', organisationId)
          .orderBy('metric_id')
          .execute();
        return rows.map((r) => ({
          id: r.metric_id,
          definition: JSON.parse(r.definition_json) as unknown,
          updatedAt: r.updated_at,
          updatedByLabel: r.updated_by_label,
        }));
      });
    },

    async find(organisationId: string, id: string): Promise<StoredMetric | null> {
      const r = await db
        .selectFrom('local_metrics')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('metric_id', '=', id)
        .executeTakeFirst();
      return r
        ? {
            id: r.metric_id,
            definition: JSON.parse(r.definition_json) as unknown,
            updatedAt: r.updated_at,
            updatedByLabel: r.updated_by_label,
          }
        : null;
    },

    async save(
      organisationId: string,
      id: string,
      definition: unknown,
      at: string,
      byLabel: string,
    ): Promise<void> {
      const values = {
        definition_json: JSON.stringify(definition),
        updated_at: at,
        updated_by_label: byLabel,
      };
      await db
        .insertInto('local_metrics')
        .values({ organisation_id: organisationId, metric_id: id, created_at: at, ...values })
        .onConflict((oc) => oc.columns(['organisation_id', 'metric_id']).doUpdateSet(values))
        .execute();
    },

    async remove(organisationId: string, id: string): Promise<void> {
      await db
        .deleteFrom('local_metrics')
        .where('organisation_id', '=', organisationId)
        .where('metric_id', '=', id)
        .execute();
    },

    settings(organisationId: string): Promise<Record<string, unknown>> {
      return readOnce(`metrics.settings:${organisationId}`, async () => {
        const r = await db
          .selectFrom('organisation_settings')
          .select('settings_json')
          .where('organisation_id', '=', organisationId)
          .executeTakeFirst();
        return r ? (JSON.parse(r.settings_json) as Record<string, unknown>) : {};
      });
    },

    async saveSettings(
      organisationId: string,
      settings: Record<string, unknown>,
      at: string,
      byLabel: string,
    ): Promise<void> {
      const values = { settings_json: JSON.stringify(settings), updated_at: at, updated_by_label: byLabel };
      await db
        .insertInto('organisation_settings')
        .values({ organisation_id: organisationId, ...values })
        .onConflict((oc) => oc.column('organisation_id').doUpdateSet(values))
        .execute();
    },
  };
}
