/**
 * The program as it is installed: `bin/parity.js` and the bundle the build makes of the CLI
 * (scripts/bundle.mjs), which every other test bypasses by running the source. It starts, computes the
 * same figures as the source, and serves pages, the stylesheet, an upload checked in its worker thread, the
 * national return (its layouts read on demand) and a PDF (its fonts found beside their package).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { preparedDemo } from '../support/app.js';
import { startServer, WebClient, type ServerProcess } from '../support/server-process.js';
import { TEST_PSEUDONYMISATION_KEY, TEST_SECRET } from '../support/settings.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const BUNDLE = path.join(ROOT, 'dist/bundle/main.js');
const LOADED_SOURCES = path.join(ROOT, 'test/support/loaded-sources.mjs');

describe('the built program', () => {
  let dir = '';
  let env: Record<string, string> = {};
  let server: ServerProcess | null = null;

  beforeAll(async () => {
    if (!existsSync(BUNDLE)) throw new Error('dist/bundle/main.js is missing: run `npm run build` first');
    dir = mkdtempSync(path.join(tmpdir(), 'parity-built-'));
    copyFileSync(await preparedDemo(), path.join(dir, 'parity.sqlite'));
    env = {
      DATABASE_URL: `sqlite:${path.join(dir, 'parity.sqlite')}`,
      PARITY_SESSION_SECRET: TEST_SECRET,
      PARITY_PSEUDONYMISATION_KEY: TEST_PSEUDONYMISATION_KEY,
    };
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const parity = (args: string[], from: 'built' | 'source') =>
    run(
      process.execPath,
      from === 'built' ? ['bin/parity.js', ...args] : ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { cwd: ROOT, env: { ...process.env, PARITY_ENV: 'development', ...env }, maxBuffer: 64 << 20 },
    );

  it('starts and lists its commands', async () => {
    const { stdout } = await parity(['--help'], 'built');
    for (const command of ['serve', 'import', 'compute', 'publish']) expect(stdout).toContain(command);
  });

  it('computes the same figures as the source', async () => {
    const args = ['compute', '--org', 'DHF', '--year', '2024', '--format', 'json'];
    const built = JSON.parse((await parity(args, 'built')).stdout) as { indicators: unknown[] };
    const source = JSON.parse((await parity(args, 'source')).stdout) as unknown;
    expect(built.indicators.length).toBeGreaterThan(10);
    expect(built).toEqual(source);
  }, 120_000);

  it('reads kept figures without loading the records\u2019 encoding (Apache Arrow) or any package from outside the bundle but SQLite\u2019s driver', async () => {
    const args = ['compute', '--org', 'DHF', '--year', '2024', '--format', 'json'];
    await parity(args, 'built'); // computes and keeps the year's figures, if nothing has yet
    const list = path.join(dir, 'loaded.jsonl');
    await run(process.execPath, ['--import', LOADED_SOURCES, 'bin/parity.js', ...args], {
      cwd: ROOT,
      env: { ...process.env, PARITY_ENV: 'development', ...env, PARITY_LOADED_SOURCES: list },
      maxBuffer: 64 << 20,
    });
    const loaded = readFileSync(list, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { url: string; packages: string[] });
    const bundled = new Set(loaded.flatMap((m) => m.packages));
    const outside = new Set(
      loaded.flatMap((m) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(m.url)?.[1] ?? []),
    );
    // What the command needs is seen, so the lists are those of the run.
    expect(bundled).toContain('kysely');
    expect(bundled).toContain('commander');
    expect(bundled).not.toContain('apache-arrow');
    expect(loaded.some((m) => m.url.includes('/dist/bundle/record-chunks-'))).toBe(false);
    expect([...outside]).toEqual(['better-sqlite3']);
  }, 120_000);

  it('serves pages, the stylesheet, an upload checked in its worker, the return and a PDF', async () => {
    server = await startServer(env, { built: true });
    const analyst = WebClient.of(server.base);
    await analyst.signIn('analyst', DEMO_PASSWORD);
    const dashboard = await analyst.get('/o/DHF/dashboard');
    expect(dashboard.status).toBe(200);
    expect(dashboard.body).toContain('Culture Dashboard');
    const css = /href="(\/[^"]*parity[^"]*\.css)"/.exec(dashboard.body)?.[1];
    expect(css, 'the page links its stylesheet').toBeTruthy();
    expect((await analyst.get(css!)).status).toBe(200);

    const form = new FormData();
    form.append('_csrf', analyst.token!);
    const csv = readFileSync(path.join(ROOT, 'examples/workforce.csv'));
    form.append('files', new Blob([csv], { type: 'text/csv' }), 'workforce.csv');
    const upload = await fetch(`${server.base}/o/DHF/data/upload`, {
      method: 'POST',
      body: form,
      headers: { cookie: analyst.cookieHeader() },
      redirect: 'manual',
    });
    expect(upload.status).toBe(303);
    const preview = await analyst.get(upload.headers.get('location')!);
    expect(preview.status).toBe(200);
    expect(preview.body).toContain('workforce.csv');

    const download = async (url: string) => {
      const r = await fetch(server!.base + url, { headers: { cookie: analyst.cookieHeader() } });
      return {
        status: r.status,
        type: r.headers.get('content-type') ?? '',
        bytes: Buffer.from(await r.arrayBuffer()),
      };
    };
    const workbook = await download('/o/DHF/publication/2024/return');
    expect(workbook.status).toBe(200);
    expect(workbook.type).toContain('spreadsheetml');
    expect(workbook.bytes.subarray(0, 2).toString()).toBe('PK');
    const pdf = await download('/o/DHF/publication/2024/pack/Q3/pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // The ledger preparer's worker thread started at start-up, for every organisation, without a failure.
    expect(server.output()).not.toContain('Could not prepare');
  }, 240_000);
});
