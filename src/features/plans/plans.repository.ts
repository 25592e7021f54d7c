/**
 * Plans, actions and their parts in the database, mapped to the domain types of plan.ts. An action's
 * edit names the version it started from and the UPDATE matches on it, so a stale edit changes nothing
 * (see `updateAction`).
 */
import type { Selectable } from 'kysely';
import type { Db } from '../../storage/database.js';
import type { PlanActionMilestonesTable, PlanActionsTable, PlansTable } from '../../storage/schema.js';
import { newId } from '../../shared/ids.js';
import {
  DEFAULT_RAG_LABELS,
  MILESTONE_STATES,
  RAG_STATUSES,
  type Action,
  type ActionStatus,
  type Author,
  type Lead,
  type MeasuredKpi,
  type Milestone,
  type MilestoneState,
  type Plan,
  type PlanHistoryEntry,
  type PlanStatus,
  type ProgressUpdate,
  type RagLabels,
  type RagStatus,
} from './plan.js';
import { isTimescale, type Timescale } from './timescale.js';

const json = (text: string | null): unknown => (text === null ? null : (JSON.parse(text) as unknown));

export function planFromRow(r: Selectable<PlansTable>): Plan {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    year: Number(r.year),
    title: r.title,
    status: r.status as PlanStatus,
    authors: JSON.parse(r.authors_json) as Author[],
    publicationDate: r.publication_date,
    sources: r.sources,
    endorsedBy: r.endorsed_by,
    endorsedOn: r.endorsed_on,
    boardApprovalDate: r.board_approval_date,
    alignment: r.alignment,
    carriedFromPlanId: r.carried_from_plan_id,
    version: Number(r.version),
    createdAt: r.created_at,
    createdByLabel: r.created_by_label,
    updatedAt: r.updated_at,
    updatedByLabel: r.updated_by_label,
  };
}

/** The plan's own fields, as stored (everything but ids, version and stamps). */
export type PlanFields = Pick<
  Plan,
  | 'title'
  | 'status'
  | 'authors'
  | 'publicationDate'
  | 'sources'
  | 'endorsedBy'
  | 'endorsedOn'
  | 'boardApprovalDate'
  | 'alignment'
>;

function planFieldsToRow(f: PlanFields) {
  return {
    title: f.title,
    status: f.status,
    authors_json: JSON.stringify(f.authors),
    publication_date: f.publicationDate,
    sources: f.sources,
    endorsed_by: f.endorsedBy,
    endorsed_on: f.endorsedOn,
    board_approval_date: f.boardApprovalDate,
    alignment: f.alignment,
  };
}

/** An action's own fields, as edited in one form. */
export interface ActionFields {
  text: string;
  status: ActionStatus;
  theme: string | null;
  aim: string;
  kpiText: string;
  timescale: Timescale;
  dueDate: string | null;
  outcome: string;
  sustainability: string;
  serves: { wres: boolean; wdes: boolean; other: boolean };
  indicators: string[];
  leads: Lead[];
  /** The owning unit (care group, directorate or department); null: trust-wide. */
  unitId: string | null;
}

type ActionRow = Selectable<PlanActionsTable>;

export function milestoneFromRow(r: Selectable<PlanActionMilestonesTable>): Milestone {
  return {
    id: r.id,
    actionId: r.action_id,
    dueOn: r.due_on,
    title: r.title,
    state: (MILESTONE_STATES as readonly string[]).includes(r.state)
      ? (r.state as MilestoneState)
      : 'not_started',
    note: r.note,
    version: Number(r.version),
    updatedAt: r.updated_at,
    updatedByLabel: r.updated_by_label,
  };
}

/** A milestone's own fields, as edited in one form. */
export type MilestoneFields = Pick<Milestone, 'dueOn' | 'title' | 'state' | 'note'>;

function actionFromRow(
  r: ActionRow,
  parts: { indicators: string[]; leads: Lead[]; kpis: MeasuredKpi[]; milestones: Milestone[] },
): Action {
  const timescale = json(r.timescale_json);
  return {
    id: r.id,
    planId: r.plan_id,
    organisationId: r.organisation_id,
    ref: Number(r.ref),
    text: r.text,
    status: r.status as ActionStatus,
    theme: r.theme,
    aim: r.aim,
    kpiText: r.kpi_text,
    timescale: isTimescale(timescale) ? timescale : { kind: 'none' },
    dueDate: r.due_date,
    outcome: r.outcome,
    sustainability: r.sustainability,
    serves: { wres: r.serves_wres === 1, wdes: r.serves_wdes === 1, other: r.serves_other === 1 },
    rag: (RAG_STATUSES as readonly string[]).includes(r.rag ?? '') ? (r.rag as RagStatus) : null,
    lastUpdateOn: r.last_update_on,
    originActionId: r.origin_action_id,
    unitId: r.unit_id,
    version: Number(r.version),
    ...parts,
    createdAt: r.created_at,
    createdByLabel: r.created_by_label,
    updatedAt: r.updated_at,
    updatedByLabel: r.updated_by_label,
  };
}

function actionFieldsToRow(f: ActionFields) {
  return {
    text: f.text,
    status: f.status,
    theme: f.theme,
    aim: f.aim,
    kpi_text: f.kpiText,
    timescale_json: JSON.stringify(f.timescale),
    due_date: f.dueDate,
    outcome: f.outcome,
    sustainability: f.sustainability,
    serves_wres: f.serves.wres ? 1 : 0,
    serves_wdes: f.serves.wdes ? 1 : 0,
    serves_other: f.serves.other ? 1 : 0,
    unit_id: f.unitId,
  };
}

export interface Stamp {
  at: string;
  byLabel: string;
}

export function plansRepository(db: Db) {
  async function partsOf(actionIds: readonly string[]) {
    const indicators = new Map<string, string[]>();
    const leads = new Map<string, Lead[]>();
    const kpis = new Map<string, MeasuredKpi[]>();
    const milestones = new Map<string, Milestone[]>();
    // Chunked: PostgreSQL and SQLite both cap the number of bound parameters.
    for (let i = 0; i < actionIds.length; i += 500) {
      const ids = actionIds.slice(i, i + 500);
      const [ind, ld, kp, ms] = await Promise.all([
        db
          .selectFrom('plan_action_indicators')
          .selectAll()
          .where('action_id', 'in', ids)
          .orderBy('action_id')
          .orderBy('position')
          .execute(),
        db
          .selectFrom('plan_action_leads')
          .selectAll()
          .where('action_id', 'in', ids)
          .orderBy('action_id')
          .orderBy('position')
          .execute(),
        db
          .selectFrom('plan_action_kpis')
          .selectAll()
          .where('action_id', 'in', ids)
          .orderBy('action_id')
          .orderBy('position')
          .execute(),
        db
          .selectFrom('plan_action_milestones')
          .selectAll()
          .where('action_id', 'in', ids)
          .orderBy('action_id')
          .orderBy('due_on')
          .orderBy('id')
          .execute(),
      ]);
      for (const r of ms)
        milestones.set(r.action_id, [...(milestones.get(r.action_id) ?? []), milestoneFromRow(r)]);
      for (const r of ind) indicators.set(r.action_id, [...(indicators.get(r.action_id) ?? []), r.indicator]);
      for (const r of ld)
        leads.set(r.action_id, [...(leads.get(r.action_id) ?? []), { name: r.name, userId: r.user_id }]);
      for (const r of kp)
        kpis.set(r.action_id, [
          ...(kpis.get(r.action_id) ?? []),
          {
            id: r.id,
            label: r.label,
            indicator: r.indicator,
            measure: r.measure,
            target: Number(r.target),
            direction: r.direction === 'down' ? 'down' : 'up',
          },
        ]);
    }
    return (id: string) => ({
      indicators: indicators.get(id) ?? [],
      leads: leads.get(id) ?? [],
      kpis: kpis.get(id) ?? [],
      milestones: milestones.get(id) ?? [],
    });
  }

  async function writeParts(actionId: string, f: Pick<ActionFields, 'indicators' | 'leads'>) {
    await db.deleteFrom('plan_action_indicators').where('action_id', '=', actionId).execute();
    await db.deleteFrom('plan_action_leads').where('action_id', '=', actionId).execute();
    if (f.indicators.length > 0)
      await db
        .insertInto('plan_action_indicators')
        .values(f.indicators.map((indicator, position) => ({ action_id: actionId, indicator, position })))
        .execute();
    if (f.leads.length > 0)
      await db
        .insertInto('plan_action_leads')
        .values(
          f.leads.map((l, position) => ({
            id: newId(),
            action_id: actionId,
            position,
            name: l.name,
            user_id: l.userId,
          })),
        )
        .execute();
  }

  const repo = {
    async listPlans(organisationId: string): Promise<Plan[]> {
      const rows = await db
        .selectFrom('plans')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .orderBy('year', 'desc')
        .execute();
      return rows.map(planFromRow);
    },

    async findPlan(organisationId: string, planId: string): Promise<Plan | null> {
      const r = await db
        .selectFrom('plans')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('id', '=', planId)
        .executeTakeFirst();
      return r ? planFromRow(r) : null;
    },

    async findPlanByYear(organisationId: string, year: number): Promise<Plan | null> {
      const r = await db
        .selectFrom('plans')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('year', '=', year)
        .executeTakeFirst();
      return r ? planFromRow(r) : null;
    },

    async insertPlan(
      p: PlanFields & { id: string; organisationId: string; year: number; carriedFromPlanId: string | null },
      stamp: Stamp,
    ): Promise<void> {
      await db
        .insertInto('plans')
        .values({
          id: p.id,
          organisation_id: p.organisationId,
          year: p.year,
          ...planFieldsToRow(p),
          carried_from_plan_id: p.carriedFromPlanId,
          version: 1,
          created_at: stamp.at,
          created_by_label: stamp.byLabel,
          updated_at: stamp.at,
          updated_by_label: stamp.byLabel,
        })
        .execute();
    },

    /** Saves the plan's fields if it is still at `expectedVersion`; false when someone changed it first. */
    async updatePlan(id: string, expectedVersion: number, f: PlanFields, stamp: Stamp): Promise<boolean> {
      const result = await db
        .updateTable('plans')
        .set({
          ...planFieldsToRow(f),
          version: expectedVersion + 1,
          updated_at: stamp.at,
          updated_by_label: stamp.byLabel,
        })
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async addHistory(planId: string, entry: Omit<PlanHistoryEntry, 'id'> & { actorUserId: string | null }) {
      await db
        .insertInto('plan_history')
        .values({
          id: newId(),
          plan_id: planId,
          occurred_at: entry.occurredAt,
          actor_user_id: entry.actorUserId,
          actor_label: entry.actorLabel,
          kind: entry.kind,
          entity_type: entry.entityType,
          entity_id: entry.entityId,
          summary: entry.summary.slice(0, 1000),
          reason: entry.reason,
          before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
          after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
        })
        .execute();
    },

    async history(planId: string): Promise<PlanHistoryEntry[]> {
      const rows = await db
        .selectFrom('plan_history')
        .selectAll()
        .where('plan_id', '=', planId)
        .orderBy('occurred_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        occurredAt: r.occurred_at,
        actorLabel: r.actor_label,
        kind: r.kind === 'status' ? 'status' : 'revision',
        entityType: r.entity_type === 'action' ? 'action' : 'plan',
        entityId: r.entity_id,
        summary: r.summary,
        reason: r.reason,
        before: json(r.before_json),
        after: json(r.after_json),
      }));
    },

    async listActions(planId: string): Promise<Action[]> {
      const rows = await db
        .selectFrom('plan_actions')
        .selectAll()
        .where('plan_id', '=', planId)
        .orderBy('ref')
        .execute();
      const parts = await partsOf(rows.map((r) => r.id));
      return rows.map((r) => actionFromRow(r, parts(r.id)));
    },

    async findAction(planId: string, actionId: string): Promise<Action | null> {
      const r = await db
        .selectFrom('plan_actions')
        .selectAll()
        .where('plan_id', '=', planId)
        .where('id', '=', actionId)
        .executeTakeFirst();
      if (!r) return null;
      return actionFromRow(r, (await partsOf([r.id]))(r.id));
    },

    async findActionById(actionId: string): Promise<Action | null> {
      const r = await db.selectFrom('plan_actions').selectAll().where('id', '=', actionId).executeTakeFirst();
      if (!r) return null;
      return actionFromRow(r, (await partsOf([r.id]))(r.id));
    },

    /** Actions led by a Parity user, in the organisation's plans, newest plan first. */
    async actionsLedBy(organisationId: string, userId: string): Promise<Action[]> {
      const rows = await db
        .selectFrom('plan_actions')
        .innerJoin('plans', 'plans.id', 'plan_actions.plan_id')
        .selectAll('plan_actions')
        .where('plan_actions.organisation_id', '=', organisationId)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('plan_action_leads')
              .select('plan_action_leads.id')
              .whereRef('plan_action_leads.action_id', '=', 'plan_actions.id')
              .where('plan_action_leads.user_id', '=', userId),
          ),
        )
        .orderBy('plans.year', 'desc')
        .orderBy('plan_actions.ref')
        .execute();
      const parts = await partsOf(rows.map((r) => r.id));
      return rows.map((r) => actionFromRow(r, parts(r.id)));
    },

    /**
     * The next action number of the plan. Call it inside the transaction that inserts the action: it first
     * locks the plan's row (a no-op update), so on PostgreSQL two transactions adding actions to one plan
     * take turns and the second reads the number the first used.
     */
    async nextRef(planId: string): Promise<number> {
      await db
        .updateTable('plans')
        .set((eb) => ({ version: eb.ref('version') }))
        .where('id', '=', planId)
        .execute();
      const r = await db
        .selectFrom('plan_actions')
        .select((eb) => eb.fn.max('ref').as('max'))
        .where('plan_id', '=', planId)
        .executeTakeFirst();
      return Number(r?.max ?? 0) + 1;
    },

    async insertAction(
      a: ActionFields & {
        id: string;
        planId: string;
        organisationId: string;
        ref: number;
        originActionId: string | null;
        rag: RagStatus | null;
        lastUpdateOn: string | null;
      },
      stamp: Stamp,
    ): Promise<void> {
      await db
        .insertInto('plan_actions')
        .values({
          id: a.id,
          plan_id: a.planId,
          organisation_id: a.organisationId,
          ref: a.ref,
          ...actionFieldsToRow(a),
          rag: a.rag,
          last_update_on: a.lastUpdateOn,
          origin_action_id: a.originActionId,
          version: 1,
          created_at: stamp.at,
          created_by_label: stamp.byLabel,
          updated_at: stamp.at,
          updated_by_label: stamp.byLabel,
        })
        .execute();
      await writeParts(a.id, a);
    },

    /**
     * Saves an action's fields only if it is still at `expectedVersion` (compared in the UPDATE itself, so
     * two editors racing cannot both win); the linked indicators and leads are replaced in the same
     * transaction. False when the version moved on: nothing was written.
     */
    async updateAction(id: string, expectedVersion: number, f: ActionFields, stamp: Stamp): Promise<boolean> {
      const result = await db
        .updateTable('plan_actions')
        .set({
          ...actionFieldsToRow(f),
          version: expectedVersion + 1,
          updated_at: stamp.at,
          updated_by_label: stamp.byLabel,
        })
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await writeParts(id, f);
      return true;
    },

    /** Raises the version without changing fields (a KPI added or removed is an edit of the action). */
    async bumpVersion(id: string, expectedVersion: number, stamp: Stamp): Promise<boolean> {
      const result = await db
        .updateTable('plan_actions')
        .set({ version: expectedVersion + 1, updated_at: stamp.at, updated_by_label: stamp.byLabel })
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async carriedInto(actionId: string): Promise<number> {
      const r = await db
        .selectFrom('plan_actions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('origin_action_id', '=', actionId)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    async deleteAction(id: string): Promise<void> {
      for (const table of [
        'plan_action_indicators',
        'plan_action_leads',
        'plan_action_kpis',
        'plan_action_milestones',
        'plan_action_updates',
      ] as const)
        await db.deleteFrom(table).where('action_id', '=', id).execute();
      await db.deleteFrom('plan_actions').where('id', '=', id).execute();
    },

    async addKpi(actionId: string, k: Omit<MeasuredKpi, 'id'>): Promise<string> {
      const id = newId();
      const r = await db
        .selectFrom('plan_action_kpis')
        .select((eb) => eb.fn.max('position').as('max'))
        .where('action_id', '=', actionId)
        .executeTakeFirst();
      await db
        .insertInto('plan_action_kpis')
        .values({
          id,
          action_id: actionId,
          position: r?.max === null || r?.max === undefined ? 0 : Number(r.max) + 1,
          label: k.label,
          indicator: k.indicator,
          measure: k.measure,
          target: k.target,
          direction: k.direction,
        })
        .execute();
      return id;
    },

    async removeKpi(actionId: string, kpiId: string): Promise<boolean> {
      const result = await db
        .deleteFrom('plan_action_kpis')
        .where('action_id', '=', actionId)
        .where('id', '=', kpiId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    async addMilestone(actionId: string, f: MilestoneFields, stamp: Stamp): Promise<string> {
      const id = newId();
      await db
        .insertInto('plan_action_milestones')
        .values({
          id,
          action_id: actionId,
          due_on: f.dueOn,
          title: f.title,
          state: f.state,
          note: f.note,
          version: 1,
          created_at: stamp.at,
          created_by_label: stamp.byLabel,
          updated_at: stamp.at,
          updated_by_label: stamp.byLabel,
        })
        .execute();
      return id;
    },

    async findMilestone(actionId: string, milestoneId: string): Promise<Milestone | null> {
      const r = await db
        .selectFrom('plan_action_milestones')
        .selectAll()
        .where('action_id', '=', actionId)
        .where('id', '=', milestoneId)
        .executeTakeFirst();
      return r ? milestoneFromRow(r) : null;
    },

    /**
     * Saves a milestone's fields only if it is still at `expectedVersion` (compared in the UPDATE itself);
     * false when someone changed it first: nothing was written.
     */
    async updateMilestone(
      actionId: string,
      milestoneId: string,
      expectedVersion: number,
      f: MilestoneFields,
      stamp: Stamp,
    ): Promise<boolean> {
      const result = await db
        .updateTable('plan_action_milestones')
        .set({
          due_on: f.dueOn,
          title: f.title,
          state: f.state,
          note: f.note,
          version: expectedVersion + 1,
          updated_at: stamp.at,
          updated_by_label: stamp.byLabel,
        })
        .where('action_id', '=', actionId)
        .where('id', '=', milestoneId)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Removes a milestone if it is still at `expectedVersion`; false when it changed or is gone. */
    async removeMilestone(actionId: string, milestoneId: string, expectedVersion: number): Promise<boolean> {
      const result = await db
        .deleteFrom('plan_action_milestones')
        .where('action_id', '=', actionId)
        .where('id', '=', milestoneId)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    async addUpdate(u: Omit<ProgressUpdate, 'id'>): Promise<string> {
      const id = newId();
      await db
        .insertInto('plan_action_updates')
        .values({
          id,
          action_id: u.actionId,
          posted_on: u.postedOn,
          rag: u.rag,
          narrative: u.narrative,
          author_user_id: u.authorUserId,
          author_label: u.authorLabel,
          created_at: u.createdAt,
        })
        .execute();
      return id;
    },

    /** Updates of the actions, newest first (by the date they are for, then by when they were written). */
    async updatesOf(actionIds: readonly string[]): Promise<ProgressUpdate[]> {
      if (actionIds.length === 0) return [];
      const out: ProgressUpdate[] = [];
      for (let i = 0; i < actionIds.length; i += 500) {
        const rows = await db
          .selectFrom('plan_action_updates')
          .selectAll()
          .where('action_id', 'in', actionIds.slice(i, i + 500))
          .execute();
        for (const r of rows)
          out.push({
            id: r.id,
            actionId: r.action_id,
            postedOn: r.posted_on,
            rag: (RAG_STATUSES as readonly string[]).includes(r.rag ?? '') ? (r.rag as RagStatus) : null,
            narrative: r.narrative,
            authorUserId: r.author_user_id,
            authorLabel: r.author_label,
            createdAt: r.created_at,
          });
      }
      return out.sort(
        (a, b) =>
          b.postedOn.localeCompare(a.postedOn) ||
          b.createdAt.localeCompare(a.createdAt) ||
          b.id.localeCompare(a.id),
      );
    },

    /**
     * Records an update's RAG and date on the action unless a later-dated update is already shown (not an
     * edit: the version stays). The date is compared in the UPDATE itself, so two updates posted at the
     * same moment leave the later-dated one shown, whichever commits last.
     */
    async setProgress(actionId: string, rag: RagStatus | null, postedOn: string): Promise<void> {
      await db
        .updateTable('plan_actions')
        .set({ rag, last_update_on: postedOn })
        .where('id', '=', actionId)
        .where((eb) => eb.or([eb('last_update_on', 'is', null), eb('last_update_on', '<=', postedOn)]))
        .execute();
    },

    async ragLabels(organisationId: string): Promise<RagLabels> {
      const r = await db
        .selectFrom('plan_settings')
        .select('rag_labels_json')
        .where('organisation_id', '=', organisationId)
        .executeTakeFirst();
      return r
        ? { ...DEFAULT_RAG_LABELS, ...(JSON.parse(r.rag_labels_json) as Partial<RagLabels>) }
        : DEFAULT_RAG_LABELS;
    },

    async saveRagLabels(organisationId: string, labels: RagLabels, stamp: Stamp): Promise<void> {
      const values = {
        rag_labels_json: JSON.stringify(labels),
        updated_at: stamp.at,
        updated_by_label: stamp.byLabel,
      };
      await db
        .insertInto('plan_settings')
        .values({ organisation_id: organisationId, ...values })
        .onConflict((oc) => oc.column('organisation_id').doUpdateSet(values))
        .execute();
    },
  };
  return repo;
}

export type PlansRepository = ReturnType<typeof plansRepository>;
