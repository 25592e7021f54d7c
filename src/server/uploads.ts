/**
 * File uploads, received only where a route asks for them and only from someone allowed to send them.
 *
 * A multipart body is never parsed by default: every other route refuses it unread (415). An upload route
 * declares `config.upload`; by the time its body is read, the session and the route's access have been
 * checked (onRequest), and the form token must be the form's first field (the page puts it first, so a
 * browser sends it first) or the X-CSRF-Token header: nothing of a file is read before the token is
 * valid. Files are streamed to a private temporary folder with a size limit, never held in memory, and
 * removed when the answer has been sent.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { ParityError } from '../shared/errors.js';
import { CSRF_FIELD } from './csrf.js';

export interface UploadLimits {
  /** The form field that carries the files. */
  field: string;
  maxFiles: number;
  maxFileBytes: number;
}

export interface ReceivedFile {
  fileName: string;
  /** Where the file waits for the length of the request. */
  path: string;
  size: number;
}

export interface ReceivedUpload {
  fields: Record<string, string>;
  files: ReceivedFile[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on the routes that take files; any other route refuses a multipart body. */
    upload?: UploadLimits;
  }
  interface FastifyRequest {
    /** The received form of an upload route, set before its handler runs. */
    upload: ReceivedUpload | null;
    /** The request's temporary folder, removed once the answer is sent. */
    uploadDir: string | null;
  }
}

const MAX_FIELDS = 50;
const MAX_FIELD_BYTES = 64 * 1024;

export const csrfRefusal = (): ParityError =>
  new ParityError(
    'CSRF',
    'This form has expired or did not come from Parity. Go back, reload the page and try again.',
  );

/**
 * Reads an upload route's form. `tokenValid` checks the form token; `headerTokenValid` says whether the
 * request already carried a valid token in its header.
 */
export async function receiveUpload(
  request: FastifyRequest,
  limits: UploadLimits,
  tokenValid: (token: string) => boolean,
  headerTokenValid: boolean,
): Promise<ReceivedUpload> {
  const dir = await mkdtemp(path.join(tmpdir(), 'parity-upload-'));
  request.uploadDir = dir;
  const fields: Record<string, string> = {};
  const files: ReceivedFile[] = [];
  let trusted = headerTokenValid;
  const parts = request.parts({
    limits: {
      fileSize: limits.maxFileBytes,
      files: limits.maxFiles,
      fields: MAX_FIELDS,
      parts: limits.maxFiles + MAX_FIELDS,
      fieldSize: MAX_FIELD_BYTES,
    },
  });
  for await (const part of parts) {
    if (!trusted) {
      // The first part must be the form token: nothing else is read from an unproven sender.
      if (part.type !== 'field' || part.fieldname !== CSRF_FIELD || !tokenValid(String(part.value)))
        throw csrfRefusal();
      trusted = true;
      continue;
    }
    if (part.type === 'field') {
      if (!(part.fieldname in fields)) fields[part.fieldname] = String(part.value);
      continue;
    }
    if (part.fieldname !== limits.field || part.filename === '') {
      // An empty file input, or a file where none is expected: drained, not kept.
      part.file.resume();
      continue;
    }
    // Over the size limit the stream fails (413, "The upload is too large") and the rest of the body is
    // never read.
    const target = path.join(dir, `${files.length}`);
    await pipeline(part.file, createWriteStream(target, { flags: 'wx', mode: 0o600 }));
    const name = part.filename.split(/[\\/]/).pop()!.slice(0, 300);
    files.push({ fileName: name, path: target, size: (await stat(target)).size });
  }
  if (!trusted) throw csrfRefusal();
  return { fields, files };
}

export async function removeUploadDir(request: FastifyRequest): Promise<void> {
  if (request.uploadDir) await rm(request.uploadDir, { recursive: true, force: true });
  request.uploadDir = null;
}
