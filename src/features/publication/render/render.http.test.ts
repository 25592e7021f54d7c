/**
 * The publication files as a reader meets them. The Word document is opened in LibreOffice (converted
 * to PDF) and the PDF in poppler; the text read back must hold the headings, figures, RAG words, the
 * marking and the page numbers, and every row of the long tables must be whole on one page with the
 * header row repeated above it. The PDF must be tagged (with its structure tree, outline and named
 * destinations), A4, titled, and set in embedded fonts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureSystemDeps,
  officeToPdf,
  PDFINFO_PATH,
  PDFTOTEXT_PATH,
} from '../../../../scripts/system-deps.mjs';
import type { PublicationDocument, TableBlock } from '../document.js';
import { renderDocx } from './docx.js';
import { publicationFixture, TRICKY_TEXT } from './fixture.js';
import { ragText } from './layout.js';
import { renderPdf } from './pdf.js';

/** pdffonts comes with pdftotext and pdfinfo in poppler-utils. */
const poppler = (tool: string) => path.join(path.dirname(PDFINFO_PATH), tool);
const run = (tool: string, args: string[]) => execFileSync(tool, args, { encoding: 'utf8' });
const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A row as pdftotext reads it in content order: its cells' words, one after another. */
const rowText = (row: TableBlock['rows'][number]) =>
  flat(row.map((c) => (c.rag ? ragText(c.rag) : c.text)).join(' '));

/** Each page's text, in the order the page draws it (-raw keeps a table cell's lines together). */
function pages(file: string): string[] {
  const count = Number(/Pages:\s+(\d+)/.exec(run(poppler('pdfinfo'), [file]))![1]);
  return Array.from({ length: count }, (_, i) =>
    flat(run(PDFTOTEXT_PATH, ['-raw', '-f', String(i + 1), '-l', String(i + 1), file, '-'])),
  );
}

function longTables(doc: PublicationDocument): TableBlock[] {
  return doc.sections
    .flatMap((s) => s.blocks)
    .filter((b): b is TableBlock => b.kind === 'table' && b.rows.length >= 60);
}

/** Every row whole on exactly one page, and the header row on every page that has any of its rows. */
function expectRowsWhole(doc: PublicationDocument, text: string[]) {
  const tables = longTables(doc);
  expect(tables.length).toBeGreaterThanOrEqual(2);
  for (const t of tables) {
    const header = flat(t.columns.map((c) => c.text).join(' '));
    const used = new Set<number>();
    for (const row of t.rows) {
      const whole = rowText(row);
      const on = text.flatMap((page, i) => (page.includes(whole) ? [i] : []));
      expect(on, `row "${whole}" of ${t.id}`).toHaveLength(1);
      used.add(on[0]!);
    }
    // The table breaks across pages, and each of those pages repeats its header.
    expect(used.size, t.id).toBeGreaterThan(1);
    for (const i of used) expect(text[i], `page ${i + 1} of ${t.id}`).toContain(header);
  }
}

describe('publication files as a reader opens them', () => {
  let dir = '';
  let doc: PublicationDocument;
  let docxPdf = '';
  let pdf = '';
  let bytes: Buffer;

  beforeAll(async () => {
    ensureSystemDeps({ log: (line) => console.log(line) });
    dir = mkdtempSync(path.join(tmpdir(), 'parity-publication-'));
    doc = await publicationFixture();
    const docx = path.join(dir, 'report.docx');
    writeFileSync(docx, await renderDocx(doc));
    bytes = await renderPdf(doc);
    pdf = path.join(dir, 'report.pdf');
    writeFileSync(pdf, bytes);
    docxPdf = officeToPdf([docx], path.join(dir, 'office'))[0]!;
  }, 180_000);

  afterAll(() => {
    if (dir && !process.env.KEEP_OFFICE) rmSync(dir, { recursive: true, force: true });
  });

  const expectedWords = () => [
    doc.title,
    doc.marking!,
    ...doc.sections.map((s) => s.title),
    'WRES 2: appointment from shortlisting',
    'How the figure is worked out',
    'Table 1. Staff by pay band, site and ethnic group, 31 March 2024',
    'Northgate · Band 2 337 158 * 31.9%',
    'WRES 2: relative likelihood',
    '1.72',
    '7,412',
    'A Slippage likely',
    'R Critical',
    '* Withheld: fewer than 5 staff.',
    'Likelihood of appointment from shortlisting by ethnic group',
    TRICKY_TEXT,
  ];

  describe('the Word document, in LibreOffice', () => {
    it('opens on more than one A4 page, with every heading, figure, RAG word and the marking', () => {
      const info = run(poppler('pdfinfo'), [docxPdf]);
      expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBeGreaterThan(1);
      expect(info).toMatch(/Page size:.*\(A4\)/);
      const text = flat(run(PDFTOTEXT_PATH, ['-raw', docxPdf, '-']));
      for (const words of expectedWords()) expect(text).toContain(words);
    });

    it('prints the marking and "organisation · title · Page X of Y" on every page', () => {
      const text = pages(docxPdf);
      text.forEach((page, i) => {
        expect(page).toContain(doc.marking!);
        expect(page).toContain(`${doc.organisation.name} · ${doc.title} · Page ${i + 1} of ${text.length}`);
      });
    });

    it('never splits a table row across pages and repeats the header row', () => {
      expectRowsWhole(doc, pages(docxPdf));
    });
  });

  describe('the PDF', () => {
    it('is tagged, A4, titled, in British English, and set only in embedded fonts', () => {
      const info = run(poppler('pdfinfo'), [pdf]);
      expect(info).toMatch(/Tagged:\s+yes/);
      expect(info).toMatch(/Page size:\s+595\.2\d? x 841\.8\d? pts \(A4\)/);
      expect(info).toContain(`Title:           ${doc.title}`);
      const text = bytes.toString('latin1');
      expect(text).toContain('/DisplayDocTitle true');
      expect(text).toContain('/Lang (en-GB)');
      expect(text).toMatch(/\/MarkInfo \d+ 0 R/);
      expect(text).toMatch(/\/StructTreeRoot \d+ 0 R/);
      const fonts = run(poppler('pdffonts'), [pdf]).split('\n').slice(2).filter(Boolean);
      expect(fonts.length).toBeGreaterThan(0);
      for (const font of fonts) expect(font).toMatch(/SourceSans3.*\byes\s+yes\s+yes\b/);
    });

    it('reads back every heading, figure, RAG word and the marking, with literal text kept literal', () => {
      const text = flat(run(PDFTOTEXT_PATH, ['-raw', pdf, '-']));
      for (const words of expectedWords()) expect(text).toContain(words);
    });

    it('prints the marking and "organisation · title · Page X of Y" on every page', () => {
      const text = pages(pdf);
      expect(text.length).toBeGreaterThan(2);
      text.forEach((page, i) => {
        expect(page).toContain(doc.marking!);
        expect(page).toContain(`${doc.organisation.name} · ${doc.title} · Page ${i + 1} of ${text.length}`);
      });
    });

    it('never splits a table row across pages and repeats the header row', () => {
      expectRowsWhole(doc, pages(pdf));
    });

    it('tags headings, paragraphs, lists, tables, links and the chart, with the chart’s alt text', () => {
      const tree = run(poppler('pdfinfo'), ['-struct', pdf]);
      for (const tag of [
        'Document',
        'Sect',
        'H1',
        'H2',
        'H3',
        'P',
        'L',
        'LI',
        'LBody',
        'Table',
        'Caption',
        'TR',
        'TH',
        'TD',
        'Link',
        'Figure',
      ])
        expect(tree).toMatch(new RegExp(`^\\s*${tag}\\b`, 'm'));
      expect(tree).toContain('/Scope /Column');
      expect(tree).toContain('/Scope /Row');
      const chart = doc.sections.flatMap((s) => s.blocks).find((b) => b.kind === 'chart')!;
      expect(bytes.toString('latin1')).toContain(`/Alt (${chart.alt})`);
      // A withheld "*" is read out as the document says it should be.
      expect(bytes.toString('latin1')).toContain('/ActualText (withheld)');
    });

    it('has a named destination for every section, table and chart, links to them, and an outline', () => {
      const dests = run(poppler('pdfinfo'), ['-dests', pdf]);
      for (const s of doc.sections) expect(dests).toContain(`"${s.id}"`);
      for (const id of ['table-bands', 'table-actions', 'chart-wres-2', 'data-wres-2', 'wres-2'])
        expect(dests).toContain(`"${id}"`);
      const text = bytes.toString('latin1');
      expect(text).toMatch(/\/S \/GoTo\s+\/D \(indicators\)/);
      expect(text).toMatch(/\/Outlines \d+ 0 R/);
      for (const s of doc.sections) expect(text).toContain(`/Title (${s.title})`);
    });

    it('renders the same document to the same bytes', async () => {
      expect((await renderPdf(doc)).equals(bytes)).toBe(true);
    });
  });
});
