// Lint, and the architecture's layers as allow-lists (as VS Code's layering rule does): every layer below names what
// it MAY import; the local rule `sigla/layers` (eslint-rules/layers.mjs) refuses anything else. README, Architecture,
// describes the same table in words.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import sigla from './eslint-rules/layers.mjs';

const ROOT = dirname(fileURLToPath(import.meta.url));

/** The plain-data part of electron/shared: codes and texts, no schema library. */
const SHARED_PLAIN = ['electron/shared/errors', 'electron/shared/findingCodes', 'electron/shared/pecCodes', 'electron/shared/i18n/'];
/** All of electron/shared: the plain part, the settings schema and the IPC contract (zod). */
const SHARED = ['electron/shared/'];
/** Node built-ins the engine may use: pure computation, no I/O, no processes, no network. */
const PURE_NODE = ['node:crypto', 'node:buffer', 'node:zlib'];

/**
 * electron/core, folder by folder from the bottom up: what each folder may import besides itself, electron/shared's
 * plain part and PURE_NODE. Nothing inside core imports a folder above it.
 */
const CORE = [
  ['asn1', []],
  ['content', []],
  ['findings', []],
  ['crypto', ['asn1', 'content']],
  ['signer', ['crypto']],
  ['cert', ['asn1', 'crypto']],
  ['cms', ['asn1', 'cert', 'crypto', 'signer', 'findings']],
  ['tsp', ['asn1', 'cert', 'cms', 'content', 'crypto', 'signer', 'findings']],
  ['revocation', ['asn1', 'cert', 'crypto', 'findings']],
  ['ltv', ['asn1', 'cert', 'crypto', 'revocation', 'findings']],
  ['cades', ['asn1', 'cert', 'cms', 'content', 'crypto', 'ltv', 'signer', 'tsp']],
  ['pdf', ['asn1', 'content', 'crypto'], ['pdf-lib']],
  ['pades', ['asn1', 'cades', 'cert', 'cms', 'content', 'crypto', 'ltv', 'pdf', 'signer', 'tsp'], ['pdf-lib', 'fontkit']],
  ['tsl', ['asn1', 'cert', 'crypto', 'findings'], ['@xmldom/xmldom', 'xml-crypto']],
  ['verify', ['asn1', 'cades', 'cert', 'cms', 'content', 'crypto', 'findings', 'ltv', 'pades', 'pdf', 'revocation', 'signer', 'tsl', 'tsp'], ['pdf-lib']],
  ['pec', ['asn1', 'cert', 'content', 'crypto', 'findings', 'pdf', 'tsl', 'verify'], ['pdf-lib']],
];
const core = (...folders) => folders.map((f) => `electron/core/${f}/`);
const ALL_CORE = ['electron/core/'];

const LAYERS = [
  ...CORE.map(([folder, below, libraries = []]) => ({
    name: `electron/core/${folder}`,
    files: core(folder),
    allow: [...core(folder, ...below), ...SHARED_PLAIN, ...PURE_NODE, ...libraries],
  })),
  // A new folder of core starts here: it may use shared and pure Node only until it is placed in CORE above.
  { name: 'electron/core', files: ['electron/core/'], allow: [...SHARED_PLAIN, ...PURE_NODE] },
  { name: 'electron/shared', files: ['electron/shared/'], allow: SHARED_PLAIN },
  { name: 'electron/shared (schemas)', files: ['electron/shared/settingsSchema.ts', 'electron/shared/ipc/'], allow: [...SHARED, 'zod'] },
  { name: 'electron/net', files: ['electron/net/'], allow: ['electron/net/', ...ALL_CORE, ...SHARED, 'node:*'] },
  { name: 'electron/io', files: ['electron/io/'], allow: ['electron/io/', 'electron/net/', ...ALL_CORE, ...SHARED, 'node:*', 'zod'] },
  { name: 'electron/softkey', files: ['electron/softkey/'], allow: ['electron/softkey/', ...ALL_CORE, ...SHARED, 'node:*', 'node-forge'] },
  { name: 'electron/token', files: ['electron/token/'], allow: ['electron/token/', 'electron/io/', ...ALL_CORE, ...SHARED, 'node:*', 'pkcs11js', 'zod'] },
  {
    name: 'electron/cli',
    files: ['electron/cli/'],
    allow: ['electron/cli/', 'electron/token/', 'electron/softkey/', 'electron/io/', 'electron/net/', ...ALL_CORE, ...SHARED, 'node:*', 'pkcs11js', 'node-forge'],
  },
  { name: 'electron/app', files: ['electron/app/'], allow: ['electron/app/', 'electron/token/', 'electron/softkey/', 'electron/io/', 'electron/net/', ...ALL_CORE, ...SHARED, 'node:*', 'zod'] },
  {
    name: 'electron/main',
    files: ['electron/main/'],
    allow: ['electron/main/', 'electron/app/', 'electron/token/', 'electron/io/', 'electron/net/', ...ALL_CORE, ...SHARED, 'node:*', 'electron'],
  },
  { name: 'electron/preload', files: ['electron/preload/'], allow: ['electron/preload/', { path: 'electron/shared/ipc/contract', typeOnly: true }, 'electron'] },
  {
    name: 'renderer',
    files: ['renderer/src/'],
    allow: ['renderer/src/', { path: 'electron/shared/ipc/contract', typeOnly: true }, 'react', 'react-dom', 'react-i18next', 'i18next', 'pdfjs-dist'],
  },
  { name: 'renderer build', files: ['renderer/vite.config.mts'], allow: ['vite', 'node:*'] },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'renderer/dist/**', 'native/**', 'resources/**', 'bin/**', 'eslint.config.mjs'] },
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
    files: ['electron/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { sigla },
    rules: { 'sigla/layers': ['error', { root: ROOT, layers: LAYERS }] },
  },
  {
    files: ['test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
