/**
 * The trusts of a run. The first is the demo trust (DHF, with DEMO_STRUCTURE), the second the demo's
 * community and mental health trust (DCM), both in the demo ICB (DIC). Further trusts get ODS codes made
 * of an X and two letters (X followed by a letter other than I), which no real NHS trust uses, and ICBs
 * XI01, XI02...; names are made from an invented place vocabulary.
 *
 * `--national` makes 215 trusts of about 1.4 million staff in all, sized from about 1,500 to 20,000 by a
 * log-normal spread, and of three kinds (acute, mental health and community, ambulance).
 */
import { DEMO_ICB, DEMO_SECOND_TRUST, DEMO_TRUST } from './demo-organisations.js';
import { PATTERNS } from './parameters.js';
import { Rng } from './random.js';
import {
  DCM_STRUCTURE,
  DEMO_STRUCTURE,
  generatedStructure,
  type Structure,
  type TrustKind,
} from './structure.js';

export interface TrustPlan {
  /** Position in the run, from 0. */
  index: number;
  odsCode: string;
  name: string;
  icb: { odsCode: string; name: string };
  kind: TrustKind;
  /** Headcount at 31 March of the anchor year. */
  staff: number;
  /** Multiplies every BME probability (the local population). */
  bmeFactor: number;
  /** The area it serves, for the population file, and its census population. */
  area: string;
  population: number;
  structure: Structure;
}

export const NATIONAL = { trusts: 215, staff: 1_400_000, minStaff: 1_500, maxStaff: 20_000 } as const;

const PLACE_START = [
  'Ash',
  'Brack',
  'Carr',
  'Dun',
  'Elm',
  'Fen',
  'Glen',
  'Hart',
  'Kel',
  'Lang',
  'Mar',
  'Nether',
  'Oak',
  'Pen',
  'Quin',
  'Rook',
  'Stan',
  'Thorn',
  'Ull',
  'Wen',
];
const PLACE_END = [
  'bridge',
  'field',
  'ford',
  'ham',
  'ley',
  'mouth',
  'stead',
  'ton',
  'wick',
  'worth',
  'bury',
  'dale',
];
const LETTERS = 'ABCDEFGHJKLMNOPQRSTUVWXYZ';

/** An invented place name for the nth generated trust (distinct for the first 240). */
function placeName(n: number): string {
  const i = (n * 97) % (PLACE_START.length * PLACE_END.length);
  const start = PLACE_START[i % PLACE_START.length]!;
  const end = PLACE_END[Math.floor(i / PLACE_START.length)]!;
  const name = `${start}${end}`;
  return n >= PLACE_START.length * PLACE_END.length ? `${name} ${Math.floor(n / 240) + 1}` : name;
}

/** X + a letter other than I + a letter: XAA, XAB, ... (625 codes), then XAA1... */
function generatedOds(n: number): string {
  const base = `X${LETTERS[Math.floor(n / 26) % LETTERS.length]}${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[n % 26]}`;
  return n < 26 * LETTERS.length ? base : `${base}${Math.floor(n / (26 * LETTERS.length))}`;
}

function trustName(place: string, kind: TrustKind, rng: Rng): string {
  if (kind === 'ambulance') return `${place} Ambulance Service NHS Trust`;
  if (kind === 'mental_health_community')
    return rng.pick([
      `${place} Health and Care NHS Foundation Trust`,
      `${place} Partnership NHS Foundation Trust`,
      `${place} Community and Mental Health NHS Trust`,
    ]);
  return rng.pick([
    `${place} Hospitals NHS Foundation Trust`,
    `${place} Teaching Hospitals NHS Trust`,
    `University Hospitals of ${place} NHS Foundation Trust`,
    `${place} General Hospital NHS Trust`,
  ]);
}

/** National trust sizes: log-normal quantiles, clamped to the range and rescaled to the total. */
export function nationalSizes(seed: number): number[] {
  const n = NATIONAL.trusts;
  const z = (p: number) => {
    // Acklam-free approximation of the normal quantile (Abramowitz-Stegun 26.2.23), enough for sizes.
    const q = p < 0.5 ? p : 1 - p;
    const t = Math.sqrt(-2 * Math.log(q));
    const x =
      t -
      (2.515517 + 0.802853 * t + 0.010328 * t * t) /
        (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
    return p < 0.5 ? -x : x;
  };
  let sizes = Array.from({ length: n }, (_, i) => Math.exp(0.7 * z((i + 0.5) / n)));
  for (let round = 0; round < 20; round++) {
    const total = sizes.reduce((a, b) => a + b, 0);
    sizes = sizes.map((s) =>
      Math.min(NATIONAL.maxStaff, Math.max(NATIONAL.minStaff, (s * NATIONAL.staff) / total)),
    );
  }
  const rounded = sizes.map((s) => Math.round(s / 10) * 10);
  // A seeded shuffle, so that size does not follow the order of the codes.
  const rng = Rng.for(seed, 'national', 'sizes');
  for (let i = rounded.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [rounded[i], rounded[j]] = [rounded[j]!, rounded[i]!];
  }
  return rounded;
}

export interface PlanOptions {
  seed: number;
  trusts: number;
  staff: number;
  national: boolean;
}

export function planTrusts(options: PlanOptions): TrustPlan[] {
  const count = options.national ? NATIONAL.trusts : options.trusts;
  const sizes = options.national ? nationalSizes(options.seed) : null;
  const plans: TrustPlan[] = [];
  for (let index = 0; index < count; index++) {
    const rng = Rng.for(options.seed, 'trust', index);
    const staff = sizes ? sizes[index]! : options.staff;
    if (index === 0) {
      plans.push({
        index,
        ...DEMO_TRUST,
        icb: { ...DEMO_ICB },
        kind: 'acute',
        staff,
        bmeFactor: 1,
        area: 'Demo City',
        population: 520_000,
        structure: DEMO_STRUCTURE,
      });
      continue;
    }
    if (index === 1) {
      plans.push({
        index,
        ...DEMO_SECOND_TRUST,
        icb: { ...DEMO_ICB },
        kind: 'mental_health_community',
        staff,
        bmeFactor: 0.9,
        area: 'Demo County',
        population: 780_000,
        structure: DCM_STRUCTURE,
      });
      continue;
    }
    const n = index - 2;
    const roll = rng.next();
    const kind: TrustKind = options.national
      ? roll < 0.05
        ? 'ambulance'
        : roll < 0.33
          ? 'mental_health_community'
          : 'acute'
      : roll < 0.2
        ? 'mental_health_community'
        : 'acute';
    const place = placeName(n);
    const icbNumber = Math.floor(n / 5) + 1;
    const spread = PATTERNS.ethnicity.trustSpread;
    const bmeFactor = Math.min(2.6, Math.exp(spread * rng.normal() - (spread * spread) / 2));
    plans.push({
      index,
      odsCode: generatedOds(n),
      name: trustName(place, kind, rng),
      icb: {
        odsCode: `XI${String(icbNumber).padStart(2, '0')}`,
        name: `${placeName(n - (n % 5))} Integrated Care Board`,
      },
      kind,
      staff,
      bmeFactor: Math.round(bmeFactor * 1000) / 1000,
      area: place,
      population: Math.round((staff * rng.between(55, 90)) / 100) * 100,
      structure: generatedStructure(Rng.for(options.seed, 'structure', index), kind),
    });
  }
  return plans;
}
