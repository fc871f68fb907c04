/**
 * `sigla --help` (the commands, one line each) and `sigla COMMAND --help` / `sigla help COMMAND` (usage, options
 * with meaning and default, examples, exit codes). The options listed are the command's parseArgs table
 * (options.ts), their words the catalog's (shared/i18n/help.ts): an option without words shows as missing in the
 * catalog test, never silently.
 */
import { HELP, type HelpCatalog, type OptionHelp } from '../shared/i18n/help.js';
import type { Lang } from '../shared/i18n/locale.js';
import { COMMANDS, COMMAND_OPTIONS, COMMON_OPTIONS, type HelpTopic } from './options.js';

/** `--name ARG`, as the help shows an option. */
export function optionLabel(name: string, help: OptionHelp | undefined, short?: string | undefined): string {
  return `${short ? `-${short}, ` : ''}--${name}${help?.arg ? ` ${help.arg}` : ''}`;
}

function optionLines(h: HelpCatalog, entries: readonly (readonly [string, OptionHelp | undefined, (string | undefined)?])[]): string[] {
  const labels = entries.map(([name, help, short]) => optionLabel(name, help, short));
  const width = Math.min(36, Math.max(0, ...labels.map((l) => l.length)));
  return entries.map(([, help], i) => {
    const label = labels[i] ?? '';
    const text = `${help?.text ?? '?'}${help?.default ? ` (${h.defaultIs}: ${help.default})` : ''}`;
    return label.length > width ? `  ${label}\n  ${' '.repeat(width)}  ${text}` : `  ${label.padEnd(width)}  ${text}`;
  });
}

function exitLines(h: HelpCatalog, codes: readonly number[]): string[] {
  return [...codes].sort((a, b) => a - b).map((c) => `  ${String(c).padStart(2)}  ${h.exit[c] ?? '?'}`);
}

/** The list of commands. */
export function overviewText(lang: Lang): string {
  const h = HELP[lang];
  const width = Math.max(...COMMANDS.map((c) => c.length));
  const common = (Object.keys(COMMON_OPTIONS) as (keyof typeof COMMON_OPTIONS)[]).map((n) => [n, h.common[n], (COMMON_OPTIONS[n] as { short?: string }).short] as const);
  return [
    h.title,
    '',
    `${h.usage}: sigla ${lang === 'it' ? 'COMANDO [opzioni]' : 'COMMAND [options]'}`,
    '',
    `${h.commands}:`,
    ...COMMANDS.map((c) => `  ${c.padEnd(width)}  ${h.topics[c]?.summary ?? '?'}`),
    '',
    `${h.commonOptions}:`,
    ...optionLines(h, common),
    '',
    h.more,
    h.secrets,
    '',
  ].join('\n');
}

/** One command's help. */
export function commandHelpText(topic: HelpTopic, lang: Lang): string {
  const h = HELP[lang];
  const t = h.topics[topic];
  const own = Object.keys(COMMAND_OPTIONS[topic]).map((n) => [n, t?.options[n]] as const);
  const common = (['json', 'lang', 'help'] as const).map((n) => [n, h.common[n], (COMMON_OPTIONS[n] as { short?: string }).short] as const);
  const lines = [`${h.usage}: ${(t?.usage ?? [`sigla ${topic}`]).join(`\n${' '.repeat(h.usage.length + 2)}`)}`, '', t?.summary ?? '?'];
  if (t?.about?.length) lines.push('', ...t.about);
  if (own.length) lines.push('', `${h.options}:`, ...optionLines(h, own));
  lines.push('', `${h.commonOptions}:`, ...optionLines(h, common));
  if (t?.examples.length) lines.push('', `${h.examples}:`, ...t.examples.flatMap(([cmd, what]) => [`  ${cmd}`, `      ${what}`]));
  lines.push('', `${h.exitCodes}:`, ...exitLines(h, t?.exits ?? [0, 2, 1]), '');
  return lines.join('\n');
}

/** `sigla --help` without a command: the overview; with one, its help. */
export function helpText(lang: Lang, topic?: HelpTopic): string {
  return topic === undefined ? overviewText(lang) : commandHelpText(topic, lang);
}
