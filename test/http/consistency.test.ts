/**
 * One figure, one value: WRES 1-4, 9 and WDES 1-3, 10 read from every page that shows them (the dashboard's
 * overview tile, the indicator's own page, the Indicators page) and from `parity compute`'s output for
 * the same organisation and year, for an analyst (every count) and for a viewer (the publication view).
 * Each view gives one value per indicator, whichever page or output shows it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPublication } from '../../src/engine/index.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import { buildDemoApp, type Agent, type TestApp } from '../support/app.js';

const IDS = ['WRES1', 'WRES2', 'WRES3', 'WRES4', 'WRES9', 'WDES1', 'WDES2', 'WDES3', 'WDES10'];
const RL = ['WRES2', 'WRES3', 'WRES4', 'WDES2', 'WDES3'];

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();

/** The headline value of an indicator's tile ("1.45", "*"). */
function tileValue(html: string, id: string): string | null {
  const m = new RegExp(`id="tile-${id}"[\\s\\S]*?class="parity-tile__value">([\\s\\S]*?)</p>`).exec(html);
  return m ? (text(m[1]!).split(' ')[0] ?? null) : null;
}

/** The relative likelihood the Indicators page gives an indicator. */
function indicatorsPageValue(html: string, id: string): string | null {
  const start = html.indexOf(`id="ind-${id}"`);
  if (start < 0) return null;
  const section = html.slice(
    start,
    html.indexOf('<h3', start + 10) > 0 ? html.indexOf('<h3', start + 10) : undefined,
  );
  const m = /Relative likelihood: ([^<\s]+)/.exec(section);
  return m ? m[1]! : null;
}

describe('one figure, one value across pages and outputs', () => {
  let t: TestApp;
  const agents: Record<string, Agent> = {};

  beforeAll(async () => {
    t = await buildDemoApp(['viewer', 'analyst'], agents);
  }, 240_000);
  afterAll(async () => t?.close());

  for (const who of ['analyst', 'viewer'] as const)
    it(`gives ${who === 'analyst' ? 'an analyst' : 'a viewer'} one value per indicator everywhere`, async () => {
      const org = (await organisationsRepository(t.services.db).findByOds('DHF'))!;
      const year = 2024;
      const overview = (await agents[who]!.get(`/o/DHF/dashboard?year=${year}`)).body;
      const indicatorsPage = (await agents[who]!.get(`/o/DHF/indicators?year=${year}`)).body;
      // What `parity compute` prints for the same organisation and year (the command's own code path:
      // the indicators service, then the publication view with the organisation's ledger).
      const results = await t.services.indicators.compute(org, year, 'all');
      const lookup = who === 'viewer' ? await t.services.dashboard.publicationLookup(org, year, 'all') : null;
      const cli = new Map(
        toPublication(results, { suppress: who === 'viewer', lookup }).map((p) => [p.id, p]),
      );
      const seen: Record<string, Record<string, string | null>> = {};
      for (const id of IDS) {
        const page = (await agents[who]!.get(`/o/DHF/dashboard/indicators/${id}?year=${year}`)).body;
        const values: Record<string, string | null> = {
          overview: tileValue(overview, id),
          'indicator page': tileValue(page, id),
        };
        if (RL.includes(id)) {
          values['Indicators page'] = indicatorsPageValue(indicatorsPage, id);
          values['parity compute'] = cli.get(id)?.parts[0]?.headline[0]?.text ?? null;
        }
        seen[id] = values;
        const distinct = new Set(Object.values(values));
        expect(distinct.size, `${who} ${id}: ${JSON.stringify(values)}`).toBe(1);
        expect(values.overview, `${who} ${id}`).not.toBeNull();
      }
      console.log(who, JSON.stringify(seen));
    }, 300_000);
});
