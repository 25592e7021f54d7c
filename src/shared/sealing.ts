/**
 * Sealing content kept only for a while (an uploaded file between its preview and its confirmation), so the
 * database never holds an upload's raw identifiers in the clear: AES-256-GCM under a key derived (HKDF) from
 * an installation secret and a purpose, with a fresh nonce for every seal. Anyone who copies the database
 * file or a backup without the configuration sees only ciphertext; a tampered or truncated blob fails to
 * open instead of being read.
 *
 * Large content is processed in slices, yielding between them, so a 100 MB upload does not hold the server's
 * event loop for the whole of it.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { ParityError } from './errors.js';

/** Format marker and version, so a future change of algorithm can still open what it finds. */
const MAGIC = Buffer.from('PSL1');
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const SLICE_BYTES = 4 * 1024 * 1024;

export interface Sealer {
  seal(content: Buffer): Promise<Buffer>;
  open(sealed: Uint8Array): Promise<Buffer>;
}

export function createSealer(secret: string, purpose: string): Sealer {
  const key = Buffer.from(hkdfSync('sha256', secret, 'parity-sealing', `parity:${purpose}`, 32));
  return {
    async seal(content) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(MAGIC);
      const parts: Buffer[] = [];
      for (let i = 0; i < content.length; i += SLICE_BYTES) {
        parts.push(cipher.update(content.subarray(i, i + SLICE_BYTES)));
        if (i + SLICE_BYTES < content.length) await yieldToEventLoop();
      }
      parts.push(cipher.final());
      return Buffer.concat([MAGIC, nonce, cipher.getAuthTag(), ...parts]);
    },

    async open(sealed) {
      const blob = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
      const head = MAGIC.length + NONCE_BYTES + TAG_BYTES;
      if (blob.length < head || !blob.subarray(0, MAGIC.length).equals(MAGIC))
        throw new ParityError('INVALID_INPUT', 'The kept file is not in the expected form. Upload it again.');
      const decipher = createDecipheriv(
        'aes-256-gcm',
        key,
        blob.subarray(MAGIC.length, MAGIC.length + NONCE_BYTES),
      );
      decipher.setAAD(MAGIC);
      decipher.setAuthTag(blob.subarray(MAGIC.length + NONCE_BYTES, head));
      const parts: Buffer[] = [];
      for (let i = head; i < blob.length; i += SLICE_BYTES) {
        parts.push(decipher.update(blob.subarray(i, i + SLICE_BYTES)));
        if (i + SLICE_BYTES < blob.length) await yieldToEventLoop();
      }
      try {
        parts.push(decipher.final());
      } catch {
        throw new ParityError(
          'INVALID_INPUT',
          'The kept file could not be opened: it was changed, or the installation key changed since it was uploaded. Upload it again.',
        );
      }
      return Buffer.concat(parts);
    },
  };
}
