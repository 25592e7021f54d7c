import type { FastifyInstance } from 'fastify';
import { PUBLIC, SIGNED_IN, type RouteDeps } from '../../server/routing.js';
import { ParityError } from '../../shared/errors.js';
import { accessibleOrganisations } from '../auth/access.js';
import { normaliseOdsCode } from '../organisations/organisation.js';
import { ROLE_LABELS } from '../users/roles.js';

export function registerHomeRoutes(app: FastifyInstance, deps: RouteDeps): void {
  app.get('/', { config: { access: PUBLIC } }, async (request, reply) => {
    if (!request.auth) return reply.page('home/views/welcome.njk');
    const organisations = accessibleOrganisations(
      request.auth.principal,
      await deps.services.organisations.list(),
    );
    const homeOrganisations = organisations.map((o) => ({
      ...o,
      rolesText: o.roles.map((r) => ROLE_LABELS[r]).join(', '),
    }));
    // What is due comes first: read on every visit, as the plans and meetings change without notice.
    const due = await deps.services.due.forPerson(request.auth.principal);
    return reply.page('home/views/home.njk', {
      homeOrganisations,
      due,
      manyOrganisations: organisations.length > 1,
    });
  });

  /** The organisation switcher: a plain GET form, so it works without JavaScript. */
  app.get<{ Querystring: { org?: string } }>(
    '/switch',
    { config: { access: SIGNED_IN } },
    async (request, reply) => {
      const ods = normaliseOdsCode(request.query.org ?? '');
      const organisations = accessibleOrganisations(
        request.auth!.principal,
        await deps.services.organisations.list(),
      );
      const target = organisations.find((o) => o.organisation.odsCode === ods);
      if (!target)
        throw new ParityError(
          'FORBIDDEN',
          `You do not have access to an organisation with ODS code ${ods || '(none given)'}`,
        );
      return reply.redirect(`/o/${encodeURIComponent(target.organisation.odsCode)}`, 303);
    },
  );
}
