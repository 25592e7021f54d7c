/**
 * Charts drawn on the server: each chart is a Vega-Lite specification, compiled to Vega and rendered to an
 * SVG string by Vega's headless View (renderer 'none', no canvas needed). The SVG goes into the page as
 * markup, not script, so the content security policy can keep forbidding inline script. Every chart
 * travels with a heading, a one- or two-sentence summary written from its numbers and the table of its
 * data, so a reader who cannot see the picture gets the same content; the picture itself is one image
 * labelled by the heading and summary (Vega's per-mark ARIA is turned off: the table carries the detail).
 *
 * Rendered SVG is cached by the specification's text: the same figures are drawn once. The SVG keeps the
 * width and height Vega drew it at, and the stylesheet shows it at exactly that size (never scaled down,
 * so its text stays as large as chart-specs.ts draws it); a chart wider than its column scrolls inside its
 * own region on the page.
 */
import type { TopLevelSpec } from 'vega-lite';
import { PromiseCache } from '../../shared/lru.js';

export * from './chart-specs.js';

export interface Cell {
  text: string;
  /** Withheld on publication (small numbers): each "*" in the text is read out as withheld. */
  suppressed?: boolean;
}

export interface ChartTable {
  caption: string;
  /** The heading of the first column (the row labels). */
  rowHeader: string;
  columns: string[];
  rows: { label: string; cells: Cell[] }[];
}

export interface Chart {
  /** A page-unique id (letters, digits and dashes): the heading, summary and picture hang off it. */
  id: string;
  title: string;
  summary: string;
  /** The picture, or null when there is nothing to draw (the summary says why). */
  svg: string | null;
  table: ChartTable;
  notes: string[];
}

/** Renders specifications to SVG, caching by the specification's text. */
export function chartRenderer(options: { cacheSize?: number } = {}) {
  const size = options.cacheSize ?? 400;
  const cache = new PromiseCache<string>(size);

  async function draw(spec: TopLevelSpec): Promise<string> {
    // Loaded on the first chart, not when the program starts: a command that draws none never waits for it.
    const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
    const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
    try {
      return await view.toSVG();
    } finally {
      view.finalize();
    }
  }

  return {
    /** The SVG of a specification, its root labelled by the elements with the given ids. */
    async svg(spec: TopLevelSpec, labelledBy: string): Promise<string> {
      const svg = await cache.get(JSON.stringify(spec), () => draw(spec));
      if (!/^[A-Za-z0-9 _-]+$/.test(labelledBy)) throw new Error(`not a safe id list: ${labelledBy}`);
      // One image: the roles Vega gives its mark containers would expose an unlabelled tree inside it.
      return svg
        .replace(/ (?:role|aria-roledescription)="[^"]*"/g, '')
        .replace(/^(<svg [^>]*?) class="marks"/, '$1')
        .replace(
          /^<svg /,
          `<svg role="img" focusable="false" class="parity-chart__svg" aria-labelledby="${labelledBy}" `,
        );
    },
  };
}

export type ChartRenderer = ReturnType<typeof chartRenderer>;
