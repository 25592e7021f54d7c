/**
 * Which count the disclosure ledger withholds to protect a small one (issue 13 item 1): the one that
 * carries the least. Unknown rows, small counts, other quarters and other care groups go before the
 * organisation's yearly totals and before the groups being compared.
 */
import { describe, expect, it } from 'vitest';
import { complementCost } from './disclosure.js';

const cheapestOf = (cells: Record<string, number>) =>
  Object.entries(cells).sort(([a, x], [b, y]) => complementCost(a, x) - complementCost(b, y))[0]![0];

describe('the cost of withholding a count to protect another', () => {
  it('in one table, the unknown group before the total, and the total before the groups compared', () => {
    const at = 'WRES2|main|Surgery|2024#';
    expect(
      cheapestOf({ [`${at}n:ALL`]: 60, [`${at}n:WHITE`]: 45, [`${at}n:BME`]: 11, [`${at}n:UNKNOWN`]: 9 }),
    ).toBe(`${at}n:UNKNOWN`);
    // No unknown to take: the total, though larger, rather than the BME count the likelihood is made of.
    expect(cheapestOf({ [`${at}n:ALL`]: 60, [`${at}n:WHITE`]: 45, [`${at}n:BME`]: 15 })).toBe(`${at}n:ALL`);
  });

  it('another quarter’s count before the organisation’s yearly total (the 93 cases of the demo trust)', () => {
    const year = 'dashboard.cases.wres|main|ALL|2024#t:*';
    const quarter = 'dashboard.cases.wres|main|ALL|2024Q2#t:*';
    const quarterGroup = 'dashboard.cases.wres|main|ALL|2024Q2#c:*:BME';
    expect(cheapestOf({ [year]: 93, [quarter]: 24 })).toBe(quarter);
    expect(cheapestOf({ [year]: 93, [quarterGroup]: 9 })).toBe(quarterGroup);
  });

  it('another care group’s count before the organisation’s, a directorate’s before its care group’s', () => {
    const trust = 'WRES3|main|ALL|2024#n:BME';
    const careGroup = 'WRES3|main|Surgery and Anaesthetics|2024#n:BME';
    const directorate = 'WRES3|main|Surgery and Anaesthetics > Theatres|2024#n:BME';
    expect(cheapestOf({ [trust]: 20, [careGroup]: 12 })).toBe(careGroup);
    expect(cheapestOf({ [careGroup]: 12, [directorate]: 9 })).toBe(directorate);
  });

  it('a row of a breakdown before the figure itself, and a month before its quarter', () => {
    expect(
      cheapestOf({
        'WRES2|main|ALL|2024#n:ALL': 40,
        'WRES2|main|ALL|2024/staffGroup=NURSING_MIDWIFERY#n:ALL': 30,
      }),
    ).toBe('WRES2|main|ALL|2024/staffGroup=NURSING_MIDWIFERY#n:ALL');
    expect(cheapestOf({ 'm|main|ALL|2024Q1#n:BME': 9, 'm|main|ALL|2024M05#n:BME': 30 })).toBe(
      'm|main|ALL|2024M05#n:BME',
    );
  });

  it('reads a distribution’s rows, whose keys hold “|” and “:”', () => {
    const at = 'dashboard.cases.wres|main|ALL|2024#';
    expect(
      cheapestOf({ [`${at}t:disciplinary | true`]: 18, [`${at}c:disciplinary | true:UNKNOWN`]: 9 }),
    ).toBe(`${at}c:disciplinary | true:UNKNOWN`);
    expect(cheapestOf({ [`${at}t:disciplinary | true`]: 18, [`${at}c:disciplinary | true:BME`]: 9 })).toBe(
      `${at}t:disciplinary | true`,
    );
  });
});
