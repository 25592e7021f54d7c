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

/** The current records of one dataset of an organisation (see the module comment for the rules). */
export async function currentRecords<T = Dated>(
  repo: DatasetsRepository,
  organisationId: string,
  dataset: DatasetId,
): Promise<T[]> {
  const versions = currentVersions(dataset, await repo.listVersions(organisationId, { dataset }));
  const dateKey = EVENT_DATE[dataset];
  const out: T[] = [];
  const covered: { start: string; end: string }[] = [];
  for (const v of versions) {
    const records = await repo.readRecords<T>(v.id);
    if (dateKey && v.periodStart && v.periodEnd) {
      for (const r of records) {
        const d = (r as Dated)[dateKey];
        if (typeof d === 'string' && covered.some((c) => d >= c.start && d <= c.end)) continue;
        out.push(r);
      }
      covered.push({ start: v.periodStart, end: v.periodEnd });
    } else out.push(...records);
  }
  return out;
}

/** Pseudonyms of everyone in any current workforce snapshot (to link, or report, other datasets' people). */
export async function knownPersons(repo: DatasetsRepository, organisationId: string): Promise<Set<string>> {
  const people = new Set<string>();
  for (const r of await currentRecords<{ personId: string }>(repo, organisationId, 'workforce'))
    people.add(r.personId);
  return people;
}
