// ESLint flat config (architecture §10): typed recommended rules, floating promises, exhaustive
// switches, and the boundaries: the engine imports no immer, graphology, yargs or node:fs, and
// only src/cli.ts touches `process`. `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'dist-scratch/**', 'scratch/**', 'node_modules/**', 'reports/**', 'coverage/**'] },
  js.configs.recommended,
  {
    files: ['src/**/*.ts', 'models/**/*.ts', 'invariants/**/*.ts', 'bench/**/*.ts', 'conformance/**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Compiled models are heterogeneous by design (compile.ts: `AnyState = any`), so the
      // no-unsafe-* family would flag every guard and recipe call; types are checked per model.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'exit', message: 'library code never exits; only src/cli.ts touches process' },
        { object: 'process', property: 'stdout', message: 'write through the CliContext; only src/cli.ts touches process' },
        { object: 'process', property: 'stderr', message: 'write through the CliContext; only src/cli.ts touches process' },
        { object: 'process', property: 'argv', message: 'only src/cli.ts touches process' },
        { object: 'process', property: 'exitCode', message: 'set ctx.exitCode; only src/cli.ts touches process' },
      ],
    },
  },
  // Entry points: the CLI, the benchmark and the conformance scripts own their process.
  { files: ['src/cli.ts', 'bench/run.ts', 'bench/reach.ts', 'conformance/run.ts'], rules: { 'no-restricted-properties': 'off' } },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['immer', 'graphology', 'graphology-*', 'yargs', 'yargs/*'], message: 'the hot loop never sees the authoring layer (architecture §3)' },
            { group: ['node:fs', 'node:fs/*', 'fs', 'fs/*'], message: 'the engine does no I/O; report/write.ts writes' },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', '*.config.ts'],
    extends: [...tseslint.configs.recommended],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
);
