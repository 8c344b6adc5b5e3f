// Lint: typescript-eslint, plus the import directions of ARCHITECTURE.md: core imports nothing of ours and
// no runtime; main, server and renderer import core; electron imports main and core; nothing imports
// electron/, renderer/ or server/ but their own files.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS =
  'assert|buffer|child_process|cluster|crypto|dgram|dns|events|fs|fs/promises|http|http2|https|inspector|module|net|os|path|perf_hooks|process|readline|stream|string_decoder|timers|tls|tty|url|util|v8|vm|worker_threads|zlib';

/** A relative import that climbs out of the current folder into one of `folders`. */
const into = (...folders) => ({
  regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`,
  message: `ARCHITECTURE.md: this folder may not import ${folders.join('/, ')}/.`,
});
const nodeBuiltins = {
  regex: `^(node:.*|(${NODE_BUILTINS}))$`,
  message: 'core/ is pure TypeScript: no Node built-ins.',
};
const electronPkg = { regex: '^electron(/.*)?$', message: 'Only electron/ may import Electron.' };

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'release/', 'test-results/', 'playwright-report/', 'coverage/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Text stays text: never render HTML from data.',
        },
        {
          selector: "AssignmentExpression[left.property.name='innerHTML']",
          message: 'Text stays text: use textContent.',
        },
      ],
    },
  },
  {
    files: ['core/**/*.ts'],
    ignores: ['core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins,
            electronPkg,
            { regex: '^react(-dom)?(/.*)?$', message: 'core/ has no UI: no React.' },
            into('main', 'server', 'renderer', 'electron'),
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require'].map(
          (name) => ({
            name,
            message: 'core/ runs everywhere: no DOM or Node globals.',
          }),
        ),
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            electronPkg,
            { regex: '^node:', message: 'renderer/ runs in a browser: no Node built-ins.' },
            into('main', 'server', 'electron'),
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [electronPkg, into('main', 'renderer', 'electron')] }],
    },
  },
  {
    files: ['main/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { ...electronPkg, message: 'main/ must run without Electron (browser mode).' },
            into('renderer', 'server', 'electron'),
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [into('renderer', 'server')] }] },
  },
);
