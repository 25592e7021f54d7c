/**
 * The demo lives in the present: made on two different days, its latest reporting year is the last complete
 * one on each, this year's plan exists and is mid-cycle (some actions on track, some at risk, overdue or
 * complete, none updated after the day), its forums have meetings both past and to come, and the home page
 * says what is due. The figures of pinned years are the same whatever the clock.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ParityError } from '../../src/shared/errors.js';
import { createDemo, DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { loadDemoData } from '../../src/features/demo/demo-data.js';
import { demoYears, shiftText } from '../../src/features/demo/timeline.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import { actionState } from '../../src/features/plans/status.js';
import { buildTestApp, TEST_DEMO_YEARS, type TestApp } from '../support/app.js';

const apps: TestApp[] = [];
afterAll(async () => {
  for (const t of apps) await t.close();
});

async function appOn(now: string): Promise<TestApp> {
  const t = await buildTestApp();
  t.clock.set(now);
  apps.push(t);
  return t;
}

const dhf = async (t: TestApp) => (await organisationsRepository(t.services.db).findByOds('DHF'))!;

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;/g, '’')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

describe('the demo on the clock', () => {
  it('takes the last complete reporting year and the two before it', () => {
    expect(demoYears('2026-12-06')).toEqual([2024, 2025, 2026]);
    expect(demoYears('2026-04-01')).toEqual([2024, 2025, 2026]);
    expect(demoYears('2026-03-31')).toEqual([2023, 2024, 2025]);
    expect(shiftText('Q4 2023/24, 31/10/2024, 2024-06-28, NHS Staff Survey 2022, EDS 2022', 2)).toBe(
      'Q4 2025/26, 31/10/2026, 2026-06-28, NHS Staff Survey 2024, EDS 2022',
    );
  });

  it.each([
    // On 6 December the action lead has posted this quarter's update; on 20 August it is still to come.
    ['2026-12-06T10:00:00.000Z', 'approved', 'Nothing is due from you this quarter'],
    ['2027-08-20T10:00:00.000Z', 'draft', 'Updates due from you (1)'],
  ])('on %s is a trust mid-cycle in the year the clock gives', async (now, currentStatus, leadSees) => {
    const t = await appOn(now);
    const today = now.slice(0, 10);
    const made = await createDemo(t.services, { withData: false });
    const latest = Number(today.slice(0, 4)) - (today.slice(5, 7) < '04' ? 1 : 0);
    expect(made.timeline).toEqual({
      asOf: today,
      years: [latest - 2, latest - 1, latest],
      shift: latest - 2024,
    });
    const org = await dhf(t);
    const labels = await t.services.plans.ragLabels(org);
    const last = (await t.services.plans.planForYear(org, latest - 1))!;
    const current = (await t.services.plans.planForYear(org, latest))!;
    expect(last.status).toBe('published');
    expect(last.publicationDate! < today).toBe(true);
    expect(current.status).toBe(currentStatus);
    expect(current.carriedFromPlanId).toBe(last.id);
    expect(await t.services.plans.planForYear(org, latest + 1)).toBeNull();

    const actions = await t.services.plans.actions(current);
    const states = actions.map((a) => actionState(a, { today, planYear: latest, labels }).key);
    // Mid-cycle: updated this year and not all overdue, in several states at once.
    expect(states.filter((s) => s === 'overdue').length).toBeLessThan(actions.length / 2);
    expect(new Set(states).size).toBeGreaterThanOrEqual(4);
    expect(states).toContain('on_track');
    expect(actions.filter((a) => a.lastUpdateOn !== null).length).toBeGreaterThan(actions.length / 3);
    for (const a of actions) {
      expect(a.lastUpdateOn === null || a.lastUpdateOn <= today).toBe(true);
      for (const m of a.milestones)
        if (m.dueOn > today) expect(['not_started', 'in_progress']).toContain(m.state);
    }
    const history = await Promise.all(actions.map((a) => t.services.plans.updateHistory(org, a, 'all')));
    expect(history.flat().every((u) => u.postedOn <= today)).toBe(true);

    // Forums with meetings past and to come; this year's update windows close before the People Group.
    const forums = await t.services.meetings.forums(org);
    expect(forums.map((f) => f.name).sort()).toEqual([
      'EDI Steering Group',
      'Medicine and Emergency Care Board',
      'People Group',
      'Trust Board',
    ]);
    const meetings = await t.services.meetings.meetings(org);
    expect(meetings.some((m) => m.meetsOn < today)).toBe(true);
    expect(meetings.some((m) => m.meetsOn > today)).toBe(true);
    const windows = await t.services.meetings.windowsOfPlan(current);
    expect(windows.map((w) => w.quarter)).toEqual([1, 2, 3, 4]);
    expect(windows.some((w) => w.closesOn > today)).toBe(true);
    if (current.boardApprovalDate)
      expect(meetings.some((m) => m.meetsOn === current.boardApprovalDate)).toBe(true);

    // Home pages say what is due this quarter: the EDI lead's pack for the coming People Group, and the
    // action lead's update on the action they lead in this year's plan.
    const analyst = t.agent();
    await analyst.signIn('analyst', DEMO_PASSWORD);
    const home = text((await analyst.get('/')).body);
    expect(home).toMatch(/Pack for the People Group on \d+ \w+ \d{4} Not issued/);
    const lead = t.agent();
    await lead.signIn('lead', DEMO_PASSWORD);
    const leads = text((await lead.get('/')).body);
    expect(leads).toContain(leadSees);
    expect(leads).not.toContain(`plan ${latest - 1}/`);
  });

  it('refuses a day to come or a day that is not a date, and changes nothing', async () => {
    const t = await appOn('2026-12-06T10:00:00.000Z');
    const refusal = async (asOf: string) => {
      try {
        await createDemo(t.services, { withData: false, asOf });
      } catch (error) {
        return error as ParityError;
      }
      throw new Error(`the demo was made on ${asOf}`);
    };
    const later = await refusal('2026-12-07');
    expect(later.code).toBe('INVALID_INPUT');
    expect(later.problems).toEqual([
      {
        field: 'asOf',
        message: 'The demo’s day cannot be after today (2026-12-06): it holds only what has happened',
      },
    ]);
    expect((await refusal('06/12/2026')).problems[0]!.message).toContain('written YYYY-MM-DD');
    expect(await organisationsRepository(t.services.db).findByOds('DHF')).toBeNull();
  });

  it('gives the same figures for pinned years whatever the clock, and follows the clock otherwise', async () => {
    const figures: string[] = [];
    for (const now of ['2026-06-15T09:00:00.000Z', '2029-01-10T09:00:00.000Z']) {
      const t = await appOn(now);
      await createDemo(t.services, { withData: false, asOf: '2024-12-31', meetings: false });
      await loadDemoData(t.services, { userId: null, label: 'test' }, { staff: 200, years: TEST_DEMO_YEARS });
      const org = await dhf(t);
      expect(await t.services.indicators.years(org)).toEqual([2024, 2023, 2022]);
      figures.push(JSON.stringify(await t.services.indicators.compute(org, 2024, 'all')));
    }
    expect(figures[0]!.length).toBeGreaterThan(1000);
    expect(figures[1]).toBe(figures[0]);

    const t = await appOn('2026-12-06T10:00:00.000Z');
    await createDemo(t.services, { withData: false });
    await loadDemoData(t.services, { userId: null, label: 'test' }, { staff: 200 });
    expect(await t.services.indicators.years(await dhf(t))).toEqual([2026, 2025, 2024]);
  }, 240_000);
});
