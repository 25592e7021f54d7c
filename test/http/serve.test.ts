/**
 * `parity serve` as a real process: it migrates an empty database, creates the demo, answers on its port,
 * and stops cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/postgres-server.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('parity serve', () => {
  it('starts on an empty database with the demo, serves pages, and stops on SIGTERM', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'parity-serve-'));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--demo', '--port', String(port)],
      {
        cwd: root,
        env: {
          ...process.env,
          PARITY_ENV: 'development',
          PARITY_DATA_DIR: dataDir,
          DATABASE_URL: '',
          PARITY_LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 60_000;
      while (!output.includes('Parity is running at') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain(`Parity is running at http://localhost:${port}`);
      expect(output).toContain('applied 0001_foundation');
      expect(output).toMatch(
        /Created the demo trust: \d+ records from \d+ files, loaded through the import path/,
      );
      expect(output).toMatch(/admin\s+Administrator/);
      expect(output).toContain(path.join(dataDir, 'parity.sqlite'));
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(await health.json()).toEqual({ status: 'ok', database: 'ok' });
      const home = await fetch(`http://127.0.0.1:${port}/sign-in`);
      expect(await home.text()).toContain('Sign in to Parity');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('SIGTERM: stopping Parity');
  });
});
