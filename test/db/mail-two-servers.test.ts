/**
 * Two `parity serve` processes on one real PostgreSQL server, each running its mail scheduler every second
 * against a real SMTP server on loopback that holds each message a moment before accepting it (so the two
 * processes' rounds overlap). An update window that opened today gives every lead a reminder: each must
 * arrive exactly once, planned once in the shared outbox and sent by one process or the other, with one
 * recorded delivery, and nothing more in the rounds that follow.
 *
 * The processes run on the real clock, so the window is set around today. CI size: 20 leads. PARITY_PROOFS=full: 150.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, type QuarterNumber } from '../../src/features/meetings/meeting.js';
import { financialYearOf } from '../../src/features/plans/plan.js';
import { createServices } from '../../src/features/services.js';
import { systemClock } from '../../src/shared/clock.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';
import { actionInput } from '../support/plans.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { TEST_PSEUDONYMISATION_KEY, TEST_SECRET, testConfig } from '../support/settings.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';

const FULL = process.env.PARITY_PROOFS === 'full';
const LEADS = FULL ? 150 : 20;
const actor = { userId: null, label: 'test' };
const typed = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

describe('mail from two server processes on one PostgreSQL database', () => {
  let database: TestDatabase;
  let smtp: TestSmtp;
  let a: ServerProcess | undefined;
  let b: ServerProcess | undefined;

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    smtp = await startSmtp({ holdMs: 100 });
    const services = createServices({
      db: database.db,
      clock: systemClock,
      settings: testConfig(database.url),
    });
    const org = await services.organisations.create(actor, {
      odsCode: 'RTW',
      name: 'Two Servers Trust',
      kind: 'trust',
    });
    const today = new Date().toISOString().slice(0, 10);
    const month = Number(today.slice(5, 7));
    const quarter = (month >= 4 ? Math.floor((month - 4) / 3) + 1 : 4) as QuarterNumber;
    const plan = await services.plans.createPlan(actor, org, {
      year: String(financialYearOf(today)),
      title: '',
    });
    for (let i = 1; i <= LEADS; i++) {
      const user = await services.users.createUser(actor, {
        username: `lead${i}`,
        displayName: `Lead ${i}`,
        password: null,
        email: `lead${i}@two.example`,
      });
      await services.users.grantRole(actor, {
        userId: user.id,
        organisationId: org.id,
        unitPath: null,
        role: 'action_lead',
      });
      await services.plans.createAction(
        actor,
        org,
        plan,
        actionInput({ text: `Action ${i}`, indicators: ['WRES1'], leadUserIds: [user.id] }),
      );
    }
    const forum = await services.meetings.createForum(actor, org, {
      name: 'People Group',
      unitId: '',
      recipients: '',
    });
    // The window opened today and closes in ten working days, well before the reminder day.
    const closesOn = addWorkingDays(today, 10);
    const meeting = await services.meetings.addMeeting(actor, org, forum, {
      meetsOn: addWorkingDays(closesOn, 5),
      note: '',
    });
    const none = { meetingId: '', opensOn: '', closesOn: '' };
    const quarters = { 1: none, 2: none, 3: none, 4: none };
    quarters[quarter] = { meetingId: meeting.id, opensOn: typed(today), closesOn: typed(closesOn) };
    await services.meetings.saveCycle(actor, org, plan, { ownerUserId: '', quarters });

    const env = {
      DATABASE_URL: database.url,
      PARITY_SESSION_SECRET: TEST_SECRET,
      PARITY_PSEUDONYMISATION_KEY: TEST_PSEUDONYMISATION_KEY,
      PARITY_SMTP_URL: smtp.url,
      PARITY_MAIL_FROM: 'Parity <parity@two.example>',
      PARITY_MAIL_INTERVAL_SECONDS: '1',
    };
    [a, b] = await Promise.all([startServer(env), startServer(env)]);
  }, 180_000);

  afterAll(async () => {
    const codes = await Promise.all([a?.stop(), b?.stop()]);
    for (const [i, s] of [a, b].entries())
      if (s && codes[i] !== 0) console.error(`server ${i + 1} exited with ${codes[i]}:\n${s.output()}`);
    await smtp?.stop();
    await database?.dispose();
  });

  it(`sends each of ${LEADS} reminders exactly once`, async () => {
    await smtp.waitFor(LEADS, 90_000);
    const outboxDone = async () =>
      (await database.db.selectFrom('mail_outbox').select('status').where('status', '=', 'pending').execute())
        .length === 0;
    for (let i = 0; i < 100 && !(await outboxDone()); i++) await new Promise((r) => setTimeout(r, 100));
    // Several more rounds of both processes: nothing is planned or sent again.
    await new Promise((r) => setTimeout(r, 3_500));

    const perLead = new Map<string, number>();
    for (const m of smtp.received) perLead.set(m.to, (perLead.get(m.to) ?? 0) + 1);
    const deliveries = await database.db
      .selectFrom('mail_deliveries')
      .select(['outcome', 'process', 'recipient'])
      .execute();
    const byProcess = new Map<string, number>();
    for (const d of deliveries) byProcess.set(d.process, (byProcess.get(d.process) ?? 0) + 1);
    console.log(
      `Mail across two processes: ${LEADS} reminders due; ${smtp.received.length} received by the SMTP server; deliveries recorded by process: ${[...byProcess.values()].join(' and ')}.`,
    );
    expect(smtp.received).toHaveLength(LEADS);
    expect(perLead.size).toBe(LEADS);
    expect([...perLead.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(LEADS);
    expect(smtp.received.every((m) => m.subject.includes('updates are open until'))).toBe(true);
    const outbox = await database.db.selectFrom('mail_outbox').select(['status', 'attempts']).execute();
    expect(outbox).toHaveLength(LEADS);
    expect(outbox.every((m) => m.status === 'sent' && Number(m.attempts) === 1)).toBe(true);
    expect(deliveries).toHaveLength(LEADS);
    expect(deliveries.every((d) => d.outcome === 'sent')).toBe(true);
  }, 180_000);
});
