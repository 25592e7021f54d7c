/**
 * Benchmarks run each contender in its own child process, so that peak memory (the child's maximum resident
 * set size, from the operating system) belongs to that contender alone, and report plain JSON back.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DATA_DIR = path.join(ROOT, 'bench', '.data');

export interface Measurement {
  /** What the child reports: at least the work done and how long it took. */
  result: Record<string, unknown> & { seconds: number };
  /** Peak resident memory of the child process, in megabytes. */
  peakMb: number;
}

/**
 * Runs `script` (a TypeScript file under bench/) with `args` in a child Node process. The child must print
 * one line starting with `RESULT ` followed by JSON, and may print progress to stderr. `nodeArgs` are extra
 * Node options for the child (e.g. --expose-gc).
 */
export function measure(
  script: string,
  args: string[] = [],
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--max-old-space-size=8192',
        ...nodeArgs,
        path.join(ROOT, 'bench', script),
        ...args,
      ],
      {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line)
        return reject(new Error(`${script} ${args.join(' ')} failed (exit ${code}):\n${out}`));
      const parsed = JSON.parse(line.slice('RESULT '.length)) as Measurement['result'] & { maxRssKb: number };
      resolve({ result: parsed, peakMb: Math.round(parsed.maxRssKb / 1024) });
    });
  });
}

/** Called by a child at the end: reports its result with the process's peak resident memory. */
export function report(result: Record<string, unknown> & { seconds: number }): void {
  console.log(`RESULT ${JSON.stringify({ ...result, maxRssKb: process.resourceUsage().maxRSS })}`);
}

export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** A fixed-width text table for the console. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
