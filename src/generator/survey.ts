/**
 * NHS Staff Survey results by group, as NHS England pre-populates them for WRES 5-8 and WDES 4-9a:
 * canonical `survey_aggregate` headers, one row per measure and group with numerator and base (a score
 * for engagement), the MWRES measures for medical and dental respondents by ethnicity, and the Bank WRES
 * measures of the NHS Staff Survey for bank only workers by ethnicity. The file for WRES year N holds the survey fielded in autumn N-1. Respondents are the
 * trust's own staff answering as they see themselves: far more say they have a long-term condition or
 * illness (about 22%) than ESR records as Disabled (about 5%). After the organisation's rows come its care
 * groups' (the unit column names the care group, as the workforce file does): the same respondents split
 * by where they work, each care group with a climate of its own for BME and Disabled staff, so that some
 * are hotspots; the care groups' counts of each named group add up to the organisation's (respondents
 * of unknown ethnicity or disability are not split). Then the directorates' rows (the unit column gives
 * the path, "Care group > Directorate"): each care group's counts split the same way among its
 * directorates, each with a climate of its own, from a random stream of their own (so the organisation's
 * and care groups' rows are what they were before the survey had directorates).
 */
import { DATASETS } from '../ingest/schemas/index.js';
import type { DatasetContext, DatasetRows } from './context.js';
import { STAFF_GROUPS } from './catalogue.js';
import { PATTERNS, trend } from './parameters.js';
import { Rng } from './random.js';
import { snapshotDay } from './dates.js';
import { lastWorkedDay } from './workforce.js';
import type { Cell } from './writers.js';

export const SURVEY_KEYS = DATASETS.survey_aggregate.fields.map((f) => f.key);

type Counts = Record<string, number>;

/** Measures where a higher percentage is better (a hotspot has a lower one for the protected group). */
const HIGHER_IS_BETTER: ReadonlySet<string> = new Set(['WRES7', 'WDES4b', 'WDES5', 'WDES7', 'WDES8']);

export function surveyRows(ctx: DatasetContext): DatasetRows {
  const S = PATTERNS.survey;
  const ods = ctx.history.plan.odsCode;
  const rng = Rng.for(ctx.seed, ods, 'survey', ctx.year);
  const surveyYear = ctx.year - 1;
  const t = trend(ctx.year);
  const ethnicity: Counts = { White: 0, BME: 0, Unknown: 0 };
  const disability: Counts = { Disabled: 0, 'Non-disabled': 0, Unknown: 0 };
  // The same respondents answer every question: count them by group once.
  const responseRate = S.responseRate * (0.8 + 0.4 * Rng.for(ctx.seed, ods, 'survey-response').next());
  // Medical and dental respondents by ethnicity: the MWRES figures NHS England gives for them.
  const medical: Counts = { White: 0, BME: 0, Unknown: 0 };
  // The same respondents by care group: each group's respondents in each care group (no draws of their
  // own, so the organisation's figures are what they were before the survey had units).
  const byUnit = new Map<string, { ethnicity: Counts; disability: Counts }>();
  /** The same by directorate ("Care group > Directorate"), and each care group's directorates. */
  const byDirectorate = new Map<string, { ethnicity: Counts; disability: Counts }>();
  const directoratesOf = new Map<string, Set<string>>();
  // Bank-only staff are not surveyed: bank-only as this year's snapshot has them, not as a later year's
  // move into a substantive post left them.
  for (const { person, bankOnly } of ctx.state.snapshot) {
    if (bankOnly || !rng.chance(responseRate)) continue;
    const group = rng.chance(S.unknownEthnicity) ? 'Unknown' : person.selfBme ? 'BME' : 'White';
    ethnicity[group]!++;
    if (STAFF_GROUPS[person.main.group]?.id === 'MD') medical[group]!++;
    const disabled = rng.chance(S.unknownDisability)
      ? 'Unknown'
      : person.disabled
        ? 'Disabled'
        : 'Non-disabled';
    disability[disabled]!++;
    const { careGroup, directorate } = ctx.history.departments[person.main.unit]!;
    const path = `${careGroup} > ${directorate}`;
    for (const [counts, unit] of [
      [byUnit, careGroup],
      [byDirectorate, path],
    ] as const) {
      const own = counts.get(unit) ?? {
        ethnicity: { White: 0, BME: 0, Unknown: 0 },
        disability: { Disabled: 0, 'Non-disabled': 0, Unknown: 0 },
      };
      counts.set(unit, own);
      own.ethnicity[group]!++;
      own.disability[disabled]!++;
    }
    directoratesOf.set(careGroup, (directoratesOf.get(careGroup) ?? new Set()).add(path));
  }
  const careGroups = [...byUnit.keys()].sort();
  const unitRng = Rng.for(ctx.seed, ods, 'survey-units', ctx.year);
  const directorateRng = Rng.for(ctx.seed, ods, 'survey-directorates', ctx.year);
  const directorateRows: Cell[][] = [];
  /** A trust's own level on a measure: the same in every year. */
  const local = (measure: string) => 0.02 * Rng.for(ctx.seed, ods, 'survey-level', measure).normal();
  const out: Cell[][] = [];
  const unitRows: Cell[][] = [];
  /** One row: the organisation's, or (with a unit) one care group's, written after the organisation's. */
  const emit = (
    measure: string,
    scheme: string,
    group: string,
    numerator: number | null,
    base: number,
    score: number | null,
    unit: string | null = null,
  ) => {
    const values: Readonly<Record<string, Cell>> = {
      survey_year: surveyYear,
      measure,
      scheme,
      group,
      numerator,
      base,
      score,
      survey_unit: unit,
    };
    const row = SURVEY_KEYS.map((k) => values[k] ?? null);
    if (unit === null) out.push(row);
    else (unit.includes(' > ') ? directorateRows : unitRows).push(row);
  };
  /**
   * The organisation's figures of one measure and group split across its care groups: the base among the
   * group's respondents in each care group, the positive answers among the care groups' bases, weighted by
   * each care group's own climate for the group (the same every year and measure: a hotspot stays one).
   */
  const splitByUnit = (
    measure: string,
    scheme: 'Ethnicity' | 'Disability',
    group: string,
    numerator: number,
    base: number,
    units: readonly string[] = careGroups,
    counts: ReadonlyMap<string, { ethnicity: Counts; disability: Counts }> = byUnit,
    random: Rng = unitRng,
  ) => {
    const respondents = units.map((u) => {
      const c = counts.get(u)!;
      return (scheme === 'Ethnicity' ? c.ethnicity : c.disability)[group] ?? 0;
    });
    const bases = share(
      base,
      respondents,
      respondents.map(() => 1),
      random,
    );
    const adverse = HIGHER_IS_BETTER.has(measure) ? -1 : 1;
    const protectedGroup = group === 'BME' || group === 'Disabled';
    const weights = units.map((u) =>
      protectedGroup
        ? Math.exp(adverse * 0.45 * Rng.for(ctx.seed, ods, 'survey-climate', u, group).normal())
        : 1,
    );
    const positives = share(numerator, bases, weights, random);
    units.forEach((u, i) => {
      emit(measure, scheme, group, positives[i]!, bases[i]!, null, u);
      // A care group's figures split among its directorates.
      const below = directoratesOf.get(u);
      if (below)
        splitByUnit(
          measure,
          scheme,
          group,
          positives[i]!,
          bases[i]!,
          [...below].sort(),
          byDirectorate,
          directorateRng,
        );
    });
  };
  /** `total` drawn one at a time among places of the given sizes, each weighted by its weight. */
  const share = (
    total: number,
    sizes: readonly number[],
    weights: readonly number[],
    random: Rng,
  ): number[] => {
    const taken = sizes.map(() => 0);
    for (let n = 0; n < total; n++) {
      let sum = 0;
      for (let i = 0; i < sizes.length; i++) sum += (sizes[i]! - taken[i]!) * weights[i]!;
      if (sum <= 0) break;
      let x = random.next() * sum;
      let i = 0;
      for (; i < sizes.length - 1; i++) {
        x -= (sizes[i]! - taken[i]!) * weights[i]!;
        if (x < 0) break;
      }
      taken[i]!++;
    }
    return taken;
  };
  const percentMeasure = (
    measure: string,
    scheme: 'Ethnicity' | 'Disability',
    counts: Counts,
    rates: Record<string, number>,
  ) => {
    let num = 0;
    let base = 0;
    const shift = local(measure);
    for (const [group, n] of Object.entries(counts)) {
      const rate = rates[group];
      if (rate === undefined) continue;
      const b = rng.binomial(n, S.base[measure] ?? S.base.default!);
      const k = rng.binomial(b, Math.min(0.99, Math.max(0.005, rate + shift)));
      emit(measure, scheme, group, k, b, null);
      if (group !== 'Unknown') splitByUnit(measure, scheme, group, k, b);
      num += k;
      base += b;
    }
    if (measure !== 'WDES8') emit(measure, 'All', 'All', num, base, null);
  };
  for (const [measure, m] of Object.entries(S.wres)) {
    const w = m.W + m.trend * t;
    const b = m.B + m.trend * t;
    percentMeasure(measure, 'Ethnicity', ethnicity, { White: w, BME: b, Unknown: (w + b) / 2 + 0.02 });
  }
  for (const [measure, m] of Object.entries(S.wdes)) {
    const d = m.D + m.trend * t;
    const n = m.N + m.trend * t;
    const rates: Record<string, number> =
      measure === 'WDES8' ? { Disabled: d } : { Disabled: d, 'Non-disabled': n, Unknown: (d + n) / 2 };
    percentMeasure(measure, 'Disability', disability, rates);
  }
  /** Measures named by an indicator, of some respondents by ethnicity, from a stream of their own. */
  const byEthnicity = (
    measures: Readonly<Record<string, { W: number; B: number; trend: number }>>,
    respondents: Counts,
    random: Rng,
  ) => {
    for (const [measure, m] of Object.entries(measures)) {
      const w = m.W + m.trend * t;
      const b = m.B + m.trend * t;
      const rates: Record<string, number> = { White: w, BME: b, Unknown: (w + b) / 2 };
      for (const [group, n] of Object.entries(respondents)) {
        const base = random.binomial(n, S.base.default!);
        const rate = Math.min(0.99, Math.max(0.005, rates[group]! + local(measure)));
        emit(measure, 'Ethnicity', group, random.binomial(base, rate), base, null);
      }
    }
  };
  // MWRES: the same measures for medical respondents (so the figures above are what they were before the
  // MWRES existed).
  byEthnicity(S.mwres, medical, Rng.for(ctx.seed, ods, 'survey-medical', ctx.year));
  // The NHS Staff Survey for bank only workers: the active bank-only workers at the snapshot (those the
  // Bank WRES counts) answer it, and NHS England gives its figures by ethnicity under each Bank WRES
  // indicator. From a stream of its own, so every figure above is what it was before.
  const bankRng = Rng.for(ctx.seed, ods, 'survey-bank', ctx.year);
  const bank: Counts = { White: 0, BME: 0, Unknown: 0 };
  const snap = snapshotDay(ctx.year);
  for (const { person, bankOnly } of ctx.state.snapshot) {
    if (!bankOnly || lastWorkedDay(ctx, person.staffNumber, 1) <= snap - 183) continue;
    if (!bankRng.chance(S.bankResponseRate)) continue;
    bank[bankRng.chance(S.unknownEthnicity) ? 'Unknown' : person.selfBme ? 'BME' : 'White']!++;
  }
  byEthnicity(S.bwres, bank, bankRng);
  const E = S.engagement;
  let total = 0;
  let weighted = 0;
  const engagement: { group: string; base: number; score: number }[] = [];
  for (const [group, n] of Object.entries(disability)) {
    const mean =
      (group === 'Disabled' ? E.D : group === 'Unknown' ? E.U : E.N) + E.trend * t + local('WDES9a') * 5;
    const score = Math.round((mean + rng.normal() * 0.05) * 100) / 100;
    const base = rng.binomial(n, S.base.default!);
    emit('WDES9a', 'Disability', group, null, base, score);
    if (group !== 'Unknown') engagement.push({ group, base, score });
    total += base;
    weighted += base * score;
  }
  emit('WDES9a', 'All', 'All', null, total, total > 0 ? Math.round((weighted / total) * 100) / 100 : null);
  // The engagement score (WDES 9a) of each care group: the group's respondents split as above, each care
  // group's score the organisation's moved by the same climate that makes it a hotspot for Disabled staff
  // in the other measures (lower where their answers are worse); its overall score is the mean of its
  // Disabled and non-disabled respondents' (those of unknown disability are not split). Drawn after every
  // other row, so those are what they were before.
  // Each directorate's likewise, from its care group's: the same split, its own climate.
  const unitScores = new Map<string, { base: number; sum: number }>();
  const scoreUnits = (
    group: string,
    base: number,
    score: number,
    units: readonly string[],
    counts: ReadonlyMap<string, { ethnicity: Counts; disability: Counts }>,
    random: Rng,
  ) => {
    const respondents = units.map((u) => counts.get(u)!.disability[group] ?? 0);
    const bases = share(
      base,
      respondents,
      respondents.map(() => 1),
      random,
    );
    units.forEach((u, i) => {
      const climate = group === 'Disabled' ? Rng.for(ctx.seed, ods, 'survey-climate', u, group).normal() : 0;
      const own = Math.round(Math.min(10, Math.max(0, score - 0.3 * climate)) * 100) / 100;
      emit('WDES9a', 'Disability', group, null, bases[i]!, own, u);
      const all = unitScores.get(u) ?? { base: 0, sum: 0 };
      unitScores.set(u, { base: all.base + bases[i]!, sum: all.sum + bases[i]! * own });
      const below = directoratesOf.get(u);
      if (below) scoreUnits(group, bases[i]!, own, [...below].sort(), byDirectorate, directorateRng);
    });
  };
  for (const { group, base, score } of engagement)
    scoreUnits(group, base, score, careGroups, byUnit, unitRng);
  for (const u of [...careGroups, ...[...byDirectorate.keys()].sort()]) {
    const { base, sum } = unitScores.get(u) ?? { base: 0, sum: 0 };
    // A unit none of whose respondents gave the score (a small directorate) has none: a file's row must
    // give one, so there is no row.
    if (base === 0) continue;
    emit('WDES9a', 'All', 'All', null, base, Math.round((sum / base) * 100) / 100, u);
  }
  // Each care group's figures after the organisation's, then each directorate's.
  return {
    layout: { header: SURVEY_KEYS },
    rows: [...out, ...unitRows, ...directorateRows],
    facts: () => ({ surveyYear }),
  };
}
