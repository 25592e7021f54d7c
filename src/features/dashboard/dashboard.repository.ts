/** The dashboard's storage: representation targets by band and year (a Model Employer trajectory), and the light read of dataset versions that keys its caches. */
import type { Db } from '../../storage/database.js';
import { newId } from '../../shared/ids.js';
import { readOnce } from '../../shared/read-scope.js';

export type TargetCharacteristic = 'BME' | 'DISABLED';

export interface Target {
  characteristic: TargetCharacteristic;
  /** A grade code (AFC_8A, VSM, ...) or SENIOR: Band 8a and above, with VSM. */
  band: string;
  year: number;
  /** The target share of staff in the band, in percent. */
  percent: number;
}

export function targetsRepository(db: Db) {
  return {
    async list(organisationId: string): Promise<Target[]> {
      const rows = await db
        .selectFrom('dashboard_targets')
        .select(['characteristic', 'band', 'year', 'percent_hundredths'])
        .where('organisation_id', '=', organisationId)
        .orderBy('characteristic')
        .orderBy('band')
        .orderBy('year')
        .execute();
      return rows.map((r) => ({
        characteristic: r.characteristic === 'DISABLED' ? 'DISABLED' : 'BME',
        band: r.band,
        year: r.year,
        percent: r.percent_hundredths / 100,
      }));
    },

    /** Replaces the trajectory of one characteristic and band with these yearly targets. */
    async replace(
      organisationId: string,
      characteristic: TargetCharacteristic,
      band: string,
      targets: readonly { year: number; percent: number }[],
      at: string,
      byLabel: string,
    ): Promise<void> {
      await db
        .deleteFrom('dashboard_targets')
        .where('organisation_id', '=', organisationId)
        .where('characteristic', '=', characteristic)
        .where('band', '=', band)
        .execute();
      if (targets.length === 0) return;
      await db
        .insertInto('dashboard_targets')
        .values(
          targets.map((t) => ({
            id: newId(),
            organisation_id: organisationId,
            characteristic,
            band,
            year: t.year,
            percent_hundredths: Math.round(t.percent * 100),
            created_at: at,
            created_by_label: byLabel,
          })),
        )
        .execute();
    },
  };
}

/**
 * The active dataset versions of an organisation, only what names them (id, dataset, snapshot date): read
 * on every dashboard request to key the caches, so it stays a small indexed query rather than the full
 * version listing with its issue reports.
 */
export function activeVersionStamps(
  db: Db,
  organisationId: string,
): Promise<{ id: string; dataset: string; asAtDate: string | null }[]> {
  return readOnce(`datasets.activeVersionStamps:${organisationId}`, async () => {
    const rows = await db
      .selectFrom('dataset_versions')
      .select(['id', 'dataset', 'as_at_date'])
      .where('organisation_id', '=', organisationId)
      .where('status', '=', 'active')
      .execute();
    return rows.map((r) => ({ id: r.id, dataset: r.dataset, asAtDate: r.as_at_date }));
  });
}
