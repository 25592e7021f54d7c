import * as messages from './messages.js';
import type { FileProblem } from './types.js';

/** What the first bytes say the file is. Extensions are never trusted: people rename files. */
export type Sniffed = { kind: 'zip' } | { kind: 'text' } | { kind: 'problem'; problem: FileProblem };

const startsWith = (head: Buffer, bytes: readonly number[], at = 0): boolean =>
  head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const ZIP_SPANNED = [0x50, 0x4b, 0x07, 0x08];
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Formats people pick by mistake, by signature. */
const SIGNATURES: readonly { bytes: number[]; at?: number; problem: (fileName: string) => FileProblem }[] = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], problem: messages.pdf }, // %PDF-
  { bytes: [0x89, 0x50, 0x4e, 0x47], problem: (f) => messages.image(f, 'PNG') },
  { bytes: [0xff, 0xd8, 0xff], problem: (f) => messages.image(f, 'JPEG') },
  { bytes: [0x47, 0x49, 0x46, 0x38], problem: (f) => messages.image(f, 'GIF') },
  { bytes: [0x49, 0x49, 0x2a, 0x00], problem: (f) => messages.image(f, 'TIFF') },
  { bytes: [0x4d, 0x4d, 0x00, 0x2a], problem: (f) => messages.image(f, 'TIFF') },
  { bytes: [0x57, 0x45, 0x42, 0x50], at: 8, problem: (f) => messages.image(f, 'WebP') },
  { bytes: [0x1f, 0x8b], problem: (f) => messages.compressed(f, 'gzip') },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], problem: (f) => messages.compressed(f, '7-Zip') },
  { bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], problem: (f) => messages.compressed(f, 'RAR') },
];

/**
 * Classifies a file from its first bytes (up to 64 KiB): a ZIP container (then maybe a workbook), text
 * (then maybe CSV), or a problem worded for the analyst. `wholeFile` says the head is the entire file, so
 * that a file of only spaces and newlines can be called empty here.
 */
export function sniff(head: Buffer, fileName: string, wholeFile: boolean): Sniffed {
  const fail = (problem: FileProblem): Sniffed => ({ kind: 'problem', problem });
  if (head.length === 0) return fail(messages.empty(fileName));
  if (startsWith(head, ZIP) || startsWith(head, ZIP_SPANNED)) return { kind: 'zip' };
  if (startsWith(head, ZIP_EMPTY)) return fail(messages.emptyArchive(fileName));
  if (startsWith(head, OLE)) {
    return fail(encryptedOoxml(head) ? messages.passwordProtected(fileName) : messages.legacyExcel(fileName));
  }
  for (const signature of SIGNATURES) {
    if (startsWith(head, signature.bytes, signature.at)) return fail(signature.problem(fileName));
  }
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff]) || looksLikeUtf16(head)) {
    return fail(messages.utf16(fileName));
  }
  const markup = markupProblem(head, fileName);
  if (markup) return fail(markup);
  if (looksBinary(head)) return fail(messages.binary(fileName));
  if (wholeFile && isBlank(head)) return fail(messages.blank(fileName));
  return { kind: 'text' };
}

/**
 * A password-protected .xlsx is an OLE container holding a stream called "EncryptedPackage". Its
 * directory is usually near the start; when it is not, the message covers both cases anyway.
 */
function encryptedOoxml(head: Buffer): boolean {
  return head.includes(Buffer.from('EncryptedPackage', 'utf16le'));
}

/** UTF-16 without a byte order mark: text whose every other byte is zero. */
function looksLikeUtf16(head: Buffer): boolean {
  const sample = Math.min(head.length, 4096) & ~1;
  if (sample < 4) return false;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  const pairs = sample / 2;
  return Math.max(evenZeros, oddZeros) > pairs * 0.4 && Math.min(evenZeros, oddZeros) < pairs * 0.05;
}

/** Reports exported as HTML or XML but named .xls or .csv, and RTF documents. */
function markupProblem(head: Buffer, fileName: string): FileProblem | null {
  const start = startsWith(head, UTF8_BOM) ? 3 : 0;
  const text = head
    .toString('latin1', start, Math.min(head.length, start + 2048))
    .trimStart()
    .toLowerCase();
  if (text.startsWith('{\\rtf')) return messages.richText(fileName);
  if (text.startsWith('<?xml')) {
    return text.includes('excel.sheet') || text.includes('urn:schemas-microsoft-com:office:spreadsheet')
      ? messages.excelXml(fileName)
      : text.includes('<html')
        ? messages.webPage(fileName)
        : messages.xml(fileName);
  }
  if (/^<(!doctype html|html|table|head|body|meta)\b/.test(text) || text.startsWith('mime-version:')) {
    return messages.webPage(fileName);
  }
  return null;
}

/**
 * Binary data: any NUL byte (text never has one), or more than 2% control characters other than tab,
 * line feed, form feed and carriage return. Bytes 0x80-0xFF are not counted: they are letters in
 * Windows-1252 and parts of characters in UTF-8.
 */
function looksBinary(head: Buffer): boolean {
  let controls = 0;
  for (const byte of head) {
    if (byte === 0) return true;
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f) {
      controls++;
    }
  }
  return controls > head.length * 0.02;
}

/** True when the bytes are only spaces, tabs, line breaks and perhaps a UTF-8 byte order mark. */
export function isBlank(bytes: Buffer, from = startsWith(bytes, UTF8_BOM) ? 3 : 0): boolean {
  for (let i = from; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x0b) {
      return false;
    }
  }
  return true;
}
