/**
 * `parity compute` on the demo installation (three years of data for two trusts), as a person runs it:
 * a year without its own staff-in-post snapshot is refused (exit 3) naming the organisation, the year and
 * the years that have one; `--format json --published` prints the publication view only, never the raw
 * counts; each rolling-window figure names its window; under the mean of yearly ratios each year's counts
 * and ratio are printed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/main.js';
import { TEST_DEMO } from '../support/app.js';

const saved = { ...process.env };
let out: string[] = [];
let err: string[] = [];
let dir = '';

async function parity(...args: string[]): Promise<number> {
  out = [];
  err = [];
  return run(args, (line) => err.push(line));
}

/** Every leaf of a JSON value with its path. */
function leaves(value: unknown, at = '$'): [string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${at}[${i}]`));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([k, v]) => leaves(v, `${at}.${k}`));
  return [[at, value]];
}

/** Reads `parity compute --format csv` output: indicator,part,table,row,column -> value. */
function csvCells(lines: string[]): Map<string, string> {
  const cells = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const fields: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quoted && ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = !quoted;
      else if (ch === ',' && !quoted) {
        fields.push(cur);
        cur = '';
      } else cur += ch;
    }
    fields.push(cur);
    // A cell that would start a spreadsheet formula is written with a leading apostrophe.
    const value = fields[5] ?? '';
    cells.set(fields.slice(0, 5).join('|'), /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value);
  }
  return cells;
}

describe('parity compute', () => {
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'parity-compute-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeEach(() => {
    for (const key of Object.keys(process.env))
      if (key.startsWith('PARITY_') || key === 'DATABASE_URL' || key === 'PORT') delete process.env[key];
    Object.assign(process.env, {
      PARITY_ENV: 'test',
      DATABASE_URL: `sqlite:${path.join(dir, 'cli.sqlite')}`,
      PARITY_SESSION_SECRET: 'cli-test-secret-of-at-least-32-characters',
      PARITY_PSEUDONYMISATION_KEY: 'cli-test-pseudonymisation-key-of-32-chars',
    });
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
    vi.spyOn(process.stderr, 'write').mockImplementation(
      (chunk: string | Uint8Array) => (err.push(String(chunk)), true),
    );
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.env = { ...saved };
  });

  it('creates the demo with its three years of data', async () => {
    expect(await parity('demo', '--as-of', TEST_DEMO.asOf)).toBe(EXIT.OK);
  }, 180_000);

  it('refuses a year without its own staff-in-post snapshot, naming the organisation, the year and the years that have one', async () => {
    expect(await parity('compute', '--org', 'DHF', '--year', '2025', '--indicator', 'WRES1', 'WRES3')).toBe(
      EXIT.BAD_INPUT,
    );
    const message = err.join('\n');
    expect(message).toContain('Demo Hospitals NHS Foundation Trust (DHF)');
    expect(message).toContain('no staff-in-post snapshot at 31 March 2025');
    expect(message).toContain('Years with a snapshot: 2024, 2023, 2022');
    // Nothing is printed as the year's figures.
    expect(out.join('\n')).not.toContain('WRES3');
    // The ICB holds no data of its own.
    expect(await parity('compute', '--org', 'DIC')).toBe(EXIT.BAD_INPUT);
    expect(err.join('\n')).toContain('No staff-in-post snapshot is loaded yet');
    // A part of the organisation with nobody in post is named as such.
    expect(await parity('compute', '--org', 'DHF', '--care-group', 'Nowhere')).toBe(EXIT.BAD_INPUT);
    expect(err.join('\n')).toContain('has nobody in post in "Nowhere" at 31 March 2024');
    // A year that has one is computed.
    expect(await parity('compute', '--org', 'DHF', '--year', '2022', '--indicator', 'WRES1')).toBe(EXIT.OK);
  });

  it('prints the publication view only as JSON with --published: no count, the same cells as the published CSV', async () => {
    expect(await parity('compute', '--org', 'DHF', '--year', '2024', '--published', '--format', 'csv')).toBe(
      EXIT.OK,
    );
    const published = csvCells(out);
    expect(await parity('compute', '--org', 'DHF', '--year', '2024', '--format', 'csv')).toBe(EXIT.OK);
    const full = csvCells(out);
    // The counts from 1 to 7 the published text withholds.
    const withheld = [...published].filter(([k, v]) => v === '*' && /^[1-7]$/.test(full.get(k) ?? ''));
    expect(withheld.length).toBeGreaterThan(0);

    expect(await parity('compute', '--org', 'DHF', '--year', '2024', '--published', '--format', 'json')).toBe(
      EXIT.OK,
    );
    const json = JSON.parse(out.join('\n')) as Record<string, unknown> & {
      indicators: { id: string; parts: { key: string; headline: unknown[]; tables: unknown[] }[] }[];
    };
    expect(json).toMatchObject({
      view: 'publication',
      organisation: { code: 'DHF', name: 'Demo Hospitals NHS Foundation Trust' },
      year: 2024,
      period: { snapshotDate: '2024-03-31' },
    });
    expect(json.settings).toBeTypeOf('object');
    // The publication view's shape (toPublication's PublishedIndicator), and nothing of the results.
    for (const ind of json.indicators) {
      expect(Object.keys(ind), ind.id).toEqual(expect.arrayContaining(['id', 'title', 'parts']));
      // Not an IndicatorResult: no change, issues, formula or direction of the computed results.
      for (const k of ['change', 'issues', 'standard', 'formula', 'adverseDirection', 'recorded'])
        expect(ind, ind.id).not.toHaveProperty(k);
      for (const p of ind.parts) {
        expect(Object.keys(p), ind.id).toEqual(
          expect.arrayContaining(['key', 'label', 'headline', 'tables']),
        );
        expect(p, ind.id).not.toHaveProperty('metric');
      }
    }
    const shown = leaves(json.indicators);
    // Nothing of the computed results (their counts), only the publication view's display text; a number
    // is only ever a headline's value, which the view works out from its own published counts.
    for (const [p] of shown)
      expect(p).not.toMatch(/\.(numerator|denominator|count|n|total|metric|result|groups|breakdowns)\b/);
    expect(
      shown.filter(([p, v]) => typeof v === 'number' && !/\.headline\[\d+\]\.(value|likelihood)\b/.test(p)),
    ).toEqual([]);
    // Every cell reads as the published CSV reads it: a withheld count stays withheld.
    const cells = new Map<string, string>();
    for (const ind of json.indicators as unknown as {
      id: string;
      parts: {
        key: string;
        headline: { label: string; text: string }[];
        tables: { title: string; columns: string[]; rows: { label: string; cells: { text: string }[] }[] }[];
      }[];
    }[])
      for (const p of ind.parts) {
        for (const h of p.headline) cells.set([ind.id, p.key, 'headline', h.label, ''].join('|'), h.text);
        for (const t of p.tables)
          for (const r of t.rows)
            r.cells.forEach((c, i) =>
              cells.set([ind.id, p.key, t.title, r.label, t.columns[i] ?? ''].join('|'), c.text),
            );
      }
    for (const [key] of withheld) expect(cells.get(key), key).toBe('*');
    for (const [key, text] of published) expect(cells.get(key), key).toBe(text);
  });

  it('names the window of each rolling figure, and prints each year’s counts under the mean of yearly ratios', async () => {
    expect(await parity('compute', '--org', 'DHF', '--year', '2024', '--indicator', 'WRES3')).toBe(EXIT.OK);
    expect(out.join('\n')).toContain('Window: two years pooled (2022/23 and 2023/24)');
    expect(await parity('compute', '--org', 'DHF', '--year', '2022', '--indicator', 'WRES3')).toBe(EXIT.OK);
    expect(out.join('\n')).toContain('Window: one year (2021/22)');
    expect(
      await parity('settings', 'set', '--org', 'DHF', 'wres.indicator3.windowMethod=MEAN_OF_RATIOS'),
    ).toBe(EXIT.OK);
    expect(await parity('compute', '--org', 'DHF', '--year', '2024', '--indicator', 'WRES3')).toBe(EXIT.OK);
    const text = out.join('\n');
    expect(text).toContain('Window: mean of two yearly ratios (2022/23 and 2023/24)');
    expect(text).toMatch(/2022\/23: relative likelihood \d+\.\d\d/);
    expect(text).toMatch(/2023\/24: relative likelihood \d+\.\d\d/);
    // Each year's counts, in the same table as the figure's.
    expect(text.match(/Counts and rates/g)?.length).toBeGreaterThanOrEqual(3);
    // And in the JSON of the publication view.
    expect(
      await parity(
        'compute',
        '--org',
        'DHF',
        '--year',
        '2024',
        '--indicator',
        'WRES3',
        '--published',
        '--format',
        'json',
      ),
    ).toBe(EXIT.OK);
    const json = JSON.parse(out.join('\n')) as {
      windows: Record<string, string>;
      yearly: Record<string, { label: string; ratio: string }[]>;
    };
    expect(json.windows.WRES3).toBe('mean of two yearly ratios (2022/23 and 2023/24)');
    expect(json.yearly.WRES3!.map((y) => y.label)).toEqual(['2022/23', '2023/24']);
    expect(await parity('settings', 'reset', '--org', 'DHF')).toBe(EXIT.OK);
  });
});
