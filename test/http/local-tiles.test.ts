/**
 * Local metrics as a reader sees them on the demo trust (issue 13): each tile names its metric once, says
 * one direction (the one its change and the trend's sentence use), and a percentage is drawn on an axis
 * that stops at 100%.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoApp, type Agent, type TestApp } from '../support/app.js';

const ID = 'appraisals-completed-when-due';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
    .trim();

/** The markup of the element with the given id, up to its closing tag (`tag`). */
function element(html: string, id: string, tag: string): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) throw new Error(`no element ${id}`);
  const open = html.lastIndexOf(`<${tag}`, start);
  let depth = 0;
  const re = new RegExp(`<${tag}\\b|</${tag}>`, 'g');
  re.lastIndex = open;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    depth += m[0].startsWith('</') ? -1 : 1;
    if (depth === 0) return html.slice(open, m.index + m[0].length);
  }
  throw new Error(`unclosed ${tag} ${id}`);
}

/**
 * The labels of a trend's value axis (the numbers set flush right, left of the plot; the periods are
 * centred below it), each with its height on the chart, and the axis's top as a number: the value at the
 * top of the plot, worked out from the labels' places.
 */
function valueAxis(svg: string): { labels: number[]; top: number } {
  const labels = [
    ...svg.matchAll(/<text text-anchor="end" transform="translate\([^,]+,([^)]+)\)"[^>]*>([^<]*)<\/text>/g),
  ]
    .filter((m) => /^-?\d+(\.\d+)?$/.test(m[2]!.trim()))
    .map((m) => ({ y: Number(m[1]), value: Number(m[2]) }));
  const [first, last] = [labels[0]!, labels.at(-1)!];
  const perPixel = (last.value - first.value) / (first.y - last.y);
  // Vega sets each label 4 px below its tick: the plot's top edge is the label height 4.
  return { labels: labels.map((l) => l.value), top: first.value + (first.y - 4) * perPixel };
}

describe('local metrics on the demo trust', () => {
  let t: TestApp;
  const agents: Record<string, Agent> = {};

  beforeAll(async () => {
    t = await buildDemoApp(['analyst', 'viewer'], agents);
  }, 240_000);
  afterAll(async () => t?.close());

  it('names each metric once on its tile', async () => {
    for (const who of ['analyst', 'viewer']) {
      const page = await agents[who]!.get('/o/DHF/dashboard/local-metrics?year=2024');
      expect(page.statusCode).toBe(200);
      const tiles = [...page.body.matchAll(/id="tile-([^"]+)"/g)].map((m) => m[1]!);
      expect(tiles.length, who).toBeGreaterThan(3);
      for (const id of tiles) {
        // The metric's title, as its section's heading gives it.
        const title = text(element(page.body, `local-${id}`, 'h2'));
        expect(title.length, `${who} ${id}`).toBeGreaterThan(10);
        const tile = element(page.body, `tile-${id}`, 'div');
        expect(text(/<h3[^>]*>([\s\S]*?)<\/h3>/.exec(tile)![1]!), `${who} ${id}`).toBe(title);
        expect(text(tile).split(title).length - 1, `${who} ${id}: "${title}" on the tile`).toBe(1);
      }
    }
  });

  it('says one direction: the tile’s, its change’s and the trend sentence’s agree', async () => {
    const page = await agents.analyst!.get(`/o/DHF/dashboard/indicators/${ID}?year=2024`);
    expect(page.statusCode).toBe(200);
    const tile = text(element(page.body, `tile-${ID}`, 'div'));
    expect(tile).toContain('Direction Higher is better');
    expect(tile).not.toContain('no direction is better');
    const summary = text(element(page.body, `trend-${ID}-summary`, 'p'));
    expect(summary).toMatch(/ Higher is better\.$/);
  });

  it('draws a percentage on an axis that stops at 100%', async () => {
    const pages = [
      { url: '/o/DHF/dashboard/local-metrics?year=2024', chart: `local-${ID}-trend` },
      { url: `/o/DHF/dashboard/indicators/${ID}?year=2024`, chart: `trend-${ID}` },
      { url: `/o/DHF/dashboard/indicators/${ID}?year=2024`, chart: `quarters-${ID}` },
      { url: `/o/DHF/dashboard/indicators/${ID}?year=2024`, chart: `months-${ID}` },
    ];
    for (const who of ['analyst', 'viewer'])
      for (const { url, chart } of pages) {
        const page = await agents[who]!.get(url);
        const section = element(page.body, `${chart}-title`, 'section');
        const svg = /<svg[\s\S]*<\/svg>/.exec(section)?.[0] ?? '';
        const axis = valueAxis(svg);
        expect(axis.labels.length, `${who} ${chart}: an axis`).toBeGreaterThan(2);
        expect(Math.max(...axis.labels), `${who} ${chart}: the axis's labels`).toBeLessThanOrEqual(100);
        expect(axis.top, `${who} ${chart}: the axis's top`).toBeLessThanOrEqual(100.5);
        // The figures drawn are those the table beside the chart shows, each a percentage of at most 100.
        const drawn = [...section.matchAll(/<td[^>]*>\s*(\d+(?:\.\d+)?)%/g)].map((m) => Number(m[1]));
        expect(drawn.length, `${who} ${chart}: figures`).toBeGreaterThan(0);
        expect(Math.max(...drawn), `${who} ${chart}`).toBeLessThanOrEqual(100);
      }
  });
});
