import type { ReadOptions } from './types.js';

/** Default ceilings. They bound memory and time for any input, hostile or not. */
export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;
export const DEFAULT_MAX_ROWS = 2_000_000;
export const DEFAULT_MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024;
export const DEFAULT_MAX_COMPRESSION_RATIO = 200;

/** A real workbook has a few dozen parts; ten thousand is already absurd. */
export const MAX_ARCHIVE_ENTRIES = 10_000;

/**
 * Entries smaller than this are never refused for their compression ratio: a small part full of
 * repeated bytes (printer settings, empty styles) compresses very well and cannot hurt anyone.
 */
export const RATIO_CHECK_FLOOR_BYTES = 1024 * 1024;

/** How much of a file is looked at to recognise it and to find the CSV delimiter. */
export const HEAD_BYTES = 64 * 1024;

/**
 * Longest CSV record and longest XLSX cell accepted. Without a cap an unterminated quote would make the
 * rest of a 250 MB file one value held in memory; with it, the mistake is reported after 1 MB.
 */
export const MAX_RECORD_CHARS = 1_000_000;
export const MAX_CELL_CHARS = 1_000_000;

/** Excel's last column (XFD). A cell reference beyond it is damage, and would allocate a huge row. */
export const MAX_COLUMNS = 16_384;

export interface Limits {
  maxBytes: number;
  maxRows: number;
  sheet: string | undefined;
  onProgress: ((bytesRead: number, totalBytes: number) => void) | undefined;
  maxUncompressedBytes: number;
  maxCompressionRatio: number;
}

/** Fills in the defaults once, so that every reader sees the same numbers. */
export function resolveLimits(options: ReadOptions = {}): Limits {
  return {
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    maxRows: options.maxRows ?? DEFAULT_MAX_ROWS,
    sheet: options.sheet,
    onProgress: options.onProgress,
    maxUncompressedBytes: options.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED_BYTES,
    maxCompressionRatio: options.maxCompressionRatio ?? DEFAULT_MAX_COMPRESSION_RATIO,
  };
}
