// Lint: type-aware, zero warnings. The engine has extra rules that keep it pure and deterministic.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { engineRules } from './tools/eslint/engine-boundary.mjs';
import parity from './tools/eslint/plugin.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', 'test-results/**', 'coverage/**', 'bench/.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: [
            '*.mjs',
            'bin/*.js',
            'scripts/*.mjs',
            'tools/eslint/*.mjs',
            'src/server/public/*.js',
          ],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { parity },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/require-array-sort-compare': ['error', { ignoreStringArrays: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'parity/engine-boundary': 'error',
      'parity/no-import-cycle': 'error',
      'parity/feature-boundary': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  { files: ['src/engine/**/*.ts'], ignores: ['src/engine/**/*.test.ts'], rules: engineRules },
  // The layers of docs/ARCHITECTURE.md: lower layers never import higher ones.
  ...[
    {
      files: ['src/shared/**/*.ts', 'src/config/**/*.ts', 'src/storage/**/*.ts'],
      above: 'features|server|cli',
    },
    { files: ['src/ingest/**/*.ts', 'src/generator/**/*.ts'], above: 'storage|features|server|cli' },
    { files: ['src/features/**/*.ts', 'src/server/**/*.ts'], above: 'cli' },
  ].map(({ files, above }) => ({
    files,
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^\\.\\.?/(\\.\\./)*(${above})/`,
              message: 'A lower layer must not import a higher one (docs/ARCHITECTURE.md).',
            },
          ],
        },
      ],
    },
  })),
  {
    files: ['**/*.mjs', 'bin/*.js', 'src/server/public/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['src/server/public/*.js'],
    languageOptions: { globals: { document: 'readonly', HTMLScriptElement: 'readonly' } },
  },
  {
    files: ['scripts/*.mjs', 'bin/*.js', 'tools/**/*.mjs', 'test/support/*.mjs', '*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        performance: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
      },
    },
  },
);
