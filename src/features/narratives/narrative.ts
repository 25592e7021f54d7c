/**
 * The analyst's narrative for one national indicator and reporting year: what the figure means for the
 * organisation and what it is doing about it, printed under the indicator in the annual report. WDES 9b
 * ("has the trust taken action to facilitate the voices of Disabled staff to be heard?") is the one
 * indicator that is an answer, not a figure: its narrative is the example the standard asks for and its
 * Yes/No answer is kept beside it, so the engine can report both as given.
 */
import { nationalCatalogue, resolveSettings, type CatalogueEntry } from '../../engine/index.js';

export type NarrativeAnswer = 'yes' | 'no';

export interface Narrative {
  /** A WRES or WDES id from the engine's catalogue: WRES2, WDES9b, ... */
  indicator: string;
  /** The reporting year N (staff in post at 31 March N). */
  year: number;
  text: string;
  /** WDES 9b's answer; always null for other indicators, and for 9b until it is answered. */
  answer: NarrativeAnswer | null;
  /** Raised by every save; 0 for a narrative not written yet (what a first save starts from). */
  version: number;
  updatedAt: string;
  updatedByLabel: string;
}

/** The one indicator whose narrative carries an answer (the engine's `recorded` entry). */
export const RECORDED_INDICATOR = 'WDES9b';

/** How long a narrative may be: a few paragraphs under one indicator of a report, not a document. */
export const NARRATIVE_MAX_CHARACTERS = 10_000;

/**
 * The WRES and WDES entries of the catalogue, in its order (WRES 1-9, then WDES 1-10). The ids do not
 * depend on the settings in force, so the defaults are enough to list them. Pay gaps and local metrics
 * have no narrative of their own in the annual report.
 */
export const NARRATED_INDICATORS: readonly CatalogueEntry[] = nationalCatalogue(
  resolveSettings({}).settings,
).filter((e) => e.standard === 'WRES' || e.standard === 'WDES');

/** Whether an indicator id takes a narrative (exact id, as the catalogue spells it). */
export const isNarrated = (indicator: string): boolean => NARRATED_INDICATORS.some((e) => e.id === indicator);

/** An indicator's place in the catalogue, for listing narratives in report order. */
export const catalogueOrder = (indicator: string): number =>
  NARRATED_INDICATORS.findIndex((e) => e.id === indicator);

/**
 * A narrative's paragraphs (split at blank lines), each as its lines: how a page or a report keeps the
 * writer's layout while every line is still escaped as plain text (a narrative is never markup).
 *
 * Example: paragraphsOf('One\ntwo\n\nThree') -> [['One', 'two'], ['Three']]
 */
export function paragraphsOf(text: string): string[][] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((p) =>
      p
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== ''),
    )
    .filter((lines) => lines.length > 0);
}
