/**
 * Staff survey statistics (standards.md §6). NHS England's pre-aggregated figures (numerator and base per
 * group) are used as given when present for the measure and year; otherwise respondent-level answers are
 * read with the `survey.questionMap` setting for that survey year. Groups are the respondents' own
 * self-reported ethnicity or disability (not ESR). Unknown is shown and kept out of the gap.
 */
import { normaliseLabel } from '../classification/text.js';
import type { SurveyAggregateRecord } from '../records.js';
import { percent } from '../stats/values.js';
import type { Flag } from '../stats/likelihood.js';
import type { EvalContext } from './context.js';
import { groupOf, UNKNOWN, type Scheme } from './characteristics.js';
import { UNIT_LEVELS } from './fields.js';
import { meetsAll, recordId } from './population.js';
import type {
  BreakdownTable,
  StatisticResult,
  SurveyGroupResult,
  SurveyPercentageResult,
  SurveyScoreResult,
} from './results.js';
import type { Condition } from './types.js';

const AGGREGATE_SCHEME: Readonly<Record<string, SurveyAggregateRecord['scheme']>> = {
  wres: 'ethnicity',
  wdes: 'disability',
  none: 'all',
};

/** A measure name compared without case, spaces or punctuation: "WDES4a-i", "WDES 4a (i)", "wdes4a_i" are one. */
const measureKey = (name: string): string => name.toUpperCase().replace(/[^A-Z0-9]/g, '');

/**
 * NHS England's figures for a measure, year and grouping. Files name a measure in any of three ways, all
 * accepted: the engine's name ("hba_public"), the indicator that reads it ("WRES5", "WDES4a-i": the
 * definition's id, or for a part of an indicator the indicator's: "WDES9a" for "WDES9a.overall"), or the
 * survey question when the measure is one question in that year's question map ("Q14a").
 */
function aggregates(
  ctx: EvalContext,
  scheme: Scheme,
  measure: string,
  surveyYear: number,
  indicatorId: string | null,
  filtered = false,
): SurveyAggregateRecord[] {
  const s = AGGREGATE_SCHEME[scheme.scheme];
  // In order of preference, should a file give the same figures under two names. Figures for a part of
  // the respondents (MWRES: medical staff) can only be the ones named by that indicator: a measure's or
  // a question's figures describe every respondent.
  const names = filtered ? [] : [measureKey(measure)];
  if (indicatorId !== null) {
    names.push(measureKey(indicatorId));
    // A part of an indicator ("WDES9a.overall") also reads the figures filed under the indicator itself
    // ("WDES9a"): the grouping (by disability, or all staff) tells the parts' rows apart.
    const whole = indicatorId.split('.')[0]!;
    if (whole !== indicatorId) names.push(measureKey(whole));
  }
  const questions = ctx.settings['survey.questionMap'][String(surveyYear)]?.[measure]?.questions ?? [];
  if (questions.length === 1 && !filtered) names.push(measureKey(questions[0]!));
  const byName = new Map<string, SurveyAggregateRecord[]>();
  for (const a of ctx.data.surveyAggregates ?? []) {
    if (a.surveyYear !== surveyYear || a.scheme !== s) continue;
    const key = measureKey(a.measure);
    if (!names.includes(key)) continue;
    const list = byName.get(key);
    if (list) list.push(a);
    else byName.set(key, [a]);
  }
  const found = names.filter((n) => byName.has(n));
  if (found.length > 1)
    ctx.issues.add(
      'SURVEY_MEASURE_TWICE',
      'survey',
      `figures for measure ${measure} in survey year ${surveyYear} are given under more than one name; those named ${byName.get(found[0]!)![0]!.measure} are used`,
    );
  return found.length > 0 ? highestLevel(byName.get(found[0]!)!) : [];
}

const depthOf = (r: { unitPath?: readonly string[] }): number => r.unitPath?.length ?? 0;

/**
 * The figures of the highest unit level given: a file may carry the whole organisation's figures and each
 * unit's beside them, and adding both would count respondents twice. The organisation's rows (no unit)
 * when there are any, else its care groups' added together, else their directorates'. Limited to a care
 * group (limitToUnits), that is the care group's own row, else its directorates'.
 */
function highestLevel(list: readonly SurveyAggregateRecord[]): SurveyAggregateRecord[] {
  let top = Infinity;
  for (const a of list) top = Math.min(top, depthOf(a));
  return list.filter((a) => depthOf(a) === top);
}

/**
 * The survey data of one unit at a level: the aggregates and respondents whose unit path has `value` at
 * `level`. Records without a unit at that level are in no row (the whole organisation's figures are not a
 * unit's).
 */
function inUnit(ctx: EvalContext, level: number, value: string): EvalContext {
  const at = (r: { unitPath?: readonly string[] }) => r.unitPath?.[level] === value;
  return {
    ...ctx,
    data: {
      ...ctx.data,
      surveyAggregates: (ctx.data.surveyAggregates ?? []).filter(at),
      surveyResponses: (ctx.data.surveyResponses ?? []).filter(at),
    },
  };
}

/**
 * A survey figure by unit: one row per care group (directorate, department) named by the survey data of
 * the year, each row the figure of that unit's data alone (its own aggregates at their highest level, or
 * its respondents). Dimensions other than units are not kept: the survey has no staff group or band of
 * ESR's. Rows are in the order of their keys.
 */
export function surveyBreakdowns(
  ctx: EvalContext,
  dims: readonly (string | readonly string[])[],
  surveyYear: number,
  figure: (unit: EvalContext) => StatisticResult,
): BreakdownTable[] {
  const tables: BreakdownTable[] = [];
  for (const d of dims) {
    const by = typeof d === 'string' ? [d] : [...d];
    const level = by.length === 1 && Object.hasOwn(UNIT_LEVELS, by[0]!) ? UNIT_LEVELS[by[0]!] : undefined;
    if (level === undefined || tables.some((t) => t.by[0] === by[0])) continue;
    const values = new Set<string>();
    for (const r of [...(ctx.data.surveyAggregates ?? []), ...(ctx.data.surveyResponses ?? [])]) {
      const v = r.surveyYear === surveyYear ? r.unitPath?.[level] : undefined;
      if (v !== undefined && v !== '') values.add(v);
    }
    if (values.size === 0) continue;
    const keys = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    tables.push({ by, rows: keys.map((key) => ({ key, result: figure(inUnit(ctx, level, key)) })) });
  }
  return tables;
}

function lowBase(base: number, ctx: EvalContext): Flag[] {
  return base < ctx.settings['survey.minBase'] ? ['LOW_BASE'] : [];
}

function gapOf(
  groups: SurveyGroupResult[],
  scheme: Scheme,
): Pick<SurveyPercentageResult, 'gap' | 'gapReason'> {
  const ref = groups.find((g) => g.group === scheme.reference);
  const cmpGroup = groups.find((g) => g.group === scheme.comparisons[0]);
  if (!ref || !cmpGroup) return { gap: null, gapReason: 'NOT_APPLICABLE' };
  if (ref.percent === null || cmpGroup.percent === null) return { gap: null, gapReason: 'ZERO_DENOMINATOR' };
  return { gap: cmpGroup.percent - ref.percent, gapReason: null };
}

/** Fields NHS England's aggregates are already split by: a condition on them keeps the aggregates usable. */
const GROUPING_FIELDS: ReadonlySet<string> = new Set([
  'ethnicity',
  'disability',
  'sex',
  'wresGroup',
  'wdesGroup',
]);

/**
 * Whether conditions keep only part of the respondents in a way the aggregates are not split by (an
 * occupation group, a unit): WDES 8's "Disabled respondents" does not; MWRES's "medical and dental" does.
 */
const narrowsRespondents = (where: readonly Condition[] | undefined): boolean =>
  (where ?? []).some((c) => !GROUPING_FIELDS.has(c.field));

/**
 * Whether a figure reads the NHS Staff Survey for bank only workers (the Bank WRES: a condition on
 * `bankOnly`). The two surveys never mix: a staff survey figure leaves the bank survey's respondents out,
 * and a bank survey figure the staff survey's.
 */
const readsBankSurvey = (where: readonly Condition[] | undefined): boolean =>
  (where ?? []).some((c) => c.field === 'bankOnly' && c.op === 'eq' && c.value === true);

/**
 * % positive = respondents with a positive answer / respondents with a valid answer x 100, by group.
 * gap = comparison group % - reference group % (e.g. BME - White), in percentage points.
 */
export function surveyPercentage(
  ctx: EvalContext,
  scheme: Scheme,
  measure: string,
  surveyYear: number,
  where: readonly Condition[] | undefined,
  indicatorId: string | null = null,
): SurveyPercentageResult {
  const base = {
    type: 'surveyPercentage' as const,
    scheme: scheme.scheme,
    measure,
    surveyYear,
    ...(readsBankSurvey(where) ? { survey: 'bank' as const } : {}),
  };
  const agg = aggregates(ctx, scheme, measure, surveyYear, indicatorId, narrowsRespondents(where));
  const num = new Map<string, number>();
  const den = new Map<string, number>();
  let source: SurveyPercentageResult['source'] = 'none';
  if (agg.length > 0) {
    source = 'aggregates';
    for (const a of agg) {
      const g = a.group === 'UNKNOWN' ? UNKNOWN : a.group;
      num.set(g, (num.get(g) ?? 0) + a.numerator);
      den.set(g, (den.get(g) ?? 0) + a.base);
    }
  } else {
    const responses = (ctx.data.surveyResponses ?? []).filter((r) => r.surveyYear === surveyYear);
    const rule = ctx.settings['survey.questionMap'][String(surveyYear)]?.[measure];
    if (responses.length > 0 && !rule)
      ctx.issues.add(
        'NO_QUESTION_MAP',
        'survey',
        `no question map for measure ${measure} in survey year ${surveyYear}`,
      );
    if (responses.length > 0 && rule) {
      source = 'responses';
      const positive = new Set(rule.positive.map(normaliseLabel));
      const excluded = new Set(rule.excluded.map(normaliseLabel));
      const valid = rule.valid === null ? null : new Set(rule.valid.map(normaliseLabel));
      const seen = new Set<string>();
      for (const r of responses) {
        if ((r.bankOnly === true) !== (base.survey === 'bank')) continue;
        const id = recordId('survey', r as never);
        if (seen.has(id)) continue;
        seen.add(id);
        const subject = { dataset: 'survey' as const, record: r as never, person: null };
        if (!meetsAll(subject, where, ctx)) continue;
        const answers = rule.questions
          .map((q) => normaliseLabel(r.answers[q] ?? ''))
          .filter((a) => a !== '' && !excluded.has(a) && (valid === null || valid.has(a)));
        if (answers.length === 0) continue;
        const g = groupOf(scheme, subject);
        den.set(g, (den.get(g) ?? 0) + 1);
        if (answers.some((a) => positive.has(a))) num.set(g, (num.get(g) ?? 0) + 1);
      }
    }
  }
  const groups: SurveyGroupResult[] = scheme.groups.map((g) => {
    const n = num.get(g.id) ?? 0;
    const b = den.get(g.id) ?? 0;
    const p = percent(n, b);
    return {
      group: g.id,
      label: g.label,
      numerator: n,
      base: b,
      percent: p.value,
      reason: p.reason,
      flags: lowBase(b, ctx),
    };
  });
  return { ...base, source, groups, ...gapOf(groups, scheme) };
}

/** Mean score (0-10) by group, from the aggregates' `score` (NHS England's engagement score). */
export function surveyScore(
  ctx: EvalContext,
  scheme: Scheme,
  measure: string,
  surveyYear: number,
  indicatorId: string | null = null,
): SurveyScoreResult {
  const agg = aggregates(ctx, scheme, measure, surveyYear, indicatorId);
  return {
    type: 'surveyScore',
    scheme: scheme.scheme,
    measure,
    surveyYear,
    source: agg.length > 0 ? 'aggregates' : 'none',
    groups: scheme.groups.map((g) => {
      const a = agg.find((x) => (x.group === 'UNKNOWN' ? UNKNOWN : x.group) === g.id);
      const score = a && a.score !== null && Number.isFinite(a.score) ? a.score : null;
      return {
        group: g.id,
        label: g.label,
        base: a?.base ?? 0,
        score,
        reason: score === null ? ('NO_DATA' as const) : null,
        flags: lowBase(a?.base ?? 0, ctx),
      };
    }),
  };
}
