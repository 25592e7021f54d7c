/**
 * The fixture trust of the golden files: a small generated trust whose every indicator can be derived by
 * hand (see DERIVATION.md beside this file). Test support only: no test imports anything else from here.
 */
import type { Datasets } from '../algebra/context.js';
import type {
  BoardMemberRecord,
  CaseRecord,
  LearningRecord,
  PayRecord,
  RecruitmentRecord,
  SurveyAggregateRecord,
  SurveyResponseRecord,
  WorkforceRecord,
} from '../records.js';

// ------------------------------------------------------------------------------------------------------
// The fixture trust. Reporting year 2024: snapshot 2024-03-31, financial year 2023/24, survey 2023.
// ------------------------------------------------------------------------------------------------------

type Spec = [
  count: number,
  ethnicity: string,
  disability: 'Y' | 'N' | 'U',
  grade: WorkforceRecord['grade'],
  group: WorkforceRecord['staffGroup'],
  care: string,
  tag?: string,
];

/** In-scope staff at 31 March 2024 (60): rows of WRES 1 in order. `joiner` = not in post at 31 March 2023. */
const STAFF: Spec[] = [
  [6, 'A', 'N', 'AFC_3', 'ADMIN_CLERICAL', 'Medicine'],
  [1, 'A', 'Y', 'AFC_3', 'ADMIN_CLERICAL', 'Medicine'],
  [2, 'N', 'N', 'AFC_3', 'ADMIN_CLERICAL', 'Medicine'],
  [1, 'Z', 'U', 'AFC_3', 'ADMIN_CLERICAL', 'Medicine'],
  [3, 'A', 'N', 'AFC_8A', 'ADMIN_CLERICAL', 'Surgery'],
  [1, 'H', 'Y', 'AFC_8A', 'ADMIN_CLERICAL', 'Surgery'],
  [2, 'A', 'N', 'VSM', 'ADMIN_CLERICAL', 'Medicine'],
  [1, 'N', 'N', 'VSM', 'ADMIN_CLERICAL', 'Medicine'],
  [1, 'Z', 'U', 'VSM', 'ADMIN_CLERICAL', 'Medicine'],
  [2, 'A', 'Y', 'AFC_5', 'NURSING_MIDWIFERY', 'Medicine'],
  [7, 'A', 'N', 'AFC_5', 'NURSING_MIDWIFERY', 'Medicine'],
  [2, 'A', 'N', 'AFC_5', 'NURSING_MIDWIFERY', 'Medicine', 'joiner'],
  [1, 'A', 'U', 'AFC_5', 'NURSING_MIDWIFERY', 'Medicine'],
  [1, 'N', 'Y', 'AFC_5', 'NURSING_MIDWIFERY', 'Surgery'],
  [6, 'N', 'N', 'AFC_5', 'NURSING_MIDWIFERY', 'Surgery'],
  [2, 'H', 'N', 'AFC_5', 'NURSING_MIDWIFERY', 'Surgery', 'joiner'],
  [1, 'N', 'U', 'AFC_5', 'NURSING_MIDWIFERY', 'Surgery'],
  [2, 'Z', 'U', 'AFC_5', 'NURSING_MIDWIFERY', 'Surgery'],
  [7, 'A', 'N', 'AFC_7', 'NURSING_MIDWIFERY', 'Surgery'],
  [1, 'A', 'Y', 'AFC_7', 'NURSING_MIDWIFERY', 'Surgery'],
  [1, 'N', 'N', 'AFC_7', 'NURSING_MIDWIFERY', 'Surgery'],
  [1, 'N', 'U', 'AFC_7', 'NURSING_MIDWIFERY', 'Surgery'],
  [4, 'A', 'N', 'MED_CONSULTANT', 'MEDICAL_DENTAL', 'Surgery'],
  [4, 'N', 'N', 'MED_CONSULTANT', 'MEDICAL_DENTAL', 'Surgery'],
];

/** A workforce record of the fixture: `s` gives its characteristics, grade, staff group and care group. */
export function person(
  id: string,
  snapshotDate: string,
  s: Spec,
  extra: Partial<WorkforceRecord> = {},
): WorkforceRecord {
  return {
    personId: id,
    snapshotDate,
    unitPath: [s[5], `${s[5]} directorate`],
    staffGroup: s[4],
    occupation: null,
    grade: s[3],
    contract: 'permanent',
    bankOnly: false,
    fte: 1,
    age: 40,
    startDate: null,
    assignments: 1,
    ethnicity: s[1],
    disability: s[2],
    sex: 'F',
    ...extra,
  };
}

/** One case of one person (formal unless said), with no characteristics of its own: the ESR record's apply. */
export const caseRecord = (
  caseId: string,
  personId: string,
  caseType: CaseRecord['caseType'],
  startDate: string,
  formal = true,
): CaseRecord => ({
  caseId,
  personId,
  caseType,
  formal,
  stage: null,
  startDate,
  endDate: null,
  outcome: null,
  unitPath: [],
  ethnicity: null,
  disability: null,
  sex: null,
});

export function fixtureTrust(): Datasets & { ids: Record<string, string[]> } {
  const workforce: WorkforceRecord[] = [];
  const ids: Record<string, string[]> = { all: [], W: [], B: [], U: [], joiner: [] };
  let n = 0;
  for (const spec of STAFF)
    for (let i = 0; i < spec[0]; i++) {
      const id = `P${String(++n).padStart(2, '0')}`;
      const group = spec[1] === 'A' ? 'W' : spec[1] === 'Z' ? 'U' : 'B';
      ids.all!.push(id);
      ids[group]!.push(id);
      workforce.push(person(id, '2024-03-31', spec));
      if (spec[6] === 'joiner') ids.joiner!.push(id);
      else workforce.push(person(id, '2023-03-31', spec));
    }
  // Leavers: in post at 31 March 2023 only.
  workforce.push(person('L1', '2023-03-31', [1, 'A', 'N', 'AFC_5', 'NURSING_MIDWIFERY', 'Medicine']));
  workforce.push(person('L2', '2023-03-31', [1, 'N', 'N', 'AFC_5', 'NURSING_MIDWIFERY', 'Surgery']));
  // Out of scope at 31 March 2024: bank-only staff and a non-executive director.
  workforce.push(
    person('K1', '2024-03-31', [1, 'A', 'N', 'AFC_2', 'ADD_CLINICAL', 'Medicine'], {
      bankOnly: true,
      contract: 'bank',
    }),
  );
  workforce.push(
    person('K2', '2024-03-31', [1, 'N', 'Y', 'AFC_2', 'ADD_CLINICAL', 'Surgery'], {
      bankOnly: true,
      contract: 'bank',
    }),
  );
  workforce.push(person('NED1', '2024-03-31', [1, 'A', 'N', 'NON_EXEC', null, 'Board']));

  const W = ids.W!;
  const B = ids.B!;
  const U = ids.U!;
  const existingB = B.filter((p) => !ids.joiner!.includes(p));

  const kase = caseRecord;
  const disabledW = workforce.find(
    (r) =>
      r.snapshotDate === '2024-03-31' && r.ethnicity === 'A' && r.disability === 'Y' && r.grade === 'AFC_3',
  )!.personId;
  const cases: CaseRecord[] = [
    kase('C1', existingB[0]!, 'disciplinary', '2023-06-01'),
    kase('C2', existingB[0]!, 'disciplinary', '2023-11-01'),
    kase('C3', 'L2', 'disciplinary', '2023-05-10'),
    kase('C4', W[0]!, 'disciplinary', '2023-09-09'),
    kase('C5', 'P999', 'disciplinary', '2024-01-15'),
    kase('C6', existingB[1]!, 'disciplinary', '2023-07-07', false),
    kase('C7', 'P52', 'disciplinary', '2022-07-01'),
    kase('C8', W[1]!, 'disciplinary', '2022-08-01'),
    kase('C9', disabledW, 'capability_performance', '2023-10-01'),
    kase('C10', 'P11', 'capability_performance', '2023-10-02'),
    kase('C11', 'P17', 'capability_performance', '2023-10-03'),
    kase('C12', 'P45', 'capability_performance', '2022-10-10'),
    kase('C13', disabledW, 'capability_ill_health', '2023-12-01'),
    kase('C14', W[2]!, 'grievance', '2023-12-02'),
  ];

  const recruitment: RecruitmentRecord[] = [];
  let a = 0;
  const app = (
    ethnicity: string,
    disability: 'Y' | 'N' | 'U',
    shortlisted: boolean,
    appointed: boolean,
    dates: Partial<RecruitmentRecord> = {},
  ) =>
    recruitment.push({
      applicationId: `A${String(++a).padStart(3, '0')}`,
      vacancyId: 'V1',
      grade: 'AFC_5',
      staffGroup: 'NURSING_MIDWIFERY',
      unitPath: ['Medicine'],
      shortlisted,
      appointed,
      applicationDate: '2023-05-01',
      shortlistedDate: shortlisted ? '2023-06-01' : null,
      appointedDate: appointed ? '2023-07-01' : null,
      internal: false,
      international: false,
      ethnicity,
      disability,
      sex: 'F',
      ...dates,
    });
  for (let i = 0; i < 4; i++) app('A', 'N', true, true);
  for (let i = 0; i < 4; i++) app('A', 'N', true, false);
  for (let i = 0; i < 2; i++) app('A', 'Y', true, false);
  for (let i = 0; i < 10; i++) app('A', 'N', false, false);
  app('A', 'N', false, true, { appointedDate: '2023-10-10' }); // appointed, never shortlisted: a data issue
  app('A', 'N', true, true, {
    applicationDate: '2023-01-10',
    shortlistedDate: '2023-02-01',
    appointedDate: '2023-03-15',
  }); // FY 2022/23
  app('N', 'N', true, true);
  app('N', 'N', true, true, { shortlistedDate: '2024-03-20', appointedDate: '2024-04-05' }); // appointed in FY 2024/25
  for (let i = 0; i < 5; i++) app('H', 'N', true, false);
  app('N', 'Y', true, false);
  for (let i = 0; i < 8; i++) app('N', 'N', false, false);
  app('Z', 'U', true, true);
  app('Z', 'U', true, false);
  for (let i = 0; i < 2; i++) app('Z', 'U', false, false);

  const learning: LearningRecord[] = [];
  let l = 0;
  const learn = (
    personId: string,
    kind: LearningRecord['kind'],
    activity: string,
    startDate = '2023-09-01',
  ) =>
    learning.push({
      recordId: `T${String(++l).padStart(3, '0')}`,
      personId,
      kind,
      activity,
      startDate,
      completedDate: null,
    });
  W.slice(0, 18).forEach((p, i) => learn(p, i % 2 === 0 ? 'cpd' : 'non_mandatory_training', 'Course'));
  learn(W[0]!, 'cpd', 'Second course');
  B.slice(0, 6).forEach((p) => learn(p, 'non_mandatory_training', 'Course'));
  learn(U[0]!, 'cpd', 'Course');
  W.slice(20, 25).forEach((p) => learn(p, 'mandatory', 'Fire safety'));
  learn(W[19]!, 'programme', 'Reciprocal mentoring');
  learn(B[10]!, 'programme', 'Reciprocal mentoring');
  learn(B[11]!, 'programme', 'Reciprocal mentoring');
  learn(W[30]!, 'cpd', 'Last year', '2023-03-01');

  const member = (
    memberId: string,
    ethnicity: string,
    disability: 'Y' | 'N' | 'U',
    voting: boolean,
    executive: boolean,
  ): BoardMemberRecord => ({
    memberId,
    snapshotDate: '2024-03-31',
    role: null,
    voting,
    executive,
    ethnicity,
    disability,
    sex: 'F',
  });
  const board: BoardMemberRecord[] = [
    member('E1', 'A', 'N', true, true),
    member('E2', 'A', 'N', true, true),
    member('E3', 'A', 'N', true, true),
    member('E4', 'N', 'Y', true, true),
    member('N1', 'A', 'Y', true, false),
    member('N2', 'A', 'N', true, false),
    member('N3', 'A', 'N', true, false),
    member('N4', 'H', 'N', true, false),
    member('X1', 'A', 'N', false, true),
    member('X2', 'Z', 'U', false, true),
  ];

  const pay: PayRecord[] = [];
  const paid = (
    personId: string,
    sex: 'M' | 'F',
    ethnicity: string,
    disability: 'Y' | 'N' | 'U',
    weekly: number,
    bonus = 0,
    extra: Partial<PayRecord> = {},
  ) =>
    pay.push({
      personId,
      snapshotDate: '2024-03-31',
      ordinaryPay: weekly,
      payPeriod: 'weekly',
      periodDays: null,
      weeklyHours: 37.5,
      bonusInPeriod: 0,
      bonus12Months: bonus,
      fullPayRelevant: true,
      grade: null,
      staffGroup: null,
      ethnicity,
      disability,
      sex,
      ...extra,
    });
  paid('M1', 'M', 'A', 'N', 1125, 1000); // £30.00 an hour
  paid('M2', 'M', 'A', 'N', 937.5, 500); // £25.00
  paid('M3', 'M', 'N', 'N', 750); // £20.00
  paid('M4', 'M', 'H', 'Y', 750); // £20.00
  paid('M5', 'M', 'A', 'N', 562.5); // £15.00
  paid('F1', 'F', 'A', 'N', 1050, 800); // £28.00
  paid('F2', 'F', 'CP', 'N', 750); // £20.00 (White Polish: an ethnic minority for the ethnicity pay gap)
  paid('F3', 'F', 'N', 'Y', 750, 200); // £20.00
  paid('F4', 'F', 'A', 'N', 2500, 0, { payPeriod: 'monthly' }); // TV15: £15.33
  paid('F5', 'F', 'A', 'U', 450); // £12.00
  paid('F6', 'F', 'H', 'N', 450); // £12.00
  paid('F7', 'F', 'Z', 'N', 375); // £10.00
  paid('F8', 'F', 'A', 'N', 300, 0, { fullPayRelevant: false }); // on reduced pay for leave

  const agg = (
    measure: string,
    scheme: SurveyAggregateRecord['scheme'],
    group: string,
    numerator: number,
    base: number,
    score: number | null = null,
  ): SurveyAggregateRecord => ({
    surveyYear: 2023,
    measure,
    scheme,
    group,
    numerator,
    base,
    score,
  });
  const surveyAggregates: SurveyAggregateRecord[] = [
    agg('hba_public', 'ethnicity', 'WHITE', 30, 120),
    agg('hba_public', 'ethnicity', 'BME', 24, 60),
    agg('hba_public', 'ethnicity', 'UNKNOWN', 2, 8),
    agg('hba_staff', 'ethnicity', 'WHITE', 24, 120),
    agg('hba_staff', 'ethnicity', 'BME', 18, 60),
    agg('equal_opportunities', 'ethnicity', 'WHITE', 66, 120),
    agg('equal_opportunities', 'ethnicity', 'BME', 27, 60),
    agg('hba_public', 'disability', 'DISABLED', 9, 30),
    agg('hba_public', 'disability', 'NON_DISABLED', 40, 160),
    agg('hba_managers', 'disability', 'DISABLED', 3, 30),
    agg('hba_managers', 'disability', 'NON_DISABLED', 8, 160),
    agg('hba_colleagues', 'disability', 'DISABLED', 6, 30),
    agg('hba_colleagues', 'disability', 'NON_DISABLED', 16, 160),
    agg('hba_reported', 'disability', 'DISABLED', 6, 12),
    agg('hba_reported', 'disability', 'NON_DISABLED', 20, 50),
    agg('equal_opportunities', 'disability', 'DISABLED', 15, 30),
    agg('equal_opportunities', 'disability', 'NON_DISABLED', 96, 160),
    agg('pressure_to_work', 'disability', 'DISABLED', 4, 10),
    agg('pressure_to_work', 'disability', 'NON_DISABLED', 6, 40),
    agg('valued', 'disability', 'DISABLED', 9, 30),
    agg('valued', 'disability', 'NON_DISABLED', 64, 160),
    agg('adjustments', 'disability', 'DISABLED', 21, 28),
    agg('engagement', 'disability', 'DISABLED', 0, 30, 6.5),
    agg('engagement', 'disability', 'NON_DISABLED', 0, 160, 7.0),
    agg('engagement', 'all', 'ALL', 0, 200, 6.9),
  ];
  const surveyResponses: SurveyResponseRecord[] = [];
  let r = 0;
  const respond = (ethnicity: string, answer: string, times: number) => {
    for (let i = 0; i < times; i++)
      surveyResponses.push({
        respondentId: `R${String(++r).padStart(3, '0')}`,
        surveyYear: 2023,
        ethnicity,
        disability: 'N',
        sex: 'F',
        answers: { Q16b: answer },
      });
  };
  respond('A', 'Yes', 3);
  respond('A', 'No', 8);
  respond('A', "Don't know", 1);
  respond('N', 'Yes', 4);
  respond('H', 'No', 6);
  respond('Z', 'Yes', 1);
  respond('Z', 'No', 1);

  return { workforce, cases, recruitment, learning, board, pay, surveyAggregates, surveyResponses, ids };
}
