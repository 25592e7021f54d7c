/**
 * A generated trust has what the Bank WRES and MWRES read: bank-only workers with a last worked date (some
 * too long ago to be active) and their moves into substantive posts, medical staff, and NHS England's
 * survey figures for medical and bank respondents, all loaded through the real loader and computed by the
 * engine.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StatisticResult } from '../engine/algebra/results.js';
import { computeIndicators } from '../engine/compute.js';
import type { SurveyAggregateRecord, WorkforceRecord } from '../engine/records.js';
import { loadFile } from '../ingest/load.js';
import { createPseudonymiser } from '../ingest/pseudonymise.js';
import { generate } from './generate.js';

const out = mkdtempSync(path.join(tmpdir(), 'parity-gen-bank-medical-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const pseudonymise = createPseudonymiser('generator-bank-medical-test-key-0123456789');

async function load(file: string, dataset: 'workforce' | 'survey_aggregate', year = 2024) {
  const result = await loadFile(
    { buffer: readFileSync(path.join(out, `DHF/${year}`, file)), fileName: file },
    { pseudonymise, dataset },
  );
  expect(result.ok, JSON.stringify(result.issues.kinds.slice(0, 3))).toBe(true);
  return result.records;
}

describe('a generated trust for the Bank WRES and MWRES', () => {
  it('has active and inactive bank-only workers, doctors, moves into substantive posts, and survey figures for medical and bank respondents', async () => {
    await generate({
      seed: 7,
      trusts: 1,
      staff: 800,
      national: false,
      years: [2023, 2024],
      format: 'csv',
      datasets: ['workforce', 'survey_aggregate'],
      out,
    });
    const workforce = (await load('workforce.csv', 'workforce')) as WorkforceRecord[];
    const before = (await load('workforce.csv', 'workforce', 2023)) as WorkforceRecord[];
    const survey = (await load('survey_aggregate.csv', 'survey_aggregate')) as SurveyAggregateRecord[];

    const bank = workforce.filter((r) => r.bankOnly);
    expect(bank.length).toBeGreaterThan(20);
    expect(bank.every((r) => typeof r.lastWorkedDate === 'string')).toBe(true);
    // Substantive staff with a second, bank assignment have one too; most substantive staff do not.
    const substantive = workforce.filter((r) => !r.bankOnly);
    expect(substantive.filter((r) => r.lastWorkedDate).length).toBeLessThan(substantive.length / 10);
    // Active: last worked from 1 October 2023 to the snapshot.
    const active = bank.filter((r) => r.lastWorkedDate! >= '2023-10-01' && r.lastWorkedDate! <= '2024-03-31');
    expect(active.length).toBeLessThan(bank.length);
    expect(active.length).toBeGreaterThan(bank.length / 2);

    const results = computeIndicators({
      year: 2024,
      datasets: { workforce: [...before, ...workforce], surveyAggregates: survey },
      only: [
        'BWRES1',
        'BWRES4',
        'BWRES5',
        'BWRES6',
        'BWRES7',
        'BWRES8',
        'MWRES1',
        'MWRES5',
        'MWRES10',
        'WRES1',
      ],
    });
    const result = (id: string): StatisticResult =>
      results.indicators.find((i) => i.id === id)!.parts[0]!.metric.result;
    const bwres1 = result('BWRES1');
    expect(bwres1.type === 'distribution' && bwres1.overall.total).toBe(active.length);
    const wres1 = result('WRES1');
    expect(wres1.type === 'distribution' && wres1.overall.total).toBe(
      workforce.filter((r) => !r.bankOnly).length,
    );
    const doctors = workforce.filter((r) => !r.bankOnly && r.staffGroup === 'MEDICAL_DENTAL');
    expect(doctors.length).toBeGreaterThan(20);
    const mwres1 = result('MWRES1');
    expect(mwres1.type === 'distribution' && mwres1.overall.total).toBe(doctors.length);
    // The bank survey: answered by some of the active bank-only workers, its figures filed under each
    // Bank WRES indicator.
    for (const id of ['BWRES4', 'BWRES5', 'BWRES6', 'BWRES7']) {
      const r = result(id);
      expect(r.type === 'surveyPercentage' && r.source, id).toBe('aggregates');
      const bases = r.type === 'surveyPercentage' ? r.groups.reduce((n, g) => n + g.base, 0) : 0;
      expect(bases, id).toBeGreaterThan(0);
      expect(bases, id).toBeLessThanOrEqual(active.length);
    }
    // Route of entry: the active bank-only workers of 31 March 2023, some of whom hold a substantive post
    // a year later.
    const activeBefore = before.filter(
      (r) => r.bankOnly && r.lastWorkedDate! >= '2022-10-01' && r.lastWorkedDate! <= '2023-03-31',
    );
    const now = new Map(workforce.map((r) => [r.personId, r]));
    const moved = activeBefore.filter((r) => now.get(r.personId)?.bankOnly === false);
    expect(moved.length).toBeGreaterThan(0);
    const bwres8 = result('BWRES8');
    const all = bwres8.type === 'relativeLikelihood' ? bwres8.all : undefined;
    expect([all?.numerator, all?.denominator]).toEqual([moved.length, activeBefore.length]);
    for (const id of ['MWRES5', 'MWRES10']) {
      const r = result(id);
      expect(r.type === 'surveyPercentage' && r.source, id).toBe('aggregates');
      const bme = r.type === 'surveyPercentage' ? r.groups.find((g) => g.group === 'BME') : undefined;
      expect(bme?.base, id).toBeGreaterThan(0);
    }
  });
});
