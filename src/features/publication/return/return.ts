/**
 * The national return of an organisation's year, from the loaded data: computed as `parity compute` does
 * (the whole organisation, every indicator), in the full view (exact counts, for NHS England only) or the
 * publication view (counts from the organisation's disclosure ledger, the one every page shares, so the
 * file can be put beside the pages to no more effect than they can).
 */
import { describePeriodProblem, type PartLookup } from '../../../engine/index.js';
import type { Clock } from '../../../shared/clock.js';
import { invalidInput } from '../../../shared/errors.js';
import type { IndicatorsService } from '../../indicators/indicators.service.js';
import type { Organisation } from '../../organisations/organisation.js';
import type { Difference } from './compare.js';
import type { ReturnView } from './figures.js';
import type { ReturnInput } from './model.js';

export interface ReturnDeps {
  clock: Clock;
  indicators: Pick<IndicatorsService, 'compute'>;
  dashboard: {
    publicationLookup(org: Organisation, year: number, scope: 'all'): Promise<PartLookup>;
  };
}

/** What the writer and the comparison need: the year's results, its layout and where counts come from. */
export async function returnInput(
  deps: ReturnDeps,
  org: Organisation,
  year: number,
  view: ReturnView,
): Promise<ReturnInput> {
  // The layouts are checked with zod, loaded only when a return is made (it is most of the bundle's size).
  const { templateFor } = await import('./template.js');
  const template = templateFor(year);
  const results = await deps.indicators.compute(org, year, 'all');
  // A year without its own staff-in-post snapshot is refused: its figures would be empty or another year's.
  if (results.periodProblem)
    throw invalidInput(describePeriodProblem(results.periodProblem, `${org.name} (${org.odsCode})`), [
      {
        field: '--year',
        message:
          results.periodProblem.snapshotYears.length > 0
            ? `choose ${results.periodProblem.snapshotYears.join(', ')}`
            : 'load a staff-in-post snapshot at 31 March first (parity import)',
      },
    ]);
  const lookup = view === 'publication' ? await deps.dashboard.publicationLookup(org, year, 'all') : null;
  return {
    organisation: { name: org.name, odsCode: org.odsCode },
    year,
    results,
    view,
    lookup,
    template,
    generatedAt: deps.clock.now(),
  };
}

/** The return as an XLSX file. */
export async function makeReturn(
  deps: ReturnDeps,
  org: Organisation,
  year: number,
  view: ReturnView,
): Promise<Buffer> {
  // The spreadsheet library loads with the first return, not when the program starts.
  const { buildReturn } = await import('./workbook.js');
  return buildReturn(await returnInput(deps, org, year, view));
}

/** Every figure of NHS England's pre-populated file that differs from Parity's for the same year. */
export async function compareWithPrefilled(
  deps: ReturnDeps,
  org: Organisation,
  year: number,
  view: ReturnView,
  prefilled: { buffer: Buffer; fileName: string },
): Promise<Difference[]> {
  const { compareReturn } = await import('./compare.js');
  return compareReturn(prefilled.buffer, await returnInput(deps, org, year, view), prefilled.fileName);
}
