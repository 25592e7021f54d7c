import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../../server/app.js';
import { actorOf, errorView, rawField } from '../../server/forms.js';
import { SIGNED_IN } from '../../server/routing.js';
import { isParityError } from '../../shared/errors.js';
import type { Db } from '../../storage/database.js';
import { organisationsRepository } from '../organisations/organisations.repository.js';
import { MIN_PASSWORD_LENGTH } from './passwords.js';
import { usersRepository } from './users.repository.js';

export function registerAccountRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { services } = deps;

  app.get('/account', { config: { access: SIGNED_IN } }, async (request, reply) => {
    return reply.page(
      'users/views/account.njk',
      await describeAccount(services.db, request.auth!.principal.user.id),
    );
  });

  app.post('/account/password', { config: { access: SIGNED_IN } }, async (request, reply) => {
    const auth = request.auth!;
    try {
      await services.users.changeOwnPassword(
        { ...actorOf(request), userId: auth.principal.user.id },
        auth.id,
        rawField(request.body, 'currentPassword'),
        rawField(request.body, 'newPassword'),
      );
    } catch (error) {
      const waiting = isParityError(error, 'RATE_LIMITED');
      if (!waiting && !isParityError(error, 'INVALID_INPUT')) throw error;
      const context = await describeAccount(services.db, auth.principal.user.id);
      return reply.page(
        'users/views/account.njk',
        { ...context, ...errorView(error.problems) },
        waiting ? 429 : 400,
      );
    }
    reply.flash('Your password has been changed. Your other sessions have been signed out.');
    return reply.redirect('/account', 303);
  });
}

/** The signed-in person's roles, each with the organisation and unit it applies to. */
async function describeAccount(db: Db, userId: string) {
  const orgRepo = organisationsRepository(db);
  const [organisations, memberships] = await Promise.all([
    orgRepo.list(),
    usersRepository(db).membershipsOfUser(userId),
  ]);
  const byId = new Map(organisations.map((o) => [o.id, o]));
  const accountMemberships = [];
  for (const m of memberships) {
    const unit = m.unitId ? (await orgRepo.unitsOf(m.organisationId)).find((u) => u.id === m.unitId) : null;
    accountMemberships.push({
      organisation: byId.get(m.organisationId) ?? null,
      unitPath: unit?.path ?? null,
      role: m.role,
    });
  }
  return { accountMemberships, minPasswordLength: MIN_PASSWORD_LENGTH };
}
