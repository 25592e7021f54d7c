import { isUtf8 } from 'node:buffer';
import { Transform } from 'node:stream';
import { isBlank } from './sniff.js';
import { byteStream, type ByteSource } from './source.js';

/**
 * How CSV bytes become text. Excel saves "CSV UTF-8" (with a byte order mark) and plain "CSV", which is
 * Windows-1252 on British Windows; ESR and most NHS systems produce one of the two. The decision is made
 * on the whole file, in a first pass that only validates UTF-8 (simdutf, gigabytes a second, nothing
 * kept): deciding from a sample would misread a Windows-1252 file whose first '£' or 'é' comes after the
 * sample, and failing part-way through would refuse a perfectly good file.
 */
export type TextEncoding = 'utf-8' | 'windows-1252';

export type EncodingVerdict =
  | { ok: true; encoding: TextEncoding; blank: boolean }
  /** The file starts with a UTF-8 byte order mark but holds bytes that are not UTF-8 on `line`. */
  | { ok: false; line: number };

const BOM = [0xef, 0xbb, 0xbf];
const hasBom = (bytes: Buffer): boolean => BOM.every((b, i) => bytes[i] === b);

/**
 * The length of the prefix of `bytes` that ends on a whole character: a multi-byte sequence cut by the
 * end of a chunk is held back for the next one.
 */
function completeLength(bytes: Buffer): number {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 3); i--) {
    const byte = bytes[i]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    if (byte < 0xc0) return bytes.length; // ASCII: nothing is cut
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return bytes.length - i < needed ? i : bytes.length;
  }
  return bytes.length;
}

/** Validates UTF-8 chunk by chunk, carrying a cut character over to the next chunk. */
export class Utf8Checker {
  private carry: Buffer = Buffer.alloc(0);
  private valid = true;

  /** False once any invalid sequence has been seen. */
  push(chunk: Buffer): boolean {
    if (!this.valid) return false;
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const end = completeLength(bytes);
    this.valid = isUtf8(bytes.subarray(0, end));
    this.carry = Buffer.from(bytes.subarray(end));
    return this.valid;
  }

  /** False if the stream was invalid or stopped in the middle of a character. */
  end(): boolean {
    return this.valid && this.carry.length === 0;
  }
}

/** Reads the file once: is it UTF-8, and is there anything in it but blanks? */
export async function decideEncoding(source: ByteSource): Promise<EncodingVerdict> {
  const checker = new Utf8Checker();
  let first = true;
  let bom = false;
  let blank = true;
  let utf8 = true;
  const stream = byteStream(source);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (first) bom = hasBom(chunk);
      if (blank) blank = isBlank(chunk, first && bom ? 3 : 0);
      first = false;
      utf8 = checker.push(chunk);
      if (!utf8 && !blank) break; // Windows-1252, and not empty: nothing more to learn
    }
  } finally {
    stream.destroy();
  }
  utf8 = utf8 && checker.end();
  if (utf8) return { ok: true, encoding: 'utf-8', blank };
  if (bom) return { ok: false, line: await firstInvalidLine(source) };
  return { ok: true, encoding: 'windows-1252', blank };
}

/** Counts line breaks the way the CSV reader does: CR LF, a lone CR and a lone LF are one break each. */
class BreakCounter {
  breaks = 0;
  private afterCr = false;

  add(bytes: Uint8Array): void {
    for (const byte of bytes) {
      if (byte === 0x0d) this.breaks++;
      else if (byte === 0x0a && !this.afterCr) this.breaks++;
      this.afterCr = byte === 0x0d;
    }
  }
}

/** Only used to word an error: finds the line of the first byte that is not UTF-8. */
async function firstInvalidLine(source: ByteSource): Promise<number> {
  const counter = new BreakCounter();
  let carry = Buffer.alloc(0);
  const stream = byteStream(source);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const bytes = Buffer.concat([carry, chunk]);
      const whole = bytes.subarray(0, completeLength(bytes));
      if (!isUtf8(whole)) {
        const validPrefix = (n: number): boolean => {
          const prefix = whole.subarray(0, n);
          return isUtf8(prefix.subarray(0, completeLength(prefix)));
        };
        let good = 0;
        let bad = whole.length;
        while (bad - good > 1) {
          const middle = Math.floor((good + bad) / 2);
          if (validPrefix(middle)) good = middle;
          else bad = middle;
        }
        counter.add(whole.subarray(0, good));
        return counter.breaks + 1;
      }
      counter.add(whole);
      carry = Buffer.from(bytes.subarray(whole.length));
    }
  } finally {
    stream.destroy();
  }
  return counter.breaks + 1; // only a cut final character
}

/** Raised by the transcoder when the bytes no longer match the encoding decided on opening. */
export class EncodingChangedError extends Error {
  constructor() {
    super('the file is no longer valid UTF-8');
    this.name = 'EncodingChangedError';
  }
}

/**
 * Turns file bytes into UTF-8 bytes for csv-parse, counting them for progress. UTF-8 passes through
 * untouched (and is checked again, in case the file changed since opening); Windows-1252 is decoded with
 * the WHATWG decoder (so 0x80-0x9F are '€', curly quotes and so on, not control characters).
 */
export function transcoder(encoding: TextEncoding, onBytes: (bytes: number) => void): Transform {
  if (encoding === 'utf-8') {
    const checker = new Utf8Checker();
    return new Transform({
      transform(chunk: Buffer, _encoding, done) {
        onBytes(chunk.length);
        if (checker.push(chunk)) done(null, chunk);
        else done(new EncodingChangedError());
      },
      flush(done) {
        done(checker.end() ? null : new EncodingChangedError());
      },
    });
  }
  const decoder = new TextDecoder('windows-1252');
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      onBytes(chunk.length);
      done(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
    },
  });
}

/** The head of the file as text, for delimiter detection; a character cut at the end is dropped. */
export function decodeSample(head: Buffer, encoding: TextEncoding): string {
  return new TextDecoder(encoding).decode(head, { stream: true });
}

/** The whole file as text, chunk by chunk; used only to locate a problem for its message. */
export async function* decodedText(source: ByteSource, encoding: TextEncoding): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  const stream = byteStream(source);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      yield decoder.decode(chunk, { stream: true });
    }
    yield decoder.decode();
  } finally {
    stream.destroy();
  }
}
