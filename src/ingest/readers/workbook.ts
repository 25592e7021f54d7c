import type { Entry } from 'yauzl';
import { decodeEscapes, isBuiltInDateFormat, isDateFormat } from './cells.js';
import { MAX_CELL_CHARS } from './limits.js';
import * as messages from './messages.js';
import type { FileProblem } from './types.js';
import { parseXmlPart, PartReadError, XmlSyntaxError, type XmlHandler } from './xml.js';
import { isSizeMismatch, reason, type Archive } from './zip.js';

/**
 * The structure of a workbook, read the way Excel does, through relationships rather than fixed paths:
 * _rels/.rels names the workbook part, the workbook lists its sheets, and the workbook's relationships
 * say which part holds each sheet, the shared strings and the styles.
 */
export interface SheetInfo {
  name: string;
  hidden: boolean;
  /** The archive entry holding the sheet's cells, e.g. xl/worksheets/sheet1.xml. */
  part: string;
}

export interface WorkbookInfo {
  /** Worksheets only, in tab order; chart sheets and macro sheets have no cells to read. */
  sheets: SheetInfo[];
  /** Dates counted from 1904 (old Mac workbooks) rather than 1900. */
  date1904: boolean;
  sharedStrings: string | null;
  styles: string | null;
}

export type WorkbookResult = { ok: true; info: WorkbookInfo } | { ok: false; problem: FileProblem };

interface Relationship {
  type: string;
  target: string;
}

/** Recognises the archive and reads the workbook's structure, or says what the archive is instead. */
export async function readWorkbook(archive: Archive, fileName: string): Promise<WorkbookResult> {
  const fail = (problem: FileProblem): WorkbookResult => ({ ok: false, problem });
  const has = (name: string): boolean => archive.entry(name) !== undefined;
  if (has('word/document.xml')) return fail(messages.officeDocument(fileName, 'a Word document'));
  if (has('ppt/presentation.xml'))
    return fail(messages.officeDocument(fileName, 'a PowerPoint presentation'));
  if (has('xl/workbook.bin'))
    return fail(messages.otherSpreadsheet(fileName, 'an Excel Binary Workbook (.xlsb)'));
  if (has('mimetype') && has('content.xml')) {
    return fail(messages.otherSpreadsheet(fileName, 'an OpenDocument file (.ods)'));
  }
  let part = '_rels/.rels';
  try {
    const rootRels = has(part) ? await readRelationships(archive, part, '') : new Map<string, Relationship>();
    const office = [...rootRels.values()].find((r) => r.type.endsWith('/officeDocument') && has(r.target));
    const workbookPart = office?.target ?? (has('xl/workbook.xml') ? 'xl/workbook.xml' : null);
    if (workbookPart === null) return fail(messages.zipNotWorkbook(fileName));

    part = workbookPart;
    const workbook = await readWorkbookPart(archive, workbookPart);
    const folder = workbookPart.slice(0, workbookPart.lastIndexOf('/') + 1);
    part = `${folder}_rels/${workbookPart.slice(folder.length)}.rels`;
    if (!has(part)) return fail(messages.damagedWorkbook(fileName, `${part} is missing`));
    const rels = await readRelationships(archive, part, folder);

    const sheets: SheetInfo[] = [];
    for (const sheet of workbook.sheets) {
      const rel = rels.get(sheet.relationship);
      if (rel?.type.endsWith('/worksheet'))
        sheets.push({ name: sheet.name, hidden: sheet.hidden, part: rel.target });
    }
    const partOfType = (type: string, fallback: string): string | null => {
      const target = [...rels.values()].find((r) => r.type.endsWith(type))?.target ?? fallback;
      return has(target) ? target : null;
    };
    return {
      ok: true,
      info: {
        sheets,
        date1904: workbook.date1904,
        sharedStrings: partOfType('/sharedStrings', `${folder}sharedStrings.xml`),
        styles: partOfType('/styles', `${folder}styles.xml`),
      },
    };
  } catch (error) {
    const problem = partProblem(error, fileName, part);
    if (problem) return fail(problem);
    throw error;
  }
}

/** What a failure to read one small part means for the analyst; null for anything unexpected. */
export function partProblem(error: unknown, fileName: string, part: string): FileProblem | null {
  if (error instanceof XmlSyntaxError) return messages.damagedWorkbook(fileName, `${part} is not valid XML`);
  if (error instanceof PartReadError) {
    return isSizeMismatch(error.cause)
      ? messages.lyingArchive(fileName, part)
      : messages.damagedWorkbook(fileName, `${part}: ${reason(error.cause)}`);
  }
  return null;
}

async function readPart(archive: Archive, name: string, handler: XmlHandler): Promise<void> {
  const entry: Entry | undefined = archive.entry(name);
  if (!entry) throw new PartReadError(new Error(`${name} is missing`));
  let stream;
  try {
    stream = await archive.open(entry);
  } catch (error) {
    throw new PartReadError(error);
  }
  await parseXmlPart(stream, handler);
}

/** Resolves a relationship target against the folder of the part that declares it, as OPC does. */
export function resolveTarget(folder: string, target: string): string {
  let path = target;
  try {
    path = decodeURIComponent(target);
  } catch {
    // a stray '%': use the target as written
  }
  const segments: string[] = [];
  for (const segment of (path.startsWith('/') ? path.slice(1) : folder + path).split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

async function readRelationships(
  archive: Archive,
  part: string,
  folder: string,
): Promise<Map<string, Relationship>> {
  const rels = new Map<string, Relationship>();
  await readPart(archive, part, {
    open(name, attributes) {
      if (name !== 'Relationship' || attributes.TargetMode === 'External') return;
      const { Id: id, Type: type, Target: target } = attributes;
      if (id && type && target) rels.set(id, { type, target: resolveTarget(folder, target) });
    },
    close() {},
    text() {},
  });
  return rels;
}

async function readWorkbookPart(
  archive: Archive,
  part: string,
): Promise<{ sheets: { name: string; hidden: boolean; relationship: string }[]; date1904: boolean }> {
  const sheets: { name: string; hidden: boolean; relationship: string }[] = [];
  let date1904 = false;
  await readPart(archive, part, {
    open(name, attributes) {
      if (name === 'workbookPr') {
        date1904 = attributes.date1904 === '1' || attributes.date1904 === 'true';
      } else if (name === 'sheet') {
        const idKey = Object.keys(attributes).find((key) => key === 'id' || key.endsWith(':id'));
        const relationship = idKey === undefined ? undefined : attributes[idKey];
        if (attributes.name !== undefined && relationship !== undefined) {
          sheets.push({
            name: attributes.name,
            hidden: attributes.state === 'hidden' || attributes.state === 'veryHidden',
            relationship,
          });
        }
      }
    },
    close() {},
    text() {},
  });
  return { sheets, date1904 };
}

/**
 * The shared string table, as plain text: rich text runs are joined, phonetic guides (rPh) left out.
 * It must be held in memory (cells point into it by index); the archive limits bound its size.
 */
export async function readSharedStrings(archive: Archive, part: string): Promise<string[]> {
  const strings: string[] = [];
  let current: string | null = null;
  let inText = false;
  let inPhonetic = false;
  await readPart(archive, part, {
    open(name) {
      if (name === 'si') current = '';
      else if (name === 'rPh') inPhonetic = true;
      else if (name === 't' && current !== null && !inPhonetic) inText = true;
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') inPhonetic = false;
      else if (name === 'si' && current !== null) {
        strings.push(decodeEscapes(current));
        current = null;
      }
    },
    text(text) {
      if (!inText || current === null) return;
      current += text;
      if (current.length > MAX_CELL_CHARS) throw new XmlSyntaxError('a text value is impossibly long');
    },
  });
  return strings;
}

/**
 * Which cell styles (by index in cellXfs) display a number as a date or time. Excel stores dates as
 * plain numbers; only the style says "this is a date", so without this every date would be a serial.
 */
export async function readDateStyles(archive: Archive, part: string): Promise<boolean[]> {
  const formats = new Map<number, string>();
  const styleFormats: number[] = [];
  let inCellXfs = false;
  await readPart(archive, part, {
    open(name, attributes) {
      if (name === 'numFmt') {
        const id = Number(attributes.numFmtId);
        if (Number.isInteger(id) && attributes.formatCode !== undefined)
          formats.set(id, attributes.formatCode);
      } else if (name === 'cellXfs') {
        inCellXfs = true;
      } else if (name === 'xf' && inCellXfs) {
        styleFormats.push(Number(attributes.numFmtId ?? '0'));
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
    text() {},
  });
  return styleFormats.map((id) => {
    const code = formats.get(id);
    return code === undefined ? isBuiltInDateFormat(id) : isDateFormat(code);
  });
}
