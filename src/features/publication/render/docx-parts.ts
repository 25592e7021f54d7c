/**
 * The pieces of the Word rendering (see docx.ts): text runs, bookmarks, and the tables a publication is
 * made of (the document's tables, the figures block, the RAG key, the facts under the title). Header
 * rows repeat on every page and no row splits across pages, as in the plan export.
 */
import {
  AlignmentType,
  BorderStyle,
  Bookmark,
  BookmarkEnd,
  BookmarkStart,
  InternalHyperlink,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import type { Block, Cell, PublicationDocument, RagMark, TableBlock } from '../document.js';
import { columnFractions, hexColour, isNumeric, ragText, wordBookmark } from './layout.js';

export const FONT = 'Arial';
export const BULLETS = 'publication-bullets';
/** A4 portrait in twentieths of a point, with 2 cm (1134) margins. */
export const PAGE = { width: 11906, height: 16838, margin: 1134 };
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
/** Twips per CSS pixel (96 per inch), for picture sizes. */
export const TWIPS_PER_PX = 15;
export const GREY_TEXT = '425563';
export const HEADER_FILL = 'E8EDEE';
export const BORDER = { style: BorderStyle.SINGLE, size: 4, color: 'AEB7BD' };
export const BORDERS = {
  top: BORDER,
  bottom: BORDER,
  left: BORDER,
  right: BORDER,
  insideHorizontal: BORDER,
  insideVertical: BORDER,
};

export interface Context {
  anchors: Set<string>;
  /** The last bookmark number used. */
  bookmarks: number;
}

/** Runs for text that may hold line breaks ("\n"): Word wants a break, not a newline character. */
export function runs(text: string, options: Omit<IRunOptions, 'text' | 'break'> = {}): TextRun[] {
  return text.split('\n').map((line, i) => new TextRun({ ...options, text: line, break: i > 0 ? 1 : 0 }));
}

/**
 * Children wrapped in a bookmark for the id, so internal links can reach it. docx 9 numbers every
 * bookmark 1 (each Bookmark makes its own counter), and Word pairs a bookmark's start and end by that
 * number, so the pair is replaced with one numbered by the document's own counter.
 */
export function anchored(ctx: Context, id: string | undefined, children: ParagraphChild[]): ParagraphChild[] {
  if (!id) return children;
  const name = wordBookmark(id);
  const bookmark = new Bookmark({ id: name, children });
  const number = ++ctx.bookmarks;
  Object.assign(bookmark, { start: new BookmarkStart(name, number), end: new BookmarkEnd(number) });
  return [bookmark];
}

export function cellParagraph(ctx: Context, cell: Cell, numeric: boolean, header: boolean): Paragraph {
  const ink = cell.rag ? hexColour(cell.rag.ink, '000000') : undefined;
  const text = cell.rag ? ragText(cell.rag) : cell.text;
  const options = { size: 18, bold: header || cell.rag !== undefined, color: ink };
  const children: ParagraphChild[] =
    cell.link && ctx.anchors.has(cell.link)
      ? [
          new InternalHyperlink({
            anchor: wordBookmark(cell.link),
            children: runs(text, { ...options, style: 'Hyperlink' }),
          }),
        ]
      : runs(text, options);
  return new Paragraph({ alignment: numeric ? AlignmentType.RIGHT : AlignmentType.LEFT, children });
}

export function tableCell(children: Paragraph[], width: number, fill?: string): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    margins: { top: 50, bottom: 50, left: 80, right: 80 },
    shading: fill ? { type: ShadingType.CLEAR, color: 'auto', fill } : undefined,
    children,
  });
}

/** The caption (keeping with the table), the table, and its notes in smaller text. */
export function table(ctx: Context, t: TableBlock): (Paragraph | Table)[] {
  const widths = columnFractions(t.columns).map((f) => Math.round(CONTENT_WIDTH * f));
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: t.columns.map((c, i) =>
      tableCell(
        [
          new Paragraph({
            alignment: c.numeric ? AlignmentType.RIGHT : AlignmentType.LEFT,
            children: runs(c.text, { size: 18, bold: true }),
          }),
        ],
        widths[i]!,
        HEADER_FILL,
      ),
    ),
  });
  const rows = t.rows.map(
    (row) =>
      new TableRow({
        cantSplit: true,
        children: t.columns.map((_, i) => {
          const cell = row[i] ?? { text: '' };
          return tableCell(
            [cellParagraph(ctx, cell, isNumeric(t, i, cell.numeric), false)],
            widths[i]!,
            cell.rag ? hexColour(cell.rag.colour) : undefined,
          );
        }),
      }),
  );
  return [
    new Paragraph({
      keepNext: true,
      keepLines: true,
      spacing: { before: 160, after: 80 },
      children: anchored(ctx, t.id, runs(t.caption, { bold: true, size: 20 })),
    }),
    new Table({
      width: { size: CONTENT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      borders: BORDERS,
      rows: [header, ...rows],
    }),
    ...(t.notes ?? []).map(
      (n, i) =>
        new Paragraph({
          spacing: { before: i === 0 ? 80 : 0, after: 40 },
          children: runs(n, { size: 16, color: GREY_TEXT }),
        }),
    ),
    new Paragraph({ spacing: { after: 120 }, children: [] }),
  ];
}

/** Label and value side by side, the value's note under it in small text. */
export function figures(items: Extract<Block, { kind: 'figures' }>['items']): Table {
  const widths = [Math.round(CONTENT_WIDTH * 0.55), Math.round(CONTENT_WIDTH * 0.45)];
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: BORDERS,
    rows: items.map(
      (item) =>
        new TableRow({
          cantSplit: true,
          children: [
            tableCell([new Paragraph({ children: runs(item.label, { size: 20 }) })], widths[0]!, HEADER_FILL),
            tableCell(
              [
                new Paragraph({ children: runs(item.value, { size: 24, bold: true }) }),
                ...(item.note
                  ? [new Paragraph({ children: runs(item.note, { size: 16, color: GREY_TEXT }) })]
                  : []),
              ],
              widths[1]!,
            ),
          ],
        }),
    ),
  });
}

/** Each status in its colour with its letter and words, four to a row. */
export function ragKey(items: readonly RagMark[]): Table {
  const perRow = Math.min(4, Math.max(1, items.length));
  const width = Math.round(CONTENT_WIDTH / perRow);
  const rows: TableRow[] = [];
  for (let i = 0; i < items.length; i += perRow) {
    const chunk = items.slice(i, i + perRow);
    rows.push(
      new TableRow({
        cantSplit: true,
        children: Array.from({ length: perRow }, (_, j) => {
          const rag = chunk[j];
          return rag
            ? tableCell(
                [
                  new Paragraph({
                    alignment: AlignmentType.CENTER,
                    children: runs(ragText(rag), {
                      size: 18,
                      bold: true,
                      color: hexColour(rag.ink, '000000'),
                    }),
                  }),
                ],
                width,
                hexColour(rag.colour),
              )
            : tableCell([new Paragraph({ children: [] })], width);
        }),
      }),
    );
  }
  return new Table({
    width: { size: width * perRow, type: WidthType.DXA },
    columnWidths: Array.from({ length: perRow }, () => width),
    layout: TableLayoutType.FIXED,
    borders: BORDERS,
    rows,
  });
}

export function factsTable(facts: PublicationDocument['facts']): Table {
  const widths = [Math.round(CONTENT_WIDTH * 0.3), Math.round(CONTENT_WIDTH * 0.7)];
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: BORDERS,
    rows: facts.map(
      (f) =>
        new TableRow({
          cantSplit: true,
          children: [
            tableCell(
              [new Paragraph({ children: runs(f.label, { bold: true, size: 20 }) })],
              widths[0]!,
              HEADER_FILL,
            ),
            tableCell([new Paragraph({ children: runs(f.value, { size: 20 }) })], widths[1]!),
          ],
        }),
    ),
  });
}
