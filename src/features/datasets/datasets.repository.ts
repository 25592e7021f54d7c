/**
 * Stored dataset versions. A version's records are kept in chunks of Apache Arrow IPC (columns, see
 * columnar.ts): the engine always reads a version whole, and chunks make a 1.4-million-row import a few
 * hundred inserts instead of millions. Versions stored before the columns were introduced hold gzipped JSON
 * chunks (their `format` is null); they are still read, and `parity migrate` rewrites them as columns.
 *
 * When the current records of a dataset are worked out from several versions that overlap (an event
 * dataset re-exported: see current.ts), the result is stored once per set of versions in
 * `dataset_current_records`, so later reads decode one set of columns instead of every version.
 */
import type { Selectable } from 'kysely';
import type { Db } from '../../storage/database.js';
import type { DatasetVersionsTable } from '../../storage/schema.js';
import type { IssueReport } from '../../ingest/issues.js';
import type { DataQuality } from '../../ingest/quality.js';
import type { DatasetId } from '../../ingest/schemas/index.js';
import type * as RecordChunks from './record-chunks.js';
import { readOnce } from '../../shared/read-scope.js';

export type { RecordChunk } from './record-chunks.js';

/**
 * The encoding of records (Apache Arrow, in record-chunks.ts and columnar.ts), loaded when records are
 * first written or read: a command that reads only kept figures (`parity compute` after an import) never
 * loads it.
 */
let chunkCodec: Promise<typeof RecordChunks> | undefined;
const codec = (): Promise<typeof RecordChunks> => (chunkCodec ??= import('./record-chunks.js'));

export interface MappingUsed {
  preset: string | null;
  columns: { field: string; header: string; via: string }[];
}

export interface DatasetVersion {
  id: string;
  organisationId: string;
  dataset: DatasetId;
  status: 'active' | 'deleted';
  fileName: string;
  fileSha256: string;
  fileSize: number;
  fileKind: string;
  sheet: string | null;
  mapping: MappingUsed;
  asAtDate: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  surveyYear: number | null;
  rowCount: number;
  recordCount: number;
  errorCount: number;
  warningCount: number;
  issues: IssueReport;
  quality: DataQuality | null;
  createdAt: string;
  createdByUserId: string | null;
  createdByLabel: string;
  deletedAt: string | null;
  deletedByLabel: string | null;
}

function versionFromRow(row: Selectable<DatasetVersionsTable>): DatasetVersion {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    dataset: row.dataset as DatasetId,
    status: row.status === 'deleted' ? 'deleted' : 'active',
    fileName: row.file_name,
    fileSha256: row.file_sha256,
    fileSize: row.file_size,
    fileKind: row.file_kind,
    sheet: row.sheet,
    mapping: JSON.parse(row.mapping_json) as MappingUsed,
    asAtDate: row.as_at_date,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    surveyYear: row.survey_year,
    rowCount: row.row_count,
    recordCount: row.record_count,
    errorCount: row.error_count,
    warningCount: row.warning_count,
    issues: JSON.parse(row.issues_json) as IssueReport,
    quality: row.quality_json === null ? null : (JSON.parse(row.quality_json) as DataQuality),
    createdAt: row.created_at,
    createdByUserId: row.created_by_user_id,
    createdByLabel: row.created_by_label,
    deletedAt: row.deleted_at,
    deletedByLabel: row.deleted_by_label,
  };
}

export function datasetsRepository(db: Db) {
  async function insertRecordChunks(
    versionId: string,
    chunks: readonly RecordChunks.RecordChunk[],
  ): Promise<void> {
    for (const [chunk, c] of chunks.entries()) {
      await db
        .insertInto('dataset_record_chunks')
        .values({
          version_id: versionId,
          chunk_no: chunk,
          record_count: c.count,
          payload: c.payload,
          format: c.format,
        })
        .execute();
    }
  }

  return {
    async insertVersion(v: DatasetVersion): Promise<void> {
      await db
        .insertInto('dataset_versions')
        .values({
          id: v.id,
          organisation_id: v.organisationId,
          dataset: v.dataset,
          status: v.status,
          file_name: v.fileName.slice(0, 300),
          file_sha256: v.fileSha256,
          file_size: v.fileSize,
          file_kind: v.fileKind,
          // Excel stops sheet names at 31 characters, but a workbook can say anything; the column holds 200.
          sheet: v.sheet === null ? null : v.sheet.slice(0, 200),
          mapping_json: JSON.stringify(v.mapping),
          as_at_date: v.asAtDate,
          period_start: v.periodStart,
          period_end: v.periodEnd,
          survey_year: v.surveyYear,
          row_count: v.rowCount,
          record_count: v.recordCount,
          error_count: v.errorCount,
          warning_count: v.warningCount,
          issues_json: JSON.stringify(v.issues),
          quality_json: v.quality === null ? null : JSON.stringify(v.quality),
          created_at: v.createdAt,
          created_by_user_id: v.createdByUserId,
          created_by_label: v.createdByLabel,
          deleted_at: null,
          deleted_by_label: null,
        })
        .execute();
    },

    /** Writes the records in compressed chunks; call in the same transaction as `insertVersion`. */
    async insertRecords(versionId: string, records: readonly unknown[]): Promise<void> {
      const { encodeRecordChunks } = await codec();
      await insertRecordChunks(versionId, encodeRecordChunks(records));
    },

    /** Writes chunks made by `encodeRecordChunks` (possibly in a worker thread), in order. */
    insertRecordChunks,

    async readRecords<T>(versionId: string): Promise<T[]> {
      const chunks = await db
        .selectFrom('dataset_record_chunks')
        .select(['payload', 'format'])
        .where('version_id', '=', versionId)
        .orderBy('chunk_no')
        .execute();
      const { decodeChunk } = await codec();
      const out: unknown[] = [];
      for (const c of chunks) decodeChunk(c.payload, c.format, out);
      return out as T[];
    },

    /**
     * The stored current records of a dataset when they were resolved from exactly `versions` (the ids of
     * the current versions, newest first); null when they were not, or from another set of versions.
     */
    async readResolved<T>(organisationId: string, dataset: DatasetId, versions: string): Promise<T[] | null> {
      const row = await db
        .selectFrom('dataset_current_records')
        .select(['payload'])
        .where('organisation_id', '=', organisationId)
        .where('dataset', '=', dataset)
        .where('versions', '=', versions)
        .executeTakeFirst();
      if (!row) return null;
      const { decodeColumns } = await codec();
      return decodeColumns(row.payload) as T[];
    },

    /**
     * Keeps the current records resolved from `versions` (replacing those of any other set). Written only
     * while every one of those versions is still active, so records of a deleted version are not kept.
     */
    async saveResolved(
      organisationId: string,
      dataset: DatasetId,
      versions: readonly string[],
      records: readonly unknown[],
    ): Promise<void> {
      const { encodeColumns, asBuffer } = await codec();
      const payload = asBuffer(encodeColumns(records));
      const write = async (tx: Db): Promise<void> => {
        const active = await tx
          .selectFrom('dataset_versions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('id', 'in', versions)
          .where('status', '=', 'active')
          .executeTakeFirstOrThrow();
        if (Number(active.n) !== versions.length) return;
        const values = { versions: versions.join(','), record_count: records.length, payload };
        await tx
          .insertInto('dataset_current_records')
          .values({ organisation_id: organisationId, dataset, ...values })
          .onConflict((oc) => oc.columns(['organisation_id', 'dataset']).doUpdateSet(values))
          .execute();
      };
      await (db.isTransaction ? write(db) : db.transaction().execute(write));
    },

    /**
     * Rewrites every version still stored as gzipped JSON as columns, one version per transaction (a stop
     * part way leaves each version whole, in one form or the other). Returns how many were rewritten.
     */
    async convertStoredRecords(): Promise<number> {
      const legacy = await db
        .selectFrom('dataset_record_chunks')
        .select('version_id')
        .distinct()
        .where('format', 'is', null)
        .execute();
      const { decodeChunk, encodeRecordChunks } = await codec();
      for (const { version_id: id } of legacy)
        await db.transaction().execute(async (tx) => {
          const chunks = await tx
            .selectFrom('dataset_record_chunks')
            .select(['payload', 'format'])
            .where('version_id', '=', id)
            .orderBy('chunk_no')
            .execute();
          if (chunks.length === 0 || chunks.some((c) => c.format !== null)) return;
          const records: unknown[] = [];
          for (const c of chunks) decodeChunk(c.payload, c.format, records);
          await tx.deleteFrom('dataset_record_chunks').where('version_id', '=', id).execute();
          await datasetsRepository(tx).insertRecordChunks(id, encodeRecordChunks(records));
        });
      return legacy.length;
    },

    async findVersion(id: string): Promise<DatasetVersion | null> {
      const row = await db.selectFrom('dataset_versions').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? versionFromRow(row) : null;
    },

    /** Versions of an organisation, newest first. */
    listVersions(
      organisationId: string,
      filter: { dataset?: DatasetId; includeDeleted?: boolean } = {},
    ): Promise<DatasetVersion[]> {
      return readOnce(
        `datasets.listVersions:${organisationId}:${filter.dataset ?? '*'}:${filter.includeDeleted === true}`,
        async () => {
          let q = db.selectFrom('dataset_versions').selectAll().where('organisation_id', '=', organisationId);
          if (filter.dataset) q = q.where('dataset', '=', filter.dataset);
          if (!filter.includeDeleted) q = q.where('status', '=', 'active');
          const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
          return rows.map(versionFromRow);
        },
      );
    },

    /** Marks a version deleted and removes its records; the version row stays as the record of what happened. */
    async deleteVersion(id: string, at: string, byLabel: string): Promise<void> {
      await db.deleteFrom('dataset_record_chunks').where('version_id', '=', id).execute();
      // Resolved current records may hold some of this version's: they go with it.
      const version = await db
        .selectFrom('dataset_versions')
        .select(['organisation_id', 'dataset'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (version)
        await db
          .deleteFrom('dataset_current_records')
          .where('organisation_id', '=', version.organisation_id)
          .where('dataset', '=', version.dataset)
          .execute();
      await db
        .updateTable('dataset_versions')
        .set({ status: 'deleted', deleted_at: at, deleted_by_label: byLabel })
        .where('id', '=', id)
        .execute();
    },

    async getMapping(organisationId: string, dataset: DatasetId): Promise<Record<string, string> | null> {
      const row = await db
        .selectFrom('column_mappings')
        .select('mapping_json')
        .where('organisation_id', '=', organisationId)
        .where('dataset', '=', dataset)
        .executeTakeFirst();
      return row ? (JSON.parse(row.mapping_json) as Record<string, string>) : null;
    },

    async saveMapping(
      organisationId: string,
      dataset: DatasetId,
      mapping: Record<string, string>,
      at: string,
      byLabel: string,
    ): Promise<void> {
      const values = { mapping_json: JSON.stringify(mapping), updated_at: at, updated_by_label: byLabel };
      await db
        .insertInto('column_mappings')
        .values({ organisation_id: organisationId, dataset, ...values })
        .onConflict((oc) => oc.columns(['organisation_id', 'dataset']).doUpdateSet(values))
        .execute();
    },
  };
}

export type DatasetsRepository = ReturnType<typeof datasetsRepository>;
