/**
 * Turning what the dashboard's presenter made (display tables, charts, tiles) into document blocks, and
 * the small vocabulary every publication shares (RAG marks, block ids). Nothing here works out a figure:
 * each value is the text the presenter gave it, withheld where the presenter withheld it.
 */
import type { DisplayTable } from '../../engine/index.js';
import type { Chart, ChartTable } from '../dashboard/charts.js';
import type { Tile } from '../dashboard/pages/tiles.js';
import { RAG_STYLE, type RagLabels, type RagStatus, RAG_STATUSES } from '../plans/plan.js';
import { parseBlocks } from '../plans/markup.js';
import type { ActionState, ActionStateKey } from '../plans/status.js';
import type { Block, Cell, ChartBlock, RagMark, TableBlock } from './document.js';

/** The colours RAG statuses are printed in (NHS identity colours), with text that reads on each. */
const RAG_COLOURS: Readonly<Record<RagStatus, { colour: string; ink: string }>> = {
  on_track: { colour: '#007f3b', ink: '#ffffff' },
  slippage: { colour: '#ffeb3b', ink: '#212b32' },
  critical: { colour: '#d5281b', ink: '#ffffff' },
  complete: { colour: '#005eb8', ink: '#ffffff' },
};

export function ragMark(status: RagStatus, labels: RagLabels): RagMark {
  return { label: labels[status], letter: RAG_STYLE[status].letter, ...RAG_COLOURS[status] };
}

/** The colours an action's status is printed in: the RAG colours where it agrees with one. */
const STATE_COLOURS: Readonly<Record<ActionStateKey, { colour: string; ink: string }>> = {
  complete: RAG_COLOURS.complete,
  on_track: RAG_COLOURS.on_track,
  at_risk: RAG_COLOURS.slippage,
  off_track: RAG_COLOURS.critical,
  overdue: RAG_COLOURS.critical,
  update_missing: { colour: '#ffb81c', ink: '#212b32' },
  not_started: { colour: '#d8dde0', ink: '#212b32' },
};

/** An action's status (plans/status.ts) in its colour and words. */
export function stateMark(state: ActionState): RagMark {
  return { label: state.label, letter: '', ...STATE_COLOURS[state.key] };
}

/** The RAG key: each status in its colour, letter and words. */
export function ragKey(labels: RagLabels): Block {
  return { kind: 'ragKey', items: RAG_STATUSES.map((s) => ragMark(s, labels)) };
}

/** An id safe in HTML, Word bookmarks and PDF destinations: lower-case letters, digits and dashes. */
export function blockId(...parts: string[]): string {
  return parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const looksNumeric = (text: string) => /^[-+]?[£]?[\d,.]+%?( pp)?$|^\*$|^–$/.test(text.trim());

/** A display table of the engine's presenter as a document table. */
export function displayTable(id: string, t: DisplayTable, caption = t.title): TableBlock {
  return {
    kind: 'table',
    id,
    caption,
    columns: [{ text: '', width: 2 }, ...t.columns.map((c) => ({ text: c, numeric: true }))],
    rows: t.rows.map((r) => [
      { text: r.label },
      ...r.cells.map((c): Cell => ({
        text: c.text,
        numeric: true,
        ...(c.suppressed ? { withheld: true } : {}),
      })),
    ]),
  };
}

/** A chart's data table (the one the page shows beside the picture) as a document table. */
export function chartTable(id: string, t: ChartTable): TableBlock {
  return {
    kind: 'table',
    id,
    caption: t.caption,
    columns: [{ text: t.rowHeader, width: 2 }, ...t.columns.map((c) => ({ text: c, numeric: true }))],
    rows: t.rows.map((r) => [
      { text: r.label },
      ...r.cells.map((c): Cell => ({
        text: c.text,
        numeric: looksNumeric(c.text),
        ...(c.suppressed ? { withheld: true } : {}),
      })),
    ]),
  };
}

/**
 * A chart as a document block: the picture Vega drew (without the page's ARIA wiring, which points at
 * elements only the page has), its summary as the alt text, and its data table. Null when there is
 * nothing to draw: the caller shows the table and the summary alone.
 */
export function chartBlock(chart: Chart): ChartBlock | null {
  if (!chart.svg) return null;
  const width = Number(/^<svg[^>]*?\swidth="([\d.]+)"/.exec(chart.svg)?.[1] ?? 600);
  const height = Number(/^<svg[^>]*?\sheight="([\d.]+)"/.exec(chart.svg)?.[1] ?? 300);
  const svg = chart.svg
    .replace(/^(<svg[^>]*?) role="img"/, '$1')
    .replace(/^(<svg[^>]*?) aria-labelledby="[^"]*"/, '$1')
    .replace(/^(<svg[^>]*?) focusable="false"/, '$1')
    .replace(/^(<svg[^>]*?) class="parity-chart__svg"/, '$1');
  return {
    kind: 'chart',
    id: blockId('chart', chart.id),
    title: chart.title,
    alt: chart.summary,
    svg,
    width,
    height,
    table: chartTable(blockId('data', chart.id), chart.table),
  };
}

/** A chart with its title, picture (or its summary when nothing can be drawn), data and notes. */
export function chartBlocks(chart: Chart): Block[] {
  const picture = chartBlock(chart);
  return [
    { kind: 'heading', level: 3, text: chart.title },
    ...(picture
      ? [{ kind: 'paragraph' as const, text: chart.summary }, picture]
      : [
          { kind: 'paragraph' as const, text: chart.summary },
          chartTable(blockId('data', chart.id), chart.table),
        ]),
    ...chart.notes.map((n) => ({ kind: 'paragraph' as const, text: n, tone: 'note' as const })),
  ];
}

/** A tile's facts, the same rows and words the dashboard's tile shows. */
export function tileFacts(t: Tile): Block {
  const items: { label: string; value: string; note?: string }[] = [
    {
      label: `${t.headline.label}, ${t.periodLabel}`,
      value: t.headline.current.text,
      note: t.change.reason ? `${t.change.label}: ${t.change.reason}.` : t.change.label,
    },
  ];
  if (t.window) items.push({ label: 'Window', value: t.window });
  items.push({
    label: `${t.previousLabel}${t.previousWindow ? `, ${t.previousWindow}` : ''}`,
    value: t.previous.text,
  });
  items.push({ label: 'Direction', value: t.betterWhen });
  items.push({
    label: 'Non-adverse range',
    value: t.headline.range
      ? `${t.headline.range}${t.headline.band ? ` (${t.headline.band})` : ''}`
      : 'None set',
  });
  for (const s of t.headline.secondary) items.push({ label: s.label, value: s.figure.text });
  if (t.headline.interval)
    items.push({ label: 'Interval', value: t.headline.interval.replace(' confidence interval', '') });
  if (t.headline.caution) items.push({ label: 'Evidence', value: t.headline.caution });
  for (const c of t.headline.counts) items.push({ label: c.label, value: c.text });
  return { kind: 'figures', items };
}

/** Text as paragraphs and lists (the plan's light markup: blank lines, "- " items). */
export function textBlocks(text: string): Block[] {
  return parseBlocks(text).map((b) =>
    b.kind === 'paragraph'
      ? { kind: 'paragraph' as const, text: b.lines.join('\n') }
      : { kind: 'list' as const, items: b.items },
  );
}
