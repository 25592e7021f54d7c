/**
 * The headline of an indicator as a dashboard tile shows it: one figure, what it is, which way is better,
 * the non-adverse range, and the counts behind it. Every figure is read from the engine's result and
 * checked against the engine's publication view of the same result: a figure the publication view hides
 * (a small count, or a value derived from one) is shown as "*" and never drawn, so the dashboard cannot
 * reveal what the published tables withhold.
 */
import {
  bandText,
  CHANGE_STATUS_TEXT,
  comparableMeasures,
  comparisonGroup,
  fixed,
  rateDecimals,
  rateRows,
  rateScale,
  rateUnitText,
  type AdverseDirection,
  type ChangeStatus,
  type DisplayCell,
  type EngineSettings,
  type IndicatorResult,
  type PublishedIndicator,
  type PublishedPart,
  type StatisticResult,
} from '../../engine/index.js';

export interface Figure {
  /** The unrounded value, or null when missing or hidden. */
  value: number | null;
  /** As shown: rounded for display, "*" when withheld, "–" when missing. */
  text: string;
  hidden: boolean;
}

export interface Headline {
  /** The engine's change measure this figure is compared by ("relativeLikelihood", "group:BME", ...). */
  measure: string;
  label: string;
  current: Figure;
  direction: AdverseDirection;
  /** The decimals the figure is shown with, and so compared at: the change beside it reads the text. */
  decimals: number;
  /** The non-adverse range, for relative likelihoods. */
  range: string | null;
  /** Adverse, non-adverse or favouring the protected group (left out when the figure is hidden). */
  band: string | null;
  interval: string | null;
  /**
   * When the band rests on little evidence, what to read with it, in words: the interval includes 1.00,
   * or a count is below the low-count threshold.
   */
  caution: string | null;
  counts: { label: string; text: string }[];
  secondary: { label: string; figure: Figure }[];
  /**
   * The figure is a share of a whole, 0 to 100%: a chart of it stops its axis at 100. Not a rate that
   * counts events per head (incidents per 100 staff can pass 100), a gap or a ratio.
   */
  percent: boolean;
}

export const HIDDEN: Figure = { value: null, text: '*', hidden: true };
export const MISSING: Figure = { value: null, text: '–', hidden: false };

export const BETTER_WHEN: Readonly<Record<AdverseDirection, string>> = {
  TOWARDS_PARITY: 'Closer to 1.00 is better',
  LOWER_IS_BETTER: 'Lower is better',
  HIGHER_IS_BETTER: 'Higher is better',
  TOWARDS_ZERO: 'Closer to zero is better',
  NONE: 'No direction is better',
};

/** The engine's words for a change, and one more for a change not shown because a figure is withheld. */
export const CHANGE_LABELS: Readonly<Record<ChangeStatus | 'hidden', string>> = {
  ...CHANGE_STATUS_TEXT,
  hidden: 'Not shown',
};

/** What the numerator and denominator of each national relative likelihood count. */
const COUNT_WORDS: Readonly<Record<string, [string, string]>> = {
  WRES2: ['appointed', 'shortlisted'],
  WDES2: ['appointed', 'shortlisted'],
  WRES3: ['entered the formal disciplinary process', 'in the workforce'],
  WDES3: ['entered the formal capability process', 'in the workforce'],
  WRES4: ['accessed non-mandatory training or CPD', 'in the workforce'],
};

/**
 * Why a relative likelihood's place against the non-adverse range may be chance, in plain words, or null
 * when the evidence is clear: its interval includes 1.00 (equal likelihood), or one of its counts is below
 * the low-count threshold.
 *
 * Example: 4.14 from 2 cases, interval 0.99 to 17.2 -> "This may be chance: the 95% confidence interval
 * (0.99 to 17.20) includes 1.00 and it rests on small counts."
 */
export function likelihoodCaution(rl: {
  value: number | null;
  interval: { lower: number | null; upper: number | null; level: number } | null;
  flags: readonly string[];
}): string | null {
  if (rl.value === null) return null;
  const ci = rl.interval;
  const spans = ci !== null && ci.lower !== null && ci.lower <= 1 && (ci.upper === null || ci.upper >= 1);
  const small = rl.flags.includes('LOW_N');
  if (!spans && !small) return null;
  const interval = spans
    ? `the ${Math.round(ci.level * 100)}% confidence interval (${fixed(ci.lower, 2)} to ${ci.upper === null ? 'no upper limit' : fixed(ci.upper, 2)}) includes 1.00`
    : null;
  return `This may be chance: ${[interval, small ? 'it rests on small counts' : null].filter(Boolean).join(' and ')}.`;
}

/** "1 employee", "35 employees", "* employees" (a withheld count reads as plural). */
const employees = (count: string) => `${count} ${count === '1' ? 'employee' : 'employees'}`;

/** Whether a likelihood row's interval includes 1.00 (its place against the range may be chance). */
export const spansParity = (lower: number | null, upper: number | null) =>
  lower !== null && lower <= 1 && (upper === null || upper >= 1);

export function figure(value: number | null, text: string, hidden: boolean): Figure {
  if (hidden) return HIDDEN;
  if (value === null) return MISSING;
  return { value, text, hidden: false };
}

const pct = (v: number | null, s: EngineSettings) =>
  v === null ? '–' : `${fixed(v, s['display.percentDecimals'])}%`;
const points = (v: number | null, s: EngineSettings) => {
  if (v === null) return '–';
  const t = fixed(v, s['display.percentDecimals']);
  return `${v > 0 && Number(t) !== 0 ? '+' : ''}${t} pp`;
};

const cell = (part: PublishedPart | undefined, row: number, col: number): DisplayCell | undefined =>
  part?.tables[0]?.rows[row]?.cells[col];

/**
 * The number a published cell shows ("12.3%", "1,135", "1.45"), or null when withheld or missing: in the
 * publication view a figure is the one worked out from the published counts, never the exact one.
 */
export function shown(
  c: DisplayCell | undefined,
  exact: number | null,
  pub: PublishedPart | undefined,
): number | null {
  if (pub === undefined) return exact;
  if (c === undefined || c.suppressed || c.text === '*' || c.text === '–') return null;
  const digits = c.text.replace(/[,%£]/g, '');
  const v = Number(digits);
  if (!Number.isFinite(v)) return null;
  // Keep the exact value where the shown text is its rounding (the full view), so charts are not stepped.
  const decimals = digits.split('.')[1]?.length ?? 0;
  return exact !== null && fixed(exact, decimals) === fixed(v, decimals) ? exact : v;
}
const isHidden = (c: DisplayCell | undefined) => c?.suppressed === true || c?.text === '*';

/**
 * The total of a distribution's overall row as its table shows it ("2,237", "2,235" in the publication
 * view): WRES 1 and WDES 1's overall workforce.
 */
export function distributionTotal(
  r: Extract<StatisticResult, { type: 'distribution' }>,
  pub: PublishedPart | undefined,
): string {
  return cell(pub, r.rows.length, r.overall.groups.length * 2)?.text ?? '–';
}

function rlRange(s: EngineSettings): string {
  return `${fixed(s['stats.nonAdverseLower'], 2)} to ${fixed(s['stats.nonAdverseUpper'], 2)}`;
}

/**
 * The headline of one part of an indicator (the first part unless named).
 *
 * Example: WRES 2 -> { label: "Relative likelihood (White / BME)", current: { text: "1.45" },
 *   range: "0.80 to 1.25", band: "adverse", counts: ["White: 120 appointed of 600 shortlisted (20.0%)", ...] }
 */
export function headlineOf(
  ind: IndicatorResult,
  published: PublishedIndicator | undefined,
  s: EngineSettings,
): Headline {
  const part = ind.parts[0];
  const pubPart = published?.parts[0];
  const base = {
    direction: part?.adverseDirection ?? ind.adverseDirection,
    decimals: 0,
    range: null,
    band: null,
    interval: null,
    caution: null,
    counts: [] as Headline['counts'],
    secondary: [] as Headline['secondary'],
    percent: false,
  };
  if (!part) {
    const answer = ind.recorded?.answer ?? null;
    return {
      ...base,
      measure: 'recorded',
      label: 'Recorded answer',
      current:
        answer === null
          ? { value: null, text: 'Not recorded', hidden: false }
          : figure(0, answer === 'yes' ? 'Yes' : 'No', false),
      direction: 'NONE',
    };
  }
  const prefix = part.key === 'main' ? '' : `${part.key}:`;
  const years = part.metric.window?.perYear.length ?? 1;
  const h = fromResult(ind, part.metric.result, pubPart, s, prefix, years);
  // One direction per figure: the one its change against the previous period is judged by, so the tile's
  // "Direction" and the change beside it (or a trend's sentence) cannot disagree. A figure that is not
  // compared has none.
  const compared = comparableMeasures(part.metric.result, part.adverseDirection, s).find(
    (m) => `${prefix}${m.measure}` === h.measure,
  );
  h.direction = compared?.direction ?? 'NONE';
  h.decimals = compared?.decimals ?? h.decimals;
  // WDES 1 also carries the declaration rate, which is better when higher.
  const declaration = ind.parts.find((p) => p.key === 'declaration');
  if (declaration && declaration.metric.result.type === 'rate') {
    const r = declaration.metric.result;
    const pubDecl = published?.parts.find((p) => p.key === 'declaration');
    const row = rateRows(r).length - 1;
    const v = shown(cell(pubDecl, row, 2), r.all.value === null ? null : r.all.value * 100, pubDecl);
    h.secondary.push({
      label: 'Declaration rate',
      figure: figure(v, pct(v, s), isHidden(cell(pubDecl, row, 2))),
    });
  }
  // WRES 9 / WDES 10: the voting membership too.
  const voting = ind.parts.find((p) => p.key === 'voting');
  if (voting && voting.metric.result.type === 'representationDifference') {
    const pubVoting = published?.parts.find((p) => p.key === 'voting');
    const d = pubVoting ? (pubVoting.headline[0]?.value ?? null) : voting.metric.result.difference;
    h.secondary.push({
      label: 'Voting members minus workforce',
      figure: figure(d, points(d, s), pubVoting?.headline[0]?.text === '*'),
    });
  }
  return h;
}

function fromResult(
  ind: IndicatorResult,
  r: StatisticResult,
  pub: PublishedPart | undefined,
  s: EngineSettings,
  prefix: string,
  /** The years a window adds together (its denominators count the workforce once for each year). */
  years = 1,
): Headline {
  const direction = ind.parts[0]?.adverseDirection ?? ind.adverseDirection;
  const base = {
    direction,
    decimals: 0,
    range: null,
    band: null,
    interval: null,
    caution: null,
    counts: [],
    secondary: [],
    percent: false,
  };
  switch (r.type) {
    case 'relativeLikelihood': {
      const head = pub?.headline[0];
      const hidden = head?.text === '*';
      // The published likelihood: of the published counts (in the full view, of the exact ones).
      const rl = head?.likelihood
        ? { ...r.relativeLikelihood, ...head.likelihood, value: head.value }
        : r.relativeLikelihood;
      const plain =
        COUNT_WORDS[ind.id] ??
        (ind.id.startsWith('dashboard.caseLikelihood')
          ? ['entered the formal process', 'in post']
          : ['with the outcome', 'in the group']);
      // A window adds its years' counts: the workforce is counted once for each year, and says so.
      const words =
        years > 1 && plain[1] === 'in the workforce'
          ? [plain[0], `in the workforce, the ${years} years' staff in post added together`]
          : plain;
      const ci = rl.interval;
      const counts = [rl.top.group, rl.bottom.group].map((g) => {
        const j = r.groups.findIndex((x) => x.group === g);
        const group = r.groups[j];
        const [n, d, rate] = [0, 1, 2].map((c) => cell(pub, j, c)?.text ?? '–');
        return {
          label: group?.label ?? g,
          text: `${n} ${words[0]} of ${d} ${words[1]} (${rate})`,
        };
      });
      return {
        ...base,
        measure: `${prefix}relativeLikelihood`,
        label: `Relative likelihood${ind.orientation ? ` (${ind.orientation})` : ''}`,
        current: figure(rl.value, rl.value === null ? '–' : fixed(rl.value, s['display.rlDecimals']), hidden),
        range: rlRange(s),
        band: hidden || rl.band === null ? null : bandText(rl.band),
        caution: hidden || rl.band === 'NON_ADVERSE' ? null : likelihoodCaution(rl),
        interval:
          hidden || !ci || ci.lower === null
            ? null
            : `${Math.round(ci.level * 100)}% confidence interval ${fixed(ci.lower, 2)} to ${ci.upper === null ? 'unbounded' : fixed(ci.upper, 2)}`,
        counts,
      };
    }
    case 'rate': {
      const target = comparisonGroup(r.scheme);
      const j = target === null ? -1 : r.groups.findIndex((g) => g.group === target);
      const g = j >= 0 ? r.groups[j]! : r.all;
      // The rows as the published table has them: everyone last, and once.
      const rows = rateRows(r);
      const row = j >= 0 ? j : rows.length - 1;
      // The rate in the unit its definition declares: a percentage, or a rate per head ("per 100 staff").
      const unit = r.unit ?? 'percent';
      const d = rateDecimals(unit, s['display.percentDecimals']);
      const value = shown(cell(pub, row, 2), g.value === null ? null : g.value * rateScale(unit), pub);
      const per = unit === 'percent' ? '' : rateUnitText(unit);
      const rate = (text: string) => (per === '' || text === '*' || text === '–' ? text : `${text}${per}`);
      return {
        ...base,
        measure: target === null || r.scheme === 'none' ? `${prefix}rate` : `${prefix}group:${target}`,
        label: `Rate${target === null ? '' : ` for ${g.label}`}${per === '' ? '' : `,${per}`}`,
        current: figure(
          value,
          value === null ? '–' : `${fixed(value, d)}${rateUnitText(unit)}`,
          isHidden(cell(pub, row, 2)),
        ),
        decimals: d,
        // A share when no group's numerator passes its denominator (people with an outcome, of people).
        percent: unit === 'percent' && rows.every((x) => x.numerator <= x.denominator),
        counts: rows.map((x, i) => ({
          label: x.label,
          text: `${cell(pub, i, 0)?.text ?? '–'} of ${cell(pub, i, 1)?.text ?? '–'} (${rate(cell(pub, i, 2)?.text ?? '–')})`,
        })),
      };
    }
    case 'distribution': {
      const target = comparisonGroup(r.scheme);
      const rows = r.rows.length > 0 ? r.rows.length : 0;
      const groups = r.overall.groups;
      const j = groups.findIndex((g) => g.group === target);
      const g = j >= 0 ? groups[j]! : null;
      const pcell = cell(pub, rows === 0 ? 0 : rows, j * 2 + 1);
      const total = distributionTotal(r, pub);
      return {
        ...base,
        measure: target ? `${prefix}overall:${target}` : `${prefix}overall`,
        label: g ? `${g.label} staff, % of the workforce` : 'Headcount',
        current: g
          ? figure(shown(pcell, g.percent, pub), pct(shown(pcell, g.percent, pub), s), isHidden(pcell))
          : figure(r.overall.total, total, false),
        percent: g !== null,
        direction: 'NONE',
        counts: groups.map((x, i) => ({
          label: x.label,
          text: `${cell(pub, rows, i * 2)?.text ?? '–'} of ${total}`,
        })),
      };
    }
    case 'representationDifference': {
      const hidden = pub?.headline[0]?.text === '*';
      const row = (i: number) => pub?.tables[0]?.rows[i]?.cells.map((c) => c.text) ?? [];
      const [bn, bt, bp] = row(0);
      const [wn, wt, wp] = row(1);
      return {
        ...base,
        measure: `${prefix}difference`,
        label: `Board minus workforce, ${r.group === 'BME' ? 'BME' : 'Disabled'} %`,
        current: figure(
          pub ? (pub.headline[0]?.value ?? null) : r.difference,
          points(pub ? (pub.headline[0]?.value ?? null) : r.difference, s),
          hidden,
        ),
        counts: [
          { label: 'Board', text: `${bn ?? '–'} of ${bt ?? '–'} (${bp ?? '–'})` },
          { label: 'Workforce', text: `${wn ?? '–'} of ${wt ?? '–'} (${wp ?? '–'})` },
        ],
      };
    }
    case 'surveyPercentage': {
      const target = comparisonGroup(r.scheme);
      const j = r.groups.findIndex((g) => g.group === target);
      const g = r.groups[j];
      const refIndex = r.groups.findIndex((x) => x.group !== target && x.group !== 'UNKNOWN');
      const ref = r.groups[refIndex];
      const gapHidden = pub?.headline[0]?.text === '*';
      return {
        ...base,
        measure: `${prefix}group:${target ?? ''}`,
        label: g ? `${g.label} staff` : 'Staff',
        percent: true,
        current: g ? figure(g.percent, pct(g.percent, s), isHidden(cell(pub, j, 1))) : MISSING,
        counts: r.groups.map((x, i) => ({
          label: x.label,
          text: `${cell(pub, i, 1)?.text ?? '–'} of ${cell(pub, i, 0)?.text ?? '–'} respondents`,
        })),
        secondary: [
          ...(ref
            ? [
                {
                  label: `${ref.label} staff`,
                  figure: figure(ref.percent, pct(ref.percent, s), isHidden(cell(pub, refIndex, 1))),
                },
              ]
            : []),
          { label: 'Gap', figure: figure(r.gap, points(r.gap, s), gapHidden) },
        ],
      };
    }
    case 'surveyScore': {
      const target = comparisonGroup(r.scheme);
      const j = target === null ? 0 : r.groups.findIndex((g) => g.group === target);
      const g = r.groups[j];
      const refIndex = r.groups.findIndex((x) => x.group !== target && x.group !== 'UNKNOWN');
      const ref = target === null ? undefined : r.groups[refIndex];
      return {
        ...base,
        measure: `${prefix}group:${g?.group ?? ''}`,
        label: g ? `${g.label === 'All' ? 'All' : g.label} staff, score out of 10` : 'Score',
        current: g ? figure(g.score, fixed(g.score, 1), isHidden(cell(pub, j, 1))) : MISSING,
        counts: r.groups.map((x, i) => ({
          label: x.label,
          text: `score ${cell(pub, i, 1)?.text ?? '–'} from ${cell(pub, i, 0)?.text ?? '–'} respondents`,
        })),
        secondary: ref
          ? [
              {
                label: `${ref.label} staff`,
                figure: figure(ref.score, fixed(ref.score, 1), isHidden(cell(pub, refIndex, 1))),
              },
            ]
          : [],
      };
    }
    case 'payGap': {
      const c = r.comparisons[0];
      const hidden = pub?.headline[0]?.text === '*';
      return {
        ...base,
        measure: `${prefix}gap:${c?.group ?? ''}`,
        label: c ? `${r.measure === 'mean' ? 'Mean' : 'Median'} gap: ${c.label}` : 'Gap',
        current: c
          ? figure(c.gap, c.gap === null ? '–' : `${fixed(c.gap, s['display.payGapDecimals'])}%`, hidden)
          : MISSING,
        direction: 'TOWARDS_ZERO',
        counts: [r.reference, ...r.comparisons].map((x, i) => ({
          label: x.label,
          text: `${employees(cell(pub, i, 0)?.text ?? '–')}, ${r.measure} ${cell(pub, i, 1)?.text ?? '–'}`,
        })),
      };
    }
    case 'payQuartiles': {
      const upper = r.quartiles.find((q) => q.band === 'UPPER');
      const i = r.quartiles.findIndex((q) => q.band === 'UPPER');
      const target = comparisonGroup(r.scheme);
      const j = upper ? upper.groups.findIndex((g) => g.group === target) : -1;
      const g = j >= 0 ? upper!.groups[j]! : null;
      return {
        ...base,
        measure: g ? `${prefix}UPPER:${g.group}` : `${prefix}UPPER`,
        label: g ? `${g.label} in the upper pay quartile` : 'Upper pay quartile',
        current: g
          ? figure(
              shown(cell(pub, i, j * 2 + 1), g.percent, pub),
              pct(shown(cell(pub, i, j * 2 + 1), g.percent, pub), s),
              isHidden(cell(pub, i, j * 2 + 1)),
            )
          : MISSING,
        percent: g !== null,
        direction: 'NONE',
      };
    }
  }
}
