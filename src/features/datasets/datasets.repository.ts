/**
 * Stored dataset versions. A version's records are kept as gzip-compressed JSON in chunks: the engine always
 * reads a version whole, and chunks make a 1.4-million-row import a few hundred inserts instead of millions.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Selectable } from 'kysely';
import type { Db } from '../../storage/database.js';
import type { DatasetVersionsTable } from '../../storage/schema.js';
import type { IssueReport } from '../../ingest/issues.js';
import type { DataQuality } from '../../ingest/quality.js';
import type { DatasetId } from '../../ingest/schemas/index.js';

export const CHUNK_SIZE = 5_000;

/** Records as they are stored: JSON arrays of `CHUNK_SIZE` records, gzipped. */
export interface RecordChunk {
  count: number;
  payload: Buffer;
}

export function encodeRecordChunks(records: readonly unknown[]): RecordChunk[] {
  const chunks: RecordChunk[] = [];
  for (let i = 0; i < records.length; i += CHUNK_SIZE) {
    const slice = records.slice(i, i + CHUNK_SIZE);
    chunks.push({ count: slice.length, payload: gzipSync(JSON.stringify(slice), { level: 6 }) });
  }
  return chunks;
}

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
  async function insertRecordChunks(versionId: string, chunks: readonly RecordChunk[]): Promise<void> {
    for (const [chunk, c] of chunks.entries()) {
      await db
        .insertInto('dataset_record_chunks')
        .values({ version_id: versionId, chunk_no: chunk, record_count: c.count, payload: c.payload })
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
      await insertRecordChunks(versionId, encodeRecordChunks(records));
    },

    /** Writes chunks made by `encodeRecordChunks` (possibly in a worker thread), in order. */
    insertRecordChunks,

    async readRecords<T>(versionId: string): Promise<T[]> {
      const chunks = await db
        .selectFrom('dataset_record_chunks')
        .select(['payload'])
        .where('version_id', '=', versionId)
        .orderBy('chunk_no')
        .execute();
      const out: T[] = [];
      for (const c of chunks)
        for (const r of JSON.parse(gunzipSync(c.payload).toString('utf8')) as T[]) out.push(r);
      return out;
    },

    async findVersion(id: string): Promise<DatasetVersion | null> {
      const row = await db.selectFrom('dataset_versions').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? versionFromRow(row) : null;
    },

    /** Versions of an organisation, newest first. */
    async listVersions(
      organisationId: string,
      filter: { dataset?: DatasetId; includeDeleted?: boolean } = {},
    ): Promise<DatasetVersion[]> {
      let q = db.selectFrom('dataset_versions').selectAll().where('organisation_id', '=', organisationId);
      if (filter.dataset) q = q.where('dataset', '=', filter.dataset);
      if (!filter.includeDeleted) q = q.where('status', '=', 'active');
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
      return rows.map(versionFromRow);
    },

    /** Marks a version deleted and removes its records; the version row stays as the record of what happened. */
    async deleteVersion(id: string, at: string, byLabel: string): Promise<void> {
      await db.deleteFrom('dataset_record_chunks').where('version_id', '=', id).execute();
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
