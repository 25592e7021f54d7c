/**
 * Pay gaps (standards.md §8) in the metric algebra: the six gender pay gap measures of SI 2017/353
 * Schedule 1, the ethnicity pay gap of the 2023 guidance (White British against all other ethnic groups,
 * and disaggregated by ONS group and by ethnic category with small groups combined), and the disability
 * pay gap (non-disabled reference by default).
 */
import type { CharacteristicSpec, Condition, MetricDefinition, PopulationSpec } from '../algebra/types.js';
import type { EngineSettings } from '../settings.js';
import type { SourceRef } from './sources.js';
import type { CatalogueEntry, CataloguePart, Standard } from './types.js';

const relevant = (where: Condition[] = []): PopulationSpec => ({
  dataset: 'pay',
  where,
  at: { type: 'snapshot' },
});
const FULL_PAY: Condition = { field: 'fullPayRelevant', op: 'eq', value: true };
const HAS_BONUS: Condition = { field: 'bonus12Months', op: 'gt', value: 0 };

interface Variant {
  key: string;
  label: string;
  characteristic: CharacteristicSpec;
  combine: boolean;
}

const SIGN = 'Positive: the reference group is paid more; negative: the comparison group is paid more.';

function measures(
  standard: Standard,
  name: string,
  variants: Variant[],
  binary: Variant,
  s: EngineSettings,
  references: SourceRef[],
): CatalogueEntry[] {
  const threshold = s['paygap.smallGroupThreshold'];
  const entry = (
    suffix: string,
    title: string,
    formula: string,
    methodology: string,
    parts: CataloguePart[],
    adverseDirection: CatalogueEntry['adverseDirection'] = 'TOWARDS_ZERO',
  ): CatalogueEntry => ({
    id: `${standard}_${suffix}`,
    standard,
    number: suffix.toLowerCase().replace(/_/g, ' '),
    title: `${name}: ${title}`,
    formula,
    orientation: null,
    adverseDirection,
    source: 'Payroll: the pay period containing the 31 March snapshot, bonuses in the 12 months to it',
    methodology,
    references,
    settings: [
      'paygap.daysInPayPeriod',
      'paygap.quartileRemainderRule',
      'paygap.smallGroupThreshold',
      'paygap.disabilityReferenceGroup',
      'ethnicity.whiteBritishCodes',
    ],
    checks: [],
    parts,
  });
  const part = (
    v: Variant,
    id: string,
    title: string,
    def: Omit<MetricDefinition, 'id' | 'title' | 'characteristic'>,
  ): CataloguePart => ({
    key: v.key,
    label: v.label,
    definition: {
      id: `${id}.${v.key}`,
      title: `${title} (${v.label})`,
      characteristic: v.characteristic,
      ...def,
    },
  });
  const gap = (
    measure: 'mean' | 'median',
    field: 'hourlyPay' | 'bonus12Months',
    pop: PopulationSpec,
    list: Variant[],
    id: string,
    title: string,
  ) =>
    list.map((v) =>
      part(v, id, title, {
        population: pop,
        outcome: { type: 'value', field },
        statistic: { type: 'payGap', measure, ...(v.combine ? { combineGroupsBelow: threshold } : {}) },
      }),
    );
  const id = (suffix: string) => `${standard}_${suffix}`;
  return [
    entry(
      'MEAN',
      'mean hourly pay gap',
      'gap = (mean hourly pay of the reference group - mean of the comparison group) / mean of the reference group x 100',
      `Full-pay relevant employees at the snapshot date. Hourly pay = (ordinary pay + bonus in the period) x 7 / days in the pay period / weekly hours. ${SIGN}`,
      gap('mean', 'hourlyPay', relevant([FULL_PAY]), variants, id('MEAN'), 'Mean hourly pay gap'),
    ),
    entry(
      'MEDIAN',
      'median hourly pay gap',
      'gap = (median hourly pay of the reference group - median of the comparison group) / median of the reference group x 100',
      `As the mean gap, with medians (even count: the mean of the two middle values). ${SIGN}`,
      gap('median', 'hourlyPay', relevant([FULL_PAY]), variants, id('MEDIAN'), 'Median hourly pay gap'),
    ),
    entry(
      'BONUS_MEAN',
      'mean bonus gap',
      'gap = (mean bonus of the reference group - mean of the comparison group) / mean of the reference group x 100, over those who received a bonus',
      `Relevant employees (not only full-pay) who received bonus pay in the 12 months to the snapshot; actual amounts, not adjusted for part-time work. ${SIGN}`,
      gap('mean', 'bonus12Months', relevant([HAS_BONUS]), [binary], id('BONUS_MEAN'), 'Mean bonus gap'),
    ),
    entry(
      'BONUS_MEDIAN',
      'median bonus gap',
      'gap = (median bonus of the reference group - median of the comparison group) / median of the reference group x 100',
      `As the mean bonus gap, with medians. ${SIGN}`,
      gap('median', 'bonus12Months', relevant([HAS_BONUS]), [binary], id('BONUS_MEDIAN'), 'Median bonus gap'),
    ),
    entry(
      'BONUS_PROPORTION',
      'proportion receiving a bonus',
      'proportion = relevant employees of the group who received bonus pay / relevant employees of the group x 100',
      "Relevant employees at the snapshot date; bonus pay in the 12 months to it. Change: the comparison group's proportion minus the reference group's, improved when it moved towards zero.",
      [
        part(binary, id('BONUS_PROPORTION'), 'Proportion receiving a bonus', {
          population: relevant(),
          outcome: { type: 'condition', where: [HAS_BONUS] },
          statistic: { type: 'rate' },
        }),
      ],
    ),
    entry(
      'QUARTILES',
      'pay quartiles',
      'rank full-pay relevant employees by hourly pay; four bands of equal size (remainder rule); % of each group in each band',
      "Employees with the same hourly pay who straddle a band boundary are shared so that each group's share at that rate is, as far as possible, the same in each band (reg 13(2)); the extra employees when the count is not a multiple of four go by the remainder rule setting (UNCONFIRMED).",
      variants
        .filter((v) => v.key !== 'category')
        .map((v) =>
          part(v, id('QUARTILES'), 'Pay quartiles', {
            population: relevant([FULL_PAY]),
            outcome: { type: 'value', field: 'hourlyPay' },
            statistic: { type: 'payQuartiles' },
          }),
        ),
      'NONE',
    ),
  ];
}

export function payGapCatalogue(s: EngineSettings): CatalogueEntry[] {
  const sex: Variant = { key: 'main', label: 'Men and women', characteristic: 'sex', combine: false };
  const epg: Variant = {
    key: 'main',
    label: 'White British and ethnic minorities',
    characteristic: 'epg',
    combine: false,
  };
  const ons: Variant = {
    key: 'ons',
    label: 'By ONS ethnic group',
    characteristic: 'ethnicityOns',
    combine: true,
  };
  const category: Variant = {
    key: 'category',
    label: 'By ethnic category',
    characteristic: 'ethnicityCategory',
    combine: true,
  };
  const reference = s['paygap.disabilityReferenceGroup'];
  const dpg: Variant = {
    key: 'main',
    label: 'Disabled and non-disabled',
    characteristic: {
      scheme: 'wdes',
      reference,
      comparison: reference === 'NON_DISABLED' ? 'DISABLED' : 'NON_DISABLED',
    },
    combine: false,
  };
  const representation: CatalogueEntry = {
    id: 'EPG_REPRESENTATION',
    standard: 'EPG',
    number: 'representation',
    title: 'Ethnicity pay gap: employees in each ethnic group, and not disclosed',
    formula: 'pct(g) = relevant employees in group g / all relevant employees x 100, not disclosed included',
    orientation: null,
    adverseDirection: 'NONE',
    source: 'Payroll at the 31 March snapshot',
    methodology:
      'The two representation measures of the 2023 guidance: the share of each ethnic group and the share not disclosing.',
    references: ['S27', 'S28'],
    settings: ['ethnicity.whiteBritishCodes', 'ethnicity.chineseBroadGroup'],
    checks: [],
    parts: [
      {
        key: 'main',
        label: 'By ONS ethnic group',
        definition: {
          id: 'EPG_REPRESENTATION',
          title: 'Relevant employees by ethnic group',
          population: relevant(),
          characteristic: 'ethnicityOns',
          statistic: { type: 'distribution' },
        },
      },
    ],
  };
  return [
    ...measures('GPG', 'Gender pay gap', [sex], sex, s, ['S29', 'S30', 'S31']),
    ...measures('EPG', 'Ethnicity pay gap', [epg, ons, category], epg, s, ['S27', 'S28', 'S43']),
    representation,
    ...measures('DPG', 'Disability pay gap', [dpg], dpg, s, ['S47']),
  ];
}
