/**
 * Narratives per indicator and reporting year, and the WDES 9b answer. A save is validated whole (every
 * problem listed), made from the version the editor started from (a stale one is refused as a conflict,
 * never applied over someone else's words), and written with its audit event in one transaction.
 */
import type { RecordedAnswer } from '../../engine/index.js';
import type { Clock } from '../../shared/clock.js';
import { conflict, invalidInput, type Problem } from '../../shared/errors.js';
import type { Db } from '../../storage/database.js';
import { auditRepository, type Actor } from '../audit/audit.js';
import type { Organisation } from '../organisations/organisation.js';
import {
  NARRATED_INDICATORS,
  NARRATIVE_MAX_CHARACTERS,
  RECORDED_INDICATOR,
  catalogueOrder,
  isNarrated,
  type Narrative,
} from './narrative.js';
import { narrativesRepository, type NarrativeFields } from './narratives.repository.js';

/** What an editor sends: the text, WDES 9b's answer ('yes', 'no', or null/'' for none) and the version. */
export interface NarrativeInput {
  text: string;
  answer: string | null;
  /** The version the editor opened (0 for a narrative not written yet). */
  version: number;
}

/** The engine's `recorded` input for a stored WDES 9b narrative (its answer, and its text as the example). */
export function recordedOf(stored: Narrative | null): { WDES9b?: RecordedAnswer } {
  if (!stored) return {};
  return { WDES9b: { answer: stored.answer, narrative: stored.text === '' ? null : stored.text } };
}

/** "WDES 9b" for WDES9b: how the audit trail and pages name an indicator. */
export const indicatorName = (indicator: string): string => {
  const e = NARRATED_INDICATORS.find((x) => x.id === indicator);
  return e ? `${e.standard} ${e.number}` : indicator;
};

/** Line endings as one character (a browser sends CRLF), outer blank space removed. */
const normalise = (text: string): string => text.replace(/\r\n?/g, '\n').trim();

function check(year: number, indicator: string, input: NarrativeInput): Problem[] {
  const problems: Problem[] = [];
  if (!isNarrated(indicator))
    problems.push({
      field: 'indicator',
      message: `${indicator} is not a WRES or WDES indicator: a narrative belongs to one of WRES1 to WRES9 or WDES1 to WDES10`,
    });
  if (!Number.isInteger(year) || year < 2000 || year > 2100)
    problems.push({ field: 'year', message: 'Choose a reporting year from 2000 to 2100' });
  const length = [...normalise(input.text)].length;
  if (length > NARRATIVE_MAX_CHARACTERS)
    problems.push({
      field: 'text',
      message: `The narrative must be ${NARRATIVE_MAX_CHARACTERS.toLocaleString('en-GB')} characters or fewer (it has ${length.toLocaleString('en-GB')})`,
    });
  const answer = input.answer ?? '';
  if (answer !== '' && indicator !== RECORDED_INDICATOR)
    problems.push({ field: 'answer', message: 'Only WDES 9b has a Yes or No answer' });
  else if (answer !== '' && answer !== 'yes' && answer !== 'no')
    problems.push({ field: 'answer', message: 'Choose Yes or No' });
  if (!Number.isInteger(input.version) || input.version < 0)
    problems.push({
      field: 'version',
      message: 'The form is missing the version it was opened at: reload the page',
    });
  return problems;
}

const STALE = 'Somebody else changed this narrative since you opened it. Reload the page and try again.';

export function narrativesService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const repo = narrativesRepository(db);

  return {
    /** The organisation's narratives for a reporting year, in catalogue order (WRES 1-9, WDES 1-10). */
    async list(org: Organisation, year: number): Promise<Narrative[]> {
      const all = await repo.list(org.id, year);
      return all.sort((a, b) => catalogueOrder(a.indicator) - catalogueOrder(b.indicator));
    },

    /** One indicator's narrative for a reporting year, or null when none has been written. */
    get: (org: Organisation, year: number, indicator: string): Promise<Narrative | null> =>
      repo.find(org.id, year, indicator),

    /** The WDES 9b answer and example of a year, as the engine takes them (empty when not recorded). */
    recorded: async (org: Organisation, year: number): Promise<{ WDES9b?: RecordedAnswer }> =>
      recordedOf(await repo.find(org.id, year, RECORDED_INDICATOR)),

    /**
     * Saves a narrative made from `input.version`. Throws INVALID_INPUT listing every problem, or CONFLICT
     * when someone saved it since that version (nothing is written).
     */
    async save(
      actor: Actor,
      org: Organisation,
      year: number,
      indicator: string,
      input: NarrativeInput,
    ): Promise<Narrative> {
      const problems = check(year, indicator, input);
      if (problems.length > 0) throw invalidInput('The narrative has problems', problems);
      const fields: NarrativeFields = {
        text: normalise(input.text),
        answer: input.answer === 'yes' || input.answer === 'no' ? input.answer : null,
      };
      const before = await repo.find(org.id, year, indicator);
      if ((before?.version ?? 0) !== input.version) throw conflict(STALE);
      const now = clock.now();
      const stamp = { at: now.toISOString(), byLabel: actor.label };
      const after = { text: fields.text, answer: fields.answer, version: input.version + 1 };
      const name = indicatorName(indicator);
      let saved: boolean;
      try {
        saved = await db.transaction().execute(async (tx) => {
          const r = narrativesRepository(tx);
          if (before) {
            if (!(await r.update(org.id, year, indicator, input.version, fields, stamp))) return false;
          } else await r.insert(org.id, year, indicator, fields, stamp);
          await auditRepository(tx).record(actor, now, {
            action: 'narrative.save',
            organisationId: org.id,
            entityType: 'indicator_narrative',
            entityId: `${year}:${indicator}`,
            summary: `${before ? 'Changed' : 'Wrote'} the ${year} narrative for ${name}${
              fields.answer ? ` (answer: ${fields.answer === 'yes' ? 'Yes' : 'No'})` : ''
            }`,
            before: before
              ? { text: before.text, answer: before.answer, version: before.version }
              : undefined,
            after,
          });
          return true;
        });
      } catch (error) {
        // Two first saves at once: the unique key refuses the second, which is a stale edit like any other.
        if (!before && (await repo.find(org.id, year, indicator))) throw conflict(STALE);
        throw error;
      }
      if (!saved) throw conflict(STALE);
      return (await repo.find(org.id, year, indicator))!;
    },
  };
}

export type NarrativesService = ReturnType<typeof narrativesService>;
