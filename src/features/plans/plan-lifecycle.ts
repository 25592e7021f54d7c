/**
 * A plan's life: created for a financial year, its details edited, taken from draft to published, and
 * carried forward into the next year with the actions still open.
 */
import { invalidInput, type Problem } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { inTransaction } from '../../storage/transaction.js';
import type { Actor } from '../audit/audit.js';
import type { Organisation } from '../organisations/organisation.js';
import { readAuthors, readDateField, readText, type PlanDetailsInput } from './inputs.js';
import {
  financialYearLabel,
  PLAN_STATUS_LABELS,
  type ActionStatus,
  type Plan,
  type PlanStatus,
} from './plan.js';
import {
  allowedTransitions,
  isLocked,
  isUniqueViolation,
  staleEdit,
  type PlanContext,
  type PlanEditOutcome,
} from './plan-context.js';
import { plansRepository, type PlanFields } from './plans.repository.js';

export function planLifecycle({
  db,
  clock,
  repo,
  today,
  stampOf,
  audit,
  requireReason,
  saveChange,
  recordStep,
}: PlanContext) {
  async function createPlan(
    actor: Actor,
    org: Organisation,
    input: { year: string; title: string },
  ): Promise<Plan> {
    const problems: Problem[] = [];
    const year = /^\d{4}$/.test(input.year.trim()) ? Number(input.year.trim()) : NaN;
    if (!Number.isInteger(year) || year < 2000 || year > 2100)
      problems.push({ field: 'year', message: 'Choose the financial year the plan is for' });
    const title = readText(input.title, 'title', 'The title', problems, { max: 300 });
    if (problems.length === 0 && (await repo.findPlanByYear(org.id, year)))
      problems.push({ field: 'year', message: `There is already a plan for ${financialYearLabel(year)}` });
    if (problems.length > 0) throw invalidInput('The plan could not be created', problems);
    const now = clock.now();
    const id = newId();
    const fields: PlanFields = {
      title: title || `WRES and WDES action plan ${financialYearLabel(year)}`,
      status: 'draft',
      authors: [],
      publicationDate: null,
      sources: '',
      endorsedBy: '',
      endorsedOn: null,
      boardApprovalDate: null,
      alignment: '',
    };
    const created = db.transaction().execute(async (tx) => {
      await plansRepository(tx).insertPlan(
        { ...fields, id, organisationId: org.id, year, carriedFromPlanId: null },
        stampOf(actor, now),
      );
      await audit(
        tx,
        actor,
        now,
        org,
        'plan.create',
        { type: 'plan', id },
        `Created the action plan ${fields.title}`,
        undefined,
        fields,
      );
    });
    try {
      await created;
    } catch (error) {
      // Someone else created the year's plan between the check above and this insert.
      if (isUniqueViolation(error) && (await repo.findPlanByYear(org.id, year)))
        throw invalidInput('The plan could not be created', [
          { field: 'year', message: `There is already a plan for ${financialYearLabel(year)}` },
        ]);
      throw error;
    }
    return (await repo.findPlan(org.id, id))!;
  }

  async function editPlan(
    actor: Actor,
    org: Organisation,
    plan: Plan,
    input: PlanDetailsInput & { version: string; reason: string },
  ): Promise<PlanEditOutcome> {
    const problems: Problem[] = [];
    const fields: PlanFields = {
      title: readText(input.title, 'title', 'The title', problems, { required: true, max: 300 }).replace(
        /\n+/g,
        ' ',
      ),
      status: plan.status,
      authors: readAuthors(input.authors, problems),
      publicationDate: readDateField(
        input.publicationDate,
        'publicationDate',
        'The publication date',
        problems,
      ),
      sources: readText(input.sources, 'sources', 'The sources of information', problems),
      endorsedBy: readText(input.endorsedBy, 'endorsedBy', 'The group that endorsed the plan', problems, {
        max: 300,
      }),
      endorsedOn: readDateField(input.endorsedOn, 'endorsedOn', 'The date of endorsement', problems),
      boardApprovalDate: readDateField(
        input.boardApprovalDate,
        'boardApprovalDate',
        'The board approval date',
        problems,
      ),
      alignment: readText(input.alignment, 'alignment', 'The alignment statement', problems),
    };
    if (isLocked(plan) && !fields.boardApprovalDate)
      problems.push({
        field: 'boardApprovalDate',
        message: 'An approved plan keeps its board approval date',
      });
    const reason = requireReason(plan, input.reason, problems);
    const version = Number(input.version);
    if (problems.length > 0) throw invalidInput('The plan details have problems', problems);
    const before = { ...plan };
    const saved = await saveChange(
      { actor, now: clock.now(), org, plan, reason },
      (r, stamp) => r.updatePlan(plan.id, version, fields, stamp),
      () => ({
        action: 'plan.update',
        entity: { type: 'plan', id: plan.id },
        summary: `Changed the details of ${fields.title}`,
        revisionSummary: 'Changed the plan details',
        before,
        after: fields,
      }),
    );
    const current = (await repo.findPlan(org.id, plan.id))!;
    return saved ? { ok: true, plan: current } : { ok: false, current };
  }

  async function changeStatus(
    actor: Actor,
    org: Organisation,
    plan: Plan,
    input: {
      to: string;
      version: string;
      endorsedBy: string;
      endorsedOn: string;
      boardApprovalDate: string;
      publicationDate: string;
    },
  ): Promise<Plan> {
    const problems: Problem[] = [];
    const to = input.to as PlanStatus;
    if (!allowedTransitions(plan).includes(to))
      throw invalidInput(
        `A ${PLAN_STATUS_LABELS[plan.status].toLowerCase()} plan cannot become ${input.to}`,
        [{ field: 'to', message: 'Choose one of the next steps shown' }],
      );
    const fields: PlanFields = { ...plan, status: to };
    if (to === 'endorsed') {
      fields.endorsedBy = readText(
        input.endorsedBy,
        'endorsedBy',
        'The group that endorsed the plan',
        problems,
        { required: true, max: 300 },
      );
      fields.endorsedOn = readDateField(input.endorsedOn, 'endorsedOn', 'The date of endorsement', problems);
      if (!fields.endorsedOn)
        problems.push({ field: 'endorsedOn', message: 'Enter the date the group endorsed the plan' });
    }
    if (to === 'approved') {
      fields.boardApprovalDate = readDateField(
        input.boardApprovalDate,
        'boardApprovalDate',
        'The board approval date',
        problems,
      );
      if (!fields.boardApprovalDate)
        problems.push({
          field: 'boardApprovalDate',
          message: 'Enter the date the board approved the plan',
        });
    }
    if (to === 'published') {
      fields.publicationDate =
        readDateField(input.publicationDate, 'publicationDate', 'The publication date', problems) ?? today();
    }
    if (problems.length > 0) throw invalidInput('The plan’s status could not be changed', problems);
    const now = clock.now();
    // Joins the caller's transaction when there is one (a board approval records its revision with it).
    const saved = await inTransaction(db, async (tx) => {
      const r = plansRepository(tx);
      if (!(await r.updatePlan(plan.id, Number(input.version), fields, stampOf(actor, now)))) return false;
      const summary = `${PLAN_STATUS_LABELS[plan.status]} → ${PLAN_STATUS_LABELS[to]}`;
      const step = { before: { status: plan.status }, after: { status: to } };
      await recordStep(
        tx,
        { actor, now, org },
        plan.id,
        { summary, ...step },
        { action: 'plan.status', summary: `${plan.title}: ${summary}`, ...step },
      );
      return true;
    });
    if (!saved) throw staleEdit('plan');
    return (await repo.findPlan(org.id, plan.id))!;
  }

  /**
   * Creates next year's plan from this one with the chosen actions (by default those not complete).
   * Each carried action keeps a link to its origin, through which its update history stays visible, and
   * takes its milestones not yet done or missed.
   */
  async function carryForward(
    actor: Actor,
    org: Organisation,
    plan: Plan,
    actionIds: readonly string[],
  ): Promise<Plan> {
    const year = plan.year + 1;
    const problems: Problem[] = [];
    if (await repo.findPlanByYear(org.id, year))
      problems.push({
        field: 'actions',
        message: `There is already a plan for ${financialYearLabel(year)}`,
      });
    const actions = await repo.listActions(plan.id);
    const chosen = actions.filter((a) => actionIds.includes(a.id));
    if (chosen.length !== new Set(actionIds).size)
      problems.push({ field: 'actions', message: 'Some of the chosen actions are not in this plan' });
    if (problems.length > 0) throw invalidInput('The plan could not be carried forward', problems);
    const now = clock.now();
    const id = newId();
    const label = financialYearLabel(plan.year);
    const nextLabel = financialYearLabel(year);
    const title = plan.title.includes(label)
      ? plan.title.replace(label, nextLabel)
      : `${plan.title} (${nextLabel})`;
    const fields: PlanFields = {
      title,
      status: 'draft',
      authors: plan.authors,
      publicationDate: null,
      sources: plan.sources,
      endorsedBy: plan.endorsedBy,
      endorsedOn: null,
      boardApprovalDate: null,
      alignment: plan.alignment,
    };
    await db.transaction().execute(async (tx) => {
      const r = plansRepository(tx);
      const stamp = stampOf(actor, now);
      await r.insertPlan({ ...fields, id, organisationId: org.id, year, carriedFromPlanId: plan.id }, stamp);
      let ref = 0;
      for (const a of chosen) {
        const actionId = newId();
        const status: ActionStatus = a.status === 'ongoing' ? 'ongoing' : 'continued';
        await r.insertAction(
          {
            ...a,
            status,
            id: actionId,
            planId: id,
            organisationId: org.id,
            ref: ++ref,
            originActionId: a.id,
            rag: a.rag,
            lastUpdateOn: a.lastUpdateOn,
          },
          stamp,
        );
        for (const k of a.kpis) await r.addKpi(actionId, k);
        // Its unfinished milestones go with it; done and missed ones stay in this year's history.
        for (const m of a.milestones)
          if (m.state === 'not_started' || m.state === 'in_progress')
            await r.addMilestone(actionId, m, stamp);
      }
      await recordStep(
        tx,
        { actor, now, org },
        id,
        {
          summary: `Created from the ${label} plan with ${chosen.length} of its ${actions.length} actions`,
          before: null,
          after: { carriedFrom: plan.id, actions: chosen.map((a) => a.id) },
        },
        {
          action: 'plan.carry_forward',
          summary: `Carried ${plan.title} forward into ${title} with ${chosen.length} actions`,
          before: { plan: plan.id },
          after: { plan: id, actions: chosen.map((a) => `A${a.ref}`) },
        },
      );
    });
    return (await repo.findPlan(org.id, id))!;
  }

  return { createPlan, editPlan, changeStatus, carryForward };
}
