/** `parity plan list | export | import` against a real SQLite file, as a person runs them. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it, vi } from 'vitest';
import { FULL_COUNT_MARKING } from '../../src/engine/index.js';
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

describe('parity plan', () => {
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'parity-plan-cli-'));
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

  it('lists the demo trust’s two plans, the second carried forward from the first', async () => {
    expect(await parity('demo', '--no-data', '--as-of', TEST_DEMO.asOf)).toBe(EXIT.OK);
    expect(await parity('plan', 'list', '--org', 'DHF')).toBe(EXIT.OK);
    expect(out).toEqual([
      expect.stringMatching(
        /^2024\/25\tApproved by the board\t\d+ actions\tWRES and WDES action plan 2024\/25$/,
      ),
      expect.stringMatching(/^2023\/24\tPublished\t6 actions\tWRES and WDES action plan 2023\/24$/),
    ]);
  });

  it('exports a plan as Word, and says plainly what is wrong with a bad request', async () => {
    const file = path.join(dir, 'plan.docx');
    expect(await parity('plan', 'export', '--org', 'DHF', '--year', '2024', '--out', file)).toBe(EXIT.OK);
    expect(out.join('\n')).toContain(`to ${file}`);
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
    expect(await parity('plan', 'export', '--org', 'DHF', '--year', '2024', '--format', 'pdf')).toBe(
      EXIT.BAD_INPUT,
    );
    expect(err.join('\n')).toContain('--format must be one of docx, html, xlsx, csv');
    expect(await parity('plan', 'export', '--org', 'DHF', '--year', '2040')).toBe(EXIT.BAD_INPUT);
    expect(err.join('\n')).toContain('has no plan for 2040/41');
  });

  it('exports one unit’s view of the plan, and the full counts only when asked, marked as such', async () => {
    const whole = path.join(dir, 'whole.html');
    const unit = path.join(dir, 'unit.html');
    const full = path.join(dir, 'full.html');
    expect(
      await parity('plan', 'export', '--org', 'DHF', '--year', '2024', '--format', 'html', '--out', whole),
    ).toBe(EXIT.OK);
    const wholeCount = Number(/\((\d+) actions\)/.exec(out.join('\n'))?.[1]);
    expect(
      await parity(
        'plan',
        'export',
        '--org',
        'DHF',
        '--year',
        '2024',
        '--format',
        'html',
        '--unit',
        'medicine and emergency care',
        '--out',
        unit,
      ),
    ).toBe(EXIT.OK);
    const unitCount = Number(/\((\d+) actions\)/.exec(out.join('\n'))?.[1]);
    expect(unitCount).toBeGreaterThan(0);
    expect(unitCount).toBeLessThan(wholeCount);
    expect(readFileSync(unit, 'utf8')).toContain('The actions of Medicine and Emergency Care');
    expect(readFileSync(whole, 'utf8')).not.toContain(FULL_COUNT_MARKING);
    expect(
      await parity(
        'plan',
        'export',
        '--org',
        'DHF',
        '--year',
        '2024',
        '--format',
        'html',
        '--full-counts',
        '--out',
        full,
      ),
    ).toBe(EXIT.OK);
    expect(readFileSync(full, 'utf8')).toContain(FULL_COUNT_MARKING);
    expect(await parity('plan', 'export', '--org', 'DHF', '--year', '2024', '--unit', 'Nowhere Ward')).toBe(
      EXIT.BAD_INPUT,
    );
    expect(err.join('\n')).toContain('has no unit "Nowhere Ward". Its care groups: ');
  });

  it('shows what it read from a file with --dry-run and saves nothing, then imports it into a new plan', async () => {
    const csv = path.join(dir, 'plan.csv');
    writeFileSync(
      csv,
      [
        'WRES indicator,Agreed actions,Lead,Timescale,Status',
        '"Indicator 2: Appointments","Audit every senior panel (New)","Head of Resourcing","Q2 2030/31",G',
        '"Indicator 7: Equal opportunities","Audit every senior panel (New)","Head of Resourcing","Q2 2030/31",G',
      ].join('\n'),
    );
    expect(await parity('plan', 'import', csv, '--org', 'DHF', '--year', '2030', '--dry-run')).toBe(EXIT.OK);
    const shown = out.join('\n');
    expect(shown).toContain('Agreed actions → Action');
    expect(shown).toContain('Status → RAG status');
    expect(shown).toContain('2 rows with an action make 1 actions (1 rows merged');
    expect(shown).toContain('1. [WRES 2, WRES 7] Audit every senior panel');
    expect(shown).toContain('Dry run: nothing was saved.');
    expect(await parity('plan', 'list', '--org', 'DHF')).toBe(EXIT.OK);
    expect(out.join('\n')).not.toContain('2030/31');
    expect(await parity('plan', 'import', csv, '--org', 'DHF', '--year', '2030')).toBe(EXIT.OK);
    expect(out.join('\n')).toContain('Added 1 actions to WRES and WDES action plan 2030/31.');
    expect(await parity('plan', 'list', '--org', 'DHF')).toBe(EXIT.OK);
    expect(out[0]).toMatch(/^2030\/31\tDraft\t1 actions\t/);
  });
});
