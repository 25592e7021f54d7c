// Parity's own lint rules, as one ESLint plugin (`parity/...` in eslint.config.mjs).
import { engineBoundary } from './engine-boundary.mjs';
import { featureBoundary, noImportCycle } from './import-rules.mjs';

export default {
  rules: {
    'engine-boundary': engineBoundary,
    'feature-boundary': featureBoundary,
    'no-import-cycle': noImportCycle,
  },
};
