/**
 * The options of every `sigla` command, as node:util parseArgs reads them: one table per command (and per
 * subcommand of `pin` and `trust`), the options every command takes, and their union, which main.ts parses. The
 * help (help.ts, texts in shared/i18n/help.ts) documents a command's options from its table, so an option added
 * here without its text is caught by the catalog test (test/unit/cliHelp.test.ts).
 */
import type { ParseArgsConfig } from 'node:util';

type OptionTable = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes (and `sigla` alone: `--help`, `--version`). */
export const COMMON_OPTIONS = {
  json: { type: 'boolean' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const satisfies OptionTable;

const TSA = {
  tsa: { type: 'string' },
  'tsa-user': { type: 'string' },
  'tsa-policy': { type: 'string' },
  'tsa-allow-http': { type: 'boolean' },
} as const satisfies OptionTable;

const SIGN = {
  format: { type: 'string' },
  level: { type: 'string' },
  detached: { type: 'boolean' },
  mode: { type: 'string' },
  'countersign-index': { type: 'string' },
  'detached-content': { type: 'string' },
  digest: { type: 'string' },
  module: { type: 'string' },
  token: { type: 'string' },
  'cert-id': { type: 'string' },
  p12: { type: 'string' },
  'ca-dir': { type: 'string' },
  'pin-stdin': { type: 'boolean' },
  'allow-final-try': { type: 'boolean' },
  out: { type: 'string' },
  'out-dir': { type: 'string' },
  force: { type: 'boolean' },
  ...TSA,
  reason: { type: 'string' },
  location: { type: 'string' },
  contact: { type: 'string' },
  field: { type: 'string' },
  visible: { type: 'boolean' },
  page: { type: 'string' },
  rect: { type: 'string' },
  position: { type: 'string' },
  image: { type: 'string' },
} as const satisfies OptionTable;

const VERIFY = {
  'detached-content': { type: 'string' },
  trust: { type: 'string', multiple: true },
  at: { type: 'string' },
  offline: { type: 'boolean' },
  'report-pdf': { type: 'string' },
  force: { type: 'boolean' },
} as const satisfies OptionTable;

const PIN = {
  module: { type: 'string' },
  token: { type: 'string' },
  'pin-stdin': { type: 'boolean' },
  stdin: { type: 'boolean' },
  'allow-final-try': { type: 'boolean' },
} as const satisfies OptionTable;

const PEC_CHECK = {
  profile: { type: 'string' },
  main: { type: 'string', multiple: true },
  trust: { type: 'string', multiple: true },
  offline: { type: 'boolean' },
} as const satisfies OptionTable;

const TRUST_UPDATE = { lotl: { type: 'string' }, 'lotl-signers': { type: 'string' } } as const satisfies OptionTable;
const TRUST_IMPORT = { signers: { type: 'string' } } as const satisfies OptionTable;

/**
 * Each command's own options (besides {@link COMMON_OPTIONS}), in the order its help lists them. `pin` and `trust`
 * have one table per subcommand and, for `sigla pin --help`, the union of them.
 */
export const COMMAND_OPTIONS = {
  sign: SIGN,
  verify: VERIFY,
  pin: PIN,
  'pin check': PIN,
  'pin change': PIN,
  'pin unblock': PIN,
  certs: { module: { type: 'string' }, token: { type: 'string' } },
  tokens: { module: { type: 'string' } },
  modules: { module: { type: 'string' } },
  watch: { module: { type: 'string' }, interval: { type: 'string' } },
  trust: { ...TRUST_UPDATE, ...TRUST_IMPORT },
  'trust update': TRUST_UPDATE,
  'trust import': TRUST_IMPORT,
  'trust status': {},
  extract: { out: { type: 'string' }, force: { type: 'boolean' } },
  extend: { level: { type: 'string' }, ...TSA, out: { type: 'string' }, 'out-dir': { type: 'string' }, force: { type: 'boolean' } },
  timestamp: { ...TSA, format: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } },
  reminders: { days: { type: 'string' } },
  pdfa: { level: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } },
  demo: {},
  pec: PEC_CHECK,
  'pec check': PEC_CHECK,
  browsers: { module: { type: 'string' } },
} as const satisfies Record<string, OptionTable>;

export type HelpTopic = keyof typeof COMMAND_OPTIONS;

/** The commands `sigla --help` lists, in its order (subcommands are listed under their command's help). */
export const COMMANDS = ['sign', 'verify', 'certs', 'tokens', 'modules', 'pin', 'watch', 'trust', 'extract', 'extend', 'timestamp', 'pdfa', 'reminders', 'pec', 'browsers', 'demo'] as const satisfies readonly HelpTopic[];

export function isHelpTopic(topic: string): topic is HelpTopic {
  return Object.hasOwn(COMMAND_OPTIONS, topic);
}

/** What main.ts parses: every option of every command (a value's meaning is its command's). */
export const ALL_OPTIONS = {
  ...COMMON_OPTIONS,
  ...SIGN,
  ...VERIFY,
  ...PIN,
  ...TRUST_UPDATE,
  ...TRUST_IMPORT,
  ...PEC_CHECK,
  interval: { type: 'string' },
  days: { type: 'string' },
  level: { type: 'string' },
} as const satisfies OptionTable;
