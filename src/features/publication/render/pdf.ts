/**
 * A publication as a tagged, accessible PDF (pdfkit, pure JavaScript: nothing to install on the server).
 * A4 portrait; the marking at the top of the first page and in every page's header; "organisation ·
 * title · Page X of Y" in every footer (both marked as pagination artifacts, so they are not read out
 * on every page). Headings are H1–H3 and entries in the PDF's outline (bookmarks pane); paragraphs are
 * P, lists L/LI, tables Table/TR/TH/TD (see pdf-table.ts); charts are Figures with the document's alt
 * text, followed by their data table. Every section, table and chart is a named destination, which the
 * document's cross-references link to. The text is set in an embedded font (see layout.ts), and the
 * document's title is shown by viewers in place of the file name.
 */
import type { Block, ChartBlock, PublicationDocument } from '../document.js';
import { anchorIds, fitWithin, footerLead } from './layout.js';
import { drawRagKey, drawTable, laidTable, type LaidTable } from './pdf-table.js';
import { COLOURS, PAGE, SIZE, Writer, type Struct } from './pdf-writer.js';
import { svgToPng } from './raster.js';

interface Outline {
  addItem(title: string, options?: { expanded?: boolean }): Outline;
  /** pdfkit's entry dictionary, before it is written (see `outlineItem`). */
  outlineData?: { Dest?: unknown };
}

interface Context {
  w: Writer;
  anchors: ReadonlySet<string>;
  charts: Map<ChartBlock, Buffer>;
  /** The outline entries of the current section and heading, for nesting. */
  outline: { 1?: Outline; 2?: Outline };
}

const HEADING = {
  1: { size: SIZE.h1, before: 0, after: 8 },
  2: { size: SIZE.h2, before: 10, after: 6 },
  3: { size: SIZE.h3, before: 8, after: 4 },
} as const;

/**
 * An outline entry for the heading about to be drawn at the current position. pdfkit points entries at
 * a page position with the left edge taken from the right of the page; the entry's destination is
 * replaced by the exact place (left edge, heading's top) before pdfkit writes it.
 */
function outlineItem(ctx: Context, level: 1 | 2 | 3, title: string): void {
  const parent: Outline =
    level === 1
      ? ctx.w.pdf.outline
      : level === 2
        ? (ctx.outline[1] ?? ctx.w.pdf.outline)
        : (ctx.outline[2] ?? ctx.outline[1] ?? ctx.w.pdf.outline);
  const item = parent.addItem(title, { expanded: level === 1 });
  if (item.outlineData)
    item.outlineData.Dest = [ctx.w.pdf.page.dictionary, 'XYZ', 0, PAGE.height - ctx.w.y, null];
  if (level === 1) ctx.outline = { 1: item };
  if (level === 2) ctx.outline[2] = item;
}

function heading(ctx: Context, parent: Struct, level: 1 | 2 | 3, text: string, id?: string): void {
  const { w } = ctx;
  const style = HEADING[level];
  const height = w.height(text, w.width, 'bold', style.size);
  // Kept with the start of what follows: a heading never ends a page.
  w.ensure(style.before + height + style.after + 4 * SIZE.body);
  if (!w.atTop) w.y += style.before;
  if (id) w.destination(id);
  outlineItem(ctx, level, text);
  w.text(parent, `H${level}`, text, { style: 'bold', size: style.size, after: style.after });
}

function paragraph(ctx: Context, parent: Struct, text: string, tone: 'normal' | 'note' | 'lead'): void {
  const { w } = ctx;
  const size = tone === 'note' ? SIZE.small : tone === 'lead' ? 13 : SIZE.body;
  const height = w.height(text, w.width, 'regular', size);
  // At least two lines on this page, or the whole paragraph when it is short.
  w.ensure(Math.min(height, 2.5 * size));
  w.text(parent, 'P', text, { size, color: tone === 'note' ? COLOURS.grey : COLOURS.text, after: 6 });
}

function list(ctx: Context, parent: Struct, items: readonly string[]): void {
  const { w } = ctx;
  const indent = 14;
  const element = w.struct(parent, 'L');
  for (const text of items) {
    const height = w.height(text, w.width - indent, 'regular', SIZE.body);
    w.ensure(height);
    const top = w.y;
    const item = w.struct(element, 'LI');
    const label = w.struct(item, 'Lbl');
    w.draw(label, 'Lbl', '•', w.left + 3, top, { width: indent });
    label.end();
    const body = w.struct(item, 'LBody');
    w.draw(body, 'LBody', text, w.left + indent, top, { width: w.width - indent });
    body.end();
    item.end();
    w.pdf.x = w.left;
    w.y = Math.max(w.y, top + height) + 3;
  }
  element.end();
  w.y += 4;
}

function figures(items: Extract<Block, { kind: 'figures' }>['items']): LaidTable {
  return {
    widths: [0.55, 0.45],
    rows: items.map((item) => [
      { lines: [{ text: item.label, size: 10 }], fill: COLOURS.headerFill, scope: 'Row' },
      {
        lines: [
          { text: item.value, style: 'bold', size: 13 },
          ...(item.note ? [{ text: item.note, size: SIZE.note, color: COLOURS.grey }] : []),
        ],
      },
    ]),
  };
}

/** Vega draws in CSS pixels; a pixel is 0.75 pt, so a chart's text is the size Vega gave it, as in Word. */
const PX = 0.75;
const chartSize = (c: ChartBlock) => fitWithin(c.width * PX, c.height * PX, PAGE.width - 2 * PAGE.side);

function chart(ctx: Context, parent: Struct, c: ChartBlock): void {
  const { w } = ctx;
  const size = chartSize(c);
  const titleHeight = w.height(c.title, w.width, 'bold', 10);
  w.ensure(titleHeight + 4 + size.height);
  w.destination(c.id);
  w.text(parent, 'P', c.title, { style: 'bold', size: 10, after: 4 });
  const top = w.y;
  const figure = w.struct(parent, 'Figure', {
    alt: c.alt,
    bbox: [w.left, top, w.left + size.width, top + size.height],
    placement: 'Block',
  });
  const content = w.pdf.markStructureContent('Figure');
  w.pdf.image(ctx.charts.get(c)!, w.left, top, { width: size.width, height: size.height });
  w.pdf.endMarkedContent();
  figure.add(content);
  figure.end();
  w.pdf.x = w.left;
  w.y = top + size.height + 8;
  drawTable(w, parent, laidTable(c.table, ctx.anchors));
}

function block(ctx: Context, parent: Struct, b: Block): void {
  switch (b.kind) {
    case 'heading':
      return heading(ctx, parent, b.level, b.text, b.id);
    case 'paragraph':
      return paragraph(ctx, parent, b.text, b.tone ?? 'normal');
    case 'list':
      return list(ctx, parent, b.items);
    case 'figures':
      return drawTable(ctx.w, parent, figures(b.items));
    case 'table':
      return drawTable(ctx.w, parent, laidTable(b, ctx.anchors));
    case 'chart':
      return chart(ctx, parent, b);
    case 'ragKey':
      return drawRagKey(ctx.w, parent, b.items);
  }
}

function titleBlock(ctx: Context, doc: PublicationDocument): void {
  const { w } = ctx;
  const part = w.struct(w.root, 'Sect');
  if (doc.marking) w.text(part, 'P', doc.marking, { style: 'bold', after: 10 });
  w.text(part, 'H1', doc.title, { style: 'bold', size: SIZE.title, after: 6 });
  w.text(part, 'P', doc.subtitle, { size: 14, after: 12 });
  if (doc.facts.length > 0)
    drawTable(w, part, {
      widths: [0.3, 0.7],
      rows: doc.facts.map((f) => [
        { lines: [{ text: f.label, style: 'bold', size: 10 }], fill: COLOURS.headerFill, scope: 'Row' },
        { lines: [{ text: f.value, size: 10 }] },
      ]),
    });
  part.end();
  w.y += 6;
}

/** The running header (the marking) and footer (page X of Y) of every page, once all pages exist. */
function furniture(w: Writer, doc: PublicationDocument): void {
  const { start, count } = w.pdf.bufferedPageRange();
  for (let i = 0; i < count; i++) {
    w.pdf.switchToPage(start + i);
    // Drawing in the margins must not make pdfkit think the page is full.
    const margins = w.pdf.page.margins;
    const bottom = margins.bottom;
    margins.bottom = 0;
    if (doc.marking) {
      const marking = doc.marking;
      w.pdf.markContent('Artifact', { type: 'Pagination', attached: ['Top'] });
      w.plain(marking, w.left, 32, { style: 'bold', size: SIZE.small, align: 'center' });
      w.pdf.endMarkedContent();
    }
    w.pdf.markContent('Artifact', { type: 'Pagination', attached: ['Bottom'] });
    w.plain(`${footerLead(doc)}Page ${i + 1} of ${count}`, w.left, PAGE.height - 46, {
      size: SIZE.furniture,
      color: COLOURS.grey,
      align: 'center',
    });
    w.pdf.endMarkedContent();
    margins.bottom = bottom;
  }
}

export async function renderPdf(doc: PublicationDocument): Promise<Buffer> {
  // Pictures first: drawing is synchronous, rasterising is not. Rasterised at the width in pixels the
  // chart is shown at, so the PNG is the same one the Word document uses (one cache entry for both).
  const charts = new Map<ChartBlock, Buffer>();
  for (const s of doc.sections)
    for (const b of s.blocks)
      if (b.kind === 'chart') charts.set(b, await svgToPng(b.svg, chartSize(b).width / PX));

  const w = new Writer(doc);
  const chunks: Buffer[] = [];
  w.pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    w.pdf.on('end', resolve);
    w.pdf.on('error', reject);
  });
  const ctx: Context = { w, anchors: anchorIds(doc), charts, outline: {} };

  titleBlock(ctx, doc);
  for (const section of doc.sections) {
    if (section.newPage && !w.atTop) w.newPage();
    const sect = w.struct(w.root, 'Sect', { title: section.title });
    heading(ctx, sect, 1, section.title, section.id);
    for (const b of section.blocks) block(ctx, sect, b);
    sect.end();
  }
  furniture(w, doc);
  w.root.end();
  w.pdf.end();
  await finished;
  return Buffer.concat(chunks);
}
