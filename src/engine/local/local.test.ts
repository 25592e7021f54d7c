import { describe, expect, it } from 'vitest';
import { computeIndicators } from '../compute.js';
import { rateText } from '../stats/rate.js';
import { toPublication } from '../suppression/publication.js';
import type { LocalMetricDefinition } from './types.js';
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

  it('reads a rate of events per head in the unit it declares, everywhere the figure is published', () => {
    const incidents = CULTURE_DASHBOARD_EXAMPLES.find(
      (d) => d.id === 'violence-abuse-incidents-by-ethnicity',
    )!;
    expect(incidents.statistic).toEqual({ type: 'rate', unit: { per: 100, of: 'staff' } });
    const perHead: LocalMetricDefinition = {
      ...incidents,
      id: 'incidents-per-head',
      statistic: { type: 'rate', unit: { per: 1, of: 'head' } },
    };
    const results = computeIndicators({
      year: 2024,
      datasets: fixtureTrust(),
      only: [incidents.id, perHead.id],
      localMetrics: [incidents, perHead],
    });
    for (const suppress of [false, true]) {
      const [per100, per1] = toPublication(results, { suppress }).map((p) => p.parts[0]!.tables[0]!);
      // The unit is the column's name; the cells are numbers in it, never a percentage.
      expect(per100!.columns).toEqual(['Numerator', 'Denominator', 'Rate per 100 staff']);
      expect(per1!.columns).toEqual(['Numerator', 'Denominator', 'Rate per head']);
      const rates = [...per100!.rows, ...per1!.rows].map((r) => r.cells[2]!.text);
      expect(rates.filter((t) => t.includes('%'))).toEqual([]);
      expect(per100!.rows.map((r) => r.cells[2]!.text).filter((t) => t !== '*' && t !== '–')).not.toEqual([]);
      // Per head shows as fine a step as per 100: three decimals where per 100 has one.
      for (const [j, row] of per100!.rows.entries()) {
        const a = row.cells[2]!.text;
        const b = per1!.rows[j]!.cells[2]!.text;
        if (a === '*' || a === '–') expect(b).toBe(a);
        else expect(Number(b) * 100).toBeCloseTo(Number(a), 1);
        if (b !== '*' && b !== '–') expect(b).toMatch(/^\d+\.\d{3}$/);
      }
    }
    // The change is compared in the unit, at its precision.
    const change = results.local.find((l) => l.id === perHead.id)!.change ?? [];
    expect(rateText(0.0615, { per: 1, of: 'head' }, 1)).toBe('0.062 per head');
    expect(rateText(0.0615, { per: 100, of: 'staff' }, 1)).toBe('6.2 per 100 staff');
    expect(rateText(0.0615, 'percent', 1)).toBe('6.2%');
    expect(change.every((c) => c.current === null || c.current < 1)).toBe(true);
  });

  it('checks a rate’s unit', () => {
    const base = CULTURE_DASHBOARD_EXAMPLES.find((d) => d.id === 'violence-abuse-incidents-by-ethnicity')!;
    const problems = (unit: unknown) => {
      const v = validateLocalMetric(
        JSON.parse(JSON.stringify({ ...base, statistic: { type: 'rate', unit } })),
      );
      return v.ok ? [] : v.problems.map((p) => p.path);
    };
    expect(problems('percent')).toEqual([]);
    expect(problems({ per: 1000, of: 'staff in post' })).toEqual([]);
    expect(problems('per head')).toEqual(['$.statistic.unit']);
    expect(problems({ per: 7, of: '' })).toEqual(['$.statistic.unit.per', '$.statistic.unit.of']);
    expect(problems({ per: 100, of: 'staff', scale: 2 })).toEqual(['$.statistic.unit.scale']);
  });

  it("takes a recruitment record's care group from its vacancy, and names no person's field on it", () => {
    // Applications name no person (an applicant may never be staff): their care group is the vacancy's.
    const byCareGroup = {
      id: 'appointed-by-care-group',
      title: 'Appointed by care group',
      population: { dataset: 'recruitment', at: { type: 'financialYear', dateField: 'applicationDate' } },
      characteristic: 'wres',
      outcome: { type: 'condition', where: [{ field: 'appointed', op: 'eq', value: true }] },
      statistic: { type: 'relativeLikelihood', outcomeIs: 'favourable' },
      breakdown: ['careGroup'],
    };
    expect(validateLocalMetric(byCareGroup)).toMatchObject({ ok: true });
    const datasets = fixtureTrust();
    const results = computeIndicators({
      year: 2024,
      datasets,
      only: [byCareGroup.id],
      localMetrics: [byCareGroup],
    });
    const metric = results.local[0]!.parts[0]!.metric;
    const rows = metric.breakdowns[0]!.rows.map((r) => r.key);
    expect(rows).toEqual(['Medicine']);
    // A workforce field means nothing on an application.
    const personField = validateLocalMetric({
      ...byCareGroup,
      population: { ...byCareGroup.population, where: [{ field: 'bankOnly', op: 'eq', value: true }] },
    });
    expect(personField.ok ? [] : personField.problems.map((p) => p.path)).toEqual([
      '$.population.where[0].field',
    ]);
    // Nor can an outcome be linked to an application by person.
    const linked = validateLocalMetric({
      ...byCareGroup,
      outcome: { type: 'linked', dataset: 'workforce', at: { type: 'snapshot' } },
    });
    expect(linked.ok ? [] : linked.problems.map((p) => p.path)).toEqual(['$.outcome.type']);
  });
});
