// Flat ESLint config for the whole repo: typescript-eslint's recommended rules, plus
// import-x/no-cycle so import cycles fail `npm run lint` (STYLE.md: no import cycles).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Resolves imports the way our TypeScript does: `@/…` in apps/web through its tsconfig
// paths, and workspace packages (`@weft/*`) through their `exports` to TypeScript source.
// (The tsconfig path must be absolute: with a relative one the resolver returns relative
// paths and no-cycle silently stops following `@/…` imports.)
const root = dirname(fileURLToPath(import.meta.url));
const resolver = (tsconfig) =>
  createNodeResolver({
    tsconfig: { configFile: join(root, tsconfig), references: 'auto' },
    extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.jsx', '.json'],
    extensionAlias: { '.js': ['.ts', '.tsx', '.js'], '.mjs': ['.mts', '.mjs'] },
    conditionNames: ['types', 'import', 'node', 'default'],
  });

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/.next/**',
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
    plugins: { 'import-x': importX },
    settings: {
      // import-x parses each imported file to follow the graph; without these it
      // silently skips TypeScript files and no-cycle finds nothing.
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.js', '.jsx', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts'] },
      'import-x/resolver-next': [resolver('tsconfig.json')],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // The web app: browser globals in client code, and its own `@/*` paths.
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    settings: { 'import-x/resolver-next': [resolver('apps/web/tsconfig.json')] },
  },
);
