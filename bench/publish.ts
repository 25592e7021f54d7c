/**
 * bench:publish — how long Parity takes to make what a trust hands over, and how much memory, beside
 * LibreOffice converting the same report from DOCX to PDF in the same run.
 *
 * Two trusts in one SQLite database (made once, cached in bench/.data/publish): the demo trust DHF with its
 * three years of data, and a generated trust of the national set's largest size (20,000 staff, WRES years
 * 2022 to 2024 of every dataset, loaded through the import path) with the demo's action plans. For each
 * trust and each output — the 2024 annual report and the Q2 2024/25 organisation-wide quarterly pack, each
 * in HTML, DOCX and PDF (publication view), and the 2024 national return as XLSX (full counts, the
 * download's default) — a new process opens the database and builds the output from scratch, as a
 * person's first download after an import (what an earlier output computed and kept in the database is
 * forgotten first: `forgetKept`): the computations and the disclosure ledger are part of the
 * time. Its time is build + render, taken inside the process around the work (module loading and opening
 * the database are not counted), with the CPU time the process spent on it (every thread), which shows
 * how much of the time was waiting for a busy machine; peak MB is the process's maximum resident memory.
 * One more process per trust builds the report's model once and renders it in each format, for the
 * render-only times.
 *
 * The peer: LibreOffice (`soffice --headless --convert-to pdf`, a fresh process each time, so its start-up
 * is part of its time) converting the report DOCX just made, timed around the spawn, twice per trust: the
 * first with a new profile folder, the second reusing it. Prints a table of every output and the ratios of
 * Parity's PDF to LibreOffice's conversion; removes its temporary folders.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { ensureSystemDeps, SOFFICE_PATH } from '../scripts/system-deps.mjs';
import { forgetKept, publishDatabase, QUARTER, YEAR, YEARS, type BenchTrust } from './publish/database.js';
import { fmt, measure, table, type Measurement } from './support/measure.js';

const PDFINFO_PATH = '/usr/bin/pdfinfo';
/** GNU time, for the peak memory of LibreOffice's process tree; without it only the time is shown. */
const TIME_PATH = '/usr/bin/time';

const OUTPUTS = [
  ['report-html', 'Report HTML'],
  ['report-docx', 'Report DOCX'],
  ['report-pdf', 'Report PDF'],
  ['pack-html', `Pack Q${QUARTER} HTML`],
  ['pack-docx', `Pack Q${QUARTER} DOCX`],
  ['pack-pdf', `Pack Q${QUARTER} PDF`],
  ['return-xlsx', 'Return XLSX'],
] as const;
type Output = (typeof OUTPUTS)[number][0];

interface Conversion {
  seconds: number;
  /** User + system CPU seconds of LibreOffice's processes, and their largest resident set (GNU time). */
  cpuSeconds: number | null;
  peakMb: number | null;
  file: string;
}

/** Pages of a PDF, as poppler's pdfinfo reads them. */
function pagesOf(file: string): number {
  const info = execFileSync(PDFINFO_PATH, [file], { encoding: 'utf8' });
  const pages = /^Pages:\s+(\d+)/m.exec(info)?.[1];
  if (!pages) throw new Error(`pdfinfo found no page count in ${file}`);
  return Number(pages);
}

/** LibreOffice converting `docx` to PDF in `outDir`, timed around the spawn (start-up included). */
function convert(docx: string, outDir: string, home: string): Promise<Conversion> {
  mkdirSync(outDir, { recursive: true });
  const timeFile = path.join(outDir, 'time.txt');
  const args = ['--headless', '--convert-to', 'pdf', '--outdir', outDir, docx];
  const withTime = existsSync(TIME_PATH);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      withTime ? TIME_PATH : SOFFICE_PATH,
      withTime ? ['-f', '%M %U %S', '-o', timeFile, SOFFICE_PATH, ...args] : args,
      { env: { ...process.env, HOME: home, TMPDIR: home }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const file = path.join(outDir, `${path.basename(docx, '.docx')}.pdf`);
      if (code !== 0 || !existsSync(file))
        return reject(new Error(`soffice failed (exit ${code}) on ${docx}:\n${output}`));
      // GNU time: the largest resident set (KB) of the processes it waited for, their user and system CPU.
      const [kb, user, system] = withTime
        ? readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number)
        : [];
      resolve({
        seconds,
        cpuSeconds: user === undefined || system === undefined ? null : user + system,
        peakMb: kb === undefined ? null : Math.round(kb / 1024),
        file,
      });
    });
  });
}

const s = (n: number) => fmt(n, 2);
const kb = (bytes: number) => fmt(bytes / 1024);

ensureSystemDeps({ log: (line) => process.stderr.write(`${line}\n`) });
const database = await publishDatabase();
const loadBefore = loadavg()[0]!;
const tmp = mkdtempSync(path.join(tmpdir(), 'parity-bench-publish-'));
try {
  const office = execFileSync(SOFFICE_PATH, ['--version'], {
    encoding: 'utf8',
    env: { ...process.env, HOME: path.join(tmp, 'version-home') },
  }).trim();
  const rows: string[][] = [];
  const renderRows: string[][] = [];
  const ratios: string[] = [];
  for (const trust of database.trusts) {
    const dir = path.join(tmp, trust.odsCode);
    mkdirSync(dir, { recursive: true });
    const done = new Map<Output, Measurement>();
    for (const [output, label] of OUTPUTS) {
      process.stderr.write(`${trust.odsCode}: ${label}...\n`);
      // Nothing an earlier output computed is read back: each is a first download after an import.
      await forgetKept(database.url);
      const m = await measure('publish/build.ts', [database.url, trust.odsCode, output, dir]);
      done.set(output, m);
      const file = String(m.result.file);
      rows.push([
        trust.odsCode,
        label,
        s(m.result.seconds),
        s(Number(m.result.cpuSeconds)),
        s(Number(m.result.buildSeconds)),
        s(Number(m.result.renderSeconds)),
        fmt(m.peakMb),
        kb(Number(m.result.bytes)),
        file.endsWith('.pdf') ? fmt(pagesOf(file)) : '',
      ]);
    }
    process.stderr.write(`${trust.odsCode}: the report's model once, rendered in each format...\n`);
    await forgetKept(database.url);
    const all = await measure('publish/build.ts', [database.url, trust.odsCode, 'report-all', dir]);
    const renders = all.result.renderSeconds as Record<'html' | 'docx' | 'pdf', number>;
    renderRows.push([
      trust.odsCode,
      s(Number(all.result.buildSeconds)),
      s(renders.html),
      s(renders.docx),
      s(renders.pdf),
      s(all.result.seconds),
      s(Number(all.result.cpuSeconds)),
      fmt(all.peakMb),
    ]);

    // The peer: LibreOffice converting the report DOCX made above, a new profile first, then reusing it.
    const docx = String(done.get('report-docx')!.result.file);
    const home = path.join(tmp, `${trust.odsCode}-home`);
    mkdirSync(home);
    const conversions: Conversion[] = [];
    for (const run of [1, 2]) {
      process.stderr.write(`${trust.odsCode}: LibreOffice converting the report DOCX to PDF (${run})...\n`);
      const c = await convert(docx, path.join(tmp, `${trust.odsCode}-soffice-${run}`), home);
      conversions.push(c);
      rows.push([
        trust.odsCode,
        `LibreOffice report DOCX->PDF (${run === 1 ? 'first, new profile' : 'second'})`,
        s(c.seconds),
        c.cpuSeconds === null ? 'n/a' : s(c.cpuSeconds),
        '',
        '',
        c.peakMb === null ? 'n/a' : fmt(c.peakMb),
        kb(statSync(c.file).size),
        fmt(pagesOf(c.file)),
      ]);
    }
    const peer = Math.min(...conversions.map((c) => c.seconds));
    const pdf = done.get('report-pdf')!;
    const pdfRender = Number(pdf.result.renderSeconds);
    ratios.push(
      `${trust.odsCode}: Parity DOCX->PDF render / LibreOffice DOCX->PDF = ${s(pdfRender / peer)}x (Parity renders the report's model to PDF in ${s(pdfRender)} s in a fresh process, ${s(renders.pdf)} s after HTML and DOCX in the one-model run; LibreOffice converts its DOCX in ${s(peer)} s, the faster of ${conversions.map((c) => s(c.seconds)).join(' s and ')} s)`,
      `${trust.odsCode}: Parity report PDF (build+render) / LibreOffice conversion alone = ${s(pdf.result.seconds / peer)}x (${s(pdf.result.seconds)} s / ${s(peer)} s)`,
    );
  }

  // The table pads every column but the first on the left: the outputs' names are padded to read as text.
  const width = Math.max(...rows.map((r) => r[1]!.length));
  const describe = (t: BenchTrust, what: string) =>
    `${t.odsCode} (${t.name}, ${what}, about ${fmt(t.staff)} staff, ${fmt(t.records)} records)`;
  const [demo, large] = database.trusts;
  console.log(`
bench:publish on ${process.platform}, Node ${process.version}, ${availableParallelism()} CPUs (load average ${fmt(loadBefore, 1)} at the start, ${fmt(loadavg()[0]!, 1)} at the end); ${office}. One process at a time.
Trusts: ${describe(demo, 'the demo trust')} and ${describe(large, 'generated, the national set’s largest size')}, WRES years ${YEARS.join(', ')}, in SQLite${database.setup.reused ? ' (cached database)' : `, made in ${fmt(database.setup.seconds)} s`}.
Each output is built from scratch in a new process (the computations and the disclosure ledger are part of its time): the ${YEAR} report and the Q${QUARTER} ${YEAR}/${String(YEAR + 1).slice(2)} organisation-wide pack in the publication view, the ${YEAR} national return with full counts. Seconds = build + render, inside the process, without module loading or opening the database; CPU s = the CPU time of every thread of the process (or of LibreOffice's processes) in that time.
`);
  console.log(
    table(
      [
        'Trust',
        'Output'.padEnd(width),
        'Seconds',
        'CPU s',
        'Build s',
        'Render s',
        'Peak MB',
        'Size KB',
        'Pages',
      ],
      rows.map(([trust, output, ...rest]) => [trust!, output!.padEnd(width), ...rest]),
    ),
  );
  console.log(
    `\nThe report's model built once in one process, then rendered in each format (render only):\n`,
  );
  console.log(
    table(['Trust', 'Build s', 'HTML s', 'DOCX s', 'PDF s', 'Total s', 'CPU s', 'Peak MB'], renderRows),
  );
  console.log(`\n${ratios.join('\n')}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
