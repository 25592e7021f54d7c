/**
 * National reference values (standards.md §11, TV17 and TV18). Reference data to show beside a trust's
 * figure, not computed by the engine.
 */
import type { BenchmarkRecord } from '../records.js';

export const NATIONAL_REFERENCES: readonly BenchmarkRecord[] = [
  {
    indicator: 'WRES2',
    year: 2022,
    scope: 'national',
    region: null,
    value: 1.54,
    source: 'NCIC WRES 2023 [S17]',
  },
  { indicator: 'WRES2', year: 2023, scope: 'national', region: null, value: 1.59, source: 'Kline [S15]' },
  { indicator: 'WRES2', year: 2016, scope: 'national', region: null, value: 1.57, source: 'Kline [S15]' },
  {
    indicator: 'WRES3',
    year: 2022,
    scope: 'national',
    region: null,
    value: 1.14,
    source: 'NHS Providers [S11]',
  },
  {
    indicator: 'WDES1.disabledPercent',
    year: 2023,
    scope: 'national',
    region: null,
    value: 4.9,
    source: 'NCIC WDES 2023 [S37]',
  },
  {
    indicator: 'WDES2',
    year: 2023,
    scope: 'national',
    region: null,
    value: 0.99,
    source: 'NCIC WDES 2023 [S37]',
  },
  {
    indicator: 'WDES3',
    year: 2023,
    scope: 'national',
    region: null,
    value: 2.17,
    source: 'NCIC WDES 2023 [S37]',
  },
  {
    indicator: 'WRES1.bmePercent',
    year: 2022,
    scope: 'national',
    region: null,
    value: 24.2,
    source: 'NHSE WRES 2022 [S18]',
  },
];
