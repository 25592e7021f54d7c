/**
 * Child: Parity's engine on a share of the trusts of the national set. For each trust its canonical records
 * are read from the cache (not timed), then `computeIndicators` runs for 2024 with a care group breakdown
 * (timed). The parent starts one child per core, each with its own share, as DuckDB uses one thread per core.
 *
 * Arguments: the mode, "all" (every national indicator), "sql" (only the indicators the SQL computes) or
 * "single" (only the trust below, five times: the one-trust median); the ODS code of that trust; this
 * child's share as "<part>/<parts>"; optionally a file to write the figures to (for the cross-check).
 */
import { computeIndicators, type ComputeInput, type IndicatorResults } from '../../src/engine/index.js';
import { canonicalIndex, readTrust } from '../support/canonical.js';
import { report } from '../support/measure.js';
import { parityFigures, SQL_INDICATORS, writeFigures, type Figures } from './figures.js';
import { shareOf } from './shares.js';

const [mode, singleTrust, share, figuresFile] = process.argv.slice(2) as [
  'all' | 'sql' | 'single',
  string,
  string,
  string | undefined,
];
const REPEATS = 5;

const input = (datasets: ComputeInput['datasets']): ComputeInput => ({
  year: 2024,
  datasets,
  breakdown: ['careGroup'],
  ...(mode === 'sql' ? { only: [...SQL_INDICATORS] } : {}),
});

// The parent starts this child with --expose-gc (see `read`).
const gc = globalThis.gc as ((options?: { type: 'minor' | 'major' }) => void) | undefined;
if (!gc) throw new Error('run with --expose-gc');

/**
 * A trust's records, read from the cache (not timed). A minor collection then moves the records just read
 * out of the young generation, so that the engine is not charged for promoting what the reader allocated.
 * It is not a full collection: that would make V8 discard optimised code whose embedded objects died, and
 * every trust would start cold, which no real run does (a national run, like a server, computes trust
 * after trust).
 */
function read(odsCode: string): ComputeInput['datasets'] {
  const datasets = readTrust(odsCode);
  gc!({ type: 'minor' });
  return datasets;
}

/** One timed computation. */
function timed(datasets: ComputeInput['datasets']): { results: IndicatorResults; seconds: number } {
  const started = performance.now();
  const results = computeIndicators(input(datasets));
  return { results, seconds: (performance.now() - started) / 1000 };
}

if (mode === 'single') {
  const datasets = read(singleTrust);
  timed(datasets); // warm-up, as the national run has warmed up by the time it reaches any trust
  const repeats = Array.from({ length: REPEATS }, () => timed(datasets).seconds).sort((a, b) => a - b);
  report({ seconds: repeats[Math.floor(REPEATS / 2)]! });
} else {
  const [part, parts] = share.split('/').map(Number) as [number, number];
  const figures: Figures = new Map();
  let seconds = 0;
  let indicators = 0;
  let metricResults = 0;
  let careGroups = 0;
  let singleInRun: number | null = null;
  const trusts = shareOf(canonicalIndex().trusts, part, parts);
  for (const trust of trusts) {
    const datasets = read(trust.odsCode);
    const run = timed(datasets);
    seconds += run.seconds;
    if (trust.odsCode === singleTrust) singleInRun = run.seconds;
    indicators += run.results.indicators.length;
    for (const indicator of run.results.indicators)
      for (const part of indicator.parts)
        metricResults += 1 + part.metric.breakdowns.reduce((n, b) => n + b.rows.length, 0);
    const wres1 = run.results.indicators.find((i) => i.id === 'WRES1')?.parts[0]?.metric.breakdowns[0];
    careGroups += wres1?.rows.length ?? 0;
    if (figuresFile) parityFigures(trust.odsCode, run.results, figures);
  }
  if (figuresFile) writeFigures(figuresFile, figures);
  report({ seconds, trusts: trusts.length, indicators, metricResults, careGroups, singleInRun });
}
