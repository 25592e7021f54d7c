/** Fields many datasets share: the staff identifier, protected characteristics and the organisation unit. */
import type { FieldSpec } from './types.js';

export function staffNumber(
  required: boolean,
  description = 'The person’s staff (ESR employee) number.',
): FieldSpec {
  return {
    key: 'staff_number',
    label: 'Staff number',
    type: 'identifier',
    required,
    pseudonymise: true,
    description: `${description} Replaced on the way in by a keyed hash, so records can be linked across datasets without the number being stored.`,
    accepted: 'Any text or number; leading zeros matter.',
    example: '12345678',
    synonyms: [
      'Employee Number',
      'Employee No',
      'Staff Number',
      'Staff No',
      'Staff ID',
      'Employee ID',
      'ESR Number',
      'Person Number',
      'Assignment Person Number',
    ],
  };
}

/**
 * What a blank cell of a characteristic means: not known (the file is the record of the person's
 * characteristics), or not given in this file, so that the workforce (ESR) record of the person the row
 * names is used (`FieldSpec.blankFromWorkforce`).
 */
export type BlankCharacteristic = 'notKnown' | 'fromWorkforce';

const FROM_WORKFORCE =
  'Blank means the file does not say: the person’s value in the workforce (ESR) record is used (not known when the row names nobody in it).';

export const ethnicityField = (
  required: boolean,
  who = 'person',
  blank: BlankCharacteristic = 'notKnown',
): FieldSpec => ({
  key: 'ethnicity',
  label: 'Ethnicity',
  type: 'code',
  codeList: 'ethnicity',
  required,
  ...(blank === 'fromWorkforce' ? { blankFromWorkforce: true } : {}),
  description: `The ${who}’s ethnic category (NHS Data Dictionary). Grouped into White and BME for WRES, White British and ethnic minorities for the ethnicity pay gap, and ONS broad groups.`,
  accepted:
    blank === 'fromWorkforce'
      ? `A national code (A-S, Z, 99), a two-character sub-code (e.g. C2, CA, LH), an ESR value such as "A White - British" or "Z Not Stated", or a label such as "Black African". Z and Not stated mean not stated, 99, Unspecified and Undefined not known, whatever the workforce record holds. ${FROM_WORKFORCE}`
      : 'A national code (A-S, Z, 99), a two-character sub-code (e.g. C2, CA, LH), an ESR value such as "A White - British" or "Z Not Stated", or a label such as "Black African". Blank, Unspecified and Undefined mean not known.',
  example: 'C2 White Northern Irish',
  synonyms: [
    'Ethnic Origin',
    'Ethnicity',
    'Ethnic Group',
    'Ethnic Category',
    'Applicant Ethnicity',
    'Ethnic Origin Description',
  ],
});

export const disabilityField = (
  required: boolean,
  who = 'person',
  blank: BlankCharacteristic = 'notKnown',
): FieldSpec => ({
  key: 'disability',
  label: 'Disability',
  type: 'code',
  codeList: 'disability',
  required,
  ...(blank === 'fromWorkforce' ? { blankFromWorkforce: true } : {}),
  description: `Whether the ${who} has declared a disability. Grouped into Disabled, non-disabled and unknown for WDES.`,
  accepted:
    blank === 'fromWorkforce'
      ? `Yes, No, Not Declared, Prefer not to answer or Unspecified (Y/N accepted); the last three mean not known, whatever the workforce record holds. ${FROM_WORKFORCE}`
      : 'Yes, No, Not Declared, Prefer not to answer, Unspecified or blank (Y/N accepted).',
  example: 'No',
  synonyms: [
    'Disability',
    'Disability Flag',
    'Disabled',
    'Disability Status',
    'Applicant Disability',
    'Do you consider yourself to have a disability',
  ],
});

export const sexField = (required: boolean, blank: BlankCharacteristic = 'notKnown'): FieldSpec => ({
  key: 'sex',
  label: 'Sex',
  type: 'code',
  codeList: 'sex',
  required,
  ...(blank === 'fromWorkforce' ? { blankFromWorkforce: true } : {}),
  description: 'Sex as recorded; the gender pay gap compares men and women.',
  accepted:
    blank === 'fromWorkforce'
      ? `Female, Male (F/M), Indeterminate or Unknown (not known, whatever the workforce record holds). ${FROM_WORKFORCE}`
      : 'Female, Male (F/M), Indeterminate, Unknown or blank.',
  example: 'Female',
  synonyms: ['Gender', 'Sex', 'Legal Sex', 'Applicant Gender'],
});

/**
 * The other protected characteristics ESR holds (engine/classification/protected.ts). All optional: an
 * extract without one leaves it not recorded. Prefer not to say and not recorded are kept apart.
 */
export const otherCharacteristicFields = (): FieldSpec[] => [
  {
    key: 'sexual_orientation',
    label: 'Sexual orientation',
    type: 'code',
    codeList: 'sexual_orientation',
    required: false,
    description:
      'Sexual orientation as the person declared it (ESR, NHS Sexual Orientation Monitoring standard).',
    accepted:
      'Heterosexual or Straight, Gay or Lesbian, Bisexual, Other sexual orientation not listed, Undecided, Not stated (prefer not to say), Unspecified or blank (not recorded); SOM codes 1-4, U, Z, 9.',
    example: 'Heterosexual or Straight',
    synonyms: ['Sexual Orientation', 'Sexual Orientation Description', 'Sexuality'],
  },
  {
    key: 'religion',
    label: 'Religion or belief',
    type: 'code',
    codeList: 'religion',
    required: false,
    description: 'Religion or belief as the person declared it (ESR).',
    accepted:
      'Atheism, Buddhism, Christianity, Hinduism, Islam, Jainism, Judaism, Sikhism, Other, I do not wish to disclose my religion/belief (prefer not to say), Unspecified or blank (not recorded).',
    example: 'Christianity',
    synonyms: ['Religious Belief', 'Religion', 'Religion or Belief', 'Religion/Belief', 'Faith'],
  },
  {
    key: 'gender_identity',
    label: 'Gender identity the same as at birth',
    type: 'code',
    codeList: 'gender_identity',
    required: false,
    description: 'The answer to "Is your gender identity the same as the sex you were registered at birth?".',
    accepted: 'Yes, No, Prefer not to say, Unspecified or blank (not recorded).',
    example: 'Yes',
    synonyms: [
      'Gender Identity',
      'Gender Identity Same As Birth',
      'Gender Identity Same as Registered at Birth',
      'Gender Reassignment',
      'Trans Status',
    ],
  },
  {
    key: 'marital_status',
    label: 'Marriage or civil partnership',
    type: 'code',
    codeList: 'marital_status',
    required: false,
    description: 'Marital or civil partnership status (ESR).',
    accepted:
      'Married, Civil Partnership, Single, Legally Separated, Divorced, Widowed, Not Disclosed (prefer not to say), Unknown or blank (not recorded).',
    example: 'Married',
    synonyms: [
      'Marital Status',
      'Marriage or Civil Partnership',
      'Civil Status',
      'Marital Status Description',
    ],
  },
  {
    key: 'pregnancy_maternity',
    label: 'Pregnancy and maternity',
    type: 'code',
    codeList: 'pregnancy_maternity',
    required: false,
    description:
      'Whether the person is pregnant or on maternity or adoption leave at the snapshot date, where the extract carries it.',
    accepted: 'Yes, No, Maternity leave, Prefer not to say, or blank (not recorded).',
    example: 'No',
    synonyms: [
      'Pregnancy and Maternity',
      'Pregnancy/Maternity',
      'Maternity Leave',
      'On Maternity Leave',
      'Maternity',
    ],
  },
];

/** The organisation unit: either one path column ("Care group > Directorate > Department") or separate columns. */
export const unitFields = (required: boolean): FieldSpec[] => [
  {
    key: 'org_path',
    label: 'Organisation path',
    type: 'path',
    required: required ? { oneOf: 'unit' } : false,
    description:
      'Where the person works, from care group down: "Care group > Directorate > Department". Separators > | / and \\ are accepted. A leading trust name equal to the organisation is dropped.',
    accepted: 'Up to three names separated by >, | or /.',
    example: 'Medicine and Emergency Care > Emergency Medicine > Emergency Department',
    synonyms: ['Organisation Path', 'Org Path', 'Org Hierarchy', 'Organisation Hierarchy', 'Hierarchy'],
  },
  {
    key: 'care_group',
    label: 'Care group',
    type: 'text',
    required: required ? { oneOf: 'unit' } : false,
    description: 'The care group (division) the person works in.',
    accepted: 'Any text.',
    example: 'Medicine and Emergency Care',
    synonyms: [
      'Care Group',
      'Division',
      'Org L4',
      'Organisation L4',
      'Org Level 4',
      'Business Unit',
      'Clinical Business Unit',
    ],
  },
  {
    key: 'directorate',
    label: 'Directorate',
    type: 'text',
    required: false,
    description: 'The directorate within the care group.',
    accepted: 'Any text.',
    example: 'Emergency Medicine',
    synonyms: ['Directorate', 'Org L5', 'Organisation L5', 'Org Level 5', 'Speciality Group'],
  },
  {
    key: 'department',
    label: 'Department',
    type: 'text',
    required: false,
    description: 'The department or ward within the directorate.',
    accepted: 'Any text.',
    example: 'Emergency Department',
    synonyms: [
      'Department',
      'Org L6',
      'Organisation L6',
      'Org Level 6',
      'Ward',
      'Team',
      'Cost Centre Name',
      'Location',
    ],
  },
];

export const gradeFields = (): FieldSpec[] => [
  {
    key: 'pay_band',
    label: 'Pay band',
    type: 'text',
    required: { oneOf: 'grade' },
    description: 'Agenda for Change band, "Medical and Dental", VSM or other pay arrangement.',
    accepted:
      'Band 1-9 with 8a-8d in any common spelling ("Band 8a", "8A", "AfC Band 8 Range A"), Under Band 1, Medical and Dental, VSM, Local Pay.',
    example: 'Band 8a',
    synonyms: [
      'Pay Band',
      'Band',
      'AfC Band',
      'Payscale',
      'Pay Scale',
      'Pay Band Description',
      'Vacancy Band',
      'Job Band',
    ],
  },
  {
    key: 'grade',
    label: 'Grade',
    type: 'text',
    required: { oneOf: 'grade' },
    description:
      'The grade or medical grade; for medical and dental staff it places them in the consultant, career-grade or trainee subgroup.',
    accepted:
      'Grade text such as "Consultant", "Specialty Doctor", "Foundation Year 1", "Specialty Registrar", or a band.',
    example: 'Consultant',
    synonyms: ['Grade', 'Grade Name', 'Medical Grade', 'Grade Description', 'Pay Grade'],
  },
];

export const staffGroupField = (required: boolean): FieldSpec => ({
  key: 'staff_group',
  label: 'Staff group',
  type: 'code',
  codeList: 'staff_group',
  required,
  description: 'ESR staff group; decides clinical or non-clinical and medical and dental.',
  accepted:
    'Add Prof Scientific and Technic, Additional Clinical Services, Administrative and Clerical, Allied Health Professionals, Estates and Ancillary, Healthcare Scientists, Medical and Dental, Nursing and Midwifery Registered, Students.',
  example: 'Nursing and Midwifery Registered',
  synonyms: ['Staff Group', 'Staff Group Description', 'Professional Group', 'Occupation Group'],
});

export const dateField = (
  key: string,
  label: string,
  required: boolean,
  description: string,
  synonyms: readonly string[],
  example = '2024-01-15',
): FieldSpec => ({
  key,
  label,
  type: 'date',
  required,
  description,
  accepted: 'A date: 2024-03-31, 31/03/2024, 31-Mar-2024 or a spreadsheet date.',
  example,
  synonyms,
});

export const yesNo = (
  key: string,
  label: string,
  required: boolean,
  description: string,
  synonyms: readonly string[],
  example = 'Yes',
): FieldSpec => ({
  key,
  label,
  type: 'boolean',
  required,
  description,
  accepted: 'Yes/No, Y/N, True/False, 1/0.',
  example,
  synonyms,
});

export const identifier = (
  key: string,
  label: string,
  required: boolean,
  description: string,
  synonyms: readonly string[],
  example: string,
): FieldSpec => ({
  key,
  label,
  type: 'identifier',
  required,
  description,
  accepted: 'Any text or number, unique within the file.',
  example,
  synonyms,
});

export const text = (
  key: string,
  label: string,
  required: boolean,
  description: string,
  synonyms: readonly string[],
  example: string,
): FieldSpec => ({
  key,
  label,
  type: 'text',
  required,
  description,
  accepted: 'Any text.',
  example,
  synonyms,
});
