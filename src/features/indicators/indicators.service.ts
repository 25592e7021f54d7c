/**
 * Indicators for an organisation and year: the current records of every dataset (see datasets/current.ts),
 * limited to the part of the organisation a person may see, handed to the pure engine with the
 * organisation's settings, local metrics and recorded answers (WDES 9b, stored with the narratives).
 * Results are cached per set of dataset versions and everything else they depend on, so a new import (a new
 * version) or a newly saved answer is picked up at once and nothing is computed twice for the same data:
 * in this process (the last few), and in the database for every process (figures.repository.ts), so what
 * the background preparer, another server or `parity compute` computed is read, not computed again.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../storage/database.js';
import type { Clock } from '../../shared/clock.js';
import { codeFingerprint } from '../../shared/code-fingerprint.js';
import { invalidInput, notFound } from '../../shared/errors.js';
import { LruCache, PromiseCache } from '../../shared/lru.js';
import {
  computeIndicators,
  financialYearOf,
  validateLocalMetric,
  ENGINE_SETTINGS,
  type Datasets,
  type Dimension,
  type IndicatorResults,
  type RecordedAnswer,
  SharedEvaluation,
  withChanges,
  type WorkforceRecord,
} from '../../engine/index.js';
import { PATH_SEPARATOR, type Organisation } from '../organisations/organisation.js';
import { DATASET_IDS, ENGINE_DATASET, type DatasetId } from '../../ingest/schemas/index.js';
import { auditRepository, type Actor } from '../audit/audit.js';
import { currentVersions, recordsOfVersions } from '../datasets/current.js';
import { datasetsRepository, type DatasetVersion } from '../datasets/datasets.repository.js';
import { RECORDED_INDICATOR } from '../narratives/narrative.js';
import { narrativesRepository } from '../narratives/narratives.repository.js';
import { recordedOf } from '../narratives/narratives.service.js';
import { figuresRepository } from './figures.repository.js';
import { metricsRepository } from './metrics.repository.js';

/** The loaded datasets the engine reads, each with the engine dataset it feeds. */
const ENGINE_DATASETS = DATASET_IDS.flatMap((id) => {
  const name = ENGINE_DATASET[id];
  return name === null ? [] : [[id, name] as const];
});

/** Everything, or the units (as "Care group > Directorate" paths) a person's role is limited to. */
export type DataScope = 'all' | readonly string[];

const CACHE_SIZE = 64;
/** Loaded records kept per organisation and data version (the largest objects: a few are enough). */
const RECORDS_CACHE_SIZE = 4;
/** Scopes' records kept per data version: lists of the records above, not copies of them. */
const SCOPES_CACHE_SIZE = 16;

/** What a computation may add to the national figures of a year. */
export interface ComputeOptions {
  /** Answers to use instead of the stored ones (by default the organisation's saved WDES 9b answer). */
  recorded?: { WDES9b?: RecordedAnswer };
  /**
   * Breakdown tables added to every indicator that can be broken down (e.g. ["careGroup"]); a list of
   * dimensions is one table crossing them (["directorate", "sex"]).
   */
  breakdown?: (Dimension | Dimension[])[];
  /** Only these indicator ids (national and local). */
  only?: string[];
  /** Compare with the year before (the default); false computes the year alone. */
  previous?: boolean;
}

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
 * Limits datasets to part of an organisation. Staff in post: the records in the units. Records that name
 * their own unit (an application's vacancy, a case, an incident): by that unit. Records that only name a
 * person (training, appraisals, movements, pay): by the unit the person was in at the record's date (their
 * latest snapshot on or before it, else their first), so someone who moved between care groups counts
 * where they were at the time. Interview panel members: by the post's unit (`panelMembersIn`). Staff
 * survey results that name a unit (a unit's figures, a respondent's unit): by that unit. Trust-level data
 * with no unit (board, staff survey results without units) is left out: it describes the whole trust, not
 * the part.
 */
export function limitToUnits(datasets: Datasets, paths: readonly string[]): Datasets {
  // Records holding the same unit share one path (columnar.ts): each is tested once.
  const tested = new Map<readonly string[], boolean>();
  const within = (unitPath: readonly string[] | undefined): boolean => {
    if (!unitPath) return false;
    let inside = tested.get(unitPath);
    if (inside === undefined) tested.set(unitPath, (inside = inScope(unitPath, paths)));
    return inside;
  };
  const snapshots = new Map<string, { date: string; inside: boolean }[]>();
  for (const r of datasets.workforce ?? []) {
    const list = snapshots.get(r.personId) ?? [];
    list.push({ date: r.snapshotDate, inside: within(r.unitPath) });
    snapshots.set(r.personId, list);
  }
  for (const list of snapshots.values())
    list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const personInside = (personId: string | null | undefined, date: unknown): boolean => {
    const list = personId ? snapshots.get(personId) : undefined;
    if (!list || list.length === 0) return false;
    let found = list[0]!;
    if (typeof date === 'string') for (const s of list) if (s.date <= date) found = s;
    return found.inside;
  };
  const keep = <T extends Unitised>(list: readonly T[] | undefined, dateField: string): T[] =>
    (list ?? []).filter((r) =>
      r.unitPath && r.unitPath.length > 0
        ? within(r.unitPath)
        : personInside(r.personId, (r as unknown as Record<string, unknown>)[dateField]),
    );
  return {
    workforce: (datasets.workforce ?? []).filter((r) => within(r.unitPath)),
    recruitment: keep(datasets.recruitment, 'applicationDate'),
    cases: keep(datasets.cases, 'startDate'),
    learning: keep(datasets.learning, 'startDate'),
    appraisals: keep(datasets.appraisals, 'date'),
    movements: keep(datasets.movements, 'date'),
    pay: keep(datasets.pay, 'snapshotDate'),
    incidents: keep(datasets.incidents, 'date'),
    panelMembers: panelMembersIn(datasets, within),
    board: [],
    surveyAggregates: (datasets.surveyAggregates ?? []).filter((r) => within(r.unitPath)),
    surveyResponses: (datasets.surveyResponses ?? []).filter((r) => within(r.unitPath)),
  };
}

/**
 * Panel members by the unit of the post the panel interviewed for: the row's own, else the vacancy's in
 * the recruitment data. Never by the member's own unit: an independent member comes from elsewhere. For
 * the same reason a member's ethnicity is read from the whole organisation's workforce before it is
 * limited (their record at the end of the interview's financial year, as the engine reads it), so a
 * panel counts the same in a care group's view as in the organisation's.
 */
function panelMembersIn(
  datasets: Datasets,
  within: (unitPath: readonly string[] | undefined) => boolean,
): Datasets['panelMembers'] {
  const members = datasets.panelMembers ?? [];
  if (members.length === 0) return [];
  const vacancies = new Map<string, readonly string[]>();
  for (const r of datasets.recruitment ?? [])
    if (r.vacancyId !== null && r.unitPath.length > 0 && !vacancies.has(r.vacancyId))
      vacancies.set(r.vacancyId, r.unitPath);
  const kept = members.filter((m) => within(m.unitPath.length > 0 ? m.unitPath : vacancies.get(m.vacancyId)));
  const wanted = new Set(
    kept.flatMap((m) => (m.ethnicity === null && m.personId !== null ? [m.personId] : [])),
  );
  const records = new Map<string, WorkforceRecord[]>();
  for (const r of datasets.workforce ?? [])
    if (wanted.has(r.personId)) records.set(r.personId, [...(records.get(r.personId) ?? []), r]);
  return kept.map((m) => {
    if (m.ethnicity !== null || m.personId === null) return m;
    const yearEnd = `${financialYearOf(m.interviewDate).startYear + 1}-03-31`;
    let found: WorkforceRecord | null = null;
    for (const r of records.get(m.personId) ?? [])
      if (r.snapshotDate <= yearEnd && (found === null || r.snapshotDate > found.snapshotDate)) found = r;
    return found === null ? m : { ...m, ethnicity: found.ethnicity };
  });
}

/** The current versions of every dataset the engine reads, newest first. */
type CurrentVersions = Map<DatasetId, DatasetVersion[]>;

/** What one computation of an organisation's figures reads, besides the year. */
interface Inputs {
  org: Organisation;
  scope: DataScope;
  /** The options that shape the figures (breakdown, only), without the comparison and the answers. */
  rest: Omit<ComputeOptions, 'previous' | 'recorded'>;
  version: string;
  /** The current versions `version` names, so the records read are those of exactly that version. */
  current: CurrentVersions;
  settings: Awaited<ReturnType<ReturnType<typeof metricsRepository>['settings']>>;
  stored: Awaited<ReturnType<ReturnType<typeof metricsRepository>['list']>>;
  recorded: { WDES9b?: RecordedAnswer };
}

export function indicatorsService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const datasets = datasetsRepository(db);
  const metrics = metricsRepository(db);
  const narratives = narrativesRepository(db);
  const figures = figuresRepository(db, clock);
  const cache = new LruCache<string, IndicatorResults>(CACHE_SIZE);
  const records = new PromiseCache<Datasets>(RECORDS_CACHE_SIZE);
  const perDataset = new PromiseCache<unknown[]>(RECORDS_CACHE_SIZE * ENGINE_DATASETS.length);
  const perVersion = new PromiseCache<readonly unknown[]>(RECORDS_CACHE_SIZE * ENGINE_DATASETS.length);
  /** One version's records, decoded once: a version's records never change (a deletion ends the version). */
  const readVersion = (versionId: string) =>
    perVersion.get(versionId, () => datasets.readRecords<unknown>(versionId));

  /** The current versions of every dataset the engine reads, newest first (one query). */
  async function currentOf(org: Organisation): Promise<CurrentVersions> {
    const versions = await datasets.listVersions(org.id);
    return new Map(
      ENGINE_DATASETS.map(([id]) => [
        id,
        currentVersions(
          id,
          versions.filter((x) => x.dataset === id),
        ),
      ]),
    );
  }

  /**
   * The current versions, and a text naming them (the data version): it changes with every import and
   * every deletion, so anything computed from the data is cached under it. The records are then read from
   * the same versions (`load`), so they are never those of a newer import kept under an older key.
   */
  async function dataVersion(org: Organisation): Promise<{ version: string; current: CurrentVersions }> {
    const current = await currentOf(org);
    const ids: string[] = [];
    for (const list of current.values()) for (const v of list) ids.push(v.id);
    return { version: ids.sort().join(','), current };
  }

  /**
   * The current records of every engine dataset. Each dataset's are kept under its own current versions,
   * and each version's records under the version, so an import makes only its own new versions be read
   * (re-loading the 2024 staff in post decodes that file's records: the 2023 snapshot, the cases, the
   * survey and the rest are as they were read).
   */
  async function read(org: Organisation, current: CurrentVersions): Promise<Datasets> {
    const out: Record<string, unknown[]> = {};
    for (const [id, list] of current) {
      const key = `${org.id}#${id}#${list.map((v) => v.id).join(',')}`;
      out[ENGINE_DATASET[id]!] = await perDataset.get(key, () =>
        recordsOfVersions(datasets, org.id, id, list, readVersion),
      );
    }
    return out;
  }

  /**
   * The current records, read once per data version (a new import changes the version, so the key): from
   * `current`, the versions the key was made of, when the caller has them.
   */
  function load(org: Organisation, version: string, current?: CurrentVersions): Promise<Datasets> {
    return records.get(`${org.id}#${version}`, async () => read(org, current ?? (await currentOf(org))));
  }

  /**
   * The records of a scope: limited once per set of records (a data version) and scope, the last few kept,
   * since a page, a ledger and a report ask for the same units' records again and again.
   */
  const limited = new WeakMap<Datasets, LruCache<string, Datasets>>();
  function scoped(all: Datasets, scope: DataScope): Datasets {
    if (scope === 'all') return all;
    let byScope = limited.get(all);
    if (!byScope) limited.set(all, (byScope = new LruCache(SCOPES_CACHE_SIZE)));
    const key = [...scope].sort().join('|');
    let found = byScope.get(key);
    if (!found) byScope.set(key, (found = limitToUnits(all, scope)));
    return found;
  }

  /** The cache key of a year's figures computed alone: everything they are computed from. */
  function keyOf(i: Inputs, year: number): string {
    const part = [year, i.scope === 'all' ? '*' : [...i.scope].sort().join('|'), JSON.stringify(i.rest)];
    return [i.org.id, ...part, ...dataOf(i)].join('#');
  }

  /** What an organisation's figures are computed from, whatever the year, part and options. */
  const dataOf = (i: Inputs) => [
    i.version,
    JSON.stringify(i.settings),
    JSON.stringify(i.stored),
    JSON.stringify(i.recorded),
  ];

  /**
   * A year's figures computed alone (no comparison): from this process's cache, else kept in the database
   * by any process running the same code on the same data, else computed and kept.
   */
  async function alone(
    i: Inputs,
    year: number,
    shared?: (datasets: Datasets) => SharedEvaluation,
  ): Promise<IndicatorResults> {
    const key = keyOf(i, year);
    const hit = cache.get(key);
    if (hit) return hit;
    const code = await codeFingerprint();
    const hashed = (parts: readonly unknown[]) =>
      createHash('sha256').update(parts.join('#')).digest('base64url');
    const entry = { key: hashed([code, key]), stamp: hashed([code, i.org.id, ...dataOf(i)]), year };
    const kept = await figures.read(i.org.id, entry.key);
    if (kept) {
      cache.set(key, kept);
      return kept;
    }
    const datasets = scoped(await load(i.org, i.version, i.current), i.scope);
    const results = computeIndicators({
      organisation: { code: i.org.odsCode, name: i.org.name },
      year,
      datasets,
      ...(shared ? { shared: shared(datasets) } : {}),
      settings: i.settings,
      localMetrics: i.stored.map((m) => m.definition),
      recorded: i.recorded,
      ...(i.rest.breakdown ? { breakdown: i.rest.breakdown } : {}),
      ...(i.rest.only ? { only: i.rest.only } : {}),
      previous: null,
    });
    cache.set(key, results);
    await figures.write(i.org.id, entry, results);
    return results;
  }

  /**
   * One evaluation of the records shared by the years computed with it: the first set of records it is
   * given makes it, and any other set (another scope) replaces it.
   */
  function sharing(): (datasets: Datasets) => SharedEvaluation {
    let shared: SharedEvaluation | null = null;
    return (datasets) => (shared?.data === datasets ? shared : (shared = new SharedEvaluation(datasets)));
  }

  /** A year compared with the year before (unless `options.previous` is false): see `compute`. */
  async function compared(
    org: Organisation,
    year: number,
    scope: DataScope,
    options: ComputeOptions,
    share: (datasets: Datasets) => SharedEvaluation,
  ): Promise<IndicatorResults> {
    const [stored, settings, data, answered] = await Promise.all([
      metrics.list(org.id),
      metrics.settings(org.id),
      dataVersion(org),
      options.recorded ? null : narratives.find(org.id, year, RECORDED_INDICATOR),
    ]);
    // WDES 9b is the trust's answer, not a figure of any part of it: every scope reports the same one.
    const recorded = options.recorded ?? recordedOf(answered);
    const rest = { ...options };
    delete rest.previous;
    delete rest.recorded;
    const inputs: Inputs = { org, scope, rest, ...data, settings, stored, recorded };
    const own = await alone(inputs, year, share);
    if (options.previous === false || own.periodProblem !== null) return own;
    const key = `${keyOf(inputs, year)}#compared`;
    const hit = cache.get(key);
    if (hit) return hit;
    const results = withChanges(own, await alone(inputs, year - 1, share));
    cache.set(key, results);
    return results;
  }

  return {
    /** Reporting years with a staff-in-post snapshot at 31 March, newest first. */
    async years(org: Organisation): Promise<number[]> {
      const versions = await datasets.listVersions(org.id, { dataset: 'workforce' });
      const years = new Set<number>();
      for (const v of versions) if (v.asAtDate?.endsWith('-03-31')) years.add(Number(v.asAtDate.slice(0, 4)));
      return [...years].sort((a, b) => b - a);
    },

    /** The current records of every engine dataset, limited to a scope (read once per data version). */
    async datasets(org: Organisation, scope: DataScope, version?: string): Promise<Datasets> {
      if (version !== undefined) return scoped(await load(org, version), scope);
      const data = await dataVersion(org);
      return scoped(await load(org, data.version, data.current), scope);
    },

    /**
     * The year's figures for a scope. Compared with the year before (the default), they are the year's
     * own figures and the year before's, each computed alone and kept, put together (`withChanges`): a
     * year is computed once per data version whether it is asked for itself or as the next year's
     * previous. The year before is computed with this year's recorded answers, as the engine compares.
     */
    compute: (org: Organisation, year: number, scope: DataScope, options: ComputeOptions = {}) =>
      compared(org, year, scope, options, sharing()),

    /**
     * Several years' figures for a scope, each compared with its year before, as `compute` gives them one
     * by one; the years computed share the work on their records (an import's `ready` asks for the newest
     * year and the year before, so three years are computed: each year's observations are mostly made by
     * the next year's two-year windows already).
     */
    async computeYears(
      org: Organisation,
      years: readonly number[],
      scope: DataScope,
    ): Promise<IndicatorResults[]> {
      const share = sharing();
      const out: IndicatorResults[] = [];
      for (const year of years) out.push(await compared(org, year, scope, {}, share));
      return out;
    },

    localMetrics: (org: Organisation) => metrics.list(org.id),

    /**
     * A text naming the version of every answer the organisation has recorded (WDES 9b, any year): it
     * changes with every save, so anything cached from computed results can be keyed by it.
     */
    async recordedVersion(org: Organisation): Promise<string> {
      const versions = await narratives.recordedVersions(org.id);
      return versions.map((v) => `${v.year}:${v.version}`).join(',');
    },

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
      // Missing here, like any other object named in a path: it may be another organisation's metric.
      if (!before) throw notFound(`There is no local metric ${id}`);
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
