export { CULTURE_DASHBOARD_EXAMPLES } from './examples/culture-dashboard.js';
export { periodsOf, toMonth } from './periods.js';
export * from './types.js';
export { validateLocalMetric } from './validate.js';
