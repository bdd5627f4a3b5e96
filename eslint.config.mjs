// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundariesConfig from './eslint-boundaries.cjs';

const { boundaries } = boundariesConfig;

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'cdk.out/**',
      'dist/**',
      'coverage/**',
      // The example app compiles against the packed package, in its own folder (npm run example).
      'examples/**',
      // scripts/jsii-check.mjs's copy of lib/ and contract/, while it runs.
      '.jsii-check/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // jest matchers such as expect.any() are typed as any; tests may use them.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  // Import boundaries between folders (eslint-boundaries.cjs).
  ...boundaries,
);
