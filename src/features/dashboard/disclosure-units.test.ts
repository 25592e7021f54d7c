/**
 * A care group's figures broken down by directorate become the directorates' own figures in the ledger
 * (`without`), each with its crossed views taken from the tables crossing the directorate with a second
 * characteristic.
 */
import { describe, expect, it } from 'vitest';
import type { MetricResult, StatisticResult } from '../../engine/index.js';
import { DisclosureLedger } from '../../engine/index.js';
import { coveringUnits, Disclosure, unitKey, without } from './disclosure.js';

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

describe('the units of a scope', () => {
  it('leave out a unit inside another: its records are the other’s', () => {
    expect(coveringUnits(['Surgery > Theatres', 'Surgery', 'Medicine > Cardiology'])).toEqual([
      'Medicine > Cardiology',
      'Surgery',
    ]);
    // "Surgery and Theatres" is not inside "Surgery": a unit is inside another by its path, not its name.
    expect(coveringUnits(['Surgery', 'Surgery and Theatres'])).toEqual(['Surgery', 'Surgery and Theatres']);
  });

  it('name one view, whatever the order and whichever units inside them are added', () => {
    expect(unitKey('all')).toBe('ALL');
    expect(unitKey(['Surgery', 'Surgery > Theatres'])).toBe('Surgery');
    expect(unitKey(['Surgery', 'Medicine'])).toBe('[Medicine + Surgery]');
    expect(unitKey(['Medicine', 'Surgery > Theatres', 'Surgery'])).toBe('[Medicine + Surgery]');
  });
});

describe('a row of several units together', () => {
  const ledger = new DisclosureLedger({ publication: true, threshold: 7, base: 5 });
  ledger.add('WRES2|main|Medicine > Nursing|2024#n:BME', 23);
  ledger.add('WRES2|main|Surgery > Nursing|2024#n:BME', 12);
  ledger.add('WRES2|main|Surgery > Theatres|2024#n:BME', 41);
  ledger.add('WRES2|main|Medicine > Cardiology|2024#n:BME', 18);
  const d = new Disclosure(ledger, ledger.resolve());
  const at = { unit: '[Medicine + Surgery]', period: '2024' };
  const row = (name: string, exact: number, members = ['Medicine', 'Surgery']) =>
    d.rowLookup('WRES2', 'main', at, 'directorate', name, members)('n:BME', exact).text;

  it('reads the one unit of the set that holds the row', () => {
    expect(row('Theatres', 41)).toBe('40');
    // A directorate of the set stands for itself.
    expect(row('Cardiology', 18, ['Medicine > Cardiology', 'Surgery'])).toBe('20');
  });

  it('withholds a row that is no one unit’s count: two directorates of one name added together', () => {
    expect(row('Nursing', 35)).toBe('*');
    expect(row('Nursing', 23)).toBe('25');
  });
});
