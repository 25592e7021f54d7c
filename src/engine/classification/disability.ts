/**
 * Disability (WDES, standards.md §2): Disabled, non-disabled, or unknown (not declared, prefer not to say,
 * unspecified, blank). Unknown is reported as its own group and kept out of every ratio.
 */
import { closest, normaliseLabel, type Parsed } from './text.js';

export type DisabilityCode = 'Y' | 'N' | 'U';
export type WdesGroup = 'DISABLED' | 'NON_DISABLED' | 'UNKNOWN';

const YES = [
  'Y',
  'YES',
  'DISABLED',
  'TRUE',
  '1',
  'YES DISABLED',
  'I AM DISABLED',
  'YES I CONSIDER MYSELF TO HAVE A DISABILITY',
  'YES LIMITED A LOT',
  'YES LIMITED A LITTLE',
  'HAS A DISABILITY',
];
const NO = [
  'N',
  'NO',
  'NOT DISABLED',
  'NON DISABLED',
  'NONDISABLED',
  'FALSE',
  '0',
  'NO DISABILITY',
  'NO NOT DISABLED',
  'NO I DO NOT CONSIDER MYSELF TO HAVE A DISABILITY',
];
const UNKNOWN = [
  '',
  'U',
  'UNKNOWN',
  'NOT DECLARED',
  'PREFER NOT TO ANSWER',
  'PREFER NOT TO SAY',
  'UNSPECIFIED',
  'UNDEFINED',
  'NOT KNOWN',
  'NOT STATED',
  'NULL',
  'N A',
  'NA',
  'DECLINED',
  'NOT RECORDED',
  'DO NOT WISH TO DISCLOSE',
];

const TABLE = new Map<string, DisabilityCode>([
  ...YES.map((v): [string, DisabilityCode] => [v, 'Y']),
  ...NO.map((v): [string, DisabilityCode] => [v, 'N']),
  ...UNKNOWN.map((v): [string, DisabilityCode] => [v, 'U']),
]);

export function parseDisability(raw: string | boolean | null | undefined): Parsed<DisabilityCode> {
  if (typeof raw === 'boolean') return { ok: true, value: raw ? 'Y' : 'N' };
  const label = normaliseLabel(raw ?? '');
  const code = TABLE.get(label);
  if (code) return { ok: true, value: code };
  // Recruitment systems' long forms: "I do not wish to disclose whether or not I have a disability".
  if (/\b(NOT WISH TO (DISCLOSE|SAY)|PREFER NOT TO)\b/.test(label)) return { ok: true, value: 'U' };
  return {
    ok: false,
    suggestions: closest(raw ?? '', ['Yes', 'No', 'Not Declared', 'Prefer not to answer', 'Unspecified']),
  };
}

export function wdesGroup(code: DisabilityCode): WdesGroup {
  return code === 'Y' ? 'DISABLED' : code === 'N' ? 'NON_DISABLED' : 'UNKNOWN';
}

export const disabilityDeclared = (code: DisabilityCode): boolean => code !== 'U';
