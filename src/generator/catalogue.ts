/**
 * What the generator writes, in the spellings the real systems use: pay bands and medical grades (ESR and
 * Trac), ESR staff groups, ethnic origin values (ESR "<code> <label>" strings and Trac labels) and
 * disability values. Every spelling here is checked by the tests against Parity's own code lists.
 */
import type { GradeCode } from '../engine/classification/grades.js';

export interface GradeDef {
  /** Short id used inside the generator. */
  id: string;
  /** Parity's grade code (for the tests and the patterns). */
  code: GradeCode;
  /** ESR "Pay Band". */
  esrPayBand: string;
  /** ESR "Grade": the band again for Agenda for Change, the grade name for doctors. */
  esrGrade: string;
  /** Trac "Band". */
  tracBand: string;
  medical: boolean;
  /** Promotion ladder: the next grade up, or null at the top. */
  next: string | null;
  /** Whole-time annual pay points, 2023/24 (the pay year ending 31 March 2024), and years in grade to reach each. */
  payPoints: readonly number[];
  pointYears: readonly number[];
  /** Senior: bands 8c, 8d, 9 and VSM. */
  senior: boolean;
}

const afc = (
  id: string,
  band: string,
  esr: string,
  trac: string,
  next: string | null,
  payPoints: number[],
  pointYears: number[] = [0, 2, 5, 9],
): GradeDef => ({
  id,
  code: `AFC_${band}` as GradeCode,
  esrPayBand: esr,
  esrGrade: esr,
  tracBand: trac,
  medical: false,
  next,
  payPoints,
  pointYears: pointYears.slice(0, payPoints.length),
  senior: band === '8C' || band === '8D' || band === '9',
});

const medical = (
  id: string,
  code: GradeCode,
  name: string,
  next: string | null,
  payPoints: number[],
  pointYears: number[],
): GradeDef => ({
  id,
  code,
  esrPayBand: 'Medical and Dental',
  esrGrade: name,
  tracBand: 'Medical and Dental',
  medical: true,
  next,
  payPoints,
  pointYears,
  senior: false,
});

/** Agenda for Change 2023/24 pay points (England), VSM and the medical and dental pay scales. */
export const GRADES: readonly GradeDef[] = [
  afc('B1', '1', 'Band 1', 'Band 1', 'B2', [22383]),
  afc('B2', '2', 'Band 2', 'Band 2', 'B3', [22383]),
  afc('B3', '3', 'Band 3', 'Band 3', 'B4', [22816, 24336]),
  afc('B4', '4', 'Band 4', 'Band 4', 'B5', [25147, 26155, 27596]),
  afc('B5', '5', 'Band 5', 'Band 5', 'B6', [28407, 30639, 34581], [0, 2, 4]),
  afc('B6', '6', 'Band 6', 'Band 6', 'B7', [35392, 37350, 42618]),
  afc('B7', '7', 'Band 7', 'Band 7', 'B8A', [43742, 45996, 50056]),
  afc('B8A', '8A', 'Band 8 - Range A', 'Band 8a', 'B8B', [50952, 52249, 57349]),
  afc('B8B', '8B', 'Band 8 - Range B', 'Band 8b', 'B8C', [58972, 61383, 68525]),
  afc('B8C', '8C', 'Band 8 - Range C', 'Band 8c', 'B8D', [70417, 74286, 81138]),
  afc('B8D', '8D', 'Band 8 - Range D', 'Band 8d', 'B9', [83571, 88396, 96376]),
  afc('B9', '9', 'Band 9', 'Band 9', null, [99891, 104921, 110246, 114949]),
  {
    id: 'VSM',
    code: 'VSM',
    esrPayBand: 'VSM',
    esrGrade: 'Very Senior Manager',
    tracBand: 'VSM',
    medical: false,
    next: null,
    payPoints: [125000, 145000, 170000, 200000, 230000],
    pointYears: [0, 2, 4, 6, 8],
    senior: true,
  },
  medical('FY1', 'MED_TRAINEE', 'Foundation Year 1', 'FY2', [32398], [0]),
  medical('FY2', 'MED_TRAINEE', 'Foundation Year 2', 'CT', [37303], [0]),
  medical('CT', 'MED_TRAINEE', 'Core Trainee', 'STR', [43923], [0]),
  medical('STR', 'MED_TRAINEE', 'Specialty Registrar', 'CONS', [55329, 63152], [0, 3]),
  medical(
    'SD',
    'MED_CAREER',
    'Specialty Doctor',
    'SPEC',
    [52530, 60755, 68980, 75405, 82400],
    [0, 1, 3, 6, 9],
  ),
  medical('AS', 'MED_CAREER', 'Associate Specialist', null, [87500, 92000, 96000], [0, 3, 8]),
  medical('SPEC', 'MED_CAREER', 'Specialist', null, [96990, 102000, 107155], [0, 3, 6]),
  medical(
    'CONS',
    'MED_CONSULTANT',
    'Consultant',
    null,
    [93666, 99532, 105390, 111335, 117280, 126281],
    [0, 2, 4, 9, 14, 19],
  ),
];

export const GRADE_INDEX: ReadonlyMap<string, number> = new Map(GRADES.map((g, i) => [g.id, i]));

export function gradeIndex(id: string): number {
  const i = GRADE_INDEX.get(id);
  if (i === undefined) throw new RangeError(`unknown grade ${id}`);
  return i;
}

/** Pay awards: the factor that turns 2023/24 pay into the pay year ending 31 March of a year. */
const PAY_INDEX: Readonly<Record<number, number>> = {
  2019: 0.851,
  2020: 0.876,
  2021: 0.9,
  2022: 0.927,
  2023: 0.952,
  2024: 1,
  2025: 1.055,
  2026: 1.091,
};

export function payIndex(year: number): number {
  const known = PAY_INDEX[year];
  if (known !== undefined) return known;
  return year < 2019 ? 0.851 * Math.pow(1.02, year - 2019) : 1.091 * Math.pow(1.03, year - 2026);
}

/** ESR staff groups, in ESR's own (sometimes truncated) spelling. */
export interface StaffGroupDef {
  id: string;
  esr: string;
  /** Share of women. */
  female: number;
  /** Share working part time. */
  partTime: number;
  /** Grades (ids) and their weights in this staff group. */
  grades: readonly (readonly [string, number])[];
}

export const STAFF_GROUPS: readonly StaffGroupDef[] = [
  {
    id: 'APST',
    esr: 'Add Prof Scientific and Technic',
    female: 0.72,
    partTime: 0.22,
    grades: [
      ['B3', 8],
      ['B4', 14],
      ['B5', 14],
      ['B6', 18],
      ['B7', 22],
      ['B8A', 14],
      ['B8B', 6],
      ['B8C', 2.5],
      ['B8D', 1.2],
    ],
  },
  {
    id: 'ACS',
    esr: 'Additional Clinical Services',
    female: 0.82,
    partTime: 0.3,
    grades: [
      ['B2', 36],
      ['B3', 44],
      ['B4', 18],
      ['B5', 2],
    ],
  },
  {
    id: 'AC',
    esr: 'Administrative and Clerical',
    female: 0.79,
    partTime: 0.3,
    grades: [
      ['B2', 16],
      ['B3', 28],
      ['B4', 22],
      ['B5', 11],
      ['B6', 8],
      ['B7', 6.5],
      ['B8A', 4],
      ['B8B', 2.2],
      ['B8C', 1.1],
      ['B8D', 0.7],
      ['B9', 0.3],
    ],
  },
  {
    id: 'AHP',
    esr: 'Allied Health Professionals',
    female: 0.8,
    partTime: 0.28,
    grades: [
      ['B5', 24],
      ['B6', 38],
      ['B7', 27],
      ['B8A', 8],
      ['B8B', 2.2],
      ['B8C', 0.8],
    ],
  },
  {
    id: 'EA',
    esr: 'Estates and Ancillary',
    female: 0.48,
    partTime: 0.25,
    grades: [
      ['B1', 1],
      ['B2', 58],
      ['B3', 20],
      ['B4', 10],
      ['B5', 5],
      ['B6', 3],
      ['B7', 1.6],
      ['B8A', 0.8],
      ['B8B', 0.4],
      ['B8C', 0.2],
    ],
  },
  {
    id: 'HCS',
    esr: 'Healthcare Scientists',
    female: 0.68,
    partTime: 0.2,
    grades: [
      ['B3', 6],
      ['B4', 10],
      ['B5', 15],
      ['B6', 30],
      ['B7', 24],
      ['B8A', 10],
      ['B8B', 4],
      ['B8C', 1.5],
      ['B8D', 0.8],
    ],
  },
  {
    id: 'MD',
    esr: 'Medical and Dental',
    female: 0.5,
    partTime: 0.12,
    grades: [
      ['FY1', 6],
      ['FY2', 6],
      ['CT', 9],
      ['STR', 24],
      ['SD', 10],
      ['AS', 1],
      ['SPEC', 2],
      ['CONS', 42],
    ],
  },
  {
    id: 'NM',
    esr: 'Nursing and Midwifery Registered',
    female: 0.89,
    partTime: 0.3,
    grades: [
      ['B5', 44],
      ['B6', 32],
      ['B7', 17],
      ['B8A', 4.5],
      ['B8B', 1.2],
      ['B8C', 0.4],
      ['B8D', 0.15],
    ],
  },
  {
    id: 'STU',
    esr: 'Students',
    female: 0.85,
    partTime: 0.05,
    grades: [
      ['B3', 60],
      ['B4', 40],
    ],
  },
];

export const STAFF_GROUP_INDEX: ReadonlyMap<string, number> = new Map(STAFF_GROUPS.map((g, i) => [g.id, i]));

export function staffGroupIndex(id: string): number {
  const i = STAFF_GROUP_INDEX.get(id);
  if (i === undefined) throw new RangeError(`unknown staff group ${id}`);
  return i;
}

/** Broad ethnic group the patterns work with: White, BME, or not known. */
export type EthnicGroup = 'W' | 'B' | 'U';

export interface EthnicityDef {
  /** NHS Data Dictionary code (or sub-code); '' for a blank or unspecified value. */
  code: string;
  group: EthnicGroup;
  /** ESR "Ethnic Origin" value. */
  esr: string;
  /** Trac / NHS Jobs equality-monitoring label. */
  trac: string;
  /** ONS broad group for the census comparison. */
  ons: 'White' | 'Mixed' | 'Asian' | 'Black' | 'Other' | '';
}

const eth = (code: string, group: EthnicGroup, esr: string, trac: string, ons: EthnicityDef['ons']) => ({
  code,
  group,
  esr,
  trac,
  ons,
});

export const ETHNICITIES: readonly EthnicityDef[] = [
  eth('A', 'W', 'A White - British', 'White - British', 'White'),
  eth('CA', 'W', 'CA White English', 'White - English', 'White'),
  eth('CB', 'W', 'CB White Scottish', 'White - Scottish', 'White'),
  eth('CC', 'W', 'CC White Welsh', 'White - Welsh', 'White'),
  eth('C2', 'W', 'C2 White Northern Irish', 'White - Northern Irish', 'White'),
  eth('B', 'W', 'B White - Irish', 'White - Irish', 'White'),
  eth('C', 'W', 'C White - Any other White background', 'White - Any other White background', 'White'),
  eth('CP', 'W', 'CP White Polish', 'White - Polish', 'White'),
  eth('CY', 'W', 'CY White Other European', 'White - Any other White background', 'White'),
  eth('CX', 'W', 'CX White Mixed', 'White - Mixed white', 'White'),
  eth('D', 'B', 'D Mixed - White & Black Caribbean', 'Mixed - White and Black Caribbean', 'Mixed'),
  eth('E', 'B', 'E Mixed - White & Black African', 'Mixed - White and Black African', 'Mixed'),
  eth('F', 'B', 'F Mixed - White & Asian', 'Mixed - White and Asian', 'Mixed'),
  eth('G', 'B', 'G Mixed - Any other mixed background', 'Mixed - Any other mixed background', 'Mixed'),
  eth('H', 'B', 'H Asian or Asian British - Indian', 'Asian or Asian British - Indian', 'Asian'),
  eth('J', 'B', 'J Asian or Asian British - Pakistani', 'Asian or Asian British - Pakistani', 'Asian'),
  eth('K', 'B', 'K Asian or Asian British - Bangladeshi', 'Asian or Asian British - Bangladeshi', 'Asian'),
  eth(
    'L',
    'B',
    'L Asian or Asian British - Any other Asian background',
    'Asian or Asian British - Any other Asian background',
    'Asian',
  ),
  eth('LH', 'B', 'LH Asian British', 'Asian or Asian British - Any other Asian background', 'Asian'),
  eth('LK', 'B', 'LK Asian Unspecified', 'Asian or Asian British - Any other Asian background', 'Asian'),
  eth('M', 'B', 'M Black or Black British - Caribbean', 'Black or Black British - Caribbean', 'Black'),
  eth('N', 'B', 'N Black or Black British - African', 'Black or Black British - African', 'Black'),
  eth(
    'P',
    'B',
    'P Black or Black British - Any other Black background',
    'Black or Black British - Any other Black background',
    'Black',
  ),
  eth('PC', 'B', 'PC Black Nigerian', 'Black or Black British - African', 'Black'),
  eth('PD', 'B', 'PD Black British', 'Black or Black British - Any other Black background', 'Black'),
  eth('R', 'B', 'R Chinese', 'Chinese', 'Asian'),
  eth('S', 'B', 'S Any Other Ethnic Group', 'Any other ethnic group', 'Other'),
  eth('SC', 'B', 'SC Filipino', 'Any other ethnic group', 'Other'),
  eth('Z', 'U', 'Z Not Stated', 'I do not wish to disclose my ethnic origin', ''),
  eth('99', 'U', 'Unspecified', 'Prefer not to say', ''),
  eth('', 'U', '', '', ''),
];

export const ETHNICITY_INDEX: ReadonlyMap<string, number> = new Map(ETHNICITIES.map((e, i) => [e.code, i]));

export function ethnicityIndex(code: string): number {
  const i = ETHNICITY_INDEX.get(code);
  if (i === undefined) throw new RangeError(`unknown ethnicity ${code}`);
  return i;
}

/** ESR "Disability Flag" values; the index is what a person record keeps. */
export const ESR_DISABILITY = ['Yes', 'No', 'Not Declared', ''] as const;
export const DISABILITY_YES = 0;
export const DISABILITY_NO = 1;
export const DISABILITY_NOT_DECLARED = 2;
export const DISABILITY_BLANK = 3;

/** Trac applicant disability values. */
export const TRAC_DISABILITY = ['Yes', 'No', 'Prefer not to say'] as const;
