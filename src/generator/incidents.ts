/**
 * Incidents of violence, aggression or abuse against staff in the financial year, canonical headers, as an
 * incident system (Datix-like) exports them: most in emergency departments, mental health wards and
 * ambulance operations; racial abuse reported by BME staff, disability-related abuse by Disabled staff.
 */
import { DATASETS } from '../ingest/schemas/index.js';
import {
  esrDisability,
  esrEthnicity,
  sexText,
  unitNames,
  type DatasetContext,
  type DatasetRows,
} from './context.js';
import { isoDate } from './dates.js';
import { PATTERNS } from './parameters.js';
import { Categorical, Rng } from './random.js';
import { DEPARTMENT_KINDS } from './structure.js';
import type { Cell } from './writers.js';

export const INCIDENT_KEYS = DATASETS.incidents.fields.map((f) => f.key).filter((k) => k !== 'org_path');

const CATEGORY = new Categorical<string>([
  ['Verbal abuse', 50],
  ['Physical assault', 24],
  ['Threatening behaviour', 16],
  ['Sexual harassment', 6],
  ['Spitting', 4],
]);
const SOURCE = new Categorical<string>([
  ['Patient', 76],
  ['Relative', 10],
  ['Public', 8],
  ['Staff', 4],
  ['Unknown', 2],
]);

export function incidentRows(ctx: DatasetContext): DatasetRows {
  const I = PATTERNS.incidents;
  const rng = Rng.for(ctx.seed, ctx.history.plan.odsCode, 'incidents', ctx.year);
  const found: { day: number; values: Record<string, Cell> }[] = [];
  for (const { state, from, to } of ctx.state.roster) {
    const kind = ctx.history.departments[state.main.unit]!.kind;
    const exposure = (to - from + 1) / 365;
    const count = rng.poisson(
      I.perStaff * DEPARTMENT_KINDS[kind].incidents * exposure * (state.main.contract === 'Bank' ? 0.5 : 1),
    );
    const p = state.person;
    for (let i = 0; i < count; i++) {
      const category =
        p.group === 'B' && rng.chance(I.racialAbuseShareBme)
          ? 'Racial abuse'
          : state.esrDisability === 0 && rng.chance(I.disabilityAbuseShareDisabled)
            ? 'Abuse related to disability'
            : CATEGORY.draw(rng);
      const day = from + rng.int(to - from + 1);
      const [careGroup, directorate, department] = unitNames(ctx, state.main);
      // About one report in ten does not name the member of staff affected.
      const named = rng.chance(0.9);
      found.push({
        day,
        values: {
          incident_date: isoDate(day),
          category,
          source: SOURCE.draw(rng),
          staff_number: named ? p.staffNumber : '',
          care_group: careGroup,
          directorate,
          department,
          ethnicity: named ? esrEthnicity(p) : '',
          disability: named ? esrDisability(state) : '',
          sex: named ? sexText(p) : '',
        },
      });
    }
  }
  found.sort((a, b) => a.day - b.day);
  const yy = String(ctx.year % 100).padStart(2, '0');
  function* rows(): Generator<Cell[]> {
    let seq = 0;
    for (const f of found) {
      seq++;
      const values: Record<string, Cell> = {
        ...f.values,
        incident_id: `W${yy}${String(seq).padStart(5, '0')}`,
      };
      yield INCIDENT_KEYS.map((k) => values[k] ?? null);
    }
  }
  return { layout: { header: INCIDENT_KEYS }, rows: rows() };
}
