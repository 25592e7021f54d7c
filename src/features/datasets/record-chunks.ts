/**
 * Records as they are stored: `CHUNK_SIZE` records a chunk, each chunk an Apache Arrow IPC stream of the
 * records' columns (columnar.ts). Chunks stored before the columns were introduced hold gzipped JSON (their
 * `format` is null); they are still read. The datasets repository loads this module when it first writes
 * or reads records, so that a command reading only kept figures does not load Arrow.
 */
import { gunzipSync } from 'node:zlib';
import { decodeColumns, encodeColumns } from './columnar.js';

export { decodeColumns, encodeColumns };

export const CHUNK_SIZE = 5_000;

/** The stored form of new chunks (null in older rows: gzipped JSON). */
export const RECORDS_FORMAT = 'arrow';

export interface RecordChunk {
  count: number;
  payload: Buffer;
  /** How the payload is encoded, as stored with it. */
  format: typeof RECORDS_FORMAT;
}

export const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export function encodeRecordChunks(records: readonly unknown[]): RecordChunk[] {
  const chunks: RecordChunk[] = [];
  for (let i = 0; i < records.length; i += CHUNK_SIZE) {
    const slice = records.slice(i, i + CHUNK_SIZE);
    chunks.push({ count: slice.length, payload: asBuffer(encodeColumns(slice)), format: RECORDS_FORMAT });
  }
  return chunks;
}

/** Appends the records of one stored chunk to `out`, whichever form it was stored in. */
export function decodeChunk(payload: Uint8Array, format: string | null, out: unknown[]): void {
  if (format === RECORDS_FORMAT) decodeColumns(payload, out);
  else for (const r of JSON.parse(gunzipSync(payload).toString('utf8')) as unknown[]) out.push(r);
}
