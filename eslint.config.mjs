// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // The client SDK's generated types are openapi-typescript's output as it is (`npm run openapi:check` compares it).
  // The scripts are JavaScript checked like TypeScript (scripts/tsconfig.json: checkJs), so they are linted too.
  {
    ignores: [
      'node_modules/',
      'dist/',
      'coverage/',
      '**/*.mjs',
      '!scripts/**/*.mjs',
      '**/*.js',
      '**/*.cjs',
      'packages/client/src/generated/',
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
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/apps/*', '../../apps/**', 'apps/**'],
              message: 'Apps never import from another app; share code through a lib in libs/.',
            },
            {
              group: ['**/libs/*/src/**', 'libs/**', '@insyn/*/*'],
              message: 'Import a library only through its alias and index, e.g. @insyn/messaging.',
            },
          ],
        },
      ],
    },
  },
  {
    // Nest injects by the constructor parameter's type: a type-only import there would erase the
    // token at runtime, so classes used for injection stay value imports.
    files: ['**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // tsc checks the scripts' names (checkJs); ESLint's own no-undef knows nothing of Node's globals.
    files: ['scripts/**/*.mjs'],
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'libs/testing/**', '**/test/**', 'tests/**', 'bench/**'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/dot-notation': 'off',
      // Tests assert on untyped JSON response bodies (supertest's `body` is `any`).
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
);
