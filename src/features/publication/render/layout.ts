/**
 * What the paged renderers (DOCX, PDF) share: the font every picture and PDF page is set in, the names
 * Word allows for bookmarks, column widths, colours and picture sizes. Nothing here writes words: the
 * renderers lay out the document's own text and add only page furniture ("Page 3 of 12").
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Column, PublicationDocument, TableBlock } from '../document.js';

/**
 * Source Sans 3 (Adobe, SIL Open Font Licence), from the `source-sans` npm package: a humanist sans close
 * to the NHS identity's Frutiger, with TrueType files that pdfkit embeds (PDF/UA needs embedded fonts)
 * and resvg draws chart text with, so a chart reads the same on a server with no fonts installed.
 */
export const FONT_FAMILY = 'Source Sans 3';
const fontDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('source-sans/package.json')),
  'TTF',
);
export const FONT_FILES = {
  regular: path.join(fontDir, 'SourceSans3-Regular.ttf'),
  bold: path.join(fontDir, 'SourceSans3-Bold.ttf'),
} as const;

/**
 * A Word bookmark name for a document id. Word wants a letter first, then letters, digits and
 * underscores, at most 40 characters; it ignores bookmarks that break these rules, so an internal link
 * to one goes nowhere. The mapping is deterministic (the same id always gives the same name, so links
 * and bookmarks agree without a lookup table) and distinct ids give distinct names: an id that would
 * lose information (characters other than letters, digits and dashes, or too long) gets a hash suffix.
 */
export function wordBookmark(id: string): string {
  const plain = `p_${id.replace(/-/g, '_')}`;
  if (/^[A-Za-z0-9-]+$/.test(id) && plain.length <= 40) return plain;
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 8);
  return `${plain.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 31)}_${hash}`;
}

/** Every id a cell may link to: sections, headings with ids, tables, charts and charts' data tables. */
export function anchorIds(doc: PublicationDocument): Set<string> {
  const ids = new Set<string>();
  for (const s of doc.sections) {
    ids.add(s.id);
    for (const b of s.blocks) {
      if (b.kind === 'heading' && b.id) ids.add(b.id);
      if (b.kind === 'table') ids.add(b.id);
      if (b.kind === 'chart') ids.add(b.id).add(b.table.id);
    }
  }
  return ids;
}

/** Each column's share of the table's width (summing to 1): relative widths, equal when left out. */
export function columnFractions(columns: readonly Column[]): number[] {
  const weights = columns.map((c) => (c.width !== undefined && c.width > 0 ? c.width : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

/** Whether a column's cells are figures (right-aligned): the column says so, or the cell does. */
export function isNumeric(table: TableBlock, column: number, cellNumeric: boolean | undefined): boolean {
  return cellNumeric ?? table.columns[column]?.numeric ?? false;
}

/** "#D5281B" or "#d5281b" as "D5281B" (Word's form); anything else falls back, so a bad colour never breaks a file. */
export function hexColour(colour: string, fallback = 'FFFFFF'): string {
  const m = /^#?([0-9a-fA-F]{6})$/.exec(colour.trim());
  return m ? m[1]!.toUpperCase() : fallback;
}

/** A picture of the given size scaled down (never up) to fit a width, keeping its aspect ratio. */
export function fitWithin(
  width: number,
  height: number,
  maxWidth: number,
): { width: number; height: number } {
  const w = width > 0 ? width : maxWidth;
  const h = height > 0 ? height : w / 2;
  const scale = Math.min(1, maxWidth / w);
  return { width: w * scale, height: h * scale };
}

/**
 * The text a RAG cell shows: its letter and words, so the status never rests on colour alone. An action's
 * status (plans/status.ts) has no letter: its words are all it needs.
 */
export const ragText = (rag: { letter: string; label: string }) =>
  rag.letter ? `${rag.letter} ${rag.label}` : rag.label;

/** The footer every page carries (the page numbers are added by each format). */
export const footerLead = (doc: PublicationDocument) => `${doc.organisation.name} · ${doc.title} · `;
