// Flat ESLint config for the whole repo: typescript-eslint's recommended rules, plus
// import/no-cycle so import cycles fail `npm run lint` (STYLE.md: no import cycles).
import js from '@eslint/js';
import importPlugin from 'eslint-plugin-import';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Resolves `@/…` and TypeScript sources (scripts/eslint-resolver.cjs).
const resolver = { [new URL('./scripts/eslint-resolver.cjs', import.meta.url).pathname]: {} };

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/.next/**',
      '**/.next-*/**',
      '**/generated/**',
      '**/next-env.d.ts',
      'test-results/**',
      'playwright-report/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    plugins: { import: importPlugin },
    settings: {
      // The plugin parses each imported file to follow the graph; without these it
      // silently skips TypeScript files and no-cycle finds nothing.
      'import/extensions': ['.ts', '.tsx', '.mts', '.js', '.jsx', '.mjs'],
      'import/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts'] },
      'import/resolver': resolver,
    },
    rules: {
      'import/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // The web app: browser globals in client code, and its own `@/*` paths.
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    // CommonJS helpers (the ESLint resolver must be CommonJS).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
