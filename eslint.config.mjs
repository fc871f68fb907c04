// Lint, and the architecture's layers as rules: electron/core is the plain-TypeScript signing engine and may not
// reach I/O, devices or Electron; the CLI and the token host may not reach Electron either.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noElectron = { name: 'electron', message: 'Only electron/main and electron/preload may import Electron.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'renderer/**', 'native/**', 'resources/**', 'bin/**', 'eslint.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'no-console': 'error',
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            noElectron,
            { name: 'pkcs11js', message: 'electron/core gets keys through RawSigner, never from PKCS#11.' },
            { name: 'graphene-pk11', message: 'electron/core gets keys through RawSigner, never from PKCS#11.' },
            { name: 'fs', message: 'electron/core gets content through ContentSource/OutputSink.' },
            { name: 'node:fs', message: 'electron/core gets content through ContentSource/OutputSink.' },
            { name: 'fs/promises', message: 'electron/core gets content through ContentSource/OutputSink.' },
            { name: 'node:fs/promises', message: 'electron/core gets content through ContentSource/OutputSink.' },
            { name: 'node:child_process', message: 'electron/core runs no processes.' },
            { name: 'child_process', message: 'electron/core runs no processes.' },
          ],
          patterns: [
            { group: ['**/token/**', '**/cli/**', '**/main/**', '**/preload/**', '**/io/**', '**/softkey/**', '**/net/**'], message: 'electron/core depends on nothing but electron/shared.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron, { name: 'pkcs11js', message: 'shared is plain data.' }, { name: 'node:fs', message: 'shared is plain data.' }], patterns: [{ group: ['**/core/**', '**/token/**', '**/cli/**', '**/main/**'], message: 'electron/shared depends on nothing.' }] }],
    },
  },
  {
    files: ['electron/token/**/*.ts', 'electron/cli/**/*.ts', 'electron/softkey/**/*.ts', 'electron/io/**/*.ts', 'electron/net/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [{ group: ['**/main/**', '**/preload/**'], message: 'Only Electron code imports electron/main or electron/preload.' }] }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
