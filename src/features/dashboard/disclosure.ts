/**
 * The disclosure control of everything a reader of an organisation's dashboard can reach, built once per
 * data version and reporting year: the figures of the whole organisation and of each care group (with its
 * directorates), for the year and each of its quarters, the year's breakdowns by staff group, clinical or
 * non-clinical and band, each figure crossed with a second characteristic and regrouped by every other
 * protected characteristic, and the years inside a two-year window. All their counts go into one ledger
 * (engine/suppression/ledger.ts) with every sum that ties them together: groups and their total, a
 * breakdown and its total, a trust and its care groups, a care group and its directorates, a year and its
 * quarters, a pooled window and its years; and the dashboard's own tables of each unit and period, with the
 * counts they share with each other and with the indicators (tables.ts). Staff survey figures are in it
 * like any other, by unit where the survey file names units (a group under the survey's minimum group size
 * withheld whatever the rule: cells.ts). Every page in the publication view
 * reads its counts from this ledger, so a count reads the same wherever it appears, and no withheld count
 * can be worked out from all the views together.
 */
import { createHash } from 'node:crypto';
import {
  BOARD_INDICATORS,
  BREAKDOWN_KEY_SEPARATOR,
  DisclosureLedger,
  disclosureRule,
  metricCells,
  type BreakdownRow,
  type BreakdownTable,
  type CountLookup,
  type DisclosureRule,
  type EngineSettings,
  type IndicatorResult,
  type IndicatorResults,
  type LedgerSnapshot,
  type LedgerSummary,
  type MetricResult,
  type MonthNumber,
  type PublishedCount,
  type QuarterNumber,
  FINANCIAL_YEAR_MONTHS,
  monthsOfQuarter,
  nationalCatalogue,
  type MetricDefinition,
  type PopulationSpec,
} from '../../engine/index.js';
import type { DataScope } from '../indicators/indicators.service.js';
import { PATH_SEPARATOR } from '../organisations/organisation.js';
import { CROSSED_DIMENSIONS, withoutSelfCrossings } from './crossed.js';
import { regroupedSuffix, type RegroupedFigure } from './regrouped.js';
import { TABLE_PART, tableSums } from './tables.js';

/** The breakdowns every view may show besides the organisation's units. */
export const OTHER_DIMENSIONS = ['staffGroup', 'clinical', 'grade'] as const;

export const ALL_UNITS = 'ALL';

/** Where a view's figures sit: its unit ("ALL" or a unit path) and period ("2024" or "2024Q2"). */
export interface Coordinates {
  unit: string;
  period: string;
}

export const periodKey = (year: number, quarter: QuarterNumber | null) =>
  quarter === null ? String(year) : `${year}Q${quarter}`;

/** A month's period in the ledger: "2024M05" is May 2023, month 5 of reporting year 2024. */
export const monthKey = (year: number, month: MonthNumber) => `${year}M${String(month).padStart(2, '0')}`;

/**
 * The units a list of unit paths covers, none inside another: a directorate of a care group in the list
 * adds nothing to it (its records are the care group's). Sorted.
 *
 * Example: coveringUnits(["Surgery > Theatres", "Surgery", "Medicine > Cardiology"]) ->
 * ["Medicine > Cardiology", "Surgery"]
 */
export function coveringUnits(paths: readonly string[]): string[] {
  const inside = (p: string, q: string) => p.startsWith(`${q}${PATH_SEPARATOR}`);
  return [...new Set(paths)].filter((p) => !paths.some((q) => inside(p, q))).sort();
}

/**
 * The unit a scope stands for: everything, one unit path, or several units together ("[A + B]", held by
 * the ledger for the unit sets of the organisation's roles: `DisclosureSources.unions`). A unit inside
 * another of the scope is left out: its records are the other's.
 */
export function unitKey(scope: DataScope): string {
  if (scope === 'all') return ALL_UNITS;
  const units = coveringUnits(scope);
  return units.length === 1 ? units[0]! : `[${units.join(' + ')}]`;
}

/** The name of an indicator part's counts at some coordinates. */
export function partKey(id: string, part: string, at: Coordinates): string {
  return `${id}|${part}|${at.unit}|${at.period}`;
}

/** A count no ledger holds is never shown unprotected: withheld. */
function withheld(exact: number): PublishedCount {
  return { exact, value: null, text: '*', withheld: true, rounded: false };
}

/** The computations the ledger is built from (the dashboard context supplies them, cached). */
export interface DisclosureSources {
  settings: EngineSettings;
  /** Care group paths, each with its directorate paths ("Care group > Directorate"). */
  units: { path: string; children: string[] }[];
  /**
   * The sets of several units that roles of the organisation are limited to (each from `coveringUnits`,
   * two or more): their views ("All the units your role covers") are in the ledger beside the units',
   * each set's counts the sum of its units'.
   */
  unions?: string[][];
  /**
   * An organisation or care group's year, broken down by the given dimensions (a list of dimensions: one
   * table crossing them).
   */
  annual(scope: DataScope, breakdown: (string | string[])[]): Promise<IndicatorResults>;
  /** The same for one quarter (indicators that have quarters). */
  quarter(scope: DataScope, quarter: QuarterNumber, breakdown: string[]): Promise<IndicatorResults>;
  /**
   * The dashboard's own tables (tables.ts) of an organisation or care group, for the year or one quarter
   * (the tables that have quarters), broken down by the given dimensions, by table id.
   */
  tables(
    scope: DataScope,
    quarter: QuarterNumber | null,
    breakdown: string[],
  ): Promise<Map<string, MetricResult>>;
  /**
   * The figures that have months (local metrics declaring them) of an organisation or care group, for each
   * month of the year, broken down by the given dimensions only. Absent: no figure has months.
   */
  months?(scope: DataScope, breakdown: string[]): Promise<Map<MonthNumber, IndicatorResults>>;
  /**
   * The year's national figures about people of an organisation or care group, each regrouped by every
   * other protected characteristic (regrouped.ts). Absent: the ledger holds none.
   */
  regrouped?(scope: DataScope): Promise<RegroupedFigure[]>;
}

export class Disclosure {
  constructor(
    readonly ledger: DisclosureLedger,
    readonly summary: LedgerSummary,
  ) {}

  /** The counts of one indicator part at the given coordinates, by slot. */
  lookup(id: string, part: string, at: Coordinates): CountLookup {
    const prefix = partKey(id, part, at);
    return (slot, exact, sub = '') =>
      this.ledger.get(windowYearKey(`${prefix}${sub}#${slot}`)) ?? withheld(exact);
  }

  /**
   * The counts of a breakdown row: a unit's own figures for the care group or directorate dimension, else
   * the row of the breakdown.
   */
  rowLookup(
    id: string,
    part: string,
    at: Coordinates,
    by: string,
    row: string,
    members: readonly string[] = [],
  ): CountLookup {
    if (by === 'careGroup' && at.unit === ALL_UNITS)
      return this.lookup(id, part, { unit: row, period: at.period });
    // Several units together: a row is the figure of the one unit of the set it names (a care group's
    // directorate, or a directorate of the set), when exactly one holds the row's count.
    if (members.length > 1 && (by === 'careGroup' || by === 'directorate')) {
      const units = members.flatMap((m) => {
        const depth = m.split(PATH_SEPARATOR).length;
        if (by === 'careGroup') return depth === 1 && m === row ? [m] : [];
        if (depth === 1) return [`${m}${PATH_SEPARATOR}${row}`];
        return depth === 2 && m.endsWith(`${PATH_SEPARATOR}${row}`) ? [m] : [];
      });
      const prefixes = units.map((unit) => partKey(id, part, { unit, period: at.period }));
      return (slot, exact, sub = '') => {
        const held = prefixes
          .map((prefix) => this.ledger.get(windowYearKey(`${prefix}${sub}#${slot}`)))
          .filter((c) => c !== undefined && c.exact === exact);
        return held.length === 1 ? held[0]! : withheld(exact);
      };
    }
    if (by === 'directorate' && at.unit !== ALL_UNITS)
      return this.lookup(id, part, { unit: `${at.unit} > ${row}`, period: at.period });
    const prefix = `${partKey(id, part, at)}/${by}=${row}`;
    return (slot, exact) => this.ledger.get(`${prefix}#${slot}`) ?? withheld(exact);
  }
}

/**
 * The format of a kept ledger (ledgers.repository.ts). Part of the stamp a ledger is kept under, with the
 * fingerprint of the program's code (shared/code-fingerprint.ts), so that no ledger resolved by an older
 * program is read by a newer one: an engine change that changes a count changes the ledger too.
 */
export const LEDGER_FORMAT = 'ledger-2026-12g';

/**
 * What a ledger is kept under: the figures' stamp, the units (they shape the ledger), the format and the
 * program's code.
 */
export function ledgerStamp(
  stamp: string,
  units: readonly { path: string; children: readonly string[] }[],
  unions: readonly (readonly string[])[],
  code: string,
): string {
  return createHash('sha256')
    .update(`${LEDGER_FORMAT}#${code}#${stamp}#${JSON.stringify(units)}#${JSON.stringify(unions)}`)
    .digest('base64url');
}

/** A resolved ledger as kept: its rule with its snapshot. */
export type KeptDisclosure = LedgerSnapshot & { rule: DisclosureRule };

/** What to keep of a resolved disclosure. */
export const keepDisclosure = (d: Disclosure): KeptDisclosure => ({
  rule: d.ledger.rule,
  ...d.ledger.snapshot(),
});

/** A kept disclosure read back: it publishes every count as it did when resolved. */
export function restoreDisclosure(kept: KeptDisclosure): Disclosure {
  const { rule, ...snapshot } = kept;
  return new Disclosure(DisclosureLedger.restore(rule, snapshot), snapshot.summary);
}

/** Every metric of a set of results, by indicator and part. */
function* metrics(results: IndicatorResults): Generator<[IndicatorResult, string, MetricResult]> {
  for (const ind of [...results.indicators, ...results.local])
    for (const p of ind.parts) yield [ind, p.key, p.metric];
}

/**
 * A metric without the breakdown tables of one dimension (given to the ledger as units instead): each row
 * of the dimension's table is a unit's figure, with its crossed views taken from the tables that cross the
 * dimension with a second characteristic (["directorate", "sex"]: the row "Theatres | F" is Theatres'
 * figure among women).
 */
export function without(
  m: MetricResult,
  dimension: string,
): { metric: MetricResult; rows: [string, MetricResult][] } {
  const rows = new Map<string, MetricResult>();
  const crossings: BreakdownTable[] = [];
  const breakdowns = m.breakdowns.filter((b) => {
    if (b.by[0] !== dimension) return true;
    if (b.by.length === 1)
      for (const r of b.rows) rows.set(r.key, { ...m, result: r.result, breakdowns: [], window: null });
    else crossings.push(b);
    return false;
  });
  for (const b of crossings) {
    const byUnit = new Map<string, BreakdownRow[]>();
    for (const r of b.rows) {
      const [unit, ...rest] = r.key.split(BREAKDOWN_KEY_SEPARATOR);
      const list = byUnit.get(unit!) ?? [];
      byUnit.set(unit!, list);
      list.push({ key: rest.join(BREAKDOWN_KEY_SEPARATOR), result: r.result });
    }
    for (const [unit, list] of byUnit) rows.get(unit)?.breakdowns.push({ by: b.by.slice(1), rows: list });
  }
  return { metric: { ...m, breakdowns }, rows: [...rows] };
}

/**
 * One year of a two-year window (`PREFIX~YEAR`) is the same count as that year's own (`~YEAR` in its own
 * window): "WRES3|main|ALL|2024~2023" names what "WRES3|main|ALL|2023~2023" does. Ledgers name it once.
 */
export const windowYearKey = (key: string): string => key.replace(/\|(\d{4})~(\d{4})/, '|$2~$2');

/** A figure's population with the characteristic it is grouped by: the same for two figures over one. */
function populationName(definition: Pick<MetricDefinition, 'population' | 'characteristic'>): string {
  const c = definition.characteristic;
  return JSON.stringify([definition.population, typeof c === 'string' ? c : c.scheme]);
}

/**
 * The counts of a figure that are its population's groups, each named by that population and group, so
 * that two figures computed over one population (WRES 1's workforce at 31 March and the denominators of
 * WRES 3 and WRES 4; Bank WRES 1's active bank workers and the denominators of Bank WRES 2 and 3) are known
 * to show one count under two names: a rate's or relative likelihood's denominators (`d:GROUP`), a
 * distribution's overall row (`c:*:GROUP`, `t:*`), a representation's population and comparison (`rp`, `rt`,
 * `cp`, `ct`), a pay gap's employees in each group (`p:GROUP`: the mean's are the median's). A figure over
 * two years (a pooled window) has other denominators: none.
 *
 * Example: for WRES 3 the slot "d:BME" is named like WRES 1's "c:*:BME": "[the workforce, wres]|BME".
 */
export function populationSlots(definition: MetricDefinition, m: MetricResult): Map<string, string> {
  const out = new Map<string, string>();
  if (m.windowYears.length > 1) return out;
  const own = populationName(definition);
  const named = (population: PopulationSpec) => populationName({ ...definition, population });
  const r = m.result;
  switch (r.type) {
    case 'rate':
    case 'relativeLikelihood':
      for (const g of [...r.groups.map((x) => x.group), 'ALL']) out.set(`d:${g}`, `${own}|${g}`);
      break;
    case 'distribution':
      for (const g of r.overall.groups) out.set(`c:*:${g.group}`, `${own}|${g.group}`);
      out.set('t:*', `${own}|ALL`);
      break;
    case 'representationDifference': {
      if (definition.statistic.type !== 'representationDifference') break;
      const { group, comparison } = definition.statistic;
      out.set('rp', `${own}|${group}`);
      out.set('rt', `${own}|ALL`);
      out.set('cp', `${named(comparison)}|${group}`);
      out.set('ct', `${named(comparison)}|ALL`);
      break;
    }
    case 'payGap':
      for (const g of [r.reference, ...r.comparisons, ...r.excluded])
        out.set(`p:${g.group}`, `${own}|${g.group}`);
      break;
    default:
      break;
  }
  return out;
}

/**
 * Whether the years' ledgers must be one: a figure's window is the mean of its annual ratios (any
 * `*.windowMethod` setting), so its yearly counts are shown on two years' pages.
 */
export function linkedYears(settings: EngineSettings): boolean {
  return Object.entries(settings).some(([id, v]) => id.endsWith('.windowMethod') && v === 'MEAN_OF_RATIOS');
}

/**
 * Builds and resolves the ledger of one reporting year in the publication view.
 */
export async function buildDisclosure(sources: DisclosureSources, year: number): Promise<Disclosure> {
  return buildLinkedDisclosure([{ sources, year }]);
}

/**
 * Builds and resolves one ledger over several reporting years: for figures whose yearly counts are shown
 * in two years' windows (a mean of annual ratios), so that no count is recoverable from both years'
 * pages together. A year's counts keep their own names (the period is in each), and one year of a window
 * is the same count in both years' ledgers (`windowYearKey`).
 */
export async function buildLinkedDisclosure(
  years: readonly { sources: DisclosureSources; year: number }[],
): Promise<Disclosure> {
  const ledger = new DisclosureLedger(disclosureRule(years[0]!.sources.settings, true));
  for (const { sources, year } of years) await addYear(ledger, sources, year, years.length > 1);
  return new Disclosure(ledger, ledger.resolve());
}

/** Adds one reporting year's counts and sums to a ledger; `linked`: other years' are in it too. */
async function addYear(
  ledger: DisclosureLedger,
  sources: DisclosureSources,
  year: number,
  linked: boolean,
): Promise<void> {
  const s = sources.settings;
  const publishBoard = s['suppression.publishBoard'];
  /** Keys of main slots added at each (indicator, part, period), by unit: for the sums across units. */
  const byUnit = new Map<string, Map<string, string[]>>();

  const addMetric = (id: string, part: string, at: Coordinates, m: MetricResult): void => {
    const prefix = partKey(id, part, at);
    const { cells, full, withheld, sums } = metricCells(prefix, m, BOARD_INDICATORS.has(id) && publishBoard);
    // One year of a two-year window (`~YEAR`) is also in that year's own ledger. In one ledger over the
    // years it is one count; in a year's ledger alone it is decided by the rule alone, so that it reads the
    // same on either year's pages.
    for (const [k, v] of cells)
      ledger.add(windowYearKey(k), v, {
        full: full.has(k),
        withhold: withheld.has(k),
        cost: complementCost(k, v),
        fixed: !linked && k.includes('~'),
      });
    for (const sum of sums) ledger.relate(windowYearKey(sum.total), sum.parts.map(windowYearKey));
    // Slots of the figure itself and of its other breakdowns: they add up across units.
    const family = `${id}|${part}|${at.period}`;
    const units = byUnit.get(family) ?? new Map<string, string[]>();
    byUnit.set(family, units);
    units.set(
      at.unit,
      [...cells.keys()].filter((k) => !k.includes('~')).map((k) => k.slice(prefix.length)),
    );
    twin(id, part, at, m, cells);
  };

  // One count shown by two figures over one population (`populationSlots`), in the same view and row: the
  // ledger is told they are one, so that it is withheld in both or shown in both. The national figures of
  // the year (a quarter's figures are over the quarter's own populations).
  const definitions = new Map(
    nationalCatalogue(s).flatMap((e) => e.parts.map((p) => [`${e.id}|${p.key}`, p.definition] as const)),
  );
  const firstOfCount = new Map<string, string>();
  /** The definition of a national figure of the year (none for a quarter, a month or a dashboard table). */
  const annualDefinition = (id: string, part: string, at: Coordinates) =>
    /^\d{4}$/.test(at.period) ? definitions.get(`${id}|${part}`) : undefined;
  const twin = (id: string, part: string, at: Coordinates, m: MetricResult, cells: Map<string, number>) => {
    const definition = annualDefinition(id, part, at);
    if (!definition) return;
    const slots = populationSlots(definition, m);
    if (slots.size === 0) return;
    const prefix = partKey(id, part, at);
    for (const key of cells.keys()) {
      const hash = key.lastIndexOf('#');
      const sub = key.slice(prefix.length, hash);
      const count = slots.get(key.slice(hash + 1));
      if (count === undefined || sub.includes('~')) continue;
      const name = `${at.unit}|${at.period}|${sub}|${count}`;
      const first = firstOfCount.get(name);
      if (first === undefined) firstOfCount.set(name, key);
      else ledger.same(first, key);
    }
  };
  // A group's counts in the pay quartiles add up to its employees, which the pay gaps over the same
  // population show: related once every figure is in.
  const quartileSums: { name: string; parts: string[] }[] = [];
  const quartiles = (id: string, part: string, at: Coordinates, m: MetricResult) => {
    const definition = annualDefinition(id, part, at);
    if (!definition || m.result.type !== 'payQuartiles') return;
    const prefix = partKey(id, part, at);
    const groups = new Set(m.result.quartiles.flatMap((q) => q.groups.map((g) => g.group)));
    for (const g of groups)
      quartileSums.push({
        name: `${at.unit}|${at.period}||${populationName(definition)}|${g}`,
        parts: m.result.quartiles.map((q) => `${prefix}#q:${q.band}:${g}`),
      });
  };

  const addResults = (results: IndicatorResults, at: Coordinates, unitDimension: string | null) => {
    for (const [ind, part, all] of metrics(results)) {
      // Crossed views (crossed.ts): a figure by its own characteristic is shown nowhere.
      const m = withoutSelfCrossings(all);
      quartiles(ind.id, part, at, m);
      if (unitDimension === null) {
        addMetric(ind.id, part, at, m);
        continue;
      }
      const { metric, rows } = without(m, unitDimension);
      addMetric(ind.id, part, at, metric);
      for (const [row, rm] of rows)
        addMetric(ind.id, part, { unit: `${at.unit} > ${row}`, period: at.period }, rm);
    }
  };

  /**
   * A unit's figures by another characteristic (regrouped.ts), under each figure's part: their groups add
   * up to their total, which is the figure's own total (one count), and across units as the figure's do.
   */
  const addRegrouped = (figures: RegroupedFigure[], at: Coordinates) => {
    for (const f of figures) {
      const own = partKey(f.id, f.part, at);
      const prefix = `${own}${regroupedSuffix(f.scheme)}`;
      const { cells, sums } = metricCells(prefix, f.metric);
      for (const [k, v] of cells) ledger.add(k, v, { cost: complementCost(k, v) });
      for (const sum of sums) ledger.relate(sum.total, sum.parts);
      for (const slot of ['n:ALL', 'd:ALL']) ledger.same(`${prefix}#${slot}`, `${own}#${slot}`);
      const family = `${f.id}|${f.part}|${at.period}`;
      const units = byUnit.get(family) ?? new Map<string, string[]>();
      byUnit.set(family, units);
      units.set(at.unit, [
        ...(units.get(at.unit) ?? []),
        ...[...cells.keys()].map((k) => k.slice(own.length)),
      ]);
    }
  };

  /** A unit's tables with the sums they share; each unit below it (a row of its breakdown) likewise. */
  const addTables = (tables: Map<string, MetricResult>, at: Coordinates, unitDimension: string | null) => {
    const units = new Map<string, Map<string, MetricResult>>([[at.unit, new Map()]]);
    for (const [id, m] of tables) {
      if (unitDimension === null) {
        units.get(at.unit)!.set(id, m);
        continue;
      }
      const { metric, rows } = without(m, unitDimension);
      units.get(at.unit)!.set(id, metric);
      for (const [row, rm] of rows) {
        const unit = `${at.unit} > ${row}`;
        if (!units.has(unit)) units.set(unit, new Map());
        units.get(unit)!.set(id, rm);
      }
    }
    for (const [unit, own] of units) {
      for (const [id, m] of own) addMetric(id, TABLE_PART, { unit, period: at.period }, m);
      const keyAt =
        (period: string) =>
        (id: string, slot: string, part = TABLE_PART) =>
          `${partKey(id, part, { unit, period })}#${slot}`;
      const year = at.period.includes('Q') ? keyAt(at.period.slice(0, at.period.indexOf('Q'))) : null;
      const { sums, same } = tableSums(keyAt(at.period), own, year);
      for (const sum of sums) ledger.relate(sum.total, sum.parts);
      for (const [a, b] of same) ledger.same(a, b);
    }
  };

  const periods: [string, QuarterNumber | null][] = [
    [String(year), null],
    ...([1, 2, 3, 4] as const).map((q): [string, QuarterNumber] => [`${year}Q${q}`, q]),
  ];
  // Several units together: their own figures only (a row of their breakdown by unit is that unit's own
  // figure, which the ledger holds as the unit's: Disclosure.rowLookup).
  const unions = sources.unions ?? [];
  const scopes: { scope: DataScope; unit: string; unitDimension: string | null }[] = [
    { scope: 'all', unit: ALL_UNITS, unitDimension: null },
    ...sources.units.map((u) => ({ scope: [u.path], unit: u.path, unitDimension: 'directorate' })),
    ...unions.map((u) => ({ scope: u, unit: unitKey(u), unitDimension: null })),
  ];
  for (const { scope, unit, unitDimension } of scopes)
    for (const [period, quarter] of periods) {
      // A quarter is broken down by units only: by staff group or band its counts are almost all too small
      // to publish, and the publication view does not show them (breakdownsOf).
      // Crossed views (crossed.ts): the organisation's, each care group's, and each directorate's (a
      // care group's figures by directorate crossed with the second characteristic).
      const others = quarter === null ? [...OTHER_DIMENSIONS, ...CROSSED_DIMENSIONS] : [];
      const dims = unitDimension ? [unitDimension, ...others] : others;
      const results =
        quarter === null
          ? await sources.annual(scope, [
              ...dims,
              ...(unitDimension ? CROSSED_DIMENSIONS.map((d) => [unitDimension, d]) : []),
            ])
          : await sources.quarter(scope, quarter, dims);
      addResults(results, { unit, period }, unitDimension);
      if (quarter === null && sources.regrouped)
        addRegrouped(await sources.regrouped(scope), { unit, period });
      const units = unitDimension ? [unitDimension] : [];
      addTables(await sources.tables(scope, quarter, units), { unit, period }, unitDimension);
    }

  for (const { name, parts } of quartileSums) {
    const total = firstOfCount.get(name);
    if (total !== undefined) ledger.relate(total, parts);
  }

  // A figure's counts add up across units (organisation = its care groups, care group = its directorates)
  // and across periods (a year = its quarters): the ledger keeps each sum that holds.
  const tree: [string, string[]][] = [
    [ALL_UNITS, sources.units.map((u) => u.path)],
    ...sources.units.map((u): [string, string[]] => [u.path, u.children]),
    ...unions.map((u): [string, string[]] => [unitKey(u), u]),
  ];
  /** In one period, each unit's counts are the sum of its children's (for the suffixes the parent holds). */
  const relateUnits = (id: string, part: string, period: string, units: Map<string, string[]>): void => {
    for (const [parent, children] of tree) {
      const suffixes = units.get(parent);
      if (!suffixes || children.length === 0) continue;
      for (const suffix of suffixes)
        ledger.relate(
          `${partKey(id, part, { unit: parent, period })}${suffix}`,
          children.map((c) => `${partKey(id, part, { unit: c, period })}${suffix}`),
        );
    }
  };
  for (const [family, units] of byUnit) {
    const [id, part, period] = family.split('|') as [string, string, string];
    relateUnits(id, part, period, units);
    if (period.includes('Q')) continue;
    for (const [unit, suffixes] of units)
      for (const suffix of suffixes)
        ledger.relate(
          `${partKey(id, part, { unit, period })}${suffix}`,
          [1, 2, 3, 4].map((q) => `${partKey(id, part, { unit, period: `${period}Q${q}` })}${suffix}`),
        );
  }

  // Months, for the figures that have them: each unit's months, broken down by its units only (as a
  // quarter is), with a year = its twelve months, a quarter = its three, and in each month an organisation
  // = its care groups and a care group = its directorates. A figure whose months all have one denominator
  // counts over the year's population (staff in post at 31 March): each month's denominator is then named
  // as one count with the year's and the quarter's, rather than added up to them.
  if (sources.months) {
    /** The months' counts of each figure, by unit: suffixes (slot, breakdown row) held in any month. */
    const monthly = new Map<string, Map<string, Set<string>>>();
    const denominators = new Map<string, Set<number>>();
    for (const { scope, unit, unitDimension } of scopes)
      for (const [month, results] of await sources.months(scope, unitDimension ? [unitDimension] : [])) {
        addResults(results, { unit, period: monthKey(year, month) }, unitDimension);
        if (unit === ALL_UNITS)
          for (const [ind, part, m] of metrics(results))
            if (m.result.type === 'rate' || m.result.type === 'relativeLikelihood') {
              const seen = denominators.get(`${ind.id}|${part}`) ?? new Set<number>();
              denominators.set(`${ind.id}|${part}`, seen.add(m.result.all.denominator));
            }
      }
    for (const [family, units] of byUnit) {
      const [id, part, period] = family.split('|') as [string, string, string];
      if (!/^\d{4}M\d\d$/.test(period)) continue;
      relateUnits(id, part, period, units);
      const figure = monthly.get(`${id}|${part}`) ?? new Map<string, Set<string>>();
      monthly.set(`${id}|${part}`, figure);
      for (const [unit, suffixes] of units) {
        const held = figure.get(unit) ?? new Set<string>();
        figure.set(unit, held);
        for (const suffix of suffixes) held.add(suffix);
      }
    }
    const spans: [string, readonly MonthNumber[]][] = [
      [String(year), FINANCIAL_YEAR_MONTHS],
      ...([1, 2, 3, 4] as const).map((q): [string, MonthNumber[]] => [`${year}Q${q}`, monthsOfQuarter(q)]),
    ];
    for (const [figure, units] of monthly) {
      const [id, part] = figure.split('|') as [string, string];
      for (const [unit, suffixes] of units)
        for (const [span, months] of spans)
          for (const suffix of suffixes) {
            const total = `${partKey(id, part, { unit, period: span })}${suffix}`;
            const parts = months.map(
              (m) => `${partKey(id, part, { unit, period: monthKey(year, m) })}${suffix}`,
            );
            if (suffix.startsWith('#d:') && denominators.get(figure)?.size === 1)
              for (const k of parts) ledger.same(total, k);
            else ledger.relate(total, parts);
          }
    }
  }
}

/**
 * What withholding a count costs readers, to choose the counts withheld to protect a small one (the ledger
 * takes the cheapest in a sum that gave the small one away, and then shows again, most costly first, any
 * it turns out not to need). First the view a count is in: a directorate's before a care group's before
 * the whole organisation's, a month's before a quarter's before the year's, a row of a breakdown before
 * the figure itself. Then, in one view, the unknown group (it is compared with nothing), then totals,
 * then the groups being compared; then the smaller count. So a small quarter is protected by another
 * quarter or the unknown group rather than the year's total, a care group by another care group rather
 * than the organisation, and a small unknown group by the total rather than the BME or White count.
 *
 * Example: "dashboard.cases.wres|main|ALL|2024#t:*" (the organisation's cases in the year, 93) costs
 * 5e9 + 1e7 + 93; "...|ALL|2024Q3#c:*:BME" (its BME cases in a quarter, 9) costs 4e9 + 2e7 + 9.
 */
export function complementCost(key: string, exact: number): number {
  const hash = key.lastIndexOf('#');
  const slot = key.slice(hash + 1);
  const [, , unit = '', ...rest] = key.slice(0, hash).split('|');
  const place = rest.join('|');
  const period = /^\d{4}(Q\d|M\d\d)?/.exec(place)?.[0] ?? '';
  const view =
    (unit === ALL_UNITS ? 2 : unit.includes(' > ') ? 0 : 1) +
    (period.includes('M') ? 0 : period.includes('Q') ? 1 : 2) +
    (place.slice(period.length).startsWith('/') ? 0 : 1);
  const group = slot.slice(slot.lastIndexOf(':') + 1);
  const kind =
    group === 'UNKNOWN' || group === 'NOT_STATED'
      ? 0
      : group === 'ALL' || slot.startsWith('t:') || slot.startsWith('qs:') || slot === 'rt' || slot === 'ct'
        ? 1
        : 2;
  return view * 1e9 + kind * 1e7 + Math.min(exact, 1e7 - 1);
}
