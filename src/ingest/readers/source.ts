import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';

/**
 * Where a file's bytes come from: a path on disk, read in chunks and never whole, or a buffer the caller
 * already holds (an upload). Every reader goes through these few functions, so neither kind is ever
 * copied into one big string.
 */
export type ByteSource =
  | { kind: 'path'; path: string; fileName: string; sizeBytes: number; mtimeMs: number }
  | { kind: 'buffer'; buffer: Buffer; fileName: string; sizeBytes: number };

const CHUNK_BYTES = 64 * 1024;

/** The first `length` bytes (fewer if the file is shorter), to recognise the format. */
export async function readHead(source: ByteSource, length: number): Promise<Buffer> {
  if (source.kind === 'buffer') return source.buffer.subarray(0, length);
  const handle = await open(source.path, 'r');
  try {
    const head = Buffer.alloc(Math.min(length, source.sizeBytes));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** A fresh stream of the whole file in chunks of at most 64 KiB; buffers are sliced, not copied. */
export function byteStream(source: ByteSource): Readable {
  if (source.kind === 'path') return createReadStream(source.path, { highWaterMark: CHUNK_BYTES });
  const { buffer } = source;
  return Readable.from(
    (function* chunks() {
      for (let offset = 0; offset < buffer.length; offset += CHUNK_BYTES) {
        yield buffer.subarray(offset, offset + CHUNK_BYTES);
      }
    })(),
  );
}

/**
 * False when a file on disk has been replaced or rewritten since it was checked: the encoding and the
 * archive limits were decided on the old bytes, so reading the new ones would skip those checks.
 */
export async function isUnchanged(source: ByteSource): Promise<boolean> {
  if (source.kind === 'buffer') return true;
  try {
    const now = await stat(source.path);
    return now.size === source.sizeBytes && now.mtimeMs === source.mtimeMs;
  } catch {
    return false;
  }
}
