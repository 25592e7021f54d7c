/**
 * A national figure about people by another protected characteristic (engine: regroupDefinition): WRES 2
 * by sexual orientation, WRES 3 by religion or belief, and so on, each stated group against the
 * characteristic's reference group from the settings, prefer not to say and not recorded shown apart and
 * compared with nothing. The headline as NHS England defines it is unchanged.
 *
 * Its counts are in the disclosure ledger beside the figure's own (disclosure.ts), named under the figure's
 * part with the suffix `/as=SCHEME` (`WRES3|main|ALL|2024/as=religion#n:ISLAM`): its groups add up to its
 * total, which is the figure's own total (one count, read the same on both pages), and an organisation's
 * counts are its care groups' added together.
 */
import {
  evaluateMetric,
  fixed,
  groupLikelihoods,
  nationalCatalogue,
  publishedLikelihood,
  publishedShare,
  regroupDefinition,
  type CharacteristicScheme,
  type CountLookup,
  type EngineSettings,
  type EvalContext,
  type MetricResult,
  type PublishedCount,
} from '../../engine/index.js';
import type { BreakdownRow, BreakdownView } from './breakdowns.js';
import type { Cell } from './charts.js';
import { OTHER_CHARACTERISTICS } from './definitions.js';
import type { Protection } from './protect.js';

/** The characteristics offered, by scheme, with their names in words. */
export const REGROUPINGS: readonly { scheme: CharacteristicScheme; label: string }[] =
  OTHER_CHARACTERISTICS.map((c) => ({ scheme: c.scheme, label: c.label }));

/** Where a regrouped figure's counts sit under its part's name in the ledger. */
export const regroupedSuffix = (scheme: string): string => `/as=${scheme}`;

/** A national figure's first part regrouped by a characteristic, as evaluated. */
export interface RegroupedFigure {
  id: string;
  part: string;
  scheme: CharacteristicScheme;
  outcomeIs: 'favourable' | 'unfavourable' | null;
  metric: MetricResult;
}

/** The standards whose figures about people are offered by another characteristic (not the pay gaps). */
const STANDARDS: ReadonlySet<string> = new Set(['WRES', 'WDES', 'BWRES', 'MWRES']);

/** The national figures that can be regrouped (a rate or relative likelihood by group), by id. */
export function regroupable(settings: EngineSettings): Set<string> {
  return new Set(
    nationalCatalogue(settings)
      .filter((e) => {
        const def = e.parts[0]?.definition;
        return STANDARDS.has(e.standard) && def !== undefined && regroupDefinition(def, 'religion') !== null;
      })
      .map((e) => e.id),
  );
}

/**
 * Every regroupable national figure by each of `schemes`, evaluated on one engine context (a unit's data),
 * or only figure `only`. A window's yearly results are dropped: the view shows the window's counts.
 */
export function evaluateRegrouped(
  engine: EvalContext,
  settings: EngineSettings,
  schemes: readonly CharacteristicScheme[],
  only: string | null = null,
): RegroupedFigure[] {
  const out: RegroupedFigure[] = [];
  for (const entry of nationalCatalogue(settings)) {
    if ((only !== null && entry.id !== only) || !STANDARDS.has(entry.standard)) continue;
    const part = entry.parts[0];
    if (!part) continue;
    for (const scheme of schemes) {
      const def = regroupDefinition(part.definition, scheme);
      if (!def) continue;
      const m = evaluateMetric(def, engine);
      out.push({
        id: entry.id,
        part: part.key,
        scheme,
        outcomeIs: def.statistic.type === 'relativeLikelihood' ? def.statistic.outcomeIs : null,
        metric: { ...m, breakdowns: [], window: null },
      });
    }
  }
  return out;
}

const STAR: Cell = { text: '*', suppressed: true };

/**
 * A regrouped figure as a breakdown view: one row per group (the scheme's order, prefer not to say and
 * not recorded last) with its count, its rate and, for a relative likelihood, the likelihood against the
 * reference group and its interval, every one worked out from the counts as published (`counts`: the
 * ledger's under the figure's `/as=SCHEME` in the publication view, exact in the full view).
 */
export function regroupedView(
  fig: RegroupedFigure,
  title: string,
  s: EngineSettings,
  counts: CountLookup,
  protection: Protection,
): BreakdownView {
  const r = fig.metric.result;
  const groups = r.type === 'rate' || r.type === 'relativeLikelihood' ? r.groups : [];
  const rls = groupLikelihoods(groups, fig.scheme, fig.outcomeIs, s);
  const lookup: CountLookup = (slot, exact) => counts(slot, exact);
  const pct = (n: PublishedCount, d: PublishedCount) => {
    const share = publishedShare(n, d);
    return share === null ? '–' : `${fixed(share * 100, s['display.percentDecimals'])}%`;
  };
  const rows: BreakdownRow[] = groups.map((g) => {
    const n = lookup(`n:${g.group}`, g.numerator);
    const d = lookup(`d:${g.group}`, g.denominator);
    const hidden = n.withheld || d.withheld;
    const countCell: Cell = hidden ? STAR : { text: `${n.text} of ${d.text} (${pct(n, d)})` };
    const share = hidden ? null : publishedShare(n, d);
    const rl = rls.find((x) => x.group === g.group)!;
    if (fig.outcomeIs === null)
      return {
        key: g.group,
        label: g.label,
        value: share === null ? null : share * 100,
        text: hidden ? '*' : pct(n, d),
        hidden,
        lower: null,
        upper: null,
        cells: [
          hidden ? STAR : { text: n.text },
          hidden ? STAR : { text: d.text },
          hidden ? STAR : { text: pct(n, d) },
        ],
      };
    const words = rl.role === 'reference' ? 'Reference group' : rl.role === 'apart' ? 'Not compared' : null;
    if (words !== null || rl.likelihood === null)
      return {
        key: g.group,
        label: g.label,
        value: null,
        text: words ?? '–',
        hidden,
        lower: null,
        upper: null,
        cells: [countCell, { text: words ?? 'No reference group set' }, { text: '–' }],
      };
    // Withheld with any of its four counts; otherwise worked out from the counts as published.
    const ref = rl.likelihood.top.group === g.group ? rl.likelihood.bottom : rl.likelihood.top;
    const refHidden =
      lookup(`n:${ref.group}`, ref.numerator).withheld || lookup(`d:${ref.group}`, ref.denominator).withheld;
    const rowHidden = hidden || refHidden;
    const shown = rowHidden ? null : publishedLikelihood(rl.likelihood, null, s, protection.rule, lookup);
    const value = shown?.value ?? null;
    const ci = shown?.interval ?? null;
    const text = rowHidden ? '*' : value === null ? '–' : fixed(value, s['display.rlDecimals']);
    return {
      key: g.group,
      label: g.label,
      value: rowHidden ? null : value,
      text,
      hidden: rowHidden,
      lower: ci?.lower ?? null,
      upper: ci?.upper ?? null,
      cells: [
        countCell,
        rowHidden ? STAR : { text },
        rowHidden
          ? STAR
          : {
              text:
                ci && ci.lower !== null
                  ? `${fixed(ci.lower, 2)} to ${ci.upper === null ? 'no upper limit' : fixed(ci.upper, 2)}`
                  : '–',
            },
      ],
    };
  });
  // Everyone, the figure's own total (one count with the headline's), compared with nothing.
  if (r.type === 'rate' || r.type === 'relativeLikelihood') {
    const n = lookup('n:ALL', r.all.numerator);
    const d = lookup('d:ALL', r.all.denominator);
    const hidden = n.withheld || d.withheld;
    rows.push({
      key: 'ALL',
      label: 'Everyone',
      value: null,
      text: hidden ? '*' : pct(n, d),
      hidden,
      lower: null,
      upper: null,
      cells:
        fig.outcomeIs === null
          ? [
              hidden ? STAR : { text: n.text },
              hidden ? STAR : { text: d.text },
              hidden ? STAR : { text: pct(n, d) },
            ]
          : [
              hidden ? STAR : { text: `${n.text} of ${d.text} (${pct(n, d)})` },
              { text: 'Not compared' },
              { text: '–' },
            ],
    });
  }
  const likelihood = fig.outcomeIs !== null;
  return {
    by: regroupedSuffix(fig.scheme),
    title,
    kind: likelihood ? 'likelihood' : 'rate',
    measure: likelihood ? 'Relative likelihood against the reference group' : 'Rate (%)',
    columns: likelihood
      ? ['Count of total (rate)', 'Relative likelihood', 'Confidence interval']
      : ['Count', 'Out of', 'Rate'],
    rows,
  };
}
