/**
 * The protected characteristics ESR holds beyond ethnicity, disability, sex and age: sexual orientation,
 * religion or belief, gender identity, marriage or civil partnership, and pregnancy and maternity (when the
 * extract carries it). Each is a code list whose codes are also the groups of its characteristic scheme.
 *
 * Two kinds of "not known" are kept apart in every list: NOT_STATED (the person was asked and chose not to
 * say: "I do not wish to disclose", "Prefer not to say", SOM code Z) and UNKNOWN (nothing recorded: blank,
 * "Unspecified", "Not known"). Neither is ever a reference or comparison group, and neither counts as
 * declared.
 *
 * The value strings follow ESR's equality fields and the NHS Sexual Orientation Monitoring standard (SCCI
 * 2080: 1 Heterosexual or Straight, 2 Gay or Lesbian, 3 Bisexual, 4 Other sexual orientation not listed, U
 * not sure, Z not stated, 9 not known). They are taken from the published ESR field values as far as they
 * are known here; the exact label text of each ESR release is UNCONFIRMED (standards.md Q8 asks the same of
 * ethnicity), so every list also reads the usual short forms and matches labels ignoring case and
 * punctuation.
 */
import { closest, normaliseLabel, type Parsed } from './text.js';

export const NOT_STATED = 'NOT_STATED';
export const NOT_KNOWN = 'UNKNOWN';

/** The characteristics of this module, by the name of their record field. */
export const PROTECTED_FIELDS = [
  'sexualOrientation',
  'religion',
  'genderIdentity',
  'maritalStatus',
  'pregnancyMaternity',
] as const;
export type ProtectedField = (typeof PROTECTED_FIELDS)[number];

interface CodeList {
  /** Groups in display order, NOT_STATED and UNKNOWN last, with their labels. */
  labels: Readonly<Record<string, string>>;
  /** Accepted values (normalised as `normaliseLabel` does) and their code. */
  values: Readonly<Record<string, string>>;
  /** Values shown as suggestions for an unknown one. */
  shown: readonly string[];
}

const COMMON_NOT_STATED = [
  'NOT STATED',
  'PREFER NOT TO SAY',
  'PREFER NOT TO ANSWER',
  'NOT DECLARED',
  'DECLINED',
  'DO NOT WISH TO DISCLOSE',
  'I DO NOT WISH TO DISCLOSE',
  'NOT DISCLOSED',
  'Z',
];
const COMMON_UNKNOWN = [
  '',
  'UNSPECIFIED',
  'UNDEFINED',
  'UNKNOWN',
  'NOT KNOWN',
  'NOT RECORDED',
  'NULL',
  '9',
  '99',
];

const withDefaults = (values: Record<string, string>): Record<string, string> => ({
  ...Object.fromEntries(COMMON_NOT_STATED.map((v) => [v, NOT_STATED])),
  ...Object.fromEntries(COMMON_UNKNOWN.map((v) => [v, NOT_KNOWN])),
  ...values,
});

const STATED_LABELS = { NOT_STATED: 'Prefer not to say', UNKNOWN: 'Not recorded' } as const;

export const PROTECTED_CODE_LISTS: Readonly<Record<ProtectedField, CodeList>> = {
  sexualOrientation: {
    labels: {
      HETEROSEXUAL: 'Heterosexual or straight',
      GAY_LESBIAN: 'Gay or lesbian',
      BISEXUAL: 'Bisexual',
      OTHER: 'Other sexual orientation',
      UNDECIDED: 'Undecided or not sure',
      ...STATED_LABELS,
    },
    values: withDefaults({
      '1': 'HETEROSEXUAL',
      HETEROSEXUAL: 'HETEROSEXUAL',
      STRAIGHT: 'HETEROSEXUAL',
      'HETEROSEXUAL OR STRAIGHT': 'HETEROSEXUAL',
      'STRAIGHT OR HETEROSEXUAL': 'HETEROSEXUAL',
      '2': 'GAY_LESBIAN',
      GAY: 'GAY_LESBIAN',
      LESBIAN: 'GAY_LESBIAN',
      'GAY OR LESBIAN': 'GAY_LESBIAN',
      'GAY WOMAN LESBIAN': 'GAY_LESBIAN',
      'GAY MAN': 'GAY_LESBIAN',
      '3': 'BISEXUAL',
      BISEXUAL: 'BISEXUAL',
      '4': 'OTHER',
      OTHER: 'OTHER',
      'OTHER SEXUAL ORIENTATION': 'OTHER',
      'OTHER SEXUAL ORIENTATION NOT LISTED': 'OTHER',
      U: 'UNDECIDED',
      UNDECIDED: 'UNDECIDED',
      'NOT SURE': 'UNDECIDED',
      'PERSON ASKED AND DOES NOT KNOW OR IS NOT SURE': 'UNDECIDED',
      'NOT STATED PERSON ASKED BUT DECLINED TO PROVIDE A RESPONSE': NOT_STATED,
      'I DO NOT WISH TO DISCLOSE MY SEXUAL ORIENTATION': NOT_STATED,
    }),
    shown: [
      'Heterosexual or Straight',
      'Gay or Lesbian',
      'Bisexual',
      'Other sexual orientation not listed',
      'Undecided',
      'Not stated (person asked but declined to provide a response)',
      'Unspecified',
    ],
  },
  religion: {
    labels: {
      ATHEISM: 'Atheism or no religion',
      BUDDHISM: 'Buddhism',
      CHRISTIANITY: 'Christianity',
      HINDUISM: 'Hinduism',
      ISLAM: 'Islam',
      JAINISM: 'Jainism',
      JUDAISM: 'Judaism',
      SIKHISM: 'Sikhism',
      OTHER: 'Other religion or belief',
      ...STATED_LABELS,
    },
    values: withDefaults({
      ATHEISM: 'ATHEISM',
      ATHEIST: 'ATHEISM',
      'NO RELIGION': 'ATHEISM',
      NONE: 'ATHEISM',
      BUDDHISM: 'BUDDHISM',
      BUDDHIST: 'BUDDHISM',
      CHRISTIANITY: 'CHRISTIANITY',
      CHRISTIAN: 'CHRISTIANITY',
      HINDUISM: 'HINDUISM',
      HINDU: 'HINDUISM',
      ISLAM: 'ISLAM',
      MUSLIM: 'ISLAM',
      JAINISM: 'JAINISM',
      JAIN: 'JAINISM',
      JUDAISM: 'JUDAISM',
      JEWISH: 'JUDAISM',
      SIKHISM: 'SIKHISM',
      SIKH: 'SIKHISM',
      OTHER: 'OTHER',
      'OTHER RELIGION': 'OTHER',
      'ANY OTHER RELIGION': 'OTHER',
      'I DO NOT WISH TO DISCLOSE MY RELIGION BELIEF': NOT_STATED,
      'I DO NOT WISH TO DISCLOSE MY RELIGION OR BELIEF': NOT_STATED,
    }),
    shown: [
      'Atheism',
      'Buddhism',
      'Christianity',
      'Hinduism',
      'Islam',
      'Jainism',
      'Judaism',
      'Sikhism',
      'Other',
      'I do not wish to disclose my religion/belief',
      'Unspecified',
    ],
  },
  genderIdentity: {
    labels: {
      SAME_AS_BIRTH: 'Gender identity the same as at birth',
      DIFFERENT_FROM_BIRTH: 'Gender identity different from at birth',
      ...STATED_LABELS,
    },
    // The question is "Is your gender identity the same as the sex you were registered at birth?".
    values: withDefaults({
      Y: 'SAME_AS_BIRTH',
      YES: 'SAME_AS_BIRTH',
      SAME: 'SAME_AS_BIRTH',
      'SAME AS AT BIRTH': 'SAME_AS_BIRTH',
      'SAME AS BIRTH': 'SAME_AS_BIRTH',
      N: 'DIFFERENT_FROM_BIRTH',
      NO: 'DIFFERENT_FROM_BIRTH',
      DIFFERENT: 'DIFFERENT_FROM_BIRTH',
      'DIFFERENT FROM BIRTH': 'DIFFERENT_FROM_BIRTH',
      'DIFFERENT FROM AT BIRTH': 'DIFFERENT_FROM_BIRTH',
      TRANS: 'DIFFERENT_FROM_BIRTH',
    }),
    shown: ['Yes', 'No', 'Prefer not to say', 'Unspecified'],
  },
  maritalStatus: {
    labels: {
      MARRIED: 'Married',
      CIVIL_PARTNERSHIP: 'In a civil partnership',
      SINGLE: 'Single',
      SEPARATED: 'Separated',
      DIVORCED: 'Divorced or civil partnership dissolved',
      WIDOWED: 'Widowed or surviving civil partner',
      ...STATED_LABELS,
    },
    values: withDefaults({
      MARRIED: 'MARRIED',
      'CIVIL PARTNERSHIP': 'CIVIL_PARTNERSHIP',
      'CIVIL PARTNER': 'CIVIL_PARTNERSHIP',
      'IN A CIVIL PARTNERSHIP': 'CIVIL_PARTNERSHIP',
      SINGLE: 'SINGLE',
      'NEVER MARRIED': 'SINGLE',
      SEPARATED: 'SEPARATED',
      'LEGALLY SEPARATED': 'SEPARATED',
      DIVORCED: 'DIVORCED',
      'DISSOLVED CIVIL PARTNERSHIP': 'DIVORCED',
      'CIVIL PARTNERSHIP DISSOLVED': 'DIVORCED',
      WIDOWED: 'WIDOWED',
      WIDOW: 'WIDOWED',
      WIDOWER: 'WIDOWED',
      'SURVIVING CIVIL PARTNER': 'WIDOWED',
    }),
    shown: [
      'Married',
      'Civil Partnership',
      'Single',
      'Legally Separated',
      'Divorced',
      'Widowed',
      'Not Disclosed',
      'Unknown',
    ],
  },
  pregnancyMaternity: {
    labels: {
      PREGNANT_OR_MATERNITY: 'Pregnant or on maternity or adoption leave',
      NOT_PREGNANT_OR_MATERNITY: 'Not pregnant or on maternity leave',
      ...STATED_LABELS,
    },
    values: withDefaults({
      Y: 'PREGNANT_OR_MATERNITY',
      YES: 'PREGNANT_OR_MATERNITY',
      PREGNANT: 'PREGNANT_OR_MATERNITY',
      MATERNITY: 'PREGNANT_OR_MATERNITY',
      'MATERNITY LEAVE': 'PREGNANT_OR_MATERNITY',
      'ON MATERNITY LEAVE': 'PREGNANT_OR_MATERNITY',
      'MATERNITY AND ADOPTION': 'PREGNANT_OR_MATERNITY',
      'ADOPTION LEAVE': 'PREGNANT_OR_MATERNITY',
      N: 'NOT_PREGNANT_OR_MATERNITY',
      NO: 'NOT_PREGNANT_OR_MATERNITY',
    }),
    shown: ['Yes', 'No', 'Prefer not to say', 'Unspecified'],
  },
};

/** The groups of a characteristic in display order (NOT_STATED and UNKNOWN last). */
export function protectedGroups(field: ProtectedField): string[] {
  return Object.keys(PROTECTED_CODE_LISTS[field].labels);
}

/** The label of a group, e.g. protectedLabel('religion', 'ISLAM') = "Islam"; an unknown id as it is. */
export function protectedLabel(field: ProtectedField, id: string): string {
  const labels = PROTECTED_CODE_LISTS[field].labels;
  return Object.hasOwn(labels, id) ? labels[id]! : id;
}

const TABLES = Object.fromEntries(
  PROTECTED_FIELDS.map((f) => [
    f,
    new Map(Object.entries(PROTECTED_CODE_LISTS[f].values).map(([k, v]) => [normaliseLabel(k), v])),
  ]),
) as Record<ProtectedField, Map<string, string>>;

/**
 * Reads one value of a characteristic: its code (a group id; blank is UNKNOWN), or suggestions. A group id
 * itself is accepted ("GAY_LESBIAN"), so canonical files read back as they were written.
 * parseProtected('religion', 'I do not wish to disclose my religion/belief') = NOT_STATED.
 */
export function parseProtected(field: ProtectedField, raw: string | null | undefined): Parsed<string> {
  const label = normaliseLabel(raw ?? '');
  const code = TABLES[field].get(label);
  if (code) return { ok: true, value: code };
  const id = label.replace(/ /g, '_');
  if (Object.hasOwn(PROTECTED_CODE_LISTS[field].labels, id)) return { ok: true, value: id };
  return { ok: false, suggestions: closest(raw ?? '', PROTECTED_CODE_LISTS[field].shown) };
}

/** Whether a group counts as declared: anything but NOT_STATED and UNKNOWN. */
export const protectedDeclared = (code: string): boolean => code !== NOT_STATED && code !== NOT_KNOWN;
