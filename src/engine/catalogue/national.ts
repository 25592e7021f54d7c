import type { EngineSettings } from '../settings.js';
import { bankWresCatalogue } from './bank-wres.js';
import { mwresCatalogue } from './mwres.js';
import { payGapCatalogue } from './paygap.js';
import type { CatalogueEntry } from './types.js';
import { wdesCatalogue } from './wdes.js';
import { wresCatalogue } from './wres.js';

/**
 * The national catalogue for the settings in force: WRES 1-9, WDES 1-10, the Bank WRES and the MWRES, then
 * the pay gaps.
 */
export function nationalCatalogue(settings: EngineSettings): CatalogueEntry[] {
  return [
    ...wresCatalogue(settings),
    ...wdesCatalogue(settings),
    ...bankWresCatalogue(settings),
    ...mwresCatalogue(settings),
    ...payGapCatalogue(settings),
  ];
}
