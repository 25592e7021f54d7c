/**
 * The "Data quality" sheet: what a reader of the return should know about the figures before submitting
 * them, each line naming the indicator it affects, in the engine's own words (labels.ts): checks the
 * engine raised, flags, rolling windows, survey groups too small to show, how much of the workforce has its
 * ethnicity or disability recorded, staff counted in no row of the return, and the cells left for hand
 * entry. In the publication view counts are never given (a check says "some"), and every rate is the
 * presenter's, worked out from published counts.
 */
import {
  describePeriodProblem,
  flagText,
  reasonText,
  standardNumberName,
  windowText,
  type Flag,
  type IndicatorResults,
} from '../../../engine/index.js';
import type { Resolver, ReturnView } from './figures.js';
import type { LaidSheet } from './layout.js';

export interface QualityLine {
  /** "WRES 3", "WDES 4a (i)", or "All" for the whole return. */
  indicator: string;
  /** The figure or part affected. */
  affects: string;
  warning: string;
}

/** Flags that say something about the size of a count: left to the presenter in the publication view. */
const COUNT_FLAGS: ReadonlySet<Flag> = new Set(['LOW_N', 'LOW_BASE', 'SMALL_GROUP']);

const valueText = (v: ReturnType<Resolver>) =>
  v.kind === 'number' ? v.text : v.kind === 'text' ? v.value : 'not computed';

/** A share as the presenter shows it ("3.9%"), in words when withheld. */
const share = (v: ReturnType<Resolver>) => (valueText(v) === '*' ? 'a withheld share' : valueText(v));

export function qualityLines(
  results: IndicatorResults,
  laid: readonly LaidSheet[],
  resolve: Resolver,
  view: ReturnView,
  organisation: string,
): QualityLine[] {
  const lines: QualityLine[] = [];
  const add = (indicator: string, affects: string, warning: string) =>
    lines.push({ indicator, affects, warning });
  const full = view === 'full';
  if (results.periodProblem)
    add('All', 'Every figure', describePeriodProblem(results.periodProblem, organisation));
  for (const p of results.settingProblems)
    add('All', `Setting ${p.setting}`, `${p.message} (the default is used)`);

  // How much of the workforce the figures can place: recorded ethnicity and disability.
  const unknown = resolve({ indicator: 'WRES1', part: 'main', slot: 'pct:*:UNKNOWN' });
  if (unknown.kind !== 'manual')
    add(
      'WRES 1',
      'Overall workforce',
      `Ethnicity unknown or not stated for ${share(unknown)} of staff in post`,
    );
  const declared = resolve({ indicator: 'WDES1', part: 'declaration', slot: 'rate:ALL' });
  if (declared.kind !== 'manual')
    add('WDES 1', 'Overall workforce', `Disability recorded for ${share(declared)} of staff in post`);

  const referenced = new Set<string>();
  const manual = new Map<string, { table: string; reason: string; cells: string[] }>();
  for (const { sheet, cells } of laid)
    for (const c of cells) {
      // A row is placed when any of its counts is (c:ROW:GROUP or t:ROW).
      if (c.kind === 'figure')
        for (const slot of [c.figure.slot, c.figure.slot.replace(/:[^:]*$/, '')])
          referenced.add(`${c.figure.indicator}|${slot}`);
      if (c.kind === 'manual') {
        const table = /^[A-Z]+ [0-9a-z ()]+(?=:)/.exec(c.label)?.[0] ?? sheet.name;
        const key = `${sheet.name}|${table}|${c.reason}`;
        const entry = manual.get(key) ?? { table, reason: c.reason, cells: [] };
        entry.cells.push(`${sheet.name}!${c.address}`);
        manual.set(key, entry);
      }
    }

  for (const ind of results.indicators) {
    const name = standardNumberName(ind);
    if (name === null) continue;
    for (const issue of ind.issues)
      add(name, 'All', `${issue.dataset}: ${issue.message} (${full ? issue.count : 'some'} records)`);
    if (ind.recorded && ind.recorded.answer === null)
      add(name, 'Answer', 'No answer is recorded in Parity yet: enter it by hand');
    for (const part of ind.parts) {
      const affects = ind.parts.length > 1 ? part.label : 'The figure';
      const m = part.metric;
      const r = m.result;
      for (const issue of m.issues)
        add(name, affects, `${issue.dataset}: ${issue.message} (${full ? issue.count : 'some'} records)`);
      if (m.windowKind !== 'ONE_YEAR')
        add(name, affects, `The figure covers ${windowText(m)}; its counts are the years added together`);
      const noSurvey = (r.type === 'surveyPercentage' || r.type === 'surveyScore') && r.source === 'none';
      if (!noSurvey)
        for (const f of m.flags) if (full || !COUNT_FLAGS.has(f)) add(name, affects, flagText(f));
      if (r.type === 'relativeLikelihood') {
        const rl = r.relativeLikelihood;
        for (const f of rl.flags)
          if ((full || !COUNT_FLAGS.has(f)) && !m.flags.includes(f)) add(name, affects, flagText(f));
        // Why there is none, unless the presenter withholds it (the reason would tell of the counts).
        const shown = full || valueText(resolve({ indicator: ind.id, part: part.key, slot: 'rl' })) !== '*';
        if (rl.reason && shown) add(name, affects, `No relative likelihood: ${reasonText(rl.reason)}`);
      }
      if (r.type === 'surveyPercentage' || r.type === 'surveyScore') {
        if (r.source === 'none')
          add(name, affects, `No NHS Staff Survey ${r.surveyYear} figure is loaded for it`);
        else
          for (const g of r.groups) {
            // The publication view says only what its "*" says: too few respondents to show.
            if (g.reason && full) add(name, `${affects}: ${g.label}`, reasonText(g.reason));
            else
              for (const f of g.flags)
                if (full || f === 'LOW_BASE') add(name, `${affects}: ${g.label}`, flagText(f));
          }
      }
      // Staff in post in no row of the return (grade not recorded, outside the clusters, other pay).
      if (r.type === 'distribution' && part.key === 'main')
        for (const row of r.rows)
          if (!referenced.has(`${ind.id}|c:${row.key}`) && !referenced.has(`${ind.id}|t:${row.key}`)) {
            const n = resolve({ indicator: ind.id, part: part.key, slot: `t:${row.key}` });
            add(
              name,
              row.label,
              `${valueText(n) === '*' ? 'Some (withheld)' : valueText(n)} staff in post are in the overall workforce but in no row of the return`,
            );
          }
    }
  }
  for (const m of manual.values())
    add(m.table, m.cells.join(', '), `Not computed by Parity: enter by hand (${m.reason})`);
  return lines;
}
