/**
 * The dashboard's chart types as Vega-Lite specifications: grouped bars with reference lines and target
 * marks, relative likelihoods with their intervals against the non-adverse range, trends, and 100%
 * compositions. Colours, shapes and dashes come from palette.ts; values are printed on the marks, so a
 * chart never relies on colour alone. Numbers arrive formatted by the caller, so the picture prints
 * exactly what its table shows.
 *
 * Legibility: every chart is drawn for one fixed size and shown at that size, never scaled down (the page
 * scrolls a chart wider than its column inside the chart's own region), so the smallest text in the
 * picture, TEXT_SIZE, is the smallest text a reader sees. Legends list their entries one under another
 * when there are more than a few, so a long legend never widens the picture. Axes fit the data: bars run
 * from zero to a round number a little above the largest value (never past the limits a caller gives,
 * such as 100 for a percentage), and an interval that runs past the axis is drawn open-ended, with a note,
 * instead of stretching the axis.
 */
import type { TopLevelSpec } from 'vega-lite';
import { grouped } from '../../engine/index.js';
import { NHS, seriesStyles, sequentialColours } from './palette.js';

export interface Series {
  key: string;
  label: string;
}

const FONT = 'Frutiger W01, Arial, sans-serif';
const WIDTH = 560;
/** The smallest text in any chart, in px at the size the chart is shown. */
export const TEXT_SIZE = 12;
/** Legends with more entries than this, or longer labels in all, list them one under another. */
const LEGEND_ROW_MAX = 3;
const LEGEND_ROW_CHARACTERS = 60;

const CONFIG = {
  aria: false,
  font: FONT,
  background: NHS.white,
  padding: 8,
  view: { stroke: null },
  axis: {
    labelFontSize: TEXT_SIZE,
    titleFontSize: TEXT_SIZE,
    labelColor: NHS.text,
    titleColor: NHS.text,
    gridColor: NHS.border,
    domainColor: NHS.secondaryText,
    tickColor: NHS.secondaryText,
    titleFontWeight: 'bold',
  },
  // About one tick every 80 px: enough to read a value off, few enough to read.
  axisQuantitative: { tickCount: 7 },
  legend: {
    orient: 'bottom',
    labelFontSize: TEXT_SIZE,
    titleFontSize: TEXT_SIZE,
    labelColor: NHS.text,
    titleColor: NHS.text,
    symbolStrokeWidth: 1.5,
    // Legend labels are never cut short: a legend of more than a few entries is a column (legendLayout).
    labelLimit: 0,
  },
  text: { color: NHS.text, fontSize: TEXT_SIZE },
};

/** Category labels longer than this many characters are set on more than one line. */
const LABEL_LINE = 30;

/**
 * A category label broken between words into lines of at most LABEL_LINE characters (joined by "\n"), so
 * a long label never makes the chart wide. The axis shows each line (CATEGORY_AXIS).
 */
export function wrapLabel(text: string, width = LABEL_LINE): string {
  const words = text.split(/\s+/).filter(Boolean);
  const flat = words.join(' ');
  if (flat.length <= width) return flat;
  // As few lines as the limit allows, as even in length as the words allow.
  const count = Math.ceil(flat.length / width);
  for (let w = Math.max(Math.ceil(flat.length / count), ...words.map((x) => x.length)); ; w++) {
    const lines = greedyLines(words, w);
    if (lines.length <= count || w >= width) return lines.join('\n');
  }
}

function greedyLines(words: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** The height a row needs for the longest of these (wrapped) labels, with a little space between rows. */
function labelHeight(categories: readonly string[]): number {
  const lines = Math.max(1, ...categories.map((c) => c.split('\n').length));
  return lines * (TEXT_SIZE + 3) + 8;
}

/** A category axis whose labels may run over several lines (see wrapLabel). */
const CATEGORY_AXIS = { labelLimit: 0, labelPadding: 6, labelExpr: "split(datum.label, '\\n')" };

/** How a legend of these labels is laid out: in a row when short, else one entry per line. */
function legendLayout(labels: readonly string[]): { columns?: number; direction?: 'vertical' } {
  const long = labels.length > LEGEND_ROW_MAX || labels.join('').length > LEGEND_ROW_CHARACTERS;
  return long ? { columns: 1, direction: 'vertical' } : {};
}

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
  /**
   * The widest the axis may run, such as [0, 100] for a percentage. The axis itself fits the data: from
   * zero (or a round number below the lowest negative value) to a round number a little above the largest
   * value, reference line or mark, within these limits.
   */
  domain?: [number, number];
  lines?: readonly ReferenceLine[];
  ticks?: readonly CategoryMark[];
  ticksLabel?: string;
  sequential?: boolean;
}): TopLevelSpec {
  const { series } = options;
  const categories = options.categories.map((c) => wrapLabel(c));
  const scale = seriesScale(series);
  const colours = options.sequential ? sequentialColours(series.length) : scale.colours;
  const values = options.rows.map((r) => ({
    ...r,
    category: wrapLabel(r.category),
    seriesLabel: labelOf(series, r.series),
  }));
  const step = Math.max(14, 22 - series.length * 2);
  const height = Math.max(
    40,
    categories.length * Math.max(series.length * step + 8, labelHeight(categories)),
  );
  const numbers = [
    ...values.map((v) => v.value),
    ...(options.lines ?? []).map((l) => l.value),
    ...(options.ticks ?? []).map((t) => t.value),
  ];
  const domain = barDomain(numbers, options.domain);
  const y = {
    field: 'category',
    type: 'nominal' as const,
    sort: [...categories],
    title: null,
    axis: CATEGORY_AXIS,
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
          legend: series.length > 1 ? { title: null, ...legendLayout(scale.domain) } : null,
        },
        stroke: {
          field: 'seriesLabel',
          type: 'nominal',
          scale: { domain: scale.domain, range: scale.strokes },
          legend: series.length > 1 ? { title: null, ...legendLayout(scale.domain) } : null,
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
        mark: {
          type: 'text',
          align: l.align,
          baseline: 'middle',
          dx: l.dx,
          fontSize: TEXT_SIZE,
          fill: NHS.text,
        },
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
          legend: {
            title: null,
            symbolType: 'stroke',
            symbolStrokeColor: NHS.darkGrey,
            symbolSize: 300,
            ...legendLayout(lines.map((l) => l.label)),
          },
        },
      },
    });
  if (options.ticks && options.ticks.length > 0) {
    layers.push({
      data: {
        values: options.ticks.map((t) => ({
          ...t,
          category: wrapLabel(t.category),
          kind: options.ticksLabel ?? 'Target',
        })),
      },
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
 * dashed line at 1.00 (parity). The axis fits the dots, the non-adverse range and the intervals that end
 * near them; an interval with no upper bound, or one that ends far beyond the rest, is drawn open-ended:
 * its line runs to the edge of the chart and ends in an arrow, with a note under it ("upper bound
 * unbounded", or where the bound is), so one wide interval never squashes the others.
 */
export function likelihoodSpec(options: {
  rows: readonly DotRow[];
  categories: readonly string[];
  range: { lower: number; upper: number };
  xTitle: string;
}): TopLevelSpec {
  const { rows, range } = options;
  const categories = options.categories.map((c) => wrapLabel(c));
  const max = likelihoodMax(rows, range);
  const values = rows.map((r) => {
    const bounded = r.upper !== null && Number.isFinite(r.upper);
    const open = !bounded || r.upper! > max;
    return {
      ...r,
      category: wrapLabel(r.category),
      lo: r.lower === null ? null : Math.min(r.lower, max),
      hi: open ? max : r.upper,
      v: Math.min(r.value, max),
      open,
      note: !open
        ? ''
        : bounded
          ? `upper bound ${grouped(r.upper, 2)}, beyond the axis`
          : 'upper bound unbounded',
    };
  });
  const open = values.filter((v) => v.open && v.lo !== null);
  // Rows are taller when a note sits under an interval, so the note never meets the next row's label.
  const height = Math.max(
    60,
    categories.length * Math.max(open.length > 0 ? 46 : 34, labelHeight(categories)),
  );
  const y = {
    field: 'category',
    type: 'nominal' as const,
    sort: [...categories],
    title: null,
    axis: CATEGORY_AXIS,
    scale: { domain: [...categories] },
  };
  const x = (field: string) => ({
    field,
    type: 'quantitative' as const,
    title: options.xTitle,
    scale: { domain: [0, max], nice: false },
  });
  const layers: unknown[] = [
    {
      data: { values: [{ lo: range.lower, hi: range.upper, label: 'Non-adverse range' }] },
      mark: { type: 'rect', fill: NHS.paleGrey, stroke: NHS.midGrey, strokeDash: [3, 3] },
      encoding: { x: x('lo'), x2: { field: 'hi' } },
    },
    {
      data: { values: [{ lo: range.lower, hi: range.upper, label: 'Non-adverse range' }] },
      mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 3, dy: -2, fontSize: TEXT_SIZE },
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
  ];
  if (open.length > 0)
    layers.push(
      {
        data: { values: open },
        mark: { type: 'point', shape: 'triangle-right', filled: true, size: 90, color: NHS.darkGrey },
        encoding: { y, x: x('hi') },
      },
      {
        data: { values: open },
        mark: {
          type: 'text',
          align: 'right',
          baseline: 'top',
          dy: 8,
          fontSize: TEXT_SIZE,
          fontStyle: 'italic',
        },
        encoding: { y, x: x('hi'), text: { field: 'note' } },
      },
    );
  layers.push(
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
      mark: {
        type: 'text',
        align: 'center',
        baseline: 'bottom',
        dy: -8,
        fontSize: TEXT_SIZE,
        fontWeight: 'bold',
      },
      encoding: { y, x: x('v'), text: { field: 'label' } },
    },
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH,
    height,
    config: CONFIG,
    layer: layers,
  } as unknown as TopLevelSpec;
}

/**
 * The top of a likelihood axis: above every dot and the non-adverse range (and at least 2, so parity is
 * never at the edge), and above each interval's upper bound that ends within half as far again as the
 * highest of those; the rest are drawn open-ended.
 */
export function likelihoodMax(
  rows: readonly Pick<DotRow, 'value' | 'upper'>[],
  range: { lower: number; upper: number },
): number {
  const base = Math.max(range.upper, ...rows.map((r) => r.value).filter(Number.isFinite));
  const reach = Math.max(2, base * 1.5);
  const ends = rows
    .map((r) => r.upper)
    .filter((u): u is number => u !== null && Number.isFinite(u) && u <= reach);
  return niceMax(Math.max(2, base * 1.1, ...ends.map((u) => u * 1.02)));
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
  /** The widest the axis may run, such as [0, 100] for a percentage (see barSpec). */
  domain?: [number, number];
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
  const [low, high] = barDomain(numbers, options.domain);
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
    // A long title on its side would run past the top of the chart: set it on two or more lines.
    title: wrapLabel(options.yTitle, 34).split('\n'),
    scale: { domain: [low, high], nice: false },
  };
  const legend = series.length > 1 ? { title: null, symbolSize: 120, ...legendLayout(scale.domain) } : null;
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
        mark: { type: 'text', align: 'right', baseline: 'bottom', dx: -4, dy: -3, fontSize: TEXT_SIZE },
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
      mark: { type: 'text', align: 'left', baseline: 'middle', dx: 7, dy: -9, fontSize: TEXT_SIZE },
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

/**
 * Many short trends as small multiples: one small panel per series (one indicator each), in columns, all
 * on the same axis with a dashed line at zero (or `rule`), each point labelled. Used where one chart of
 * many crossing lines could not be read (the staff survey gaps): every panel is read on its own, and
 * nothing depends on telling colours or dashes apart.
 */
export function panelsSpec(options: {
  rows: readonly LineRow[];
  periods: readonly string[];
  series: readonly Series[];
  yTitle: string;
  rule?: number;
  columns?: number;
}): TopLevelSpec {
  const { periods, series } = options;
  const order = series.map((s) => wrapLabel(s.label, 34));
  const values = options.rows.map((r) => ({ ...r, panel: wrapLabel(labelOf(series, r.series), 34) }));
  const shown = values.filter((v) => v.value !== null);
  const [low, high] = barDomain([
    ...shown.map((v) => v.value!),
    ...(options.rule !== undefined ? [options.rule] : []),
  ]);
  const x = {
    field: 'period',
    type: 'ordinal' as const,
    sort: [...periods],
    title: null,
    scale: { domain: [...periods], padding: 0.6 },
    axis: { labelAngle: 0 },
  };
  const y = {
    field: 'value',
    type: 'quantitative' as const,
    title: options.yTitle,
    scale: { domain: [low, high], nice: false },
    axis: { tickCount: 4 },
  };
  const layers: unknown[] = [];
  if (options.rule !== undefined)
    layers.push({
      mark: { type: 'rule', stroke: NHS.darkGrey, strokeDash: [6, 3] },
      encoding: { y: { datum: options.rule, type: 'quantitative', scale: y.scale } },
    });
  layers.push(
    {
      mark: { type: 'line', strokeWidth: 2.5, color: NHS.blue, invalid: 'break-paths-filter-domains' },
      encoding: { x, y },
    },
    {
      transform: [{ filter: 'isValid(datum.value)' }],
      mark: { type: 'point', filled: true, size: 70, color: NHS.blue, stroke: NHS.darkBlue, strokeWidth: 1 },
      encoding: { x, y },
    },
    // Each label on the side of its point away from the dashed line, so the two never cross.
    ...[
      { test: `datum.value >= ${options.rule ?? 0}`, baseline: 'bottom', dy: -7 },
      { test: `datum.value < ${options.rule ?? 0}`, baseline: 'top', dy: 7 },
    ].map((side) => ({
      transform: [{ filter: `isValid(datum.value) && ${side.test}` }],
      mark: { type: 'text', align: 'center', baseline: side.baseline, dy: side.dy, fontSize: TEXT_SIZE },
      encoding: { x, y, text: { field: 'label' } },
    })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: { ...CONFIG, facet: { spacing: 24 } },
    data: { values },
    facet: {
      field: 'panel',
      type: 'nominal',
      sort: order,
      title: null,
      header: {
        labelExpr: "split(datum.label, '\\n')",
        labelFontSize: TEXT_SIZE,
        labelFontWeight: 'bold',
        labelColor: NHS.text,
        labelLimit: 0,
        labelAnchor: 'start',
        labelAlign: 'left',
      },
    },
    columns: options.columns ?? 2,
    spec: { width: 250, height: 110, layer: layers },
  } as unknown as TopLevelSpec;
}

/** Composition: one 100% bar per category split by series, each segment labelled when wide enough. */
export function stackSpec(options: {
  rows: readonly BarRow[];
  categories: readonly string[];
  series: readonly Series[];
  xTitle: string;
}): TopLevelSpec {
  const { series } = options;
  const categories = options.categories.map((c) => wrapLabel(c));
  const scale = seriesScale(series);
  const order = new Map(series.map((s, i) => [s.label, i]));
  const values = options.rows.map((r) => {
    const seriesLabel = labelOf(series, r.series);
    return { ...r, category: wrapLabel(r.category), seriesLabel, order: order.get(seriesLabel) ?? 99 };
  });
  const y = {
    field: 'category',
    type: 'nominal' as const,
    sort: [...categories],
    title: null,
    axis: CATEGORY_AXIS,
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
    height: Math.max(60, categories.length * Math.max(36, labelHeight(categories))),
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
            legend: { title: null, ...legendLayout(scale.domain) },
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
        mark: { type: 'text', baseline: 'middle', fontSize: TEXT_SIZE },
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

/**
 * The axis of a bar chart: from zero (or a round number below the lowest negative value) to a round
 * number a little above the largest value, so each value's label fits beyond its bar; within `limits`
 * when given. Bars start at zero, so their lengths stay honest.
 */
export function barDomain(numbers: readonly number[], limits?: readonly [number, number]): [number, number] {
  const finite = numbers.filter(Number.isFinite);
  const low = Math.min(0, ...finite);
  const high = Math.max(0, ...finite);
  let lo = low < 0 ? -niceMax(-low * 1.15) : 0;
  let hi = high > 0 ? niceMax(high * 1.15) : 0;
  if (lo === 0 && hi === 0) hi = 1;
  if (limits) {
    lo = Math.max(lo, Math.min(limits[0], low));
    hi = Math.min(hi, Math.max(limits[1], high));
  }
  return [lo, hi];
}

/** A round upper bound for an axis: 1, 2, 2.5 or 5 times a power of ten. */
export function niceMax(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}
