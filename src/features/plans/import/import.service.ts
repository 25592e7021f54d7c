/**
 * Importing an existing plan: the file is kept (in the database, so any server process can finish the
 * job) while the person checks the preview and corrects the column mapping; nothing reaches the plan until
 * they confirm, and then every action lands in one transaction with its audit event, or none does.
 */
import type { Clock } from '../../../shared/clock.js';
import type { Sealer } from '../../../shared/sealing.js';
import { conflict, invalidInput, notFound, type Problem } from '../../../shared/errors.js';
import { newId } from '../../../shared/ids.js';
import type { Db } from '../../../storage/database.js';
import { auditRepository, type Actor } from '../../audit/audit.js';
import type { Organisation, OrgUnit } from '../../organisations/organisation.js';
import { organisationsRepository } from '../../organisations/organisations.repository.js';
import { titleOf } from '../markup.js';
import type { Plan, Lead, RagLabels } from '../plan.js';
import { plansRepository, type PlanFields } from '../plans.repository.js';
import { isLocked, retryOnRefClash, type PlansService } from '../plans.service.js';
import { dueDateOf } from '../timescale.js';
import { TRUST_WIDE } from '../visibility.js';
import {
  COLUMN_TARGETS,
  defaultMapping,
  detectLayouts,
  draftActions,
  suggestDetails,
  type ColumnTarget,
  type DetailSuggestions,
  type DetectedLayout,
  type ImportMapping,
  type ImportPlanResult,
} from './layout.js';
import { readPlanFile, type SourceDocument } from './source.js';

export const IMPORT_HOURS = 24;

export interface ImportPreview {
  batchId: string;
  fileName: string;
  document: SourceDocument;
  layouts: DetectedLayout[];
  mapping: ImportMapping;
  result: ImportPlanResult;
  details: DetailSuggestions;
}

function isMapping(value: unknown, layouts: DetectedLayout[]): value is ImportMapping {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as ImportMapping;
  return (
    (m.standard === 'WRES' || m.standard === 'WDES') &&
    Array.isArray(m.columns) &&
    m.columns.length === layouts.length &&
    m.columns.every(
      (cols, i) =>
        Array.isArray(cols) &&
        cols.length === layouts[i]!.columns.length &&
        cols.every((c) => (COLUMN_TARGETS as readonly string[]).includes(c)),
    )
  );
}

const unitKey = (text: string) =>
  text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/\s*>\s*/g, ' > ')
    .trim();

/**
 * Finds each draft's owning unit from what the file calls it: a unit's path ("Surgery and Anaesthetics >
 * Theatres"), or a name that only one unit has. "Trust-wide" or nothing is trust-wide. A name that matches
 * no unit, or several, leaves the action trust-wide and a note says so.
 */
export function resolveOwners(result: ImportPlanResult, units: readonly OrgUnit[]): ImportPlanResult {
  const notes = [...result.notes];
  const drafts = result.drafts.map((d) => {
    const key = unitKey(d.unitText);
    if (key === '' || key === unitKey(TRUST_WIDE) || key === 'trust wide') return { ...d, unitId: null };
    const byPath = units.find((u) => unitKey(u.path) === key);
    const byName = units.filter((u) => unitKey(u.name) === key);
    const unit = byPath ?? (byName.length === 1 ? byName[0] : undefined);
    if (!unit)
      notes.push({
        where: d.sources[0] ?? '',
        message:
          byName.length > 1
            ? `“${titleOf(d.unitText, 80)}” names ${byName.length} units: the action is trust-wide until you choose its owning unit.`
            : `“${titleOf(d.unitText, 80)}” is not a unit of this organisation: the action is trust-wide until you choose its owning unit.`,
      });
    return { ...d, unitId: unit?.id ?? null };
  });
  return { ...result, drafts, notes };
}

/**
 * `sealer` keeps an uploaded plan file sealed while it waits for its preview and confirmation: a plan names
 * its leads, and the database never holds an upload in the clear.
 */
export function planImportService(deps: { db: Db; clock: Clock; plans: PlansService; sealer: Sealer }) {
  const { db, clock, plans, sealer } = deps;

  async function staged(org: Organisation, plan: Plan, userId: string, batchId: string) {
    const row = await db
      .selectFrom('plan_imports')
      .selectAll()
      .where('id', '=', batchId)
      .where('organisation_id', '=', org.id)
      .where('plan_id', '=', plan.id)
      .where('user_id', '=', userId)
      .where('expires_at', '>', clock.now().toISOString())
      .executeTakeFirst();
    if (!row)
      throw notFound('This import has expired, was already saved, or was cancelled. Upload the file again.');
    return row;
  }

  const unitsOf = (org: Organisation) => organisationsRepository(db).unitsOf(org.id);

  async function build(
    row: { id: string; file_name: string; content: Uint8Array; mapping_json: string },
    labels: RagLabels,
    units: readonly OrgUnit[],
  ): Promise<ImportPreview> {
    const document = await readPlanFile(await sealer.open(row.content), row.file_name);
    const layouts = detectLayouts(document);
    const stored = JSON.parse(row.mapping_json) as unknown;
    const mapping = isMapping(stored, layouts) ? stored : defaultMapping(document, layouts);
    return {
      batchId: row.id,
      fileName: row.file_name,
      document,
      layouts,
      mapping,
      result: resolveOwners(draftActions(document, layouts, mapping, labels), units),
      details: suggestDetails(document),
    };
  }

  return {
    /** Keeps an uploaded file for the preview, after checking that it can be read at all. */
    async stage(
      org: Organisation,
      plan: Plan,
      userId: string,
      file: { fileName: string; content: Buffer },
    ): Promise<string> {
      await readPlanFile(file.content, file.fileName);
      const now = clock.now();
      await db.deleteFrom('plan_imports').where('expires_at', '<=', now.toISOString()).execute();
      const id = newId();
      await db
        .insertInto('plan_imports')
        .values({
          id,
          organisation_id: org.id,
          plan_id: plan.id,
          user_id: userId,
          file_name: file.fileName.slice(0, 300),
          content: await sealer.seal(file.content),
          mapping_json: 'null',
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + IMPORT_HOURS * 3_600_000).toISOString(),
        })
        .execute();
      return id;
    },

    async preview(org: Organisation, plan: Plan, userId: string, batchId: string): Promise<ImportPreview> {
      return build(await staged(org, plan, userId, batchId), await plans.ragLabels(org), await unitsOf(org));
    },

    /** The person's corrections: a target for each column of each layout, and what bare numbers mean. */
    async setMapping(
      org: Organisation,
      plan: Plan,
      userId: string,
      batchId: string,
      input: { columns: (string | undefined)[][]; standard: string },
    ): Promise<void> {
      const row = await staged(org, plan, userId, batchId);
      const current = await build(row, await plans.ragLabels(org), await unitsOf(org));
      const mapping: ImportMapping = {
        standard: input.standard === 'WDES' ? 'WDES' : 'WRES',
        columns: current.layouts.map((l, li) =>
          l.columns.map((c, ci) => {
            const chosen = input.columns[li]?.[ci];
            return chosen && (COLUMN_TARGETS as readonly string[]).includes(chosen)
              ? (chosen as ColumnTarget)
              : current.mapping.columns[li]![ci]!;
          }),
        ),
      };
      const problems: Problem[] = [];
      mapping.columns.forEach((cols, li) => {
        if (!cols.includes('action'))
          problems.push({
            field: `map-${li}-0`,
            message: `Table layout ${li + 1}: choose the column that holds the actions`,
          });
      });
      await db
        .updateTable('plan_imports')
        .set({ mapping_json: JSON.stringify(mapping) })
        .where('id', '=', batchId)
        .execute();
      if (problems.length > 0) throw invalidInput('The column mapping needs an action column', problems);
    },

    async cancel(org: Organisation, plan: Plan, userId: string, batchId: string): Promise<void> {
      await staged(org, plan, userId, batchId);
      await db.deleteFrom('plan_imports').where('id', '=', batchId).execute();
    },

    /**
     * Saves the previewed actions into the plan, with a first progress update where the file had one, and
     * fills in empty plan details from the document when asked. All or nothing.
     */
    async confirm(
      actor: Actor,
      org: Organisation,
      plan: Plan,
      userId: string,
      batchId: string,
      options: { applyDetails: boolean; reason: string },
    ): Promise<{ added: number }> {
      const preview = await build(
        await staged(org, plan, userId, batchId),
        await plans.ragLabels(org),
        await unitsOf(org),
      );
      return save(actor, org, plan, preview, options, async (tx) => {
        const removed = await tx.deleteFrom('plan_imports').where('id', '=', batchId).executeTakeFirst();
        if (Number(removed.numDeletedRows) !== 1)
          throw conflict('This file was imported by another request a moment ago.');
      });
    },

    /**
     * Reads a plan file with Parity's guess for every column, as the preview shows it (for the command
     * line, which has no preview page); `save` then imports exactly that.
     */
    async read(
      org: Organisation,
      file: { fileName: string; content: Buffer },
      standard?: 'WRES' | 'WDES',
    ): Promise<Omit<ImportPreview, 'batchId'>> {
      const document = await readPlanFile(file.content, file.fileName);
      const layouts = detectLayouts(document);
      const mapping = { ...defaultMapping(document, layouts), ...(standard ? { standard } : {}) };
      return {
        fileName: file.fileName,
        document,
        layouts,
        mapping,
        result: resolveOwners(
          draftActions(document, layouts, mapping, await plans.ragLabels(org)),
          await unitsOf(org),
        ),
        details: suggestDetails(document),
      };
    },

    save: (
      actor: Actor,
      org: Organisation,
      plan: Plan,
      preview: Pick<ImportPreview, 'result' | 'details' | 'fileName'>,
      options: { applyDetails: boolean; reason: string },
    ) => save(actor, org, plan, preview, options),
  };

  /** Saves the previewed actions into the plan in one transaction (with `alsoInTransaction`). */
  async function save(
    actor: Actor,
    org: Organisation,
    plan: Plan,
    preview: Pick<ImportPreview, 'result' | 'details' | 'fileName'>,
    options: { applyDetails: boolean; reason: string },
    alsoInTransaction?: (tx: Db) => Promise<void>,
  ): Promise<{ added: number }> {
    const { result, details, fileName } = preview;
    const problems: Problem[] = [];
    if (result.drafts.length === 0)
      problems.push({
        field: 'file',
        message: 'No actions were found with this mapping: choose the column that holds the actions',
      });
    if (isLocked(plan) && options.reason.trim() === '')
      problems.push({
        field: 'reason',
        message: 'The plan was approved: say why these actions are being added',
      });
    if (problems.length > 0) throw invalidInput('Nothing was imported', problems);
    const candidates = await plans.leadCandidates(org);
    const byName = new Map(candidates.map((c) => [c.displayName.toLowerCase(), c]));
    const now = clock.now();
    const today = now.toISOString().slice(0, 10);
    const stamp = { at: now.toISOString(), byLabel: actor.label };
    await retryOnRefClash(() =>
      db.transaction().execute(async (tx) => {
        await alsoInTransaction?.(tx);
        const r = plansRepository(tx);
        let ref = (await r.nextRef(plan.id)) - 1;
        const added: { ref: number; title: string; indicators: string[]; unitId: string | null }[] = [];
        for (const d of result.drafts) {
          const id = newId();
          ref++;
          const leads: Lead[] = d.leads.map((name) => {
            const user = byName.get(name.toLowerCase());
            return user
              ? { name: user.displayName, userId: user.userId }
              : { name: name.slice(0, 300), userId: null };
          });
          const hasProgress = d.progress !== '' || d.rag !== null;
          await r.insertAction(
            {
              id,
              planId: plan.id,
              organisationId: org.id,
              ref,
              text: d.text,
              status: d.status,
              theme: d.theme ? d.theme.slice(0, 300) : null,
              aim: d.aim,
              kpiText: d.kpiText,
              timescale: d.timescale,
              dueDate: dueDateOf(d.timescale),
              outcome: d.outcome,
              sustainability: d.sustainability,
              serves: d.serves,
              indicators: d.indicators,
              leads,
              unitId: d.unitId,
              originActionId: null,
              rag: d.rag,
              lastUpdateOn: hasProgress ? today : null,
            },
            stamp,
          );
          if (hasProgress)
            await r.addUpdate({
              actionId: id,
              postedOn: today,
              rag: d.rag,
              narrative: d.progress || '(RAG status imported; no narrative in the file.)',
              authorUserId: actor.userId,
              authorLabel: `${actor.label} (imported from ${fileName})`,
              createdAt: now.toISOString(),
            });
          added.push({ ref, title: titleOf(d.text, 200), indicators: d.indicators, unitId: d.unitId });
        }
        let detailsAfter: PlanFields | null = null;
        if (options.applyDetails) {
          const fill = (current: string, suggested: string | undefined) =>
            current.trim() === '' && suggested ? suggested : current;
          const authors =
            plan.authors.length === 0 && details.authors
              ? details.authors
                  .split('\n')
                  .filter((l) => l.trim() !== '')
                  .slice(0, 30)
                  .map((l) => {
                    const comma = l.indexOf(',');
                    return comma === -1
                      ? { name: l.trim().slice(0, 200), role: '' }
                      : {
                          name: l.slice(0, comma).trim().slice(0, 200),
                          role: l
                            .slice(comma + 1)
                            .trim()
                            .slice(0, 200),
                        };
                  })
              : plan.authors;
          detailsAfter = {
            title: plan.title,
            status: plan.status,
            authors,
            publicationDate: plan.publicationDate ?? details.publicationDate ?? null,
            sources: fill(plan.sources, details.sources),
            endorsedBy: fill(plan.endorsedBy, details.endorsedBy?.slice(0, 300)),
            endorsedOn: plan.endorsedOn,
            boardApprovalDate: plan.boardApprovalDate ?? details.boardApprovalDate ?? null,
            alignment: fill(plan.alignment, details.alignment),
          };
          if (!(await r.updatePlan(plan.id, plan.version, detailsAfter, stamp)))
            throw conflict(
              'Somebody changed the plan details a moment ago. Reload the page and import again.',
            );
        }
        await auditRepository(tx).record(actor, now, {
          action: 'plan.import',
          organisationId: org.id,
          entityType: 'plan',
          entityId: plan.id,
          summary: `Imported ${added.length} actions into ${plan.title} from ${fileName}`,
          before: options.applyDetails ? { details: plan } : undefined,
          after: { file: fileName, actions: added, details: detailsAfter ?? undefined },
        });
        if (isLocked(plan))
          await r.addHistory(plan.id, {
            occurredAt: now.toISOString(),
            actorUserId: actor.userId,
            actorLabel: actor.label,
            kind: 'revision',
            entityType: 'plan',
            entityId: plan.id,
            summary: `Imported ${added.length} actions from ${fileName}`,
            reason: options.reason.trim(),
            before: null,
            after: added,
          });
      }),
    );
    return { added: result.drafts.length };
  }
}

export type PlanImportService = ReturnType<typeof planImportService>;
