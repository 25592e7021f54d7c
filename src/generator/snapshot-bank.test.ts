/**
 * Learning, appraisals and the staff survey of a year describe people as that year's snapshot has them:
 * someone bank-only at 31 March 2022 who moves into a substantive post in 2023 was bank-only in 2022.
 * The rows of a year must follow the snapshot's bank-only flag (`PersonState.bankOnly`), never the flag
 * the person holds at the end of the whole run.
 */
import { describe, expect, it } from 'vitest';
import type { DatasetContext } from './context.js';
import { appraisalRows, learningRows } from './development.js';
import type { PersonState, RosterEntry, TrustHistory, YearState } from './simulate.js';
import { simulateTrust } from './simulate.js';
import { surveyRows } from './survey.js';
import { planTrusts } from './trusts.js';
import type { Cell } from './writers.js';

const SEED = 11;
const YEARS = [2022, 2023, 2024];
const plan = planTrusts({ seed: SEED, trusts: 1, staff: 900, national: false })[0]!;
const history: TrustHistory = simulateTrust(plan, SEED, YEARS);

/** The state with the person's end-of-run flag set as given (a copy: the history is left as it is). */
function withPersonFlag(s: PersonState, bankOnly: (s: PersonState) => boolean): PersonState {
  return { ...s, person: { ...s.person, bankOnly: bankOnly(s) } };
}

/** The year with every person's end-of-run bank-only flag replaced; the snapshot's own flags unchanged. */
function yearWith(year: YearState, bankOnly: (s: PersonState) => boolean): YearState {
  return {
    ...year,
    snapshot: year.snapshot.map((s) => withPersonFlag(s, bankOnly)),
    roster: year.roster.map((r): RosterEntry => ({ ...r, state: withPersonFlag(r.state, bankOnly) })),
  };
}

const ctxOf = (year: number, state: YearState): DatasetContext => ({ seed: SEED, history, year, state });
const rowsOf = (rows: Iterable<Cell[]>): Cell[][] => [...rows];

const writers = {
  learning: learningRows,
  appraisals: appraisalRows,
  survey: surveyRows,
} as const;

describe("a year's learning, appraisals and survey follow that year's snapshot of bank-only staff", () => {
  const year = history.years.get(2022)!;
  // People bank-only at 31 March 2022 whom a later year moved into a substantive post.
  const moved = year.snapshot.filter((s) => s.bankOnly && !s.person.bankOnly);

  it('the run has people who were bank-only in 2022 and substantive by 2024', () => {
    expect(moved.length).toBeGreaterThan(3);
  });

  it.each(Object.keys(writers) as (keyof typeof writers)[])(
    '%s: the same rows whatever bank-only flag the person holds at the end of the run',
    (name) => {
      const write = writers[name];
      const asSnapshot = rowsOf(
        write(
          ctxOf(
            2022,
            yearWith(year, (s) => s.bankOnly),
          ),
        ).rows,
      );
      const flipped = rowsOf(
        write(
          ctxOf(
            2022,
            yearWith(year, (s) => !s.bankOnly),
          ),
        ).rows,
      );
      expect(flipped).toEqual(asSnapshot);
    },
  );

  it('no 2022 appraisal for anyone bank-only at 31 March 2022, though they are substantive later', () => {
    const rows = rowsOf(appraisalRows(ctxOf(2022, year)).rows);
    const appraised = new Set(rows.map((r) => r[0]));
    expect(appraised.size).toBeGreaterThan(100);
    expect(moved.map((s) => s.person.staffNumber).filter((n) => appraised.has(n))).toEqual([]);
  });
});
