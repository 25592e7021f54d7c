export * from './change.js';
export * from './format.js';
export * from './intervals.js';
export * from './likelihood.js';
export * from './rate.js';
export * from './values.js';
