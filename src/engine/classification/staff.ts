/**
 * ESR staff groups (standards.md §3.4) and contract types. Which staff groups are "non-clinical" is the
 * `workforce.nonClinicalStaffGroups` setting (UNCONFIRMED; default Administrative and Clerical plus Estates
 * and Ancillary).
 */
import { closest, normaliseLabel, type Parsed } from './text.js';

export const STAFF_GROUPS = {
  ADD_PROF_SCI_TECH: 'Additional Professional Scientific and Technical',
  ADD_CLINICAL: 'Additional Clinical Services',
  ADMIN_CLERICAL: 'Administrative and Clerical',
  AHP: 'Allied Health Professionals',
  ESTATES_ANCILLARY: 'Estates and Ancillary',
  HEALTHCARE_SCIENTISTS: 'Healthcare Scientists',
  MEDICAL_DENTAL: 'Medical and Dental',
  NURSING_MIDWIFERY: 'Nursing and Midwifery Registered',
  STUDENTS: 'Students',
} as const;
export type StaffGroupCode = keyof typeof STAFF_GROUPS;

const STAFF_GROUP_SYNONYMS: Readonly<Record<string, StaffGroupCode>> = (() => {
  const table: Record<string, StaffGroupCode> = {};
  const add = (code: StaffGroupCode, ...labels: string[]) => {
    for (const l of labels) table[normaliseLabel(l)] = code;
  };
  for (const [code, label] of Object.entries(STAFF_GROUPS)) add(code as StaffGroupCode, label, code);
  add(
    'ADD_PROF_SCI_TECH',
    'Add Prof Scientific and Technic',
    'Additional Prof Scientific and Technical',
    'Additional Professional Scientific & Technical',
    'APST',
  );
  add(
    'ADD_CLINICAL',
    'Additional Clinical Services',
    'Add Clinical Services',
    'Healthcare Assistants and support',
    'ACS',
  );
  add('ADMIN_CLERICAL', 'Admin and Clerical', 'Admin & Clerical', 'A&C', 'Administrative & Clerical');
  add('AHP', 'Allied Health Professional', 'AHPs');
  add('ESTATES_ANCILLARY', 'Estates & Ancillary', 'Estates');
  add('HEALTHCARE_SCIENTISTS', 'Healthcare Scientist', 'Scientific');
  add('MEDICAL_DENTAL', 'Medical & Dental', 'Medical', 'Doctors', 'M&D');
  add(
    'NURSING_MIDWIFERY',
    'Nursing and Midwifery Registered',
    'Nursing & Midwifery Registered',
    'Registered Nursing and Midwifery',
    'Nursing and Midwifery',
    'Nurses and Midwives',
    'N&M',
  );
  add('STUDENTS', 'Student');
  return table;
})();

export function parseStaffGroup(raw: string | null | undefined): Parsed<StaffGroupCode | null> {
  const label = normaliseLabel(raw ?? '');
  if (label === '') return { ok: true, value: null };
  const code = STAFF_GROUP_SYNONYMS[label];
  if (code) return { ok: true, value: code };
  return { ok: false, suggestions: closest(raw ?? '', Object.values(STAFF_GROUPS)) };
}

/** Clinical unless the staff group is in the configured non-clinical set. Unknown staff group: null. */
export function isClinical(
  group: StaffGroupCode | null,
  nonClinical: readonly StaffGroupCode[],
): boolean | null {
  if (group === null) return null;
  return !nonClinical.includes(group);
}

export const CONTRACT_TYPES = ['permanent', 'fixed_term', 'bank', 'honorary', 'locum', 'other'] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];

const CONTRACT_SYNONYMS: Readonly<Record<string, ContractType>> = {
  PERMANENT: 'permanent',
  SUBSTANTIVE: 'permanent',
  'FIXED TERM': 'fixed_term',
  'FIXED TERM TEMP': 'fixed_term',
  'FIXED TERM TEMPORARY': 'fixed_term',
  TEMPORARY: 'fixed_term',
  'FIXED TERM CONTRACT': 'fixed_term',
  BANK: 'bank',
  'BANK STAFF': 'bank',
  'BANK ONLY': 'bank',
  'ZERO HOURS': 'bank',
  HONORARY: 'honorary',
  LOCUM: 'locum',
  OTHER: 'other',
  APPRENTICE: 'fixed_term',
};

export function parseContract(raw: string | null | undefined): Parsed<ContractType> {
  const label = normaliseLabel(raw ?? '');
  if (label === '') return { ok: true, value: 'permanent' };
  const code =
    CONTRACT_SYNONYMS[label] ??
    (CONTRACT_TYPES as readonly string[]).find((c) => normaliseLabel(c) === label);
  if (code) return { ok: true, value: code as ContractType };
  return {
    ok: false,
    suggestions: closest(raw ?? '', ['Permanent', 'Fixed Term Temp', 'Bank', 'Honorary', 'Locum']),
  };
}
