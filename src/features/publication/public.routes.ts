/**
 * The public page: an organisation's published reports, for anyone, signed in or not. Only a frozen,
 * board-approved revision in the publication view is ever shown (never a report built afresh, never the
 * full counts). The page is off until an administrator turns it on; while it is off, for a year not
 * published and for a code Parity does not know, the answer is the same 404 page, so nobody can tell which.
 * Answers may be kept by caches for five minutes, but the server reads the switch and the published
 * revision on every request, so a withdrawn report is gone from the server at once.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PUBLIC, type RouteDeps } from '../../server/routing.js';
import type { Organisation } from '../organisations/organisation.js';
import { dateText } from '../plans/export/model.js';
import { pagePolicy, sendDocument, yearParam } from './delivery.js';
import { isFormat } from './publication.js';
import { PUBLICATION_CSS, renderHtmlBody } from './render/html.js';

const PUBLIC_CACHE = 'public, max-age=300';

type CodeParams = { code: string };
type YearParams = CodeParams & { year: string };

/**
 * A page for a signed-out reader may be cached and shared: it carries no cookie. A signed-in reader's page
 * shows their name in the header, so it keeps the layout's `no-store`.
 */
function shareable(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (error: Error | null, payload: unknown) => void,
) {
  if (reply.statusCode === 200 && request.auth === null) {
    reply.header('cache-control', PUBLIC_CACHE);
    reply.removeHeader('set-cookie');
  }
  done(null, payload);
}

export function registerPublicRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { approvals } = deps.services;
  const open = { config: { access: PUBLIC }, onSend: shareable };

  /** The organisation whose public page is on, or null (unknown code and page off look alike). */
  async function organisationOf(code: string): Promise<Organisation | null> {
    const org = await deps.services.organisations.findByOds(code);
    return org && (await approvals.publicPageEnabled(org)) ? org : null;
  }

  async function publishedOf(request: FastifyRequest<{ Params: YearParams }>) {
    const year = yearParam(request.params.year);
    const org = year === null ? null : await organisationOf(request.params.code);
    return org && year !== null ? approvals.publicDocument(org, year) : null;
  }

  // The publication's styles as a file, so the page needs no inline style element.
  app.get('/assets/publication.css', { config: { access: PUBLIC } }, (_request, reply) =>
    reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('cache-control', PUBLIC_CACHE)
      .send(PUBLICATION_CSS),
  );

  app.get<{ Params: CodeParams }>('/public/:code', open, async (request, reply) => {
    const org = await organisationOf(request.params.code);
    const published = org ? await approvals.published(org) : [];
    if (!org || published.length === 0) return reply.callNotFound();
    const years = [];
    for (const p of published) {
      const found = await approvals.publicDocument(org, p.year);
      if (found)
        years.push({
          year: p.year,
          title: found.document.title,
          approval: found.document.facts.find((f) => f.label === 'Approved')?.value ?? '',
          publishedOn: dateText(p.publishedAt.slice(0, 10)),
        });
    }
    return reply.page('publication/views/public-index.njk', {
      title: `${org.name}: workforce equality reports`,
      organisation: { name: org.name, code: org.odsCode },
      years,
    });
  });

  app.get<{ Params: YearParams }>('/public/:code/:year', open, async (request, reply) => {
    const found = await publishedOf(request);
    if (!found) return reply.callNotFound();
    const { document } = found;
    const body = renderHtmlBody(document);
    const policy = reply.getHeader('content-security-policy');
    if (typeof policy === 'string') reply.header('content-security-policy', pagePolicy(policy, body));
    return reply.page('publication/views/public-report.njk', {
      title: `${document.title}: ${document.organisation.name}`,
      organisation: document.organisation,
      year: document.year,
      body,
      base: `/public/${encodeURIComponent(document.organisation.code)}/${document.year}`,
    });
  });

  app.get<{ Params: YearParams & { format: string } }>(
    '/public/:code/:year/report.:format',
    open,
    async (request, reply) => {
      const format = request.params.format;
      const found = isFormat(format) ? await publishedOf(request) : null;
      if (!found || !isFormat(format)) return reply.callNotFound();
      return sendDocument(reply, found.document, format, {
        name: `revision-${found.published.revision}`,
        cacheControl: PUBLIC_CACHE,
      });
    },
  );
}
