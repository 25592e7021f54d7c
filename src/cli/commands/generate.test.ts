import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXIT } from '../exit-codes.js';
import { run } from '../main.js';
import { parseDatasets, parseYears } from './generate.js';

let out: string[] = [];
let err: string[] = [];
let dir: string;

async function parity(...args: string[]): Promise<number> {
  out = [];
  err = [];
  return run(args, (line) => err.push(line));
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'parity-generate-cli-'));
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  vi.spyOn(process.stdout, 'write').mockImplementation(
    (chunk: string | Uint8Array) => (out.push(String(chunk)), true),
  );
  vi.spyOn(process.stderr, 'write').mockImplementation(
    (chunk: string | Uint8Array) => (err.push(String(chunk)), true),
  );
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('parity generate', () => {
  it('has --help', async () => {
    expect(await parity('generate', '--help')).toBe(EXIT.OK);
    const help = out.join('');
    expect(help).toContain('Usage: parity generate');
    for (const option of [
      '--out',
      '--seed',
      '--trusts',
      '--staff',
      '--national',
      '--years',
      '--format',
      '--datasets',
    ])
      expect(help).toContain(option);
  });

  it('writes the files and the manifest and prints a summary', async () => {
    const target = path.join(dir, 'out');
    const code = await parity(
      'generate',
      '--out',
      target,
      '--staff',
      '120',
      '--years',
      '2023-2024',
      '--format',
      'csv',
      '--datasets',
      'workforce,board,benchmarks',
    );
    expect(err.join('')).toBe('');
    expect(code).toBe(EXIT.OK);
    expect(out.join('\n')).toMatch(
      /^Generated 5 files for 1 trust\(s\), years 2023, 2024: [\d,]+ rows in \d+\.\d s\.$/m,
    );
    expect(out.join('\n')).toContain(`Manifest: ${path.join(target, 'manifest.json')}`);
    for (const f of ['DHF/2023/workforce.csv', 'DHF/2024/board.csv', 'benchmarks.csv', 'manifest.json'])
      expect(existsSync(path.join(target, f)), f).toBe(true);
    const manifest = JSON.parse(readFileSync(path.join(target, 'manifest.json'), 'utf8')) as {
      seed: number;
      options: { years: number[] };
    };
    expect(manifest.seed).toBe(1);
    expect(manifest.options.years).toEqual([2023, 2024]);
  });

  it.each([
    [['--staff', '10'], 'staff must be a whole number from 50 to 100000'],
    [['--years', '1999'], 'years must be a list'],
    [['--datasets', 'workforce,payroll'], 'unknown dataset(s) payroll'],
    [['--format', 'pdf'], "argument 'pdf' is invalid"],
    [['--national', '--trusts', '3'], "option '--trusts <n>' cannot be used with option '--national'"],
    [['--national', '--format', 'xlsx'], 'writes CSV only'],
    [['--seed', '-1'], 'seed must be a whole number'],
  ])('exits 2 for a wrong command line: %j', async (args, message) => {
    expect(await parity('generate', '--out', path.join(dir, 'x'), ...args)).toBe(EXIT.USAGE);
    expect(err.join('')).toContain(message);
    expect(existsSync(path.join(dir, 'x'))).toBe(false);
  });

  it('exits 2 without --out', async () => {
    expect(await parity('generate')).toBe(EXIT.USAGE);
    expect(err.join('')).toContain("required option '--out <dir>' not specified");
  });

  it('exits 3 when --out is a file', async () => {
    const file = path.join(dir, 'a-file');
    writeFileSync(file, 'x');
    expect(await parity('generate', '--out', file, '--datasets', 'benchmarks')).toBe(EXIT.BAD_INPUT);
    expect(err.join('')).toContain('is a file, not a folder');
  });
});

describe('option parsers', () => {
  it('read year lists and ranges', () => {
    expect(parseYears('2024,2022')).toEqual([2022, 2024]);
    expect(parseYears('2021-2023, 2025')).toEqual([2021, 2022, 2023, 2025]);
    expect(() => parseYears('2024-2022')).toThrow();
    expect(() => parseYears('twenty')).toThrow();
  });

  it('read dataset lists', () => {
    expect(parseDatasets('workforce, pay')).toEqual(['workforce', 'pay']);
    expect(() => parseDatasets('')).toThrow();
  });
});
