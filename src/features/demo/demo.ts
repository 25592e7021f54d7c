/**
 * The demo installation: a fictional integrated care board with two trusts, the main one with six care
 * groups, their directorates and departments, and one account for each role; the main trust's plans and
 * quarterly cycle, and the data of both, as they stand on a given day (today by default: timeline.ts). It
 * is created through the same services people use, so the demo exercises the real validation and audit
 * paths.
 */
import type { Actor } from '../audit/audit.js';
import { organisationsRepository } from '../organisations/organisations.repository.js';
import type { Services } from '../services.js';
import { loadDemoData, type DemoDataSummary } from './demo-data.js';
import type { Role } from '../users/roles.js';
import { usersRepository } from '../users/users.repository.js';
import { createDemoPlans } from '../plans/demo-plans.js';
import {
  DEMO_ICB,
  DEMO_SECOND_TRUST,
  DEMO_STRUCTURE,
  DEMO_TRUST,
} from '../../generator/demo-organisations.js';
import { DCM_STRUCTURE } from '../../generator/structure.js';
import { invalidInput } from '../../shared/errors.js';
import { createDemoCycle } from './demo-cycle.js';
import { demoTimeline, isIsoDate, type DemoTimeline } from './timeline.js';

export { DEMO_ICB, DEMO_SECOND_TRUST, DEMO_STRUCTURE, DEMO_TRUST };

/** Shown on the console and in the README: the demo is for laptops, never production. */
export const DEMO_PASSWORD = 'parity-demo-password';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  odsCode: string;
  unitPath: string | null;
  purpose: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    username: 'admin',
    displayName: 'Alex Admin',
    role: 'admin',
    odsCode: DEMO_ICB.odsCode,
    unitPath: null,
    purpose: 'administrator for the ICB and both trusts',
  },
  {
    username: 'analyst',
    displayName: 'Priya Patel (EDI lead)',
    role: 'analyst',
    odsCode: DEMO_TRUST.odsCode,
    unitPath: null,
    purpose: 'EDI lead: loads data, writes the plan',
  },
  {
    username: 'lead',
    displayName: 'Sam Okoro (Head of Resourcing)',
    role: 'action_lead',
    odsCode: DEMO_TRUST.odsCode,
    unitPath: null,
    purpose: 'action lead: posts progress updates',
  },
  {
    username: 'viewer',
    displayName: 'Jo Williams (Board member)',
    role: 'viewer',
    odsCode: DEMO_TRUST.odsCode,
    unitPath: null,
    purpose: 'reads the whole trust',
  },
  {
    username: 'caregroup',
    displayName: 'Chris Evans (Care group manager)',
    role: 'viewer',
    odsCode: DEMO_TRUST.odsCode,
    unitPath: 'Medicine and Emergency Care',
    purpose: 'sees one care group only',
  },
  {
    username: 'regional',
    displayName: 'Morgan Lee (ICB workforce team)',
    role: 'viewer',
    odsCode: DEMO_ICB.odsCode,
    unitPath: null,
    purpose: 'compares the trusts of the ICB',
  },
];

const demoActor: Actor = { userId: null, label: 'demo' };

function paths(structure: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>): string[][] {
  const out: string[][] = [];
  for (const [careGroup, directorates] of Object.entries(structure))
    for (const [directorate, departments] of Object.entries(directorates))
      for (const department of departments) out.push([careGroup, directorate, department]);
  return out;
}

export interface DemoOptions {
  /** Loads the generated data of both trusts through the import path. */
  withData: boolean;
  /**
   * The day the demo stands at, as an ISO date (YYYY-MM-DD), no later than today: its latest reporting
   * year is the last complete one on that day. Today by the clock when absent.
   */
  asOf?: string;
  /** The forums, their meetings and the plans' update windows; true when absent. */
  meetings?: boolean;
}

export interface DemoResult {
  created: boolean;
  /** The day the demo stands at and its reporting years; null when it existed already. */
  timeline: DemoTimeline | null;
  accounts: readonly DemoAccount[];
  /** Files and records loaded, when the demo data was loaded. */
  data: DemoDataSummary | null;
}

/** The demo's timeline for `asOf` (today by the clock when absent), refusing a day that is not a date or is to come. */
export function demoTimelineOf(services: Pick<Services, 'clock'>, asOf?: string): DemoTimeline {
  const today = services.clock.now().toISOString().slice(0, 10);
  const day = asOf?.trim() ?? today;
  if (!isIsoDate(day))
    throw invalidInput('The demo could not be created', [
      {
        field: 'asOf',
        message: `The demo’s day must be a date written YYYY-MM-DD, like ${today}, not “${day}”`,
      },
    ]);
  if (day > today)
    throw invalidInput('The demo could not be created', [
      {
        field: 'asOf',
        message: `The demo’s day cannot be after today (${today}): it holds only what has happened`,
      },
    ]);
  return demoTimeline(day);
}

/**
 * Creates the demo when its trust does not exist yet; otherwise leaves everything as it is. With
 * `withData`, three years of generated extracts are loaded for both trusts through the import path.
 */
export async function createDemo(services: Services, options: DemoOptions): Promise<DemoResult> {
  const deps = services;
  const timeline = demoTimelineOf(services, options.asOf);
  if (await organisationsRepository(deps.db).findByOds(DEMO_TRUST.odsCode))
    return { created: false, timeline: null, accounts: DEMO_ACCOUNTS, data: null };
  const icb = await deps.organisations.create(demoActor, { ...DEMO_ICB, kind: 'ics' });
  const trust = await deps.organisations.create(demoActor, {
    ...DEMO_TRUST,
    kind: 'trust',
    parentOdsCode: DEMO_ICB.odsCode,
  });
  const second = await deps.organisations.create(demoActor, {
    ...DEMO_SECOND_TRUST,
    kind: 'trust',
    parentOdsCode: DEMO_ICB.odsCode,
  });
  await deps.organisations.ensureUnits(demoActor, trust.id, paths(DEMO_STRUCTURE));
  await deps.organisations.ensureUnits(demoActor, second.id, paths(DCM_STRUCTURE));
  const orgIds: Record<string, string> = {
    [icb.odsCode]: icb.id,
    [trust.odsCode]: trust.id,
    [second.odsCode]: second.id,
  };
  for (const account of DEMO_ACCOUNTS) {
    const user = await deps.users.createUser(
      demoActor,
      {
        username: account.username,
        displayName: account.displayName,
        email: `${account.username}@demo.parity.example`,
        password: DEMO_PASSWORD,
      },
      orgIds[account.odsCode] ?? null,
    );
    await deps.users.grantRole(demoActor, {
      userId: user.id,
      organisationId: orgIds[account.odsCode]!,
      unitPath: account.unitPath,
      role: account.role,
    });
  }
  // The EDI lead's two years of action plans, the second carried forward, with updates from the leads.
  const users = usersRepository(deps.db);
  const analyst = (await users.findByUsername('analyst'))!;
  const lead = (await users.findByUsername('lead'))!;
  const analystActor: Actor = { userId: analyst.id, label: analyst.username, name: analyst.displayName };
  const plans = await createDemoPlans(deps.plans, {
    actor: analystActor,
    org: trust,
    lead: { userId: lead.id, label: lead.username, name: lead.displayName },
    timeline,
  });
  if (options.meetings !== false)
    await createDemoCycle(services, {
      actor: analystActor,
      org: trust,
      plans,
      ownerUserId: analyst.id,
      timeline,
    });
  const data = options.withData ? await loadDemoData(services, demoActor, { years: timeline.years }) : null;
  return { created: true, timeline, accounts: DEMO_ACCOUNTS, data };
}
