/**
 * Importing an existing plan in the browser: upload a Word, Excel or CSV file, see every table layout
 * found with Parity's guess for each column, correct it, read the preview of the actions (merged where the
 * same action was pasted under several indicators) and what could not be read, then confirm.
 */
import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { orgRoute, type RouteDeps } from '../../../server/routing.js';
import { actorOf, errorView, field } from '../../../server/forms.js';
import { isParityError } from '../../../shared/errors.js';
import { titleOf } from '../markup.js';
import { ACTION_STATUS_LABELS, type Plan } from '../plan.js';
import { catalogueFor, planBase, rightsOf, text, type PlanParams } from '../plans.http.js';
import { isLocked } from '../plans.service.js';
import { presentPlan, ragView } from '../presenters.js';
import { describeReference } from '../references.js';
import { timescaleLabel } from '../timescale.js';
import { ownerLabel } from '../visibility.js';
import { COLUMN_TARGETS, TARGET_LABELS } from './layout.js';
import { MAX_PLAN_FILE_BYTES } from './source.js';

type BatchParams = PlanParams & { batch: string };

const DETAIL_LABELS: Record<string, string> = {
  title: 'Title',
  authors: 'Primary authors',
  publicationDate: 'Publication date',
  sources: 'Sources of information',
  endorsedBy: 'Endorsed by',
  boardApprovalDate: 'Board approval date',
  alignment: 'Alignment',
};

export function registerPlanImportRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { services } = deps;
  const imports = services.planImports;
  const manage = { config: { access: orgRoute('plans.manage', 'organisation') } };
  const upload = {
    config: { ...manage.config, upload: { field: 'file', maxFiles: 1, maxFileBytes: MAX_PLAN_FILE_BYTES } },
  };
  const planOf = (request: FastifyRequest<{ Params: PlanParams }>) =>
    services.plans.plan(request.org!.organisation, request.params.plan);

  async function uploadPage(
    reply: FastifyReply,
    request: FastifyRequest<{ Params: PlanParams }>,
    plan: Plan,
    extra: object = {},
    status = 200,
  ) {
    return reply.page(
      'plans/views/import.njk',
      {
        plan: presentPlan(plan),
        base: planBase(request.org!.organisation, plan),
        maxMegabytes: MAX_PLAN_FILE_BYTES / 1024 / 1024,
        ...extra,
      },
      status,
    );
  }

  app.get<{ Params: PlanParams }>('/o/:org/plans/:plan/import', manage, async (request, reply) =>
    uploadPage(reply, request, await planOf(request)),
  );

  app.post<{ Params: PlanParams }>('/o/:org/plans/:plan/import', upload, async (request, reply) => {
    const org = request.org!.organisation;
    const plan = await planOf(request);
    const file = request.upload!.files[0];
    if (!file)
      return uploadPage(
        reply,
        request,
        plan,
        errorView([{ field: 'file', message: 'Choose a Word (.docx), Excel (.xlsx) or CSV file' }]),
        400,
      );
    try {
      const batch = await imports.stage(org, plan, rightsOf(request).userId, {
        fileName: file.fileName,
        content: await readFile(file.path),
      });
      return reply.redirect(`${planBase(org, plan)}/import/${batch}`, 303);
    } catch (error) {
      if (!isParityError(error, 'INVALID_INPUT')) throw error;
      return uploadPage(
        reply,
        request,
        plan,
        errorView(error.problems.length > 0 ? error.problems : [{ field: 'file', message: error.message }]),
        400,
      );
    }
  });

  async function previewPage(
    request: FastifyRequest<{ Params: BatchParams }>,
    reply: FastifyReply,
    extra: object = {},
    status = 200,
  ) {
    const org = request.org!.organisation;
    const plan = await planOf(request);
    const preview = await imports.preview(org, plan, rightsOf(request).userId, request.params.batch);
    const [catalogue, labels, units] = await Promise.all([
      catalogueFor(deps, org),
      services.plans.ragLabels(org),
      services.plans.units(org),
    ]);
    return reply.page(
      'plans/views/import-preview.njk',
      {
        plan: presentPlan(plan),
        base: planBase(org, plan),
        locked: isLocked(plan),
        batch: preview.batchId,
        fileName: preview.fileName,
        layouts: preview.layouts.map((l, li) => ({
          index: li,
          tables: l.tables,
          columns: l.columns.map((c, ci) => ({
            id: `map-${li}-${ci}`,
            name: `map_${li}_${ci}`,
            header: c.header || `Column ${ci + 1} (no heading)`,
            samples: c.samples,
            items: COLUMN_TARGETS.map((t) => ({
              value: t,
              text: TARGET_LABELS[t],
              selected: preview.mapping.columns[li]![ci] === t,
            })),
          })),
        })),
        standardItems: ['WRES', 'WDES'].map((s) => ({
          value: s,
          text: s,
          checked: preview.mapping.standard === s,
        })),
        result: preview.result,
        drafts: preview.result.drafts.map((d, i) => ({
          n: i + 1,
          title: titleOf(d.text, 160),
          indicators: d.indicators.map((id) => describeReference(id, catalogue).code).join(', ') || '—',
          indicatorText: d.indicatorText ? titleOf(d.indicatorText, 80) : '',
          status: ACTION_STATUS_LABELS[d.status],
          leads: d.leads.join(', '),
          timescale: timescaleLabel(d.timescale),
          rag: ragView(d.rag, labels),
          sources: d.sources.join('; '),
          merged: d.sources.length > 1,
          hasProgress: d.progress !== '',
          owner: d.unitId === null ? null : ownerLabel(units, d.unitId),
        })),
        details: Object.entries(preview.details).map(([k, v]) => ({
          key: { text: DETAIL_LABELS[k] ?? k },
          value: { text: String(v) },
        })),
        ...extra,
      },
      status,
    );
  }

  app.get<{ Params: BatchParams }>('/o/:org/plans/:plan/import/:batch', manage, (request, reply) =>
    previewPage(request, reply),
  );

  app.post<{ Params: BatchParams }>('/o/:org/plans/:plan/import/:batch', manage, async (request, reply) => {
    const org = request.org!.organisation;
    const plan = await planOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const columns: (string | undefined)[][] = [];
    for (const [k, v] of Object.entries(body)) {
      const m = /^map_(\d{1,3})_(\d{1,3})$/.exec(k);
      if (!m || typeof v !== 'string') continue;
      (columns[Number(m[1])] ??= [])[Number(m[2])] = v;
    }
    try {
      await imports.setMapping(org, plan, rightsOf(request).userId, request.params.batch, {
        columns,
        standard: field(body, 'standard'),
      });
    } catch (error) {
      if (!isParityError(error, 'INVALID_INPUT')) throw error;
      return previewPage(request, reply, errorView(error.problems), 400);
    }
    return reply.redirect(`${planBase(org, plan)}/import/${request.params.batch}`, 303);
  });

  app.post<{ Params: BatchParams }>(
    '/o/:org/plans/:plan/import/:batch/confirm',
    manage,
    async (request, reply) => {
      const org = request.org!.organisation;
      const plan = await planOf(request);
      try {
        const { added } = await imports.confirm(
          actorOf(request),
          org,
          plan,
          rightsOf(request).userId,
          request.params.batch,
          {
            applyDetails: field(request.body, 'applyDetails') === 'yes',
            reason: text(request.body, 'reason'),
          },
        );
        reply.flash(
          `Imported ${added} actions. Check each one's indicators and leads: Parity links them where the file named them.`,
        );
      } catch (error) {
        if (!isParityError(error, 'INVALID_INPUT')) throw error;
        return previewPage(request, reply, errorView(error.problems), 400);
      }
      return reply.redirect(planBase(org, plan), 303);
    },
  );

  app.post<{ Params: BatchParams }>(
    '/o/:org/plans/:plan/import/:batch/cancel',
    manage,
    async (request, reply) => {
      const org = request.org!.organisation;
      const plan = await planOf(request);
      await imports.cancel(org, plan, rightsOf(request).userId, request.params.batch);
      reply.flash('The import was cancelled; nothing was added to the plan.');
      return reply.redirect(planBase(org, plan), 303);
    },
  );
}
