/** Builders for staff survey results and reference data. */
import { normaliseLabel } from '../../engine/classification/text.js';
import type { DisabilityCode } from '../../engine/classification/disability.js';
import type { SexCode } from '../../engine/classification/sex.js';
import type { StaffGroupCode } from '../../engine/classification/staff.js';
import type {
  BenchmarkRecord,
  PopulationRecord,
  SurveyAggregateRecord,
  SurveyResponseRecord,
} from '../../engine/records.js';
import { cellText } from '../values.js';
import { get } from '../rows.js';
import { checkUnique, type Builder } from './context.js';
export { QUESTION_HEADER } from '../schemas/index.js';

const GROUPS: Readonly<Record<string, { scheme: SurveyAggregateRecord['scheme']; group: string }>> = {
  WHITE: { scheme: 'ethnicity', group: 'WHITE' },
  BME: { scheme: 'ethnicity', group: 'BME' },
  BAME: { scheme: 'ethnicity', group: 'BME' },
  'ETHNIC MINORITY': { scheme: 'ethnicity', group: 'BME' },
  'BLACK AND MINORITY ETHNIC': { scheme: 'ethnicity', group: 'BME' },
  DISABLED: { scheme: 'disability', group: 'DISABLED' },
  'NON DISABLED': { scheme: 'disability', group: 'NON_DISABLED' },
  'NOT DISABLED': { scheme: 'disability', group: 'NON_DISABLED' },
  ALL: { scheme: 'all', group: 'ALL' },
  'ALL STAFF': { scheme: 'all', group: 'ALL' },
  OVERALL: { scheme: 'all', group: 'ALL' },
  TOTAL: { scheme: 'all', group: 'ALL' },
};

export const buildSurveyAggregate: Builder<SurveyAggregateRecord> = (rows, ctx) => {
  const records: SurveyAggregateRecord[] = [];
  for (const row of rows) {
    const v = row.values;
    const groupText = get.text(v, 'group')!;
    const label = normaliseLabel(groupText);
    const scheme = get.text(v, 'scheme') as SurveyAggregateRecord['scheme'] | null;
    let known = GROUPS[label];
    if (!known && /^(UNKNOWN|NOT STATED|NOT KNOWN|PREFER NOT TO SAY|NOT DECLARED)$/.test(label))
      known = { scheme: scheme ?? 'ethnicity', group: 'UNKNOWN' };
    if (!known) {
      ctx.issues.add({
        kind: 'UNKNOWN_CODE_BLOCKING',
        file: ctx.file,
        row: row.line,
        column: 'group',
        value: groupText,
        message: `Group '${groupText}' is not one of White, BME, Disabled, Non-disabled, Unknown or All.`,
      });
      continue;
    }
    const numerator = get.number(v, 'numerator');
    const base = get.number(v, 'base')!;
    const score = get.number(v, 'score');
    if (numerator === null && score === null) {
      ctx.issues.add({
        kind: 'MISSING_VALUE',
        file: ctx.file,
        row: row.line,
        column: 'numerator',
        message: 'Give a numerator (for a percentage) or a score (for staff engagement).',
      });
      continue;
    }
    if (numerator !== null && numerator > base) {
      ctx.issues.add({
        kind: 'OUT_OF_RANGE',
        file: ctx.file,
        row: row.line,
        column: 'numerator',
        value: String(numerator),
        message: `The numerator ${numerator} is larger than the base ${base}.`,
      });
      continue;
    }
    records.push({
      surveyYear: get.number(v, 'survey_year')!,
      measure: get.text(v, 'measure')!.trim(),
      scheme: scheme ?? known.scheme,
      group: known.group,
      numerator: numerator ?? 0,
      base,
      score,
    });
  }
  const years = new Set(records.map((r) => r.surveyYear));
  return { records, surveyYear: years.size === 1 ? [...years][0]! : null };
};

export const buildSurveyResponses: Builder<SurveyResponseRecord> = (rows, ctx) => {
  const duplicates = checkUnique(rows, 'respondent_id', 'Respondent ID', ctx);
  const records = rows
    .filter((r) => !duplicates.has(r.line))
    .map((row) => {
      const v = row.values;
      const answers: Record<string, string> = {};
      for (const [k, value] of Object.entries(v))
        if (k.startsWith('answer:') && value !== null)
          answers[k.slice('answer:'.length)] = cellText(value as string);
      return {
        respondentId: get.text(v, 'respondent_id')!,
        surveyYear: get.number(v, 'survey_year')!,
        ethnicity: get.text(v, 'ethnicity') ?? '99',
        disability: (get.text(v, 'disability') as DisabilityCode | null) ?? 'U',
        sex: (get.text(v, 'sex') as SexCode | null) ?? 'U',
        ...(get.text(v, 'staff_group') === null
          ? {}
          : { staffGroup: get.text(v, 'staff_group') as StaffGroupCode }),
        answers,
      };
    });
  const years = new Set(records.map((r) => r.surveyYear));
  return { records, surveyYear: years.size === 1 ? [...years][0]! : null };
};

export const buildPopulation: Builder<PopulationRecord> = (rows) => ({
  records: rows.map((r) => ({
    area: get.text(r.values, 'area')!,
    year: get.number(r.values, 'year')!,
    group: get.text(r.values, 'group')!,
    count: get.number(r.values, 'count')!,
  })),
});

export const buildBenchmarks: Builder<BenchmarkRecord> = (rows) => ({
  records: rows.map((r) => ({
    indicator: get.text(r.values, 'indicator')!.toUpperCase().replace(/\s+/g, ''),
    year: get.number(r.values, 'year')!,
    scope: get.text(r.values, 'scope') as BenchmarkRecord['scope'],
    region: get.text(r.values, 'region'),
    value: get.number(r.values, 'value')!,
    source: get.text(r.values, 'source'),
  })),
});
