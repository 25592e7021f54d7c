/** Sex as recorded (ESR: Male / Female). Pay gap measures use F and M; other values are reported, not compared. */
import { closest, normaliseLabel, type Parsed } from './text.js';

export type SexCode = 'F' | 'M' | 'X' | 'U';

const TABLE = new Map<string, SexCode>([
  ['F', 'F'],
  ['FEMALE', 'F'],
  ['WOMAN', 'F'],
  ['W', 'F'],
  ['M', 'M'],
  ['MALE', 'M'],
  ['MAN', 'M'],
  ['X', 'X'],
  ['I', 'X'],
  ['INDETERMINATE', 'X'],
  ['OTHER', 'X'],
  ['NON BINARY', 'X'],
  ['', 'U'],
  ['U', 'U'],
  ['UNKNOWN', 'U'],
  ['NOT KNOWN', 'U'],
  ['NOT STATED', 'U'],
  ['NOT SPECIFIED', 'U'],
  ['PREFER NOT TO SAY', 'U'],
  ['UNSPECIFIED', 'U'],
  ['NULL', 'U'],
]);

export function parseSex(raw: string | null | undefined): Parsed<SexCode> {
  const code = TABLE.get(normaliseLabel(raw ?? ''));
  if (code) return { ok: true, value: code };
  return { ok: false, suggestions: closest(raw ?? '', ['Female', 'Male', 'Indeterminate', 'Unknown']) };
}
