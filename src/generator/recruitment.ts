/**
 * Recruitment for the financial year as a Trac export: one row per application, in the first header
 * spelling of each field of the `trac-recruitment` preset. Vacancies follow the year's starters and
 * promotions; applicants are more often BME than staff; White applicants are more often shortlisted and,
 * once shortlisted, appointed (WRES 2 about 1.5), non-disabled slightly more than Disabled (WDES 2).
 */
import { TRAC_RECRUITMENT } from '../ingest/presets.js';
import {
  ETHNICITIES,
  GRADES,
  STAFF_GROUPS,
  TRAC_DISABILITY,
  ethnicityIndex,
  type EthnicGroup,
} from './catalogue.js';
import { unitNames, yesNo, type DatasetContext, type DatasetRows } from './context.js';
import { financialYear, ukDate } from './dates.js';
import { PATTERNS, trended } from './parameters.js';
import { bmeProbability, femaleProbability } from './people.js';
import { Categorical, Rng } from './random.js';
import type { Cell } from './writers.js';

export const RECRUITMENT_KEYS = Object.keys(TRAC_RECRUITMENT.columns);
export const RECRUITMENT_HEADER = RECRUITMENT_KEYS.map((k) => TRAC_RECRUITMENT.columns[k]![0]!);

const byCodes = (entries: readonly (readonly [string, number])[]) =>
  new Categorical<number>(entries.map(([c, w]) => [ethnicityIndex(c), w] as const));

const APPLICANT_WHITE = byCodes([
  ['A', 80],
  ['B', 2],
  ['C', 10],
  ['CA', 2],
  ['CB', 1],
  ['CC', 1],
  ['C2', 0.5],
  ['CP', 3],
  ['CX', 0.5],
]);
const APPLICANT_BME = byCodes([
  ['D', 2],
  ['E', 2],
  ['F', 2],
  ['G', 2],
  ['H', 22],
  ['J', 8],
  ['K', 3],
  ['L', 12],
  ['M', 4],
  ['N', 30],
  ['P', 3],
  ['R', 2],
  ['S', 8],
]);
const APPLICANT_UNKNOWN = byCodes([
  ['Z', 70],
  ['99', 20],
  ['', 10],
]);

/** How many applications a vacancy in this grade attracts, relative to the average. */
function popularity(grade: number): number {
  const def = GRADES[grade]!;
  if (def.medical) return 0.6;
  if (def.id === 'VSM') return 0.5;
  if (['B2', 'B3', 'B4'].includes(def.id)) return 1.4;
  return def.senior || def.id.startsWith('B8') ? 0.7 : 1.0;
}

export function recruitmentRows(ctx: DatasetContext): DatasetRows {
  const { history, year, state } = ctx;
  const P = PATTERNS.recruitment;
  const rng = Rng.for(ctx.seed, history.plan.odsCode, 'recruitment', year);
  const fy = financialYear(year);
  const filled = state.movements.filter((m) => m.type === 'Starter' || m.type === 'Promotion');
  const vacancyCount = Math.max(1, Math.round(filled.length * 1.1));
  const vacancies = Array.from({ length: vacancyCount }, () => {
    const m = filled.length > 0 ? rng.pick(filled) : null;
    const main = m ? m.person.main : state.snapshot[0]!.person.main;
    const grade = m?.toGrade ?? main.grade;
    return { unit: main.unit, group: main.group, grade, weight: popularity(grade) };
  });
  const totalWeight = vacancies.reduce((a, v) => a + v.weight, 0);
  const applications = P.applicationsPerStaff * state.snapshot.length;
  const yy = String(year % 100).padStart(2, '0');
  const bmeAppointed = trended(P.appointed.B, P.bmeAppointedTrendPerYear, year);

  function* rows(): Generator<Cell[]> {
    let seq = 0;
    for (let v = 0; v < vacancies.length; v++) {
      const vac = vacancies[v]!;
      const reference = `${history.plan.odsCode}-${yy}-${String(v + 1).padStart(5, '0')}`;
      const open = fy.start + rng.int(344); // applications close within the year
      const [careGroup, directorate, department] = unitNames(ctx, vac);
      const pBme = Math.min(
        0.85,
        bmeProbability(history.model, vac.unit, vac.grade, year) * P.applicantBmeFactor,
      );
      const count = Math.max(1, rng.poisson((applications * vac.weight) / totalWeight));
      const shortlistDay = open + 24 + rng.int(10);
      for (let a = 0; a < count; a++) {
        seq++;
        const group: EthnicGroup = rng.chance(P.applicantUnknownShare) ? 'U' : rng.chance(pBme) ? 'B' : 'W';
        const ethnicity = (
          group === 'U' ? APPLICANT_UNKNOWN : group === 'B' ? APPLICANT_BME : APPLICANT_WHITE
        ).draw(rng);
        const disability = rng.chance(P.applicantDisabledShare)
          ? 0
          : rng.chance(P.applicantDisabilityUndeclared)
            ? 2
            : 1;
        const female = rng.chance(femaleProbability(vac.group, vac.grade));
        const sex = rng.chance(0.01) ? 'Prefer not to say' : female ? 'Female' : 'Male';
        const internal = rng.chance(P.internalShare);
        const pShort =
          P.shortlisted[group] * (disability === 0 ? P.shortlisted.disabledFactor : 1) * (internal ? 1.3 : 1);
        const shortlisted = rng.chance(Math.min(0.95, pShort));
        const pAppoint =
          (group === 'B' ? bmeAppointed : P.appointed[group]) *
          (disability === 0 ? P.appointed.disabledFactor : 1);
        const appointed = shortlisted && rng.chance(pAppoint);
        const applied = open + rng.int(21);
        const values: Readonly<Record<string, Cell>> = {
          application_id: `${year}${String(seq).padStart(6, '0')}`,
          vacancy_id: reference,
          pay_band: GRADES[vac.grade]!.tracBand,
          staff_group: STAFF_GROUPS[vac.group]!.esr,
          care_group: careGroup,
          directorate,
          department,
          ethnicity: ETHNICITIES[ethnicity]!.trac,
          disability: TRAC_DISABILITY[disability],
          sex,
          shortlisted: yesNo(shortlisted),
          appointed: yesNo(appointed),
          application_date: ukDate(applied),
          shortlisted_date: shortlisted ? ukDate(shortlistDay) : '',
          appointed_date: appointed ? ukDate(shortlistDay + 7 + rng.int(21)) : '',
          internal: yesNo(internal),
        };
        yield RECRUITMENT_KEYS.map((k) => values[k] ?? null);
      }
    }
  }
  return {
    layout: { header: RECRUITMENT_HEADER },
    rows: rows(),
    facts: () => ({ vacancies: vacancies.length }),
  };
}
