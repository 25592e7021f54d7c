/**
 * Stored narratives: one row per organisation, reporting year and indicator. Rows are mapped to
 * `Narrative` here and nowhere else. An update names the version it started from and changes nothing when
 * the row has moved on (the caller turns that into a conflict), so two people editing the same narrative
 * never silently overwrite each other.
 */
import type { Selectable } from 'kysely';
import type { Db } from '../../storage/database.js';
import type { IndicatorNarrativesTable } from '../../storage/schema.js';
import { newId } from '../../shared/ids.js';
import { RECORDED_INDICATOR, type Narrative, type NarrativeAnswer } from './narrative.js';
import { readOnce } from '../../shared/read-scope.js';

export interface NarrativeFields {
  text: string;
  answer: NarrativeAnswer | null;
}

/** When and by whom a row was written. */
export interface Stamp {
  at: string;
  byLabel: string;
}

export function narrativeFromRow(r: Selectable<IndicatorNarrativesTable>): Narrative {
  return {
    indicator: r.indicator,
    year: r.year,
    text: r.narrative,
    answer: r.answer === 'yes' || r.answer === 'no' ? r.answer : null,
    version: r.version,
    updatedAt: r.updated_at,
    updatedByLabel: r.updated_by_label,
  };
}

export function narrativesRepository(db: Db) {
  return {
    async list(organisationId: string, year: number): Promise<Narrative[]> {
      const rows = await db
        .selectFrom('indicator_narratives')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('year', '=', year)
        .orderBy('indicator')
        .execute();
      return rows.map(narrativeFromRow);
    },

    find(organisationId: string, year: number, indicator: string): Promise<Narrative | null> {
      return readOnce(`narratives.find:${organisationId}:${year}:${indicator}`, async () => {
        const r = await db
          .selectFrom('indicator_narratives')
          .selectAll()
          .where('organisation_id', '=', organisationId)
          .where('year', '=', year)
          .where('indicator', '=', indicator)
          .executeTakeFirst();
        return r ? narrativeFromRow(r) : null;
      });
    },

    /** The first save of a narrative (version 1). Fails on the unique key if someone saved it first. */
    async insert(
      organisationId: string,
      year: number,
      indicator: string,
      f: NarrativeFields,
      stamp: Stamp,
    ): Promise<void> {
      await db
        .insertInto('indicator_narratives')
        .values({
          id: newId(),
          organisation_id: organisationId,
          year,
          indicator,
          narrative: f.text,
          answer: f.answer,
          version: 1,
          updated_at: stamp.at,
          updated_by_label: stamp.byLabel,
        })
        .execute();
    },

    /** Saves over `expectedVersion`; false (nothing written) when the row is no longer at that version. */
    async update(
      organisationId: string,
      year: number,
      indicator: string,
      expectedVersion: number,
      f: NarrativeFields,
      stamp: Stamp,
    ): Promise<boolean> {
      const result = await db
        .updateTable('indicator_narratives')
        .set({
          narrative: f.text,
          answer: f.answer,
          version: expectedVersion + 1,
          updated_at: stamp.at,
          updated_by_label: stamp.byLabel,
        })
        .where('organisation_id', '=', organisationId)
        .where('year', '=', year)
        .where('indicator', '=', indicator)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /**
     * The year and version of each recorded answer (WDES 9b) of the organisation: a light read that
     * names what the engine's results depend on besides the data, so caches can be keyed by it.
     */
    recordedVersions(organisationId: string): Promise<{ year: number; version: number }[]> {
      return readOnce(`narratives.recordedVersions:${organisationId}`, async () => {
        const rows = await db
          .selectFrom('indicator_narratives')
          .select(['year', 'version'])
          .where('organisation_id', '=', organisationId)
          .where('indicator', '=', RECORDED_INDICATOR)
          .orderBy('year')
          .execute();
        return rows.map((r) => ({ year: Number(r.year), version: Number(r.version) }));
      });
    },
  };
}
