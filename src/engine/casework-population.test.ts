/**
 * WRES 3, WRES 4 and WDES 3 count the same people above and below the line: staff in post excludes
 * bank-only staff and non-executive directors (settings `workforce.excludeBankOnly`,
 * `workforce.excludeNonExecutives`), so their cases and learning are left out of the numerator too.
 * Figures derived by hand from the fixture trust (`__golden__/DERIVATION.md`, WRES3, WRES4 and WDES3),
 * with extra records in FY 2023/24:
 *
 * - K1: bank-only, White (A), non-disabled: a disciplinary case and a CPD record;
 * - K2: bank-only, BME (N), Disabled: disciplinary and capability (performance) cases, a CPD record;
 * - NED1: non-executive director, White, non-disabled: a disciplinary case and a CPD record.
 */
import { describe, expect, it } from 'vitest';
import type { Datasets } from './algebra/context.js';
import type { RelativeLikelihoodResult } from './algebra/results.js';
import { computeIndicators } from './compute.js';
import { caseRecord, fixtureTrust } from './__golden__/trust.fixture.js';

const kase = caseRecord;

function datasets(): Datasets {
  const data: Datasets & { ids?: unknown } = fixtureTrust();
  delete data.ids;
  return {
    ...data,
    cases: [
      ...(data.cases ?? []),
      kase('K1-D', 'K1', 'disciplinary', '2023-08-01'),
      kase('K2-D', 'K2', 'disciplinary', '2023-08-02'),
      kase('K2-C', 'K2', 'capability_performance', '2023-08-03'),
      kase('NED1-D', 'NED1', 'disciplinary', '2023-08-04'),
    ],
    learning: [
      ...(data.learning ?? []),
      ...['K1', 'K2', 'NED1'].map((personId) => ({
        recordId: `${personId}-L`,
        personId,
        kind: 'cpd' as const,
        activity: 'Course',
        startDate: '2023-09-01',
        completedDate: null,
      })),
    ],
  };
}

function rl(id: string, settings: Record<string, unknown> = {}) {
  const r = computeIndicators({ year: 2024, datasets: datasets(), only: [id], settings });
  const result = r.indicators[0]!.parts[0]!.metric.result as RelativeLikelihoodResult;
  const counts = Object.fromEntries(result.groups.map((g) => [g.group, [g.numerator, g.denominator]]));
  return { counts, value: result.relativeLikelihood.value };
}

describe('WRES 3, WRES 4 and WDES 3: numerator and denominator cover the same people', () => {
  it('leaves out the cases and learning of bank-only staff and non-executive directors, as the denominator does', () => {
    // DERIVATION.md: White 2/71, BME 3/39, unknown 1/8; RL = (3/39) / (2/71) = 213/78.
    const wres3 = rl('WRES3');
    expect(wres3.counts).toEqual({ WHITE: [2, 71], BME: [3, 39], UNKNOWN: [1, 8] });
    expect(wres3.value).toBeCloseTo(213 / 78, 9);
    // DERIVATION.md: Disabled 1/12, non-disabled 3/92, unknown 0/14; RL = (1/12) / (3/92) = 92/36.
    const wdes3 = rl('WDES3');
    expect(wdes3.counts).toEqual({ NON_DISABLED: [3, 92], DISABLED: [1, 12], UNKNOWN: [0, 14] });
    expect(wdes3.value).toBeCloseTo(92 / 36, 9);
    // DERIVATION.md: White 18/36, BME 6/20, unknown 1/4; RL = 0.5 / 0.3.
    const wres4 = rl('WRES4');
    expect(wres4.counts).toEqual({ WHITE: [18, 36], BME: [6, 20], UNKNOWN: [1, 4] });
    expect(wres4.value).toBeCloseTo(0.5 / 0.3, 9);
  });

  it('counts bank-only staff in both when the workforce includes them', () => {
    // K1 joins White (in post 2024 only): 2 + 1 = 3 over 71 + 1 = 72; K2 joins BME: 3 + 1 = 4 over 39 + 1
    // = 40. NED1 is still out of both. RL = (4/40) / (3/72) = 2.4.
    const wres3 = rl('WRES3', { 'workforce.excludeBankOnly': false });
    expect(wres3.counts).toEqual({ WHITE: [3, 72], BME: [4, 40], UNKNOWN: [1, 8] });
    expect(wres3.value).toBeCloseTo(2.4, 9);
    // K2 is Disabled: 1 + 1 = 2 over 12 + 1 = 13; K1 non-disabled adds to the denominator only: 3 / 93.
    // RL = (2/13) / (3/93) = 186/39.
    const wdes3 = rl('WDES3', { 'workforce.excludeBankOnly': false });
    expect(wdes3.counts).toEqual({ NON_DISABLED: [3, 93], DISABLED: [2, 13], UNKNOWN: [0, 14] });
    expect(wdes3.value).toBeCloseTo(186 / 39, 9);
    // WRES 4 is one year: K1 White 18 + 1 = 19 over 36 + 1 = 37; K2 BME 6 + 1 = 7 over 20 + 1 = 21.
    // RL = (19/37) / (7/21) = 57/37.
    const wres4 = rl('WRES4', { 'workforce.excludeBankOnly': false });
    expect(wres4.counts).toEqual({ WHITE: [19, 37], BME: [7, 21], UNKNOWN: [1, 4] });
    expect(wres4.value).toBeCloseTo(57 / 37, 9);
  });
});
