/**
 * Data quality: how many people declared their ethnicity and disability, overall and by care group. Low
 * declaration undermines every indicator, so it is shown with each import and on the dashboard.
 *
 * In a file whose blank characteristics are taken from the workforce record (cases, incidents, panels,
 * pay: `FieldSpec.blankFromWorkforce`), a blank is counted apart as "from the workforce record", not as
 * not known; an explicit 99 or Z in such a file is not known or not stated as anywhere else.
 */
import type { DisabilityCode } from '../engine/classification/disability.js';
import { nationalCategory, type EthnicityCode } from '../engine/classification/ethnicity.js';

export interface DeclarationCounts {
  total: number;
  /** Ethnicity Z: asked and declined to say. */
  ethnicityNotStated: number;
  /** Ethnicity 99 (blank, unspecified): not known. */
  ethnicityNotKnown: number;
  disabilityUnknown: number;
  /** Blank where the workforce record stands in (null on the record): the person's ESR value is used. */
  ethnicityFromWorkforce: number;
  disabilityFromWorkforce: number;
  ethnicityDeclaredPct: number | null;
  disabilityDeclaredPct: number | null;
}

export interface DataQuality extends DeclarationCounts {
  byCareGroup: ({ careGroup: string } & DeclarationCounts)[];
}

interface Person {
  ethnicity: EthnicityCode | null;
  disability: DisabilityCode | null;
  unitPath?: readonly string[];
}

const pct = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 100;

function count(people: readonly Person[]): DeclarationCounts {
  let notStated = 0;
  let notKnown = 0;
  let disabilityUnknown = 0;
  let ethnicityFromWorkforce = 0;
  let disabilityFromWorkforce = 0;
  for (const p of people) {
    if (p.ethnicity === null) ethnicityFromWorkforce++;
    else if (p.ethnicity === 'Z') notStated++;
    else if (nationalCategory(p.ethnicity) === null) notKnown++;
    if (p.disability === null) disabilityFromWorkforce++;
    else if (p.disability === 'U') disabilityUnknown++;
  }
  const total = people.length;
  return {
    total,
    ethnicityNotStated: notStated,
    ethnicityNotKnown: notKnown,
    disabilityUnknown,
    ethnicityFromWorkforce,
    disabilityFromWorkforce,
    // Declared in the file itself; blanks the workforce record fills are not the file's declaration.
    ethnicityDeclaredPct: pct(total - notStated - notKnown - ethnicityFromWorkforce, total),
    disabilityDeclaredPct: pct(total - disabilityUnknown - disabilityFromWorkforce, total),
  };
}

/** Declaration rates of records that carry characteristics (workforce, recruitment, board, and the files whose blanks the workforce record fills). */
export function declarationRates(people: readonly Person[]): DataQuality {
  const groups = new Map<string, Person[]>();
  for (const p of people) {
    const careGroup = p.unitPath?.[0];
    if (!careGroup) continue;
    const list = groups.get(careGroup);
    if (list) list.push(p);
    else groups.set(careGroup, [p]);
  }
  return {
    ...count(people),
    byCareGroup: [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b, 'en-GB'))
      .map(([careGroup, list]) => ({ careGroup, ...count(list) })),
  };
}
