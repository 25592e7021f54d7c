/**
 * What every dashboard page works from: the organisation, the part of it shown (the person's role and
 * the care-group filter), whether counts are shown in full or in the publication view, the period, and
 * cached access to the engine's results for any year, quarter or month. Everything computed is cached
 * under a stamp naming the current version of every loaded dataset and the organisation's settings and
 * local metrics, so a new import (or a deleted one, or a changed setting) is picked up by the next
 * request, in every server process, and nothing is computed twice for the same data.
 */
import {
  evaluateMetric,
  createContext,
  formatCount,
  toPublication,
  type BenchmarkRecord,
  type CountLookup,
  type PartLookup,
  type Datasets,
  type EngineSettings,
  type IndicatorResults,
  type MetricDefinition,
  type MetricResult,
  type PopulationRecord,
  type PublishedIndicator,
  type MonthNumber,
  type QuarterNumber,
  FINANCIAL_YEAR_MONTHS,
  financialYearLabel,
  toQuarter,
  resolveSettings,
  REGROUP_SCHEMES,
  type CharacteristicScheme,
} from '../../engine/index.js';
import type { PromiseCache } from '../../shared/lru.js';
import type { DataScope, IndicatorsService } from '../indicators/indicators.service.js';
import type { Organisation } from '../organisations/organisation.js';
import {
  buildDisclosure,
  buildLinkedDisclosure,
  keepDisclosure,
  linkedYears,
  coveringUnits,
  ledgerStamp,
  monthKey,
  periodKey,
  restoreDisclosure,
  unitKey,
  type Coordinates,
  type Disclosure,
  type DisclosureSources,
  type KeptDisclosure,
} from './disclosure.js';
import type { LedgersRepository } from './ledgers.repository.js';
import { protectionFor, type Protection } from './protect.js';
import { evaluateRegrouped, type RegroupedFigure } from './regrouped.js';
import {
  compareMonths,
  computeMonths,
  monthLabel,
  monthlyIds,
  previousMonth,
  type MonthRef,
} from './months.js';
import { compareQuarters, computeQuarter, previousQuarter, type QuarterRef } from './quarters.js';
import { TABLE_PART, tableDefinitions } from './tables.js';
import { codeFingerprint } from '../../shared/code-fingerprint.js';

export interface DashboardView {
  org: Organisation;
  /** The data shown: everything, or the unit paths of the role and the care-group filter. */
  scope: DataScope;
  /** The care group (or units) the figures are limited to, for the page to say so; null for all. */
  scopeLabel: string | null;
  /** Analysts and administrators with an organisation-wide role: every count; others: publication view. */
  fullCounts: boolean;
  year: number;
  /** The quarter chosen, or the quarter of the month chosen. */
  quarter: QuarterNumber | null;
  /** The month chosen (figures that have months show it, the others the quarter): absent or null for none. */
  month?: MonthNumber | null;
  /** Reporting years with data, newest first. */
  years: number[];
}

export interface Period {
  /** "2024", "Q2 2023/24" or "May 2023". */
  label: string;
  results: IndicatorResults;
  published: Map<string, PublishedIndicator>;
  /** Where its figures sit in the disclosure ledger. */
  at: Coordinates;
}

/** What pages compare an organisation with: benchmarks and the local population (see `reference`). */
export interface ReferenceData {
  /** Loaded benchmarks (the organisation's and those loaded above it), then the engine's national ones. */
  benchmarks: BenchmarkRecord[];
  population: PopulationRecord[];
}

/** A count as a view shows it: the ledger's in the publication view, the exact count in the full view. */
export type RowCounts = (id: string, part: string, by: string, row: string) => CountLookup;

export const yearLabel = (year: number) => String(year);

/** The full view: every count exactly as counted. */
const exactly: CountLookup = (_slot, exact) => ({
  exact,
  value: exact,
  text: formatCount(exact),
  withheld: false,
  rounded: false,
});

export class DashboardContext {
  constructor(
    readonly view: DashboardView,
    private readonly deps: {
      indicators: IndicatorsService;
      cache: PromiseCache;
      /** Names the data, settings and local metrics in force: part of every cache key. */
      stamp: string;
      localDefinitions: readonly unknown[];
      /** The organisation's care groups (unit paths), each with its directorates. */
      units: { path: string; children: string[] }[];
      /** The sets of several units the organisation's roles are limited to (DisclosureSources.unions). */
      unions: string[][];
      /** Where resolved ledgers are kept between processes. */
      ledgers: LedgersRepository;
    },
  ) {}

  /** Where this view's figures sit for a period (a month when one is given, else the quarter or year). */
  at(year: number, quarter: QuarterNumber | null, month: MonthNumber | null = null): Coordinates {
    return {
      unit: unitKey(this.view.scope),
      period: month === null ? periodKey(year, quarter) : monthKey(year, month),
    };
  }

  /**
   * The disclosure ledger of a reporting year: every view of the organisation (whole, each care group and
   * directorate; the year and its quarters; their breakdowns) in the publication view, resolved once per
   * data version and shared by every reader of the organisation, whatever their own scope.
   */
  async disclosure(year: number): Promise<Disclosure> {
    const org = this.view.org;
    // Where a figure's yearly counts are shown in two years' windows (a mean of annual ratios), the years'
    // ledgers are one: kept as year 0.
    // (The settings alone decide it: no figure needs computing to read a kept ledger.)
    const linked = linkedYears(resolveSettings(await this.deps.indicators.settingsOf(org)).settings);
    const kept = linked ? 0 : year;
    const key = [org.id, this.deps.stamp, 'disclosure', kept].join('#');
    return this.deps.cache.get(key, async () => {
      // Resolved once per data version for every process: kept under a stamp that also names the units
      // (they shape the ledger) and the ledger's format.
      const stamp = await this.ledgerStamp();
      const found = await this.deps.ledgers.read(org.id, kept, stamp);
      if (found) return restoreDisclosure(found as KeptDisclosure);
      const built = linked
        ? await buildLinkedDisclosure(
            await Promise.all(
              [...(await this.deps.indicators.years(org))]
                .sort((a, b) => a - b)
                .map(async (y) => ({ sources: await this.sourcesOf(y), year: y })),
            ),
          )
        : await buildDisclosure(await this.sourcesOf(year), year);
      await this.deps.ledgers.write(org.id, kept, stamp, keepDisclosure(built));
      return built;
    });
  }

  /** What the disclosure ledger of a reporting year is built from: the organisation's figures. */
  private async sourcesOf(year: number): Promise<DisclosureSources> {
    {
      const org = this.view.org;
      const annual = (scope: DataScope, breakdown: (string | string[])[]) =>
        this.deps.indicators.compute(org, year, scope, { breakdown, previous: false });
      const whole = await annual('all', []);
      const engines = new Map<string, ReturnType<typeof createContext>>();
      // One engine context per unit, for the year and its four quarters and the regrouped figures.
      const engineOf = async (scope: DataScope) => {
        const key = unitKey(scope);
        let engine = engines.get(key);
        if (!engine) {
          const datasets = await this.deps.indicators.datasets(org, scope);
          engines.set(key, (engine = createContext(year, datasets, whole.settings)));
        }
        return engine;
      };
      return {
        settings: whole.settings,
        units: this.deps.units,
        unions: this.deps.unions,
        annual,
        quarter: async (scope, quarter, breakdown) =>
          computeQuarter({
            at: { year, quarter },
            datasets: await this.deps.indicators.datasets(org, scope),
            annual: await annual(scope, []),
            localDefinitions: this.deps.localDefinitions,
            breakdown,
          }),
        // Only the figures that have months go in: none, and the ledger has no months.
        ...(monthlyIds(this.deps.localDefinitions).size === 0
          ? {}
          : {
              months: async (scope: DataScope, breakdown: string[]) =>
                computeMonths({
                  year,
                  months: FINANCIAL_YEAR_MONTHS,
                  datasets: await this.deps.indicators.datasets(org, scope),
                  annual: await annual(scope, []),
                  localDefinitions: this.deps.localDefinitions,
                  breakdown,
                }),
            }),
        // The whole organisation's and each care group's, not a directorate's (almost all withheld).
        regrouped: async (scope) => evaluateRegrouped(await engineOf(scope), whole.settings, REGROUP_SCHEMES),
        tables: async (scope, quarter, breakdown) => {
          const engine = await engineOf(scope);
          const out = new Map<string, MetricResult>();
          for (const def of tableDefinitions(whole.settings)) {
            const inPeriod = quarter === null ? def : toQuarter(def, quarter);
            if (inPeriod) out.set(def.id, evaluateMetric({ ...inPeriod, breakdown }, engine));
          }
          return out;
        },
      };
    }
  }

  /** What this organisation's disclosure ledgers are kept under (ledgers.repository.ts). */
  async ledgerStamp(): Promise<string> {
    return ledgerStamp(this.deps.stamp, this.deps.units, this.deps.unions, await codeFingerprint());
  }

  /** Where the publication view finds the counts of figures at the given coordinates. */
  async partLookup(at: Coordinates): Promise<PartLookup> {
    const d = await this.disclosure(Number(at.period.slice(0, 4)));
    return (ind, part) => d.lookup(ind.id, part, at);
  }

  /**
   * The counts of a figure at this view's unit in a period, as the view shows them: the ledger's in the
   * publication view (for the dashboard's own tables too: tables.ts), every count exactly in the full view.
   */
  async counts(
    year: number,
    quarter: QuarterNumber | null,
    month: MonthNumber | null = null,
  ): Promise<(id: string, part?: string) => CountLookup> {
    if (this.view.fullCounts) return () => exactly;
    const d = await this.disclosure(year);
    const at = this.at(year, quarter, month);
    return (id, part = TABLE_PART) => d.lookup(id, part, at);
  }

  /** The counts of breakdown rows as this view shows them (see Disclosure.rowLookup). */
  async rowCounts(
    year: number,
    quarter: QuarterNumber | null,
    month: MonthNumber | null = null,
  ): Promise<RowCounts> {
    if (this.view.fullCounts) return () => exactly;
    const d = await this.disclosure(year);
    const at = this.at(year, quarter, month);
    const members = this.view.scope === 'all' ? [] : coveringUnits(this.view.scope);
    return (id, part, by, row) => d.rowLookup(id, part, at, by, row, members);
  }

  private key(kind: string): string {
    const { org, scope, fullCounts } = this.view;
    const scopeKey = scope === 'all' ? '*' : [...scope].sort().join('|');
    return [org.id, this.deps.stamp, scopeKey, fullCounts ? 'full' : 'published', kind].join('#');
  }

  /** Caches any value computed from this view's data. */
  memo<T>(kind: string, make: () => Promise<T>): Promise<T> {
    return this.deps.cache.get(this.key(kind), make);
  }

  /** Caches a page's model for this view's period (pages add what changes without a new import). */
  page<T>(name: string, make: () => Promise<T>): Promise<T> {
    return this.memo(this.pageName(name), make);
  }

  /** The key a page's model is cached under: the data, the part shown, the view of counts and the period. */
  pageKey(name: string): string {
    return this.key(this.pageName(name));
  }

  private pageName(name: string): string {
    const month = this.view.month ?? null;
    return `page:${name}:${this.view.year}:${this.view.quarter ?? ''}${month === null ? '' : `:m${month}`}`;
  }

  get localDefinitions(): readonly unknown[] {
    return this.deps.localDefinitions;
  }

  /**
   * Results as this view shows them: every count exactly in the full view; in the publication view each
   * count as the disclosure ledger publishes it at the given coordinates (where it holds none: withheld).
   */
  async publishAt(results: IndicatorResults, at: Coordinates): Promise<Map<string, PublishedIndicator>> {
    if (this.view.fullCounts)
      return new Map(toPublication(results, { suppress: false }).map((p) => [p.id, p]));
    const year = Number(at.period.slice(0, 4));
    const d = await this.disclosure(year);
    return new Map(
      toPublication(results, {
        suppress: true,
        lookup: (ind, part) => d.lookup(ind.id, part, at),
      }).map((p) => [p.id, p]),
    );
  }

  /** Every national indicator and local metric for a reporting year, with its publication view. */
  annual(year: number): Promise<Period> {
    return this.memo(`annual:${year}`, async () => {
      const results = await this.deps.indicators.compute(this.view.org, year, this.view.scope);
      const at = this.at(year, null);
      return { label: yearLabel(year), results, published: await this.publishAt(results, at), at };
    });
  }

  /**
   * The same, broken down by the given dimensions, for the given indicator only. The breakdown by the
   * view's units (care groups of the organisation, directorates of a care group) is made of each unit's own
   * figures, the ones its filtered page shows, so the two can never differ.
   */
  breakdown(year: number, id: string, dimensions: string[]): Promise<Period> {
    return this.memo(`breakdown:${year}:${id}:${dimensions.join(',')}`, async () => {
      const unitDim = this.unitDimension();
      const units = dimensions.includes(unitDim) ? this.childUnits() : [];
      const results = await this.deps.indicators.compute(this.view.org, year, this.view.scope, {
        only: [id],
        breakdown: dimensions.filter((d) => units.length === 0 || d !== unitDim),
        previous: false,
      });
      if (units.length > 0) {
        const own = await Promise.all(
          units.map((u) =>
            this.deps.indicators.compute(this.view.org, year, [u.path], { only: [id], previous: false }),
          ),
        );
        for (const ind of [...results.indicators, ...results.local])
          for (const part of ind.parts) {
            const rows = own.flatMap((r, k) => {
              const found = [...r.indicators, ...r.local].find((x) => x.id === ind.id);
              const m = found?.parts.find((p) => p.key === part.key)?.metric;
              return m ? [{ key: units[k]!.key, result: m.result }] : [];
            });
            part.metric = {
              ...part.metric,
              breakdowns: [{ by: [unitDim], rows }, ...part.metric.breakdowns],
            };
          }
      }
      const at = this.at(year, null);
      return { label: yearLabel(year), results, published: await this.publishAt(results, at), at };
    });
  }

  /** The units a view breaks down by: care groups of the organisation, directorates of a care group. */
  unitDimension(): 'careGroup' | 'directorate' {
    return this.view.scope === 'all' ? 'careGroup' : 'directorate';
  }

  /** The units one level below the view, with their breakdown keys (the unit's own name). */
  private childUnits(): { path: string; key: string }[] {
    const scope = this.view.scope;
    if (scope === 'all') return this.deps.units.map((u) => ({ path: u.path, key: u.path }));
    if (scope.length !== 1) return [];
    const unit = this.deps.units.find((u) => u.path === scope[0]);
    return (unit?.children ?? []).map((c) => ({ path: c, key: c.slice(unit!.path.length + 3) }));
  }

  datasets(): Promise<Datasets> {
    return this.deps.indicators.datasets(this.view.org, this.view.scope);
  }

  /** The indicators that have quarters, for one quarter, labelled against the quarter before. */
  quarter(at: QuarterRef): Promise<Period> {
    return this.memo(`quarter:${at.year}:${at.quarter}`, async () => {
      const [annual, previousAnnual] = await Promise.all([
        this.annual(at.year),
        this.annual(previousQuarter(at).year),
      ]);
      const datasets = await this.datasets();
      const current = computeQuarter({
        at,
        datasets,
        annual: annual.results,
        localDefinitions: this.deps.localDefinitions,
      });
      const previous = computeQuarter({
        at: previousQuarter(at),
        datasets,
        annual: previousAnnual.results,
        localDefinitions: this.deps.localDefinitions,
      });
      const results = compareQuarters(current, previous);
      const coordinates = this.at(at.year, at.quarter);
      return {
        label: `Q${at.quarter} ${financialYearLabel(at.year - 1)}`,
        results,
        published: await this.publishAt(results, coordinates),
        at: coordinates,
      };
    });
  }

  /**
   * The figures that have months (local metrics declaring them), for each month of a reporting year, each
   * in its publication view at its own coordinates in the year's ledger.
   */
  months(year: number): Promise<Map<MonthNumber, Period>> {
    return this.memo(`months:${year}`, async () => {
      const [annual, datasets] = await Promise.all([this.annual(year), this.datasets()]);
      const computed = computeMonths({
        year,
        months: FINANCIAL_YEAR_MONTHS,
        datasets,
        annual: annual.results,
        localDefinitions: this.deps.localDefinitions,
      });
      const out = new Map<MonthNumber, Period>();
      for (const [month, results] of computed) {
        const at = this.at(year, null, month);
        out.set(month, {
          label: monthLabel({ year, month }),
          results,
          published: await this.publishAt(results, at),
          at,
        });
      }
      return out;
    });
  }

  /** One month's figures (those that have months), labelled against the month before. */
  month(at: MonthRef): Promise<Period> {
    return this.memo(`month:${at.year}:${at.month}`, async () => {
      const before = previousMonth(at);
      const [current, previous] = await Promise.all([
        this.months(at.year).then((m) => m.get(at.month)!),
        // A year without data has no months: the first month of the data has nothing before it.
        this.view.years.includes(before.year)
          ? this.months(before.year).then((m) => m.get(before.month)!)
          : null,
      ]);
      const results = compareMonths(current.results, previous?.results ?? { ...current.results, local: [] });
      return { ...current, results, published: await this.publishAt(results, current.at) };
    });
  }

  /** Evaluates the dashboard's own metric definitions for a reporting year. */
  evaluate(year: number, definitions: readonly MetricDefinition[]): Promise<MetricResult[]> {
    return this.memo(`evaluate:${year}:${JSON.stringify(definitions)}`, async () => {
      const [annual, datasets] = await Promise.all([this.annual(year), this.datasets()]);
      const ctx = createContext(year, datasets, annual.results.settings);
      return definitions.map((d) => evaluateMetric(d, ctx));
    });
  }

  /** A national figure by another protected characteristic (regrouped.ts), for this view's data. */
  regrouped(year: number, id: string, scheme: CharacteristicScheme): Promise<RegroupedFigure | null> {
    return this.memo(`regrouped:${year}:${id}:${scheme}`, async () => {
      const [annual, datasets] = await Promise.all([this.annual(year), this.datasets()]);
      const settings = annual.results.settings;
      const [found] = evaluateRegrouped(createContext(year, datasets, settings), settings, [scheme], id);
      return found ?? null;
    });
  }

  protection(settings: EngineSettings): Protection {
    return protectionFor(settings, !this.view.fullCounts);
  }
}
