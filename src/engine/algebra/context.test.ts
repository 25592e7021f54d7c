import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WorkforceRecord } from '../records.js';
import { person } from '../__golden__/trust.fixture.js';
import { PersonIndex, stableKey } from './context.js';

const record = (personId: string, snapshotDate: string, grade: WorkforceRecord['grade'] = 'AFC_5') =>
  person(personId, snapshotDate, [1, 'A', 'N', grade, 'NURSING_MIDWIFERY', 'Medicine']);

describe('PersonIndex', () => {
  it("finds a person's record in the latest snapshot on or before a date, whatever the order given", () => {
    const a24 = record('a', '2024-03-31');
    const a23 = record('a', '2023-03-31');
    const a22 = record('a', '2022-03-31');
    const b23 = record('b', '2023-03-31');
    const index = new PersonIndex([a24, b23, a22, a23]);
    const a = index.code('a');
    const b = index.code('b');
    expect(index.at(a, '2024-03-31')).toBe(a24);
    expect(index.at(a, '2024-03-30')).toBe(a23);
    expect(index.at(a, '2023-03-31')).toBe(a23);
    expect(index.at(a, '2022-12-31')).toBe(a22);
    expect(index.at(a, '2022-03-30')).toBeNull();
    expect(index.at(b, '2024-03-31')).toBe(b23);
    expect(index.at(b, '2023-01-01')).toBeNull();
    expect(index.at(-1, '2024-03-31')).toBeNull();
    // A person met only outside the workforce has no record.
    expect(index.at(index.code('c'), '2024-03-31')).toBeNull();
  });

  it('of two records of a person on one date, takes the same one (the last in the order of its fields), in any order', () => {
    const records = [
      record('a', '2024-03-31', 'AFC_6'),
      record('a', '2024-03-31', 'AFC_5'),
      record('a', '2023-03-31', 'AFC_4'),
      record('a', '2023-03-31', 'AFC_3'),
      record('b', '2024-03-31'),
    ];
    const expected = (date: string) =>
      records
        .filter((r) => r.personId === 'a' && r.snapshotDate <= date)
        .sort(
          (x, y) =>
            (x.snapshotDate < y.snapshotDate ? -1 : x.snapshotDate > y.snapshotDate ? 1 : 0) ||
            (stableKey(x) < stableKey(y) ? -1 : stableKey(x) > stableKey(y) ? 1 : 0),
        )
        .at(-1);
    fc.assert(
      fc.property(fc.shuffledSubarray(records, { minLength: records.length }), (shuffled) => {
        const index = new PersonIndex(shuffled);
        const a = index.code('a');
        expect(index.at(a, '2024-03-31')).toBe(expected('2024-03-31'));
        expect(index.at(a, '2023-12-31')).toBe(expected('2023-12-31'));
      }),
    );
  });
});
