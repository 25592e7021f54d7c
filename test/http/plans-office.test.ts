/**
 * Every exported DOCX and XLSX opens in a real office suite: LibreOffice (installed from Debian by the
 * test setup) converts each export to PDF, and pdftotext reads back the text, which must hold the actions,
 * their indicators, leads, bullets and updates.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import { ensureSystemDeps, officeToPdf, PDFTOTEXT_PATH } from '../../scripts/system-deps.mjs';
import { buildTestApp, type TestApp } from '../support/app.js';

describe('exported plans in LibreOffice', () => {
  let t: TestApp;
  let dir = '';
  const files: Record<string, string> = {};

  beforeAll(async () => {
    ensureSystemDeps({ log: (line) => console.log(line) });
    dir = mkdtempSync(path.join(tmpdir(), 'parity-office-'));
    t = await buildTestApp({ demo: true });
    const org = (await organisationsRepository(t.database.db).findByOds('DHF'))!;
    const actor = { userId: null, label: 'analyst' };
    const plan = await t.services.plans.createPlan(actor, org, {
      year: '2030',
      title: 'Office check plan 2030/31',
    });
    const base = {
      status: 'ongoing',
      theme: '',
      aim: '',
      outcome: 'Representative shortlists',
      sustainability: 'Quarterly review at People Group',
      serves: ['wres'],
      leadUserIds: [],
    };
    const first = await t.services.plans.createAction(actor, org, plan, {
      ...base,
      text: 'Mentoring for aspiring band 7 nurses.\n\n- pair each mentee with a senior nurse\n- track promotions for two years',
      kpiText: 'Mentees promoted within a year',
      timescale: 'Q3 2030/31',
      indicators: ['WRES1', 'WRES4', 'WRES7'],
      leads: 'Chief Nurse',
    });
    await t.services.plans.createAction(actor, org, plan, {
      ...base,
      text: '=HYPERLINK("x") Formula-looking text stays text',
      kpiText: '+44 helpline calls',
      timescale: 'Business as usual',
      indicators: ['WDES8'],
      leads: 'Occupational Health',
    });
    await t.services.plans.postUpdate(
      actor,
      org,
      plan,
      first.id,
      {
        postedOn: '01/10/2024',
        rag: 'A',
        narrative: 'Twelve mentees matched in September.',
        // Dated before the plan's year (2030/31): posted as answered yes to the question it raises.
        confirmOutsideYear: true,
      },
      { userId: 'x', canManage: true },
    );
    const agent = t.agent();
    await agent.signIn('viewer', DEMO_PASSWORD);
    for (const format of ['docx', 'xlsx']) {
      const response = await agent.get(`/o/DHF/plans/${plan.id}/export/${format}`);
      expect(response.statusCode).toBe(200);
      files[format] = path.join(dir, `plan-${format}.${format}`);
      writeFileSync(files[format], response.rawPayload);
    }
    // One conversion for both files, with a throwaway profile so nothing is shared with other runs.
    officeToPdf([files.docx!, files.xlsx!], path.join(dir, 'pdf'));
  }, 180_000);

  afterAll(async () => {
    await t?.close();
    if (dir && !process.env.KEEP_OFFICE) rmSync(dir, { recursive: true, force: true });
  });

  const pdfText = (name: string) =>
    execFileSync(PDFTOTEXT_PATH, ['-layout', path.join(dir, 'pdf', name), '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      ' ',
    );

  it('converts both exports to PDF', () => {
    expect(readdirSync(path.join(dir, 'pdf')).sort()).toEqual(['plan-docx.pdf', 'plan-xlsx.pdf']);
  });

  it('opens the Word export: landscape tables by indicator, bullets, leads and the latest update', () => {
    const text = pdfText('plan-docx.pdf');
    for (const expected of [
      'Office check plan 2030/31',
      'WRES 1: Workforce representation by pay band',
      'WRES 4: Access to non-mandatory training and CPD',
      'WDES 8: Adequate reasonable adjustments',
      'Mentoring for aspiring band 7 nurses.',
      'pair each mentee with a senior nurse',
      'Chief Nurse',
      'Q3 2030/31',
      'Slippage likely',
      // The latest update wraps in its narrow column wherever the installed fonts make it wrap, and
      // -layout sets the next column's words between its lines: its lines are checked one by one.
      'Twelve mentees matched',
      'in September.',
      'Also under WRES 4, WRES 7',
    ])
      expect(text).toContain(expected);
    // The action linked to three indicators is printed under each of them.
    expect(text.match(/Mentoring for aspiring band 7 nurses\./g)).toHaveLength(3);
  });

  it('opens the Excel export: every action on the Actions sheet, formulas kept as text', () => {
    const text = pdfText('plan-xlsx.pdf');
    for (const expected of [
      'Mentoring for aspiring band 7 nurses.',
      'WRES 1; WRES 4; WRES 7',
      'Workforce representation by pay band',
      'Occupational Health',
      'Business as usual',
      'Twelve mentees matched in September.',
      '=HYPERLINK("x") Formula-looking text stays text',
      "'+44 helpline calls",
    ])
      expect(text).toContain(expected);
  });
});
