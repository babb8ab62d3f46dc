import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

// Layers (docs/ARCHITECTURE.md): core ← engines, store ← lab ← (the worker); core ← state ← ui. No
// module imports a layer above its own; the page (state, ui) reaches store, engines and lab for
// their types only, since their code runs in the lab worker.
// A pattern matches a relative import that climbs out to a top-level folder of src/ named `names`.
const layer = (names) => `^(\\.\\./)+(${names.join('|')})(/|$)`;
const above = (message, ...names) => ({ regex: layer(names), message });
const typesOnly = (message, ...names) => ({ regex: layer(names), message, allowTypeImports: true });
const restrict = (...patterns) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
});
const ABOVE = 'imports upward: a layer may import only the layers below it (docs/ARCHITECTURE.md).';
const WORKER_SIDE =
  'runs in the lab worker: the page imports its types only, and talks to it through LabApi.';

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'test/.generated/', 'bench-results/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    // src/core is pure and deterministic: no wall clock, no Math.random, no DOM.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use createRng(seed) from src/core/rng.ts.' },
        { object: 'Date', property: 'now', message: 'Take a clock function as a parameter.' },
        { object: 'performance', property: 'now', message: 'Take a clock function as a parameter.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date']", message: 'src/core must not read the wall clock.' },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'indexedDB', 'localStorage', 'navigator'],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: restrict(above(`src/core ${ABOVE}`, 'engines', 'train', 'store', 'lab', 'sandbox', 'state', 'ui')),
  },
  {
    // The in-browser trainer (jax-js) sits beside core: engines and the lab may use it, it uses core only.
    files: ['src/train/**/*.ts'],
    rules: restrict(above(`src/train ${ABOVE}`, 'engines', 'store', 'lab', 'sandbox', 'state', 'ui')),
  },
  {
    files: ['src/engines/**/*.ts'],
    rules: restrict(above(`src/engines ${ABOVE}`, 'store', 'lab', 'sandbox', 'state', 'ui')),
  },
  {
    files: ['src/store/**/*.ts'],
    rules: restrict(above(`src/store ${ABOVE}`, 'engines', 'train', 'lab', 'sandbox', 'state', 'ui')),
  },
  {
    files: ['src/sandbox/**/*.ts'],
    rules: restrict(above(`src/sandbox ${ABOVE}`, 'store', 'lab', 'state', 'ui')),
  },
  {
    files: ['src/lab/**/*.ts'],
    rules: restrict(above(`src/lab ${ABOVE}`, 'state', 'ui')),
  },
  {
    files: ['src/state/**/*.ts'],
    rules: restrict(
      above(`src/state ${ABOVE}`, 'ui'),
      typesOnly(`This ${WORKER_SIDE}`, 'store', 'engines', 'train', 'lab', 'sandbox'),
    ),
  },
  {
    files: ['src/ui/**/*.ts', 'src/ui/**/*.svelte'],
    rules: restrict(typesOnly(`This ${WORKER_SIDE}`, 'store', 'engines', 'train', 'lab', 'sandbox')),
  },
);
