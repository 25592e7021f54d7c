/**
 * bench:engine — Parity's metrics engine against the same computation as SQL in DuckDB, in the same run,
 * on the generated national set (215 trusts, about 1.4 million staff a year, 2023 and 2024): WRES, WDES and
 * the gender, ethnicity and disability pay gaps for every trust and every care group. The files are turned
 * into canonical records once with Parity's loader (ingest, not timed) and cached; both sides compute from
 * those same records. Prints
 * both times, the ratio, peak memory, the time for one 10,000-staff trust, and a cross-check of every figure
 * the SQL produces against Parity's.
 *
 * Then what people wait for, each beside its peer or target:
 * - from storage to figures: Parity reading its own database (the records stored in columns, through the
 *   indicators service) and computing every indicator, against DuckDB loading the same records from
 *   Parquet and running its SQL (its load and compute of the same run), with the figures cross-checked;
 * - for the 10,000-staff trust loaded through the import path into a fresh database: the first dashboard
 *   overview after an import (target under 150 ms), reading its records, and `parity compute` from start
 *   to exit (target under 400 ms), the CLI compiled from this tree.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { bundleCli } from '../scripts/bundle.mjs';
import { crossCheck, figureIndicator, readFigures, SQL_INDICATOR_PARTS } from './engine/figures.js';
import { canonicalData } from './support/canonical.js';
import { DATA_DIR, fmt, measure, ROOT, table, type Measurement } from './support/measure.js';

const index = await canonicalData();
const single = index.trusts.reduce((best, t) =>
  Math.abs(t.staff - 10_000) < Math.abs(best.staff - 10_000) ? t : best,
);
const out = path.join(DATA_DIR, 'engine');
mkdirSync(out, { recursive: true });
const parityFile = path.join(out, 'parity-figures.ndjson');
const duckdbFile = path.join(out, 'duckdb-figures.ndjson');

const run = (
  label: string,
  script: string,
  args: string[],
  nodeArgs: string[] = [],
): Promise<Measurement> => {
  process.stderr.write(`${label}...\n`);
  return measure(script, args, {}, nodeArgs);
};
const workers = availableParallelism();
/**
 * Node options of the Parity children: gc() for the minor collection after reading a trust; the collector
 * on the child's own thread, since there is already one child per core (V8's helper threads would take the
 * other children's cores); and a young generation of 64 MB semi-spaces (V8's default is 16 MB), so that
 * what one trust's computation allocates is mostly collected young instead of being promoted. These are
 * the settings of a batch process; DuckDB runs with its own defaults (a thread per core, memory up to 80%
 * of RAM).
 */
const PARITY_NODE = ['--expose-gc', '--single-threaded-gc', '--max-semi-space-size=64'];

/**
 * Parity on every trust, split between one child per core running at the same time. Its time is the
 * slowest child's (the national result is ready when the last share is); the single-core time is the sum.
 */
async function parityNational(label: string, mode: 'all' | 'sql', figures?: string): Promise<Measurement> {
  process.stderr.write(`${label}, ${workers} children at once...\n`);
  const parts = await Promise.all(
    Array.from({ length: workers }, (_, part) =>
      measure(
        'engine/parity.ts',
        [mode, single.odsCode, `${part}/${workers}`, ...(figures ? [`${figures}.${part}`] : [])],
        {},
        PARITY_NODE,
      ),
    ),
  );
  const sum = (key: string) => parts.reduce((total, m) => total + Number(m.result[key]), 0);
  return {
    result: {
      seconds: Math.max(...parts.map((m) => m.result.seconds)),
      oneCoreSeconds: sum('seconds'),
      indicators: sum('indicators'),
      metricResults: sum('metricResults'),
      careGroups: sum('careGroups'),
      singleTrustInRun: Number(parts.find((m) => m.result.singleInRun !== null)?.result.singleInRun ?? NaN),
    },
    peakMb: parts.reduce((total, m) => total + m.peakMb, 0),
  };
}

const parityAll = await parityNational('Parity, every indicator', 'all', parityFile);
const paritySql = await parityNational('Parity, the SQL indicators only', 'sql');
const singleAll = await run(
  'Parity, one trust',
  'engine/parity.ts',
  ['single', single.odsCode, '0/1'],
  PARITY_NODE,
);
const duckdb = await run('DuckDB SQL', 'engine/duckdb.ts', [single.odsCode, duckdbFile]);
const parityFigures = new Map<string, number | null>();
for (let part = 0; part < workers; part++)
  for (const [key, value] of await readFigures(`${parityFile}.${part}`)) parityFigures.set(key, value);
const duckdbFigures = await readFigures(duckdbFile);
const check = crossCheck(parityFigures, duckdbFigures);
// Parts of the SQL's indicators that Parity computes (they are parts of the same indicators) and the SQL does not.
const inSql = new Set([...duckdbFigures.keys()].map(figureIndicator));
const partsNotInSql = SQL_INDICATOR_PARTS.filter((part) => !inSql.has(part));

const n = (m: Measurement, key: string): number => Number(m.result[key]);
const records = Object.values(index.tables).reduce((a, b) => a + b, 0);
const sql = duckdb.result.seconds;
const ratio = (m: Measurement) => `${fmt(m.result.seconds / sql, 2)}x`;
const contenders: [string, string, Measurement][] = [
  ['Parity computeIndicators', 'every indicator: WRES 1-9, WDES 1-10, GPG, EPG, DPG', parityAll],
  ['Parity computeIndicators, only', 'the indicators the SQL computes (*)', paritySql],
  ['DuckDB SQL', 'WRES 1-4, 9; WDES 1-3, 10; GPG (6); EPG, DPG (5 each)', duckdb],
];
const rows = contenders.map(([label, what, m]) => [
  label,
  what,
  fmt(m.result.seconds, 2),
  m === duckdb ? '' : fmt(Number(m.result.oneCoreSeconds), 2),
  fmt(m.peakMb),
  m === duckdb ? 'peer' : ratio(m),
]);
rows.push([
  'DuckDB load (not compared)',
  'Parquet files into tables',
  fmt(n(duckdb, 'loadSeconds'), 2),
  '',
  '',
  '',
]);

const tableCounts = Object.entries(index.tables)
  .map(([t, c]) => `${t} ${fmt(c)}`)
  .join(', ');
console.log(`
bench:engine on ${process.platform}, Node ${process.version} (${PARITY_NODE.join(' ')}), ${availableParallelism()} CPUs. Parity computes one trust at a time in each of ${fmt(workers)} processes running at once, the trusts shared between them: its time is the slowest process's, "one core" the sum of all, peak MB the sum of their peaks. DuckDB computes every trust at once on ${fmt(n(duckdb, 'threads'))} threads.
National set 2023 and 2024: ${fmt(index.trusts.length)} trusts, ${fmt(n(parityAll, 'careGroups'))} care groups in 2024, ${fmt(records)} canonical records (${tableCounts}).
`);
console.log(table(['Contender', 'Computes', 'Seconds', 'One core', 'Peak MB', 'Parity / DuckDB'], rows));
console.log(
  `(*) Parity also computes, as parts of the same indicators, what the SQL does not: ${partsNotInSql.join(', ') || 'nothing'}.`,
);
console.log(`
One 10,000-staff trust, ${single.odsCode} (${fmt(single.staff)} staff), median of 5 runs: Parity ${fmt(n(singleAll, 'seconds'), 3)} s (every indicator); DuckDB ${fmt(n(duckdb, 'singleTrustMedian'), 3)} s. In the national run Parity took ${fmt(n(parityAll, 'singleTrustInRun'), 3)} s for it.
Parity computed ${fmt(n(parityAll, 'indicators'))} indicators, ${fmt(n(parityAll, 'metricResults'))} metric results with their care group rows; DuckDB ran ${fmt(n(duckdb, 'queries'))} queries returning ${fmt(n(duckdb, 'resultRows'))} rows.
Target, Parity no slower than DuckDB: ${paritySql.result.seconds <= sql ? 'met' : 'not met'} on the same figures (${ratio(paritySql)}); ${parityAll.result.seconds <= sql ? 'met' : 'not met'} with every indicator (${ratio(parityAll)}).

Cross-check of every figure the SQL produces (counts, percentages, rates, relative likelihoods, gaps, quartiles; trust and care group): ${fmt(check.compared)} compared, ${fmt(check.agree)} agree to 1e-9, ${fmt(check.disagreements.length)} disagree, ${fmt(check.missingInParity.length)} missing in Parity's results.`);
for (const d of check.disagreements.slice(0, 25))
  console.log(`  ${d.key}: Parity ${String(d.parity)}, DuckDB ${String(d.duckdb)}`);
if (check.disagreements.length > 25) console.log(`  ... and ${check.disagreements.length - 25} more`);
for (const key of check.missingInParity.slice(0, 10)) console.log(`  missing in Parity: ${key}`);

// --- From storage to figures, and what one trust's people wait for --------------------------------------

const storageDb = path.join(out, `parity-${index.key.slice(0, 16)}.sqlite`);
if (!existsSync(storageDb)) {
  // Built under another name and renamed when whole: a stopped build is never taken for a finished one.
  const building = `${storageDb}.building`;
  const built = await run('Storing the national set in a Parity database (once)', 'engine/storage.ts', [
    'build',
    building,
  ]);
  renameSync(building, storageDb);
  process.stderr.write(
    `  ${fmt(Number(built.result.records))} records in ${fmt(built.result.seconds, 1)} s\n`,
  );
}
const storageFile = path.join(out, 'storage-figures.ndjson');
process.stderr.write(`Parity from its database to every figure, ${workers} children at once...\n`);
const storageParts = await Promise.all(
  Array.from({ length: workers }, (_, part) =>
    measure(
      'engine/storage.ts',
      ['read', storageDb, `${part}/${workers}`, `${storageFile}.${part}`],
      {},
      PARITY_NODE,
    ),
  ),
);
const slowest = storageParts.reduce((a, b) => (a.result.seconds >= b.result.seconds ? a : b));
const sumOf = (key: string) => storageParts.reduce((total, m) => total + Number(m.result[key]), 0);
const storageFigures = new Map<string, number | null>();
for (let part = 0; part < workers; part++)
  for (const [key, value] of await readFigures(`${storageFile}.${part}`)) storageFigures.set(key, value);
const storageCheck = crossCheck(storageFigures, duckdbFigures);
const duckdbFromStorage = n(duckdb, 'loadSeconds') + sql;

process.stderr.write('Building and bundling the CLI from this tree for parity compute...\n');
const distDir = path.join(DATA_DIR, 'dist');
try {
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', distDir],
    { cwd: ROOT, stdio: 'ignore' },
  );
} catch {
  // Type errors do not stop the JavaScript being written; a missing CLI below does stop the bench.
}
if (!existsSync(path.join(distDir, 'cli', 'main.js'))) throw new Error('the CLI did not compile');
// Bundled as the build bundles it (bin/parity.js runs the bundle).
await bundleCli(distDir);
const firstView = await run(
  'The first view after an import, and parity compute, for one trust',
  'engine/first-view.ts',
  [single.odsCode, path.join(out, 'first-view.sqlite'), distDir],
);

console.log(`
From storage to every figure: Parity reads each trust's current records from its SQLite database (stored as Arrow IPC chunks) and computes every indicator, ${fmt(workers)} processes at once; DuckDB loads the same records from Parquet and runs its SQL, on ${fmt(n(duckdb, 'threads'))} threads.
`);
console.log(
  table(
    ['Contender', 'Reads', 'Computes', 'Seconds', 'Read s', 'Compute s', 'Peak MB', 'Parity / DuckDB'],
    [
      [
        'Parity, database to figures',
        `${fmt(sumOf('records'))} records (SQLite, Arrow)`,
        'every indicator',
        fmt(slowest.result.seconds, 2),
        fmt(sumOf('readSeconds'), 2),
        fmt(sumOf('computeSeconds'), 2),
        fmt(storageParts.reduce((total, m) => total + m.peakMb, 0)),
        `${fmt(slowest.result.seconds / duckdbFromStorage, 2)}x`,
      ],
      [
        'DuckDB, Parquet to figures',
        `${fmt(n(duckdb, 'records'))} records (Parquet)`,
        'the SQL indicators',
        fmt(duckdbFromStorage, 2),
        fmt(n(duckdb, 'loadSeconds'), 2),
        fmt(sql, 2),
        fmt(duckdb.peakMb),
        'peer',
      ],
    ],
  ),
);
console.log(
  `(Read s and Compute s of Parity are summed over its processes, one core each; its Seconds is the slowest process from opening the database to its last figure.)
Target, no slower than DuckDB from storage: ${slowest.result.seconds <= duckdbFromStorage ? 'met' : 'not met'} (${fmt(slowest.result.seconds / duckdbFromStorage, 2)}x).
Cross-check of the figures computed from the database against DuckDB's: ${fmt(storageCheck.compared)} compared, ${fmt(storageCheck.agree)} agree, ${fmt(storageCheck.disagreements.length)} disagree, ${fmt(storageCheck.missingInParity.length)} missing.`,
);
const v = firstView.result;
const ms = (key: string) => Number(v[key]);
console.log(`
${single.odsCode} (${fmt(Number(v.staff))} staff, ${fmt(Number(v.records))} records in its 2023 and 2024 files, loaded through the import path in ${fmt(Number(v.loadSeconds), 1)} s, not timed), on SQLite, median of 3:
  First dashboard overview after loading the staff in post through the Data page: ${fmt(ms('afterDataPageMs'))} ms (target under 150 ms: ${ms('afterDataPageMs') < 150 ? 'met' : 'not met'}); runs ${(v.afterDataPageRunsMs as number[]).map((x) => fmt(x)).join(', ')} ms
    the import it follows: upload and check ${fmt(ms('uploadMs'))} ms, then the confirmation ${fmt(ms('confirmMs'))} ms, which saves the file and computes the overview's figures (those figures alone, after an import: ${fmt(ms('readyMs'))} ms)
  First overview after an import that computes nothing (the datasets service alone, as the demo loader imports), so the view computes the figures: ${fmt(ms('firstViewMs'))} ms; runs ${(v.firstViewRunsMs as number[]).map((x) => fmt(x)).join(', ')} ms
  First overview once the server's background preparer has finished after the import (each year's figures and ledger kept): ${v.preparedViewMs === null ? 'no preparer' : `${fmt(ms('preparedViewMs'))} ms (target under 150 ms: ${ms('preparedViewMs') < 150 ? 'met' : 'not met'})`}
  Reading the current records of every dataset (nothing cached): ${fmt(ms('readRecordsMs'))} ms
  parity compute --org ${single.odsCode} --year 2024 --format json, start to exit, its first run after the import (computes the year and keeps it): ${fmt(ms('computeFirstMs'))} ms
  parity compute, the runs after it (read the kept figures): ${fmt(ms('computeMs'))} ms (target under 400 ms: ${ms('computeMs') < 400 ? 'met' : 'not met'}); runs ${(v.computeRunsMs as number[]).map((x) => fmt(x)).join(', ')} ms
  parity compute, its first run after parity import of the staff in post (${fmt(ms('cliImportMs'))} ms, which ends by keeping the overview's figures): ${fmt(ms('computeAfterImportMs'))} ms (target under 400 ms: ${ms('computeAfterImportMs') < 400 ? 'met' : 'not met'}); runs ${(v.computeAfterImportRunsMs as number[]).map((x) => fmt(x)).join(', ')} ms`);
