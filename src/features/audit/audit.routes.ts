import type { FastifyInstance } from 'fastify';
import { orgRoute, type RouteDeps } from '../../server/routing.js';
import { AUDIT_ACTIONS } from './audit.js';
import { describeChange } from './present.js';

const PAGE_SIZE = 50;

export function registerAuditRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { services } = deps;

  app.get<{ Params: { org: string }; Querystring: { action?: string; page?: string } }>(
    '/o/:org/audit',
    { config: { access: orgRoute('audit.view', 'organisation') } },
    async (request, reply) => {
      const org = request.org!.organisation;
      const action =
        request.query.action && request.query.action in AUDIT_ACTIONS ? request.query.action : undefined;
      const page = Math.max(1, Number.parseInt(request.query.page ?? '1', 10) || 1);
      const { events, total } = await services.audit.trail(org, {
        ...(action ? { action } : {}),
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      });
      const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      const link = (p: number) =>
        `/o/${org.odsCode}/audit?${new URLSearchParams({ ...(action ? { action } : {}), page: String(p) }).toString()}`;
      return reply.page('audit/views/audit.njk', {
        events: events.map((e) => ({
          ...e,
          beforeItems: e.before === null ? null : describeChange(e.before),
          afterItems: e.after === null ? null : describeChange(e.after),
        })),
        total,
        page,
        pages,
        action: action ?? '',
        actionItems: [
          { value: '', text: 'All actions' },
          ...Object.entries(AUDIT_ACTIONS).map(([value, text]) => ({
            value,
            text,
            selected: value === action,
          })),
        ],
        previous: page > 1 ? { href: link(page - 1), labelText: `${page - 1} of ${pages}` } : undefined,
        next: page < pages ? { href: link(page + 1), labelText: `${page + 1} of ${pages}` } : undefined,
      });
    },
  );
}
