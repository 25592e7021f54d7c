export * from './casework.js';
export * from './disability.js';
export * from './ethnicity.js';
export * from './grades.js';
export * from './sex.js';
export * from './staff.js';
export * from './text.js';
export * from './protected.js';
