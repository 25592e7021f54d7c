/**
 * The annual report and the quarterly pack, opened as their readers open them. Made by the command line
 * (`parity publish report|pack`) on the demo installation: the HTML's tables equal
 * `parity compute --format json --published` cell for cell; LibreOffice converts the DOCX to PDF and
 * poppler reads both PDFs back with the same figures; no count from 1 to 7 appears anywhere in a
 * publication-view file, and every count in it is rounded to 5; the full-count version says it is not
 * for publication on every page. Through the web: who may download what.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureSystemDeps, officeToPdf, PDFINFO_PATH, PDFTOTEXT_PATH } from '../../scripts/system-deps.mjs';
import { run } from '../../src/cli/main.js';
import type { PublishedIndicator } from '../../src/engine/index.js';
import { buildDemoApp, type Agent, type TestApp, TEST_DEMO } from '../support/app.js';

const saved = { ...process.env };
let dir = '';
let out: string[] = [];

async function parity(...args: string[]): Promise<number> {
  out = [];
  const err: string[] = [];
  const code = await run(args, (line) => err.push(line));
  if (code !== 0) throw new Error(`parity ${args.join(' ')} exited ${code}: ${err.join('\n')}`);
  return code;
}

const file = (name: string) => path.join(dir, name);
const pdfText = (pdf: string, page?: number) =>
  execFileSync(
    PDFTOTEXT_PATH,
    [...(page ? ['-f', String(page), '-l', String(page)] : []), '-layout', pdf, '-'],
    {
      encoding: 'utf8',
    },
  );
const pdfPages = (pdf: string) =>
  Number(/Pages:\s+(\d+)/.exec(execFileSync(PDFINFO_PATH, [pdf], { encoding: 'utf8' }))![1]);

/** LibreOffice's PDF of a Word file, in a folder of its own (it would overwrite our PDF of the same name). */
const toPdfWithLibreOffice = (docx: string): string => officeToPdf([docx], path.join(dir, 'office'))[0]!;

/** The rows of an HTML table by its id, each as its cells' text. */
function tableRows(html: string, id: string): string[][] {
  const m = new RegExp(`<div class="pub-table" id="${id}"[\\s\\S]*?</table>`).exec(html);
  if (!m) return [];
  return [...m[0].matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...r[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) =>
      c[1]!
        .replace(/<span class="pub-hidden">[\s\S]*?<\/span>/g, '')
        .replace(/<[^>]+>/g, '')
        .replace(/&amp;/g, '&')
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .trim(),
    ),
  );
}

/** Every count cell ("(n)", numerators, denominators, headcounts, totals) of the publication-view tables. */
function countCells(html: string): string[] {
  const cells: string[] = [];
  for (const t of html.matchAll(/<div class="pub-table" id="(counts-[^"]+)"/g)) {
    const rows = tableRows(html, t[1]!);
    const header = rows[0] ?? [];
    const countColumns = header
      .map((h, i) => (/\(n\)$|^Numerator$|^Denominator$|^Total$|^Headcount$|^Respondents/.test(h) ? i : -1))
      .filter((i) => i >= 0);
    for (const r of rows.slice(1)) {
      // The board's make-up is published in full (suppression.publishBoard); its workforce row is not.
      if (/^counts-(wres9|wdes10)-/.test(t[1]!) && /members|board/i.test(r[0] ?? '')) continue;
      for (const i of countColumns) if (r[i] !== undefined) cells.push(r[i]);
    }
  }
  return cells;
}

describe('the annual report and the quarterly pack', () => {
  let published: PublishedIndicator[] = [];
  let html = '';

  beforeAll(async () => {
    ensureSystemDeps({ log: (line) => console.log(line) });
    dir = mkdtempSync(path.join(tmpdir(), 'parity-publication-'));
    Object.assign(process.env, {
      PARITY_ENV: 'test',
      DATABASE_URL: `sqlite:${file('cli.sqlite')}`,
      PARITY_SESSION_SECRET: 'cli-test-secret-of-at-least-32-characters',
      PARITY_PSEUDONYMISATION_KEY: 'cli-test-pseudonymisation-key-of-32-chars',
    });
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    await parity('demo', '--as-of', TEST_DEMO.asOf);
    await parity('compute', '--org', 'DHF', '--year', '2024', '--format', 'json', '--published');
    published = (JSON.parse(out.join('\n')) as { indicators: PublishedIndicator[] }).indicators;
    for (const format of ['html', 'docx', 'pdf'])
      await parity(
        'publish',
        'report',
        '--org',
        'DHF',
        '--year',
        '2024',
        '--format',
        format,
        '--out',
        file(`report.${format}`),
      );
    await parity(
      'publish',
      'report',
      '--org',
      'DHF',
      '--year',
      '2024',
      '--format',
      'pdf',
      '--full-counts',
      '--out',
      file('full.pdf'),
    );
    await parity(
      'publish',
      'pack',
      '--org',
      'DHF',
      '--year',
      '2024',
      '--quarter',
      'Q2',
      '--format',
      'html',
      '--out',
      file('pack.html'),
    );
    await parity(
      'publish',
      'pack',
      '--org',
      'DHF',
      '--year',
      '2024',
      '--quarter',
      'Q2',
      '--format',
      'docx',
      '--care-group',
      'Surgery and Anaesthetics',
      '--out',
      file('pack.docx'),
    );
    html = readFileSync(file('report.html'), 'utf8');
  }, 600_000);

  afterAll(() => {
    vi.restoreAllMocks();
    process.env = { ...saved };
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints every national indicator’s counts exactly as parity compute --published does', () => {
    let compared = 0;
    for (const ind of published) {
      if (!/^W(RES|DES)/.test(ind.id)) continue;
      const tables = ind.parts.flatMap((p) => p.tables);
      tables.forEach((t, i) => {
        const rows = tableRows(html, `counts-${ind.id.toLowerCase().replace(/_/g, '-')}-${i}`);
        expect(rows.length, `${ind.id} table ${i}`).toBe(t.rows.length + 1);
        t.rows.forEach((r, k) => {
          expect(rows[k + 1]).toEqual([r.label, ...r.cells.map((c) => c.text)]);
          compared += r.cells.length;
        });
      });
    }
    expect(compared).toBeGreaterThan(300);
  });

  it('withholds every count from 1 to 7 and rounds the rest to 5 in the publication view', () => {
    const counts = countCells(html);
    expect(counts.length).toBeGreaterThan(200);
    for (const c of counts) expect(c === '*' || Number(c.replace(/,/g, '')) % 5 === 0, c).toBe(true);
    expect(counts).toContain('*');
    expect(html).not.toContain('not for publication');
  });

  it('reads the same figures back from the PDF, and from the Word file through LibreOffice', () => {
    const wres2 = published.find((i) => i.id === 'WRES2')!.parts[0]!.tables[0]!;
    const white = wres2.rows[0]!.cells.map((c) => c.text);
    const pdf = pdfText(file('report.pdf'));
    const office = pdfText(toPdfWithLibreOffice(file('report.docx')));
    for (const text of [pdf, office]) {
      expect(text).toContain('Workforce Race and Disability Equality Standards report 2024');
      expect(text).toContain('WRES 2: Appointment from shortlisting');
      expect(text).toMatch(
        new RegExp(white.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+')),
      );
      expect(text).toContain('Appendix: methodology');
      expect(text).toMatch(/Page 2 of \d+/);
      expect(text).not.toContain('not for publication');
    }
    expect(pdfPages(file('report.pdf'))).toBeGreaterThan(10);
    const info = execFileSync(PDFINFO_PATH, [file('report.pdf')], {
      encoding: 'utf8',
    });
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Page size:.*\(A4\)/);
  }, 240_000);

  it('marks every page of the full-count version as not for publication', () => {
    const pages = pdfPages(file('full.pdf'));
    for (let p = 1; p <= pages; p++)
      expect(pdfText(file('full.pdf'), p), `page ${p}`).toContain('not for publication');
  });

  it('makes the quarterly pack with the quarter, the KPIs, the actions and data quality', () => {
    const pack = readFileSync(file('pack.html'), 'utf8');
    expect(pack).toContain('Quarterly equality pack, Q2 2024/25');
    expect(pack).toContain('July to September 2024');
    for (const id of ['figures', 'kpis', 'actions', 'data-quality']) expect(pack).toContain(`id="${id}"`);
    // The day they were made, as people write dates, on the pack and the report alike.
    for (const made of [pack, html])
      expect(made).toMatch(/<dt>Made<\/dt><dd>\d{1,2} [A-Z][a-z]+ \d{4}<\/dd>/);
    for (const c of countCells(pack)) expect(c === '*' || Number(c.replace(/,/g, '')) % 5 === 0).toBe(true);
    const office = pdfText(toPdfWithLibreOffice(file('pack.docx')));
    expect(office).toContain('Surgery and Anaesthetics');
    expect(office).toContain('Due this quarter');
    // The actions' tables give every column room for its heading: none is broken mid-word ("Re f").
    expect(office).toMatch(/\bRef +Action +Leads +Timescale +Status +Why +Latest update\b/);
  }, 240_000);
});

describe('publication on the web', () => {
  let t: TestApp;
  const agents: Record<string, Agent> = {};
  beforeAll(async () => {
    t = await buildDemoApp(['analyst', 'viewer', 'caregroup'], agents);
  }, 300_000);
  afterAll(() => t.close());

  it('gives the report to organisation-wide roles and the full-count version only to those who see every count', async () => {
    const page = await agents.viewer!.get('/o/DHF/publication');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('/o/DHF/publication/2024/report/pdf');
    expect(page.body).not.toContain('view=full');
    const html = await agents.viewer!.get('/o/DHF/publication/2024/report/html');
    expect(html.statusCode).toBe(200);
    expect(html.headers['cache-control']).toBe('no-store');
    expect(String(html.headers['content-disposition'])).toContain('DHF-WRES-WDES-report-2024.html');
    expect((await agents.viewer!.get('/o/DHF/publication/2024/report/html?view=full')).statusCode).toBe(403);
    const full = await agents.analyst!.get('/o/DHF/publication/2024/report/html?view=full');
    expect(full.statusCode).toBe(200);
    expect(full.body).toContain('not for publication');
    expect((await agents.viewer!.get('/o/DHF/publication/2024/return')).statusCode).toBe(403);
    expect((await agents.analyst!.get('/o/DHF/publication/2024/report/odt')).statusCode).toBe(404);
  }, 120_000);

  it('gives a care-group manager their own care group’s pack and nothing wider', async () => {
    expect((await agents.caregroup!.get('/o/DHF/publication/2024/report/html')).statusCode).toBe(403);
    const own = await agents.caregroup!.get('/o/DHF/publication/2024/pack/Q1/html');
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('Medicine and Emergency Care');
    // Its plan is the care group's view: the trust-wide actions and its own, no other care group's.
    for (const words of [
      'Hold a listening event on every Medicine and Emergency Care ward',
      'Eleven ward listening events held',
      'Train every ward and department manager in responding to racism',
    ])
      expect(own.body).toContain(words);
    for (const words of ['theatre staff', 'Train maternity team leaders', '18 of 24 team leaders'])
      expect(own.body).not.toContain(words);
    const surgery = await agents.analyst!.get(
      `/o/DHF/publication/2024/pack/Q1/html?careGroup=${encodeURIComponent('Surgery and Anaesthetics')}`,
    );
    expect(surgery.statusCode).toBe(200);
    expect(surgery.body).toContain('development programme for band 5 and 6 theatre staff');
    expect(surgery.body).not.toContain('Hold a listening event');
    const other = await agents.caregroup!.get(
      `/o/DHF/publication/2024/pack/Q1/html?careGroup=${encodeURIComponent('Surgery and Anaesthetics')}`,
    );
    expect(other.statusCode).toBe(403);
  }, 120_000);
});
