import { stat } from 'node:fs/promises';
import path from 'node:path';
import { openCsv } from './csv.js';
import { HEAD_BYTES, resolveLimits } from './limits.js';
import * as messages from './messages.js';
import { isSystemError } from './read-error.js';
import { sniff } from './sniff.js';
import { readHead, type ByteSource } from './source.js';
import type { FileProblem, OpenResult, ReadOptions } from './types.js';
import { openXlsx } from './xlsx.js';

export type TableInput = { path: string; fileName?: string } | { buffer: Buffer; fileName: string };

/**
 * Opens a CSV or XLSX file as rows of cells, or says plainly why it cannot. The size is checked before
 * anything is read, then the content is recognised from its first bytes (never from the extension:
 * people rename files and systems mislabel exports), then CSV or XLSX checks run. A problem with the
 * file is a `{ ok: false, problem }` answer, never an exception; exceptions are left for bugs.
 *
 * For CSV, opening reads the file once to decide its encoding (see encoding.ts); for XLSX it reads the
 * archive's directory and the workbook's list of sheets. Rows are only read when `rows()` is iterated.
 */
export async function openTable(input: TableInput, options?: ReadOptions): Promise<OpenResult> {
  const limits = resolveLimits(options);
  const located = await locate(input);
  if ('problem' in located) return { ok: false, problem: located.problem };
  const source = located.source;
  const { fileName, sizeBytes } = source;
  if (sizeBytes > limits.maxBytes) return fail(messages.tooLarge(fileName, sizeBytes, limits.maxBytes));
  try {
    const head = await readHead(source, HEAD_BYTES);
    const sniffed = sniff(head, fileName, head.length >= sizeBytes);
    if (sniffed.kind === 'problem') return fail(sniffed.problem);
    return sniffed.kind === 'zip' ? await openXlsx(source, limits) : await openCsv(source, head, limits);
  } catch (error) {
    if (isSystemError(error)) return fail(ioProblem(error, fileName));
    throw error;
  }
}

const fail = (problem: FileProblem): OpenResult => ({ ok: false, problem });

async function locate(input: TableInput): Promise<{ source: ByteSource } | { problem: FileProblem }> {
  if ('buffer' in input) {
    const { buffer, fileName } = input;
    return { source: { kind: 'buffer', buffer, fileName, sizeBytes: buffer.length } };
  }
  const fileName = input.fileName ?? path.basename(input.path);
  try {
    const stats = await stat(input.path);
    if (!stats.isFile()) return { problem: messages.notAFile(fileName) };
    return {
      source: { kind: 'path', path: input.path, fileName, sizeBytes: stats.size, mtimeMs: stats.mtimeMs },
    };
  } catch (error) {
    if (isSystemError(error)) return { problem: ioProblem(error, fileName) };
    throw error;
  }
}

function ioProblem(error: NodeJS.ErrnoException, fileName: string): FileProblem {
  switch (error.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return messages.notFound(fileName);
    case 'EISDIR':
      return messages.notAFile(fileName);
    case 'EACCES':
    case 'EPERM':
      return messages.cannotRead(fileName, 'permission denied');
    case 'EBUSY':
      return messages.cannotRead(fileName, 'it is locked by another program');
    default:
      return messages.cannotRead(fileName, error.code ?? error.message);
  }
}
