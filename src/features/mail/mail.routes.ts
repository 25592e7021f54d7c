/**
 * Mail's pages and its scheduler. The organisation's mail record (administrators: what was sent to whom,
 * when, of which kind, with what outcome, and what still waits); the unsubscribe page the link in every
 * email opens (no sign-in: the signed token says whose choice it is; opening it changes nothing, the
 * button does, with its form token, so a mail scanner that follows links unsubscribes nobody); and the
 * account's own optional-email choice. With an SMTP server configured, the scheduler runs in this process
 * from the moment the server is ready until it closes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, errorView, field } from '../../server/forms.js';
import { orgRoute, PUBLIC, SIGNED_IN, type RouteDeps } from '../../server/routing.js';
import { invalidInput, type Problem } from '../../shared/errors.js';
import { DELIVERY_OUTCOMES, MAIL_KINDS, accountKey } from './mail.js';
import type { MailScheduler } from './scheduler.js';
import { readUnsubscribeToken } from './tokens.js';
import { serverOf, smtpTransport } from './transport.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The mail scheduler of this process, or null when no SMTP server is configured. */
    mailScheduler: MailScheduler | null;
  }
}

/** Starts the scheduler with the server (when mail is on) and stops it when the server closes. */
export function startMailScheduler(app: FastifyInstance, deps: RouteDeps): void {
  const { config, services } = deps;
  if (!config.smtpUrl) {
    app.decorate('mailScheduler', null);
    return;
  }
  const scheduler = services.mail.scheduler({
    transport: smtpTransport(config.smtpUrl),
    settings: {
      from: config.mailFrom,
      intervalSeconds: config.mailIntervalSeconds,
      claimMinutes: config.mailClaimMinutes,
      cycle: services.meetings.settings,
      links: { publicUrl: config.publicUrl, secret: config.sessionSecret },
    },
    onError: (error) => app.log.error({ err: error }, 'the mail scheduler could not finish a round'),
  });
  app.decorate('mailScheduler', scheduler);
  app.addHook('onReady', (done) => {
    scheduler.start();
    done();
  });
  app.addHook('onClose', async () => scheduler.stop());
}

/** "hour", "5 minutes", "90 seconds": how often the scheduler looks, as a person says it. */
export function everyText(seconds: number): string {
  const unit = (n: number, name: string) => (n === 1 ? name : `${n} ${name}s`);
  if (seconds % 3600 === 0) return unit(seconds / 3600, 'hour');
  if (seconds % 60 === 0) return unit(seconds / 60, 'minute');
  return unit(seconds, 'second');
}

export function registerMailRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { services, config } = deps;
  const record = { config: { access: orgRoute('audit.view', 'organisation') } };

  const mailState = () => ({
    on: config.smtpUrl !== null,
    server: config.smtpUrl ? serverOf(config.smtpUrl) : null,
    from: config.mailFrom,
    every: everyText(config.mailIntervalSeconds),
  });

  app.get<{ Params: { org: string } }>('/o/:org/mail', record, async (request, reply) => {
    const { counts, waiting, deliveries } = await services.mail.record(request.org!.organisation);
    return reply.page('mail/views/record.njk', {
      mail: mailState(),
      counts,
      waiting: waiting.map((m) => ({ ...m, kindLabel: MAIL_KINDS[m.kind]?.label ?? m.kind })),
      deliveries: deliveries.map((d) => ({
        ...d,
        kindLabel: MAIL_KINDS[d.kind]?.label ?? d.kind,
        outcomeLabel: DELIVERY_OUTCOMES[d.outcome] ?? d.outcome,
      })),
      meetingsHref: `/o/${encodeURIComponent(request.org!.organisation.odsCode)}/meetings`,
    });
  });

  /** The key a token names, or a 400 page for a link that was altered or made elsewhere. */
  function keyOf(token: unknown): string {
    const key = readUnsubscribeToken(config.sessionSecret, token);
    if (key === null)
      throw invalidInput('This unsubscribe link is not valid', [
        {
          field: 'token',
          message: 'Open the link exactly as it is in the email, or change the choice on your account page',
        },
      ]);
    return key;
  }

  async function unsubscribePage(reply: FastifyReply, token: string, key: string) {
    const owner = await services.mail.ownerOf(key);
    if (!owner) throw invalidInput('This unsubscribe link is for an account that no longer exists');
    return reply.page('mail/views/unsubscribe.njk', {
      token,
      name: owner.name,
      optedOut: await services.mail.optedOut(key),
    });
  }

  app.get<{ Querystring: { token?: string } }>(
    '/mail/unsubscribe',
    { config: { access: PUBLIC } },
    async (request, reply) => {
      const token = request.query.token ?? '';
      return unsubscribePage(reply, token, keyOf(token));
    },
  );

  app.post<{ Querystring: { token?: string } }>(
    '/mail/unsubscribe',
    { config: { access: PUBLIC, oneClickUnsubscribe: true } },
    async (request, reply) => {
      // A mail client's one-click unsubscribe (RFC 8058): the token is in the link, the body says only that.
      if (field(request.body, 'List-Unsubscribe') === 'One-Click') {
        const key = keyOf(request.query.token ?? '');
        if (!(await services.mail.ownerOf(key)))
          throw invalidInput('This unsubscribe link is for an account that no longer exists');
        await services.mail.setOptedOut(actorOf(request), key, true, 'one-click');
        return reply
          .type('text/plain; charset=utf-8')
          .send('Optional email is off. Reminders of an update you owe still come.');
      }
      return unsubscribeForm(request, reply);
    },
  );

  async function unsubscribeForm(request: FastifyRequest, reply: FastifyReply) {
    const token = field(request.body, 'token');
    const key = keyOf(token);
    const choice = field(request.body, 'optional');
    if (choice !== 'off' && choice !== 'on')
      throw invalidInput('Choose whether to stop optional email', [
        { field: 'optional', message: 'Choose whether to stop optional email or start it again' },
      ]);
    await services.mail.setOptedOut(actorOf(request), key, choice === 'off', 'link');
    reply.flash(
      choice === 'off'
        ? 'Optional email is off. Reminders of an update you owe still come.'
        : 'Optional email is on again.',
    );
    return reply.redirect(`/mail/unsubscribe?token=${encodeURIComponent(token)}`, 303);
  }

  async function accountPage(
    request: FastifyRequest,
    reply: FastifyReply,
    problems: Problem[] = [],
    status = 200,
  ) {
    const user = request.auth!.principal.user;
    return reply.page(
      'mail/views/account-email.njk',
      {
        email: user.email,
        optedOut: await services.mail.optedOut(accountKey(user.id)),
        mailOn: config.smtpUrl !== null,
        kinds: Object.values(MAIL_KINDS),
        ...errorView(problems),
      },
      status,
    );
  }

  app.get('/account/email', { config: { access: SIGNED_IN } }, (request, reply) =>
    accountPage(request, reply),
  );

  app.post('/account/email', { config: { access: SIGNED_IN } }, async (request, reply) => {
    const choice = field(request.body, 'optional');
    if (choice !== 'off' && choice !== 'on')
      return accountPage(
        request,
        reply,
        [{ field: 'optional', message: 'Choose whether you want optional email' }],
        400,
      );
    const user = request.auth!.principal.user;
    await services.mail.setOptedOut(actorOf(request), accountKey(user.id), choice === 'off', 'account');
    reply.flash(choice === 'off' ? 'Optional email is off.' : 'Optional email is on.');
    return reply.redirect('/account/email', 303);
  });
}
