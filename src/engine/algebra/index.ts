export * from './characteristics.js';
export * from './context.js';
export * from './evaluate.js';
export * from './fields.js';
export * from './regroup.js';
export * from './results.js';
export { dimensionLabel } from './statistics.js';
export * from './types.js';
