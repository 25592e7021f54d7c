/**
 * Declaration rates: the share of staff in post (as WRES 1 and WDES 1 count them) whose ethnicity or
 * disability is recorded, by unit and year. One computation, one label and one precision for every page
 * that shows them (the Data quality page, the Data page), so a care group's rate reads the same on both.
 *
 * Also what the staff-in-post snapshot holds beyond that population (bank-only staff, non-executive
 * directors, as the settings leave them out), so a page that counts the snapshot's people says how they
 * relate to the people the indicators count.
 */
import {
  fixed,
  formatCount,
  type EngineSettings,
  type MetricResult,
  type PublishedCount,
  type RateResult,
} from '../../engine/index.js';
import { valueLabel } from './breakdowns.js';
import type { DashboardContext } from './context.js';
import { declarationDefinition, snapshotDefinitions, type Scheme } from './definitions.js';
import { distributionTotal } from './figures.js';
import { TABLE_PART } from './tables.js';

/** One unit's (or the whole view's) declaration in one year, as the view shows it. */
export interface DeclarationCell {
  /** "96.1%", "*" when withheld, "–" when nobody is in post. */
  text: string;
  suppressed: boolean;
  /** The rate (%) worked out from the counts as shown, or null when withheld or missing. */
  value: number | null;
  /** Staff in post counted, as shown ("299", "*"). */
  people: string;
}

export interface DeclarationTable {
  scheme: Scheme;
  /** "Ethnicity recorded", "Disability recorded": the one label of the figure. */
  label: string;
  /** The units the rows are: care groups of the organisation, directorates of a care group. */
  dimension: 'careGroup' | 'directorate';
  /** Reporting years, oldest first: one cell per year in every row. */
  years: number[];
  rows: { key: string; label: string; cells: DeclarationCell[] }[];
  whole: DeclarationCell[];
}

const WITHHELD: Omit<DeclarationCell, 'people'> = { text: '*', suppressed: true, value: null };

/** "96.1%": a declaration rate at the one precision of percentages (display.percentDecimals). */
function rateCell(recorded: PublishedCount, total: PublishedCount, s: EngineSettings): DeclarationCell {
  // The rate of the counts as published, so that it gives back no count it stands for.
  if (recorded.withheld || total.withheld) return { ...WITHHELD, people: total.text };
  if (total.value === 0) return { text: '–', suppressed: false, value: null, people: total.text };
  const value = (recorded.value! / total.value!) * 100;
  return {
    text: `${fixed(value, s['display.percentDecimals'])}%`,
    suppressed: false,
    value,
    people: total.text,
  };
}

/**
 * The declaration rate of each unit below the view and of the whole view, for every reporting year up to
 * the view's, oldest first. In the publication view the counts are the disclosure ledger's (tables.ts: the
 * staff in post are those WRES 1 and WDES 1 publish), and every rate is worked out from the published
 * counts, so it gives back no count it stands for.
 */
export async function declarationTable(ctx: DashboardContext, scheme: Scheme): Promise<DeclarationTable> {
  const { year } = ctx.view;
  const years = [...ctx.view.years].sort((a, b) => a - b).filter((y) => y <= year);
  const dimension = ctx.unitDimension();
  const s = (await ctx.annual(year)).results.settings;
  const def = { ...declarationDefinition(s, scheme), breakdown: [dimension] };
  const metrics = await Promise.all(years.map((y) => ctx.evaluate(y, [def]).then((m) => m[0]!)));
  const keys = [...new Set(metrics.flatMap((m) => m.breakdowns[0]?.rows.map((r) => r.key) ?? []))].filter(
    (k) => k !== 'NOT_RECORDED',
  );
  const rows: DeclarationTable['rows'] = keys.map((key) => ({
    key,
    label: valueLabel(dimension, key),
    cells: [],
  }));
  const whole: DeclarationCell[] = [];
  for (const [i, m] of metrics.entries()) {
    const y = years[i]!;
    const [counts, rowCounts] = await Promise.all([ctx.counts(y, null), ctx.rowCounts(y, null)]);
    keys.forEach((key, k) => {
      const r = m.breakdowns[0]?.rows.find((x) => x.key === key)?.result as RateResult | undefined;
      const count = rowCounts(def.id, TABLE_PART, dimension, key);
      rows[k]!.cells.push(
        rateCell(count('n:ALL', r?.all.numerator ?? 0), count('d:ALL', r?.all.denominator ?? 0), s),
      );
    });
    const all = (m.result as RateResult).all;
    const count = counts(def.id);
    whole.push(rateCell(count('n:ALL', all.numerator), count('d:ALL', all.denominator), s));
  }
  return { scheme, label: def.title, dimension, years, rows, whole };
}

/** Who the staff-in-post snapshot holds, and how many of them the indicators count. */
export interface WorkforceScope {
  /** Everyone in the snapshot at 31 March, one record per person ("2,400"). */
  snapshot: string;
  /** Those WRES 1 and WDES 1 count: the figure their pages give as the overall workforce ("2,237"). */
  counted: string;
  /** The people the settings leave out, in words with their counts ("163 bank-only staff"). */
  leftOut: { label: string; count: string }[];
}

/**
 * The snapshot's people, those WRES 1 counts (read from WRES 1's own published counts, so the figure is
 * the one its page shows) and those left out, as the view shows counts.
 */
export async function workforceScope(ctx: DashboardContext, year: number): Promise<WorkforceScope | null> {
  const annual = await ctx.annual(year);
  const s = annual.results.settings;
  const wres1 = annual.results.indicators.find((i) => i.id === 'WRES1')?.parts[0]?.metric.result;
  if (wres1?.type !== 'distribution') return null;
  const counted = distributionTotal(wres1, annual.published.get('WRES1')?.parts[0]);
  const { people, leftOut } = snapshotDefinitions(s);
  const [all, ...parts] = await ctx.evaluate(year, [people, ...leftOut.map((l) => l.definition)]);
  // The counts as the disclosure ledger publishes them (tables.ts).
  const counts = await ctx.counts(year, null);
  const rate = (m: MetricResult | undefined) => (m?.result as RateResult | undefined)?.all;
  return {
    snapshot: counts(people.id)('d:ALL', rate(all)?.denominator ?? 0).text,
    counted,
    leftOut: leftOut.map((l, i) => ({
      label: l.label,
      count: counts(l.definition.id)('n:ALL', rate(parts[i])?.numerator ?? 0).text,
    })),
  };
}

/** What a loaded file says of its own people's declaration (the counts kept with the file at import). */
export interface FileDeclarationCounts {
  total: number;
  ethnicityNotStated: number;
  ethnicityNotKnown: number;
  disabilityUnknown: number;
  /** Blank in a file whose blanks the workforce record fills (absent in counts kept before they were). */
  ethnicityFromWorkforce?: number;
  disabilityFromWorkforce?: number;
}

/**
 * A loaded file's own declaration, in the same words and precision as the rates above: every record of
 * the file, before the indicators' population rules (so not the figure of the Data quality page).
 *
 * Example: 2,400 people, 55 not stated, 39 not known, 384 disability unknown -> ethnicity "2,306 (96.1%;
 * 55 chose not to say, 39 not known)", disability "2,016 (84.0%; 384 not declared or not known)". A blank
 * that the workforce record fills (a case log's) is neither: "…, 12 blank and taken from the workforce
 * record". `noun` is "records" for an event file, which may name one person on many rows.
 */
export function fileDeclaration(
  q: FileDeclarationCounts,
  s: EngineSettings,
  noun: 'people' | 'records' = 'people',
): { people: string; noun: 'people' | 'records'; ethnicity: string; disability: string } {
  const rate = (n: number) =>
    q.total === 0 ? '–' : `${fixed((n / q.total) * 100, s['display.percentDecimals'])}%`;
  const fromEthnicity = q.ethnicityFromWorkforce ?? 0;
  const fromDisability = q.disabilityFromWorkforce ?? 0;
  const ethnicity = q.total - q.ethnicityNotStated - q.ethnicityNotKnown - fromEthnicity;
  const disability = q.total - q.disabilityUnknown - fromDisability;
  const blank = (n: number) => (n > 0 ? `, ${formatCount(n)} blank and taken from the workforce record` : '');
  return {
    people: formatCount(q.total),
    noun,
    ethnicity: `${formatCount(ethnicity)} (${rate(ethnicity)}; ${formatCount(q.ethnicityNotStated)} chose not to say, ${formatCount(q.ethnicityNotKnown)} not known${blank(fromEthnicity)})`,
    disability: `${formatCount(disability)} (${rate(disability)}; ${formatCount(q.disabilityUnknown)} not declared or not known${blank(fromDisability)})`,
  };
}
