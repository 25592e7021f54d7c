/**
 * Shipped local metrics for the recruitment KPIs of trust action plans (shared/seeds): the make-up of
 * interview panels for posts at Band 8a and above ("BME representation on senior level recruitment (8a and
 * above) through interview panel representation", "all interview panels must have at least 1 trained
 * representative", independent members) and of their members ("compliance with panel members attending
 * recruitment & selection training", "numbers and areas of non-compliance"), internal applicants' appointment rates ("support for internal
 * applicants"), and bank workers moving into substantive posts ("recruiting from the Trust bank staff into
 * the substantive workforce"). Each is plain JSON in the metric algebra, like the Culture Dashboard's.
 */
import type { Condition, PopulationSpec } from '../../algebra/types.js';
import type { LocalMetricDefinition } from '../types.js';

/** Agenda for Change Band 8a and above, and very senior managers. */
export const BAND_8A_AND_ABOVE = ['AFC_8A', 'AFC_8B', 'AFC_8C', 'AFC_8D', 'AFC_9', 'VSM'];

/** Interview panels for posts at Band 8a and above, interviewing in the financial year. */
const seniorPanels: PopulationSpec = {
  dataset: 'panels',
  where: [{ field: 'grade', op: 'in', value: BAND_8A_AND_ABOVE }],
  at: { type: 'financialYear', dateField: 'interviewDate' },
};

function panelShare(slug: string, what: string, flag: string, detail: string): LocalMetricDefinition {
  const outcome: Condition = { field: flag, op: 'eq', value: true };
  return {
    id: `panels-8a-${slug}-member`,
    title: `Band 8a and above interview panels with ${what}`,
    description: `Interview panels in the financial year for posts at Band 8a and above (AfC 8a to 9 and VSM), and the share with at least one member ${detail}, by care group.`,
    source: 'Recruitment system interview panels',
    tags: ['WRES 1', 'WRES 2'],
    population: seniorPanels,
    characteristic: 'none',
    outcome: { type: 'condition', where: [outcome] },
    statistic: { type: 'rate' },
    breakdown: ['careGroup'],
    adverseDirection: 'HIGHER_IS_BETTER',
  };
}

/** Seats on interview panels for posts at Band 8a and above, interviewing in the financial year. */
const seniorPanelSeats: PopulationSpec = { ...seniorPanels, dataset: 'panelMembers' };

function panelSeatShare(slug: string, what: string, flag: string, detail: string): LocalMetricDefinition {
  return {
    id: `panel-members-8a-${slug}`,
    title: `Band 8a and above interview panel members ${what}`,
    description: `Seats on interview panels in the financial year for posts at Band 8a and above (AfC 8a to 9 and VSM), one for each member of each panel, and the share ${detail}, by the care group recruiting.`,
    source: 'Recruitment system interview panels',
    tags: ['WRES 1', 'WRES 2'],
    population: seniorPanelSeats,
    characteristic: 'none',
    outcome: { type: 'condition', where: [{ field: flag, op: 'eq', value: true }] },
    statistic: { type: 'rate' },
    breakdown: ['careGroup'],
    adverseDirection: 'HIGHER_IS_BETTER',
  };
}

/** Internal applications in the financial year (by application date). */
const internalApplications: PopulationSpec = {
  dataset: 'recruitment',
  where: [{ field: 'internal', op: 'eq', value: true }],
  at: { type: 'financialYear', dateField: 'applicationDate' },
};

export const RECRUITMENT_PANEL_EXAMPLES: readonly LocalMetricDefinition[] = [
  panelShare(
    'trained',
    'a member trained in recruitment and selection',
    'hasTrainedMember',
    'who had completed recruitment and selection training by the interview date (and, where the trust sets how many years the training stays current, within them)',
  ),
  panelShare(
    'independent',
    'an independent member',
    'hasIndependentMember',
    'from outside the department or care group recruiting',
  ),
  panelShare(
    'ethnic-minority',
    'an ethnic minority member',
    'hasEthnicMinorityMember',
    'from a Black or minority ethnic background (their own record on the panel, else ESR)',
  ),
  panelSeatShare(
    'trained',
    'trained in recruitment and selection',
    'trainedAtInterview',
    'held by members who had completed recruitment and selection training by the interview (and, where the trust sets how many years the training stays current, within them): the compliance of panel members, and where it falls short',
  ),
  panelSeatShare(
    'ethnic-minority',
    'from an ethnic minority',
    'ethnicMinority',
    'held by members from a Black or minority ethnic background (their own record on the panel, else ESR)',
  ),
  {
    id: 'internal-applicants-appointed-by-ethnicity',
    title: 'Internal applicants appointed, by ethnicity',
    description:
      'Applications in the financial year from people already working for the trust (the recruitment system’s internal flag) and whether they were appointed, by ethnicity and care group.',
    source: 'Recruitment system',
    tags: ['WRES 2'],
    population: internalApplications,
    characteristic: 'wres',
    outcome: { type: 'condition', where: [{ field: 'appointed', op: 'eq', value: true }] },
    statistic: { type: 'relativeLikelihood', outcomeIs: 'favourable' },
    breakdown: ['careGroup'],
    adverseDirection: 'TOWARDS_PARITY',
  },
  {
    id: 'internal-applicants-appointed-by-disability',
    title: 'Internal applicants appointed, by disability',
    description:
      'Applications in the financial year from people already working for the trust and whether they were appointed, by disability.',
    source: 'Recruitment system',
    tags: ['WDES 2'],
    population: internalApplications,
    characteristic: 'wdes',
    outcome: { type: 'condition', where: [{ field: 'appointed', op: 'eq', value: true }] },
    statistic: { type: 'relativeLikelihood', outcomeIs: 'favourable' },
    adverseDirection: 'TOWARDS_PARITY',
  },
  {
    id: 'bank-to-substantive-by-ethnicity',
    title: 'Bank workers moving into substantive posts, by ethnicity',
    description:
      'Bank-only workers at 31 March of the year before who hold a substantive (not bank-only) post at 31 March, by ethnicity: read from two staff-in-post snapshots, so a move and a departure within the same year are not seen.',
    source: 'ESR staff in post (two snapshots)',
    tags: ['WRES 1', 'Bank WRES'],
    population: {
      dataset: 'workforce',
      where: [{ field: 'bankOnly', op: 'eq', value: true }],
      at: { type: 'snapshot', yearOffset: -1 },
    },
    characteristic: 'wres',
    outcome: {
      type: 'linked',
      dataset: 'workforce',
      where: [{ field: 'bankOnly', op: 'eq', value: false }],
      at: { type: 'snapshot' },
    },
    statistic: { type: 'relativeLikelihood', outcomeIs: 'favourable' },
    adverseDirection: 'TOWARDS_PARITY',
    periods: ['year'],
  },
];
