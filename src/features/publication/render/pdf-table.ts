/**
 * Tables in the PDF: the document's tables, the figures block and the facts under the title all become
 * one kind of laid-out table, tagged Table > TR > TH/TD (header cells scoped to their column, each row's
 * first cell to its row) with the caption as the table's Caption. A row is measured before it is drawn
 * and never split: when it does not fit, a new page starts and the header row is drawn again there, as
 * an Artifact, so a screen reader hears the header once and a reader on paper sees it on every page.
 */
import type { Cell, RagMark, TableBlock } from '../document.js';
import { columnFractions, isNumeric, ragText } from './layout.js';
import { COLOURS, SIZE, type Struct, type Style, type Writer } from './pdf-writer.js';

export interface Line {
  text: string;
  style?: Style;
  size?: number;
  color?: string;
}

export interface LaidCell {
  lines: Line[];
  align?: 'left' | 'right' | 'center';
  fill?: string;
  /** Text colour over `fill`. */
  ink?: string;
  /** A named destination the cell's text links to. */
  link?: string;
  /** A header cell (TH) and what it heads; a data cell (TD) when left out. */
  scope?: 'Column' | 'Row';
  /** What a screen reader says instead of the text ("withheld" for "*"). */
  actual?: string;
}

export interface LaidTable {
  /** A named destination at the caption, for links to the table. */
  id?: string;
  caption?: string;
  /** Each column's share of the text width. */
  widths: number[];
  header?: LaidCell[];
  rows: LaidCell[][];
  notes?: string[];
}

const PAD_X = 4;
const PAD_Y = 3;
const CAPTION_SIZE = 10;

/** The document's table as laid out: RAG cells coloured and worded, "*" read as withheld, links kept. */
export function laidTable(t: TableBlock, anchors: ReadonlySet<string>): LaidTable {
  return {
    id: t.id,
    caption: t.caption,
    widths: columnFractions(t.columns),
    header: t.columns.map((c) => ({
      lines: [{ text: c.text, style: 'bold' }],
      align: c.numeric ? 'right' : 'left',
      fill: COLOURS.headerFill,
      scope: 'Column',
    })),
    rows: t.rows.map((row) =>
      t.columns.map((_, i) =>
        laidCell(row[i] ?? { text: '' }, isNumeric(t, i, row[i]?.numeric), i === 0, anchors),
      ),
    ),
    notes: t.notes,
  };
}

function laidCell(cell: Cell, numeric: boolean, rowHeader: boolean, anchors: ReadonlySet<string>): LaidCell {
  const out: LaidCell = {
    lines: [{ text: cell.rag ? ragText(cell.rag) : cell.text, style: cell.rag ? 'bold' : 'regular' }],
    align: numeric ? 'right' : 'left',
  };
  if (rowHeader) out.scope = 'Row';
  if (cell.rag) {
    out.fill = cell.rag.colour;
    out.ink = cell.rag.ink;
  }
  if (cell.withheld) out.actual = cell.text.replace(/\*/g, 'withheld');
  if (cell.link && anchors.has(cell.link)) out.link = cell.link;
  return out;
}

const rowHeight = (w: Writer, widths: number[], row: LaidCell[]) =>
  Math.max(
    0,
    ...row.map(
      (cell, i) =>
        2 * PAD_Y +
        cell.lines.reduce(
          (h, l) => h + w.height(l.text, widths[i]! - 2 * PAD_X, l.style, l.size ?? SIZE.table),
          0,
        ),
    ),
  );

/**
 * The columns' widths in points, each at least as wide as its heading's longest word: a heading never
 * breaks inside a word ("Timescal/e"). The width a heading lacks comes from the columns with room to
 * spare, in proportion to their spare room; where no column has enough, the shares stay as they were.
 */
export function columnWidths(w: Writer, t: LaidTable): number[] {
  const widths = t.widths.map((f) => f * w.width);
  if (!t.header) return widths;
  const need = t.header.map((cell) =>
    Math.max(
      0,
      ...cell.lines.map(
        (l) => w.longestWord(l.text, l.style ?? 'regular', l.size ?? SIZE.table) + 2 * PAD_X + 1,
      ),
    ),
  );
  const lacking = widths.reduce((sum, width, i) => sum + Math.max(0, need[i]! - width), 0);
  const spare = widths.reduce((sum, width, i) => sum + Math.max(0, width - need[i]!), 0);
  if (lacking === 0 || spare < lacking) return widths;
  return widths.map((width, i) =>
    width < need[i]! ? need[i]! : width - ((width - need[i]!) / spare) * lacking,
  );
}

export function drawTable(w: Writer, parent: Struct, t: LaidTable): void {
  const widths = columnWidths(w, t);
  const headerHeight = t.header ? rowHeight(w, widths, t.header) : 0;
  const heights = t.rows.map((r) => rowHeight(w, widths, r));
  const captionHeight = t.caption ? w.height(t.caption, w.width, 'bold', CAPTION_SIZE) + 4 : 0;
  // The caption keeps with the header and the first row (or a few lines of it, when the row is taller
  // than a page: such a row is the one thing that splits, as pdfkit flows its text on).
  const first = Math.min(heights[0] ?? 0, w.pageHeight / 4);
  w.ensure(captionHeight + headerHeight + first);
  if (t.id) w.destination(t.id);
  const table = w.struct(parent, 'Table');
  if (t.caption) w.text(table, 'Caption', t.caption, { style: 'bold', size: CAPTION_SIZE, after: 4 });
  if (t.header) drawRow(w, table, widths, t.header, headerHeight);
  // The notes keep with the last row (up to a third of a page of them), so they never open a page alone.
  const notesHeight = Math.min(
    w.pageHeight / 3,
    (t.notes ?? []).reduce((h, n) => h + w.height(n, w.width, 'regular', SIZE.note) + 2, 4),
  );
  t.rows.forEach((row, r) => {
    const height = heights[r]!;
    const needed = r === t.rows.length - 1 && t.notes?.length ? height + notesHeight : height;
    const tooTall = height > w.pageHeight - headerHeight;
    if (w.y + (tooTall ? w.pageHeight / 4 : needed) > w.bottom && !w.atTop) {
      w.newPage();
      if (t.header) drawRow(w, null, widths, t.header, headerHeight);
    }
    drawRow(w, table, widths, row, height);
  });
  table.end();
  if (t.notes && t.notes.length > 0) {
    w.y += 4;
    for (const note of t.notes) {
      w.ensure(w.height(note, w.width, 'regular', SIZE.note));
      w.text(parent, 'P', note, { size: SIZE.note, color: COLOURS.grey, after: 1 });
    }
  }
  w.y += 10;
}

/** One row at the current position; with no parent, drawn as an Artifact (a repeated header). */
function drawRow(w: Writer, parent: Struct | null, widths: number[], row: LaidCell[], height: number): void {
  const top = w.y;
  const tr = parent ? w.struct(parent, 'TR') : null;
  let x = w.left;
  row.forEach((cell, i) => {
    const width = widths[i]!;
    w.box(x, top, width, height, cell.fill, COLOURS.border);
    if (tr) {
      const element = w.struct(tr, cell.scope ? 'TH' : 'TD', {
        ...(cell.scope ? { scope: cell.scope } : {}),
        ...(cell.actual ? { actual: cell.actual } : {}),
      });
      drawCell(w, element, cell, x, top, width);
      element.end();
    } else {
      w.artifact('Pagination', () => drawCell(w, null, cell, x, top, width));
    }
    x += width;
  });
  tr?.end();
  w.y = top + height;
  w.pdf.x = w.left;
}

function drawCell(
  w: Writer,
  element: Struct | null,
  cell: LaidCell,
  x: number,
  top: number,
  width: number,
): void {
  let y = top + PAD_Y;
  const inner = width - 2 * PAD_X;
  for (const line of cell.lines) {
    const size = line.size ?? SIZE.table;
    const options = {
      style: line.style,
      size,
      color: cell.link ? COLOURS.link : (cell.ink ?? line.color),
      width: inner,
      align: cell.align,
      underline: cell.link !== undefined,
    };
    const height = w.height(line.text, inner, line.style, size);
    if (!element) w.plain(line.text, x + PAD_X, y, options);
    else if (cell.link) {
      const link = w.struct(element, 'Link');
      w.draw(link, 'Link', line.text, x + PAD_X, y, options);
      const textWidth = Math.min(inner, w.pdf.widthOfString(line.text));
      const left = cell.align === 'right' ? x + PAD_X + inner - textWidth : x + PAD_X;
      // The annotation belongs to the Link element, so assistive technology reaches it with its text;
      // Contents is a String object because pdfkit writes plain strings as PDF names.
      const annotation = { structParent: link, Contents: new String(line.text) };
      w.pdf.goTo(
        left,
        y,
        textWidth,
        height,
        cell.link,
        annotation as unknown as PDFKit.Mixins.AnnotationOption,
      );
      link.end();
    } else w.draw(element, 'P', line.text, x + PAD_X, y, options);
    y += height;
  }
}

/** The RAG key: each status as a box in its colour with its letter and words, tagged as a list. */
export function drawRagKey(w: Writer, parent: Struct, items: readonly RagMark[]): void {
  const perRow = Math.min(4, Math.max(1, items.length));
  const width = w.width / perRow;
  const list = w.struct(parent, 'L');
  for (let i = 0; i < items.length; i += perRow) {
    const chunk = items.slice(i, i + perRow);
    const height =
      Math.max(...chunk.map((r) => w.height(ragText(r), width - 2 * PAD_X, 'bold', SIZE.table))) + 2 * PAD_Y;
    w.ensure(height);
    const top = w.y;
    chunk.forEach((rag, j) => {
      const x = w.left + j * width;
      w.box(x, top, width, height, rag.colour);
      const item = w.struct(list, 'LI');
      const body = w.struct(item, 'LBody');
      w.draw(body, 'LBody', ragText(rag), x + PAD_X, top + PAD_Y, {
        style: 'bold',
        size: SIZE.table,
        color: rag.ink,
        width: width - 2 * PAD_X,
        align: 'center',
      });
      body.end();
      item.end();
    });
    w.y = top + height;
  }
  list.end();
  w.pdf.x = w.left;
  w.y += 10;
}
