/**
 * Labels that cannot collide, and the words for every code (issue 13). A group id means something only
 * within its scheme; every code has words a person reads.
 */
import { describe, expect, it } from 'vitest';
import { comparisonGroup, groupLabel, COMPARISON_GROUP } from './algebra/characteristics.js';
import { dimensionLabel } from './algebra/statistics.js';
import type { PayGapResult } from './algebra/results.js';
import { SOURCES, type SourceRef } from './catalogue/sources.js';
import { nationalCatalogue } from './catalogue/index.js';
import { NATIONAL_ETHNIC_CATEGORIES } from './classification/ethnicity.js';
import { computeIndicators } from './compute.js';
import { fixtureTrust } from './__golden__/trust.fixture.js';
import {
  bandText,
  codeText,
  FIELD_TEXT,
  fieldText,
  flagText,
  intervalMethodText,
  reasonText,
  settingValueText,
  sourcesText,
} from './labels.js';
import type { PayRecord } from './records.js';
import { defaultSettings, ENGINE_SETTINGS, type SettingId } from './settings.js';
import { REASONS, type Reason } from './stats/values.js';

/** Upper snake case, camelCase, or a bare source reference: what a person must never read. */
const MACHINE = /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\b[a-z]+[A-Z][a-zA-Z]*\b|\bS\d+[a-z]?\b/;

describe('group labels', () => {
  it('looks a group up through its scheme: F and M are women and men only in the sex scheme', () => {
    expect(groupLabel('sex', 'F')).toBe('Women');
    expect(groupLabel('sex', 'M')).toBe('Men');
    expect(groupLabel('ethnicityCategory', 'F')).toBe(NATIONAL_ETHNIC_CATEGORIES.F);
    expect(groupLabel('ethnicityCategory', 'F')).toBe('Mixed - White and Asian');
    expect(groupLabel('ethnicityCategory', 'M')).toBe('Black or Black British - Caribbean');
    expect(groupLabel('ethnicityCategory', 'WHITE_BRITISH')).toBe('White British');
    expect(groupLabel('wres', 'UNKNOWN')).toBe('Unknown / not stated');
    expect(groupLabel('ageBand', '25_34')).toBe('25 to 34');
    expect(groupLabel('ageBand', 'UNDER_25')).toBe('Under 25');
    expect(groupLabel('ageBand', 'ALL_AGES')).toBe('All ages');
  });

  it('labels the ethnicity pay gap by ethnic category with the categories, never "Women" and "Men"', () => {
    const data = fixtureTrust();
    const pay: PayRecord[] = [...(data.pay ?? [])];
    const add = (ethnicity: string, n: number, weekly: number) => {
      for (let i = 0; i < n; i++)
        pay.push({
          personId: `${ethnicity}-${i}`,
          snapshotDate: '2024-03-31',
          ordinaryPay: weekly + i,
          payPeriod: 'weekly',
          periodDays: null,
          weeklyHours: 37.5,
          bonusInPeriod: 0,
          bonus12Months: 0,
          fullPayRelevant: true,
          grade: null,
          staffGroup: null,
          ethnicity,
          disability: 'N',
          sex: i % 2 === 0 ? 'F' : 'M',
        });
    };
    // Enough people in categories F and M that neither is combined into the smaller groups.
    add('F', 12, 700);
    add('M', 12, 650);
    add('A', 12, 800);
    const results = computeIndicators({ year: 2024, datasets: { ...data, pay }, only: ['EPG_MEAN'] });
    const part = results.indicators[0]!.parts.find((p) => p.key === 'category')!;
    const gap = part.metric.result as PayGapResult;
    expect(gap.type).toBe('payGap');
    const labels = new Map(gap.comparisons.map((c) => [c.group, c.label]));
    expect(labels.get('F')).toBe('Mixed - White and Asian');
    expect(labels.get('M')).toBe('Black or Black British - Caribbean');
    expect(gap.reference.label).toBe('White British');
    const every = [gap.reference, ...gap.comparisons, ...gap.excluded].map((g) => g.label);
    expect(every).not.toContain('Women');
    expect(every).not.toContain('Men');
  });
});

describe('breakdown values and comparison groups: one source each', () => {
  it('reads every breakdown and row key as words, a bare split or group code too', () => {
    expect(dimensionLabel('NON_CLINICAL:AFC_5')).toBe('Non-clinical: Band 5');
    expect(dimensionLabel('MEDICAL:CLUSTER_6')).toMatch(/^Medical and dental: /);
    expect(dimensionLabel('SPLIT_UNKNOWN')).toBe('Staff group not recorded');
    expect(dimensionLabel('MEDICAL')).toBe('Medical and dental');
    expect(dimensionLabel('CLINICAL')).toBe('Clinical');
    expect(dimensionLabel('NOT_RECORDED')).toBe('Not recorded');
    for (const key of [
      'SPLIT_UNKNOWN',
      'MEDICAL',
      'GRADE_NOT_RECORDED',
      'OUTSIDE_CLUSTERS',
      'SPLIT_UNKNOWN:AFC_2',
    ])
      expect(dimensionLabel(key)).not.toMatch(MACHINE);
  });

  it('names the comparison group of each standard once, as the schemes compare it', () => {
    expect(COMPARISON_GROUP).toEqual({ wres: 'BME', wdes: 'DISABLED', sex: 'F', epg: 'ETHNIC_MINORITY' });
    expect(comparisonGroup('wres')).toBe('BME');
    expect(comparisonGroup('ageBand')).toBeNull();
    expect(comparisonGroup('toString')).toBeNull();
  });
});

describe('the label table', () => {
  it('gives every flag, band, interval method and reason words, never the code', () => {
    const words = [
      flagText('LOW_N'),
      flagText('SMALL_GROUP'),
      bandText('ADVERSE'),
      bandText('NON_ADVERSE'),
      bandText('FAVOURS_PROTECTED_GROUP'),
      intervalMethodText('KOOPMAN_SCORE'),
      intervalMethodText('KATZ_LOG'),
      ...(Object.keys(REASONS) as Reason[]).map(reasonText),
    ];
    for (const w of words) expect(w).not.toMatch(MACHINE);
    expect(bandText('FAVOURS_PROTECTED_GROUP')).toBe('favours the protected group');
  });

  it('reads field names as words: "Mean hourly pay by group"', () => {
    expect(`Mean ${fieldText('hourlyPay')} by group`).toBe('Mean hourly pay by group');
    expect(fieldText('bonus12Months')).toBe('bonus pay in the 12 months');
    for (const [name, words] of Object.entries(FIELD_TEXT)) expect(words, name).not.toMatch(MACHINE);
    expect(fieldText('someNewField')).toBe('some new field');
  });

  it('reads the value of every setting, at its default, as words', () => {
    const s = defaultSettings();
    for (const id of Object.keys(ENGINE_SETTINGS) as SettingId[])
      expect(settingValueText(id, s[id]), id).not.toMatch(MACHINE);
    expect(settingValueText('recruitment.appointmentAttribution', 'APPOINTMENT_DATE')).toBe(
      'the year of the appointment decision',
    );
    expect(
      settingValueText('workforce.nonClinicalStaffGroups', ['ADMIN_CLERICAL', 'ESTATES_ANCILLARY']),
    ).toBe('Administrative and Clerical, Estates and Ancillary');
  });

  it('names every source the catalogue refers to by its title', () => {
    for (const entry of nationalCatalogue(defaultSettings())) {
      for (const ref of entry.references) expect(SOURCES[ref], `${entry.id} ${ref}`).toBeDefined();
      expect(sourcesText(entry.references), entry.id).not.toMatch(MACHINE);
    }
    expect(sourcesText(['S1', 'S13'] as SourceRef[])).toBe(
      'NHS Blood and Transplant, Workforce Race Equality Standard; Ethnicity facts and figures, Success of shortlisted NHS job applicants',
    );
  });

  it('spells out any other code met in stored data', () => {
    expect(codeText('LOWER_IS_BETTER')).toBe('Lower is better');
    expect(codeText('NON_EXEC')).toBe('Non-executive director');
    expect(codeText('ADMIN_CLERICAL')).toBe('Administrative and Clerical');
    expect(codeText('dignity_at_work')).toBe('Dignity at work (bullying and harassment)');
    expect(codeText('monthsToSnapshot')).toBe('Months to snapshot');
    expect(codeText('hourlyPay')).toBe('Hourly pay');
  });
});
