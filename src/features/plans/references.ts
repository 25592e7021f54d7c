/**
 * What an action can be linked to: the engine catalogue's indicators as they appear in computed results
 * (WRES1..WRES9, WDES1..WDES10 with their sub-metrics, the pay gaps), local metrics as `local:<id>`, the
 * EDS 2022 outcomes as `EDS:<code>` and the NHS EDI Improvement Plan's High Impact Actions as HIA1..HIA6;
 * and how the words of an existing plan ("Indicator 3", "WRES 1 and 2", "WDES 4a") are read as these ids.
 */
import { nationalCatalogue, resolveSettings, shortTitleOf, standardNumberName } from '../../engine/index.js';

export type ReferenceGroup = 'WRES' | 'WDES' | 'PAY' | 'EDS' | 'HIA' | 'LOCAL';

export interface IndicatorReference {
  id: string;
  group: ReferenceGroup;
  /** "WRES 2", "WDES 4a (i)", "GPG mean", "EDS 2B", "HIA 3"; a local metric's title. */
  code: string;
  /** A short title for lists and headings. */
  title: string;
}

export const GROUP_TITLES: Readonly<Record<ReferenceGroup, string>> = {
  WRES: 'Workforce Race Equality Standard',
  WDES: 'Workforce Disability Equality Standard',
  PAY: 'Pay gaps',
  EDS: 'Equality Delivery System 2022 outcomes',
  HIA: 'NHS EDI Improvement Plan High Impact Actions',
  LOCAL: 'Local metrics',
};

export const EDS_OUTCOMES: readonly { code: string; title: string }[] = [
  { code: '1A', title: 'Patients have required levels of access to the service' },
  { code: '1B', title: "Individual patients' health needs are met" },
  { code: '1C', title: 'When patients use the service, they are free from harm' },
  { code: '1D', title: 'Patients report positive experiences of the service' },
  { code: '2A', title: 'Staff are supported to manage long-term conditions and mental health at work' },
  {
    code: '2B',
    title: 'Staff are free from abuse, harassment, bullying and physical violence from any source',
  },
  {
    code: '2C',
    title: 'Staff have access to independent support and advice when suffering from abuse or stress',
  },
  { code: '2D', title: 'Staff recommend the organisation as a place to work and receive treatment' },
  { code: '3A', title: 'Board members and senior leaders show understanding of and commitment to equality' },
  {
    code: '3B',
    title: 'Board and committee papers identify equality and health inequality impacts and risks',
  },
  { code: '3C', title: 'Board members and senior leaders ensure levers are in place to monitor progress' },
];

export const HIGH_IMPACT_ACTIONS: readonly string[] = [
  'Measurable EDI objectives for chairs, chief executives and board members',
  'Fair and inclusive recruitment and talent management that target under-representation',
  'An improvement plan to eliminate pay gaps',
  'An improvement plan to address health inequalities within the workforce',
  'Induction, onboarding and development for internationally recruited staff',
  'An environment free of bullying, discrimination, harassment and physical violence',
];

let national: IndicatorReference[] | null = null;

function nationalReferences(): IndicatorReference[] {
  if (national) return national;
  const entries = nationalCatalogue(resolveSettings({}).settings);
  national = entries.map((e) => {
    // The Bank WRES and the MWRES are race equality standards: an action serves them beside the WRES.
    const group: ReferenceGroup =
      e.standard === 'WDES'
        ? 'WDES'
        : e.standard === 'WRES' || e.standard === 'BWRES' || e.standard === 'MWRES'
          ? 'WRES'
          : 'PAY';
    return {
      id: e.id,
      group,
      code: standardNumberName(e) ?? `${e.standard} ${e.number}`,
      title: shortTitleOf(e),
    };
  });
  return national;
}

/** Every reference an organisation can link an action to, in display order. */
export function referenceCatalogue(
  localMetrics: readonly { id: string; title: string }[],
): IndicatorReference[] {
  return [
    ...nationalReferences(),
    ...EDS_OUTCOMES.map((o) => ({
      id: `EDS:${o.code}`,
      group: 'EDS' as const,
      code: `EDS ${o.code}`,
      title: o.title,
    })),
    ...HIGH_IMPACT_ACTIONS.map((title, i) => ({
      id: `HIA${i + 1}`,
      group: 'HIA' as const,
      code: `HIA ${i + 1}`,
      title,
    })),
    // A local metric is named by its title: its id is for files and addresses, not for reading.
    ...localMetrics.map((m) => ({
      id: `local:${m.id}`,
      group: 'LOCAL' as const,
      code: m.title,
      title: m.title,
    })),
  ];
}

/** The group an id belongs to, from its form. */
export function groupOf(id: string): ReferenceGroup {
  if (id.startsWith('WRES')) return 'WRES';
  if (id.startsWith('WDES')) return 'WDES';
  if (id.startsWith('EDS:')) return 'EDS';
  if (/^HIA\d$/.test(id)) return 'HIA';
  if (id.startsWith('local:')) return 'LOCAL';
  return 'PAY';
}

/** Whether an id is a reference Parity knows the form of (local metrics need not exist yet). */
export function isReference(id: string): boolean {
  if (nationalReferences().some((r) => r.id === id)) return true;
  if (/^HIA[1-6]$/.test(id)) return true;
  if (/^EDS:[1-3][A-D]$/.test(id)) return EDS_OUTCOMES.some((o) => `EDS:${o.code}` === id);
  return /^local:[a-z0-9][a-z0-9._-]{0,99}$/i.test(id);
}

/** The reference, or a description made from the id when it is not in the list (a removed local metric). */
export function describeReference(id: string, catalogue: readonly IndicatorReference[]): IndicatorReference {
  const found = catalogue.find((r) => r.id === id);
  if (found) return found;
  if (id.startsWith('local:'))
    return {
      id,
      group: 'LOCAL',
      code: 'Removed local metric',
      title: `A local metric no longer defined (${id.slice(6)})`,
    };
  return { id, group: 'LOCAL', code: id, title: id };
}

/** "WRES 2: Appointment from shortlisting"; a local metric by its title alone. */
export function referenceText(r: Pick<IndicatorReference, 'code' | 'title'>): string {
  return r.code === r.title ? r.title : `${r.code}: ${r.title}`;
}

/** Sort key: catalogue order, unknown ids last. */
export function referenceOrder(catalogue: readonly IndicatorReference[]): (id: string) => number {
  const index = new Map(catalogue.map((r, i) => [r.id, i]));
  return (id) => index.get(id) ?? catalogue.length;
}

const WDES_SIMPLE = new Set([1, 2, 3, 5, 6, 7, 8, 10]);

function expand(standard: 'WRES' | 'WDES', n: number, letter: string, roman: string): string[] {
  if (standard === 'WRES') return n >= 1 && n <= 9 ? [`WRES${n}`] : [];
  if (WDES_SIMPLE.has(n)) return [`WDES${n}`];
  if (n === 4) {
    const a = roman ? [`WDES4a_${roman}`] : ['WDES4a_i', 'WDES4a_ii', 'WDES4a_iii'];
    if (letter === 'a') return a;
    if (letter === 'b') return ['WDES4b'];
    return [...a, 'WDES4b'];
  }
  if (n === 9) return letter === 'a' ? ['WDES9a'] : letter === 'b' ? ['WDES9b'] : ['WDES9a', 'WDES9b'];
  return [];
}

/** Words that name a WRES indicator when a plan describes it rather than numbering it. */
const WRES_KEYWORDS: readonly [RegExp, string][] = [
  [/appointed from shortlisting|appointment/, 'WRES2'],
  [/disciplinary/, 'WRES3'],
  [/non-mandatory training|\bcpd\b/, 'WRES4'],
  [/(harassment|bullying|abuse).*(patients|relatives|public|service users)/, 'WRES5'],
  [/(harassment|bullying|abuse).*(staff|colleagues|managers)/, 'WRES6'],
  [/equal opportunit|career progression|promotion/, 'WRES7'],
  [/discrimination/, 'WRES8'],
  [/\bboard\b/, 'WRES9'],
  [/afc bands|bands 1-9|\bvsm\b|representation|workforce profile/, 'WRES1'],
];

/**
 * The references named in a cell of an existing plan. `standard` is what a bare "Indicator 3" or "3." means
 * (from the column header or the plan's title). When nothing is numbered, a WRES plan's descriptive
 * wording ("appointed from shortlisting") is recognised.
 */
export function findReferences(text: string, standard: 'WRES' | 'WDES' | null = null): string[] {
  const found: string[] = [];
  const add = (ids: string[]) => {
    for (const id of ids) if (!found.includes(id)) found.push(id);
  };
  const t = text.toLowerCase().replace(/\s+/g, ' ');
  const numberList = String.raw`(\d{1,2})([ab])?(?:\s*\(?(i{1,3})\)?(?![a-z]))?((?:\s*(?:,|&|and|\/)\s*\d{1,2}[ab]?(?:\s*\(?i{1,3}\)?(?![a-z]))?)*)`;
  const named = new RegExp(
    String.raw`\b(wres|wdes)\s*(?:indicators?|metrics?|standard)?\s*:?\s*` + numberList,
    'g',
  );
  for (const m of t.matchAll(named)) {
    const std = m[1]!.toUpperCase() as 'WRES' | 'WDES';
    add(expand(std, Number(m[2]), m[3] ?? '', m[4] ?? ''));
    for (const more of (m[5] ?? '').matchAll(/(\d{1,2})([ab])?(?:\s*\(?(i{1,3})\)?)?/g))
      add(expand(std, Number(more[1]), more[2] ?? '', more[3] ?? ''));
  }
  for (const m of t.matchAll(/\b(?:high impact action|hia)\s*(\d)\b/g))
    if (Number(m[1]) >= 1 && Number(m[1]) <= 6) add([`HIA${m[1]}`]);
  for (const m of t.matchAll(/\beds\s*(?:2022\s*)?(?:outcome\s*)?([1-3])([a-d])\b/g))
    add([`EDS:${m[1]}${m[2]!.toUpperCase()}`]);
  for (const m of t.matchAll(
    /\b([ged]pg)[ _](mean|median|bonus[ _]mean|bonus[ _]median|bonus[ _]proportion|quartiles|representation)\b/g,
  )) {
    const id = `${m[1]!.toUpperCase()}_${m[2]!.toUpperCase().replace(/ /g, '_')}`;
    if (nationalReferences().some((r) => r.id === id)) add([id]);
  }
  for (const m of text.matchAll(/\blocal:([A-Za-z0-9][A-Za-z0-9._-]{0,99})/g))
    add([`local:${m[1]!.replace(/[.]+$/, '')}`]);
  if (/gender pay gap/.test(t)) add(['GPG_MEAN', 'GPG_MEDIAN']);
  if (/ethnicity pay gap/.test(t)) add(['EPG_MEAN', 'EPG_MEDIAN']);
  if (/disability pay gap/.test(t)) add(['DPG_MEAN', 'DPG_MEDIAN']);
  if (found.length === 0 && standard) {
    const bare =
      /^(?:actions? around\s+)?(?:indicator|metric)?\s*(\d{1,2})([ab])?(?:\s*\(?(i{1,3})\)?)?(?:[.:)\s]|$)/.exec(
        t.trim(),
      );
    const inText = /\b(?:indicator|metric)\s*(\d{1,2})([ab])?/.exec(t);
    const m = bare ?? inText;
    if (m) add(expand(standard, Number(m[1]), m[2] ?? '', bare ? (m[3] ?? '') : ''));
  }
  if (found.length === 0 && standard !== 'WDES') {
    for (const [pattern, id] of WRES_KEYWORDS)
      if (pattern.test(t)) {
        add([id]);
        break;
      }
  }
  const order = referenceOrder(referenceCatalogue([]));
  return found.sort((a, b) => order(a) - order(b));
}
