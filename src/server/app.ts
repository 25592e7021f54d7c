/**
 * The web server's composition root: `createApp` builds a Fastify instance from Parity's services and
 * configuration, with every cross-cutting rule in one place (sessions, CSRF, access, security headers,
 * errors). Tests build the real app with a temporary database and call it in-process through `inject`.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import fastifyHelmet from '@fastify/helmet';
import Fastify, {
  LogController,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { Config } from '../config/config.js';
import { registerAuditRoutes } from '../features/audit/audit.routes.js';
import { registerDashboardRoutes } from '../features/dashboard/dashboard.routes.js';
import { registerDatasetRoutes } from '../features/datasets/datasets.routes.js';
import { registerIndicatorRoutes } from '../features/indicators/indicators.routes.js';
import { registerPlanRoutes } from '../features/plans/plans.routes.js';
import { registerPublicationRoutes } from '../features/publication/publication.routes.js';
import { registerApprovalRoutes } from '../features/publication/approvals.routes.js';
import { registerPublicRoutes } from '../features/publication/public.routes.js';
import { accessibleOrganisations, can, orgAccess } from '../features/auth/access.js';
import { registerAuthRoutes } from '../features/auth/auth.routes.js';
import type { OidcLogin } from '../features/auth/oidc.js';
import { registerHomeRoutes } from '../features/home/home.routes.js';
import { registerMailRoutes, startMailScheduler } from '../features/mail/mail.routes.js';
import type { LedgerPreparer } from './prepare.js';
import { registerMeetingRoutes } from '../features/meetings/meetings.routes.js';
import { normaliseOdsCode } from '../features/organisations/organisation.js';
import { registerOrganisationRoutes } from '../features/organisations/organisations.routes.js';
import type { Services } from '../features/services.js';
import { registerAccountRoutes } from '../features/users/account.routes.js';
import { registerPeopleRoutes } from '../features/users/people.routes.js';
import { invalidInput, ParityError } from '../shared/errors.js';
import { inReadScope } from '../shared/read-scope.js';
import { registerAssets } from './assets.js';
import { CSRF_FIELD, CSRF_HEADER, csrfToken, csrfValid, newAnonymousBinding } from './csrf.js';
import { describeError } from './errors.js';
import { navigationFor } from './navigation.js';
import { createPageCache } from './page-cache.js';
import { cookieNames, PUBLIC, type RouteDeps, type RouteEntry } from './routing.js';
import { createViewEnvironment } from './views.js';
import { csrfRefusal, receiveUpload, removeUploadDir } from './uploads.js';

export interface AppDeps {
  config: Config;
  services: Services;
  /** Single sign-on, when configured. */
  oidc?: OidcLogin | null;
  logger?: FastifyServerOptions['logger'];
  /** Prepares organisations' disclosure ledgers after a change (prepare.ts); none: on first view. */
  preparer?: LedgerPreparer | null;
}

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a page inside the Parity layout. */
    page(template: string, context?: Record<string, unknown>, status?: number): Promise<FastifyReply>;
    /** A one-off message shown on the next page. */
    flash(text: string): FastifyReply;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, services } = deps;
  const production = config.env === 'production';
  const names = cookieNames(production);
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: production };
  const views = createViewEnvironment({ cache: !config.reloadTemplates });

  const app = Fastify({
    logger: deps.logger ?? (config.logLevel === 'silent' ? false : { level: config.logLevel }),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: () => randomUUID(),
    // Request lines only at debug level: a laptop console shows what matters.
    logController: new LogController({
      disableRequestLogging: !['debug', 'trace'].includes(config.logLevel),
    }),
    routerOptions: { ignoreTrailingSlash: true },
  });

  const catalogue: RouteEntry[] = [];
  app.decorate('routeCatalogue', catalogue);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!access) throw new Error(`Route ${methods.join(',')} ${route.url} does not declare config.access`);
    if (access.kind === 'org' && !route.url.includes(':org'))
      throw new Error(`Route ${route.url} has organisation access but no :org parameter`);
    for (const method of methods) if (method !== 'HEAD') catalogue.push({ method, url: route.url, access });
  });
  app.decorateRequest('auth', null);
  app.decorateRequest('org', null);

  await app.register(fastifyCookie, { secret: config.sessionSecret });
  await app.register(fastifyFormbody);
  // Uploads: the parser only marks a multipart request; its body is read by `receiveUpload` on the routes that
  // declare `config.upload`, after the access and form-token checks (see uploads.ts).
  await app.register(fastifyMultipart, {
    limits: { fileSize: config.uploadMaxMegabytes * 1024 * 1024, files: 20, fields: 50, parts: 70 },
  });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        ...(production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });

  // 0. A GET or HEAD changes nothing: the same read made twice in it reaches the database once
  //    (shared/read-scope.ts). The scope wraps the hooks and the handler that follow.
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD') inReadScope(done);
    else done();
  });

  // 1. Who is asking: the session named by the cookie, if it is still live.
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[names.session];
    request.auth = token ? await services.sessions.resolve(token) : null;
  });

  // 2. The route's declared access, enforced before the body is even read (an upload from someone who may
  //    not load data is refused before a byte of it is parsed).
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access ?? PUBLIC;
    if (access.kind === 'public') return;
    if (!request.auth) throw new ParityError('UNAUTHENTICATED', 'Sign in to continue');
    if (access.kind === 'signed-in') return;
    const param = (request.params as Record<string, unknown>).org;
    const ods = normaliseOdsCode(typeof param === 'string' ? param : '');
    const all = await services.organisations.list();
    const organisation = all.find((o) => o.odsCode === ods);
    if (!organisation) throw new ParityError('NOT_FOUND', `There is no organisation with ODS code ${ods}`);
    const accessHeld = orgAccess(request.auth.principal, organisation, new Map(all.map((o) => [o.id, o])));
    if (!can(accessHeld, access.permission, access.scope))
      throw new ParityError('FORBIDDEN', `Your role does not allow this for ${organisation.name}`);
    request.org = { organisation, access: accessHeld };
  });

  // 3. Every unsafe request must carry the form token bound to this session (or pre-sign-in cookie). A
  //    multipart body is unread at this point: an upload route checks the token as the first field of the
  //    form before it reads any file (step 4); any other route refuses a multipart body without reading it.
  const bindingOf = (request: FastifyRequest) => request.auth?.id ?? request.cookies[names.csrf];
  /** Exactly the body RFC 8058 has a mail client post: `List-Unsubscribe=One-Click` and nothing else. */
  const isOneClick = (body: Record<string, unknown> | undefined) =>
    body !== undefined && Object.keys(body).length === 1 && body['List-Unsubscribe'] === 'One-Click';
  app.addHook('preValidation', (request, _reply, done) => {
    if (!UNSAFE_METHODS.has(request.method)) return done();
    if (request.isMultipart()) {
      if (request.routeOptions.config.upload) return done();
      return done(
        Object.assign(new Error('This address does not accept files. Upload files from the Data page.'), {
          statusCode: 415,
        }),
      );
    }
    const body = request.body as Record<string, unknown> | undefined;
    if (request.routeOptions.config.oneClickUnsubscribe && isOneClick(body)) return done();
    const raw = body?.[CSRF_FIELD];
    const presented = raw ?? request.headers[CSRF_HEADER];
    if (!csrfValid(config.sessionSecret, bindingOf(request), presented)) return done(csrfRefusal());
    done();
  });

  // 4. An upload route's form: token first, then the files, streamed to a temporary folder that is removed
  //    once the answer has been sent (or the client went away).
  app.decorateRequest('upload', null);
  app.decorateRequest('uploadDir', null);
  app.addHook('preHandler', async (request) => {
    const limits = request.routeOptions.config.upload;
    if (!limits || !UNSAFE_METHODS.has(request.method)) return;
    if (!request.isMultipart())
      throw invalidInput('Choose the files to upload', [{ field: limits.field, message: 'Choose a file' }]);
    const binding = bindingOf(request);
    request.upload = await receiveUpload(
      request,
      limits,
      (token) => csrfValid(config.sessionSecret, binding, token),
      csrfValid(config.sessionSecret, binding, request.headers[CSRF_HEADER]),
    );
  });
  // 5. A page kept for this session, address, day and state of the database answers here, after every
  //    check above (server/page-cache.ts).
  const pageCache = createPageCache({ db: services.db, clock: services.clock, pages: config.pageCachePages });
  app.decorateRequest('pageKey', null);
  app.addHook('preHandler', async (request, reply) => {
    if (await pageCache.answer(request, reply, request.cookies[names.flash] !== undefined)) return reply;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    await removeUploadDir(request);
    // Nothing Parity answers is kept by a browser or a proxy unless the route says so (the stylesheet and
    // scripts do): an export, a report or a page of figures must not outlive the session in a shared cache.
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
  app.addHook('onRequestAbort', async (request) => removeUploadDir(request));

  // Any change an organisation's pages accepted may change its figures: their ledgers are prepared again
  // in the background if so (the preparer compares what they depend on first).
  const preparer = deps.preparer ?? null;
  if (preparer)
    app.addHook('onResponse', async (request, reply) => {
      if (!UNSAFE_METHODS.has(request.method) || reply.statusCode >= 400) return;
      const odsCode = (request.params as { org?: unknown } | undefined)?.org;
      if (typeof odsCode === 'string') preparer.after(odsCode);
    });

  app.decorateReply('flash', function (this: FastifyReply, text: string) {
    return this.setCookie(names.flash, text.slice(0, 500), { ...cookieOptions, signed: true, maxAge: 60 });
  });

  app.decorateReply(
    'page',
    function (this: FastifyReply, template: string, context: Record<string, unknown> = {}, status = 200) {
      return renderPage(this.request, this, template, context, status);
    },
  );

  async function layoutContext(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    const auth = request.auth;
    let binding = auth?.id ?? request.cookies[names.csrf];
    if (!binding) {
      binding = newAnonymousBinding();
      reply.setCookie(names.csrf, binding, cookieOptions);
    }
    let flash: string | null = null;
    const flashCookie = request.cookies[names.flash];
    if (flashCookie) {
      const unsigned = request.unsignCookie(flashCookie);
      if (unsigned.valid) flash = unsigned.value;
      reply.clearCookie(names.flash, cookieOptions);
    }
    const path = request.url.split('?')[0] ?? '/';
    const organisations = auth
      ? accessibleOrganisations(auth.principal, await services.organisations.list())
      : [];
    return {
      serviceName: 'Parity',
      user: auth?.principal.user ?? null,
      csrfField: CSRF_FIELD,
      csrfToken: csrfToken(config.sessionSecret, binding),
      organisations,
      currentOrganisation: request.org?.organisation ?? null,
      navigation: request.org ? navigationFor(request.org.access, path) : [],
      currentPath: path,
      flash,
      oidcLabel: deps.oidc?.label ?? null,
    };
  }

  async function renderPage(
    request: FastifyRequest,
    reply: FastifyReply,
    template: string,
    context: Record<string, unknown>,
    status: number,
  ): Promise<FastifyReply> {
    const html = Buffer.from(
      views.render(template, { ...(await layoutContext(request, reply)), ...context }),
    );
    pageCache.keep(request, status, html);
    return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
  }

  // One place turns errors into answers.
  app.setErrorHandler(async (error, request, reply) => {
    const { status, title, message } = describeError(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    if (status === 401 && request.method === 'GET' && !wantsJson(request)) {
      return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(request.url)}`, 303);
    }
    if (wantsJson(request)) return reply.code(status).send({ error: title, message });
    try {
      return await renderPage(request, reply, 'error.njk', { status, title, message }, status);
    } catch (renderError) {
      request.log.error({ err: renderError }, 'error page failed');
      return reply.code(status).type('text/plain; charset=utf-8').send(`${title}\n\n${message}`);
    }
  });

  app.setNotFoundHandler(async (request, reply) => {
    const title = 'Page not found';
    const message =
      'If you typed the web address, check it is correct. If you pasted it, check you copied the entire address.';
    if (wantsJson(request)) return reply.code(404).send({ error: title, message });
    return renderPage(request, reply, 'error.njk', { status: 404, title, message }, 404);
  });

  await registerAssets(app, { maxAgeSeconds: production ? 86_400 : 0 });

  app.get('/health', { config: { access: PUBLIC } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(services.db);
      return { status: 'ok', database: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
    }
  });

  const routeDeps: RouteDeps = { config, services, oidc: deps.oidc ?? null, cookies: names, cookieOptions };
  registerHomeRoutes(app, routeDeps);
  registerAuthRoutes(app, routeDeps);
  registerAccountRoutes(app, routeDeps);
  registerOrganisationRoutes(app, routeDeps);
  registerPeopleRoutes(app, routeDeps);
  registerAuditRoutes(app, routeDeps);
  registerDatasetRoutes(app, routeDeps);
  registerIndicatorRoutes(app, routeDeps);
  registerDashboardRoutes(app, routeDeps);
  registerPlanRoutes(app, routeDeps);
  registerPublicationRoutes(app, routeDeps);
  registerApprovalRoutes(app, routeDeps);
  registerPublicRoutes(app, routeDeps);
  registerMeetingRoutes(app, routeDeps);
  registerMailRoutes(app, routeDeps);
  startMailScheduler(app, routeDeps);

  return app;
}

function wantsJson(request: FastifyRequest): boolean {
  return (
    request.url.startsWith('/api/') ||
    request.url === '/health' ||
    (request.headers.accept ?? '').startsWith('application/json')
  );
}
