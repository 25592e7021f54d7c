/**
 * Employee-relations cases opened in the financial year, canonical headers. Rates per person per year by
 * case type (PATTERNS.cases), raised for BME staff on disciplinary (WRES 3), for Disabled staff on
 * capability (WDES 3), and so on; the person's characteristics are those ESR holds for them.
 */
import { DATASETS } from '../ingest/schemas/index.js';
import { STAFF_GROUPS } from './catalogue.js';
import {
  esrDisability,
  esrEthnicity,
  sexText,
  unitNames,
  type DatasetContext,
  type DatasetRows,
} from './context.js';
import { financialYear, isoDate } from './dates.js';
import { PATTERNS, trended } from './parameters.js';
import { Rng } from './random.js';
import type { RosterEntry } from './simulate.js';
import type { Cell } from './writers.js';

export const CASE_KEYS = DATASETS.cases.fields.map((f) => f.key).filter((k) => k !== 'org_path');

const OUTCOMES: Readonly<Record<string, readonly string[]>> = {
  Disciplinary: [
    'No case to answer',
    'Informal action',
    'First written warning',
    'Final written warning',
    'Dismissal',
  ],
  'Capability (performance)': [
    'Improvement plan completed',
    'Redeployment',
    'Final warning',
    'Dismissal - capability',
  ],
  'Capability (ill health)': [
    'Return to work plan',
    'Redeployment',
    'Ill health retirement',
    'Dismissal - ill health',
  ],
  Grievance: ['Upheld', 'Partially upheld', 'Not upheld', 'Withdrawn'],
  'Dignity at work': ['Upheld', 'Not upheld', 'Resolved informally', 'Mediation'],
};

function multiplier(ctx: DatasetContext, type: string, entry: RosterEntry): number {
  const C = PATTERNS.cases;
  const p = entry.state.person;
  const disabled = entry.state.esrDisability === 0;
  const bme = p.group === 'B';
  const group = STAFF_GROUPS[entry.state.main.group]!.id;
  const bank = entry.state.main.contract === 'Bank' ? 0.6 : 1;
  switch (type) {
    case 'Disciplinary':
      return (
        bank *
        (bme
          ? trended(C.disciplinaryBme, C.disciplinaryBmeTrendPerYear, ctx.year)
          : p.group === 'U'
            ? C.disciplinaryUnknown
            : 1) *
        (p.female ? 1 : C.disciplinaryMale) *
        (group === 'EA' ? C.disciplinaryEstates : group === 'MD' ? C.disciplinaryMedical : 1)
      );
    case 'Capability (performance)':
      return bank * (disabled ? C.capabilityDisabled : 1) * (bme ? C.capabilityBme : 1);
    case 'Capability (ill health)':
      return bank * (disabled ? C.illHealthDisabled : 1);
    case 'Grievance':
      return (bme ? C.grievanceBme : 1) * (disabled ? C.grievanceDisabled : 1);
    default:
      return (bme ? C.dignityBme : 1) * (disabled ? C.dignityDisabled : 1);
  }
}

export function caseRows(ctx: DatasetContext): DatasetRows {
  const rng = Rng.for(ctx.seed, ctx.history.plan.odsCode, 'cases', ctx.year);
  const fy = financialYear(ctx.year);
  const extracted = fy.end + 30;
  const types = Object.entries(PATTERNS.cases.types);
  const cases: { day: number; values: Record<string, Cell> }[] = [];
  for (const entry of ctx.state.roster) {
    const exposure = (entry.to - entry.from + 1) / 365;
    if (exposure <= 0) continue;
    const p = entry.state.person;
    for (const [type, { rate, formal }] of types) {
      if (!rng.chance(rate * exposure * multiplier(ctx, type, entry))) continue;
      const start = entry.from + rng.int(entry.to - entry.from + 1);
      const isFormal = rng.chance(formal);
      const end = start + 14 + rng.int(isFormal ? 200 : 60);
      const closed = end <= extracted;
      const stage = !closed
        ? isFormal
          ? rng.pick(['Investigation', 'Investigation', 'Hearing'])
          : 'Informal resolution'
        : isFormal && rng.chance(0.15)
          ? 'Appeal'
          : 'Closed';
      const [careGroup, directorate, department] = unitNames(ctx, entry.state.main);
      cases.push({
        day: start,
        values: {
          staff_number: p.staffNumber,
          case_type: type,
          formal: isFormal ? 'Formal' : 'Informal',
          stage,
          start_date: isoDate(start),
          end_date: closed ? isoDate(end) : '',
          outcome: closed ? (isFormal ? rng.pick(OUTCOMES[type]!) : 'Resolved informally') : '',
          care_group: careGroup,
          directorate,
          department,
          ethnicity: esrEthnicity(p),
          disability: esrDisability(entry.state),
          sex: sexText(p),
        },
      });
    }
  }
  cases.sort((a, b) => a.day - b.day);
  const yy = String(ctx.year % 100).padStart(2, '0');
  function* rows(): Generator<Cell[]> {
    let seq = 0;
    for (const c of cases) {
      seq++;
      const values: Record<string, Cell> = {
        ...c.values,
        case_id: `ER-${yy}-${String(seq).padStart(5, '0')}`,
      };
      yield CASE_KEYS.map((k) => values[k] ?? null);
    }
  }
  return { layout: { header: CASE_KEYS }, rows: rows() };
}
