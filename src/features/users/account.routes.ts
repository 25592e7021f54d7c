import type { FastifyInstance } from 'fastify';
import { SIGNED_IN, type RouteDeps } from '../../server/routing.js';
import { actorOf, errorView, rawField } from '../../server/forms.js';
import { isParityError } from '../../shared/errors.js';
import { MIN_PASSWORD_LENGTH } from './passwords.js';

export function registerAccountRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { services } = deps;

  app.get('/account', { config: { access: SIGNED_IN } }, async (request, reply) => {
    return reply.page(
      'users/views/account.njk',
      await describeAccount(services, request.auth!.principal.user.id),
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
      const context = await describeAccount(services, auth.principal.user.id);
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

/** The account page: the signed-in person's roles, and the password rule. */
async function describeAccount(services: RouteDeps['services'], userId: string) {
  return { accountMemberships: await services.users.rolesOf(userId), minPasswordLength: MIN_PASSWORD_LENGTH };
}
