/**
 * How a view protects what it shows: in the publication view, the disclosure rule for counts (whose
 * counts the disclosure ledger holds, disclosure.ts and tables.ts) and the threshold below which an
 * average of people is withheld; in the analysts' full view, nothing.
 */
import { disclosureRule, type DisclosureRule, type EngineSettings } from '../../engine/index.js';

export interface Protection {
  /** False for analysts' full view: nothing is withheld or rounded. */
  suppress: boolean;
  rule: DisclosureRule;
  /** Averages of this many people or fewer are withheld in the publication view. */
  threshold: number;
}

export function protectionFor(s: EngineSettings, suppress: boolean): Protection {
  return {
    suppress,
    rule: disclosureRule(s, suppress),
    threshold: s['suppression.primaryThreshold'],
  };
}
