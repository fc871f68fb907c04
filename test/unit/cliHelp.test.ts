/**
 * Issue 14: every option a command's parseArgs table accepts is documented in its help, in Italian and English, and
 * the help documents no option the command does not take; `sigla --help` lists every command; what main.ts parses
 * is exactly the commands' tables.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandHelpText, overviewText } from '../../electron/cli/help.js';
import { ALL_OPTIONS, COMMANDS, COMMAND_OPTIONS, COMMON_OPTIONS, type HelpTopic } from '../../electron/cli/options.js';
import { HELP } from '../../electron/shared/i18n/help.js';
import { sigla } from '../helpers/cli.js';

const TOPICS = Object.keys(COMMAND_OPTIONS) as HelpTopic[];
const LANGS = ['it', 'en'] as const;

describe('sigla help', () => {
  it("each command's help documents exactly the options of its parseArgs table, in both languages", () => {
    const bad: string[] = [];
    for (const lang of LANGS) {
      assert.deepEqual(Object.keys(HELP[lang].topics).sort(), [...TOPICS].sort(), `${lang}: one help per command and subcommand`);
      for (const topic of TOPICS) {
        const accepted = Object.keys(COMMAND_OPTIONS[topic]).sort();
        const documented = Object.keys(HELP[lang].topics[topic]?.options ?? {}).sort();
        if (accepted.join() !== documented.join()) bad.push(`${lang} ${topic}: accepts [${accepted.join(', ')}], documents [${documented.join(', ')}]`);
        const text = commandHelpText(topic, lang);
        for (const name of [...accepted, 'json', 'lang', 'help']) {
          if (!new RegExp(`(^|\\s)--${name}(\\s|$)`, 'm').test(text)) bad.push(`${lang} ${topic}: --${name} is not in the help text`);
        }
        for (const option of Object.values(HELP[lang].topics[topic]?.options ?? {})) {
          if (!option.text.trim()) bad.push(`${lang} ${topic}: an option without words`);
        }
        const t = HELP[lang].topics[topic];
        if (!t || t.usage.length === 0 || !t.summary || t.examples.length < 2 || !t.exits.includes(0) || !t.exits.includes(2) && topic !== 'demo') bad.push(`${lang} ${topic}: usage, summary, 2 examples and exit codes`);
        for (const code of t?.exits ?? []) if (!HELP[lang].exit[code]) bad.push(`${lang} ${topic}: exit code ${code} without words`);
        if (/\?/.test(text.replace(/Continuare\?|Continue\?/g, ''))) bad.push(`${lang} ${topic}: a missing text shown as ?`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it('--offline is documented for verify, in both languages', () => {
    for (const lang of LANGS) assert.match(commandHelpText('verify', lang), /^ {2}--offline {2,}\S/m);
  });

  it('what main.ts parses is the union of the commands\' tables and the common options, no more', () => {
    const union = new Set([...Object.keys(COMMON_OPTIONS), ...TOPICS.flatMap((t) => Object.keys(COMMAND_OPTIONS[t]))]);
    assert.deepEqual(Object.keys(ALL_OPTIONS).sort(), [...union].sort());
    // An option taking a value in one command takes one in every command (one parse for all).
    for (const t of TOPICS) {
      for (const [name, o] of Object.entries(COMMAND_OPTIONS[t])) assert.equal((ALL_OPTIONS as Record<string, { type: string }>)[name]?.type, (o as { type: string }).type, `${t} --${name}`);
    }
  });

  it('sigla --help lists every command with one line, and every common option', () => {
    for (const lang of LANGS) {
      const text = overviewText(lang);
      for (const c of COMMANDS) assert.match(text, new RegExp(`^ {2}${c} +\\S.*$`, 'm'), `${lang}: ${c}`);
      for (const o of Object.keys(COMMON_OPTIONS)) assert.match(text, new RegExp(`--${o}\\b`), `${lang}: --${o}`);
    }
  });

  it('sigla COMMAND --help, sigla help COMMAND and sigla help COMMAND SUBCOMMAND print that help (exit 0), Italian by default', () => {
    const sign = sigla(['sign', '--help']);
    assert.equal(sign.status, 0, sign.stderr);
    assert.equal(sign.stdout, commandHelpText('sign', 'it'));
    const verify = sigla(['help', 'verify', '--lang', 'en']);
    assert.equal(verify.status, 0, verify.stderr);
    assert.equal(verify.stdout, commandHelpText('verify', 'en'));
    const unblock = sigla(['help', 'pin', 'unblock']);
    assert.equal(unblock.stdout, commandHelpText('pin unblock', 'it'));
    const status = sigla(['trust', 'status', '-h']);
    assert.equal(status.stdout, commandHelpText('trust status', 'it'));
    const overview = sigla(['--help']);
    assert.equal(overview.status, 0);
    assert.equal(overview.stdout, overviewText('it'));
  });

  it('help for a command that does not exist is a usage error (exit 2) in Italian', () => {
    const r = sigla(['help', 'firmare']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /Non c'è una guida per «firmare»/);
  });
});
