/**
 * A generated trust's interview panels agree with its recruitment export (one panel per vacancy that
 * shortlisted, the same band and unit, interviewing after shortlisting and before any offer), name staff
 * in post, and give the shipped panel metrics something to count.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeIndicators } from '../engine/compute.js';
import { RECRUITMENT_PANEL_EXAMPLES } from '../engine/local/examples/recruitment-panels.js';
import type { PanelMemberRecord, RecruitmentRecord, WorkforceRecord } from '../engine/records.js';
import { loadFile } from '../ingest/load.js';
import { createPseudonymiser } from '../ingest/pseudonymise.js';
import { generate } from './generate.js';

/** A 1,000-staff trust in CI; PARITY_PROOFS=full makes it a large trust's 20,000. */
const STAFF = process.env.PARITY_PROOFS === 'full' ? 20_000 : 1_000;
const out = mkdtempSync(path.join(tmpdir(), 'parity-gen-panels-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const pseudonymise = createPseudonymiser('generator-panels-test-key-0123456789abc');

async function load(
  file: string,
  dataset: 'workforce' | 'recruitment' | 'panels',
  known?: Set<string>,
  year = 2024,
) {
  const result = await loadFile(
    { buffer: readFileSync(path.join(out, 'DHF', String(year), file)), fileName: file },
    { pseudonymise, ...(known ? { knownPersons: known } : {}) },
  );
  expect(result.dataset).toBe(dataset);
  expect(result.ok, JSON.stringify(result.issues.kinds.slice(0, 3))).toBe(true);
  return result;
}

describe('generated interview panels', () => {
  it('follow the recruitment export and feed the panel metrics', { timeout: 600_000 }, async () => {
    await generate({
      seed: 11,
      trusts: 1,
      staff: STAFF,
      national: false,
      years: [2023, 2024],
      format: 'csv',
      datasets: ['workforce', 'recruitment', 'panels'],
      out,
    });
    const workforce = [
      ...((await load('workforce.csv', 'workforce', undefined, 2023)).records as WorkforceRecord[]),
      ...((await load('workforce.csv', 'workforce')).records as WorkforceRecord[]),
    ];
    const recruitment = (await load('recruitment.csv', 'recruitment')).records as RecruitmentRecord[];
    const loaded = await load(
      'panels.csv',
      'panels',
      new Set(workforce.filter((r) => r.snapshotDate === '2024-03-31').map((r) => r.personId)),
    );
    const members = loaded.records as PanelMemberRecord[];
    // Every member with a staff number is in the workforce: no "person not in workforce" warning.
    expect(loaded.issues.kinds.map((k) => k.kind)).toEqual([]);

    const applications = new Map<string, RecruitmentRecord[]>();
    for (const a of recruitment)
      applications.set(a.vacancyId!, [...(applications.get(a.vacancyId!) ?? []), a]);
    const shortlisting = [...applications].filter(([, list]) => list.some((a) => a.shortlisted));
    const panels = new Map<string, PanelMemberRecord[]>();
    for (const m of members) panels.set(m.vacancyId, [...(panels.get(m.vacancyId) ?? []), m]);
    expect(panels.size).toBe(shortlisting.length);
    for (const [vacancy, list] of panels) {
      const apps = applications.get(vacancy)!;
      expect(new Set(list.map((m) => m.interviewDate)).size, vacancy).toBe(1);
      const m = list[0]!;
      expect(m.grade, vacancy).toBe(apps[0]!.grade);
      expect(m.unitPath, vacancy).toEqual(apps[0]!.unitPath);
      const lastShortlisted = apps
        .map((a) => a.shortlistedDate ?? '')
        .sort()
        .at(-1)!;
      expect(m.interviewDate > lastShortlisted, vacancy).toBe(true);
      for (const a of apps)
        if (a.appointedDate) expect(m.interviewDate < a.appointedDate, vacancy).toBe(true);
      expect(list.length, vacancy).toBeGreaterThanOrEqual(2);
    }

    const results = computeIndicators({
      year: 2024,
      datasets: { workforce, recruitment, panelMembers: members },
      only: RECRUITMENT_PANEL_EXAMPLES.map((d) => d.id),
      localMetrics: RECRUITMENT_PANEL_EXAMPLES,
    });
    const share = (id: string) => {
      const r = results.local.find((l) => l.id === id)!.parts[0]!.metric.result;
      return r.type === 'rate' ? r.all : null;
    };
    const senior = [...panels.values()].filter((l) =>
      ['AFC_8A', 'AFC_8B', 'AFC_8C', 'AFC_8D', 'AFC_9', 'VSM'].includes(l[0]!.grade ?? ''),
    );
    // Interviews after 31 March (shortlisting late in the year) belong to the next financial year.
    const seniorInYear = senior.filter((l) => l[0]!.interviewDate <= '2024-03-31');
    expect(seniorInYear.length).toBeGreaterThan(5);
    for (const id of [
      'panels-8a-trained-member',
      'panels-8a-independent-member',
      'panels-8a-ethnic-minority-member',
    ]) {
      const all = share(id)!;
      expect(all.denominator, id).toBe(seniorInYear.length);
      expect(all.numerator, id).toBeGreaterThan(0);
      expect(all.numerator, id).toBeLessThan(all.denominator);
    }
    // Some bank-only workers at 31 March 2023 hold a substantive post at 31 March 2024.
    const moves = results.local.find((l) => l.id === 'bank-to-substantive-by-ethnicity')!.parts[0]!.metric
      .result;
    expect(moves.type === 'relativeLikelihood' && moves.all.numerator).toBeGreaterThan(0);
    // Senior panels have an independent member more often than the others.
    const independent = (lists: PanelMemberRecord[][]) =>
      lists.filter((l) => l.some((m) => m.independent)).length / lists.length;
    const others = [...panels.values()].filter((l) => !senior.includes(l));
    expect(independent(senior)).toBeGreaterThan(independent(others));
  });
});
