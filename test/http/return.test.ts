/**
 * `parity publish return` on the demo installation: the national WRES and WDES return for DHF 2024 made by
 * the command line (spawned, as a person runs it), read back cell by cell against `parity compute --format
 * json` (the full view's exact counts, found by the same slots) and against `--published` (the publication
 * view's text, figure by figure); opened in LibreOffice; compared with an edited copy standing in for NHS
 * England's pre-populated file; and broken inputs refused with a message that says what and where.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { deflateRawSync, crc32 } from 'node:zlib';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ensureSystemDeps, officeToPdf, PDFTOTEXT_PATH } from '../../scripts/system-deps.mjs';
import { EXIT } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/main.js';
import {
  roundHalfAwayFromZero,
  slotsOf,
  type IndicatorResults,
  type StatisticResult,
} from '../../src/engine/index.js';
import { isCountSlot, layoutOf, type LaidCell } from '../../src/features/publication/return/layout.js';
import { MANUAL_TEXT } from '../../src/features/publication/return/model.js';
import { buildReturn } from '../../src/features/publication/return/workbook.js';
import { parseTemplate, templateFor } from '../../src/features/publication/return/template.js';
import { isParityError } from '../../src/shared/errors.js';
import { TEST_DEMO } from '../support/app.js';

const root = path.resolve(import.meta.dirname, '../..');
const saved = { ...process.env };
let dir = '';
let out: string[] = [];
let err: string[] = [];
let env: Record<string, string> = {};

async function parity(...args: string[]): Promise<number> {
  out = [];
  err = [];
  return run(args, (line) => err.push(line));
}

/** The command as a person runs it: a process of its own. */
function spawned(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

type Figure = Extract<LaidCell, { kind: 'figure' }>;
type Cells = Map<string, unknown>;
const laid = layoutOf(templateFor(2024));
const figures = laid.flatMap((s) =>
  s.cells.flatMap((c) => (c.kind === 'figure' ? [{ sheet: s.sheet.name, c }] : [])),
);
const manual = laid.flatMap((s) =>
  s.cells.flatMap((c) => (c.kind === 'manual' ? [{ sheet: s.sheet.name, c }] : [])),
);

async function readCells(file: string): Promise<Map<string, Cells>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheets = new Map<string, Cells>();
  for (const ws of wb.worksheets) {
    const cells: Cells = new Map();
    ws.eachRow((row) => row.eachCell((cell) => cells.set(cell.address, cell.value)));
    sheets.set(ws.name, cells);
  }
  return sheets;
}

const board = (id: string) => id === 'WRES9' || id === 'WDES10';
const round = (x: number | null, d: number) => (x === null ? '–' : roundHalfAwayFromZero(x, d));

/** What the full view must show for a figure, worked out here from the engine's results. */
function expected(results: IndicatorResults, f: Figure['figure']): number | string {
  const ind = results.indicators.find((i) => i.id === f.indicator)!;
  if (f.part === 'recorded') return MANUAL_TEXT; // nothing recorded in the demo
  const r: StatisticResult = ind.parts.find((p) => p.key === f.part)!.metric.result;
  const d = results.settings['display.percentDecimals'];
  if (isCountSlot(f.slot)) return slotsOf(r, board(ind.id)).counts.get(f.slot) ?? 0;
  const group = f.slot.split(':').at(-1);
  if (r.type === 'relativeLikelihood' && f.slot === 'rl')
    return round(r.relativeLikelihood.value, results.settings['display.rlDecimals']);
  if (r.type === 'relativeLikelihood' || r.type === 'rate') {
    const g = r.groups.find((x) => x.group === group)!;
    return round(g.value === null ? null : g.value * 100, d);
  }
  if (r.type === 'representationDifference')
    return f.slot === 'diff'
      ? round(r.difference, d)
      : round(f.slot === 'pct:rp' ? r.population.percent : r.comparison.percent, d);
  if (r.type === 'surveyPercentage') return round(r.groups.find((x) => x.group === group)!.percent, d);
  if (r.type === 'surveyScore') return round(r.groups.find((x) => x.group === group)!.score, 1);
  throw new Error(`no expectation for ${f.indicator} ${f.slot}`);
}

/** The publication view's text for a figure, found in `compute --published --format json` by its labels. */
function publishedText(pub: PublishedJson, results: IndicatorResults, f: Figure['figure']): string | null {
  if (f.part === 'recorded') return MANUAL_TEXT; // nothing recorded in the demo
  const ind = results.indicators.find((i) => i.id === f.indicator)!;
  const r = ind.parts.find((p) => p.key === f.part)!.metric.result;
  const part = pub.indicators.find((i) => i.id === f.indicator)!.parts.find((p) => p.key === f.part)!;
  const head = (label: string) => part.headline.find((h) => h.label === label)!.text;
  const cell = (row: string, column: string) => {
    for (const t of part.tables) {
      const j = t.columns.indexOf(column);
      const found = t.rows.find((x) => x.label === row);
      if (j >= 0 && found) return found.cells[j]!.text;
    }
    return null;
  };
  const [kind, ...rest] = f.slot.split(':');
  switch (r.type) {
    case 'distribution': {
      const key = rest.slice(0, kind === 'c' ? -1 : undefined).join(':');
      const row = key === '*' ? r.overall : r.rows.find((x) => x.key === key);
      if (!row) return null; // nobody in the row: no row is shown
      const label = key === '*' ? 'Overall workforce' : row.label;
      if (kind === 't') return cell(label, 'Total');
      return cell(label, `${row.groups.find((g) => g.group === rest.at(-1))!.label} (n)`);
    }
    case 'rate':
    case 'relativeLikelihood': {
      if (f.slot === 'rl') return head('Relative likelihood');
      const g = rest[0] === 'ALL' ? r.all : r.groups.find((x) => x.group === rest[0])!;
      return cell(g.label, kind === 'n' ? 'Numerator' : kind === 'd' ? 'Denominator' : 'Rate');
    }
    case 'representationDifference': {
      if (f.slot === 'diff') return head('Difference (percentage points)');
      // The board (rp, rt, pct:rp) is the first row, the workforce (cp, ct, pct:cp) the second.
      const row = /r[pt]$/.test(f.slot) ? r.populationLabel : r.comparisonLabel;
      const columns = part.tables[0]!.columns;
      return cell(row, f.slot.startsWith('pct') ? columns[2]! : f.slot.endsWith('t') ? 'Total' : columns[0]!);
    }
    case 'surveyPercentage':
    case 'surveyScore':
      return cell(r.groups.find((g) => g.group === rest[0])!.label, r.type === 'surveyScore' ? 'Score' : '%');
    default:
      throw new Error(`no published text for ${f.indicator} ${f.slot}`);
  }
}

interface PublishedJson {
  indicators: {
    id: string;
    parts: {
      key: string;
      headline: { label: string; text: string }[];
      tables: { columns: string[]; rows: { label: string; cells: { text: string }[] }[] }[];
    }[];
  }[];
}

/** A presenter text as the number the workbook holds ("1,570" -> 1570, "24.6%" -> 24.6), else itself. */
const asValue = (text: string) =>
  /^-?[\d,]+(\.\d+)?%?$/.test(text) ? Number(text.replace(/[,%]/g, '')) : text;

/** A ZIP with one entry that declares and inflates to `size` zero bytes: a tiny file that would expand hugely. */
function zipBomb(size: number): Buffer {
  const data = Buffer.alloc(size);
  const packed = deflateRawSync(data, { level: 9 });
  const name = Buffer.from('xl/workbook.xml');
  /** Little-endian fields, each as wide (2 or 4 bytes) as its digit in `widths`. */
  const le = (widths: string, values: number[]) => {
    const b = Buffer.alloc([...widths].reduce((n, w) => n + Number(w), 0));
    values.reduce((o, v, i) => (widths[i] === '2' ? b.writeUInt16LE(v, o) : b.writeUInt32LE(v >>> 0, o)), 0);
    return b;
  };
  // method (deflate), time, date, CRC, compressed size, declared size, name length, extra length
  const common = [8, 0, 0, crc32(data), packed.length, size, name.length, 0];
  const local = le('422' + '22244422', [0x04034b50, 20, 0, ...common]);
  const central = le('4222' + '22244422' + '22244', [0x02014b50, 20, 20, 0, ...common, 0, 0, 0, 0, 0]);
  const offset = local.length + name.length + packed.length;
  const end = le('42222442', [0x06054b50, 0, 0, 1, 1, central.length + name.length, offset, 0]);
  return Buffer.concat([local, name, packed, central, name, end]);
}

describe('parity publish return', () => {
  let full = '';
  let published = '';
  let results: IndicatorResults;
  let pub: PublishedJson;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'parity-return-'));
    env = {
      PARITY_ENV: 'test',
      DATABASE_URL: `sqlite:${path.join(dir, 'return.sqlite')}`,
      PARITY_SESSION_SECRET: 'cli-test-secret-of-at-least-32-characters',
      PARITY_PSEUDONYMISATION_KEY: 'cli-test-pseudonymisation-key-of-32-chars',
    };
    for (const key of Object.keys(process.env))
      if (key.startsWith('PARITY_') || key === 'DATABASE_URL' || key === 'PORT') delete process.env[key];
    Object.assign(process.env, env);
    expect(await run(['demo', '--as-of', TEST_DEMO.asOf], () => {})).toBe(EXIT.OK);
    full = path.join(dir, 'DHF-2024.xlsx');
    const made = spawned('publish', 'return', '--org', 'DHF', '--year', '2024', '--out', full);
    expect(made.status, made.stderr).toBe(EXIT.OK);
    expect(made.stdout).toContain('full counts, for NHS England only');
  }, 240_000);
  afterAll(() => {
    process.env = { ...saved };
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  });
  afterEach(() => vi.restoreAllMocks());

  it('(a) holds every figure of the layout as computed: exact counts as numbers, by the same slots', async () => {
    expect(await parity('compute', '--org', 'DHF', '--year', '2024', '--format', 'json')).toBe(EXIT.OK);
    results = JSON.parse(out.join('\n')) as IndicatorResults;
    const sheets = await readCells(full);
    expect([...sheets.keys()]).toEqual(['Cover', 'WRES', 'WDES', 'Bank WRES', 'MWRES', 'Data quality']);
    expect(figures.length).toBeGreaterThan(250);
    for (const { sheet, c } of figures) {
      const want = expected(results, c.figure);
      const got = sheets.get(sheet)!.get(c.address);
      expect(got, `${sheet}!${c.address} ${c.label}`).toEqual(want);
      if (isCountSlot(c.figure.slot)) expect(typeof got, c.label).toBe('number');
    }
    for (const { sheet, c } of manual) expect(sheets.get(sheet)!.get(c.address)).toBe(MANUAL_TEXT);
    const cover = [...sheets.get('Cover')!.values()].join('\n');
    for (const text of [
      'DHF',
      'Demo Hospitals NHS Foundation Trust',
      'staff in post at 31 March 2024, events of 2023/24',
    ])
      expect(cover).toContain(text);
    expect(cover).toContain('Full counts — for submission to NHS England only, not for publication');
    const quality = [...sheets.get('Data quality')!.values()].join('\n');
    expect(quality).toContain('two years pooled (2022/23 and 2023/24)');
    expect(quality).toContain('Parity does not identify senior medical managers');
  });

  it('(b) opens in LibreOffice: the headings and figures are on the printed pages', () => {
    ensureSystemDeps({ log: (line) => console.info(line) });
    officeToPdf([full], path.join(dir, 'pdf'));
    const text = execFileSync(PDFTOTEXT_PATH, ['-layout', path.join(dir, 'pdf', 'DHF-2024.pdf'), '-'], {
      encoding: 'utf8',
    }).replace(/\s+/g, ' ');
    for (const expectedText of [
      'Workforce Race Equality Standard (WRES): data collection 2024',
      'Workforce Disability Equality Standard (WDES): data collection 2024',
      'WRES 2: shortlisting and appointment, all posts',
      'WDES 10: board membership and the overall workforce',
      'Bank Workforce Race Equality Standard (Bank WRES): data collection 2024',
      'MWRES 1: medical headcount at 31 March by grade',
      'Bank WRES 4 to 7: NHS Staff Survey for bank only workers (% of respondents)',
      'Bank WRES 8: moving into a substantive post',
      'Demo Hospitals NHS Foundation Trust',
      'Not computed by Parity: enter by hand',
      'Figure affected',
      '2,270',
      '1.29',
    ])
      expect(text).toContain(expectedText);
  }, 180_000);

  it('(c) withholds and rounds every count in the publication view, each as compute --published shows it', async () => {
    published = path.join(dir, 'DHF-2024-published.xlsx');
    expect(
      await parity('publish', 'return', '--org', 'DHF', '--year', '2024', '--out', published, '--published'),
    ).toBe(EXIT.OK);
    expect(await parity('compute', '--org', 'DHF', '--year', '2024', '--format', 'json', '--published')).toBe(
      EXIT.OK,
    );
    pub = JSON.parse(out.join('\n')) as PublishedJson;
    const sheets = await readCells(published);
    let withheld = 0;
    for (const { sheet, c } of figures) {
      const got = sheets.get(sheet)!.get(c.address);
      const what = `${sheet}!${c.address} ${c.label}`;
      const text = publishedText(pub, results, c.figure);
      if (text === null) expect(got, what).toBe(0);
      else expect(got, what).toEqual(asValue(text));
      // The board's make-up is published in full (suppression.publishBoard); every other count is
      // withheld (1 to 7), rounded to 5, or 0.
      if (!isCountSlot(c.figure.slot) || (board(c.figure.indicator) && /^r[pt]$/.test(c.figure.slot)))
        continue;
      if (got === '*') withheld++;
      else {
        expect(typeof got, what).toBe('number');
        expect((got as number) % 5, what).toBe(0);
      }
    }
    expect(withheld).toBeGreaterThan(10);
    // Nowhere on the standards' sheets is a count of 1 to 7 written, outside the board's make-up (every
    // other number there is a percentage, a rate or a ratio worked out from published counts).
    const counts = new Set(
      figures
        .filter(
          ({ c }) =>
            isCountSlot(c.figure.slot) && !(board(c.figure.indicator) && /^r[pt]$/.test(c.figure.slot)),
        )
        .map(({ sheet, c }) => `${sheet}!${c.address}`),
    );
    for (const name of ['WRES', 'WDES', 'Bank WRES', 'MWRES'])
      for (const [address, v] of sheets.get(name)!)
        if (counts.has(`${name}!${address}`) && typeof v === 'number')
          expect(v >= 1 && v <= 7, `${name}!${address} is ${v}`).toBe(false);
    expect([...sheets.get('Cover')!.values()].join('\n')).toContain(
      'Publication view (small numbers withheld)',
    );
  });

  it('(d) lists exactly the figures that differ from a pre-populated file, and exits 0', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(full);
    const wres = wb.getWorksheet('WRES')!;
    const wdes = wb.getWorksheet('WDES')!;
    wres.getCell('C26').value = 999; // WRES 1 clinical Band 5 BME
    wres.getCell('B68').value = 30.2; // WRES 5 White
    wdes.getCell('B12').value = '*'; // WDES 1 clinical cluster 2 Disabled
    wdes.getCell('C39').value = null; // WDES 4a (i) non-disabled, blanked
    const theirs = path.join(dir, 'prefilled.xlsx');
    await wb.xlsx.writeFile(theirs);
    expect(await parity('publish', 'return', '--org', 'DHF', '--year', '2024', '--compare', theirs)).toBe(
      EXIT.OK,
    );
    const rows = out.filter((l) => /^(WRES|WDES)\s/.test(l));
    expect(rows.map((l) => l.split(/\s+/).slice(0, 2).join('!'))).toEqual([
      'WRES!C26',
      'WRES!B68',
      'WDES!B12',
      'WDES!C39',
    ]);
    expect(rows[0]).toMatch(/WRES 1: Clinical: Band 5, BME\s+999\s+133$/);
    expect(rows[1]).toMatch(/30\.2\s+23\.5$/);
    expect(rows[2]).toMatch(/WDES 1: Clinical: Cluster 2.*Disabled\s+\*\s+53$/);
    expect(rows[3]).toMatch(/\(empty\)\s+23\.2$/);
    expect(out.at(-1)).toBe('4 figures differ between prefilled.xlsx and Parity.');
    // Our own file has no difference.
    expect(await parity('publish', 'return', '--org', 'DHF', '--year', '2024', '--compare', full)).toBe(
      EXIT.OK,
    );
    expect(out.at(-1)).toBe('No figure differs between DHF-2024.xlsx and Parity.');
  });

  it('(d) refuses what is not a return, saying what and where, with a non-zero exit', async () => {
    const text = path.join(dir, 'notes.xlsx');
    writeFileSync(text, 'figures,1,2,3\n');
    const bad = spawned('publish', 'return', '--org', 'DHF', '--year', '2024', '--compare', text);
    expect(bad.status).toBe(EXIT.BAD_INPUT);
    expect(bad.stderr).toContain('notes.xlsx could not be opened as an XLSX workbook');

    const bomb = path.join(dir, 'bomb.xlsx');
    writeFileSync(bomb, zipBomb(8 * 1024 * 1024));
    expect(await parity('publish', 'return', '--org', 'DHF', '--year', '2024', '--compare', bomb)).toBe(
      EXIT.BAD_INPUT,
    );
    expect(err.join('\n')).toContain('bomb.xlsx could not be opened as an XLSX workbook');
    expect(err.join('\n')).toContain('xl/workbook.xml is compressed');
    expect(err.join('\n')).toContain('zip bomb');

    const huge = path.join(dir, 'huge.xlsx');
    writeFileSync(huge, Buffer.alloc(21 * 1024 * 1024, 1));
    expect(await parity('publish', 'return', '--org', 'DHF', '--year', '2024', '--compare', huge)).toBe(
      EXIT.BAD_INPUT,
    );
    expect(err.join('\n')).toContain('huge.xlsx is 21 MB');

    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('WRES').getCell('A1').value = 'WRES';
    const oneSheet = path.join(dir, 'one-sheet.xlsx');
    await wb.xlsx.writeFile(oneSheet);
    expect(await parity('publish', 'return', '--org', 'DHF', '--year', '2024', '--compare', oneSheet)).toBe(
      EXIT.BAD_INPUT,
    );
    expect(err.join('\n')).toContain('one-sheet.xlsx has no sheet named "WDES"');
    expect(err.join('\n')).toContain('sheets found: "WRES"');
  });

  it('writes recorded text as text: an answer and an example that looks like a formula', async () => {
    const recorded = {
      ...results,
      indicators: results.indicators.map((i) =>
        i.id === 'WDES9b'
          ? { ...i, recorded: { answer: 'yes' as const, narrative: '=HYPERLINK("http://x") Staff network' } }
          : i,
      ),
    };
    const file = await buildReturn({
      organisation: { name: '+Trust', odsCode: 'DHF' },
      year: 2024,
      results: recorded,
      view: 'full',
      lookup: null,
      template: templateFor(2024),
      generatedAt: new Date('2024-05-01T09:00:00Z'),
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const wdes = wb.getWorksheet('WDES')!;
    expect(wdes.getCell('B51').value).toBe('Yes');
    expect(wdes.getCell('B52').value).toBe(`'=HYPERLINK("http://x") Staff network`);
    expect(wdes.getCell('B52').formula).toBeUndefined();
    expect(wb.getWorksheet('Cover')!.getCell('B3').value).toBe("'+Trust");
    // Frozen titles and the first column, bold headers, widths from the layout.
    expect(wdes.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 3 });
    expect(wdes.getCell('B6').font?.bold).toBe(true);
    expect(wdes.getColumn(1).width).toBe(72);
    expect(wb.getWorksheet('Data quality')!.getRow(1).font?.bold).toBe(true);
  });

  it('(e) refuses a broken template, naming the entry', () => {
    const t = structuredClone(templateFor(2024)) as unknown as { sheets: { blocks: unknown[] }[] };
    const block = t.sheets[1]!.blocks[3] as { rows: { label: string; figure?: unknown }[] };
    block.rows[1]!.figure = { indicator: 'WDES1', slot: 'count of everyone' };
    try {
      parseTemplate(t, '2099.json');
      throw new Error('accepted');
    } catch (error) {
      expect(isParityError(error, 'INVALID_INPUT')).toBe(true);
      expect((error as Error).message).toContain('The national return layout 2099.json is not valid');
      expect((error as Error).message).toContain(
        'sheets[1] "WDES" > blocks[3] "WDES 1: headcount at 31 March by cluster" > rows[1] "Non-clinical: Cluster 2: AfC bands 5 to …"',
      );
      expect((error as Error).message).toContain('"count of everyone" (column "DISABLED") is not a slot');
    }
  });
});
