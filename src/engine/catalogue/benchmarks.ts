/**
 * National reference values (standards.md §11, TV17 and TV18). Reference data to show beside a trust's
 * figure, not computed by the engine. Each names its source by title (the sources are in sources.ts).
 */
import type { BenchmarkRecord } from '../records.js';

export const NATIONAL_REFERENCES: readonly BenchmarkRecord[] = [
  {
    indicator: 'WRES2',
    year: 2022,
    scope: 'national',
    region: null,
    value: 1.54,
    source: 'North Cumbria Integrated Care NHS Foundation Trust, WRES report 2023',
  },
  {
    indicator: 'WRES2',
    year: 2023,
    scope: 'national',
    region: null,
    value: 1.59,
    source: 'Roger Kline, WRES 2 data and international recruitment',
  },
  {
    indicator: 'WRES2',
    year: 2016,
    scope: 'national',
    region: null,
    value: 1.57,
    source: 'Roger Kline, WRES 2 data and international recruitment',
  },
  {
    indicator: 'WRES3',
    year: 2022,
    scope: 'national',
    region: null,
    value: 1.14,
    source: 'NHS Providers, Closing the gap: addressing racial discrimination in disciplinaries',
  },
  {
    indicator: 'WDES1.disabledPercent',
    year: 2023,
    scope: 'national',
    region: null,
    value: 4.9,
    source: 'North Cumbria Integrated Care NHS Foundation Trust, WDES report 2023',
  },
  {
    indicator: 'WDES2',
    year: 2023,
    scope: 'national',
    region: null,
    value: 0.99,
    source: 'North Cumbria Integrated Care NHS Foundation Trust, WDES report 2023',
  },
  {
    indicator: 'WDES3',
    year: 2023,
    scope: 'national',
    region: null,
    value: 2.17,
    source: 'North Cumbria Integrated Care NHS Foundation Trust, WDES report 2023',
  },
  {
    indicator: 'WRES1.bmePercent',
    year: 2022,
    scope: 'national',
    region: null,
    value: 24.2,
    source: 'NHS England, WRES 2022 data analysis report for NHS trusts',
  },
];
