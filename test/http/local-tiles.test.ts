/**
 * Local metrics as a reader sees them on the demo trust (issue 13): each metric is named once (its tile's
 * heading is its section's), a tile says one direction (the one its change and the trend's sentence use)
 * and labels its change by the figures it shows, a metric without groups shows "All" once, a percentage is
 * drawn on an axis that stops at 100%, and incidents per head read as a rate per 100 staff.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoApp, type Agent, type TestApp } from '../support/app.js';
import { tablesOf } from '../support/html.js';

const ID = 'appraisals-completed-when-due';
/** A metric with no characteristic: panels for Band 8a and above with a trained member. */
const PANELS = 'panels-8a-trained-member';
/** Incidents counted per head of staff: a rate per 100 staff, not a percentage. */
const INCIDENTS = 'violence-abuse-incidents-by-ethnicity';

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

/** The markup of a local metric's section on the Local metrics page. */
function section(html: string, id: string): string {
  const start = html.indexOf(`<section class="parity-local" aria-labelledby="local-${id}"`);
  if (start < 0) throw new Error(`no section for ${id}`);
  const re = /<section\b|<\/section>/g;
  re.lastIndex = start;
  let depth = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    depth += m[0].startsWith('</') ? -1 : 1;
    if (depth === 0) return html.slice(start, m.index + m[0].length);
  }
  throw new Error(`unclosed section ${id}`);
}

/** What a tile says: its figure, the previous period's, the change's label, its direction and counts. */
function tileFacts(tile: string) {
  const facts = [...tile.matchAll(/<dt>([\s\S]*?)<\/dt>\s*<dd>([\s\S]*?)<\/dd>/g)].map((m) => ({
    key: text(m[1]!),
    value: text(m[2]!),
  }));
  return {
    label: text(/parity-tile__label">([\s\S]*?)<\/p>/.exec(tile)?.[1] ?? ''),
    current: text(/parity-tile__value">([\s\S]*?)<strong/.exec(tile)?.[1] ?? ''),
    change: text(/parity-tile__change">([\s\S]*?)<\/strong>/.exec(tile)?.[1] ?? ''),
    // The first fact that is not the window is the previous period's figure.
    previous: facts.find((f) => f.key !== 'Window')?.value ?? '',
    direction: facts.find((f) => f.key === 'Direction')?.value ?? '',
    counts: [...tile.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => text(m[1]!)),
  };
}

/**
 * The change a reader works out from a tile's two figures and its direction, as shown ("80.0%" then
 * "75.0%", higher is better: worsened); null where the tile compares nothing.
 */
function expectedChange(t: ReturnType<typeof tileFacts>): string | null {
  if (!['Improved', 'Worsened', 'No change'].includes(t.change)) return null;
  const number = (s: string) => {
    const m = /^[+-]?[\d,]+(\.\d+)?/.exec(s.replace(/^£/, ''));
    return m ? Number(m[0].replace(/,/g, '')) : null;
  };
  const [before, after] = [number(t.previous), number(t.current)];
  if (before === null || after === null)
    throw new Error(`a change beside "${t.previous}" and "${t.current}"`);
  if (before === after) return 'No change';
  const badness: Record<string, (x: number) => number> = {
    'Higher is better': (x) => -x,
    'Lower is better': (x) => x,
    'Closer to zero is better': (x) => Math.abs(x),
    'Closer to 1.00 is better': (x) => Math.abs(Math.log(x)),
  };
  const bad = badness[t.direction];
  if (!bad) throw new Error(`a change with the direction "${t.direction}"`);
  return bad(after) < bad(before) ? 'Improved' : bad(after) > bad(before) ? 'Worsened' : 'No change';
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

  it('names each metric once: its tile’s heading is its section’s, at level 2, its charts’ at 3', async () => {
    for (const who of ['analyst', 'viewer']) {
      const page = await agents[who]!.get('/o/DHF/dashboard/local-metrics?year=2024');
      expect(page.statusCode).toBe(200);
      const tiles = [...page.body.matchAll(/id="tile-([^"]+)"/g)].map((m) => m[1]!);
      expect(tiles.length, who).toBeGreaterThan(3);
      for (const id of tiles) {
        const where = `${who} ${id}`;
        const part = section(page.body, id);
        const headings = [...part.matchAll(/<h([1-6])\b([^>]*)>([\s\S]*?)<\/h\1>/g)].map((m) => ({
          level: Number(m[1]),
          id: /\bid="([^"]+)"/.exec(m[2]!)?.[1] ?? null,
          text: text(m[3]!),
        }));
        // One heading names the metric: the tile's, which the section is labelled by.
        const named = headings.filter((h) => h.level === 2);
        expect(
          named.map((h) => h.id),
          where,
        ).toEqual([`local-${id}`]);
        const title = named[0]!.text;
        expect(title.length, where).toBeGreaterThan(10);
        const tile = element(part, `tile-${id}`, 'div');
        expect(text(/<h2[^>]*>([\s\S]*?)<\/h2>/.exec(tile)?.[1] ?? ''), where).toBe(title);
        // Under it, the charts' headings, one level down; none of them the metric's name again.
        expect(
          headings.slice(1).map((h) => h.level),
          where,
        ).toEqual(headings.slice(1).map(() => 3));
        expect(
          headings.filter((h) => h.text === title),
          where,
        ).toHaveLength(1);
        // Before the first chart, the name is said once (the section's heading, which is the tile's).
        const head = part.split('<section class="parity-chart"')[0]!;
        expect(text(head).split(title).length - 1, `${where}: "${title}"`).toBe(1);
      }
    }
  });

  it('labels every change by the two figures the tile shows, in the publication view too', async () => {
    const checked: string[] = [];
    for (const who of ['analyst', 'viewer'])
      for (const url of ['/o/DHF/dashboard/local-metrics?year=2024', '/o/DHF/dashboard?year=2024']) {
        const page = await agents[who]!.get(url);
        expect(page.statusCode, url).toBe(200);
        for (const id of [...page.body.matchAll(/id="tile-([^"]+)"/g)].map((m) => m[1]!)) {
          const t = tileFacts(element(page.body, `tile-${id}`, 'div'));
          const expected = expectedChange(t);
          if (expected === null) continue;
          checked.push(`${who} ${id}`);
          expect(t.change, `${who} ${url} ${id}: ${t.previous} then ${t.current}, ${t.direction}`).toBe(
            expected,
          );
        }
      }
    // Local metrics and national indicators, for both roles.
    expect(checked.filter((c) => c.startsWith('viewer')).length).toBeGreaterThan(10);
  });

  it('shows a metric with no characteristic once: one “All” among its counts', async () => {
    for (const who of ['analyst', 'viewer']) {
      const page = await agents[who]!.get('/o/DHF/dashboard/local-metrics?year=2024');
      const tile = element(page.body, `tile-${PANELS}`, 'div');
      const labels = [...tile.matchAll(/parity-tile__count-label">([^<]*)</g)].map((m) => m[1]);
      expect(labels, who).toEqual(['All:']);
    }
  });

  it('reads incidents per head as a rate per 100 staff on the tile, its charts and their tables', async () => {
    for (const who of ['analyst', 'viewer']) {
      const page = await agents[who]!.get('/o/DHF/dashboard/local-metrics?year=2024');
      const tile = tileFacts(element(page.body, `tile-${INCIDENTS}`, 'div'));
      expect(tile.label, who).toMatch(/^Rate for BME, per 100 staff, /);
      expect(tile.current, who).toMatch(/^(\d+\.\d per 100 staff|\*|–)$/);
      expect(tile.previous, who).toMatch(/^(\d+\.\d per 100 staff|\*|–)$/);
      expect(tile.counts.join(' '), who).not.toContain('%');
      const part = section(page.body, INCIDENTS);
      // No percentage anywhere in the metric's section: not the bars, the axis, the tables or the trend.
      expect(text(part), who).not.toContain('%');
      const groups = element(part, `local-${INCIDENTS}-groups-title`, 'section');
      expect(text(/<svg[\s\S]*<\/svg>/.exec(groups)?.[0] ?? ''), who).toContain('Rate, per 100 staff');
      expect(
        tablesOf(groups)[0]!.header[0]!.map((c) => c.text),
        who,
      ).toContain('Rate per 100 staff');
      const trend = element(part, `local-${INCIDENTS}-trend-title`, 'section');
      expect(text(/<svg[\s\S]*<\/svg>/.exec(trend)?.[0] ?? ''), who).toContain('Rate for BME, per 100 staff');
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
