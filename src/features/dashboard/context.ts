/**
 * What every dashboard page works from: the organisation, the part of it shown (the person's role and
 * the care-group filter), whether counts are shown in full or in the publication view, the period, and
 * cached access to the engine's results for any year or quarter. Everything computed is cached under a
 * stamp naming the current version of every loaded dataset and the organisation's settings and local
 * metrics, so a new import (or a deleted one, or a changed setting) is picked up by the next request,
 * in every server process, and nothing is computed twice for the same data.
 */
import {
  evaluateMetric,
  createContext,
  toPublication,
  type Datasets,
  type EngineSettings,
  type IndicatorResults,
  type MetricDefinition,
  type MetricResult,
  type PublishedIndicator,
  type QuarterNumber,
} from '../../engine/index.js';
import type { DataScope, IndicatorsService } from '../indicators/indicators.service.js';
import type { Organisation } from '../organisations/organisation.js';
import { protectionFor, type Protection } from './protect.js';
import { compareQuarters, computeQuarter, previousQuarter, type QuarterRef } from './quarters.js';

export interface DashboardView {
  org: Organisation;
  /** The data shown: everything, or the unit paths of the role and the care-group filter. */
  scope: DataScope;
  /** The care group (or units) the figures are limited to, for the page to say so; null for all. */
  scopeLabel: string | null;
  /** Analysts and administrators with an organisation-wide role: every count; others: publication view. */
  fullCounts: boolean;
  year: number;
  quarter: QuarterNumber | null;
  /** Reporting years with data, newest first. */
  years: number[];
}

export interface Period {
  /** "2024" or "Q2 2023/24". */
  label: string;
  results: IndicatorResults;
  published: Map<string, PublishedIndicator>;
}

/** A small least-recently-used cache of promises (a failed computation is forgotten). */
export class PromiseCache {
  private readonly entries = new Map<string, Promise<unknown>>();
  constructor(private readonly size: number) {}

  get<T>(key: string, make: () => Promise<T>): Promise<T> {
    let found = this.entries.get(key) as Promise<T> | undefined;
    if (found) this.entries.delete(key);
    else {
      found = make();
      found.catch(() => this.entries.delete(key));
    }
    this.entries.set(key, found);
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    return found;
  }
}

export const yearLabel = (year: number) => String(year);

export class DashboardContext {
  constructor(
    readonly view: DashboardView,
    private readonly deps: {
      indicators: IndicatorsService;
      cache: PromiseCache;
      /** Names the data, settings and local metrics in force: part of every cache key. */
      stamp: string;
      localDefinitions: readonly unknown[];
    },
  ) {}

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
    return this.memo(`page:${name}:${this.view.year}:${this.view.quarter ?? ''}`, make);
  }

  /** The key a page's model is cached under: the data, the part shown, the view of counts and the period. */
  pageKey(name: string): string {
    return this.key(`page:${name}:${this.view.year}:${this.view.quarter ?? ''}`);
  }

  get localDefinitions(): readonly unknown[] {
    return this.deps.localDefinitions;
  }

  private publish(results: IndicatorResults): Map<string, PublishedIndicator> {
    return new Map(toPublication(results, { suppress: !this.view.fullCounts }).map((p) => [p.id, p]));
  }

  /** Every national indicator and local metric for a reporting year, with its publication view. */
  annual(year: number): Promise<Period> {
    return this.memo(`annual:${year}`, async () => {
      const results = await this.deps.indicators.compute(this.view.org, year, this.view.scope);
      return { label: yearLabel(year), results, published: this.publish(results) };
    });
  }

  /** The same, broken down by the given dimensions, for the given indicator only. */
  breakdown(year: number, id: string, dimensions: string[]): Promise<Period> {
    return this.memo(`breakdown:${year}:${id}:${dimensions.join(',')}`, async () => {
      const results = await this.deps.indicators.compute(this.view.org, year, this.view.scope, {
        only: [id],
        breakdown: dimensions,
        previous: false,
      });
      return { label: yearLabel(year), results, published: this.publish(results) };
    });
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
      return {
        label: `Q${at.quarter} ${at.year - 1}/${String(at.year % 100).padStart(2, '0')}`,
        results,
        published: this.publish(results),
      };
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

  protection(settings: EngineSettings): Protection {
    return protectionFor(settings, !this.view.fullCounts);
  }
}
