/**
 * Pay grades: Agenda for Change bands (Under 1, 1-9 with 8a-8d), Very Senior Managers, and the three medical
 * and dental subgroups (standards.md §3). The medical mapping from grade or job-role text follows §3.3 and is
 * UNCONFIRMED as NHS England's exact grouping: it is data here, extended by matching words, and anything
 * unmatched is reported with suggestions rather than guessed.
 */
import { closest, normaliseLabel, type Parsed } from './text.js';

export const GRADE_LABELS = {
  AFC_U1: 'Under Band 1',
  AFC_1: 'Band 1',
  AFC_2: 'Band 2',
  AFC_3: 'Band 3',
  AFC_4: 'Band 4',
  AFC_5: 'Band 5',
  AFC_6: 'Band 6',
  AFC_7: 'Band 7',
  AFC_8A: 'Band 8a',
  AFC_8B: 'Band 8b',
  AFC_8C: 'Band 8c',
  AFC_8D: 'Band 8d',
  AFC_9: 'Band 9',
  VSM: 'VSM (including executive board members)',
  MED_CONSULTANT: 'Consultants',
  MED_CAREER: 'Non-consultant career grade',
  MED_TRAINEE: 'Trainee grades',
  MED_OTHER: 'Other medical and dental',
  NON_AFC: 'Other pay arrangements (local or non-AfC pay)',
  NON_EXEC: 'Non-executive director',
} as const;
export type GradeCode = keyof typeof GRADE_LABELS;

/** Display and chart order: bands from lowest to highest, then VSM, then medical subgroups. */
export const GRADE_ORDER: readonly GradeCode[] = Object.keys(GRADE_LABELS) as GradeCode[];

export const AFC_GRADES: readonly GradeCode[] = GRADE_ORDER.filter((g) => g.startsWith('AFC_'));
export const MEDICAL_GRADES: readonly GradeCode[] = [
  'MED_CONSULTANT',
  'MED_CAREER',
  'MED_TRAINEE',
  'MED_OTHER',
];

export const isMedical = (g: GradeCode | null): boolean => g !== null && g.startsWith('MED_');

/** AfC band text in its many spellings: "Band 8a", "8A", "AfC Band 8 Range A", "Band 8 - Range A", "B5", "Review Body Band 5". */
export function parseAfcBand(raw: string): GradeCode | null {
  const label = normaliseLabel(raw);
  if (/^(UNDER BAND 1|BELOW BAND 1|PRE BAND 1|BAND 0|APPRENTICE RATE|APPRENTICE)$/.test(label))
    return 'AFC_U1';
  const m =
    /^(?:(?:AFC|A F C|AGENDA FOR CHANGE|REVIEW BODY|NHS|PAY)\s+)*(?:BAND|B|GRADE)?\s*([1-9])\s*(?:(?:RANGE|R)?\s*([A-D]))?$/.exec(
      label,
    );
  if (!m) return null;
  const band = m[1]!;
  const range = m[2];
  if (band === '8') return range ? (`AFC_8${range}` as GradeCode) : null;
  if (range) return null;
  return `AFC_${band}` as GradeCode;
}

const MEDICAL_PATTERNS: readonly [RegExp, GradeCode][] = [
  [
    /\bCONSULTANT\b|\bPROFESSOR\b|\bSENIOR LECTURER\b|\bMEDICAL DIRECTOR\b|\bCLINICAL DIRECTOR\b/,
    'MED_CONSULTANT',
  ],
  [
    /\bFOUNDATION\b|^F[12]$|^FY[12]$|\bREGISTRAR\b|\bSTR\b|\bSPR\b|\bCORE (TRAINEE|TRAINING)\b|^[CS]T ?[1-8]\b|\bSPECIALTY TRAINEE\b|\bSENIOR HOUSE OFFICER\b|\bSHO\b|\bHOUSE OFFICER\b|\bTRAINEE\b/,
    'MED_TRAINEE',
  ],
  [
    /\bSPECIALTY DOCTOR\b|\bASSOCIATE SPECIALIST\b|\bSTAFF GRADE\b|^SPECIALIST\b|\bHOSPITAL PRACTITIONER\b|\bCLINICAL ASSISTANT\b|\bSAS\b|\bTRUST GRADE\b|\bSALARIED GP\b|\bCLINICAL FELLOW\b/,
    'MED_CAREER',
  ],
];

/** The medical and dental subgroup of a grade or job-role text, or null when it is not recognisably medical. */
export function parseMedicalGrade(raw: string): GradeCode | null {
  const label = normaliseLabel(raw);
  if (label === '') return null;
  for (const [pattern, code] of MEDICAL_PATTERNS) if (pattern.test(label)) return code;
  return null;
}

function parseSenior(raw: string): GradeCode | null {
  const label = normaliseLabel(raw);
  if (/\bNON EXECUTIVE\b|^NED$|\bCHAIR\b/.test(label)) return 'NON_EXEC';
  if (
    /^VSM\b|\bVERY SENIOR MANAGER\b|\bEXECUTIVE DIRECTOR\b|\bCHIEF EXECUTIVE\b|^EXECUTIVE\b|\bSENIOR MANAGER PAY\b/.test(
      label,
    )
  )
    return 'VSM';
  if (/\bLOCAL PAY\b|\bNON AFC\b|\bPERSONAL SALARY\b|\bSPOT SALARY\b|\bOTHER PAY\b/.test(label))
    return 'NON_AFC';
  return null;
}

const KNOWN_GRADE_TEXT = [
  ...Object.values(GRADE_LABELS),
  'Band 8 - Range A',
  'Consultant',
  'Specialty Doctor',
  'Specialty Registrar',
  'Foundation Year 1',
  'Very Senior Manager',
];

/**
 * The grade of a post from what an extract has: the pay band column, the grade or job-role text, and the
 * staff group. Medical and dental staff are placed in their subgroup; everyone else by AfC band, VSM or
 * other pay. Nothing given: null (not an error). Given but unreadable: suggestions.
 */
export function deriveGrade(input: {
  payBand?: string | null;
  grade?: string | null;
  medical?: boolean;
}): Parsed<GradeCode | null> {
  const payBand = (input.payBand ?? '').trim();
  const grade = (input.grade ?? '').trim();
  if (payBand === '' && grade === '') return { ok: true, value: null };
  const medicalBand = /^(MEDICAL( AND DENTAL)?|M AND D|MEDICAL DENTAL|DENTAL)$/.test(normaliseLabel(payBand));
  if (input.medical || medicalBand) {
    const sub = parseMedicalGrade(grade) ?? parseMedicalGrade(payBand);
    if (sub) return { ok: true, value: sub };
    if (input.medical || medicalBand) return { ok: true, value: 'MED_OTHER' };
  }
  for (const text of [payBand, grade]) {
    if (text === '') continue;
    const value = parseSenior(text) ?? parseAfcBand(text);
    if (value) return { ok: true, value };
  }
  const medical = parseMedicalGrade(grade) ?? parseMedicalGrade(payBand);
  if (medical) return { ok: true, value: medical };
  return { ok: false, suggestions: closest(payBand || grade, KNOWN_GRADE_TEXT) };
}

/** WDES metric 1 clusters (standards.md §3.5); null for grades outside them. */
export function wdesCluster(grade: GradeCode | null): 1 | 2 | 3 | 4 | 5 | 6 | 7 | null {
  switch (grade) {
    case 'AFC_U1':
    case 'AFC_1':
    case 'AFC_2':
    case 'AFC_3':
    case 'AFC_4':
      return 1;
    case 'AFC_5':
    case 'AFC_6':
    case 'AFC_7':
      return 2;
    case 'AFC_8A':
    case 'AFC_8B':
      return 3;
    case 'AFC_8C':
    case 'AFC_8D':
    case 'AFC_9':
    case 'VSM':
      return 4;
    case 'MED_CONSULTANT':
      return 5;
    case 'MED_CAREER':
      return 6;
    case 'MED_TRAINEE':
      return 7;
    default:
      return null;
  }
}

export const WDES_CLUSTER_LABELS: Readonly<Record<number, string>> = {
  1: 'Cluster 1: AfC bands under 1 to 4',
  2: 'Cluster 2: AfC bands 5 to 7',
  3: 'Cluster 3: AfC bands 8a and 8b',
  4: 'Cluster 4: AfC bands 8c to 9 and VSM',
  5: 'Cluster 5: Medical and dental consultants',
  6: 'Cluster 6: Medical and dental non-consultant career grades',
  7: 'Cluster 7: Medical and dental trainee grades',
};
