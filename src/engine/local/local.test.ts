import { describe, expect, it } from 'vitest';
import { computeIndicators } from '../compute.js';
import { fixtureTrust } from '../__golden__/trust.fixture.js';
import { CULTURE_DASHBOARD_EXAMPLES } from './examples/culture-dashboard.js';
import { validateLocalMetric } from './validate.js';

describe('local metric definitions', () => {
  it('ships at least eight valid Culture Dashboard examples with distinct ids', () => {
    expect(CULTURE_DASHBOARD_EXAMPLES.length).toBeGreaterThanOrEqual(8);
    expect(new Set(CULTURE_DASHBOARD_EXAMPLES.map((d) => d.id)).size).toBe(CULTURE_DASHBOARD_EXAMPLES.length);
    for (const d of CULTURE_DASHBOARD_EXAMPLES) {
      const v = validateLocalMetric(JSON.parse(JSON.stringify(d)));
      expect(v.ok ? [] : v.problems, d.id).toEqual([]);
    }
  });

  it('lists every problem with its JSON path', () => {
    const v = validateLocalMetric({
      id: 'Bad Id',
      population: {
        dataset: 'workforce',
        where: [{ field: 'colour', op: 'like', value: 1 }],
        at: { type: 'financialYear', dateField: 'date' },
      },
      characteristic: { scheme: 'wres', reference: 'PURPLE' },
      outcome: { type: 'value', field: 'fte' },
      statistic: { type: 'relativeLikelihood' },
      breakdown: ['careGroup', 'planet'],
      window: { years: 3, method: 'POOLED' },
      extra: true,
    });
    expect(v.ok).toBe(false);
    const paths = v.ok ? [] : v.problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '$.extra',
        '$.id',
        '$.title',
        '$.population.where[0].field',
        '$.population.where[0].op',
        '$.population.at.dateField',
        '$.characteristic.reference',
        '$.outcome',
        '$.statistic.outcomeIs',
        '$.breakdown[1]',
        '$.window.years',
      ]),
    );
  });

  it('checks the parts against each other', () => {
    const base = { id: 'x', title: 'X', population: { dataset: 'pay', at: { type: 'snapshot' } } };
    const noRef = validateLocalMetric({
      ...base,
      characteristic: 'ageBand',
      outcome: { type: 'value', field: 'hourlyPay' },
      statistic: { type: 'payGap', measure: 'mean' },
    });
    expect(noRef.ok ? [] : noRef.problems.map((p) => p.path)).toEqual(['$.characteristic']);
    const withRef = validateLocalMetric({
      ...base,
      characteristic: { scheme: 'ageBand', reference: '35_44', comparison: 'UNDER_25' },
      outcome: { type: 'value', field: 'hourlyPay' },
      statistic: { type: 'payGap', measure: 'mean' },
    });
    expect(withRef.ok).toBe(true);
    const surveyOnPay = validateLocalMetric({
      ...base,
      characteristic: 'wres',
      statistic: { type: 'surveyPercentage', measure: 'hba_public' },
    });
    expect(surveyOnPay.ok ? [] : surveyOnPay.problems.map((p) => p.path)).toEqual(['$.population.dataset']);
    const board = {
      id: 'b',
      title: 'B',
      population: { dataset: 'board', at: { type: 'snapshot' } },
      characteristic: 'wres',
    };
    const comparison = { dataset: 'workforce', at: { type: 'snapshot' } };
    const labelled = validateLocalMetric({
      ...board,
      statistic: {
        type: 'representationDifference',
        group: 'BME',
        comparison,
        labels: { population: 'Board', comparison: 'Workforce' },
      },
    });
    expect(labelled.ok).toBe(true);
    const badLabels = validateLocalMetric({
      ...board,
      statistic: {
        type: 'representationDifference',
        group: 'BME',
        comparison,
        labels: { population: '', comparison: 3 },
      },
    });
    expect(badLabels.ok ? [] : badLabels.problems.map((p) => p.path)).toEqual(['$.statistic.labels']);
    expect(validateLocalMetric('text')).toEqual({
      ok: false,
      problems: [{ path: '$', message: 'must be an object' }],
    });
  });

  it('computes the examples on the fixture trust, and reports invalid ones without computing them', () => {
    const results = computeIndicators({
      year: 2024,
      datasets: fixtureTrust(),
      only: CULTURE_DASHBOARD_EXAMPLES.map((d) => d.id),
      localMetrics: [...CULTURE_DASHBOARD_EXAMPLES, { id: 'broken' }],
    });
    expect(results.indicators).toEqual([]);
    expect(results.local.map((l) => l.id)).toEqual(CULTURE_DASHBOARD_EXAMPLES.map((d) => d.id));
    expect(results.localProblems.map((p) => p.id)).toEqual(['broken']);
    const byId = (id: string) => results.local.find((l) => l.id === id)!.parts[0]!.metric;

    // Disciplinary by care group, one year: BME P08 (Medicine) and leaver L2 (Surgery); White P01 (Medicine).
    const disciplinary = byId('formal-disciplinary-by-care-group');
    expect(
      disciplinary.result.type === 'relativeLikelihood' && disciplinary.result.relativeLikelihood.value,
    ).toBeCloseTo(2 / 20 / (1 / 36), 10);
    const medicine = disciplinary.breakdowns[0]!.rows.find((r) => r.key === 'Medicine')!.result;
    expect(
      medicine.type === 'relativeLikelihood' && medicine.groups.map((g) => [g.group, g.numerator]),
    ).toEqual([
      ['WHITE', 1],
      ['BME', 1],
      ['UNKNOWN', 0],
    ]);

    // Mentoring participants: P26 (White), P37 and P38 (BME).
    const mentoring = byId('mentoring-participants-by-ethnicity').result;
    expect(mentoring.type === 'distribution' && mentoring.overall.groups.map((g) => g.count)).toEqual([
      1, 2, 0,
    ]);

    // Shortlisting: applications in the FY by application date: White 20 (+1 never shortlisted but appointed), BME 16, unknown 4.
    const shortlisting = byId('shortlisting-by-ethnicity').result;
    expect(
      shortlisting.type === 'relativeLikelihood' &&
        shortlisting.groups.map((g) => [g.numerator, g.denominator]),
    ).toEqual([
      [10, 21],
      [8, 16],
      [2, 4],
    ]);

    // Senior representation: Band 8c+ and VSM are P15-P18: BME 1 of 4 = 25%, workforce 33.33%.
    const senior = byId('senior-leadership-representation').result;
    expect(senior.type === 'representationDifference' && senior.difference).toBeCloseTo(25 - 100 / 3, 10);
  });
});
