/** Helpers the plan routes share: reading repeated form fields, the plan of a request, catalogues, exports. */
import type { FastifyRequest } from 'fastify';
import type { RouteDeps } from '../../server/routing.js';
import type { FormBody } from '../../server/forms.js';
import { can, unitScope } from '../auth/access.js';
import type { Organisation } from '../organisations/organisation.js';
import type { ExportModel } from './export/model.js';
import { buildExportModel } from './export/build.js';
import type { Plan } from './plan.js';
import { referenceCatalogue, type IndicatorReference } from './references.js';

export type OrgParams = { org: string };
export type PlanParams = { org: string; plan: string };
export type ActionParams = { org: string; plan: string; action: string };

/** Every value of a repeated form field (checkboxes), trimmed, empty ones dropped. */
export function values(body: unknown, name: string): string[] {
  if (body === null || typeof body !== 'object') return [];
  const raw = (body as FormBody)[name];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** A form field kept exactly as typed (line breaks and all), for the text areas. */
export function text(body: unknown, name: string): string {
  if (body === null || typeof body !== 'object') return '';
  const raw = (body as FormBody)[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  return typeof first === 'string' ? first : '';
}

export const planBase = (org: Organisation, plan: Plan) =>
  `/o/${encodeURIComponent(org.odsCode)}/plans/${plan.id}`;

export async function catalogueFor(deps: RouteDeps, org: Organisation): Promise<IndicatorReference[]> {
  const local = await deps.services.indicators.localMetrics(org);
  return referenceCatalogue(
    local.map((m) => ({ id: m.id, title: (m.definition as { title?: string }).title ?? m.id })),
  );
}

export function rightsOf(request: FastifyRequest) {
  const access = request.org!.access;
  return {
    canManage: can(access, 'plans.manage', 'organisation'),
    canUpdate: can(access, 'plans.update', 'any'),
    userId: request.auth!.principal.user.id,
  };
}

/**
 * The unit whose view of the plan is asked for (`?unit=`, its id), or null for the whole plan. The plans
 * service decides whether the reader may have it (visibility.ts): an unknown unit, or one outside their
 * role, is not found.
 */
export function focusOf(request: FastifyRequest): string | null {
  const query = request.query as Record<string, unknown> | undefined;
  const unit = typeof query?.unit === 'string' ? query.unit.trim() : '';
  return unit === '' ? null : unit;
}

/** Whether the reader's role covers the whole organisation's plan (and so may choose a unit's view). */
export const seesWholePlan = (request: FastifyRequest): boolean =>
  unitScope(request.org!.access, 'plans.view') === 'all';

/** The export of what the reader sees of the plan, or of one unit's view of it (`?unit=`). */
export async function exportModel(
  deps: RouteDeps,
  request: FastifyRequest,
  plan: Plan,
  view: 'publication' | 'full' = 'publication',
): Promise<ExportModel> {
  return buildExportModel(deps.services, request.org!.access, plan, focusOf(request), view);
}
