import type { FastifyInstance, FastifyReply } from 'fastify';
import { PUBLIC, SIGNED_IN, type RouteDeps } from '../../server/routing.js';
import { actorOf, errorView, field, rawField, safeReturnPath } from '../../server/forms.js';
import { ParityError, type Problem } from '../../shared/errors.js';
import type { PendingLogin } from './oidc.js';
import { describeWait } from './throttle.js';

const OIDC_COOKIE_MAX_AGE = 600;

export function registerAuthRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { services, cookies, cookieOptions, config } = deps;

  const setSessionCookie = (reply: FastifyReply, token: string, expiresAt: Date): void => {
    reply.setCookie(cookies.session, token, { ...cookieOptions, expires: expiresAt });
    // The pre-sign-in form token is no longer needed; forms are now bound to the session.
    reply.clearCookie(cookies.csrf, cookieOptions);
  };

  const signInPage = (reply: FastifyReply, context: Record<string, unknown>, status = 200) =>
    reply.page('auth/views/sign-in.njk', context, status);

  app.get<{ Querystring: { returnTo?: string } }>(
    '/sign-in',
    { config: { access: PUBLIC } },
    async (request, reply) => {
      const returnTo = safeReturnPath(request.query.returnTo);
      if (request.auth) return reply.redirect(returnTo, 303);
      return signInPage(reply, { returnTo, username: '' });
    },
  );

  app.post('/sign-in', { config: { access: PUBLIC } }, async (request, reply) => {
    const username = field(request.body, 'username');
    const password = rawField(request.body, 'password');
    const returnTo = safeReturnPath(field(request.body, 'returnTo'));
    const problems: Problem[] = [];
    if (username === '') problems.push({ field: 'username', message: 'Enter your username' });
    if (password === '') problems.push({ field: 'password', message: 'Enter your password' });
    if (problems.length > 0) return signInPage(reply, { returnTo, username, ...errorView(problems) }, 400);

    const result = await services.auth.signInWithPassword({
      username,
      password,
      deviceCookie: request.cookies[cookies.device],
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
    });
    if (result.ok) {
      setSessionCookie(reply, result.token, result.expiresAt);
      // The browser's mark that it signed in to this account: failures elsewhere never make it wait.
      if (result.deviceCookie)
        reply.setCookie(cookies.device, result.deviceCookie, {
          ...cookieOptions,
          maxAge: config.loginDeviceDays * 86_400,
        });
      return reply.redirect(returnTo, 303);
    }
    const retryAt = result.reason === 'delayed' || result.reason === 'invalid' ? result.retryAt : null;
    if (retryAt) {
      // Say when, in words and in Retry-After, so nobody has to guess how long a wait is.
      const seconds = Math.max(1, Math.ceil((retryAt.getTime() - services.clock.now().getTime()) / 1000));
      const message =
        (result.reason === 'delayed'
          ? 'Too many failed sign-in attempts for this account or from this network.'
          : 'The username or password is not correct.') +
        ` You can try again in ${describeWait(seconds * 1000)}.`;
      reply.header('retry-after', String(seconds));
      return signInPage(reply, { returnTo, username, ...errorView([{ field: 'username', message }]) }, 429);
    }
    return signInPage(
      reply,
      {
        returnTo,
        username,
        ...errorView([{ field: 'username', message: 'The username or password is not correct' }]),
      },
      401,
    );
  });

  app.post('/sign-out', { config: { access: SIGNED_IN } }, async (request, reply) => {
    await services.auth.signOut(request.auth!.id, actorOf(request));
    reply.clearCookie(cookies.session, cookieOptions);
    reply.flash('You have signed out.');
    return reply.redirect('/sign-in', 303);
  });

  app.get<{ Querystring: { returnTo?: string } }>(
    '/auth/oidc/start',
    { config: { access: PUBLIC } },
    async (request, reply) => {
      if (!deps.oidc)
        throw new ParityError('NOT_FOUND', 'Single sign-on is not set up for this installation');
      const { url, pending } = await deps.oidc.start(safeReturnPath(request.query.returnTo));
      reply.setCookie(cookies.oidc, JSON.stringify(pending), {
        ...cookieOptions,
        signed: true,
        maxAge: OIDC_COOKIE_MAX_AGE,
      });
      return reply.redirect(url, 303);
    },
  );

  app.get('/auth/oidc/callback', { config: { access: PUBLIC } }, async (request, reply) => {
    const oidc = deps.oidc;
    if (!oidc) throw new ParityError('NOT_FOUND', 'Single sign-on is not set up for this installation');
    const pending = readPending(request.cookies[cookies.oidc], (v) => request.unsignCookie(v));
    reply.clearCookie(cookies.oidc, cookieOptions);
    // Shown here rather than thrown: a thrown 401 redirects to /sign-in?returnTo=<this callback>, which
    // loses the message and, for someone already signed in, bounces straight back here forever.
    if (!pending) {
      const message = 'The sign-in took too long or was started elsewhere. Start again.';
      return signInPage(
        reply,
        { returnTo: '/', username: '', ...errorView([{ field: 'sso', message }]) },
        401,
      );
    }
    const callbackUrl = new URL(request.url, config.publicUrl);
    let claimValue: string;
    try {
      claimValue = await oidc.finish(callbackUrl, pending);
    } catch (error) {
      request.log.warn({ err: error }, 'single sign-on failed');
      return signInPage(
        reply,
        {
          returnTo: pending.returnTo,
          username: '',
          ...errorView([{ field: 'sso', message: (error as Error).message }]),
        },
        401,
      );
    }
    const result = await services.auth.signInWithIdentity({
      field: config.oidc!.userField,
      value: claimValue,
      issuer: oidc.issuer,
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
    });
    if (!result.ok) {
      const message = `You signed in as ${claimValue}, but no Parity account is set up for you. Ask your Parity administrator to add you.`;
      return signInPage(
        reply,
        { returnTo: pending.returnTo, username: '', ...errorView([{ field: 'sso', message }]) },
        403,
      );
    }
    setSessionCookie(reply, result.token, result.expiresAt);
    return reply.redirect(safeReturnPath(pending.returnTo), 303);
  });
}

function readPending(
  cookie: string | undefined,
  unsign: (v: string) => { valid: boolean; value: string | null },
): PendingLogin | null {
  if (!cookie) return null;
  const unsigned = unsign(cookie);
  if (!unsigned.valid || !unsigned.value) return null;
  try {
    const parsed = JSON.parse(unsigned.value) as Partial<PendingLogin>;
    if (
      typeof parsed.state !== 'string' ||
      typeof parsed.nonce !== 'string' ||
      typeof parsed.verifier !== 'string'
    )
      return null;
    return {
      state: parsed.state,
      nonce: parsed.nonce,
      verifier: parsed.verifier,
      returnTo: safeReturnPath(parsed.returnTo),
    };
  } catch {
    return null;
  }
}
