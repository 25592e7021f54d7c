import { columnOf, decodeEscapes, normaliseIsoDate, serialToIso } from './cells.js';
import { MAX_CELL_CHARS, MAX_COLUMNS } from './limits.js';
import * as messages from './messages.js';
import { TableReadError } from './read-error.js';
import type { Cell, SourceRow } from './types.js';
import type { XmlHandler } from './xml.js';

/** What a sheet's cells need from the rest of the workbook. */
export interface SheetContext {
  fileName: string;
  sheet: string;
  sharedStrings: readonly string[];
  /** By style index: does the style show numbers as dates? */
  dateStyles: readonly boolean[];
  date1904: boolean;
}

/**
 * Turns a worksheet's XML events into rows, one `<row>` at a time, keeping nothing but the row being
 * built. Rows Excel did not store (never used) are not produced; `line` is always Excel's row number.
 * Each cell becomes its displayed value: the cached result of a formula (Excel saves it beside the
 * formula), shared or inline text with rich-text runs joined, a boolean, an error such as '#N/A' as
 * text, a number, or an ISO date when the cell's style is a date format. Trailing empty cells are
 * dropped, so a row that only has formatting has no cells.
 */
export class SheetHandler implements XmlHandler {
  /** Finished rows not yet taken by the reader. */
  private ready: SourceRow[] = [];
  private inSheetData = false;
  private row: { line: number; cells: Cell[] } | null = null;
  private lastRow = 0;
  private lastColumn = 0;
  private cell: { column: number; type: string; style: number } | null = null;
  private value: string | null = null;
  private inline: string | null = null;
  private capture: 'value' | 'inline' | null = null;
  private inPhonetic = false;

  constructor(private readonly context: SheetContext) {}

  /** The row being read (or the next one), for messages about damage part-way through. */
  get position(): number {
    return this.row?.line ?? this.lastRow + 1;
  }

  /** Hands over the rows finished so far. */
  take(): SourceRow[] {
    const rows = this.ready;
    this.ready = [];
    return rows;
  }

  open(name: string, attributes: Readonly<Record<string, string>>): void {
    if (name === 'sheetData') {
      this.inSheetData = true;
    } else if (!this.inSheetData) {
      return;
    } else if (name === 'row') {
      const line = Number(attributes.r);
      this.row = { line: Number.isInteger(line) && line > 0 ? line : this.lastRow + 1, cells: [] };
      this.lastColumn = 0;
    } else if (name === 'c' && this.row) {
      const column = (attributes.r === undefined ? null : columnOf(attributes.r)) ?? this.lastColumn + 1;
      if (column > MAX_COLUMNS) {
        throw this.damaged(`cell ${attributes.r ?? '?'} is beyond Excel's last column`);
      }
      this.cell = { column, type: attributes.t ?? 'n', style: Number(attributes.s ?? '0') };
      this.value = null;
      this.inline = null;
    } else if (this.cell) {
      if (name === 'v') {
        this.value = '';
        this.capture = 'value';
      } else if (name === 'is') {
        this.inline = '';
      } else if (name === 'rPh') {
        this.inPhonetic = true;
      } else if (name === 't' && this.inline !== null && !this.inPhonetic) {
        this.capture = 'inline';
      }
    }
  }

  text(text: string): void {
    if (this.capture === 'value' && this.value !== null) {
      this.value += text;
      if (this.value.length > MAX_CELL_CHARS) throw this.damaged('a cell holds an impossibly long value');
    } else if (this.capture === 'inline' && this.inline !== null) {
      this.inline += text;
      if (this.inline.length > MAX_CELL_CHARS) throw this.damaged('a cell holds an impossibly long value');
    }
  }

  close(name: string): void {
    if (name === 'v' || name === 't') {
      this.capture = null;
    } else if (name === 'rPh') {
      this.inPhonetic = false;
    } else if (name === 'c' && this.cell && this.row) {
      const { cells } = this.row;
      const index = this.cell.column - 1;
      while (cells.length < index) cells.push(null);
      cells[index] = this.cellValue(this.cell.type, this.cell.style);
      this.lastColumn = this.cell.column;
      this.cell = null;
      this.capture = null;
    } else if (name === 'row' && this.row) {
      const { cells } = this.row;
      while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
      this.ready.push(this.row);
      this.lastRow = this.row.line;
      this.row = null;
    } else if (name === 'sheetData') {
      this.inSheetData = false;
    }
  }

  private cellValue(type: string, style: number): Cell {
    const { value, inline } = this;
    switch (type) {
      case 's': {
        if (value === null || value.trim() === '') return null;
        const text = this.context.sharedStrings[Number(value)];
        if (text === undefined)
          throw this.damaged(`a cell refers to shared text number ${value}, which is missing`);
        return text;
      }
      case 'inlineStr':
        return inline !== null ? decodeEscapes(inline) : value !== null ? decodeEscapes(value) : null;
      case 'str':
        return value === null ? null : decodeEscapes(value);
      case 'b':
        return value === null ? null : value.trim() === '1' || value.trim().toLowerCase() === 'true';
      case 'e':
        return value;
      case 'd':
        return value === null ? null : normaliseIsoDate(value);
      default: {
        if (value === null || value.trim() === '') return inline === null ? null : decodeEscapes(inline);
        const number = Number(value);
        if (!Number.isFinite(number)) return value;
        if (this.context.dateStyles[style] === true) {
          return serialToIso(number, this.context.date1904) ?? number;
        }
        return number;
      }
    }
  }

  private damaged(detail: string): TableReadError {
    const { fileName, sheet } = this.context;
    return new TableReadError(messages.damagedSheet(fileName, sheet, this.position, detail));
  }
}
