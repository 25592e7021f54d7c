/**
 * The dashboard's colours, from the NHS identity palette, chosen so that the two groups every chart
 * compares stay apart for readers with any common colour-vision deficiency: NHS Blue against NHS Warm
 * Yellow (blue and yellow survive protanopia and deuteranopia; under tritanopia they still differ in
 * lightness), with NHS Dark Grey for totals and a pale grey for unknown. Colour is never the only cue:
 * every series also has its own point shape and line dash, and bars carry their values as labels.
 */

export const NHS = {
  blue: '#005EB8',
  darkBlue: '#003087',
  lightBlue: '#41B6E6',
  warmYellow: '#FFB81C',
  darkGrey: '#425563',
  midGrey: '#768692',
  paleGrey: '#E8EDEE',
  text: '#212B32',
  secondaryText: '#4C6272',
  border: '#D8DDE0',
  white: '#FFFFFF',
} as const;

export interface SeriesStyle {
  colour: string;
  /** The outline of filled marks: light fills get a dark edge so they keep 3:1 contrast with the page. */
  stroke: string;
  shape: string;
  dash: number[];
}

/** The protected group (BME, Disabled) in blue; the reference group (White, non-disabled) in yellow. */
const GROUP_STYLES: Readonly<Record<string, SeriesStyle>> = {
  BME: { colour: NHS.blue, stroke: NHS.darkBlue, shape: 'circle', dash: [] },
  DISABLED: { colour: NHS.blue, stroke: NHS.darkBlue, shape: 'circle', dash: [] },
  ETHNIC_MINORITY: { colour: NHS.blue, stroke: NHS.darkBlue, shape: 'circle', dash: [] },
  F: { colour: NHS.blue, stroke: NHS.darkBlue, shape: 'circle', dash: [] },
  WHITE: { colour: NHS.warmYellow, stroke: NHS.darkGrey, shape: 'square', dash: [6, 3] },
  NON_DISABLED: { colour: NHS.warmYellow, stroke: NHS.darkGrey, shape: 'square', dash: [6, 3] },
  WHITE_BRITISH: { colour: NHS.warmYellow, stroke: NHS.darkGrey, shape: 'square', dash: [6, 3] },
  M: { colour: NHS.warmYellow, stroke: NHS.darkGrey, shape: 'square', dash: [6, 3] },
  UNKNOWN: { colour: NHS.paleGrey, stroke: NHS.darkGrey, shape: 'triangle-up', dash: [2, 2] },
  ALL: { colour: NHS.darkGrey, stroke: NHS.darkGrey, shape: 'diamond', dash: [8, 2, 2, 2] },
};

/** For series that are not groups (stages, years, measures): distinct in hue, lightness, shape and dash. */
const GENERIC: readonly SeriesStyle[] = [
  { colour: NHS.blue, stroke: NHS.darkBlue, shape: 'circle', dash: [] },
  { colour: NHS.warmYellow, stroke: NHS.darkGrey, shape: 'square', dash: [6, 3] },
  { colour: NHS.darkGrey, stroke: NHS.darkGrey, shape: 'diamond', dash: [2, 2] },
  { colour: NHS.lightBlue, stroke: NHS.darkBlue, shape: 'triangle-up', dash: [8, 2, 2, 2] },
  { colour: NHS.darkBlue, stroke: NHS.darkBlue, shape: 'cross', dash: [1, 3] },
  { colour: NHS.midGrey, stroke: NHS.darkGrey, shape: 'triangle-down', dash: [10, 4] },
];

/** Periods in order, oldest lightest: a sequential scale reads correctly without any hue at all. */
const SEQUENTIAL = [NHS.paleGrey, NHS.lightBlue, NHS.blue, NHS.darkBlue];

export function seriesStyles(keys: readonly string[]): SeriesStyle[] {
  let next = 0;
  return keys.map((k) => GROUP_STYLES[k] ?? GENERIC[next++ % GENERIC.length]!);
}

export function sequentialColours(n: number): string[] {
  if (n <= SEQUENTIAL.length) return SEQUENTIAL.slice(SEQUENTIAL.length - n);
  return Array.from({ length: n }, (_, i) => SEQUENTIAL[Math.min(SEQUENTIAL.length - 1, i)]!);
}
