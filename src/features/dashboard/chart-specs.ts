/**
 * The dashboard's chart types as Vega-Lite specifications: grouped bars with reference lines and target
 * marks, relative likelihoods with their intervals against the non-adverse range, trends, and 100%
 * compositions. Colours, shapes and dashes come from palette.ts; values are printed on the marks, so a
 * chart never relies on colour alone. Numbers arrive formatted by the caller, so the picture prints
 * exactly what its table shows.
 */
import type { TopLevelSpec } from 'vega-lite';
import { NHS, seriesStyles, sequentialColours } from './palette.js';

export interface Series {
  key: string;
  label: string;
}

const FONT = 'Frutiger W01, Arial, sans-serif';
const WIDTH = 560;

const CONFIG = {
  aria: false,
  font: FONT,
  background: NHS.white,
  padding: 8,
  view: { stroke: null },
  axis: {
    labelFontSize: 12,
    titleFontSize: 12,
    labelColor: NHS.text,
    titleColor: NHS.text,
    gridColor: NHS.border,
    domainColor: NHS.secondaryText,
    tickColor: NHS.secondaryText,
    titleFontWeight: 'bold',
  },
  legend: {
    orient: 'bottom',
    labelFontSize: 12,
    titleFontSize: 12,
    labelColor: NHS.text,
    titleColor: NHS.text,
    symbolStrokeWidth: 1.5,
    labelLimit: 320,
  },
  text: { color: NHS.text },
};

/** A text label as Vega shows it: numbers are formatted by the caller, so the chart prints exactly the table. */
export interface BarRow {
  category: string;
  series: string;
  value: number;
  label: string;
}

export interface ReferenceLine {
  value: number;
  label: string;
  dash?: number[];
}

export interface CategoryMark {
  category: string;
  value: number;
  label: string;
}

function seriesScale(series: readonly Series[]) {
  const styles = seriesStyles(series.map((s) => s.key));
  return {
    domain: series.map((s) => s.label),
    colours: styles.map((s) => s.colour),
    strokes: styles.map((s) => s.stroke),
    shapes: styles.map((s) => s.shape),
    dashes: styles.map((s) => s.dash),
  };
}

const labelOf = (series: readonly Series[], key: string) => series.find((s) => s.key === key)?.label ?? key;

/**
 * Horizontal bars, grouped by series within each category, each bar labelled with its value. Optional
 * reference lines across the chart (the overall workforce, the local population) and per-category ticks
 * (a target for that band).
 */
export function barSpec(options: {
  rows: readonly BarRow[];
  categories: readonly string[];
  series: readonly Series[];
  xTitle: string;
  domain?: [number, number];
  lines?: readonly ReferenceLine[];
  ticks?: readonly CategoryMark[];
  ticksLabel?: string;
  sequential?: boolean;
}): TopLevelSpec {
  const { categories, series } = options;
  const scale = seriesScale(series);
  const colours = options.sequential ? sequentialColours(series.length) : scale.colours;
  const values = options.rows.map((r) => ({ ...r, seriesLabel: labelOf(series, r.series) }));
  const step = Math.max(14, 22 - series.length * 2);
  const height = Math.max(40, categories.length * (series.length * step + 8));
  const maxValue = Math.max(
    0,
    ...values.map((v) => v.value),
    ...(options.lines ?? []).map((l) => l.value),
    ...(options.ticks ?? []).map((t) => t.value),
  );
  const domain = options.domain ?? [Math.min(0, ...values.map((v) => v.value)), niceMax(maxValue * 1.15)];
  const y = {
    field: 'category',
    type: 'nominal' as const,
    sort: [...categories],
    title: null,
    axis: { labelLimit: 0, labelPadding: 6 },
    scale: { domain: [...categories], paddingInner: 0.25 },
  };
  const x = {
    field: 'value',
    type: 'quantitative' as const,
    title: options.xTitle,
    scale: { domain, nice: false },
  };
  const layers: unknown[] = [
    {
      data: { values },
      mark: { type: 'bar', strokeWidth: 1 },
      encoding: {
        y,
        yOffset: { field: 'seriesLabel', sort: scale.domain, scale: { domain: scale.domain } },
        x,
        color: {
          field: 'seriesLabel',
          type: 'nominal',
          scale: { domain: scale.domain, range: colours },
          legend: series.length > 1 ? { title: null } : null,
        },
        stroke: {
          field: 'seriesLabel',
          type: 'nominal',
          scale: { domain: scale.domain, range: scale.strokes },
          legend: series.length > 1 ? { title: null } : null,
        },
      },
    },
    // Each value is printed beyond the end of its bar: to the right, or to the left of a negative one.
    ...[
      { values: values.filter((v) => v.value >= 0), align: 'left', dx: 4 },
      { values: values.filter((v) => v.value < 0), align: 'right', dx: -4 },
    ]
      .filter((l) => l.values.length > 0)
      .map((l) => ({
        data: { values: l.values },
        mark: { type: 'text', align: l.align, baseline: 'middle', dx: l.dx, fontSize: 11, fill: NHS.text },
        encoding: {
          y,
          yOffset: { field: 'seriesLabel', sort: scale.domain, scale: { domain: scale.domain } },
          x,
          text: { field: 'label' },
        },
      })),
  ];
  const lines = options.lines ?? [];
  if (lines.length > 0)
    layers.push({
      data: { values: lines.map((l) => ({ value: l.value, line: l.label })) },
      mark: { type: 'rule', stroke: NHS.darkGrey, strokeWidth: 2 },
      encoding: {
        x,
        strokeDash: {
          field: 'line',
          type: 'nominal',
          scale: { domain: lines.map((l) => l.label), range: lines.map((l) => l.dash ?? []) },
          legend: { title: null, symbolType: 'stroke', symbolStrokeColor: NHS.darkGrey, symbolSize: 300 },
        },
      },
    });
  if (options.ticks && options.ticks.length > 0) {
    layers.push({
      data: { values: options.ticks.map((t) => ({ ...t, kind: options.ticksLabel ?? 'Target' })) },
      mark: {
        type: 'point',
        filled: true,
        size: 140,
        color: NHS.darkBlue,
        stroke: NHS.white,
        strokeWidth: 1,
      },
      encoding: {
        y,
        x,
        shape: {
          field: 'kind',
          type: 'nominal',
          scale: { range: ['diamond'] },
          legend: { title: null },
        },
      },
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH,
    height,
    config: CONFIG,
    layer: layers,
  } as unknown as TopLevelSpec;
}

export interface DotRow {
  category: string;
  value: number;
  lower: number | null;
  upper: number | null;
  label: string;
}

/**
 * Relative likelihoods as dots with their confidence intervals, against the shaded non-adverse range and a
 * dashed line at 1.00 (parity). An interval with no upper bound runs to the edge of the chart.
 */
export function likelihoodSpec(options: {
  rows: readonly DotRow[];
  categories: readonly string[];
  range: { lower: number; upper: number };
  xTitle: string;
}): TopLevelSpec {
  const { rows, categories, range } = options;
  const highest = Math.max(range.upper, ...rows.map((r) => Math.max(r.value, r.upper ?? 0)));
  const max = niceMax(Math.min(Math.max(2, highest * 1.1), 10));
  const values = rows.map((r) => ({
    ...r,
    lo: r.lower === null ? null : Math.min(r.lower, max),
    hi: r.upper === null ? max : Math.min(r.upper, max),
    v: Math.min(r.value, max),
  }));
  const height = Math.max(60, categories.length * 34);
  const y = {
    field: 'category',
    type: 'nominal' as const,
    sort: [...categories],
    title: null,
    axis: { labelLimit: 0, labelPadding: 6 },
    scale: { domain: [...categories] },
  };
  const x = (field: string) => ({
    field,
    type: 'quantitative' as const,
    title: options.xTitle,
    scale: { domain: [0, max], nice: false },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH,
    height,
    config: CONFIG,
    layer: [
      {
        data: { values: [{ lo: range.lower, hi: range.upper, label: 'Non-adverse range' }] },
        mark: { type: 'rect', fill: NHS.paleGrey, stroke: NHS.midGrey, strokeDash: [3, 3] },
        encoding: { x: x('lo'), x2: { field: 'hi' } },
      },
      {
        data: { values: [{ lo: range.lower, hi: range.upper, label: 'Non-adverse range' }] },
        mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 3, dy: -2, fontSize: 11 },
        encoding: { x: x('lo'), y: { value: 0 }, text: { field: 'label' } },
      },
      {
        data: { values: [{ one: 1 }] },
        mark: { type: 'rule', stroke: NHS.darkGrey, strokeDash: [6, 3], strokeWidth: 1.5 },
        encoding: { x: x('one') },
      },
      {
        data: { values: values.filter((v) => v.lo !== null) },
        mark: { type: 'rule', stroke: NHS.darkGrey, strokeWidth: 2 },
        encoding: { y, x: x('lo'), x2: { field: 'hi' } },
      },
      {
        data: { values },
        mark: {
          type: 'point',
          filled: true,
          size: 110,
          shape: 'circle',
          stroke: NHS.darkBlue,
          strokeWidth: 1,
        },
        encoding: { y, x: x('v'), color: { value: NHS.blue } },
      },
      {
        data: { values },
        mark: { type: 'text', align: 'center', baseline: 'bottom', dy: -8, fontSize: 11, fontWeight: 'bold' },
        encoding: { y, x: x('v'), text: { field: 'label' } },
      },
    ],
  } as unknown as TopLevelSpec;
}

export interface LineRow {
  period: string;
  series: string;
  value: number | null;
  label: string;
}

/**
 * A trend: one line per series across ordered periods, each series with its own colour, dash and point
 * shape, values printed beside the points. A missing value breaks the line rather than bridging it.
 */
export function trendSpec(options: {
  rows: readonly LineRow[];
  periods: readonly string[];
  series: readonly Series[];
  yTitle: string;
  band?: { lower: number; upper: number; label: string };
  rule?: number;
  labels?: 'all' | 'last';
}): TopLevelSpec {
  const { periods, series } = options;
  const scale = seriesScale(series);
  const values = options.rows.map((r) => ({ ...r, seriesLabel: labelOf(series, r.series) }));
  const shown = values.filter((v) => v.value !== null);
  const lastPeriod = new Map<string, string>();
  for (const p of periods) for (const v of shown) if (v.period === p) lastPeriod.set(v.seriesLabel, p);
  const labelled =
    options.labels === 'last' ? shown.filter((v) => lastPeriod.get(v.seriesLabel) === v.period) : shown;
  const numbers = [
    ...shown.map((v) => v.value!),
    ...(options.band ? [options.band.lower, options.band.upper] : []),
    ...(options.rule !== undefined ? [options.rule] : []),
  ];
  const low = Math.min(0, ...numbers);
  const high = niceMax(Math.max(...numbers, 0) * 1.15 || 1);
  const xEnc = {
    field: 'period',
    type: 'ordinal' as const,
    sort: [...periods],
    title: null,
    scale: { domain: [...periods], padding: 0.5 },
    axis: { labelAngle: periods.length > 6 ? -40 : 0 },
  };
  const yEnc = {
    field: 'value',
    type: 'quantitative' as const,
    title: options.yTitle,
    scale: { domain: [low, high], nice: false },
  };
  const legend = series.length > 1 ? { title: null, symbolSize: 120 } : null;
  const colour = {
    field: 'seriesLabel',
    type: 'nominal' as const,
    scale: { domain: scale.domain, range: scale.colours },
    legend,
  };
  const layers: unknown[] = [];
  if (options.band)
    layers.push(
      {
        data: { values: [options.band] },
        mark: { type: 'rect', fill: NHS.paleGrey, stroke: NHS.midGrey, strokeDash: [3, 3] },
        encoding: { y: { ...yEnc, field: 'lower' }, y2: { field: 'upper' } },
      },
      {
        data: { values: [options.band] },
        mark: { type: 'text', align: 'right', baseline: 'bottom', dx: -4, dy: -3, fontSize: 11 },
        encoding: { y: { ...yEnc, field: 'lower' }, x: { value: WIDTH }, text: { field: 'label' } },
      },
    );
  if (options.rule !== undefined)
    layers.push({
      data: { values: [{ value: options.rule }] },
      mark: { type: 'rule', stroke: NHS.darkGrey, strokeDash: [6, 3] },
      encoding: { y: yEnc },
    });
  layers.push(
    {
      data: { values },
      mark: { type: 'line', strokeWidth: 2.5, invalid: 'break-paths-filter-domains' },
      encoding: {
        x: xEnc,
        y: yEnc,
        color: colour,
        strokeDash: {
          field: 'seriesLabel',
          type: 'nominal',
          scale: { domain: scale.domain, range: scale.dashes },
          legend,
        },
      },
    },
    {
      data: { values: shown },
      mark: { type: 'point', filled: true, size: 80, strokeWidth: 1 },
      encoding: {
        x: xEnc,
        y: yEnc,
        color: colour,
        shape: {
          field: 'seriesLabel',
          type: 'nominal',
          scale: { domain: scale.domain, range: scale.shapes },
          legend,
        },
        stroke: {
          field: 'seriesLabel',
          type: 'nominal',
          scale: { domain: scale.domain, range: scale.strokes },
          legend,
        },
      },
    },
    {
      data: { values: labelled },
      mark: { type: 'text', align: 'left', baseline: 'middle', dx: 7, dy: -9, fontSize: 11 },
      encoding: { x: xEnc, y: yEnc, text: { field: 'label' } },
    },
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH,
    height: 240,
    config: CONFIG,
    layer: layers,
  } as unknown as TopLevelSpec;
}

/** Composition: one 100% bar per category split by series, each segment labelled when wide enough. */
export function stackSpec(options: {
  rows: readonly BarRow[];
  categories: readonly string[];
  series: readonly Series[];
  xTitle: string;
}): TopLevelSpec {
  const { categories, series } = options;
  const scale = seriesScale(series);
  const order = new Map(series.map((s, i) => [s.label, i]));
  const values = options.rows.map((r) => {
    const seriesLabel = labelOf(series, r.series);
    return { ...r, seriesLabel, order: order.get(seriesLabel) ?? 99 };
  });
  const y = {
    field: 'category',
    type: 'nominal' as const,
    sort: [...categories],
    title: null,
    axis: { labelLimit: 0 },
    scale: { domain: [...categories] },
  };
  const x = {
    field: 'value',
    type: 'quantitative' as const,
    stack: 'zero',
    title: options.xTitle,
    scale: { domain: [0, 100], nice: false },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH,
    height: Math.max(60, categories.length * 36),
    config: CONFIG,
    layer: [
      {
        data: { values },
        mark: { type: 'bar', strokeWidth: 1 },
        encoding: {
          y,
          x,
          order: { field: 'order' },
          color: {
            field: 'seriesLabel',
            type: 'nominal',
            scale: { domain: scale.domain, range: scale.colours },
            legend: { title: null },
          },
          stroke: {
            field: 'seriesLabel',
            type: 'nominal',
            scale: { domain: scale.domain, range: scale.strokes },
            legend: null,
          },
        },
      },
      {
        data: { values: values.filter((v) => v.value >= 8) },
        mark: { type: 'text', baseline: 'middle', fontSize: 11 },
        encoding: {
          y,
          x: { ...x, bandPosition: 0.5 },
          order: { field: 'order' },
          text: { field: 'label' },
          color: {
            field: 'seriesLabel',
            type: 'nominal',
            scale: {
              domain: scale.domain,
              range: scale.colours.map((c) =>
                c === NHS.blue || c === NHS.darkBlue || c === NHS.darkGrey ? NHS.white : NHS.text,
              ),
            },
            legend: null,
          },
        },
      },
    ],
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
  } as unknown as TopLevelSpec;
}

/** A round upper bound for an axis: 1, 2, 2.5 or 5 times a power of ten. */
export function niceMax(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}
