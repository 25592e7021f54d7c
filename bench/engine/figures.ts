/**
 * Figures both contenders produce, under one key each: "<trust>|<indicator>|<care group or *>|<detail>".
 * Parity's come from its results (every numerator, denominator, percentage, relative likelihood, gap);
 * DuckDB's from the rows of its SQL. The cross-check compares every key the SQL produces.
 */
import { createReadStream, writeFileSync } from 'node:fs';
import readline from 'node:readline';
import {
  defaultSettings,
  nationalCatalogue,
  type IndicatorResults,
  type StatisticResult,
} from '../../src/engine/index.js';

export type Figures = Map<string, number | null>;

/** The trust as a whole, in the care group position of a key. */
export const WHOLE_TRUST = '*';

/** The national indicators the SQL computes (the same ids are the Parity "same figures" run). */
export const SQL_INDICATORS = [
  'WRES1',
  'WRES2',
  'WRES3',
  'WRES4',
  'WRES9',
  'WDES1',
  'WDES2',
  'WDES3',
  'WDES10',
  'GPG_MEAN',
  'GPG_MEDIAN',
  'GPG_BONUS_MEAN',
  'GPG_BONUS_MEDIAN',
  'GPG_BONUS_PROPORTION',
  'GPG_QUARTILES',
  'EPG_MEAN',
  'EPG_MEDIAN',
  'EPG_BONUS_MEAN',
  'EPG_BONUS_MEDIAN',
  'EPG_BONUS_PROPORTION',
  'DPG_MEAN',
  'DPG_MEDIAN',
  'DPG_BONUS_MEAN',
  'DPG_BONUS_MEDIAN',
  'DPG_BONUS_PROPORTION',
] as const;

/**
 * Every part of those indicators, as figures name them: the indicator id for its main part, else
 * "<indicator>.<part>".
 */
export const SQL_INDICATOR_PARTS: readonly string[] = nationalCatalogue(defaultSettings())
  .filter((e) => (SQL_INDICATORS as readonly string[]).includes(e.id))
  .flatMap((e) => e.parts.map((p) => (p.key === 'main' ? e.id : `${e.id}.${p.key}`)));

/** The indicator (or indicator part) a figure's key names. */
export const figureIndicator = (key: string): string => key.split('|')[1]!;

export const figureKey = (trust: string, indicator: string, careGroup: string, detail: string): string =>
  `${trust}|${indicator}|${careGroup}|${detail}`;

/** The figures of one statistic result, keyed by their detail. */
export function statisticFigures(result: StatisticResult): [string, number | null][] {
  switch (result.type) {
    case 'distribution':
      return [...result.rows, { ...result.overall, key: 'ALL' }].flatMap((row) => [
        [`${row.key}:total`, row.total] as [string, number],
        ...row.groups.flatMap((g): [string, number | null][] => [
          [`${row.key}:${g.group}:count`, g.count],
          [`${row.key}:${g.group}:pct`, g.percent],
        ]),
      ]);
    case 'rate':
    case 'relativeLikelihood':
      return [
        ...[...result.groups, result.all].flatMap((g): [string, number | null][] => [
          [`${g.group}:num`, g.numerator],
          [`${g.group}:den`, g.denominator],
          [`${g.group}:rate`, g.value],
        ]),
        ...(result.type === 'relativeLikelihood'
          ? [['RL', result.relativeLikelihood.value] as [string, number | null]]
          : []),
      ];
    case 'representationDifference':
      return [
        ['population:count', result.population.count],
        ['population:total', result.population.total],
        ['comparison:count', result.comparison.count],
        ['comparison:total', result.comparison.total],
        ['difference', result.difference],
      ];
    case 'payGap':
      return [result.reference, ...result.comparisons].flatMap((g): [string, number | null][] => [
        [`${g.group}:n`, g.n],
        [`${g.group}:value`, g.value],
        ...('gap' in g ? [[`${g.group}:gap`, g.gap] as [string, number | null]] : []),
      ]);
    case 'payQuartiles':
      return result.quartiles.flatMap((q) => [
        [`${q.band}:size`, q.size] as [string, number],
        ...q.groups.flatMap((g): [string, number | null][] => [
          [`${q.band}:${g.group}:count`, g.count],
          [`${q.band}:${g.group}:pct`, g.percent],
        ]),
      ]);
    default:
      return [];
  }
}

/** Every figure of the SQL indicators in one trust's results, for the whole trust and each care group. */
export function parityFigures(trust: string, results: IndicatorResults, into: Figures): void {
  const wanted = new Set<string>(SQL_INDICATORS);
  for (const indicator of results.indicators) {
    if (!wanted.has(indicator.id)) continue;
    for (const part of indicator.parts) {
      const id = part.key === 'main' ? indicator.id : `${indicator.id}.${part.key}`;
      for (const [detail, value] of statisticFigures(part.metric.result))
        into.set(figureKey(trust, id, WHOLE_TRUST, detail), value);
      for (const table of part.metric.breakdowns) {
        if (table.by.join() !== 'careGroup') continue;
        for (const row of table.rows)
          for (const [detail, value] of statisticFigures(row.result))
            into.set(figureKey(trust, id, row.key, detail), value);
      }
    }
  }
}

export function writeFigures(file: string, figures: Figures): void {
  writeFileSync(file, [...figures].map((entry) => JSON.stringify(entry)).join('\n') + '\n');
}

export async function readFigures(file: string): Promise<Figures> {
  const out: Figures = new Map();
  for await (const line of readline.createInterface({ input: createReadStream(file), crlfDelay: Infinity }))
    if (line !== '') {
      const [key, value] = JSON.parse(line) as [string, number | null];
      out.set(key, value);
    }
  return out;
}

export interface CrossCheck {
  compared: number;
  agree: number;
  /** Keys the SQL produced that Parity did not. */
  missingInParity: string[];
  disagreements: { key: string; parity: number | null; duckdb: number | null }[];
}

const same = (a: number | null, b: number | null): boolean =>
  a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** Compares every figure the SQL produced with Parity's (to 1e-9, relative for large values). */
export function crossCheck(parity: Figures, duckdb: Figures): CrossCheck {
  const out: CrossCheck = { compared: 0, agree: 0, missingInParity: [], disagreements: [] };
  for (const [key, value] of duckdb) {
    if (!parity.has(key)) {
      out.missingInParity.push(key);
      continue;
    }
    out.compared++;
    const p = parity.get(key)!;
    if (same(p, value)) out.agree++;
    else out.disagreements.push({ key, parity: p, duckdb: value });
  }
  return out;
}
