/**
 * The `sigla` command: parses arguments, runs one command, turns any error into a localized message and the exit
 * code of shared/ACCEPTANCE.md. Secrets never come from argv.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { asSiglaError, EXIT, SiglaError } from '../shared/errors.js';
import { detectLang, type Lang } from '../shared/i18n/locale.js';
import { installTempCleanup } from '../io/tempFiles.js';
import { assertNotStdin } from '../io/stdinGuard.js';
import { reportFailure } from './outcome.js';
import { ALL_OPTIONS, isHelpTopic, type HelpTopic } from './options.js';
import { usageError } from '../shared/i18n/usage.js';
import { CliPinSource, StdinLines } from './pinInput.js';

const OPTIONS = ALL_OPTIONS;

/** Options that would carry a secret if they existed; refused so that nobody puts a PIN in shell history. */
const SECRET_OPTIONS = /^--(pin|puk|password|pass|so-pin)(=|$)/;

function version(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Commands that write files: a signal during them removes their temp files and ends the command as cancelled. */
const WRITING_COMMANDS = new Set(['sign', 'extract', 'extend', 'timestamp', 'pdfa', 'demo']);

/** Set once the arguments are parsed: the outcome of the command, failures included, is then JSON on stdout. */
let jsonOutput = false;

/**
 * node:util parseArgs' errors in our words: its own message is English and names no code a user can look up. The
 * option is read from the message's quotes (`Unknown option '--x'`, `Option '--out <value>' argument missing`,
 * `Option '--force' does not take an argument`).
 */
function argumentError(e: unknown): SiglaError {
  const code = (e as { code?: string }).code;
  const message = String((e as Error).message);
  const option = /'(-{1,2}[^'\s]+)/.exec(message)?.[1] ?? '?';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new SiglaError('USAGE_UNKNOWN_OPTION', `unknown option ${option}`, { params: { option }, cause: e });
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && /does not take an argument/.test(message)) return usageError('optionNoValue', { option }, e);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return new SiglaError('USAGE_OPTION_VALUE', `${option} takes a value`, { params: { option }, cause: e });
  return usageError('badArguments', {}, e);
}

/** The help asked for (`sigla help pin check`, `sigla pin check --help`): the longest known topic the words name. */
function helpTopic(words: readonly string[]): HelpTopic | undefined {
  if (words.length === 0) return undefined;
  const two = words.slice(0, 2).join(' ');
  if (isHelpTopic(two)) return two;
  const [one = ''] = words;
  if (isHelpTopic(one)) return one;
  throw usageError('unknownHelpTopic', { command: words.join(' ') });
}

async function run(argv: string[], lang: Lang): Promise<number> {
  if (argv.some((a) => SECRET_OPTIONS.test(a))) {
    throw usageError('secretOption');
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw argumentError(e);
  }
  const v = parsed.values;
  const [command, ...files] = parsed.positionals;
  if (v.version) {
    process.stdout.write(`sigla ${version()}\n`);
    return EXIT.OK;
  }
  if (v.help || command === undefined || command === 'help') {
    const topic = helpTopic(command === 'help' ? files : parsed.positionals);
    // The help is text only: loaded when asked for, not at every start.
    process.stdout.write((await import('./help.js')).helpText(lang, topic));
    return command === undefined && !v.help ? EXIT.USAGE : EXIT.OK;
  }
  const json = v.json ?? false;
  jsonOutput = json;
  if (WRITING_COMMANDS.has(command) || (command === 'verify' && v['report-pdf'] !== undefined)) {
    // Ctrl-C, SIGTERM or SIGHUP: the temp files are removed at once, then the command ends as cancelled (exit 11).
    installTempCleanup(() => {
      process.exit(reportFailure(new SiglaError('CANCELLED', 'interrupted by a signal'), lang, jsonOutput));
    });
  }
  switch (command) {
    case 'modules':
      return (await import('./commands/modules.js')).runModules(json, lang, v.module);
    case 'tokens':
      return (await import('./commands/tokens.js')).runTokens(json, lang, v.module);
    case 'certs':
      return (await import('./commands/tokens.js')).runCerts(json, lang, v.module, v.token);
    case 'verify':
      return (await import('./commands/verify.js')).runVerify({ files, trust: v.trust ?? [], offline: v.offline ?? false, json, lang, force: v.force ?? false, ...optional('detachedContent', v['detached-content']), ...optional('at', v.at), ...optional('reportPdf', v['report-pdf']) });
    case 'trust':
      return (await import('./commands/trust.js')).runTrust({ op: files[0], files: files.slice(1), json, lang, ...optional('lotl', v.lotl), ...optional('lotlSigners', v['lotl-signers']), ...optional('signers', v.signers) });
    case 'reminders':
      return (await import('./commands/reminders.js')).runReminders({ json, lang, ...optional('days', v.days) });
    case 'extract':
      return (await import('./commands/extract.js')).runExtract({ files, force: v.force ?? false, json, lang, ...optional('out', v.out) });
    case 'extend':
      return (await import('./commands/extend.js')).runExtend({ files, force: v.force ?? false, json, lang, ...optional('level', v.level), ...optional('out', v.out), ...optional('outDir', v['out-dir']), ...optional('tsa', v.tsa), ...optional('tsaUser', v['tsa-user']), ...optional('tsaPolicy', v['tsa-policy']), tsaAllowHttp: v['tsa-allow-http'] ?? false });
    case 'timestamp':
      return (await import('./commands/timestamp.js')).runTimestamp({ files, ...optional('format', v.format), force: v.force ?? false, json, lang, ...optional('out', v.out), ...optional('tsa', v.tsa), ...optional('tsaUser', v['tsa-user']), ...optional('tsaPolicy', v['tsa-policy']), tsaAllowHttp: v['tsa-allow-http'] ?? false });
    case 'pdfa':
      return (await import('./commands/pdfa.js')).runPdfa({ files, force: v.force ?? false, json, lang, ...optional('level', v.level), ...optional('out', v.out) });
    case 'watch':
      return (await import('./commands/watch.js')).runWatch({ intervalMs: Number(v.interval ?? 1000), json, lang, ...optional('module', v.module) });
    case 'pin': {
      // Standard input carries the secrets: no file named on the command line may be standard input.
      if (v['pin-stdin'] || v.stdin) assertNotStdin(files.slice(1));
      const stdin = v['pin-stdin'] || v.stdin ? new StdinLines() : null;
      const pins = new CliPinSource(lang, stdin);
      try {
        return await (await import('./commands/pin.js')).runPin({ op: files[0], allowFinalTry: v['allow-final-try'] ?? false, json, lang, pins, ...optional('module', v.module), ...optional('token', v.token) });
      } finally {
        stdin?.close();
      }
    }
    case 'demo':
      return (await import('./commands/demo.js')).runDemo(lang);
    case 'pec':
      return (await import('./commands/pec.js')).runPec({ op: files[0], files: files.slice(1), main: v.main ?? [], trust: v.trust ?? [], offline: v.offline ?? false, json, lang, ...optional('profile', v.profile) });
    case 'browsers':
      return (await import('./commands/browsers.js')).runBrowsers({ op: files[0], json, lang, ...optional('module', v.module) });
    case 'sign': {
      // Refused before a byte of stdin is read: the PIN must never become the signed content.
      if (v['pin-stdin']) assertNotStdin([...files, ...[v['detached-content'], v.p12, v.image].filter((f): f is string => f !== undefined)]);
      const stdin = v['pin-stdin'] ? new StdinLines() : null;
      const pins = new CliPinSource(lang, stdin);
      try {
        return await (await import('./commands/sign.js')).runSign({
          files,
          format: v.format ?? 'cades',
          ...optional('level', v.level),
          detached: v.detached ?? false,
          digest: v.digest ?? 'sha256',
          force: v.force ?? false,
          allowFinalTry: v['allow-final-try'] ?? false,
          json,
          lang,
          pins,
          ...optional('mode', v.mode),
          ...optional('countersignIndex', v['countersign-index']),
          ...optional('detachedContent', v['detached-content']),
          ...optional('out', v.out),
          ...optional('outDir', v['out-dir']),
          ...optional('module', v.module),
          ...optional('token', v.token),
          ...optional('certId', v['cert-id']),
          ...optional('p12', v.p12),
          ...optional('caDir', v['ca-dir']),
          ...optional('tsa', v.tsa),
          ...optional('tsaUser', v['tsa-user']),
          ...optional('tsaPolicy', v['tsa-policy']),
          tsaAllowHttp: v['tsa-allow-http'] ?? false,
          pades: {
            visible: v.visible ?? false,
            ...optional('field', v.field),
            ...optional('page', v.page),
            ...optional('rect', v.rect),
            ...optional('position', v.position),
            ...optional('image', v.image),
            ...optional('reason', v.reason),
            ...optional('location', v.location),
            ...optional('contact', v.contact),
          },
        });
      } finally {
        pins.dispose();
        stdin?.close();
      }
    }
    default:
      throw usageError('unknownCommand', { command });
  }
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

export async function main(argv: string[]): Promise<number> {
  const langArg = argv.find((a, i) => argv[i - 1] === '--lang') ?? argv.find((a) => a.startsWith('--lang='))?.slice(7);
  const lang = detectLang(langArg);
  // A usage error found while parsing is JSON too when --json was asked for.
  jsonOutput = argv.includes('--json');
  try {
    return await run(argv, lang);
  } catch (e) {
    if (process.env['SIGLA_DEBUG']) process.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
    return reportFailure(asSiglaError(e), lang, jsonOutput);
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
