/**
 * The other protected characteristics of a generated person, as ESR spells them: sexual orientation,
 * religious belief, gender identity (the same as at birth), marital status, and pregnancy or maternity leave
 * at the snapshot. Each is drawn from its own hash of the staff number and the characteristic, not from the
 * trust's random stream, so adding them changed no other generated value, and a person keeps the same
 * answers every year (declaration campaigns aside, which these fields do not model).
 *
 * Shares are rough national orders of magnitude for NHS staff records (many not recorded or not stated),
 * enough for the dashboard and its declaration rates to look like a real trust's; they are not statistics.
 */
import type { Person } from './people.js';

type Weighted = readonly (readonly [string, number])[];

const SEXUAL_ORIENTATION: Weighted = [
  ['Heterosexual or Straight', 72],
  ['Gay or Lesbian', 2],
  ['Bisexual', 1.2],
  ['Other sexual orientation not listed', 0.3],
  ['Undecided', 0.5],
  ['Not stated (person asked but declined to provide a response)', 14],
  ['Unspecified', 10],
];
const RELIGION: Weighted = [
  ['Christianity', 45],
  ['Atheism', 18],
  ['Islam', 6],
  ['Hinduism', 3],
  ['Sikhism', 0.8],
  ['Buddhism', 0.8],
  ['Judaism', 0.3],
  ['Jainism', 0.1],
  ['Other', 4],
  ['I do not wish to disclose my religion/belief', 12],
  ['Unspecified', 10],
];
const GENDER_IDENTITY: Weighted = [
  ['Yes', 70],
  ['No', 0.5],
  ['Prefer not to say', 9],
  ['', 20.5],
];
const MARITAL_STATUS: Weighted = [
  ['Married', 45],
  ['Civil Partnership', 1],
  ['Single', 35],
  ['Legally Separated', 1.5],
  ['Divorced', 6],
  ['Widowed', 1],
  ['Not Disclosed', 3],
  ['Unknown', 7.5],
];

/** A number in [0, 1) from the staff number and a salt (FNV-1a, then a final mix). */
function unit(staffNumber: string, salt: string): number {
  let h = 0x811c9dc5;
  for (const c of `${salt}:${staffNumber}`) {
    h ^= c.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 2 ** 32;
}

function pick(table: Weighted, u: number): string {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let x = u * total;
  for (const [value, w] of table) {
    if (x < w) return value;
    x -= w;
  }
  return table[table.length - 1]![0];
}

export interface OtherCharacteristicsText {
  sexual_orientation: string;
  religion: string;
  gender_identity: string;
  marital_status: string;
  pregnancy_maternity: string;
}

/**
 * A person's other characteristics as ESR text. Pregnancy and maternity: about 4% of women aged 20 to 44
 * at the snapshot are pregnant or on maternity leave, everyone else "No".
 */
export function otherCharacteristicsText(p: Person, age: number): OtherCharacteristicsText {
  const n = p.staffNumber;
  return {
    sexual_orientation: pick(SEXUAL_ORIENTATION, unit(n, 'sexual-orientation')),
    religion: pick(RELIGION, unit(n, 'religion')),
    gender_identity: pick(GENDER_IDENTITY, unit(n, 'gender-identity')),
    marital_status: pick(MARITAL_STATUS, unit(n, 'marital-status')),
    pregnancy_maternity:
      p.female && age >= 20 && age <= 44 && unit(n, `maternity:${age}`) < 0.04 ? 'Yes' : 'No',
  };
}
