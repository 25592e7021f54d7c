/**
 * Row writers that stream to disk: CSV through a small buffer and synchronous writes (bounded memory at
 * any size), XLSX through exceljs's streaming WorkbookWriter (rows are committed as they are added). Both
 * write any preamble lines above the header, as ESR reports have them.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';

export type Cell = string | number | null;

export interface TableSink {
  /** Adds one data row. */
  row(values: readonly Cell[]): void;
  /** Lets a streaming writer drain; call now and then. */
  drain(): Promise<void>;
  /** Finishes the file; returns the number of data rows written. */
  close(): Promise<number>;
}

export interface TableLayout {
  /** Lines above the header (each one cell; '' for a blank line). */
  preamble?: readonly string[];
  header: readonly string[];
}

const NEEDS_QUOTES = /[",\r\n]/;

function csvField(value: Cell): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV: UTF-8, CRLF line ends (as Excel and ESR write them), quotes only where needed. */
export class CsvSink implements TableSink {
  private readonly fd: number;
  private buffer: string[] = [];
  private size = 0;
  private rows = 0;

  constructor(file: string, layout: TableLayout) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.fd = openSync(file, 'w');
    for (const line of layout.preamble ?? []) this.push(line === '' ? '' : csvField(line));
    this.push(layout.header.map(csvField).join(','));
  }

  private push(line: string): void {
    this.buffer.push(line);
    this.size += line.length + 2;
    if (this.size > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join('\r\n') + '\r\n');
    this.buffer = [];
    this.size = 0;
  }

  row(values: readonly Cell[]): void {
    let line = '';
    for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : ',') + csvField(values[i]!);
    this.push(line);
    this.rows++;
  }

  drain(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<number> {
    this.flush();
    closeSync(this.fd);
    return Promise.resolve(this.rows);
  }
}

/** XLSX with one sheet; preamble rows, then the header, then the data. Created/modified dates are fixed. */
export class XlsxSink implements TableSink {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;
  private rows = 0;

  constructor(file: string, layout: TableLayout, options: { sheetName: string; created: Date }) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: file,
      useSharedStrings: true,
      useStyles: false,
    });
    this.workbook.creator = 'Parity synthetic data generator';
    this.workbook.created = options.created;
    this.workbook.modified = options.created;
    this.sheet = this.workbook.addWorksheet(options.sheetName);
    for (const line of layout.preamble ?? []) this.sheet.addRow(line === '' ? [] : [line]).commit();
    this.sheet.addRow([...layout.header]).commit();
  }

  row(values: readonly Cell[]): void {
    this.sheet.addRow(values.map((v) => (v === null || v === '' ? null : v))).commit();
    this.rows++;
  }

  drain(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }

  async close(): Promise<number> {
    await this.workbook.commit();
    return this.rows;
  }
}
