/**
 * Every message the readers show, in one place, written for the EDI analyst who picked the file: what is
 * wrong, where, and what to do next. They name the file as the analyst named it.
 */
import { MAX_RECORD_CHARS } from './limits.js';
import type { FileProblem } from './types.js';

const SAVE_AS = 'save it as an Excel Workbook (.xlsx) or as CSV, then load that file';
const EXPORT_AGAIN = 'Export or download the file again from its source';

/** '2,000,000' */
export function count(n: number): string {
  return n.toLocaleString('en-GB');
}

/** Sizes as Windows Explorer shows them (1 KB = 1,024 bytes). */
export function size(bytes: number): string {
  if (bytes < 1024) return `${count(bytes)} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = value >= 10 || Number.isInteger(value) ? Math.round(value) : Math.round(value * 10) / 10;
  return `${count(shown)} ${units[unit]}`;
}

const problem = (code: FileProblem['code'], message: string, line?: number): FileProblem =>
  line === undefined ? { code, message } : { code, message, line };

// Before reading: where the file is and how big it is.

export const notFound = (fileName: string): FileProblem =>
  problem(
    'UNREADABLE',
    `${fileName} could not be found. Check the file is still where you saved it and try again.`,
  );

export const notAFile = (fileName: string): FileProblem =>
  problem('UNREADABLE', `${fileName} is a folder, not a file. Choose the CSV or Excel file inside it.`);

export const cannotRead = (fileName: string, reason: string): FileProblem =>
  problem(
    'UNREADABLE',
    `Parity could not read ${fileName} (${reason}). Check the file is not open in another program and ` +
      'that you are allowed to read it, then try again.',
  );

export const empty = (fileName: string): FileProblem =>
  problem('EMPTY', `${fileName} is empty: it has no rows. Export the report again and check it has data.`);

export const blank = (fileName: string): FileProblem =>
  problem(
    'EMPTY',
    `${fileName} is empty: it holds only blank lines or spaces. Export the report again and check it has data.`,
  );

export const tooLarge = (fileName: string, bytes: number, maxBytes: number): FileProblem =>
  problem(
    'TOO_LARGE',
    `${fileName} is ${size(bytes)}, more than the ${size(maxBytes)} Parity loads from one file. Split the ` +
      'extract into smaller files (for example one per staff group or per financial year) and load each one.',
  );

// Not a table at all.

export const legacyExcel = (fileName: string): FileProblem =>
  problem(
    'NOT_TABULAR',
    `${fileName} is an Excel 97-2003 workbook (.xls) or a password-protected Excel file, which Parity cannot ` +
      `read. Open it in Excel, remove any password, and ${SAVE_AS}.`,
  );

export const passwordProtected = (fileName: string): FileProblem =>
  problem(
    'NOT_TABULAR',
    `${fileName} is protected with a password, so Parity cannot read it. Open it in Excel, remove the ` +
      `password (File > Info > Protect Workbook), and ${SAVE_AS}.`,
  );

export const notASpreadsheet = (fileName: string, what: string, advice: string): FileProblem =>
  problem('NOT_TABULAR', `${fileName} is ${what}, not a spreadsheet. ${advice}`);

export const pdf = (fileName: string): FileProblem =>
  notASpreadsheet(
    fileName,
    'a PDF document',
    'Parity needs the data itself: export the report from ESR or your recruitment system as CSV or Excel ' +
      '(.xlsx) rather than as PDF.',
  );

export const image = (fileName: string, format: string): FileProblem =>
  notASpreadsheet(fileName, `an image (${format})`, 'Load the CSV or Excel file the data came from.');

export const compressed = (fileName: string, format: string): FileProblem =>
  notASpreadsheet(
    fileName,
    `a compressed archive (${format})`,
    'Extract the CSV or Excel file from it and load that file.',
  );

export const webPage = (fileName: string): FileProblem =>
  problem(
    'NOT_TABULAR',
    `${fileName} is a web page (HTML), even if its name ends in .xls or .csv: some systems export reports ` +
      `this way. Open it in Excel and ${SAVE_AS}.`,
  );

export const excelXml = (fileName: string): FileProblem =>
  problem(
    'NOT_TABULAR',
    `${fileName} is an Excel 2003 XML spreadsheet, which Parity cannot read. Open it in Excel and ${SAVE_AS}.`,
  );

export const xml = (fileName: string): FileProblem =>
  notASpreadsheet(
    fileName,
    'an XML file',
    'Export the report from its source system as CSV or Excel (.xlsx) and load that file.',
  );

export const richText = (fileName: string): FileProblem =>
  notASpreadsheet(
    fileName,
    'a Rich Text (RTF) document',
    'Load the CSV or Excel file the data came from, or copy the table into Excel and save it as .xlsx.',
  );

export const utf16 = (fileName: string): FileProblem =>
  problem(
    'UNREADABLE',
    `${fileName} is saved as "Unicode Text" (UTF-16), which Parity cannot read. Open it in Excel and save ` +
      'it as "CSV UTF-8 (Comma delimited)" or as an Excel Workbook (.xlsx), then load that file.',
  );

export const binary = (fileName: string): FileProblem =>
  problem(
    'NOT_TABULAR',
    `${fileName} does not look like a CSV or Excel file: it contains binary data. Check you chose the right ` +
      'file, then export the report again as CSV or Excel (.xlsx).',
  );

export const emptyArchive = (fileName: string): FileProblem =>
  problem(
    'NOT_TABULAR',
    `${fileName} is an empty ZIP archive, not an Excel workbook. ${EXPORT_AGAIN} and check it has data.`,
  );

export const zipNotWorkbook = (fileName: string): FileProblem =>
  problem(
    'NOT_TABULAR',
    `${fileName} looks like a ZIP archive but not an Excel workbook (it has no xl/workbook.xml). If the ` +
      `data is inside the archive, extract it first; otherwise open the data in Excel and ${SAVE_AS}.`,
  );

export const officeDocument = (fileName: string, what: string): FileProblem =>
  notASpreadsheet(fileName, what, 'Load the CSV or Excel file that holds the data.');

export const otherSpreadsheet = (fileName: string, what: string): FileProblem =>
  problem(
    'NOT_TABULAR',
    `${fileName} is ${what}, which Parity cannot read. Open it in Excel and ${SAVE_AS}.`,
  );

export const noWorksheets = (fileName: string): FileProblem =>
  problem(
    'NOT_TABULAR',
    `${fileName} has no worksheets with cells (only charts or none at all). Check you chose the right file.`,
  );

export const noSuchSheet = (fileName: string, wanted: string, sheets: readonly string[]): FileProblem =>
  problem(
    'NO_SUCH_SHEET',
    `${fileName} has no sheet called "${wanted}". Its sheets are: ${sheets.map((s) => `"${s}"`).join(', ')}. ` +
      'Choose one of these.',
  );

// Archives that are damaged or built to hurt.

export const damagedWorkbook = (fileName: string, detail: string): FileProblem =>
  problem(
    'MALFORMED',
    `${fileName} looks like an Excel workbook but is damaged (${detail}). It may have been cut short while ` +
      `downloading or copying. ${EXPORT_AGAIN}, or open it in Excel and save it again.`,
  );

export const encryptedArchive = (fileName: string): FileProblem =>
  problem(
    'UNREADABLE',
    `${fileName} has encrypted parts, so Parity cannot read it. Open it in Excel, remove any password, and ${SAVE_AS}.`,
  );

const UNSAFE = 'Files like this are damaged or built to overload the systems that open them.';

export const tooManyEntries = (fileName: string, entries: number, max: number): FileProblem =>
  problem(
    'UNSAFE_ARCHIVE',
    `${fileName} was not opened because it is unsafe: it is made of ${count(entries)} compressed parts, more ` +
      `than the ${count(max)} a workbook could need. ${UNSAFE} ${EXPORT_AGAIN}.`,
  );

export const expandsTooMuch = (fileName: string, part: string, bytes: number, max: number): FileProblem =>
  problem(
    'UNSAFE_ARCHIVE',
    `${fileName} was not opened because it would expand to more than ${size(max)} (${part} alone declares ` +
      `${size(bytes)}). ${UNSAFE} If it is a genuine export, save the data as CSV or split it into smaller ` +
      'workbooks.',
  );

export const compressionRatio = (fileName: string, part: string, ratio: number, max: number): FileProblem =>
  problem(
    'UNSAFE_ARCHIVE',
    `${fileName} was not opened because it is unsafe: ${part} is compressed ${count(Math.floor(ratio))} times, ` +
      `more than the ${count(max)} times real workbooks reach (a "zip bomb"). ${UNSAFE} ${EXPORT_AGAIN}.`,
  );

export const lyingArchive = (fileName: string, part: string): FileProblem =>
  problem(
    'UNSAFE_ARCHIVE',
    `${fileName} was not opened because it is unsafe: ${part} holds a different amount of data than the ` +
      `archive declares. ${UNSAFE} ${EXPORT_AGAIN}.`,
  );

export const unsafeName = (fileName: string, entry: string): FileProblem =>
  problem(
    'UNSAFE_ARCHIVE',
    `${fileName} was not opened because it is unsafe: it contains a part named "${entry}". ${UNSAFE} ${EXPORT_AGAIN}.`,
  );

// Found while streaming rows.

export const mixedEncoding = (fileName: string, line: number): FileProblem =>
  problem(
    'MALFORMED',
    `${fileName} is marked as UTF-8 but line ${count(line)} holds characters that are not UTF-8, so parts of ` +
      'it were saved with different settings. Open it in Excel and save it again as "CSV UTF-8 (Comma ' +
      'delimited)", then load that file.',
    line,
  );

export const unterminatedQuote = (fileName: string, line: number): FileProblem =>
  problem(
    'MALFORMED',
    `${fileName} has a quoted value that starts on line ${count(line)} and never ends: a double quote (") ` +
      'opens it but no matching quote closes it, so the rest of the file would be read as one value. Look at ' +
      `line ${count(line)} in a text editor such as Notepad, remove or close the stray quote, and load the ` +
      'file again; if it came from a system, export it again.',
    line,
  );

export const recordTooLong = (fileName: string, line: number): FileProblem =>
  problem(
    'MALFORMED',
    `${fileName} has a row starting on line ${count(line)} that is longer than ${count(MAX_RECORD_CHARS)} ` +
      'characters, usually because a double quote (") opens a value there and nothing closes it. Look at ' +
      `line ${count(line)} in a text editor such as Notepad, fix the stray quote, and load the file again.`,
    line,
  );

export const badCsv = (fileName: string, line: number, detail: string): FileProblem =>
  problem(
    'MALFORMED',
    `${fileName} cannot be read as CSV from line ${count(line)} (${detail}). Open it in Excel, save it ` +
      'again as "CSV UTF-8 (Comma delimited)", and load that file.',
    line,
  );

export const tooManyRows = (fileName: string, maxRows: number, line: number): FileProblem =>
  problem(
    'TOO_LARGE',
    `${fileName} has more than ${count(maxRows)} rows (the limit is passed at line ${count(line)}). Parity ` +
      'reads at most that many rows from one file: split the extract (for example by staff group or by ' +
      'financial year) and load each part.',
    line,
  );

export const changedWhileReading = (fileName: string): FileProblem =>
  problem(
    'UNREADABLE',
    `${fileName} changed while Parity was reading it. Wait until it has finished saving or copying, then load ` +
      'it again.',
  );

export const readFailed = (fileName: string, line: number, reason: string): FileProblem =>
  problem(
    'UNREADABLE',
    `Parity could not finish reading ${fileName} after line ${count(line)} (${reason}). Check the file is not ` +
      'being moved or changed, then try again.',
    line,
  );

export const damagedSheet = (fileName: string, sheet: string, row: number, detail: string): FileProblem =>
  problem(
    'MALFORMED',
    `${fileName} is damaged: sheet "${sheet}" cannot be read from row ${count(row)} on (${detail}). ` +
      `${EXPORT_AGAIN}, or open it in Excel and save it again.`,
    row,
  );

export const lyingSheet = (fileName: string, part: string, row: number): FileProblem =>
  problem(
    'UNSAFE_ARCHIVE',
    `${fileName} stopped being read at row ${count(row)} because it is unsafe: ${part} holds a different ` +
      `amount of data than the archive declares. ${UNSAFE} ${EXPORT_AGAIN}.`,
    row,
  );
