/**
 * Loading data for an organisation. Files are read and checked first, outside any transaction; if any file
 * has an error nothing is saved. Otherwise every file becomes a new version, with its records, its audit
 * event, the units its organisation paths name, and the column mapping it used, all in one transaction: a
 * failure, a full disk or a killed process leaves the previous state exactly as it was.
 */
import type { Db } from '../../storage/database.js';
import type { Clock } from '../../shared/clock.js';
import { notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { loadFile, peekDataset, type LoadInput, type LoadResult } from '../../ingest/load.js';
import type { SavedMapping } from '../../ingest/mapping.js';
import { createPseudonymiser } from '../../ingest/pseudonymise.js';
import type { ReadOptions } from '../../ingest/readers/types.js';
import { DATASETS, type DatasetId } from '../../ingest/schemas/index.js';
import { auditRepository, type Actor } from '../audit/audit.js';
import type { Organisation } from '../organisations/organisation.js';
import { ensureUnitPaths } from '../organisations/organisations.service.js';
import { datasetsRepository, type DatasetVersion } from './datasets.repository.js';
import { knownPersons } from './current.js';

export interface ImportFile {
  input: LoadInput;
  dataset?: DatasetId;
  asAtDate?: string | null;
  /** A mapping the user edited; otherwise the organisation's saved mapping for the dataset is used. */
  mapping?: SavedMapping;
}

export interface ImportOutcome {
  /** True when every file was clean and all were saved. */
  saved: boolean;
  results: LoadResult[];
  versions: DatasetVersion[];
}

export interface ImportOptions {
  read?: ReadOptions;
  /** Called once the files are checked and clean, just before the saving transaction starts. */
  onSaving?: (records: number) => void;
  /** Runs inside the saving transaction (the web preview removes its staged files there). */
  alsoInTransaction?: (tx: Db) => Promise<void>;
}

export interface DatasetsSettings {
  pseudonymisationKey: string;
  uploadMaxMegabytes: number;
}

export function datasetsService(deps: { db: Db; clock: Clock; settings: DatasetsSettings }) {
  const { db, clock } = deps;
  const pseudonymise = createPseudonymiser(deps.settings.pseudonymisationKey);
  const repo = datasetsRepository(db);

  /** Reads and checks every file; workforce files first, so the other files can link to their people. */
  async function check(
    org: Organisation,
    files: readonly ImportFile[],
    read: ReadOptions = {},
  ): Promise<LoadResult[]> {
    const people = await knownPersons(repo, org.id);
    const kinds = await Promise.all(files.map(async (f) => f.dataset ?? (await peekDataset(f.input))));
    const order = files
      .map((f, i) => ({ f, i }))
      .sort((a, b) => Number(kinds[b.i] === 'workforce') - Number(kinds[a.i] === 'workforce'));
    const results: LoadResult[] = new Array<LoadResult>(files.length);
    for (const { f, i } of order) {
      const mapping =
        f.mapping ?? (f.dataset ? ((await repo.getMapping(org.id, f.dataset)) ?? undefined) : undefined);
      const result = await loadFile(f.input, {
        ...(f.dataset ? { dataset: f.dataset } : {}),
        asAtDate: f.asAtDate ?? null,
        ...(mapping ? { mapping } : {}),
        organisationName: org.name,
        knownPersons: people,
        pseudonymise,
        read: { maxBytes: deps.settings.uploadMaxMegabytes * 1024 * 1024, ...read },
      });
      if (result.dataset === 'workforce')
        for (const r of result.records as { personId: string }[]) people.add(r.personId);
      results[i] = result;
    }
    return results;
  }

  return {
    check,

    /**
     * Checks and, when every file is clean, saves them. `alsoInTransaction` runs inside the same transaction
     * (the web preview uses it to remove its staged files, so a second confirmation cannot load them again).
     */
    async importFiles(
      actor: Actor,
      org: Organisation,
      files: readonly ImportFile[],
      options: ImportOptions = {},
    ): Promise<ImportOutcome> {
      const { alsoInTransaction } = options;
      const results = await check(org, files, options.read);
      if (results.some((r) => !r.ok || r.dataset === null)) return { saved: false, results, versions: [] };
      const now = clock.now();
      const versions: DatasetVersion[] = results.map((r) => ({
        id: newId(),
        organisationId: org.id,
        dataset: r.dataset!,
        status: 'active',
        fileName: r.file.name,
        fileSha256: r.file.sha256,
        fileSize: r.file.sizeBytes,
        fileKind: r.file.kind ?? 'csv',
        sheet: r.file.sheet,
        mapping: {
          preset: r.mapping?.preset?.id ?? null,
          columns: (r.mapping?.columns ?? []).map((c) => ({ field: c.field, header: c.header, via: c.via })),
        },
        asAtDate: r.asAtDate,
        periodStart: r.period?.start ?? null,
        periodEnd: r.period?.end ?? null,
        surveyYear: r.surveyYear,
        rowCount: r.rowCount,
        recordCount: r.records.length,
        errorCount: r.issues.errors,
        warningCount: r.issues.warnings,
        issues: r.issues,
        quality: r.quality,
        createdAt: now.toISOString(),
        createdByUserId: actor.userId,
        createdByLabel: actor.label,
        deletedAt: null,
        deletedByLabel: null,
      }));
      options.onSaving?.(versions.reduce((n, v) => n + v.recordCount, 0));
      await db.transaction().execute(async (tx) => {
        if (alsoInTransaction) await alsoInTransaction(tx);
        const txRepo = datasetsRepository(tx);
        const audit = auditRepository(tx);
        for (const [i, version] of versions.entries()) {
          const result = results[i]!;
          await txRepo.insertVersion(version);
          await txRepo.insertRecords(version.id, result.records);
          const paths = new Map<string, string[]>();
          for (const r of result.records as { unitPath?: string[] }[])
            if (r.unitPath && r.unitPath.length > 0) paths.set(r.unitPath.join('\u0000'), r.unitPath);
          if (paths.size > 0) await ensureUnitPaths(tx, actor, org, [...paths.values()], now);
          const mapping = Object.fromEntries(
            version.mapping.columns
              .filter((c) => !c.field.startsWith('answer:'))
              .map((c) => [c.field, c.header]),
          );
          await txRepo.saveMapping(org.id, version.dataset, mapping, now.toISOString(), actor.label);
          await audit.record(actor, now, {
            action: 'dataset.import',
            organisationId: org.id,
            entityType: 'dataset_version',
            entityId: version.id,
            summary: `Loaded ${version.recordCount} ${DATASETS[version.dataset].title.toLowerCase()} record(s) from ${version.fileName}${version.asAtDate ? ` (as at ${version.asAtDate})` : ''}`,
            after: {
              dataset: version.dataset,
              file: version.fileName,
              sha256: version.fileSha256,
              rows: version.rowCount,
              records: version.recordCount,
              warnings: version.warningCount,
              asAtDate: version.asAtDate,
              period: version.periodStart ? [version.periodStart, version.periodEnd] : null,
            },
          });
        }
      });
      return { saved: true, results, versions };
    },

    async versions(org: Organisation, includeDeleted = true): Promise<DatasetVersion[]> {
      return repo.listVersions(org.id, { includeDeleted });
    },

    async version(org: Organisation, id: string): Promise<DatasetVersion> {
      const version = await repo.findVersion(id);
      if (!version || version.organisationId !== org.id) throw notFound('That loaded file does not exist');
      return version;
    },

    /** Deletes a version's records; the version stays listed as deleted, with who and when. */
    async deleteVersion(actor: Actor, org: Organisation, id: string): Promise<void> {
      const version = await repo.findVersion(id);
      if (!version || version.organisationId !== org.id || version.status === 'deleted')
        throw notFound('That loaded file does not exist');
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        await datasetsRepository(tx).deleteVersion(id, now.toISOString(), actor.label);
        await auditRepository(tx).record(actor, now, {
          action: 'dataset.delete',
          organisationId: org.id,
          entityType: 'dataset_version',
          entityId: id,
          summary: `Deleted ${version.recordCount} ${DATASETS[version.dataset].title.toLowerCase()} record(s) loaded from ${version.fileName} on ${version.createdAt.slice(0, 10)}`,
          before: {
            dataset: version.dataset,
            file: version.fileName,
            sha256: version.fileSha256,
            records: version.recordCount,
            loadedBy: version.createdByLabel,
          },
        });
      });
    },
  };
}

export type DatasetsService = ReturnType<typeof datasetsService>;
