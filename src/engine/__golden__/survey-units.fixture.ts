/**
 * A small trust whose staff survey names its units (SURVEY-UNITS.md derives every figure by hand): two care
 * groups, Medicine (Emergency Medicine, Acute Medicine) and Surgery (Theatres, Wards). Reporting year 2024,
 * survey 2023. WRES 5 comes from NHS England's figures, given for the whole organisation, each care group
 * and each directorate; WRES 8 from respondents' answers (Q16b), each respondent with their unit or none.
 */
import type { Datasets } from '../algebra/context.js';
import type { SurveyAggregateRecord, SurveyResponseRecord, WorkforceRecord } from '../records.js';
import { formatCount } from '../stats/format.js';

/** A nurse in post on 31 March 2024 in `unitPath`, alike in everything else. */
export const staff = (id: string, unitPath: string[]): WorkforceRecord => ({
  personId: id,
  snapshotDate: '2024-03-31',
  unitPath,
  staffGroup: 'NURSING_MIDWIFERY',
  occupation: null,
  grade: 'AFC_5',
  contract: 'permanent',
  bankOnly: false,
  fte: 1,
  age: 40,
  startDate: null,
  assignments: 1,
  ethnicity: 'A',
  disability: 'N',
  sex: 'F',
});

/** A unit's survey figures (none: the whole organisation): White positive and base, BME positive and base. */
export type UnitFigures = [string[], number, number, number, number];

/** WRES 5 (harassment from patients and the public): White and BME positive of base, by unit. */
const WRES5: UnitFigures[] = [
  [[], 45, 200, 33, 100],
  [['Medicine'], 20, 100, 24, 60],
  [['Surgery'], 25, 100, 9, 40],
  [['Medicine', 'Emergency Medicine'], 8, 40, 15, 30],
  [['Medicine', 'Acute Medicine'], 12, 60, 9, 30],
  [['Surgery', 'Theatres'], 10, 50, 4, 8],
  [['Surgery', 'Wards'], 15, 50, 5, 32],
];

/** NHS England's figures of the 2023 survey for `measure`, by ethnicity, as `rows` give them by unit. */
export function surveyFigures(rows: readonly UnitFigures[], measure: string): SurveyAggregateRecord[] {
  return rows.flatMap(([unitPath, wn, wb, bn, bb]) =>
    (
      [
        ['WHITE', wn, wb],
        ['BME', bn, bb],
      ] as const
    ).map(([group, numerator, base]) => ({
      surveyYear: 2023,
      measure,
      scheme: 'ethnicity' as const,
      group,
      numerator,
      base,
      score: null,
      ...(unitPath.length > 0 ? { unitPath } : {}),
    })),
  );
}

/** WRES 8 (discrimination from staff, Q16b): respondents by unit, ethnicity code, answer and how many. */
const WRES8: [string[], string, string, number][] = [
  [['Medicine', 'Emergency Medicine'], 'A', 'Yes', 1],
  [['Medicine', 'Emergency Medicine'], 'A', 'No', 9],
  [['Medicine', 'Emergency Medicine'], 'H', 'Yes', 3],
  [['Medicine', 'Emergency Medicine'], 'H', 'No', 7],
  [['Medicine', 'Acute Medicine'], 'A', 'Yes', 1],
  [['Medicine', 'Acute Medicine'], 'A', 'No', 4],
  [['Medicine', 'Acute Medicine'], 'H', 'Yes', 1],
  [['Medicine', 'Acute Medicine'], 'H', 'No', 4],
  [['Surgery', 'Wards'], 'A', 'Yes', 2],
  [['Surgery', 'Wards'], 'A', 'No', 13],
  [['Surgery', 'Wards'], 'N', 'Yes', 1],
  [['Surgery', 'Wards'], 'N', 'No', 5],
  [[], 'A', 'No', 3],
  [[], 'Z', 'Yes', 1],
];

function responses(): SurveyResponseRecord[] {
  const out: SurveyResponseRecord[] = [];
  for (const [unitPath, ethnicity, answer, times] of WRES8)
    for (let i = 0; i < times; i++)
      out.push({
        respondentId: `S${String(out.length + 1).padStart(3, '0')}`,
        surveyYear: 2023,
        ethnicity,
        disability: 'N',
        sex: 'F',
        ...(unitPath.length > 0 ? { unitPath } : {}),
        answers: { Q16b: answer },
      });
  return out;
}

export function surveyUnitsTrust(): Datasets {
  return {
    workforce: [
      staff('P1', ['Medicine', 'Emergency Medicine']),
      staff('P2', ['Medicine', 'Acute Medicine']),
      staff('P3', ['Surgery', 'Theatres']),
      staff('P4', ['Surgery', 'Wards']),
    ],
    surveyAggregates: surveyFigures(WRES5, 'hba_public'),
    surveyResponses: responses(),
  };
}

/** Every count as counted (the full view), for ranking units before any disclosure control. */
export const exactCount = (_slot: string, n: number) => ({
  exact: n,
  value: n,
  text: formatCount(n),
  withheld: false,
  rounded: false,
});
