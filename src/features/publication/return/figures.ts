/**
 * The value of each figure a return template references, through the one presenter
 * (engine/suppression/publication.ts): counts from the same `CountLookup` the presenter uses (the exact
 * count in the full view, the organisation's disclosure ledger in the publication view), every figure
 * worked out from counts read from the presenter's own display tables (so a percentage or ratio in the
 * publication view is the one worked out from the published counts), and nothing formatted twice: the
 * presenter's text is turned back into the number it shows, with as many decimals.
 */
import {
  BOARD_INDICATORS,
  disclosureRule,
  ownLookup,
  rateRows,
  slotsOf,
  toPublication,
  type CountLookup,
  type DisplayTable,
  type IndicatorPart,
  type IndicatorResult,
  type IndicatorResults,
  type PartLookup,
  type PublishedPart,
} from '../../../engine/index.js';
import { isCountSlot, type FigureRef } from './layout.js';

export type ReturnView = 'full' | 'publication';

/** What a template cell shows. */
export type FigureValue =
  | { kind: 'number'; value: number; format: string; count: boolean; text: string }
  /** "*" (withheld), "–" (no figure: nobody to count over), or recorded text. */
  | { kind: 'text'; value: string; count: boolean }
  /** Parity has no figure for it: the cell is left for hand entry. */
  | { kind: 'manual'; reason: string };

export const WITHHELD = '*';
export const NO_FIGURE = '–';

/** A template slot that does not fit the result it names: a mistake in the template, not in the data. */
export class TemplateFigureError extends Error {}

const COUNT_FORMAT = '#,##0';

/** The number a presenter text shows ("1,135" -> 1135, "24.6%" -> 24.6, "-5.8" -> -5.8), or its text. */
export function fromText(text: string, count: boolean): FigureValue {
  const m = /^(-?)([\d,]+)(?:\.(\d+))?%?$/.exec(text.trim());
  if (!m) return { kind: 'text', value: text === '' ? NO_FIGURE : text, count };
  const decimals = m[3]?.length ?? 0;
  return {
    kind: 'number',
    value: Number(`${m[1]}${m[2]!.replace(/,/g, '')}${decimals ? `.${m[3]}` : ''}`),
    format: decimals > 0 ? `0.${'0'.repeat(decimals)}` : COUNT_FORMAT,
    count,
    text,
  };
}

function cellOf(table: DisplayTable | undefined, row: number, col: number, header: string | RegExp) {
  const column = table?.columns[col];
  const ok = typeof header === 'string' ? column === header : column !== undefined && header.test(column);
  if (!table || !ok)
    throw new TemplateFigureError(
      `the presenter's table "${table?.title ?? '(none)'}" has no column ${String(header)} at ${col}: its layout changed`,
    );
  const cell = table.rows[row]?.cells[col];
  if (!cell) throw new TemplateFigureError(`the presenter's table "${table.title}" has no row ${row}`);
  return cell.text;
}

function headline(pub: PublishedPart, label: string): string {
  const h = pub.headline.find((x) => x.label === label);
  if (!h) throw new TemplateFigureError(`the presenter shows no "${label}" for ${pub.label}`);
  return h.text;
}

/** A figure worked out from counts, as the presenter shows it. */
function measure(slot: string, part: IndicatorPart, pub: PublishedPart, what: string): FigureValue {
  const r = part.metric.result;
  const table = pub.tables[0];
  const [kind, ...rest] = slot.split(':');
  const bad = () => new TemplateFigureError(`${what}: "${slot}" does not fit a ${r.type} result`);
  const groupRow = (groups: readonly { group: string }[], g: string) => {
    const i = groups.findIndex((x) => x.group === g);
    if (i < 0) throw new TemplateFigureError(`${what}: the result has no group "${g}"`);
    return i;
  };
  switch (r.type) {
    case 'distribution': {
      if (kind !== 'pct' || rest.length < 2) throw bad();
      const group = rest.pop()!;
      const key = rest.join(':');
      const index = key === '*' ? r.rows.length : r.rows.findIndex((row) => row.key === key);
      // A row the engine found nobody in has no share.
      if (index < 0) return { kind: 'text', value: NO_FIGURE, count: false };
      const row = key === '*' ? r.overall : r.rows[index]!;
      const j = groupRow(row.groups, group);
      return fromText(cellOf(table, index, 2 * j + 1, `${row.groups[j]!.label} (%)`), false);
    }
    case 'rate':
    case 'relativeLikelihood': {
      if (slot === 'rl' && r.type === 'relativeLikelihood')
        return fromText(headline(pub, 'Relative likelihood'), false);
      if (kind !== 'rate' || rest.length !== 1) throw bad();
      // The table's rows are the engine's: everyone's row last, and the only one where nobody is grouped.
      const i = rest[0] === 'ALL' ? rateRows(r).length - 1 : groupRow(r.groups, rest[0]!);
      return fromText(cellOf(table, i, 2, 'Rate'), false);
    }
    case 'representationDifference':
      if (slot === 'diff') return fromText(headline(pub, 'Difference (percentage points)'), false);
      if (slot === 'pct:rp' || slot === 'pct:cp')
        return fromText(cellOf(table, slot === 'pct:rp' ? 0 : 1, 2, / \(%\)$/), false);
      throw bad();
    case 'surveyPercentage':
      if (slot === 'gap') return fromText(headline(pub, 'Gap (percentage points)'), false);
      if ((kind === 'pct' || kind === 'b') && rest.length === 1)
        return fromText(
          cellOf(
            table,
            groupRow(r.groups, rest[0]!),
            kind === 'b' ? 0 : 1,
            kind === 'b' ? 'Respondents' : '%',
          ),
          kind === 'b',
        );
      throw bad();
    case 'surveyScore':
      if ((kind === 'score' || kind === 'b') && rest.length === 1)
        return fromText(
          cellOf(
            table,
            groupRow(r.groups, rest[0]!),
            kind === 'b' ? 0 : 1,
            kind === 'b' ? 'Respondents' : 'Score',
          ),
          kind === 'b',
        );
      throw bad();
    default:
      throw bad();
  }
}

/** A recorded answer (WDES 9b): yes or no and the example, as the trust recorded them. */
function recorded(ind: IndicatorResult, slot: string): FigureValue {
  const r = ind.recorded;
  if (!r) return { kind: 'manual', reason: `Parity records no answer for ${ind.id}` };
  const text =
    slot === 'answer' ? (r.answer === null ? null : r.answer === 'yes' ? 'Yes' : 'No') : r.narrative;
  if (text === null || text.trim() === '')
    return {
      kind: 'manual',
      reason: `No ${slot === 'answer' ? 'answer' : 'example'} is recorded in Parity yet`,
    };
  return { kind: 'text', value: text, count: false };
}

export interface Resolver {
  (ref: FigureRef): FigureValue;
  /** The counts of one part, as the presenter reads them. */
  counts(ind: IndicatorResult, part: IndicatorPart): CountLookup;
}

/**
 * The values of a set of results in one view. `lookup` is where the publication view finds its counts
 * (the organisation's disclosure ledger); without it each result is protected on its own, as the
 * presenter does. The full view shows every count exactly.
 */
export function figureResolver(
  results: IndicatorResults,
  view: ReturnView,
  lookup: PartLookup | null,
): Resolver {
  const suppress = view === 'publication';
  const s = results.settings;
  const rule = disclosureRule(s, suppress);
  const shared = suppress ? lookup : null;
  const published = new Map(
    toPublication(results, { suppress, lookup: shared }).map((p) => [
      p.id,
      new Map(p.parts.map((x) => [x.key, x])),
    ]),
  );
  // The presenter's choice of counts (publication.ts publishIndicator): the shared ledger, else the part's own.
  const counts = (ind: IndicatorResult, part: IndicatorPart): CountLookup =>
    shared ? shared(ind, part.key) : ownLookup(ind, part.metric, s, rule);

  const resolve = (ref: FigureRef): FigureValue => {
    const what = `${ref.indicator}.${ref.part} ${ref.slot}`;
    const ind = results.indicators.find((i) => i.id === ref.indicator);
    if (!ind) return { kind: 'manual', reason: `Parity computes no ${ref.indicator}` };
    if (ref.part === 'recorded') return recorded(ind, ref.slot);
    const part = ind.parts.find((p) => p.key === ref.part);
    const pub = published.get(ind.id)?.get(ref.part);
    if (!part || !pub)
      return { kind: 'manual', reason: `Parity computes no part "${ref.part}" of ${ind.id}` };
    if (!isCountSlot(ref.slot) || ref.slot.startsWith('b:')) return measure(ref.slot, part, pub, what);
    const exact = slotsOf(part.metric.result, BOARD_INDICATORS.has(ind.id)).counts.get(ref.slot);
    if (exact === undefined) {
      // A distribution row the engine found nobody in: the pages show no row, which says the same.
      if (part.metric.result.type === 'distribution' && /^[ct]:/.test(ref.slot))
        return { kind: 'number', value: 0, format: COUNT_FORMAT, count: true, text: '0' };
      throw new TemplateFigureError(`${what}: the result has no count "${ref.slot}"`);
    }
    const c = counts(ind, part)(ref.slot, exact);
    return c.withheld || c.value === null
      ? { kind: 'text', value: WITHHELD, count: true }
      : { kind: 'number', value: c.value, format: COUNT_FORMAT, count: true, text: c.text };
  };
  return Object.assign(resolve, { counts });
}
