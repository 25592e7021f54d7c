import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../../server/app.js';
import { orgRoute } from '../../server/routing.js';
import { organisationsRepository } from '../organisations/organisations.repository.js';
import { usersRepository } from '../users/users.repository.js';
import { AUDIT_ACTIONS, auditRepository } from './audit.js';
import { describeChange } from './present.js';

const PAGE_SIZE = 50;

export function registerAuditRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { services } = deps;

  app.get<{ Params: { org: string }; Querystring: { action?: string; page?: string } }>(
    '/o/:org/audit',
    { config: { access: orgRoute('audit.view', 'organisation') } },
    async (request, reply) => {
      const org = request.org!.organisation;
      const all = await organisationsRepository(services.db).list();
      // An ICS's trail includes the organisations below it.
      const ids = new Set([org.id]);
      for (let grew = true; grew;) {
        grew = false;
        for (const o of all)
          if (o.parentId && ids.has(o.parentId) && !ids.has(o.id)) {
            ids.add(o.id);
            grew = true;
          }
      }
      const members = new Set<string>();
      for (const id of ids)
        for (const m of await usersRepository(services.db).membersOf(id)) members.add(m.user.id);
      const action =
        request.query.action && request.query.action in AUDIT_ACTIONS ? request.query.action : undefined;
      const page = Math.max(1, Number.parseInt(request.query.page ?? '1', 10) || 1);
      const { events, total } = await auditRepository(services.db).list({
        organisationIds: [...ids],
        memberUserIds: [...members],
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
