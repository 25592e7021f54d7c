/**
 * Making the documents a trust hands over, for the web and the command line alike: the annual report and
 * the quarterly pack (built by report.ts and pack.ts from the dashboard's presenter) in HTML, DOCX or PDF,
 * with the file names people expect. One place decides which renderer lays out which format.
 */
import type { QuarterNumber } from '../../engine/index.js';
import type { Organisation } from '../organisations/organisation.js';
import type { PublicationSources } from './sources.js';
import type { PublicationDocument } from './document.js';
import { buildPack } from './pack.js';
import { renderHtml } from './render/html.js';
import { buildReport, type ReportInput, type View } from './report.js';

export const FORMATS = ['html', 'docx', 'pdf'] as const;
export type Format = (typeof FORMATS)[number];

export const CONTENT_TYPES: Readonly<Record<Format, string>> = {
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

export const isFormat = (value: string): value is Format => (FORMATS as readonly string[]).includes(value);

/**
 * The document laid out in a format. The Word and PDF writers (and the libraries under them) load with the
 * first document of their kind, not when the program starts.
 */
export async function render(doc: PublicationDocument, format: Format): Promise<Buffer> {
  switch (format) {
    case 'html':
      return Buffer.from(renderHtml(doc), 'utf8');
    case 'docx':
      return (await import('./render/docx.js')).renderDocx(doc);
    case 'pdf':
      return (await import('./render/pdf.js')).renderPdf(doc);
  }
}

/** "DHF-WRES-WDES-report-2024.pdf", "DHF-quarterly-pack-Q2-2024-25-Surgery.docx"; "-full-counts" marks the other view. */
export function fileName(doc: PublicationDocument, format: Format, extra = ''): string {
  const base =
    doc.kind === 'report'
      ? `${doc.organisation.code}-WRES-WDES-report-${doc.year}`
      : `${doc.organisation.code}-quarterly-pack-${doc.title.replace(/^.*, (Q\d) (\d{4})\/(\d{2})$/, '$1-$2-$3')}`;
  const safe = `${base}${extra ? `-${extra}` : ''}${doc.view === 'full' ? '-full-counts' : ''}`
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, 150);
  return `${safe}.${format}`;
}

/**
 * The annual report with the narratives written for the year; with `plan`, showing that plan instead of
 * the stored one, and with `approval`, the approval's facts under the title.
 */
export async function makeReport(
  services: PublicationSources,
  org: Organisation,
  year: number,
  view: View,
  options: Pick<ReportInput, 'plan' | 'approval'> = {},
): Promise<PublicationDocument> {
  const narratives = await services.narratives.list(org, year);
  return buildReport(services, {
    org,
    year,
    view,
    narratives: new Map(narratives.filter((n) => n.text !== '').map((n) => [n.indicator, n.text])),
    now: services.clock.now(),
    ...options,
  });
}

export function makePack(
  services: PublicationSources,
  org: Organisation,
  input: { year: number; quarter: QuarterNumber; careGroup: string | null; view: View },
): Promise<PublicationDocument> {
  return buildPack(services, { org, ...input, now: services.clock.now() });
}
