/**
 * National figures regrouped by another protected characteristic (algebra/regroup.ts), on the
 * twenty-person fixture of `__golden__/characteristics.fixture.ts` with one non-mandatory training record
 * for each person appraised there; every number is derived by hand in `__golden__/REGROUP.md`.
 */
import { describe, expect, it } from 'vitest';
import { characteristicsTrust, PEOPLE } from './__golden__/characteristics.fixture.js';
import { createContext } from './algebra/context.js';
import { evaluateMetric } from './algebra/evaluate.js';
import { groupLikelihoods, regroupDefinition } from './algebra/regroup.js';
import type { CharacteristicScheme } from './algebra/types.js';
import { nationalCatalogue } from './catalogue/national.js';
import type { LearningRecord } from './records.js';
import { resolveSettings } from './settings.js';

const r6 = (x: number | null | undefined): number | null =>
  x === null || x === undefined ? null : Math.round(x * 1e6) / 1e6;

function trust() {
  const learning: LearningRecord[] = PEOPLE.filter((r) => r[10]).map((r) => ({
    recordId: `L${r[0]}`,
    personId: r[0],
    kind: 'cpd',
    activity: 'Leadership course',
    startDate: '2023-09-01',
    completedDate: null,
  }));
  return { ...characteristicsTrust(), learning };
}

function regrouped(id: string, scheme: CharacteristicScheme, overrides: Record<string, unknown> = {}) {
  const { settings } = resolveSettings(overrides);
  const def = nationalCatalogue(settings).find((e) => e.id === id)!.parts[0]!.definition;
  const ctx = createContext(2024, trust(), settings);
  const headline = evaluateMetric(def, ctx);
  const again = regroupDefinition(def, scheme)!;
  const m = evaluateMetric(again, ctx);
  if (m.result.type !== 'relativeLikelihood') throw new Error(m.result.type);
  const outcomeIs = again.statistic.type === 'relativeLikelihood' ? again.statistic.outcomeIs : null;
  const rls = groupLikelihoods(m.result.groups, scheme, outcomeIs, settings);
  return {
    headline,
    all: [m.result.all.numerator, m.result.all.denominator],
    groups: Object.fromEntries(
      m.result.groups.map((g) => {
        const rl = rls.find((x) => x.group === g.group)!;
        return [g.group, [g.numerator, g.denominator, rl.role, r6(rl.likelihood?.value)]];
      }),
    ),
  };
}

describe('golden: national figures regrouped by another protected characteristic, 2024', () => {
  it('leaves the headline as NHS England defines it: WRES 4 White 7/10 over BME 4/8 = 1.4', () => {
    const { headline } = regrouped('WRES4', 'religion');
    expect(headline.result.type).toBe('relativeLikelihood');
    if (headline.result.type !== 'relativeLikelihood') return;
    expect(headline.result.scheme).toBe('wres');
    expect(r6(headline.result.relativeLikelihood.value)).toBe(1.4);
  });

  it('compares each stated sexual orientation with heterosexual (WRES 4, training, favourable)', () => {
    const r = regrouped('WRES4', 'sexualOrientation');
    expect(r.all).toEqual([12, 20]);
    expect(r.groups).toEqual({
      HETEROSEXUAL: [8, 11, 'reference', null],
      GAY_LESBIAN: [2, 2, 'compared', 0.727273],
      BISEXUAL: [0, 1, 'compared', null],
      OTHER: [1, 1, 'compared', 0.727273],
      UNDECIDED: [0, 1, 'compared', null],
      NOT_STATED: [1, 2, 'apart', null],
      UNKNOWN: [0, 2, 'apart', null],
    });
  });

  it('compares each stated religion or belief with Christianity', () => {
    const r = regrouped('WRES4', 'religion');
    expect(r.all).toEqual([12, 20]);
    expect(r.groups).toEqual({
      ATHEISM: [2, 2, 'compared', 0.571429],
      BUDDHISM: [0, 1, 'compared', null],
      CHRISTIANITY: [4, 7, 'reference', null],
      HINDUISM: [1, 1, 'compared', 0.571429],
      ISLAM: [1, 2, 'compared', 1.142857],
      JAINISM: [1, 1, 'compared', 0.571429],
      JUDAISM: [1, 1, 'compared', 0.571429],
      SIKHISM: [1, 1, 'compared', 0.571429],
      OTHER: [1, 1, 'compared', 0.571429],
      NOT_STATED: [0, 2, 'apart', null],
      UNKNOWN: [0, 1, 'apart', null],
    });
  });

  it('takes the reference group from the settings', () => {
    const r = regrouped('WRES4', 'sexualOrientation', {
      'characteristics.referenceGroups': {
        sexualOrientation: 'GAY_LESBIAN',
        religion: 'CHRISTIANITY',
        genderIdentity: 'SAME_AS_BIRTH',
        marriage: 'SINGLE',
        pregnancy: 'NOT_PREGNANT_OR_MATERNITY',
        ageBand: null,
      },
    });
    expect(r.groups.GAY_LESBIAN).toEqual([2, 2, 'reference', null]);
    // Favourable: reference over group, 1 / (8/11) = 1.375.
    expect(r.groups.HETEROSEXUAL).toEqual([8, 11, 'compared', 1.375]);
  });

  it('orients an unfavourable outcome group over reference, and leaves other statistics alone', () => {
    const { settings } = resolveSettings();
    const groups = [
      { group: 'CHRISTIANITY', label: '', numerator: 2, denominator: 40, value: 0.05, reason: null },
      { group: 'ISLAM', label: '', numerator: 3, denominator: 20, value: 0.15, reason: null },
      { group: 'NOT_STATED', label: '', numerator: 1, denominator: 5, value: 0.2, reason: null },
    ];
    const [ref, islam, apart] = groupLikelihoods(groups, 'religion', 'unfavourable', settings);
    expect(ref!.role).toBe('reference');
    // (3/20) / (2/40) = 0.15 / 0.05 = 3.
    expect(r6(islam!.likelihood?.value)).toBe(3);
    expect(apart).toEqual({ group: 'NOT_STATED', role: 'apart', likelihood: null });
    expect(groupLikelihoods(groups, 'religion', null, settings)[1]!.likelihood).toBeNull();
    const wres1 = nationalCatalogue(settings).find((e) => e.id === 'WRES1')!.parts[0]!.definition;
    expect(regroupDefinition(wres1, 'religion')).toBeNull();
  });
});
