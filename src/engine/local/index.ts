export { CULTURE_DASHBOARD_EXAMPLES } from './examples/culture-dashboard.js';
export { narrowYear, periodsOf, toMonth, toQuarter, type YearPart } from './periods.js';
export * from './types.js';
export { validateLocalMetric } from './validate.js';
