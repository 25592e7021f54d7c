/**
 * Where computed figures are kept between processes (migration 0015): the engine's results under a key
 * naming everything they were computed from, so that whatever one process computed (a web server, the
 * background preparer, another server, `parity compute`) the others read instead of computing again.
 * Writing under a new stamp (new data, settings, local metrics or answers) removes the organisation's rows
 * of older stamps, so the table holds only figures of each organisation's current data.
 *
 * Results holding a number JSON cannot carry (NaN, an infinity) are not kept: they would read back as null.
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { IndicatorResults } from '../../engine/index.js';
import type { Clock } from '../../shared/clock.js';
import type { Db } from '../../storage/database.js';

const zip = promisify(gzip);
const unzip = promisify(gunzip);

export interface FiguresRepository {
  /** The results kept under this key, or null when none are. */
  read(organisationId: string, key: string): Promise<IndicatorResults | null>;
  /**
   * Keeps results under a key (replacing any kept under it) and removes the organisation's rows of other
   * stamps. Returns false, keeping nothing, when the results cannot be written as JSON exactly.
   */
  write(
    organisationId: string,
    entry: { key: string; stamp: string; year: number },
    results: IndicatorResults,
  ): Promise<boolean>;
}

/** The results as JSON, or null when a number in them has no JSON form (it would read back as null). */
export function figuresJson(results: IndicatorResults): string | null {
  let exact = true;
  const text = JSON.stringify(results, (_key, value: unknown) => {
    if (typeof value === 'number' && !Number.isFinite(value)) exact = false;
    return value;
  });
  return exact ? text : null;
}

export function figuresRepository(db: Db, clock: Clock): FiguresRepository {
  return {
    async read(organisationId, key) {
      const row = await db
        .selectFrom('computed_figures')
        .select('body')
        .where('organisation_id', '=', organisationId)
        .where('key', '=', key)
        .executeTakeFirst();
      if (!row) return null;
      return JSON.parse((await unzip(row.body)).toString('utf8')) as IndicatorResults;
    },

    async write(organisationId, { key, stamp, year }, results) {
      const text = figuresJson(results);
      if (text === null) return false;
      const body = await zip(text, { level: 1 });
      const row = { stamp, year, body, created_at: clock.now().toISOString() };
      await db.transaction().execute(async (tx) => {
        await tx
          .deleteFrom('computed_figures')
          .where('organisation_id', '=', organisationId)
          .where('stamp', '<>', stamp)
          .execute();
        await tx
          .insertInto('computed_figures')
          .values({ organisation_id: organisationId, key, ...row })
          .onConflict((oc) => oc.columns(['organisation_id', 'key']).doUpdateSet(row))
          .execute();
      });
      return true;
    },
  };
}
