/** Managing who has which role in an organisation (administrators only). */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { orgRoute, type RouteDeps } from '../../server/routing.js';
import { actorOf, errorView, field, rawField } from '../../server/forms.js';
import { isParityError, type Problem } from '../../shared/errors.js';
import type { Organisation } from '../organisations/organisation.js';
import { ROLE_LABELS, ROLES } from './roles.js';
import { usernameTaken } from './users.service.js';

type OrgParams = { org: string };
type MembershipParams = { org: string; membership: string };

export function registerPeopleRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { services } = deps;
  const manage = { config: { access: orgRoute('users.manage', 'organisation') } };

  async function peoplePage(
    reply: FastifyReply,
    org: Organisation,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const [members, units] = await Promise.all([
      services.users.membersOf(org.id),
      services.organisations.unitsOf(org.id),
    ]);
    const unitPaths = new Map(units.map((u) => [u.id, u.path]));
    return reply.page(
      'users/views/people.njk',
      {
        members: members.map((m) => ({
          ...m,
          unitPath: m.membership.unitId ? (unitPaths.get(m.membership.unitId) ?? '') : null,
        })),
        roleItems: ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r] })),
        unitItems: [
          { value: '', text: `Whole organisation` },
          ...units.filter((u) => u.level !== 'department').map((u) => ({ value: u.path, text: u.path })),
        ],
        form: {},
        ...extra,
      },
      status,
    );
  }

  app.get<{ Params: OrgParams }>('/o/:org/people', manage, async (request, reply) => {
    return peoplePage(reply, request.org!.organisation);
  });

  app.post<{ Params: OrgParams }>('/o/:org/people', manage, async (request, reply) => {
    const org = request.org!.organisation;
    const actor = actorOf(request);
    const form = {
      username: field(request.body, 'username').toLowerCase(),
      displayName: field(request.body, 'displayName'),
      email: field(request.body, 'email'),
      role: field(request.body, 'role'),
      unit: field(request.body, 'unit'),
      signIn: field(request.body, 'signIn'),
    };
    const password = rawField(request.body, 'password');
    const problems: Problem[] = [];
    if (form.username === '') problems.push({ field: 'username', message: 'Enter a username' });
    if (!(ROLES as readonly string[]).includes(form.role))
      problems.push({ field: 'role', message: 'Choose a role' });
    // An account this administrator may not attach is treated as if it did not exist: the same questions
    // for a new account, the same answers, nothing of it shown.
    let user =
      form.username === ''
        ? null
        : await services.users.attachableAccount(request.auth!.principal, form.username);
    if (!user && form.username !== '') {
      // A new person: validate their account details together with the role.
      if (form.signIn !== 'password' && form.signIn !== 'sso')
        problems.push({ field: 'signIn', message: 'Choose how the new person will sign in' });
      if (form.signIn === 'sso' && password !== '')
        problems.push({
          field: 'password',
          message: 'Leave the initial password empty for someone who signs in with single sign-on',
        });
      const accountProblems = await services.users.validateNewUser({
        username: form.username,
        displayName: form.displayName,
        email: form.email,
        password: form.signIn === 'password' ? password : null,
      });
      problems.push(...accountProblems);
      // That the username is taken is said only once everything else about the new account is right, so a
      // username alone tells nothing about accounts elsewhere (creating one is the only way to find out).
      const taken = usernameTaken(form.username);
      const isTaken = (p: Problem) => p.field === taken.field && p.message === taken.message;
      if (problems.some((p) => !isTaken(p)))
        problems.splice(0, problems.length, ...problems.filter((p) => !isTaken(p)));
    }
    if (problems.length > 0) return peoplePage(reply, org, { form, ...errorView(problems) }, 400);

    try {
      user ??= await services.users.createUser(
        actor,
        {
          username: form.username,
          displayName: form.displayName,
          email: form.email,
          password: form.signIn === 'password' ? password : null,
        },
        org.id,
      );
      await services.users.grantRole(actor, {
        userId: user.id,
        organisationId: org.id,
        unitPath: form.unit || null,
        role: form.role,
      });
    } catch (error) {
      if (!isParityError(error, 'INVALID_INPUT')) throw error;
      return peoplePage(reply, org, { form, ...errorView(error.problems) }, 400);
    }
    reply.flash(
      `${user.displayName} is now ${ROLE_LABELS[form.role as keyof typeof ROLE_LABELS]}${form.unit ? ` for ${form.unit}` : ''}.`,
    );
    return reply.redirect(`/o/${org.odsCode}/people`, 303);
  });

  app.post<{ Params: MembershipParams }>(
    '/o/:org/people/:membership/role',
    manage,
    async (request, reply) => {
      const org = request.org!.organisation;
      await services.users.changeRole(
        actorOf(request),
        org.id,
        request.params.membership,
        field(request.body, 'role'),
      );
      reply.flash('The role has been changed.');
      return reply.redirect(`/o/${org.odsCode}/people`, 303);
    },
  );

  app.post<{ Params: MembershipParams }>(
    '/o/:org/people/:membership/remove',
    manage,
    async (request, reply) => {
      const org = request.org!.organisation;
      await services.users.revoke(actorOf(request), org.id, request.params.membership);
      reply.flash('The role has been removed.');
      return reply.redirect(`/o/${org.odsCode}/people`, 303);
    },
  );
}
