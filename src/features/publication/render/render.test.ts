/**
 * The renderers' own rules, checked without any office suite or PDF reader: Word bookmark names, the
 * chart raster's font (text must be drawn on a machine with no fonts), and the Word XML itself (escaped
 * once, bookmarks and links that agree, header rows that repeat, rows that never split, alt text).
 * render.http.test.ts opens the files in LibreOffice and poppler as a reader would.
 */
import { text } from 'node:stream/consumers';
import yauzl from 'yauzl';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PublicationDocument } from '../document.js';
import { renderDocx } from './docx.js';
import { publicationFixture, TRICKY_TEXT } from './fixture.js';
import { renderHtmlBody } from './html.js';
import { anchorIds, columnFractions, fitWithin, ragText, wordBookmark } from './layout.js';
import { columnWidths, type LaidTable } from './pdf-table.js';
import { SIZE, Writer } from './pdf-writer.js';
import { SCALE, svgToPng } from './raster.js';

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
const WORD_BOOKMARK = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

async function zipEntry(buffer: Buffer, name: string): Promise<string> {
  const zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true });
  try {
    for await (const entry of zip.eachEntry())
      if (entry.fileName === name) return await text(await zip.openReadStreamPromise(entry));
    throw new Error(`${name} is not in the file`);
  } finally {
    zip.close();
  }
}

/** The width and height a PNG declares in its IHDR chunk. */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe('Word bookmark names', () => {
  it('follow Word’s rules: a letter first, letters, digits and underscores, at most 40 characters', () => {
    for (const id of [
      'summary',
      'table-bands',
      '9-starts-with-a-digit',
      'x'.repeat(80),
      'odd id/with:chars',
      '',
    ])
      expect(wordBookmark(id)).toMatch(WORD_BOOKMARK);
  });

  it('are the same for the same id and differ for different ids, however long', () => {
    expect(wordBookmark('chart-wres-2')).toBe(wordBookmark('chart-wres-2'));
    const long = 'a-very-long-section-identifier-that-runs-past-forty';
    expect(wordBookmark(`${long}-1`)).not.toBe(wordBookmark(`${long}-2`));
    expect(wordBookmark('a-b')).not.toBe(wordBookmark('a_b'));
    expect(wordBookmark('table-bands')).toBe('p_table_bands');
  });
});

describe('layout helpers', () => {
  it('scales relative column widths to shares of the page, equal when left out', () => {
    expect(columnFractions([{ text: 'a', width: 3 }, { text: 'b' }])).toEqual([0.75, 0.25]);
    expect(columnFractions([{ text: 'a' }, { text: 'b' }])).toEqual([0.5, 0.5]);
  });

  it('gives a PDF column at least its heading’s longest word, taken from the columns with room to spare', async () => {
    const w = new Writer(await publicationFixture());
    const table = (headings: string[], widths: number[]): LaidTable => ({
      id: 't',
      widths,
      header: headings.map((text) => ({ lines: [{ text, style: 'bold' as const }], align: 'left' as const })),
      rows: [],
    });
    const word = w.longestWord('Timescale', 'bold', SIZE.table);
    // A share of 3% of the text width is narrower than "Timescale" in bold.
    expect(0.03 * w.width).toBeLessThan(word);
    const widths = columnWidths(w, table(['Timescale', 'What was done this quarter'], [0.03, 0.97]));
    expect(widths[0]).toBeGreaterThanOrEqual(word + 8);
    expect(widths[0]! + widths[1]!).toBeCloseTo(w.width, 6);
    // With no room anywhere, the shares stay as they were rather than overflow the page.
    const crowded = Array.from({ length: 30 }, () => 'Representation');
    expect(
      columnWidths(
        w,
        table(
          crowded,
          crowded.map(() => 1 / 30),
        ),
      ),
    ).toEqual(crowded.map(() => w.width / 30));
  });

  it('fits a picture to the width without enlarging it', () => {
    expect(fitWithin(400, 200, 800)).toEqual({ width: 400, height: 200 });
    expect(fitWithin(1000, 500, 500)).toEqual({ width: 500, height: 250 });
  });

  it('writes a RAG cell as its letter and words, and an action’s status (no letter) as its words alone', async () => {
    const red = { colour: '#d5281b', ink: '#ffffff' };
    expect(ragText({ letter: 'R', label: 'Critical', ...red })).toBe('R Critical');
    expect(ragText({ letter: '', label: 'Overdue', ...red })).toBe('Overdue');
    const doc: PublicationDocument = {
      ...(await publicationFixture()),
      sections: [
        {
          id: 'actions',
          title: 'Actions',
          blocks: [
            {
              kind: 'table',
              id: 'status',
              caption: 'Status',
              columns: [{ text: 'Ref' }, { text: 'Status' }],
              rows: [[{ text: 'A1' }, { text: 'Overdue', rag: { letter: '', label: 'Overdue', ...red } }]],
            },
          ],
        },
      ],
    };
    const cell = /<td class="pub-rag"[^>]*>(.*?)<\/td>/.exec(renderHtmlBody(doc))![1];
    expect(cell).toBe('Overdue');
  });
});

describe('chart rasters', () => {
  const frame = (body: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">${body}</svg>`;

  it('draw text in the embedded font whatever family Vega names, with no system fonts', async () => {
    const blank = await svgToPng(frame(''), 120);
    for (const family of ['sans-serif', 'Arial', 'Helvetica', 'Frutiger W01, Arial, sans-serif']) {
      const png = await svgToPng(
        frame(`<text x="4" y="28" font-family="${family}" font-size="20">Ab 12</text>`),
        120,
      );
      expect(png.equals(blank), family).toBe(false);
    }
  });

  it('are drawn at twice the width they are shown at, in proportion, and cached', async () => {
    const doc = await publicationFixture();
    const chart = doc.sections.flatMap((s) => s.blocks).find((b) => b.kind === 'chart')!;
    const first = svgToPng(chart.svg, chart.width);
    const png = await first;
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const size = pngSize(png);
    expect(size.width).toBe(chart.width * SCALE);
    expect(Math.abs(size.height / size.width - chart.height / chart.width)).toBeLessThan(0.01);
    expect(svgToPng(chart.svg, chart.width)).toBe(first);
  });
});

describe('the Word document', () => {
  let doc: PublicationDocument;
  let xml = '';
  let styles = '';
  let core = '';

  beforeAll(async () => {
    doc = await publicationFixture();
    const file = await renderDocx(doc);
    [xml, styles, core] = await Promise.all([
      zipEntry(file, 'word/document.xml'),
      zipEntry(file, 'word/styles.xml'),
      zipEntry(file, 'docProps/core.xml'),
    ]);
  });

  it('keeps markup-looking text, entities, quotes and formulas literal (escaped exactly once)', () => {
    // Each run's text, with XML's five entities read once, as Word reads them.
    const texts = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) =>
      m[1]!.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ENTITIES[e]!),
    );
    // The Notes paragraph and the list item.
    expect(texts.filter((t) => t === TRICKY_TEXT)).toHaveLength(2);
    expect(xml).not.toContain('<b>bold?</b>');
  });

  it('makes every section, table and chart a bookmark with a unique number, and links only to those', () => {
    const starts = [...xml.matchAll(/<w:bookmarkStart w:name="([^"]+)" w:id="(\d+)"\/>/g)];
    const names = starts.map((m) => m[1]!);
    expect(names.sort()).toEqual([...anchorIds(doc)].map(wordBookmark).sort());
    for (const name of names) expect(name).toMatch(WORD_BOOKMARK);
    const numbers = starts.map((m) => m[2]);
    expect(new Set(numbers).size).toBe(numbers.length);
    const anchors = [...xml.matchAll(/w:anchor="([^"]+)"/g)].map((m) => m[1]!);
    expect(anchors.length).toBeGreaterThan(0);
    for (const anchor of anchors) expect(names).toContain(anchor);
  });

  it('repeats each table’s header row and never splits a row', () => {
    const tables = doc.sections
      .flatMap((s) => s.blocks)
      .filter((b) => b.kind === 'table' || b.kind === 'chart');
    expect(xml.match(/<w:tblHeader\/>/g)).toHaveLength(tables.length);
    const rows = xml.match(/<w:tr>/g)?.length ?? xml.match(/<w:tr[ >]/g)?.length ?? 0;
    expect(xml.match(/<w:cantSplit\/>/g)?.length).toBe(rows);
  });

  it('uses Word’s heading styles, British English and the document’s properties', () => {
    for (const style of ['Title', 'Heading1', 'Heading2', 'Heading3'])
      expect(xml).toContain(`<w:pStyle w:val="${style}"/>`);
    expect(styles).toContain('<w:lang w:val="en-GB"/>');
    expect(core).toContain(`<dc:title>${doc.title}</dc:title>`);
    expect(core).toContain('<dc:creator>Parity</dc:creator>');
  });

  it('gives the chart its alt text', () => {
    const chart = doc.sections.flatMap((s) => s.blocks).find((b) => b.kind === 'chart')!;
    expect(xml).toContain(`descr="${chart.alt}"`);
    expect(xml).toContain(`title="${chart.title}"`);
  });
});
