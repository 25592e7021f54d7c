import type { FastifyInstance } from 'fastify';
import { orgRoute, type RouteDeps } from '../../server/routing.js';
import { accessibleOrganisations, unitScope } from '../auth/access.js';
import { ORGANISATION_KIND_LABELS, unitSubtree, unitTree } from './organisation.js';
import { ROLE_LABELS } from '../users/roles.js';

export function registerOrganisationRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { services } = deps;

  /** The organisation's home: who it is, where it sits, and the part of its structure the user may see. */
  app.get<{ Params: { org: string } }>(
    '/o/:org',
    { config: { access: orgRoute('org.view') } },
    async (request, reply) => {
      const { organisation, access } = request.org!;
      const [all, units] = await Promise.all([
        services.organisations.list(),
        services.organisations.unitsOf(organisation.id),
      ]);
      const scope = unitScope(access, 'org.view');
      const visible = scope === 'all' ? undefined : unitSubtree(units, scope);
      const reachable = accessibleOrganisations(request.auth!.principal, all);
      const children = reachable
        .filter((r) => r.organisation.parentId === organisation.id)
        .map((r) => r.organisation);
      const parent = organisation.parentId ? (all.find((o) => o.id === organisation.parentId) ?? null) : null;
      return reply.page('organisations/views/overview.njk', {
        organisation,
        kindLabel: ORGANISATION_KIND_LABELS[organisation.kind],
        parent,
        children,
        tree: unitTree(units, visible),
        scopeLimited: scope !== 'all',
        scopePaths: scope === 'all' ? [] : units.filter((u) => scope.includes(u.id)).map((u) => u.path),
        rolesText: [...new Set([...access.orgRoles, ...access.unitGrants.map((g) => g.role)])]
          .map((r) => ROLE_LABELS[r])
          .join(', '),
        careGroupCount: units.filter((u) => u.level === 'care_group' && (!visible || visible.has(u.id)))
          .length,
      });
    },
  );
}
