/** A national catalogue entry: one indicator, its definitions in the metric algebra, and its method. */
import type { Condition, DatasetName, MetricDefinition, TimeSpec } from '../algebra/types.js';
import type { SettingId } from '../settings.js';
import type { AdverseDirection } from '../stats/change.js';
import type { SourceRef } from './sources.js';

export type Standard = 'WRES' | 'WDES' | 'BWRES' | 'MWRES' | 'GPG' | 'EPG' | 'DPG';

/** The standards whose indicators are numbered and named "<standard> <number>" ("Bank WRES 2"). */
export const NUMBERED_STANDARDS = {
  WRES: { name: 'WRES', title: 'Workforce Race Equality Standard' },
  WDES: { name: 'WDES', title: 'Workforce Disability Equality Standard' },
  BWRES: { name: 'Bank WRES', title: 'Bank Workforce Race Equality Standard (bank-only workers)' },
  MWRES: { name: 'MWRES', title: 'Medical Workforce Race Equality Standard' },
} as const;
export type NumberedStandard = keyof typeof NUMBERED_STANDARDS;

export const isNumberedStandard = (s: string): s is NumberedStandard => Object.hasOwn(NUMBERED_STANDARDS, s);

/** "WRES 2", "Bank WRES 1", "MWRES 10"; null for the pay gaps and local metrics (named by title). */
export function standardNumberName(e: { standard: string; number: string }): string | null {
  return isNumberedStandard(e.standard) ? `${NUMBERED_STANDARDS[e.standard].name} ${e.number}` : null;
}

export interface CataloguePart {
  /** 'main', or e.g. 'voting', 'executive', 'ons' for indicators with several parts. */
  key: string;
  label: string;
  definition: MetricDefinition;
  /** When this part is better in another direction than the entry's headline (WDES 1 declaration rate). */
  adverseDirection?: AdverseDirection;
}

/** A consistency check: records matching it are reported as a data issue (they do not stop the figure). */
export interface CatalogueCheck {
  code: string;
  dataset: DatasetName;
  where: Condition[];
  at: TimeSpec;
  message: string;
}

export interface CatalogueEntry {
  id: string;
  standard: Standard;
  /** The number as published: "1", "4a (i)", "9b". */
  number: string;
  title: string;
  /** The formula in words and symbols. */
  formula: string;
  /** For relative likelihoods: "White / BME" (top / bottom); null otherwise. */
  orientation: string | null;
  /** Which way is worse for the headline figure; gaps and differences improve towards zero. */
  adverseDirection: AdverseDirection;
  /** Where the data come from. */
  source: string;
  /** Methodology text for reports: population, counting rules, edge cases. */
  methodology: string;
  /** The published sources, by reference, e.g. ["S1", "S5"]; shown by their titles (sources.ts). */
  references: SourceRef[];
  /** The settings this entry reads; reports print their values next to the figures. */
  settings: SettingId[];
  parts: CataloguePart[];
  checks: CatalogueCheck[];
  /** A recorded answer rather than a computed figure (WDES 9b). */
  recorded?: boolean;
}
