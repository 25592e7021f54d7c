/**
 * What is due from a signed-in person, read for the home page. For each organisation the person can open it
 * reads only what their role there lets them see, through the services that own it: the actions within
 * their reach (visibility.ts), approvals only for those who record or publish them, packs only where they
 * may open them. The rules that turn these into items are in due.ts; today comes from the app's clock.
 */
import type { Clock } from '../../shared/clock.js';
import {
  accessibleOrganisations,
  can,
  orgAccess,
  unitScope,
  type OrgAccess,
  type Principal,
} from '../auth/access.js';
import type { MeetingsService } from '../meetings/meetings.service.js';
import type { Organisation } from '../organisations/organisation.js';
import type { OrganisationsService } from '../organisations/organisations.service.js';
import { financialYearOf } from '../plans/plan.js';
import type { PlansService } from '../plans/plans.service.js';
import type { ApprovalsService } from '../publication/approvals.service.js';
import { whatIsDue, type Due, type DueRights, type OrganisationFacts, type PlanFacts } from './due.js';

/** The services the home page reads. */
export interface DueSources {
  clock: Clock;
  organisations: OrganisationsService;
  plans: PlansService;
  meetings: MeetingsService;
  approvals: ApprovalsService;
}

export function dueService(sources: () => DueSources) {
  async function rightsOf(access: OrgAccess): Promise<DueRights> {
    const { plans } = sources();
    const reach = await plans.reach(access);
    let units: DueRights['units'] = null;
    if (reach !== 'all') {
      // A care group's pack shows all of it: only for a role that reaches the whole care group.
      const scope = unitScope(access, 'indicators.view');
      const grants = new Set(scope === 'all' ? [] : scope);
      const all = await plans.units(access.organisation);
      const careGroups = all.filter((u) => u.level === 'care_group' && grants.has(u.id)).map((u) => u.path);
      const paths = new Map(all.filter((u) => reach.has(u.id)).map((u) => [u.id, u.path]));
      units = { ids: reach, paths, careGroups };
    }
    return {
      update: can(access, 'plans.update', 'any'),
      approve: can(access, 'publication.approve', 'organisation'),
      publish: can(access, 'publication.publish', 'organisation'),
      manage: can(access, 'plans.manage', 'organisation'),
      readIssued: can(access, 'indicators.view', 'organisation'),
      units,
    };
  }

  async function factsOf(access: OrgAccess, email: string | null, today: string): Promise<OrganisationFacts> {
    const { plans, meetings, approvals } = sources();
    const org: Organisation = access.organisation;
    const rights = await rightsOf(access);
    const fy = financialYearOf(today);
    // Last year's plan for a window that closes after its year ends; next year's once it is begun.
    const current = (await plans.plans(org)).filter((p) => p.year >= fy - 1 && p.year <= fy + 1);
    const approves = rights.approve || rights.publish;
    const published = approves ? await approvals.published(org) : [];
    const planFacts: PlanFacts[] = [];
    for (const plan of current)
      planFacts.push({
        plan,
        actions: await plans.visibleActions(access, plan),
        windows: await meetings.windowsOfPlan(plan),
        ownerUserId: await meetings.planOwner(plan),
        revisions: approves ? await approvals.revisions(org, plan.year) : [],
        published: published.find((p) => p.year === plan.year) ?? null,
      });
    const [forums, all] = await Promise.all([meetings.forums(org), meetings.meetings(org)]);
    // The packs of coming meetings matter to a forum's member or to whoever issues them; nobody else.
    const address = email?.toLowerCase() ?? null;
    const member = forums.some((f) => f.recipients.some((r) => r.toLowerCase() === address));
    const coming = member || rights.manage ? all.filter((m) => m.meetsOn >= today) : [];
    const issues = (await Promise.all(coming.map((m) => meetings.issues(m)))).flat();
    issues.sort((a, b) => b.issuedAt.localeCompare(a.issuedAt));
    return { organisation: org, rights, plans: planFacts, forums, meetings: all, issues };
  }

  return {
    /** What is due from the person today, in every organisation they can open. */
    async forPerson(principal: Principal): Promise<Due> {
      const { clock, organisations } = sources();
      const today = clock.now().toISOString().slice(0, 10);
      const all = await organisations.list();
      const byId = new Map(all.map((o) => [o.id, o]));
      const facts: OrganisationFacts[] = [];
      for (const { organisation } of accessibleOrganisations(principal, all))
        facts.push(await factsOf(orgAccess(principal, organisation, byId), principal.user.email, today));
      return whatIsDue({ userId: principal.user.id, email: principal.user.email }, facts, today);
    },
  };
}

export type DueService = ReturnType<typeof dueService>;
