/**
 * Child: Parity's engine on every trust of the national set. For each trust its canonical records are read
 * from the cache (not timed), then `computeIndicators` runs for 2024 with a care group breakdown (timed).
 * Arguments: "all" (every national indicator) or "sql" (only the indicators the SQL computes); the ODS code
 * of the trust timed on its own; optionally a file to write the figures to (for the cross-check).
 */
import { computeIndicators, type ComputeInput, type IndicatorResults } from '../../src/engine/index.js';
import { canonicalIndex, readTrust } from '../support/canonical.js';
import { report } from '../support/measure.js';
import { parityFigures, SQL_INDICATORS, writeFigures, type Figures } from './figures.js';

const [mode, singleTrust, figuresFile] = process.argv.slice(2) as [string, string, string | undefined];
const REPEATS = 5;

// Collect the garbage of reading a trust before its timed run, so the engine is charged for its own only
// (the parent starts this child with --expose-gc).
const gc = globalThis.gc;
if (!gc) throw new Error('run with --expose-gc');
const collect = (): void => gc();

const input = (datasets: ComputeInput['datasets']): ComputeInput => ({
  year: 2024,
  datasets,
  breakdown: ['careGroup'],
  ...(mode === 'sql' ? { only: [...SQL_INDICATORS] } : {}),
});

function timed(datasets: ComputeInput['datasets']): { results: IndicatorResults; seconds: number } {
  collect();
  const started = performance.now();
  const results = computeIndicators(input(datasets));
  return { results, seconds: (performance.now() - started) / 1000 };
}

const index = canonicalIndex();
const figures: Figures = new Map();
let seconds = 0;
let indicators = 0;
let metricResults = 0;
let careGroups = 0;
let singleInRun = 0;
for (const trust of index.trusts) {
  const datasets = readTrust(trust.odsCode);
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

const datasets = readTrust(singleTrust);
const repeats = Array.from({ length: REPEATS }, () => timed(datasets).seconds).sort((a, b) => a - b);

report({
  seconds,
  trusts: index.trusts.length,
  indicators,
  metricResults,
  careGroups,
  singleTrustInRun: singleInRun,
  singleTrustMedian: repeats[Math.floor(REPEATS / 2)]!,
  figures: figures.size,
});
