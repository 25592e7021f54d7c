/**
 * Shipped local metrics mirroring the "Culture Dashboard" KPIs of trust action plans (shared/seeds):
 * appraisal compliance (over the year, and month by month), promotion after a development programme,
 * mentoring participants, dignity-at-work cases, violence and abuse against staff, disciplinary cases by
 * care group, leavers, non-mandatory training by disability, shortlisting, grievances, senior
 * representation and quarterly appointments; and the recruitment KPIs of recruitment-panels.ts (interview
 * panels, internal applicants, bank-to-substantive moves).
 * Each is plain JSON in the metric algebra; trusts copy and adapt them.
 */
import type { PopulationSpec } from '../../algebra/types.js';
import type { LocalMetricDefinition } from '../types.js';
import { RECRUITMENT_PANEL_EXAMPLES } from './recruitment-panels.js';

/** Staff in post at 31 March, as WRES counts them: no bank-only staff, no non-executive directors. */
const staffInPost: PopulationSpec = {
  dataset: 'workforce',
  where: [
    { field: 'bankOnly', op: 'eq', value: false },
    { field: 'grade', op: 'ne', value: 'NON_EXEC' },
  ],
  at: { type: 'snapshot' },
};

export const CULTURE_DASHBOARD_EXAMPLES: readonly LocalMetricDefinition[] = [
  {
    id: 'appraisal-compliance-by-ethnicity',
    title: 'Appraisal compliance by ethnicity',
    description:
      'Staff in post at 31 March with a completed appraisal in the 12 months to that date, by ethnicity and care group.',
    source: 'ESR appraisal records',
    tags: ['WRES 2', 'WRES 4'],
    population: staffInPost,
    characteristic: 'wres',
    outcome: {
      type: 'linked',
      dataset: 'appraisals',
      where: [{ field: 'status', op: 'eq', value: 'completed' }],
      at: { type: 'monthsToSnapshot', months: 12, dateField: 'date' },
    },
    statistic: { type: 'relativeLikelihood', outcomeIs: 'favourable' },
    breakdown: ['careGroup'],
    adverseDirection: 'TOWARDS_PARITY',
  },
  {
    id: 'appraisals-completed-when-due',
    title: 'Appraisals completed when due, by ethnicity',
    description:
      'Appraisals falling due in the period (by appraisal date; exempt staff left out) and the share completed, by ethnicity and care group: appraisal compliance as the workforce dashboard reports it each month, and by quarter and year.',
    source: 'ESR appraisal records',
    tags: ['WRES 4'],
    population: {
      dataset: 'appraisals',
      where: [{ field: 'status', op: 'ne', value: 'exempt' }],
      at: { type: 'financialYear', dateField: 'date' },
      unit: 'records',
    },
    characteristic: 'wres',
    outcome: { type: 'condition', where: [{ field: 'status', op: 'eq', value: 'completed' }] },
    statistic: { type: 'rate' },
    breakdown: ['careGroup'],
    adverseDirection: 'HIGHER_IS_BETTER',
    periods: ['year', 'quarter', 'month'],
  },
  {
    id: 'promotion-after-development-programme',
    title: 'Promotion within the year of programme participants, by ethnicity',
    description:
      'People who took part in a development programme (Scope for Growth, reciprocal mentoring, leadership) in the financial year, and whether they were promoted in it.',
    source: 'Learning records and ESR movements',
    tags: ['WRES 1', 'WRES 7'],
    population: {
      dataset: 'learning',
      where: [{ field: 'kind', op: 'eq', value: 'programme' }],
      at: { type: 'financialYear', dateField: 'startDate' },
    },
    characteristic: 'wres',
    outcome: {
      type: 'linked',
      dataset: 'movements',
      where: [{ field: 'type', op: 'eq', value: 'promotion' }],
      at: { type: 'financialYear', dateField: 'date' },
    },
    statistic: { type: 'relativeLikelihood', outcomeIs: 'favourable' },
    adverseDirection: 'TOWARDS_PARITY',
  },
  {
    id: 'mentoring-participants-by-ethnicity',
    title: 'Reciprocal mentoring participants by ethnicity',
    description:
      'Profile of participants in mentoring schemes in the financial year, by ethnicity and staff group.',
    source: 'Learning records',
    tags: ['WRES 1', 'WRES 4'],
    population: {
      dataset: 'learning',
      where: [{ field: 'activity', op: 'contains', value: 'mentoring' }],
      at: { type: 'financialYear', dateField: 'startDate' },
    },
    characteristic: 'wres',
    statistic: { type: 'distribution' },
    breakdown: ['staffGroup'],
  },
  {
    id: 'dignity-at-work-cases-by-ethnicity',
    title: 'Formal dignity at work (bullying and harassment) cases by ethnicity',
    description:
      'Staff raising or subject to formal dignity at work cases in the financial year, per head of workforce at 31 March.',
    source: 'Employee-relations case log',
    tags: ['WRES 6'],
    population: staffInPost,
    characteristic: 'wres',
    outcome: {
      type: 'events',
      count: 'people',
      population: {
        dataset: 'cases',
        where: [
          { field: 'caseType', op: 'eq', value: 'dignity_at_work' },
          { field: 'formal', op: 'eq', value: true },
        ],
        at: { type: 'financialYear', dateField: 'startDate' },
      },
    },
    statistic: { type: 'relativeLikelihood', outcomeIs: 'unfavourable' },
    adverseDirection: 'TOWARDS_PARITY',
  },
  {
    id: 'violence-abuse-incidents-by-ethnicity',
    title:
      'Incidents of violence and abuse against staff from patients and the public, by ethnicity of the staff member',
    description:
      'Incidents in the financial year per 100 staff in post at 31 March, by the ethnicity of the member of staff affected.',
    source: 'Incident reporting system',
    tags: ['WRES 5'],
    population: staffInPost,
    characteristic: 'wres',
    outcome: {
      type: 'events',
      count: 'records',
      population: {
        dataset: 'incidents',
        where: [{ field: 'source', op: 'eq', value: 'patient_public' }],
        at: { type: 'financialYear', dateField: 'date' },
      },
    },
    // Incidents, not people: one member of staff may report several, so this is a rate per head, not a share.
    statistic: { type: 'rate', unit: { per: 100, of: 'staff' } },
    breakdown: ['careGroup'],
    adverseDirection: 'LOWER_IS_BETTER',
  },
  {
    id: 'formal-disciplinary-by-care-group',
    title: 'Formal disciplinary cases by ethnicity and care group',
    description:
      'WRES 3 for one year, by care group: staff entering a formal disciplinary investigation per head of staff in post.',
    source: 'Employee-relations case log',
    tags: ['WRES 3'],
    population: staffInPost,
    characteristic: 'wres',
    outcome: {
      type: 'events',
      count: 'people',
      population: {
        dataset: 'cases',
        where: [
          { field: 'caseType', op: 'eq', value: 'disciplinary' },
          { field: 'formal', op: 'eq', value: true },
        ],
        at: { type: 'financialYear', dateField: 'startDate' },
      },
    },
    statistic: { type: 'relativeLikelihood', outcomeIs: 'unfavourable' },
    breakdown: ['careGroup'],
    adverseDirection: 'TOWARDS_PARITY',
  },
  {
    id: 'leavers-by-ethnicity',
    title: 'Leavers in the year by ethnicity (turnover)',
    description: 'Staff in post at the start of the financial year (31 March before) who left during it.',
    source: 'ESR movements',
    tags: ['WRES 1'],
    population: { ...staffInPost, at: { type: 'snapshot', yearOffset: -1 } },
    characteristic: 'wres',
    outcome: {
      type: 'linked',
      dataset: 'movements',
      where: [{ field: 'type', op: 'eq', value: 'leaver' }],
      at: { type: 'financialYear', dateField: 'date' },
    },
    statistic: { type: 'relativeLikelihood', outcomeIs: 'unfavourable' },
    breakdown: ['staffGroup'],
    adverseDirection: 'TOWARDS_PARITY',
  },
  {
    id: 'non-mandatory-training-by-disability',
    title: 'Non-mandatory training and CPD uptake by disability',
    description:
      'WRES 4 for disability: staff in post at 31 March with non-mandatory training or CPD starting in the financial year.',
    source: 'Learning records',
    tags: ['WDES'],
    population: staffInPost,
    characteristic: 'wdes',
    outcome: {
      type: 'linked',
      dataset: 'learning',
      where: [{ field: 'kind', op: 'in', value: ['non_mandatory_training', 'cpd'] }],
      at: { type: 'financialYear', dateField: 'startDate' },
    },
    statistic: { type: 'relativeLikelihood', outcomeIs: 'favourable' },
    adverseDirection: 'TOWARDS_PARITY',
  },
  {
    id: 'shortlisting-by-ethnicity',
    title: 'Likelihood of being shortlisted by ethnicity',
    description:
      'Applications in the financial year (by application date) and whether they were shortlisted.',
    source: 'Recruitment system',
    tags: ['WRES 2'],
    population: { dataset: 'recruitment', at: { type: 'financialYear', dateField: 'applicationDate' } },
    characteristic: 'wres',
    outcome: { type: 'condition', where: [{ field: 'shortlisted', op: 'eq', value: true }] },
    statistic: { type: 'relativeLikelihood', outcomeIs: 'favourable' },
    breakdown: ['careGroup'],
    adverseDirection: 'TOWARDS_PARITY',
  },
  {
    id: 'grievances-by-ethnicity',
    title: 'Formal grievances by ethnicity',
    description:
      'Quarterly demographic monitoring of grievances: staff raising a formal grievance in the financial year per head of workforce.',
    source: 'Employee-relations case log',
    tags: ['WRES 6', 'WRES 8'],
    population: staffInPost,
    characteristic: 'wres',
    outcome: {
      type: 'events',
      count: 'people',
      population: {
        dataset: 'cases',
        where: [
          { field: 'caseType', op: 'eq', value: 'grievance' },
          { field: 'formal', op: 'eq', value: true },
        ],
        at: { type: 'financialYear', dateField: 'startDate' },
      },
    },
    statistic: { type: 'rate' },
    adverseDirection: 'NONE',
  },
  {
    id: 'senior-leadership-representation',
    title: 'Ethnic minority representation at Band 8c and above',
    description:
      'EDI improvement plan high impact action 2d: BME % of staff at Band 8c to 9 and VSM minus BME % of the whole workforce.',
    source: 'ESR',
    tags: ['WRES 1', 'HIA 2d'],
    population: {
      dataset: 'workforce',
      where: [
        { field: 'bankOnly', op: 'eq', value: false },
        { field: 'grade', op: 'in', value: ['AFC_8C', 'AFC_8D', 'AFC_9', 'VSM'] },
      ],
      at: { type: 'snapshot' },
    },
    characteristic: 'wres',
    statistic: { type: 'representationDifference', group: 'BME', comparison: staffInPost },
    adverseDirection: 'TOWARDS_ZERO',
  },
  {
    id: 'appointments-quarter-4-by-ethnicity',
    title: 'Appointed from shortlisting in the last quarter, by ethnicity and care group',
    description:
      'The quarterly Culture Dashboard view of WRES 2: applicants shortlisted in Q4 (January to March) and whether they were appointed.',
    source: 'Recruitment system',
    tags: ['WRES 2'],
    population: {
      dataset: 'recruitment',
      where: [{ field: 'shortlisted', op: 'eq', value: true }],
      at: { type: 'quarter', quarter: 4, dateField: ['shortlistedDate', 'applicationDate'] },
    },
    characteristic: 'wres',
    outcome: { type: 'condition', where: [{ field: 'appointed', op: 'eq', value: true }] },
    statistic: { type: 'relativeLikelihood', outcomeIs: 'favourable' },
    breakdown: ['careGroup'],
    adverseDirection: 'TOWARDS_PARITY',
  },
  // Interview panels, internal applicants and bank-to-substantive moves (recruitment-panels.ts).
  ...RECRUITMENT_PANEL_EXAMPLES,
];
