/**
 * Board membership at 31 March, canonical headers: 12 to 16 members (chair and non-executive directors,
 * voting executive directors, non-voting directors and associate non-executives). Seats change holder now
 * and then, so the board of one year is mostly the board of the next; boards are less ethnically diverse
 * than the workforce (WRES 9) and few members declare a disability (WDES 10).
 */
import { DATASETS } from '../ingest/schemas/index.js';
import type { DatasetContext, DatasetRows } from './context.js';
import { isoDate, snapshotDay } from './dates.js';
import { PATTERNS, trended } from './parameters.js';
import { Rng } from './random.js';
import type { Cell } from './writers.js';

export const BOARD_KEYS = DATASETS.board.fields.map((f) => f.key);

interface Seat {
  role: string;
  voting: boolean;
  executive: boolean;
  /** Chance the holder is a woman. */
  female: number;
}

function seats(ctx: DatasetContext): Seat[] {
  const rng = Rng.for(ctx.seed, ctx.history.plan.odsCode, 'board-seats');
  const out: Seat[] = [{ role: 'Chair', voting: true, executive: false, female: 0.4 }];
  const neds = 5 + rng.int(3);
  for (let i = 0; i < neds; i++)
    out.push({ role: 'Non-Executive Director', voting: true, executive: false, female: 0.45 });
  out.push(
    { role: 'Chief Executive', voting: true, executive: true, female: 0.45 },
    { role: 'Director of Finance', voting: true, executive: true, female: 0.35 },
    { role: 'Medical Director', voting: true, executive: true, female: 0.3 },
    { role: 'Chief Nurse', voting: true, executive: true, female: 0.85 },
    { role: 'Chief Operating Officer', voting: true, executive: true, female: 0.5 },
  );
  const others = ['Director of People', 'Director of Strategy', 'Chief Digital Officer'].filter(() =>
    rng.chance(0.7),
  );
  for (const role of others) out.push({ role, voting: false, executive: true, female: 0.55 });
  const associates = rng.int(3);
  for (let i = 0; i < associates; i++)
    out.push({ role: 'Associate Non-Executive Director', voting: false, executive: false, female: 0.5 });
  return out.slice(0, 16);
}

const WHITE = [
  'A White - British',
  'A White - British',
  'A White - British',
  'A White - British',
  'B White - Irish',
  'C White - Any other White background',
];
const BME = [
  'H Asian or Asian British - Indian',
  'N Black or Black British - African',
  'M Black or Black British - Caribbean',
  'J Asian or Asian British - Pakistani',
  'D Mixed - White & Black Caribbean',
  'R Chinese',
  'S Any Other Ethnic Group',
];

export function boardRows(ctx: DatasetContext): DatasetRows {
  const ods = ctx.history.plan.odsCode;
  const B = PATTERNS.board;
  const snap = isoDate(snapshotDay(ctx.year));
  const out: Cell[][] = [];
  seats(ctx).forEach((seat, index) => {
    // The seat's holder this year: a new holder each time the seat turns over, counted from the base year.
    const turnover = Rng.for(ctx.seed, ods, 'board-turnover', index);
    let holder = 0;
    for (let y = PATTERNS.baseYear; y <= ctx.year; y++) if (turnover.chance(B.turnover)) holder++;
    const r = Rng.for(ctx.seed, ods, 'board-member', index, holder);
    const bme = r.chance(Math.min(0.8, trended(B.bme, 0.05, ctx.year) * ctx.history.plan.bmeFactor));
    const ethnicity = r.chance(0.03) ? 'Z Not Stated' : bme ? r.pick(BME) : r.pick(WHITE);
    const disability = r.chance(0.08) ? 'Not Declared' : r.chance(B.disabled) ? 'Yes' : 'No';
    const values: Readonly<Record<string, Cell>> = {
      member_id: `BM-${String(index + 1).padStart(2, '0')}-${holder + 1}`,
      role: seat.role,
      voting: seat.voting ? 'Yes' : 'No',
      executive: seat.executive ? 'Yes' : 'No',
      ethnicity,
      disability,
      sex: r.chance(seat.female) ? 'Female' : 'Male',
      snapshot_date: snap,
    };
    out.push(BOARD_KEYS.map((k) => values[k] ?? null));
  });
  return { layout: { header: BOARD_KEYS }, rows: out };
}
