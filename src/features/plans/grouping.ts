/**
 * The ways a plan is read: by indicator (an action linked to three indicators appears under each), by
 * theme, by lead and by RAG status, with filters and the count of actions per RAG status per indicator.
 * Pure: the same grouping feeds the pages and every export.
 */
import { RAG_STATUSES, type Action, type RagStatus } from './plan.js';
import {
  describeReference,
  groupOf,
  GROUP_TITLES,
  referenceOrder,
  referenceText,
  type IndicatorReference,
} from './references.js';

export interface Group {
  key: string;
  title: string;
  reference: IndicatorReference | null;
  actions: Action[];
}

export const VIEWS = ['indicator', 'theme', 'lead', 'rag'] as const;
export type PlanView = (typeof VIEWS)[number];

export const NOT_LINKED = 'Not linked to an indicator';

export function groupByIndicator(
  actions: readonly Action[],
  catalogue: readonly IndicatorReference[],
): Group[] {
  const order = referenceOrder(catalogue);
  const ids = [...new Set(actions.flatMap((a) => a.indicators))].sort(
    (a, b) => order(a) - order(b) || a.localeCompare(b),
  );
  const groups: Group[] = ids.map((id) => {
    const reference = describeReference(id, catalogue);
    return {
      key: id,
      title: referenceText(reference),
      reference,
      actions: actions.filter((a) => a.indicators.includes(id)),
    };
  });
  const unlinked = actions.filter((a) => a.indicators.length === 0);
  if (unlinked.length > 0)
    groups.push({ key: 'none', title: NOT_LINKED, reference: null, actions: unlinked });
  return groups;
}

export function groupByTheme(actions: readonly Action[]): Group[] {
  const themes = [...new Set(actions.map((a) => a.theme ?? ''))].sort((a, b) =>
    a === '' ? 1 : b === '' ? -1 : a.localeCompare(b, 'en-GB'),
  );
  return themes.map((t) => ({
    key: t || 'none',
    title: t || 'No theme',
    reference: null,
    actions: actions.filter((a) => (a.theme ?? '') === t),
  }));
}

export function groupByLead(actions: readonly Action[]): Group[] {
  const names = [...new Set(actions.flatMap((a) => a.leads.map((l) => l.name)))].sort((a, b) =>
    a.localeCompare(b, 'en-GB'),
  );
  const groups = names.map((n) => ({
    key: n,
    title: n,
    reference: null,
    actions: actions.filter((a) => a.leads.some((l) => l.name === n)),
  }));
  const none = actions.filter((a) => a.leads.length === 0);
  if (none.length > 0) groups.push({ key: 'none', title: 'No lead named', reference: null, actions: none });
  return groups;
}

export function groupByRag(actions: readonly Action[], labels: Readonly<Record<RagStatus, string>>): Group[] {
  const groups: Group[] = RAG_STATUSES.map((s) => ({
    key: s,
    title: labels[s],
    reference: null,
    actions: actions.filter((a) => a.rag === s),
  }));
  groups.push({
    key: 'none',
    title: 'Not rated yet',
    reference: null,
    actions: actions.filter((a) => a.rag === null),
  });
  return groups.filter((g) => g.actions.length > 0);
}

export interface Filters {
  rag: string;
  status: string;
  lead: string;
  indicator: string;
  q: string;
}

export function applyFilters(actions: readonly Action[], f: Filters): Action[] {
  const q = f.q.trim().toLowerCase();
  return actions.filter(
    (a) =>
      (f.rag === '' || (f.rag === 'none' ? a.rag === null : a.rag === f.rag)) &&
      (f.status === '' || a.status === f.status) &&
      (f.lead === '' || a.leads.some((l) => l.name === f.lead)) &&
      (f.indicator === '' ||
        a.indicators.some(
          (i) => i === f.indicator || (f.indicator in GROUP_TITLES && groupOf(i) === f.indicator),
        )) &&
      (q === '' ||
        [a.text, a.kpiText, a.outcome, a.aim, a.theme ?? '', ...a.leads.map((l) => l.name), `a${a.ref}`]
          .join(' ')
          .toLowerCase()
          .includes(q)),
  );
}

/** Per indicator, how many of its actions are at each RAG status (and not rated). */
export function ragCountsByIndicator(
  actions: readonly Action[],
  catalogue: readonly IndicatorReference[],
): { reference: IndicatorReference; counts: Record<RagStatus | 'none', number>; total: number }[] {
  return groupByIndicator(actions, catalogue)
    .filter((g) => g.reference !== null)
    .map((g) => {
      const counts = { on_track: 0, slippage: 0, critical: 0, complete: 0, none: 0 };
      for (const a of g.actions) counts[a.rag ?? 'none']++;
      return { reference: g.reference!, counts, total: g.actions.length };
    });
}
