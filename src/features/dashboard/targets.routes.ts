/**
 * Representation targets on the dashboard's pipeline page: an analyst sets a straight-line trajectory to a
 * share of staff in a band by a year (the Model Employer ambition), or removes one. Each change is one
 * transaction with its audit event; a wrong entry is shown again with every problem and saves nothing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { orgRoute, type RouteDeps } from '../../server/routing.js';
import { actorOf, errorView, field } from '../../server/forms.js';
import { isParityError, type Problem } from '../../shared/errors.js';
import { TARGET_BANDS } from './dashboard.service.js';

type OrgParams = { org: string };

export function registerTargetRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { services } = deps;
  const manage = { config: { access: orgRoute('metrics.manage', 'organisation') } };

  /** Representation targets: a straight-line trajectory to a share by a year (Model Employer). */
  app.post<{ Params: OrgParams }>('/o/:org/dashboard/targets', manage, async (request, reply) => {
    const org = request.org!.organisation;
    const body = request.body;
    const years = await services.dashboard.years(org);
    const fromYear = years[0] ?? new Date(services.clock.now()).getUTCFullYear();
    const number = (name: string) => {
      const text = field(body, name);
      return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
    };
    const characteristic = field(body, 'characteristic');
    const band = field(body, 'band');
    const back = `/o/${encodeURIComponent(org.odsCode)}/dashboard/pipeline`;
    try {
      const fromPercent = await services.dashboard.currentShare(org, fromYear, characteristic, band);
      await services.dashboard.saveTrajectory(actorOf(request), org, {
        characteristic,
        band,
        fromYear,
        fromPercent,
        toYear: number('toYear'),
        percent: number('percent'),
      });
    } catch (error) {
      if (!isParityError(error, 'INVALID_INPUT')) throw error;
      return targetProblems(request, reply, error.problems);
    }
    reply.flash('Saved the representation target. It is shown on the representation by band page.');
    return reply.redirect(`${back}#targets`, 303);
  });

  app.post<{ Params: OrgParams }>('/o/:org/dashboard/targets/delete', manage, async (request, reply) => {
    const org = request.org!.organisation;
    try {
      await services.dashboard.removeTrajectory(
        actorOf(request),
        org,
        field(request.body, 'characteristic'),
        field(request.body, 'band'),
      );
    } catch (error) {
      if (!isParityError(error, 'INVALID_INPUT')) throw error;
      return targetProblems(request, reply, error.problems);
    }
    reply.flash('Removed the representation target.');
    return reply.redirect(`/o/${encodeURIComponent(org.odsCode)}/dashboard/pipeline#targets`, 303);
  });

  async function targetProblems(request: FastifyRequest, reply: FastifyReply, problems: readonly Problem[]) {
    const org = request.org!.organisation;
    return reply.page(
      'dashboard/views/target-problem.njk',
      {
        ...errorView(problems),
        back: `/o/${encodeURIComponent(org.odsCode)}/dashboard/pipeline#targets`,
        targetBands: TARGET_BANDS,
        values: {
          characteristic: field(request.body, 'characteristic'),
          band: field(request.body, 'band'),
          percent: field(request.body, 'percent'),
          toYear: field(request.body, 'toYear'),
        },
      },
      400,
    );
  }
}
