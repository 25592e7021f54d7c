/**
 * The fixture of the recruitment panels golden file: interview panels, internal applicants and bank
 * workers over two snapshots, small enough that every figure is derived by hand in PANELS.md beside this
 * file. Reporting year 2024: snapshots 2023-03-31 and 2024-03-31, financial year 2023/24. Test support only.
 */
import type { Datasets } from '../algebra/context.js';
import type { DisabilityCode } from '../classification/disability.js';
import type { GradeCode } from '../classification/grades.js';
import type { PanelMemberRecord, RecruitmentRecord, WorkforceRecord } from '../records.js';

function person(
  id: string,
  snapshotDate: string,
  ethnicity: string,
  bankOnly: boolean,
  unitPath: string[] = ['Medicine'],
): WorkforceRecord {
  return {
    personId: id,
    snapshotDate,
    unitPath,
    staffGroup: 'ADMIN_CLERICAL',
    occupation: null,
    grade: bankOnly ? 'AFC_3' : 'AFC_8A',
    contract: bankOnly ? 'bank' : 'permanent',
    bankOnly,
    fte: bankOnly ? null : 1,
    age: 40,
    startDate: null,
    assignments: 1,
    ethnicity,
    disability: 'N',
    sex: 'F',
  };
}

/** Panel members S01-S08 (staff in post at 31 March 2024) with their ethnicity in ESR. */
const STAFF: [string, string][] = [
  ['S01', 'A'],
  ['S02', 'H'],
  ['S03', 'N'],
  ['S04', 'A'],
  ['S05', 'C'],
  ['S06', 'Z'],
  ['S07', 'A'],
  ['S08', 'R'],
];

/**
 * Bank-only workers at 31 March 2023 (K01-K08) and what each is at 31 March 2024: substantive, still
 * bank-only, or gone.
 */
const BANK: [string, string, 'substantive' | 'bank' | 'gone'][] = [
  ['K01', 'A', 'substantive'],
  ['K02', 'A', 'bank'],
  ['K03', 'B', 'gone'],
  ['K04', 'C', 'substantive'],
  ['K05', 'H', 'substantive'],
  ['K06', 'N', 'bank'],
  ['K07', 'M', 'gone'],
  ['K08', 'Z', 'substantive'],
];

function workforce(): WorkforceRecord[] {
  const out: WorkforceRecord[] = [];
  for (const [id, e] of STAFF) out.push(person(id, '2024-03-31', e, false));
  for (const [id, e, next] of BANK) {
    out.push(person(id, '2023-03-31', e, true));
    if (next !== 'gone') out.push(person(id, '2024-03-31', e, next === 'bank'));
  }
  // Substantive at both dates, and substantive then bank-only: neither is a bank worker at 31 March 2023.
  out.push(person('R01', '2023-03-31', 'A', false), person('R01', '2024-03-31', 'A', false));
  out.push(person('R02', '2023-03-31', 'H', false), person('R02', '2024-03-31', 'H', true));
  return out;
}

function application(
  id: string,
  ethnicity: string,
  disability: DisabilityCode,
  appointed: boolean,
  extra: Partial<RecruitmentRecord> = {},
): RecruitmentRecord {
  return {
    applicationId: id,
    vacancyId: 'V9',
    grade: 'AFC_6',
    staffGroup: 'ADMIN_CLERICAL',
    unitPath: ['Medicine'],
    shortlisted: appointed,
    appointed,
    applicationDate: '2023-06-01',
    shortlistedDate: null,
    appointedDate: appointed ? '2023-07-01' : null,
    internal: true,
    international: false,
    ethnicity,
    disability,
    sex: 'F',
    ...extra,
  };
}

function recruitment(): RecruitmentRecord[] {
  const surgery = { unitPath: ['Surgery'] };
  return [
    application('A1', 'A', 'Y', true),
    application('A2', 'A', 'N', true),
    application('A3', 'A', 'N', false),
    application('A4', 'C', 'N', false),
    application('A5', 'A', 'U', false),
    application('B1', 'H', 'N', true),
    application('B2', 'N', 'N', false),
    application('B3', 'H', 'Y', false, surgery),
    application('B4', 'M', 'N', false, surgery),
    application('U1', 'Z', 'N', false),
    // Not counted: external, internal not recorded, applied before the year.
    application('E1', 'A', 'N', true, { internal: false }),
    application('I1', 'H', 'N', true, { internal: null }),
    application('D1', 'A', 'N', true, { applicationDate: '2023-03-20' }),
    // The vacancy of panel P5, whose panel file gives no band or unit.
    application('V5-1', 'A', 'N', false, {
      vacancyId: 'V5',
      grade: 'AFC_8A',
      unitPath: ['Surgery'],
      internal: false,
    }),
  ];
}

interface Member {
  staff?: string;
  external?: string;
  independent?: boolean;
  trained?: boolean;
  trainedDate?: string;
  ethnicity?: string;
}

function panel(
  vacancyId: string,
  interviewDate: string,
  grade: GradeCode | null,
  unitPath: string[],
  members: Member[],
): PanelMemberRecord[] {
  return members.map((m) => ({
    vacancyId,
    interviewDate,
    grade,
    staffGroup: null,
    unitPath,
    personId: m.staff ?? null,
    memberId: m.staff ?? m.external!,
    role: null,
    independent: m.independent ?? null,
    trained: m.trained ?? null,
    trainedDate: m.trainedDate ?? null,
    ethnicity: m.ethnicity ?? null,
    disability: null,
    sex: null,
  }));
}

function panelMembers(): PanelMemberRecord[] {
  const medicine = ['Medicine'];
  const surgery = ['Surgery'];
  const corporate = ['Corporate'];
  return [
    ...panel('V1', '2023-05-10', 'AFC_8A', medicine, [
      { staff: 'S01', trained: true, trainedDate: '2022-01-01' },
      { staff: 'S02' },
      { external: 'X1', independent: true },
    ]),
    ...panel('V2', '2023-06-15', 'AFC_8B', medicine, [
      { staff: 'S03', trained: true, trainedDate: '2023-07-01' },
      { staff: 'S04' },
    ]),
    ...panel('V3', '2023-09-01', 'AFC_8C', surgery, [
      { staff: 'S04', trained: true },
      { staff: 'S05', independent: true, trained: false },
    ]),
    ...panel('V4', '2024-02-20', 'VSM', corporate, [
      { staff: 'S06' },
      { staff: 'S07', independent: true, trainedDate: '2023-12-01' },
      { external: 'X2', independent: true, ethnicity: 'M' },
    ]),
    ...panel('V5', '2023-11-11', null, [], [{ staff: 'S08', trained: true, trainedDate: '2023-11-11' }]),
    ...panel('V6', '2023-08-08', 'AFC_7', medicine, [
      { staff: 'S01', trained: true },
      { staff: 'S02', independent: true },
    ]),
    ...panel('V7', '2023-03-15', 'AFC_8A', medicine, [{ staff: 'S01', trained: true }]),
    ...panel('V8', '2023-12-12', 'AFC_8A', medicine, [
      { staff: 'S01', trained: false, trainedDate: '2022-01-01' },
      { staff: 'S05' },
    ]),
  ];
}

export function panelsTrust(): Datasets {
  return { workforce: workforce(), recruitment: recruitment(), panelMembers: panelMembers() };
}
