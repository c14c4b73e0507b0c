// Lint rules: typescript-eslint's type-aware recommended set plus eslint-plugin-svelte, the layer rules
// (lint/layers.js) and no import cycles (lint/import-cycles.js).
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';
import { noImportCycle } from './lint/import-cycles.js';
import { layerRules } from './lint/layers.js';

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'models/', 'coverage/', 'scripts/parity/dist/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // State lives in $state fields of the controllers; a local Set or URL is a temporary value, and
      // wrapping temporaries in SvelteSet/SvelteURL would only add overhead.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  ...layerRules,
  {
    files: ['src/**/*.{ts,js,svelte}', 'workers/**/*.ts'],
    plugins: { glassbox: { rules: { 'no-import-cycle': noImportCycle } } },
    rules: { 'glassbox/no-import-cycle': 'error' },
  },
);
