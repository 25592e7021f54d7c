import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { MAX_ARCHIVE_ENTRIES, RATIO_CHECK_FLOOR_BYTES, type Limits } from './limits.js';
import * as messages from './messages.js';
import { isSystemError } from './read-error.js';
import type { ByteSource } from './source.js';
import type { FileProblem } from './types.js';

/**
 * The only door into a ZIP container. Bomb protection comes first, from the central directory and
 * before a single byte is inflated: too many entries, an entry or a total declaring more than
 * `maxUncompressedBytes`, or an entry compressed more than `maxCompressionRatio` times are refused.
 * Declared sizes can lie, so every entry is then inflated by yauzl with `validateEntrySizes`, which
 * stops the stream as soon as it produces more bytes than declared: nothing can expand past the limits.
 * Entries are found through the central directory and read at their recorded offsets, so parts hidden
 * between local headers (which a streaming unzipper would read) are never seen.
 */
export interface Archive {
  /** The entry with this name, compared without case as OPC part names are. */
  entry(name: string): Entry | undefined;
  /** Names of every file entry, in archive order. */
  readonly names: readonly string[];
  /** An entry's inflated bytes. The stream errors if the entry holds more or less than it declares. */
  open(entry: Entry): Promise<Readable>;
  close(): void;
}

export type ArchiveResult = { ok: true; archive: Archive } | { ok: false; problem: FileProblem };

const OPTIONS = {
  lazyEntries: true,
  autoClose: false,
  validateEntrySizes: true,
  decodeStrings: true,
  strictFileNames: false,
} as const;

/** Opens and checks an archive; the caller must `close()` it. */
export async function openArchive(source: ByteSource, limits: Limits): Promise<ArchiveResult> {
  const { fileName } = source;
  let zip: ZipFile;
  try {
    zip =
      source.kind === 'buffer'
        ? await yauzl.fromBufferPromise(source.buffer, OPTIONS)
        : await yauzl.openPromise(source.path, OPTIONS);
  } catch (error) {
    const problem = isSystemError(error)
      ? messages.cannotRead(fileName, error.code ?? error.message)
      : messages.damagedWorkbook(fileName, reason(error));
    return { ok: false, problem };
  }
  const fail = (problem: FileProblem): ArchiveResult => {
    zip.close();
    return { ok: false, problem };
  };
  if (zip.entryCount > MAX_ARCHIVE_ENTRIES) {
    return fail(messages.tooManyEntries(fileName, zip.entryCount, MAX_ARCHIVE_ENTRIES));
  }
  const entries = new Map<string, Entry>();
  const names: string[] = [];
  let total = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      const declared = entry.uncompressedSize;
      total += declared;
      if (declared > limits.maxUncompressedBytes) {
        return fail(messages.expandsTooMuch(fileName, entry.fileName, declared, limits.maxUncompressedBytes));
      }
      if (total > limits.maxUncompressedBytes) {
        return fail(messages.expandsTooMuch(fileName, entry.fileName, declared, limits.maxUncompressedBytes));
      }
      const ratio = declared / Math.max(1, entry.compressedSize);
      if (declared > RATIO_CHECK_FLOOR_BYTES && ratio > limits.maxCompressionRatio) {
        return fail(messages.compressionRatio(fileName, entry.fileName, ratio, limits.maxCompressionRatio));
      }
      if (entry.isEncrypted()) return fail(messages.encryptedArchive(fileName));
      const key = entry.fileName.toLowerCase();
      if (!entries.has(key)) {
        entries.set(key, entry);
        names.push(entry.fileName);
      }
    }
  } catch (error) {
    const text = reason(error);
    return fail(
      /^(absolute path|invalid relative path|invalid characters)/.test(text)
        ? messages.unsafeName(fileName, text.replace(/^[^:]*:\s*/, ''))
        : messages.damagedWorkbook(fileName, text),
    );
  }
  // eachEntry() removes its listeners when done; a late error from yauzl must not crash the process
  // (reads report their own errors through their streams).
  zip.on('error', () => {});
  return {
    ok: true,
    archive: {
      names,
      entry: (name) => entries.get(name.toLowerCase()),
      open: (entry) => zip.openReadStreamPromise(entry),
      close: () => zip.close(),
    },
  };
}

/** yauzl's and zlib's messages are technical but short; they go in brackets after the plain words. */
export function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** yauzl's wording when an entry inflates to more, or fewer, bytes than it declares. */
export function isSizeMismatch(error: unknown): boolean {
  return /too many bytes in the stream|not enough bytes in the stream/.test(reason(error));
}
