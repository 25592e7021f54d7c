/**
 * How a frozen revision leaves the server, for the approval page and the public page alike: the year and
 * revision read from a path, the download's headers, and the content security policy that lets the
 * publication's own styles through and nothing else. The HTML renderer colours a RAG cell with a `style`
 * attribute (so a file keeps its colours when saved); a policy allows such an attribute only by the hash of
 * its value under 'unsafe-hashes', so each response names exactly the few values its document uses.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { PublicationDocument } from './document.js';
import { CONTENT_TYPES, fileName, render, type Format } from './publication.js';
import { PUBLICATION_CSS_HASH } from './render/html.js';

/** A reporting year from a path, or null (the caller answers 404). */
export function yearParam(text: string): number | null {
  if (!/^\d{4}$/.test(text)) return null;
  const year = Number(text);
  return year >= 2000 && year <= 2100 ? year : null;
}

/** A revision number from a path, or null. */
export function revisionParam(text: string): number | null {
  return /^[1-9]\d{0,5}$/.test(text) ? Number(text) : null;
}

const ENTITIES: Record<string, string> = {
  '&quot;': '"',
  '&#39;': "'",
  '&lt;': '<',
  '&gt;': '>',
  '&amp;': '&',
};

/** The CSP hashes of the distinct `style` attribute values in the markup (at most 100). */
export function styleAttributeHashes(html: string): string[] {
  const values = new Set<string>();
  for (const m of html.matchAll(/\sstyle="([^"]*)"/g)) {
    values.add(m[1]!.replace(/&quot;|&#39;|&lt;|&gt;|&amp;/g, (e) => ENTITIES[e]!));
    if (values.size >= 100) break;
  }
  return [...values].map((v) => `'sha256-${createHash('sha256').update(v).digest('base64')}'`);
}

/** The app's policy with the document's style attributes allowed (a publication shown inside a page). */
export function pagePolicy(current: string, bodyHtml: string): string {
  const hashes = styleAttributeHashes(bodyHtml);
  if (hashes.length === 0) return current;
  return current.replace(/style-src ([^;]*)/, (_all, sources: string) => {
    return `style-src ${sources} 'unsafe-hashes' ${hashes.join(' ')}`;
  });
}

/** The policy of a standalone HTML file: its inline stylesheet and style attributes, nothing to load or run. */
export function filePolicy(html: string): string {
  const hashes = styleAttributeHashes(html);
  const styles = [PUBLICATION_CSS_HASH, ...(hashes.length > 0 ? ["'unsafe-hashes'", ...hashes] : [])];
  return `default-src 'none'; style-src ${styles.join(' ')}; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

/**
 * Sends a frozen document as a file: "DHF-WRES-WDES-report-2024-revision-2.pdf", as an attachment, with
 * the caching the caller chooses (none for the organisation's own copies, a few minutes in public).
 */
export async function sendDocument(
  reply: FastifyReply,
  doc: PublicationDocument,
  format: Format,
  extra: { name: string; cacheControl: string },
): Promise<FastifyReply> {
  const body = await render(doc, format);
  const name = fileName(doc, format, extra.name);
  if (format === 'html') reply.header('content-security-policy', filePolicy(body.toString('utf8')));
  return reply
    .header('content-type', CONTENT_TYPES[format])
    .header('content-disposition', `attachment; filename="${name.replace(/"/g, '')}"`)
    .header('cache-control', extra.cacheControl)
    .send(body);
}
