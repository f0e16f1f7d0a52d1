import tseslint from 'typescript-eslint';
import civdef from './eslint-rules/index.js';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', '**/*.d.ts'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    files: ['apps/server/src/**/*.ts'],
    ignores: ['apps/server/src/cli/**'],
    rules: { 'no-console': 'error' },
  },
  {
    // A server module is entered only through its index.ts (eslint-rules/module-doors.js): code, tests and benches.
    files: ['apps/server/**/*.ts'],
    plugins: { civdef },
    rules: { 'civdef/module-doors': 'error' },
  },
);
