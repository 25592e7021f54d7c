/**
 * A care group's figures broken down by directorate become the directorates' own figures in the ledger
 * (`without`), each with its crossed views taken from the tables crossing the directorate with a second
 * characteristic.
 */
import { describe, expect, it } from 'vitest';
import type { MetricResult, StatisticResult } from '../../engine/index.js';
import { without } from './disclosure.js';

/** A stand-in result, told apart by its name (`without` only moves results about). */
const r = (name: string) => ({ type: 'rate', name }) as unknown as StatisticResult;

const careGroup = {
  result: r('care group'),
  window: { years: 2 },
  breakdowns: [
    {
      by: ['directorate'],
      rows: [
        { key: 'Acute', result: r('Acute') },
        { key: 'Theatres', result: r('Theatres') },
      ],
    },
    { by: ['sex'], rows: [{ key: 'F', result: r('F') }] },
    {
      by: ['directorate', 'sex'],
      rows: [
        { key: 'Acute | F', result: r('Acute F') },
        { key: 'Acute | M', result: r('Acute M') },
        { key: 'Theatres | F', result: r('Theatres F') },
      ],
    },
    {
      by: ['directorate', 'wdesGroup'],
      rows: [{ key: 'Theatres | DISABLED', result: r('Theatres disabled') }],
    },
  ],
} as unknown as MetricResult;

describe('a care group by directorate in the ledger', () => {
  it("makes each directorate's figure, with its crossed views, and leaves the care group its other tables", () => {
    const { metric, rows } = without(careGroup, 'directorate');
    expect(metric.breakdowns.map((b) => b.by)).toEqual([['sex']]);
    expect(metric.result).toBe(careGroup.result);
    expect(rows.map(([key]) => key)).toEqual(['Acute', 'Theatres']);
    const [acute, theatres] = rows.map(([, m]) => m);
    expect(acute).toEqual({
      ...careGroup,
      result: r('Acute'),
      window: null,
      breakdowns: [
        {
          by: ['sex'],
          rows: [
            { key: 'F', result: r('Acute F') },
            { key: 'M', result: r('Acute M') },
          ],
        },
      ],
    });
    expect(theatres!.breakdowns).toEqual([
      { by: ['sex'], rows: [{ key: 'F', result: r('Theatres F') }] },
      { by: ['wdesGroup'], rows: [{ key: 'DISABLED', result: r('Theatres disabled') }] },
    ]);
  });

  it('keeps a directorate without crossed rows, and drops crossed rows of no directorate in the table', () => {
    const { rows } = without(
      {
        ...careGroup,
        breakdowns: [
          { by: ['directorate'], rows: [{ key: 'Acute', result: r('Acute') }] },
          { by: ['directorate', 'sex'], rows: [{ key: 'Gone | F', result: r('Gone F') }] },
        ],
      },
      'directorate',
    );
    expect(rows).toEqual([['Acute', { ...careGroup, result: r('Acute'), window: null, breakdowns: [] }]]);
  });
});
