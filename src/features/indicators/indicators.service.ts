/**
 * Indicators for an organisation and year: the current records of every dataset (see datasets/current.ts),
 * limited to the part of the organisation a person may see, handed to the pure engine with the
 * organisation's settings and local metrics. Results are cached per set of dataset versions, so a new
 * import (a new version) is picked up at once and nothing is computed twice for the same data.
 */
import type { Db } from '../../storage/database.js';
import type { Clock } from '../../shared/clock.js';
import { invalidInput } from '../../shared/errors.js';
import {
  computeIndicators,
  validateLocalMetric,
  ENGINE_SETTINGS,
  type Datasets,
  type IndicatorResults,
  type RecordedAnswer,
} from '../../engine/index.js';
import { PATH_SEPARATOR, type Organisation } from '../organisations/organisation.js';
import type { DatasetId } from '../../ingest/schemas/index.js';
import { auditRepository, type Actor } from '../audit/audit.js';
import { currentRecords, currentVersions } from '../datasets/current.js';
import { datasetsRepository } from '../datasets/datasets.repository.js';
import { metricsRepository } from './metrics.repository.js';

/** Which engine dataset each stored dataset feeds. */
const ENGINE_DATASETS: Partial<Record<DatasetId, keyof Datasets>> = {
  workforce: 'workforce',
  recruitment: 'recruitment',
  cases: 'cases',
  learning: 'learning',
  appraisals: 'appraisals',
  movements: 'movements',
  pay: 'pay',
  board: 'board',
  incidents: 'incidents',
  survey_aggregate: 'surveyAggregates',
  survey_responses: 'surveyResponses',
};

/** Everything, or the units (as "Care group > Directorate" paths) a person's role is limited to. */
export type DataScope = 'all' | readonly string[];

const CACHE_SIZE = 64;

interface Unitised {
  unitPath?: readonly string[];
  personId?: string | null;
}

const inScope = (unitPath: readonly string[] | undefined, paths: readonly string[]): boolean => {
  if (!unitPath || unitPath.length === 0) return false;
  const path = unitPath.join(PATH_SEPARATOR);
  return paths.some((p) => path === p || path.startsWith(`${p}${PATH_SEPARATOR}`));
};

/**
 * Limits datasets to part of an organisation: staff in the units, and the records of those staff (or of
 * those units). Trust-level data with no unit (board, staff survey results) is left out: it describes the
 * whole trust, not the part.
 */
export function limitToUnits(datasets: Datasets, paths: readonly string[]): Datasets {
  const people = new Set<string>();
  for (const r of datasets.workforce ?? []) if (inScope(r.unitPath, paths)) people.add(r.personId);
  const keep = <T extends Unitised>(list: readonly T[] | undefined): T[] =>
    (list ?? []).filter(
      (r) =>
        inScope(r.unitPath, paths) ||
        (r.personId !== undefined && r.personId !== null && people.has(r.personId)),
    );
  return {
    workforce: keep(datasets.workforce),
    recruitment: keep(datasets.recruitment),
    cases: keep(datasets.cases),
    learning: keep(datasets.learning),
    appraisals: keep(datasets.appraisals),
    movements: keep(datasets.movements),
    pay: keep(datasets.pay),
    incidents: keep(datasets.incidents),
    board: [],
    surveyAggregates: [],
    surveyResponses: [],
  };
}

export function indicatorsService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const datasets = datasetsRepository(db);
  const metrics = metricsRepository(db);
  const cache = new Map<string, IndicatorResults>();

  async function versionKey(org: Organisation): Promise<string> {
    const versions = await datasets.listVersions(org.id);
    const ids: string[] = [];
    for (const id of Object.keys(ENGINE_DATASETS) as DatasetId[])
      for (const v of currentVersions(
        id,
        versions.filter((x) => x.dataset === id),
      ))
        ids.push(v.id);
    return ids.sort().join(',');
  }

  async function load(org: Organisation): Promise<Datasets> {
    const out: Record<string, unknown[]> = {};
    for (const [id, name] of Object.entries(ENGINE_DATASETS) as [DatasetId, keyof Datasets][])
      out[name] = await currentRecords(datasets, org.id, id);
    return out;
  }

  return {
    /** Reporting years with a staff-in-post snapshot at 31 March, newest first. */
    async years(org: Organisation): Promise<number[]> {
      const versions = await datasets.listVersions(org.id, { dataset: 'workforce' });
      const years = new Set<number>();
      for (const v of versions) if (v.asAtDate?.endsWith('-03-31')) years.add(Number(v.asAtDate.slice(0, 4)));
      return [...years].sort((a, b) => b - a);
    },

    async compute(
      org: Organisation,
      year: number,
      scope: DataScope,
      options: { recorded?: { WDES9b?: RecordedAnswer } } = {},
    ): Promise<IndicatorResults> {
      const [stored, settings] = await Promise.all([metrics.list(org.id), metrics.settings(org.id)]);
      const key = [
        org.id,
        year,
        scope === 'all' ? '*' : [...scope].sort().join('|'),
        await versionKey(org),
        JSON.stringify(settings),
        JSON.stringify(stored),
        JSON.stringify(options),
      ].join('#');
      const hit = cache.get(key);
      if (hit) {
        cache.delete(key);
        cache.set(key, hit);
        return hit;
      }
      const all = await load(org);
      const results = computeIndicators({
        organisation: { code: org.odsCode, name: org.name },
        year,
        datasets: scope === 'all' ? all : limitToUnits(all, scope),
        settings,
        localMetrics: stored.map((m) => m.definition),
        ...(options.recorded ? { recorded: options.recorded } : {}),
        previous: 'compute',
      });
      cache.set(key, results);
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
      return results;
    },

    localMetrics: (org: Organisation) => metrics.list(org.id),

    /** Validates and saves a local metric definition (JSON); every problem is listed with its path. */
    async saveLocalMetric(actor: Actor, org: Organisation, json: unknown): Promise<string> {
      const checked = validateLocalMetric(json);
      if (!checked.ok)
        throw invalidInput(
          'The metric definition has problems',
          checked.problems.map((p) => ({ field: p.path, message: p.message })),
        );
      const id = checked.definition.id;
      const before = await metrics.find(org.id, id);
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        await metricsRepository(tx).save(org.id, id, checked.definition, now.toISOString(), actor.label);
        await auditRepository(tx).record(actor, now, {
          action: 'metric.save',
          organisationId: org.id,
          entityType: 'local_metric',
          entityId: id,
          summary: `${before ? 'Changed' : 'Added'} local metric ${id}: ${checked.definition.title}`,
          before: before?.definition,
          after: checked.definition,
        });
      });
      return id;
    },

    async deleteLocalMetric(actor: Actor, org: Organisation, id: string): Promise<void> {
      const before = await metrics.find(org.id, id);
      if (!before)
        throw invalidInput(`There is no local metric ${id}`, [
          { field: 'id', message: `No local metric has the id ${id}` },
        ]);
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        await metricsRepository(tx).remove(org.id, id);
        await auditRepository(tx).record(actor, now, {
          action: 'metric.delete',
          organisationId: org.id,
          entityType: 'local_metric',
          entityId: id,
          summary: `Deleted local metric ${id}`,
          before: before.definition,
        });
      });
    },

    settingsOf: (org: Organisation) => metrics.settings(org.id),

    /** Overrides of named engine settings for the organisation; unknown ids and invalid values are refused. */
    async saveSettings(actor: Actor, org: Organisation, overrides: Record<string, unknown>): Promise<void> {
      const problems = Object.entries(overrides).flatMap(([id, value]) => {
        const def = (ENGINE_SETTINGS as Record<string, { validate(v: unknown): string[] } | undefined>)[id];
        return def
          ? def.validate(value).map((message) => ({ field: id, message }))
          : [{ field: id, message: 'is not a setting' }];
      });
      if (problems.length > 0) throw invalidInput('The settings have problems', problems);
      const before = await metrics.settings(org.id);
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        await metricsRepository(tx).saveSettings(org.id, overrides, now.toISOString(), actor.label);
        await auditRepository(tx).record(actor, now, {
          action: 'settings.save',
          organisationId: org.id,
          entityType: 'organisation',
          entityId: org.id,
          summary: 'Changed indicator settings',
          before,
          after: overrides,
        });
      });
    },
  };
}

export type IndicatorsService = ReturnType<typeof indicatorsService>;
