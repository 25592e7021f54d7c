/**
 * The organisations of a region side by side (an ICB's trusts): the key figures of each in one table,
 * and for every relative likelihood a chart of each trust's figure with its confidence interval against
 * the non-adverse range. Each trust's figures follow the person's view of that trust (publication view
 * unless their role there shows full counts).
 */
import { financialYearLabel } from '../../../engine/index.js';
import type { Cell, Chart, ChartRenderer, DotRow } from '../charts.js';
import { likelihoodSpec } from '../charts.js';
import type { DashboardContext } from '../context.js';
import { headlineOf } from '../figures.js';
import { listText, makeChart, SHORT_TITLES } from '../present.js';
import { indicatorIn } from './common.js';
import { windowOf } from './tiles.js';

export interface CompareModel {
  periodLabel: string;
  members: { name: string; odsCode: string; href: string; hasData: boolean }[];
  table: { caption: string; columns: string[]; rows: { label: string; href: string; cells: Cell[] }[] };
  charts: Chart[];
}

const LIKELIHOODS = ['WRES2', 'WRES3', 'WRES4', 'WDES2', 'WDES3'];
const COLUMNS: { id: string; label: string }[] = [
  { id: 'WRES1', label: 'BME % of workforce' },
  { id: 'WRES2', label: 'WRES 2' },
  { id: 'WRES3', label: 'WRES 3' },
  { id: 'WRES4', label: 'WRES 4' },
  { id: 'WDES1', label: 'Disabled % of workforce' },
  { id: 'WDES2', label: 'WDES 2' },
  { id: 'WDES3', label: 'WDES 3' },
  { id: 'WRES9', label: 'Board minus workforce, BME (pp)' },
];

export async function compareModel(
  region: DashboardContext,
  members: DashboardContext[],
  renderer: ChartRenderer,
): Promise<CompareModel> {
  const { year, quarter } = region.view;
  const query = `?year=${year}${quarter ? `&quarter=${quarter}` : ''}`;
  const withYear = members.filter((m) => m.view.years.includes(year));
  const figures = await Promise.all(
    withYear.map(async (m) => {
      const out = new Map<
        string,
        ReturnType<typeof headlineOf> & {
          lower: number | null;
          upper: number | null;
          window: string | null;
        }
      >();
      for (const c of COLUMNS) {
        const found = await indicatorIn(m, c.id);
        if (!found) continue;
        const h = headlineOf(found.ind, found.published, found.period.results.settings);
        const r = found.ind.parts[0]?.metric.result;
        const ci =
          r?.type === 'relativeLikelihood' && !h.current.hidden ? r.relativeLikelihood.interval : null;
        out.set(c.id, {
          ...h,
          lower: ci?.lower ?? null,
          upper: ci?.upper ?? null,
          window: found.quarterly ? null : windowOf(found.ind),
        });
      }
      return out;
    }),
  );
  const period = quarter === null ? String(year) : `Q${quarter} ${financialYearLabel(year - 1)}`;
  const settings = withYear[0] ? (await withYear[0].annual(year)).results.settings : null;
  const range = settings
    ? { lower: settings['stats.nonAdverseLower'], upper: settings['stats.nonAdverseUpper'] }
    : { lower: 0.8, upper: 1.25 };
  const charts: Chart[] = [];
  for (const id of LIKELIHOODS) {
    const rows: DotRow[] = [];
    const tableRows = withYear.map((m, i) => {
      const h = figures[i]!.get(id);
      if (h && h.current.value !== null)
        rows.push({
          category: m.view.org.name,
          value: h.current.value,
          lower: h.lower,
          upper: h.upper,
          label: h.current.text,
        });
      return {
        label: m.view.org.name,
        cells: [
          { text: h?.current.text ?? '–', suppressed: h?.current.hidden ?? false },
          { text: h?.band ?? '–' },
          { text: h?.interval?.replace(/^\d+% confidence interval /, '') ?? '–' },
          { text: h?.counts.map((c) => `${c.label}: ${c.text}`).join('; ') ?? '–' },
          // What each organisation's figure covers: with a year missing, one organisation's may be one
          // year where another's is two.
          { text: h?.window ?? '' },
        ],
      };
    });
    const windowed = tableRows.some((r) => r.cells[4]!.text !== '');
    if (!windowed) for (const r of tableRows) r.cells.pop();
    const adverse = rows.filter((r) => r.value > range.upper);
    const clear = rows.filter((r) => r.lower !== null && r.lower > range.upper);
    const name = `${id.slice(0, 4)} ${id.slice(4)}`;
    charts.push(
      await makeChart(renderer, {
        id: `compare-${id}`,
        title: `${name} ${SHORT_TITLES[id] ?? ''}: relative likelihood by organisation, ${period}`,
        summary:
          rows.length === 0
            ? 'No organisation has a figure that can be shown.'
            : `${rows.length} ${rows.length === 1 ? 'organisation' : 'organisations'} shown; ${adverse.length === 0 ? 'none is' : `${listText(adverse.map((r) => `${r.category} (${r.label})`))} ${adverse.length === 1 ? 'is' : 'are'}`} above the non-adverse range${
                clear.length > 0
                  ? `, and for ${listText(clear.map((r) => r.category))} the whole confidence interval is above it`
                  : ''
              }.`,
        spec:
          rows.length > 0
            ? likelihoodSpec({
                rows,
                categories: rows.map((r) => r.category),
                range,
                xTitle: 'Relative likelihood',
              })
            : null,
        table: {
          caption: `${name} by organisation, ${period}`,
          rowHeader: 'Organisation',
          columns: [
            'Relative likelihood',
            'Range',
            'Confidence interval',
            'Counts',
            ...(windowed ? ['Window'] : []),
          ],
          rows: tableRows,
        },
        notes: [
          'A whole interval above the range is strong evidence of an adverse difference; an interval that crosses it may reflect small numbers.',
        ],
      }),
    );
  }
  return {
    periodLabel: period,
    members: members.map((m) => ({
      name: m.view.org.name,
      odsCode: m.view.org.odsCode,
      href: `/o/${encodeURIComponent(m.view.org.odsCode)}/dashboard${query}`,
      hasData: m.view.years.includes(year),
    })),
    table: {
      caption: `Key figures by organisation, ${period}`,
      columns: COLUMNS.map((c) => c.label),
      rows: withYear.map((m, i) => ({
        label: m.view.org.name,
        href: `/o/${encodeURIComponent(m.view.org.odsCode)}/dashboard${query}`,
        cells: COLUMNS.map((c) => {
          const h = figures[i]!.get(c.id);
          return { text: h?.current.text ?? '–', suppressed: h?.current.hidden ?? false };
        }),
      })),
    },
    charts,
  };
}
