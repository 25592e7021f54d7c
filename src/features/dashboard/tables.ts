/**
 * The dashboard's own count tables: employee-relations cases by type and group and by quarter, the
 * recruitment funnel, the likelihood of entering each type of formal case, declaration rates and who the
 * staff-in-post snapshot holds. Each is a metric the engine evaluates (definitions.ts), so the disclosure
 * ledger of an organisation's year (disclosure.ts) holds their counts beside the national indicators', for
 * every unit and period, and every page reads them back from it: a count withheld on one page cannot be
 * worked out from another, and the same count reads the same on both.
 *
 * Some counts are one and the same count in two tables (a case type's total in the table by ethnicity and
 * in the table by disability; the applications behind both stages of the funnel; staff in post in WRES 1,
 * in the declaration rate and in each case type's likelihood). `tableSums` names them as one count to the
 * ledger, which shows or withholds them together. A tie that does not hold under the
 * organisation's settings (another workforce denominator, say) is found out by the ledger, which checks
 * every sum against the counts, and left out.
 */
import type { EngineSettings, MetricDefinition, MetricResult } from '../../engine/index.js';
import {
  caseLikelihoodDefinition,
  casesDefinition,
  caseTypesDefinition,
  declarationDefinition,
  funnelDefinition,
  LIKELIHOOD_CASE_TYPES,
  OTHER_CHARACTERISTICS,
  otherDeclarationDefinitions,
  snapshotDefinitions,
  type Scheme,
} from './definitions.js';

/** The part key the tables' counts go under in the ledger (they have one part each). */
export const TABLE_PART = 'main';

const SCHEMES: readonly Scheme[] = ['wres', 'wdes'];
const WORKFORCE: Record<Scheme, string> = { wres: 'WRES1', wdes: 'WDES1' };

/**
 * Every table's definition, as the pages evaluate it for the whole year (a quarter's is the same through
 * `toQuarter`; the snapshot tables have none). Without breakdowns: the ledger asks for the units it needs.
 */
export function tableDefinitions(s: EngineSettings): MetricDefinition[] {
  const { people, leftOut } = snapshotDefinitions(s);
  return [
    ...SCHEMES.map(casesDefinition),
    caseTypesDefinition(),
    ...SCHEMES.flatMap((scheme) => [
      funnelDefinition(scheme, 'shortlisted'),
      funnelDefinition(scheme, 'appointed'),
    ]),
    ...SCHEMES.flatMap((scheme) => LIKELIHOOD_CASE_TYPES.map((t) => caseLikelihoodDefinition(s, scheme, t))),
    ...SCHEMES.map((scheme) => ({ ...declarationDefinition(s, scheme), breakdown: [] })),
    ...OTHER_CHARACTERISTICS.flatMap((c) => {
      const { recorded, notStated } = otherDeclarationDefinitions(s, c);
      return notStated ? [recorded, notStated] : [recorded];
    }),
    people,
    ...leftOut.map((l) => l.definition),
  ];
}

/** Names a count in the ledger: a table's (or indicator's) id, its slot, and its part. */
export type SlotKey = (id: string, slot: string, part?: string) => string;

/** The groups of a rate or likelihood result, and "ALL". */
function rateGroups(m: MetricResult | undefined): string[] {
  const r = m?.result;
  if (r?.type !== 'rate' && r?.type !== 'relativeLikelihood') return [];
  return [...r.groups.map((g) => g.group), 'ALL'];
}

/**
 * The counts the tables of one unit and period share with each other and with WRES 1 and WDES 1: sums, and
 * pairs of names of one same count (which the ledger shows or withholds together). `yearKey`, for a
 * quarter: names a count of the same unit's year, whose staff in post a quarter's likelihoods share.
 */
export function tableSums(
  key: SlotKey,
  tables: ReadonlyMap<string, MetricResult>,
  yearKey: SlotKey | null = null,
): { sums: { total: string; parts: string[] }[]; same: [string, string][] } {
  const sums: { total: string; parts: string[] }[] = [];
  const same: [string, string][] = [];
  const equal = (a: string, b: string) => same.push([a, b]);

  // Cases: a row's total is the same cases whichever characteristic the table is by; a type's total is
  // its formal and informal rows.
  const cases = tables.get(casesDefinition('wres').id)?.result;
  if (cases?.type === 'distribution') {
    for (const row of [...cases.rows.map((r) => r.key), '*'])
      equal(key(casesDefinition('wres').id, `t:${row}`), key(casesDefinition('wdes').id, `t:${row}`));
    const types = new Map<string, string[]>();
    for (const row of cases.rows) {
      const type = row.key.split(' | ')[0]!;
      types.set(type, [...(types.get(type) ?? []), key(casesDefinition('wres').id, `t:${row.key}`)]);
    }
    for (const [type, rows] of types)
      sums.push({ total: key(caseTypesDefinition().id, `t:${type}`), parts: rows });
    equal(key(caseTypesDefinition().id, 't:*'), key(casesDefinition('wres').id, 't:*'));
  }

  for (const scheme of SCHEMES) {
    // The funnel: both stages are of the same applications.
    const shortlisted = funnelDefinition(scheme, 'shortlisted').id;
    const appointed = funnelDefinition(scheme, 'appointed').id;
    for (const g of rateGroups(tables.get(shortlisted)))
      equal(key(appointed, `d:${g}`), key(shortlisted, `d:${g}`));

    // Each case type's likelihood is over the same staff, those WRES 1 (WDES 1) counts when the
    // denominator is the snapshot.
    const [first, ...others] = LIKELIHOOD_CASE_TYPES.map((t) => `dashboard.caseLikelihood.${scheme}.${t}`);
    const groups = rateGroups(tables.get(first!));
    for (const g of groups) {
      for (const other of others) equal(key(other, `d:${g}`), key(first!, `d:${g}`));
      if (yearKey) equal(key(first!, `d:${g}`), yearKey(first!, `d:${g}`));
      else equal(key(first!, `d:${g}`), key(WORKFORCE[scheme], g === 'ALL' ? 't:*' : `c:*:${g}`));
    }

    // Declaration: staff in post as WRES 1 (WDES 1) counts them, recorded and not.
    const declaration = `dashboard.declaration.${scheme}`;
    equal(key(declaration, 'd:ALL'), key(WORKFORCE[scheme], 't:*'));
    sums.push({
      total: key(WORKFORCE[scheme], 't:*'),
      parts: [key(declaration, 'n:ALL'), key(WORKFORCE[scheme], 'c:*:UNKNOWN')],
    });
    if (scheme === 'wdes') {
      equal(key(declaration, 'n:ALL'), key('WDES1', 'n:ALL', 'declaration'));
      equal(key(declaration, 'd:ALL'), key('WDES1', 'd:ALL', 'declaration'));
    }
  }

  // The other characteristics: staff in post as WRES 1 counts them, recorded, prefer not to say, and not
  // recorded (the remainder, which no page shows).
  for (const c of OTHER_CHARACTERISTICS) {
    const recorded = `dashboard.declaration.${c.scheme}`;
    const notStated = `dashboard.notStated.${c.scheme}`;
    if (!tables.has(recorded)) continue;
    equal(key(recorded, 'd:ALL'), key('WRES1', 't:*'));
    const parts = [key(recorded, 'n:ALL')];
    if (tables.has(notStated)) {
      equal(key(notStated, 'd:ALL'), key('WRES1', 't:*'));
      parts.push(key(notStated, 'n:ALL'));
    }
    sums.push({ total: key('WRES1', 't:*'), parts });
  }

  // The snapshot: those WRES 1 counts and those the settings leave out are some of everyone in it.
  const people = 'dashboard.snapshot.people';
  equal(key(people, 'n:ALL'), key('WRES1', 't:*'));
  sums.push({
    total: key(people, 'd:ALL'),
    parts: [
      key(people, 'n:ALL'),
      ...['dashboard.snapshot.bankOnly', 'dashboard.snapshot.nonExecutives']
        .filter((id) => tables.has(id))
        .map((id) => key(id, 'n:ALL')),
    ],
  });
  return { sums, same };
}
