/**
 * The fixture of the Bank WRES and MWRES golden file: a small trust with bank-only workers (active and
 * not) and a medical workforce, whose every figure is derived by hand in BANK-MEDICAL.md beside this file.
 * Reporting year 2024: snapshot 2024-03-31 (and 2023-03-31 for route of entry), financial year 2023/24,
 * survey 2023 (the staff survey and the bank survey). Test support only.
 */
import type { Datasets } from '../algebra/context.js';
import type {
  CaseRecord,
  LearningRecord,
  RecruitmentRecord,
  SurveyAggregateRecord,
  SurveyResponseRecord,
  WorkforceRecord,
} from '../records.js';

const SNAPSHOT = '2024-03-31';

function staff(
  id: string,
  ethnicity: string,
  sex: 'F' | 'M',
  grade: WorkforceRecord['grade'],
  staffGroup: WorkforceRecord['staffGroup'],
  extra: Partial<WorkforceRecord> = {},
): WorkforceRecord {
  return {
    personId: id,
    snapshotDate: SNAPSHOT,
    unitPath: ['Medicine', 'Medicine directorate'],
    staffGroup,
    occupation: null,
    grade,
    contract: 'permanent',
    bankOnly: false,
    fte: 1,
    age: 40,
    startDate: null,
    assignments: 1,
    ethnicity,
    disability: 'N',
    sex,
    ...extra,
  };
}

/** A bank-only worker who last worked on `lastWorkedDate` (null: the extract does not say). */
const bank = (
  id: string,
  ethnicity: string,
  sex: 'F' | 'M',
  lastWorkedDate: string | null,
  grade: WorkforceRecord['grade'] = 'AFC_2',
  staffGroup: WorkforceRecord['staffGroup'] = 'ADD_CLINICAL',
): WorkforceRecord =>
  staff(id, ethnicity, sex, grade, staffGroup, {
    bankOnly: true,
    contract: 'bank',
    fte: null,
    lastWorkedDate,
  });

/**
 * Staff in post at 31 March 2023, the year before: the nurses N1-N4 and N7-N9 in post, and the bank-only
 * workers then, three of whom (N5, N6, N10) hold a nursing post at 31 March 2024 and two of whom (L1, L2)
 * have left. No doctor is in post: the medical workforce joined in the year.
 */
function workforceYearBefore(): WorkforceRecord[] {
  const before = (r: WorkforceRecord): WorkforceRecord => ({ ...r, snapshotDate: '2023-03-31' });
  const out: WorkforceRecord[] = [];
  for (const i of [1, 2, 3, 4, 7, 8, 9])
    out.push(before(staff(`N${i}`, i <= 6 ? 'A' : 'H', 'F', 'AFC_5', 'NURSING_MIDWIFERY')));
  const lastWorked: [string, string, 'F' | 'M', string | null][] = [
    ['B01', 'A', 'F', '2023-03-15'],
    ['B02', 'A', 'F', '2023-02-01'],
    ['B03', 'A', 'F', '2023-01-10'],
    ['B05', 'H', 'F', '2023-03-01'],
    ['B06', 'H', 'F', '2023-03-01'],
    ['B07', 'H', 'F', '2022-11-01'],
    ['B11', 'A', 'M', '2023-03-20'],
    ['B13', 'H', 'M', '2023-02-20'],
    ['B16', 'A', 'F', '2022-08-01'], // before 1 October 2022: not active then
    ['B17', 'H', 'M', '2023-03-01'],
    ['N5', 'A', 'F', '2023-03-01'],
    ['N6', 'A', 'F', '2023-02-01'],
    ['N10', 'H', 'F', '2023-03-25'],
    ['L1', 'A', 'M', '2023-03-10'],
    ['L2', 'N', 'F', '2023-01-15'],
  ];
  for (const [id, e, sex, date] of lastWorked) out.push(before(bank(id, e, sex, date)));
  return out;
}

function workforce(): WorkforceRecord[] {
  const out: WorkforceRecord[] = [];
  // Substantive nurses (10): White 6, BME 4.
  for (let i = 1; i <= 10; i++)
    out.push(staff(`N${i}`, i <= 6 ? 'A' : 'H', 'F', 'AFC_5', 'NURSING_MIDWIFERY'));
  // Medical workforce (15).
  const doctors: [string, string, WorkforceRecord['grade']][] = [
    ['C1', 'A', 'MED_CONSULTANT'],
    ['C2', 'A', 'MED_CONSULTANT'],
    ['C3', 'A', 'MED_CONSULTANT'],
    ['C4', 'H', 'MED_CONSULTANT'],
    ['C5', 'H', 'MED_CONSULTANT'],
    ['S1', 'A', 'MED_CAREER'],
    ['S2', 'N', 'MED_CAREER'],
    ['S3', 'N', 'MED_CAREER'],
    ['S4', 'Z', 'MED_CAREER'],
    ['T1', 'A', 'MED_TRAINEE'],
    ['T2', 'A', 'MED_TRAINEE'],
    ['T3', 'H', 'MED_TRAINEE'],
    ['T4', 'H', 'MED_TRAINEE'],
    ['T5', 'N', 'MED_TRAINEE'],
    ['T6', 'N', 'MED_TRAINEE'],
  ];
  for (const [id, e, g] of doctors) out.push(staff(id, e, 'M', g, 'MEDICAL_DENTAL'));
  // Bank-only workers (17): 15 active, 2 not.
  out.push(
    bank('B01', 'A', 'F', '2024-03-20'),
    bank('B02', 'A', 'F', '2024-01-05'),
    bank('B03', 'A', 'F', '2023-12-01'),
    bank('B04', 'A', 'F', '2023-10-01'), // the first day of the six months: active
    bank('B05', 'H', 'F', '2024-02-01'),
    bank('B06', 'H', 'F', '2024-02-01'),
    bank('B07', 'H', 'F', '2024-02-01'),
    bank('B08', 'N', 'F', '2024-02-01'),
    bank('B09', 'N', 'F', '2024-02-01'),
    bank('B10', 'Z', 'F', '2024-03-31'), // the snapshot day: active
    bank('B11', 'A', 'M', '2024-03-01'),
    bank('B12', 'A', 'M', '2024-03-01'),
    bank('B13', 'H', 'M', '2024-02-15'),
    bank('B14', 'H', 'M', null), // no date: active by default, reported
    bank('B15', 'N', 'M', '2024-03-10', 'MED_TRAINEE', 'MEDICAL_DENTAL'), // a bank-only doctor
    bank('B16', 'A', 'F', '2023-09-30'), // the day before the six months: not active
    bank('B17', 'H', 'M', '2023-06-01'),
  );
  return out;
}

function kase(
  caseId: string,
  personId: string,
  caseType: CaseRecord['caseType'],
  startDate: string,
  endDate: string | null = null,
  outcome: string | null = null,
  formal = true,
): CaseRecord {
  return {
    caseId,
    personId,
    caseType,
    formal,
    stage: null,
    startDate,
    endDate,
    outcome,
    unitPath: [],
    ethnicity: null,
    disability: null,
    sex: null,
  };
}

const CASES: CaseRecord[] = [
  // Bank-only workers.
  kase('K01', 'B01', 'disciplinary', '2024-01-10'),
  kase('K02', 'B05', 'disciplinary', '2023-06-01', '2023-09-01', 'Final written warning'),
  kase('K03', 'B08', 'disciplinary', '2023-09-01', '2024-02-01', 'Summary dismissal'),
  kase('K04', 'B15', 'disciplinary', '2023-11-20'),
  kase('K05', 'B16', 'disciplinary', '2023-05-01', '2023-07-01', 'Dismissed'),
  kase('K06', 'B17', 'disciplinary', '2023-04-15', '2023-06-01', 'Dismissal'),
  kase('K07', 'B07', 'disciplinary', '2023-08-01', null, null, false), // informal
  kase('K08', 'B12', 'capability_performance', '2023-08-01', '2023-12-01', 'Dismissal - capability'),
  kase('K09', 'B06', 'disciplinary', '2022-12-01', '2024-05-01', 'Dismissal'), // both dates outside the year
  // Substantive staff.
  kase('K10', 'N1', 'disciplinary', '2023-07-01', '2023-10-01', 'Dismissal'),
  kase('K11', 'C4', 'disciplinary', '2023-09-01'),
  kase('K12', 'T3', 'disciplinary', '2023-10-01'),
  kase('K13', 'T1', 'disciplinary', '2024-02-01'),
];

const learn = (recordId: string, personId: string, kind: LearningRecord['kind']): LearningRecord => ({
  recordId,
  personId,
  kind,
  activity: 'Course',
  startDate: '2023-09-01',
  completedDate: null,
});

const LEARNING: LearningRecord[] = [
  learn('L1', 'C1', 'cpd'),
  learn('L2', 'C1', 'non_mandatory_training'),
  learn('L3', 'C2', 'cpd'),
  learn('L4', 'S1', 'non_mandatory_training'),
  learn('L5', 'T3', 'cpd'),
  learn('L6', 'S2', 'cpd'),
  learn('L7', 'C4', 'mandatory'),
  learn('L8', 'B15', 'cpd'),
  learn('L9', 'N7', 'cpd'),
];

function application(
  id: string,
  ethnicity: string,
  staffGroup: RecruitmentRecord['staffGroup'],
  appointed: boolean,
): RecruitmentRecord {
  return {
    applicationId: id,
    vacancyId: staffGroup === 'MEDICAL_DENTAL' ? 'V-MED' : 'V-NUR',
    grade: staffGroup === 'MEDICAL_DENTAL' ? 'MED_TRAINEE' : 'AFC_5',
    staffGroup,
    unitPath: [],
    shortlisted: true,
    appointed,
    applicationDate: '2023-06-01',
    shortlistedDate: '2023-07-01',
    appointedDate: appointed ? '2023-08-01' : null,
    internal: false,
    international: false,
    ethnicity,
    disability: 'N',
    sex: 'M',
  };
}

function recruitment(): RecruitmentRecord[] {
  const out: RecruitmentRecord[] = [];
  // Medical posts: White 4 shortlisted, 2 appointed; BME 8 shortlisted, 2 appointed.
  for (let i = 1; i <= 4; i++) out.push(application(`RW${i}`, 'A', 'MEDICAL_DENTAL', i <= 2));
  for (let i = 1; i <= 8; i++) out.push(application(`RB${i}`, 'H', 'MEDICAL_DENTAL', i <= 2));
  // Nursing posts: not medical.
  for (let i = 1; i <= 5; i++) out.push(application(`RN${i}`, 'A', 'NURSING_MIDWIFERY', true));
  return out;
}

type Answers = [q14a: string, q14b: string, q14c: string, q15: string, q16b: string, q3d: string];

function respondent(
  id: string,
  ethnicity: string,
  staffGroup: SurveyResponseRecord['staffGroup'] | undefined,
  a: Answers,
): SurveyResponseRecord {
  const [Q14a, Q14b, Q14c, Q15, Q16b, Q3d] = a;
  const answers = Object.fromEntries(
    Object.entries({ Q14a, Q14b, Q14c, Q15, Q16b, Q3d }).filter(([, v]) => v !== ''),
  );
  return {
    respondentId: id,
    surveyYear: 2023,
    ethnicity,
    disability: 'N',
    sex: 'M',
    ...(staffGroup === undefined ? {} : { staffGroup }),
    answers,
  };
}

/** A response to the NHS Staff Survey for bank only workers (the same file, marked so). */
const bankRespondent = (...args: Parameters<typeof respondent>): SurveyResponseRecord => ({
  ...respondent(...args),
  bankOnly: true,
});

const MED = 'MEDICAL_DENTAL' as const;
const SURVEY: SurveyResponseRecord[] = [
  respondent('W1', 'A', MED, ['Never', 'Never', '1-2', 'Yes', 'No', 'Agree']),
  respondent('W2', 'A', MED, ['1-2', 'Never', 'Never', 'Yes', 'No', 'Strongly agree']),
  respondent('W3', 'A', MED, ['Never', 'Never', 'Never', 'No', 'No', 'Disagree']),
  respondent('W4', 'A', MED, ['3-5', '', '', 'Yes', 'No', 'Neither agree nor disagree']),
  respondent('M1', 'H', MED, ['1-2', '3-5', 'Never', 'Yes', 'Yes', 'Agree']),
  respondent('M2', 'H', MED, ['1-2', 'Never', 'Never', 'No', 'No', 'Disagree']),
  respondent('M3', 'N', MED, ['Never', 'Never', 'More than 10', 'No', 'No', 'Disagree']),
  respondent('M4', 'N', MED, ['6-10', 'Never', 'Never', "Don't know", 'No', 'Strongly disagree']),
  respondent('M5', 'H', MED, ['Never', 'Never', 'Never', 'No', 'Yes', 'Agree']),
  respondent('M6', 'H', MED, ['', '1-2', '', 'Yes', 'No', '']),
  respondent('U1', 'Z', MED, ['1-2', '', '', '', '', '']),
  // Not medical: a nurse, and a respondent who did not give an occupation group.
  respondent('X1', 'A', 'NURSING_MIDWIFERY', ['1-2', '1-2', '1-2', 'No', 'Yes', 'Agree']),
  respondent('X2', 'H', undefined, ['1-2', '1-2', '1-2', 'No', 'Yes', 'Agree']),
  // The bank survey: read by the Bank WRES alone. BW4 is a bank doctor, out of the MWRES.
  bankRespondent('BW1', 'A', undefined, ['1-2', 'Never', 'Never', 'Yes', 'No', 'Agree']),
  bankRespondent('BW2', 'A', undefined, ['Never', 'Never', 'Never', 'Yes', 'No', 'Agree']),
  bankRespondent('BW3', 'A', undefined, ['Never', '1-2', 'Never', 'No', 'No', 'Agree']),
  bankRespondent('BW4', 'A', MED, ['3-5', 'Never', 'Never', 'Yes', 'Yes', 'Agree']),
  bankRespondent('BB1', 'H', undefined, ['1-2', 'Never', 'Never', 'No', 'Yes', 'Agree']),
  bankRespondent('BB2', 'H', undefined, ['6-10', 'Never', '3-5', 'No', 'No', 'Agree']),
  bankRespondent('BB3', 'N', undefined, ['Never', 'Never', 'Never', 'Yes', 'Yes', 'Agree']),
  bankRespondent('BB4', 'N', undefined, ['1-2', 'Never', 'Never', "Don't know", 'No', 'Agree']),
  bankRespondent('BU1', 'Z', undefined, ['Never', '', '', '', '', '']),
];

/** NHS England's bank survey figures for Bank WRES 6, filed under the indicator's id: used as given. */
const bankAggregate = (group: string, numerator: number, base: number): SurveyAggregateRecord => ({
  surveyYear: 2023,
  measure: 'BWRES6',
  scheme: 'ethnicity',
  group,
  numerator,
  base,
  score: null,
});

/** NHS England's figures for the whole organisation: never used for the medical workforce. */
const AGGREGATES: SurveyAggregateRecord[] = [
  {
    surveyYear: 2023,
    measure: 'hba_public',
    scheme: 'ethnicity',
    group: 'WHITE',
    numerator: 50,
    base: 100,
    score: null,
  },
  {
    surveyYear: 2023,
    measure: 'hba_public',
    scheme: 'ethnicity',
    group: 'BME',
    numerator: 30,
    base: 100,
    score: null,
  },
  bankAggregate('WHITE', 12, 20),
  bankAggregate('BME', 9, 20),
  bankAggregate('UNKNOWN', 1, 2),
];

export function bankMedicalTrust(): Datasets {
  return {
    workforce: [...workforceYearBefore(), ...workforce()],
    cases: CASES,
    learning: LEARNING,
    recruitment: recruitment(),
    surveyResponses: SURVEY,
    surveyAggregates: AGGREGATES,
  };
}
