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
import { get, type ParsedRow } from '../rows.js';
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

const key = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Finds the unit a survey row names among the organisation's units: by its path ("Medicine > Emergency
 * Medicine", a leading organisation name dropped), else by a name only one unit has, else by the code an
 * ESR unit name begins with ("409" for "409 Emergency Medicine"), again only when one unit has it. Returns
 * the unit's path, or a message saying why none was found. Without the organisation's units (loading
 * outside an organisation) the path is taken as given.
 */
export function unitFinder(
  units: readonly (readonly string[])[] | null | undefined,
  organisationName: string | null,
): (given: readonly string[]) => string[] | { problem: string } {
  if (!units) return (given) => [...given];
  const byPath = new Map<string, string[]>();
  const byName = new Map<string, string[][]>();
  for (const u of units)
    for (let depth = 1; depth <= u.length; depth++) {
      const path = u.slice(0, depth);
      const k = path.map(key).join('>');
      if (byPath.has(k)) continue;
      byPath.set(k, [...path]);
      const name = key(path[depth - 1]!);
      byName.set(name, [...(byName.get(name) ?? []), [...path]]);
    }
  const show = (paths: string[][]) =>
    paths
      .slice(0, 3)
      .map((p) => p.join(' > '))
      .join('; ');
  return (given) => {
    let parts = [...given];
    if (organisationName && parts.length > 1 && key(parts[0]!) === key(organisationName))
      parts = parts.slice(1);
    const text = parts.join(' > ');
    const exact = byPath.get(parts.map(key).join('>'));
    if (exact) return exact;
    if (parts.length === 1) {
      const named = byName.get(key(parts[0]!)) ?? [];
      const coded =
        named.length > 0
          ? named
          : [...byName.entries()].filter(([n]) => n.startsWith(`${key(parts[0]!)} `)).flatMap(([, p]) => p);
      if (coded.length === 1) return coded[0]!;
      if (coded.length > 1)
        return {
          problem: `Unit '${text}' names more than one unit of the organisation (${show(coded)}); give its path, e.g. '${coded[0]!.join(' > ')}'.`,
        };
    }
    return {
      problem:
        byPath.size === 0
          ? `Unit '${text}' is not a unit of the organisation: it has no units yet (load its workforce file first).`
          : `Unit '${text}' is not a unit of the organisation.`,
    };
  };
}

/** The unit of a survey row: its path, [] for the whole organisation, or null after reporting a problem. */
function unitOfRow(
  row: ParsedRow,
  find: ReturnType<typeof unitFinder>,
  ctx: Parameters<Builder<unknown>>[1],
): string[] | null {
  const given = get.path(row.values, 'survey_unit');
  if (given.length === 0) return [];
  const found = find(given);
  if (Array.isArray(found)) return ctx.intern.path(found);
  ctx.issues.add({
    kind: 'UNKNOWN_UNIT',
    file: ctx.file,
    row: row.line,
    column: 'unit',
    value: given.join(' > '),
    message: `Row ${row.line}: ${found.problem}`,
  });
  return null;
}

export const buildSurveyAggregate: Builder<SurveyAggregateRecord> = (rows, ctx) => {
  const records: SurveyAggregateRecord[] = [];
  const find = unitFinder(ctx.units, ctx.organisationName);
  for (const row of rows) {
    const v = row.values;
    const unitPath = unitOfRow(row, find, ctx);
    if (unitPath === null) continue;
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
      ...(unitPath.length > 0 ? { unitPath } : {}),
    });
  }
  const years = new Set(records.map((r) => r.surveyYear));
  return { records, surveyYear: years.size === 1 ? [...years][0]! : null };
};

export const buildSurveyResponses: Builder<SurveyResponseRecord> = (rows, ctx) => {
  const duplicates = checkUnique(rows, 'respondent_id', 'Respondent ID', ctx);
  const find = unitFinder(ctx.units, ctx.organisationName);
  const records = rows
    .filter((r) => !duplicates.has(r.line))
    .flatMap((row) => {
      const v = row.values;
      const unitPath = unitOfRow(row, find, ctx);
      if (unitPath === null) return [];
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
        ...(unitPath.length > 0 ? { unitPath } : {}),
        ...(get.bool(v, 'bank_worker') === true ? { bankOnly: true } : {}),
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
