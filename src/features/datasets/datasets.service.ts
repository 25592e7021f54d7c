/**
 * Loading data for an organisation. Files are read and checked first, outside any transaction; if any file
 * has an error nothing is saved. Otherwise every file becomes a new version, with its records, its audit
 * event, the units its organisation paths name, and the column mapping it used, all in one transaction: a
 * failure, a full disk or a killed process leaves the previous state exactly as it was.
 */
import type { Db } from '../../storage/database.js';
import type { Clock } from '../../shared/clock.js';
import { conflict, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { createSealer } from '../../shared/sealing.js';
import { runWorker } from '../../shared/workers.js';
import type { ReadOptions } from '../../ingest/readers/types.js';
import { DATASETS, type DatasetId } from '../../ingest/schemas/index.js';
import { auditRepository, type Actor } from '../audit/audit.js';
import { PATH_SEPARATOR, type Organisation } from '../organisations/organisation.js';
import { organisationsRepository } from '../organisations/organisations.repository.js';
import { ensureUnitPaths } from '../organisations/organisations.service.js';
import type { CheckJob } from './check.worker.js';
import {
  checkFiles,
  type CheckContext,
  type CheckedFile,
  type CheckOutcome,
  type ImportFile,
  type PreparedRecords,
} from './checking.js';
import { datasetsRepository, type DatasetVersion } from './datasets.repository.js';
import { currentRecords, knownPersons } from './current.js';
import type { ExportFormat } from './export-formats.js';
import { stagingRepository, type StagedFile } from './staging.js';

export type { CheckedFile, ImportFile } from './checking.js';

export interface ImportOutcome {
  /** True when every file was clean and all were saved. */
  saved: boolean;
  results: CheckedFile[];
  versions: DatasetVersion[];
}

export interface CheckOptions {
  read?: ReadOptions;
  /**
   * Read the files in a worker thread (the web server: a large file must not stop it answering others).
   * The command line reads in its own thread, where it can report progress.
   */
  inWorker?: boolean;
}

export interface ImportOptions extends CheckOptions {
  /** Called once the files are checked and clean, just before the saving transaction starts. */
  onSaving?: (records: number) => void;
  /** Runs inside the saving transaction (the web preview removes its staged files there). */
  alsoInTransaction?: (tx: Db) => Promise<void>;
}

export interface DatasetsSettings {
  pseudonymisationKey: string;
  uploadMaxMegabytes: number;
}

const CHECK_WORKER = new URL(
  `./check.worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`,
  import.meta.url,
);

export function datasetsService(deps: { db: Db; clock: Clock; settings: DatasetsSettings }) {
  const { db, clock } = deps;
  const repo = datasetsRepository(db);
  const sealer = createSealer(deps.settings.pseudonymisationKey, 'staged-uploads');
  const staging = stagingRepository(db, sealer);

  async function run(
    org: Organisation,
    files: readonly ImportFile[],
    options: CheckOptions,
    prepare: boolean,
  ): Promise<CheckOutcome> {
    const savedMappings: CheckContext['savedMappings'] = {};
    for (const dataset of new Set(files.flatMap((f) => (f.dataset && !f.mapping ? [f.dataset] : []))))
      savedMappings[dataset] = (await repo.getMapping(org.id, dataset)) ?? undefined;
    const read: ReadOptions = { maxBytes: deps.settings.uploadMaxMegabytes * 1024 * 1024, ...options.read };
    const context: CheckContext = {
      organisationName: org.name,
      knownPersons: [...(await knownPersons(repo, org.id))],
      units: (await organisationsRepository(db).unitsOf(org.id)).map((u) => u.path.split(PATH_SEPARATOR)),
      savedMappings,
      pseudonymisationKey: deps.settings.pseudonymisationKey,
      read,
      prepare,
    };
    if (!options.inWorker) return checkFiles(files, context);
    // A progress callback cannot cross into the worker.
    const portable: ReadOptions = { ...read };
    delete portable.onProgress;
    const job: CheckJob = { files: [...files], context: { ...context, read: portable } };
    const outcome = await runWorker<CheckOutcome>(CHECK_WORKER, job);
    // Bytes come back as plain Uint8Arrays; the database drivers bind Buffers.
    for (const p of outcome.prepared)
      if (p)
        p.chunks = p.chunks.map((c) => ({
          ...c,
          payload: Buffer.from(c.payload.buffer, c.payload.byteOffset, c.payload.byteLength),
        }));
    return outcome;
  }

  const service = {
    /** Reads and checks every file; nothing is saved. */
    async check(
      org: Organisation,
      files: readonly ImportFile[],
      options: CheckOptions = {},
    ): Promise<CheckedFile[]> {
      return (await run(org, files, options, false)).files;
    },

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
      const { files: results, prepared } = await run(org, files, options, true);
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
        recordCount: r.recordCount,
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
          const records: PreparedRecords = prepared[i]!;
          await txRepo.insertVersion(version);
          await txRepo.insertRecordChunks(version.id, records.chunks);
          if (records.unitPaths.length > 0) await ensureUnitPaths(tx, actor, org, records.unitPaths, now);
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

    /**
     * The current records of a dataset (those the indicators are computed from) as a Parquet or Arrow file.
     * Record-level data leaving Parity: the export is written to the audit trail.
     */
    async exportRecords(
      actor: Actor,
      org: Organisation,
      dataset: DatasetId,
      format: ExportFormat,
    ): Promise<{ file: Uint8Array; records: number }> {
      const records = await currentRecords(repo, org.id, dataset);
      if (records.length === 0)
        throw notFound(`No ${DATASETS[dataset].title.toLowerCase()} records are loaded for ${org.name}`);
      const { recordsFile } = await import('./export.js');
      const file = recordsFile(records, format);
      await auditRepository(db).record(actor, clock.now(), {
        action: 'dataset.export',
        organisationId: org.id,
        entityType: 'organisation',
        entityId: org.id,
        summary: `Exported ${records.length} current ${DATASETS[dataset].title.toLowerCase()} record(s) as ${format === 'parquet' ? 'Parquet' : 'Arrow'}`,
        after: { dataset, format, records: records.length, bytes: file.byteLength },
      });
      return { file, records: records.length };
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

  return {
    ...service,

    /** Web uploads waiting between the preview and the load, sealed with the installation's key. */
    uploads: staging,

    /**
     * Loads a staged upload with the choices made in the preview. Its staged files are removed in the
     * saving transaction, so a second confirmation of the same upload cannot load them again.
     */
    async importStaged(
      actor: Actor,
      org: Organisation,
      batch: string,
      files: readonly StagedFile[],
      options: CheckOptions = {},
    ): Promise<ImportOutcome> {
      const contents = await staging.contents(files);
      return service.importFiles(
        actor,
        org,
        files.map((f, i) => ({ input: { buffer: contents[i]!, fileName: f.fileName }, ...f.choices })),
        {
          ...options,
          alsoInTransaction: async (tx) => {
            const removed = await stagingRepository(tx, sealer).discard(batch);
            if (removed !== files.length)
              throw conflict('These files were loaded by another request a moment ago.');
          },
        },
      );
    },
  };
}

export type DatasetsService = ReturnType<typeof datasetsService>;
