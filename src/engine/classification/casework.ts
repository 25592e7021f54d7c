/** Employee-relations case types (standards.md §4, §5): what WRES 3 and WDES 3 count, and what local metrics use. */
import { closest, normaliseLabel, type Parsed } from './text.js';

export const CASE_TYPES = {
  disciplinary: 'Disciplinary',
  capability_performance: 'Capability (performance)',
  capability_ill_health: 'Capability (ill health)',
  grievance: 'Grievance',
  dignity_at_work: 'Dignity at work (bullying and harassment)',
  other: 'Other',
} as const;
export type CaseType = keyof typeof CASE_TYPES;

const SYNONYMS: Readonly<Record<string, CaseType>> = (() => {
  const table: Record<string, CaseType> = {};
  const add = (code: CaseType, ...labels: string[]) => {
    for (const l of labels) table[normaliseLabel(l)] = code;
  };
  for (const [code, label] of Object.entries(CASE_TYPES)) add(code as CaseType, label, code);
  add(
    'disciplinary',
    'Conduct',
    'Misconduct',
    'Disciplinary investigation',
    'Disciplinary hearing',
    'Gross misconduct',
  );
  add(
    'capability_performance',
    'Capability',
    'Performance',
    'Capability - performance',
    'Performance capability',
    'Capability performance',
    'Capability - Performance (Conduct)',
  );
  add(
    'capability_ill_health',
    'Ill health',
    'Capability - ill health',
    'Ill health capability',
    'Sickness',
    'Sickness absence',
    'Attendance',
    'Capability - sickness',
  );
  add('grievance', 'Grievances', 'Collective grievance');
  add(
    'dignity_at_work',
    'Dignity and respect',
    'Dignity at work',
    'Bullying and harassment',
    'Bullying',
    'Harassment',
    'Bullying & harassment',
    'Dignity & respect',
    'B&H',
  );
  return table;
})();

export function parseCaseType(raw: string | null | undefined): Parsed<CaseType> {
  const code = SYNONYMS[normaliseLabel(raw ?? '')];
  if (code) return { ok: true, value: code };
  return { ok: false, suggestions: closest(raw ?? '', Object.values(CASE_TYPES)) };
}
