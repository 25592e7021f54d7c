/**
 * Which stored records are current. Every import is a version and nothing is overwritten, so "the data" for
 * an organisation is worked out from its active versions:
 * - snapshots (workforce, pay, board): for each snapshot date, the newest version for that date;
 * - events (applications, cases, training...): each version covers the dates from its first to its last
 *   record; a record counts unless a newer version covers its date (so a re-exported year replaces the old
 *   one, and years loaded separately add up);
 * - survey results: for each survey year, the newest version;
 * - reference data: every active version, newest first.
 */
import { DATASETS, type DatasetId } from '../../ingest/schemas/index.js';
import type { DatasetVersion, DatasetsRepository } from './datasets.repository.js';

type Dated = Record<string, unknown>;

/** The date a record of an event dataset is placed by. */
export const EVENT_DATE: Partial<Record<DatasetId, string>> = {
  recruitment: 'applicationDate',
  cases: 'startDate',
  learning: 'startDate',
  appraisals: 'date',
  movements: 'date',
  incidents: 'date',
  panels: 'interviewDate',
};

function newestPer<K>(versions: readonly DatasetVersion[], key: (v: DatasetVersion) => K): DatasetVersion[] {
  const seen = new Set<K>();
  const out: DatasetVersion[] = [];
  for (const v of versions) {
    const k = key(v);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}

/** Active versions newest first -> the versions whose records (some or all) are current. */
export function currentVersions(dataset: DatasetId, versions: readonly DatasetVersion[]): DatasetVersion[] {
  const active = versions.filter((v) => v.status === 'active');
  switch (DATASETS[dataset].kind) {
    case 'snapshot':
      return newestPer(active, (v) => v.asAtDate);
    case 'survey':
      return newestPer(active, (v) => v.surveyYear);
    default:
      return active;
  }
}

/** True when a version's period overlaps a newer one's, so that some of its records are not current. */
function overlapping(newestFirst: readonly DatasetVersion[]): boolean {
  return newestFirst.some(
    (v, i) =>
      v.periodStart !== null &&
      v.periodEnd !== null &&
      newestFirst
        .slice(0, i)
        .some(
          (n) =>
            n.periodStart !== null &&
            n.periodEnd !== null &&
            v.periodStart! <= n.periodEnd &&
            n.periodStart <= v.periodEnd!,
        ),
  );
}

/**
 * Records of event versions (newest first), each record left out when a newer version covers its date.
 */
async function resolveEvents<T>(
  readVersion: (versionId: string) => Promise<readonly unknown[]>,
  versions: readonly DatasetVersion[],
  dateKey: string,
): Promise<T[]> {
  const out: T[] = [];
  const covered: { start: string; end: string }[] = [];
  for (const v of versions) {
    const records = (await readVersion(v.id)) as readonly T[];
    if (v.periodStart && v.periodEnd) {
      for (const r of records) {
        const d = (r as Dated)[dateKey];
        if (typeof d === 'string' && covered.some((c) => d >= c.start && d <= c.end)) continue;
        out.push(r);
      }
      covered.push({ start: v.periodStart, end: v.periodEnd });
    } else for (const r of records) out.push(r);
  }
  return out;
}

/**
 * The current records of one dataset of an organisation (see the module comment for the rules). When every
 * current version's records count whole, they are read and put together; when an event dataset's versions
 * overlap, the records are resolved once per set of versions and stored (datasets.repository.ts), so later
 * reads, in this process or another, decode that one set instead of every version.
 */
export async function currentRecords<T = Dated>(
  repo: DatasetsRepository,
  organisationId: string,
  dataset: DatasetId,
): Promise<T[]> {
  const versions = currentVersions(dataset, await repo.listVersions(organisationId, { dataset }));
  return recordsOfVersions<T>(repo, organisationId, dataset, versions);
}

/**
 * The records of a dataset's current versions (`currentVersions`, newest first), put together as
 * `currentRecords` does, for a caller that has listed the versions already. `readVersion` reads one
 * version's records (a caller may keep them: a version's records never change).
 */
export async function recordsOfVersions<T = Dated>(
  repo: DatasetsRepository,
  organisationId: string,
  dataset: DatasetId,
  versions: readonly DatasetVersion[],
  readVersion: (versionId: string) => Promise<readonly unknown[]> = (id) => repo.readRecords(id),
): Promise<T[]> {
  const dateKey = EVENT_DATE[dataset];
  if (!dateKey || !overlapping(versions)) {
    const out: T[] = [];
    for (const v of versions) for (const r of await readVersion(v.id)) out.push(r as T);
    return out;
  }
  const ids = versions.map((v) => v.id);
  const stored = await repo.readResolved<T>(organisationId, dataset, ids.join(','));
  if (stored) return stored;
  const records = await resolveEvents<T>(readVersion, versions, dateKey);
  await repo.saveResolved(organisationId, dataset, ids, records);
  return records;
}

/** Pseudonyms of everyone in any current workforce snapshot (to link, or report, other datasets' people). */
export async function knownPersons(repo: DatasetsRepository, organisationId: string): Promise<Set<string>> {
  const people = new Set<string>();
  for (const r of await currentRecords<{ personId: string }>(repo, organisationId, 'workforce'))
    people.add(r.personId);
  return people;
}
