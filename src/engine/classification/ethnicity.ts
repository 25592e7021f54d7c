/**
 * Ethnicity: NHS Data Dictionary ETHNIC CATEGORY codes (standards.md §1), the extended two-character
 * sub-codes, ESR "<code> <label>" strings and plain labels, mapped to a code; then the code to the WRES group,
 * the ethnicity-pay-gap group and the ONS broad group.
 *
 * The stored value is the code itself: one letter (A..S), a letter and a sub-code (e.g. "CA"), "Z" (asked
 * and declined to say) or "99" (not known).
 */
import { closest, normaliseLabel, type Parsed } from './text.js';

export type EthnicityCode = string;
export type EthnicityValue = EthnicityCode;

export const NATIONAL_ETHNIC_CATEGORIES: Readonly<Record<string, string>> = {
  A: 'White - British',
  B: 'White - Irish',
  C: 'White - Any other White background',
  D: 'Mixed - White and Black Caribbean',
  E: 'Mixed - White and Black African',
  F: 'Mixed - White and Asian',
  G: 'Mixed - Any other mixed background',
  H: 'Asian or Asian British - Indian',
  J: 'Asian or Asian British - Pakistani',
  K: 'Asian or Asian British - Bangladeshi',
  L: 'Asian or Asian British - Any other Asian background',
  M: 'Black or Black British - Caribbean',
  N: 'Black or Black British - African',
  P: 'Black or Black British - Any other Black background',
  R: 'Other Ethnic Groups - Chinese',
  S: 'Other Ethnic Groups - Any other ethnic group',
  Z: 'Not stated',
  '99': 'Not known',
};

/**
 * Extended sub-codes (PDS / NHS LRA vocabulary). They roll up by their first letter. The labels of SA-SE
 * are UNCONFIRMED (standards.md §1.2); they are used only for display and matching, never for grouping.
 */
export const ETHNIC_SUB_CODES: Readonly<Record<string, string>> = {
  C2: 'Northern Irish',
  C3: 'Other white, white unspecified',
  CA: 'English',
  CB: 'Scottish',
  CC: 'Welsh',
  CD: 'Cornish',
  CE: 'Cypriot (part not stated)',
  CF: 'Greek',
  CG: 'Greek Cypriot',
  CH: 'Turkish',
  CJ: 'Turkish Cypriot',
  CK: 'Italian',
  CL: 'Irish Traveller',
  CM: 'Traveller',
  CN: 'Gypsy/Romany',
  CP: 'Polish',
  CQ: 'All republics which made up the former USSR',
  CR: 'Kosovan',
  CS: 'Albanian',
  CT: 'Bosnian',
  CU: 'Croatian',
  CV: 'Serbian',
  CW: 'Other republics which made up the former Yugoslavia',
  CX: 'Mixed white',
  CY: 'Other white European, European unspecified, European mixed',
  GA: 'Black and Asian',
  GB: 'Black and Chinese',
  GC: 'Black and White',
  GD: 'Chinese and White',
  GE: 'Asian and Chinese',
  GF: 'Other Mixed, Mixed unspecified',
  LA: 'Mixed Asian',
  LB: 'Punjabi',
  LC: 'Kashmiri',
  LD: 'East African Asian',
  LE: 'Sri Lanka',
  LF: 'Tamil',
  LG: 'Sinhalese',
  LH: 'British Asian',
  LJ: 'Caribbean Asian',
  LK: 'Other Asian, Asian unspecified',
  PA: 'Somali',
  PB: 'Mixed Black',
  PC: 'Nigerian',
  PD: 'Black British',
  PE: 'Other Black, Black unspecified',
  SA: 'Vietnamese',
  SB: 'Japanese',
  SC: 'Filipino',
  SD: 'Malaysian',
  SE: 'Any other group',
};

/** The letters of the national ethnic categories, A to S (Z, not stated, is none of them). */
export const NATIONAL_CATEGORY_LETTERS: readonly string[] = 'ABCDEFGHJKLMNPRS'.split('');
const NATIONAL_LETTERS = new Set(NATIONAL_CATEGORY_LETTERS);

/** Values meaning "asked and declined" (Z) or "not known" (99). */
const DECLINED = new Set([
  'Z',
  'NOT STATED',
  'PREFER NOT TO SAY',
  'NOT DECLARED',
  'DECLINED',
  'DO NOT WISH TO DISCLOSE',
  'I DO NOT WISH TO DISCLOSE MY ETHNIC ORIGIN',
]);
const NOT_KNOWN = new Set([
  '',
  '99',
  'UNSPECIFIED',
  'UNDEFINED',
  'NOT KNOWN',
  'UNKNOWN',
  'NULL',
  'N A',
  'NA',
  'NONE',
  'NOT SPECIFIED',
  'NOT RECORDED',
]);

/** Whole-label synonyms that carry no leading code, as recruitment systems and surveys write them. */
const LABEL_SYNONYMS: Readonly<Record<string, string>> = (() => {
  const table: Record<string, string> = {};
  const add = (code: string, ...labels: string[]) => {
    for (const l of labels) table[normaliseLabel(l)] = code;
  };
  for (const [code, label] of Object.entries(NATIONAL_ETHNIC_CATEGORIES)) add(code, label);
  for (const [code, label] of Object.entries(ETHNIC_SUB_CODES)) add(code, `${label}`, `White ${label}`);
  add(
    'A',
    'White British',
    'British',
    'White: English, Welsh, Scottish, Northern Irish or British',
    'White English Welsh Scottish Northern Irish or British',
    'English Welsh Scottish Northern Irish or British',
  );
  add('B', 'White Irish', 'Irish');
  add(
    'C',
    'White Other',
    'Any other White background',
    'White - Other',
    'Other White',
    'White: Any other White background',
  );
  add('CL', 'White: Irish Traveller', 'Gypsy or Irish Traveller', 'White: Gypsy or Irish Traveller');
  add('CN', 'Roma', 'White: Roma', 'Gypsy', 'Romany');
  add(
    'D',
    'White and Black Caribbean',
    'Mixed White and Black Caribbean',
    'Mixed or Multiple ethnic groups: White and Black Caribbean',
  );
  add(
    'E',
    'White and Black African',
    'Mixed White and Black African',
    'Mixed or Multiple ethnic groups: White and Black African',
  );
  add('F', 'White and Asian', 'Mixed White and Asian', 'Mixed or Multiple ethnic groups: White and Asian');
  add(
    'G',
    'Any other mixed background',
    'Mixed Other',
    'Other Mixed',
    'Mixed - Other',
    'Mixed or Multiple ethnic groups: Any other Mixed or Multiple background',
  );
  add('H', 'Indian', 'Asian Indian', 'Asian or Asian British: Indian', 'Asian British Indian');
  add('J', 'Pakistani', 'Asian Pakistani', 'Asian or Asian British: Pakistani');
  add('K', 'Bangladeshi', 'Asian Bangladeshi', 'Asian or Asian British: Bangladeshi');
  add(
    'L',
    'Any other Asian background',
    'Asian Other',
    'Other Asian',
    'Asian - Other',
    'Asian or Asian British: Any other Asian background',
  );
  add(
    'M',
    'Caribbean',
    'Black Caribbean',
    'Black or Black British: Caribbean',
    'Black, Black British, Caribbean or African: Caribbean',
  );
  add(
    'N',
    'African',
    'Black African',
    'Black or Black British: African',
    'Black, Black British, Caribbean or African: African',
  );
  add(
    'P',
    'Any other Black background',
    'Black Other',
    'Other Black',
    'Black - Other',
    'Black, Black British, Caribbean or African: Any other Black, Black British, or Caribbean background',
  );
  add('R', 'Chinese', 'Chinese - Other ethnic group', 'Asian or Asian British: Chinese');
  add(
    'S',
    'Any other ethnic group',
    'Other ethnic group',
    'Other',
    'Other Ethnic Group: Any other ethnic group',
    'Arab',
    'Other ethnic group: Arab',
  );
  return table;
})();

/** Every label Parity recognises, for suggestions. */
const KNOWN_LABELS: readonly string[] = [
  ...Object.entries(NATIONAL_ETHNIC_CATEGORIES).map(([c, l]) => `${c} ${l}`),
  ...Object.entries(ETHNIC_SUB_CODES).map(([c, l]) => `${c} ${l}`),
];

/**
 * Reads an ethnicity value (standards.md §1.3): a known "not stated/not known" word; a leading code (the
 * first token, e.g. "C2 White Northern Irish" -> C2, "A White - British" -> A); or a whole label ("Black
 * African" -> N). A two-character code with an unknown second character is a local sub-category and rolls
 * up to its letter. Anything else is not guessed: it comes back with the closest known values.
 */
export function parseEthnicity(raw: string | null | undefined): Parsed<EthnicityCode> {
  const text = (raw ?? '').trim();
  const label = normaliseLabel(text);
  if (NOT_KNOWN.has(label)) return { ok: true, value: '99' };
  if (DECLINED.has(label)) return { ok: true, value: 'Z' };
  const token = (text.split(/[\s:\-–(]+/)[0] ?? '').toUpperCase();
  if (token === '99') return { ok: true, value: '99' };
  if (token === 'Z') return { ok: true, value: 'Z' };
  if (
    /^[A-Z][0-9A-Z]?$/.test(token) &&
    NATIONAL_LETTERS.has(token[0]!) &&
    (token.length === 1 ||
      text.length === token.length ||
      /\s/.test(text.charAt(token.length)) ||
      text.charAt(token.length) === '-')
  ) {
    return { ok: true, value: token };
  }
  const synonym = LABEL_SYNONYMS[label];
  if (synonym) return { ok: true, value: synonym };
  return { ok: false, suggestions: closest(text, KNOWN_LABELS) };
}

/** The national category letter of a code ("CA" -> "C"), or null for not stated / not known. */
export function nationalCategory(code: EthnicityCode): string | null {
  if (code === 'Z' || code === '99' || code === '') return null;
  const letter = code[0]!;
  return NATIONAL_LETTERS.has(letter) ? letter : null;
}

export function ethnicityLabel(code: EthnicityCode): string {
  return (
    ETHNIC_SUB_CODES[code] ??
    NATIONAL_ETHNIC_CATEGORIES[code] ??
    NATIONAL_ETHNIC_CATEGORIES[code[0] ?? ''] ??
    code
  );
}

export type WresGroup = 'WHITE' | 'BME' | 'UNKNOWN';

/** WRES: White = White British, Irish and any other White background (A, B, C*, including Gypsy and Traveller sub-codes); BME = D to S. */
export function wresGroup(code: EthnicityCode): WresGroup {
  const letter = nationalCategory(code);
  if (letter === null) return 'UNKNOWN';
  return letter === 'A' || letter === 'B' || letter === 'C' ? 'WHITE' : 'BME';
}

export type EpgGroup = 'WHITE_BRITISH' | 'ETHNIC_MINORITY' | 'UNKNOWN';

/**
 * Ethnicity pay gap (2023 guidance): White British is the reference; everyone else who stated an ethnicity
 * (including White Irish, White other, Gypsy and Traveller) is the comparison group. Which codes count as
 * White British is the `ethnicity.whiteBritishCodes` setting.
 */
export function epgGroup(code: EthnicityCode, whiteBritishCodes: readonly string[]): EpgGroup {
  if (nationalCategory(code) === null) return 'UNKNOWN';
  return isWhiteBritish(code, whiteBritishCodes) ? 'WHITE_BRITISH' : 'ETHNIC_MINORITY';
}

/**
 * Whether a code is in the White British set: listed itself, or a local sub-category (a second character
 * that is not a national sub-code, e.g. "A9") of a listed letter.
 */
export function isWhiteBritish(code: EthnicityCode, whiteBritishCodes: readonly string[]): boolean {
  if (whiteBritishCodes.includes(code)) return true;
  return code.length === 2 && whiteBritishCodes.includes(code[0]!) && !(code in ETHNIC_SUB_CODES);
}

export type OnsBroadGroup = 'WHITE' | 'MIXED' | 'ASIAN' | 'BLACK' | 'OTHER' | 'UNKNOWN';

/** ONS 5-way broad groups; where Chinese (R) sits is the `ethnicity.chineseBroadGroup` setting. */
export function onsBroadGroup(code: EthnicityCode, chineseBroadGroup: 'ASIAN' | 'OTHER'): OnsBroadGroup {
  const letter = nationalCategory(code);
  if (letter === null) return 'UNKNOWN';
  if ('ABC'.includes(letter)) return 'WHITE';
  if ('DEFG'.includes(letter)) return 'MIXED';
  if ('HJKL'.includes(letter)) return 'ASIAN';
  if ('MNP'.includes(letter)) return 'BLACK';
  if (letter === 'R') return chineseBroadGroup;
  return 'OTHER';
}

/** Declared: an ethnic category was recorded (not Z, not 99). */
export const ethnicityDeclared = (code: EthnicityCode): boolean => nationalCategory(code) !== null;
