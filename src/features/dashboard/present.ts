/** Naming and small presentation helpers shared by the dashboard's pages. */
import type { TopLevelSpec } from 'vega-lite';
import { SHORT_TITLES, shortTitleOf, standardNumberName, type IndicatorResult } from '../../engine/index.js';
import type { Chart, ChartRenderer, ChartTable } from './charts.js';

/** Every indicator's one short title, from the catalogue: tiles, headings, the navigation, exports. */
export { SHORT_TITLES };

export function shortTitle(ind: Pick<IndicatorResult, 'id' | 'title'>): string {
  return shortTitleOf(ind);
}

/** "WRES 2", "WDES 4a (i)", "Bank WRES 1", "MWRES 10", or the title (pay gaps, local metrics). */
export function indicatorName(ind: Pick<IndicatorResult, 'id' | 'standard' | 'number' | 'title'>): string {
  if (ind.standard === 'LOCAL') return ind.title;
  return standardNumberName(ind) ?? ind.title;
}

/** A page-unique, attribute-safe id. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Assembles a chart: draws the picture when there is something to draw. */
export async function makeChart(
  renderer: ChartRenderer,
  input: {
    id: string;
    title: string;
    summary: string;
    spec: TopLevelSpec | null;
    table: ChartTable;
    notes?: string[];
  },
): Promise<Chart> {
  const id = slug(input.id);
  const svg = input.spec ? await renderer.svg(input.spec, `${id}-title ${id}-summary`) : null;
  return {
    id,
    title: input.title,
    summary: input.summary,
    svg,
    table: input.table,
    notes: input.notes ?? [],
  };
}

/** "a, b and c" */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "Relative likelihood (White / BME)" -> "relative likelihood (White / BME)": names keep their capitals. */
export function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

/** "staff in post ..." -> "Staff in post ...": a sentence's first letter. */
export const upperFirst = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * What a reporting year's figures cover, as every page and document says it: "staff in post at 31 March
 * 2024; recruitment, cases and training from April 2023 to March 2024; NHS Staff Survey 2023".
 */
export function reportingYearText(year: number): string {
  return `staff in post at 31 March ${year}; recruitment, cases and training from April ${year - 1} to March ${year}; NHS Staff Survey ${year - 1}`;
}
