/**
 * Issue 14 acceptance: every catalog text (error messages, usage errors, findings, help, the CLI's lines) exists in
 * Italian and English with every placeholder filled; and what `sign`, `verify`, `pin`, `certs` and the usage errors
 * print with the Italian default holds no English word (test/helpers/englishWords.ts). The word list is proven able
 * to fail on the same commands run with `--lang en`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { commandHelpText, overviewText } from '../../electron/cli/help.js';
import { COMMAND_OPTIONS, type HelpTopic } from '../../electron/cli/options.js';
import { FINDING_CODES } from '../../electron/shared/findingCodes.js';
import { ERROR_CODES, SiglaError } from '../../electron/shared/errors.js';
import { CLI_TEXTS, cliText, type CliTextKey } from '../../electron/shared/i18n/cliText.js';
import { FINDING_TEXTS, findingText, formatTime } from '../../electron/shared/i18n/findings.js';
import { HELP } from '../../electron/shared/i18n/help.js';
import { PROMPTS } from '../../electron/shared/i18n/prompts.js';
import { describeError, PIN_STATE_TEXT, TRUST_TEXTS, trustText } from '../../electron/shared/i18n/messages.js';
import { USAGE_TEXTS, usageText, type UsageKey } from '../../electron/shared/i18n/usage.js';
import { sigla, type CliResult } from '../helpers/cli.js';
import { englishIn } from '../helpers/englishWords.js';
import { cleanup, hasSoftHsm, makeTestPki, makeTestToken, type TestPki, type TestToken } from '../helpers/testPki.js';

const LANGS = ['it', 'en'] as const;

/** The placeholders of a catalog text: `{name}` and `{name|one|many}`. */
const placeholders = (t: string): string[] => [...t.matchAll(/\{(\w+)(?:\|[^}]*)?\}/g)].map((m) => m[1] ?? '');

/** Neutral sample values: numbers where a count is expected, a name-like token otherwise. */
function sample(name: string): string | number {
  if (['count', 'n', 'index', 'page', 'days', 'width', 'height', 'errno', 'valid', 'failed', 'sequence'].includes(name)) return 2;
  if (name === 'time' || name === 'at' || /At$/.test(name)) return '2023-01-12T09:21:06.000Z';
  return `X${name.length}`;
}

/** Values for every param an error text may name (a text naming another one shows `?`, and fails below). */
const ERROR_PARAMS: Record<string, string | number> = Object.fromEntries(
  ['file', 'input', 'folder', 'errno', 'token', 'candidates', 'what', 'expected', 'state', 'mechanism', 'module', 'limit', 'kind', 'detail', 'url', 'reason', 'source', 'account', 'option', 'storage', 'field', 'fieldProblem', 'converter', 'package', 'site', 'status', 'level', 'problem', 'fonts', 'subject', 'problems', 'profile', 'path', 'tool'].map((k) => [k, sample(k)]),
);
// PDFA_ALREADY_INVALID: every problem a file claiming PDF/A may have, said in words.
ERROR_PARAMS['problems'] = 'fontNotEmbedded,javaScript,encrypted,transparency,noOutputIntent';

/** A value left unfilled: a placeholder, `?` where a value goes, `undefined`, an ISO time in a human text. */
function unfilled(text: string): string | null {
  if (!text.trim()) return 'empty';
  if (/[{}]/.test(text)) return 'placeholder';
  if (/(^|[\s(«"'])\?([\s)»"',.:;]|$)/.test(text)) return '? for a value';
  if (/\bundefined\b|\bNaN\b/.test(text)) return 'undefined';
  // An ISO time is never how a human text shows a time, except as what to type (--at 2013-09-08T12:00:00Z).
  if (/\d{4}-\d{2}-\d{2}T\d{2}/.test(text.replace(/(esempio|example) \d{4}-\d{2}-\d{2}T[\d:]+Z/g, ''))) return 'ISO time';
  return null;
}

describe('every catalog text, in Italian and English', () => {
  it('error messages (CLI and app): filled, and the Italian ones with no English word', () => {
    const bad: string[] = [];
    for (const code of ERROR_CODES) {
      for (const surface of ['cli', 'app'] as const) {
        const it = describeError(new SiglaError(code, 'X', { params: ERROR_PARAMS }), 'it', surface);
        const en = describeError(new SiglaError(code, 'X', { params: ERROR_PARAMS }), 'en', surface);
        for (const [lang, text] of [['it', it], ['en', en]] as const) {
          const why = unfilled(text);
          if (why) bad.push(`${code} ${surface} ${lang}: ${why} in «${text}»`);
        }
        if (it === en) bad.push(`${code} ${surface}: the same text in both languages`);
        const english = englishIn(it);
        if (english.length) bad.push(`${code} ${surface}: English [${english.join(', ')}] in «${it}»`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it('usage errors: every key in both languages, plural forms, no English in Italian', () => {
    const bad: string[] = [];
    assert.deepEqual(Object.keys(USAGE_TEXTS.it).sort(), Object.keys(USAGE_TEXTS.en).sort());
    for (const key of Object.keys(USAGE_TEXTS.it) as UsageKey[]) {
      assert.deepEqual(placeholders(USAGE_TEXTS.it[key]).sort(), placeholders(USAGE_TEXTS.en[key]).sort(), key);
      for (const lang of LANGS) {
        const params = Object.fromEntries(placeholders(USAGE_TEXTS[lang][key]).map((p) => [p, sample(p)]));
        const text = usageText(key, lang, params);
        const why = unfilled(text);
        if (why) bad.push(`${key} ${lang}: ${why} in «${text}»`);
        // Through the error, as users get it.
        const shown = describeError(new SiglaError('USAGE', 'X', { params: { ...params, usage: key } }), lang);
        if (shown !== text) bad.push(`${key} ${lang}: describeError says «${shown}»`);
      }
      const it = usageText(key, 'it', Object.fromEntries(placeholders(USAGE_TEXTS.it[key]).map((p) => [p, sample(p)])));
      const english = englishIn(it);
      if (english.length) bad.push(`${key}: English [${english.join(', ')}] in «${it}»`);
    }
    assert.equal(usageText('pageMissing', 'it', { page: 3, count: 1 }), '--page 3: il documento ha 1 pagina.');
    assert.equal(usageText('pageMissing', 'it', { page: 3, count: 2 }), '--page 3: il documento ha 2 pagine.');
    assert.equal(usageText('pageMissing', 'en', { page: 3, count: 1 }), '--page 3: the document has 1 page.');
    assert.deepEqual(bad, []);
  });

  it('findings: every code has both texts, every placeholder filled', () => {
    const bad: string[] = [];
    for (const code of FINDING_CODES) {
      for (const lang of LANGS) {
        const t = FINDING_TEXTS[lang][code];
        if (!t) {
          bad.push(`${code} ${lang}: missing`);
          continue;
        }
        const text = findingText({ code, params: Object.fromEntries(placeholders(t).map((p) => [p, sample(p)])) }, lang);
        const why = unfilled(text.replace(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}/g, 'T'));
        if (why) bad.push(`${code} ${lang}: ${why} in «${text}»`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it('help: every command in both languages; the Italian words hold no English', () => {
    const bad: string[] = [];
    for (const topic of Object.keys(COMMAND_OPTIONS) as HelpTopic[]) {
      for (const lang of LANGS) {
        const why = unfilled(commandHelpText(topic, lang).replace(/Continuare\?|Continue\?/g, ''));
        if (why) bad.push(`${topic} ${lang}: ${why}`);
      }
      const it = HELP.it.topics[topic];
      const en = HELP.en.topics[topic];
      if (!it || !en) continue;
      const texts: [string, string, string | undefined][] = [
        ['summary', it.summary, en.summary],
        ...(it.about ?? []).map((t, i): [string, string, string | undefined] => [`about ${i}`, t, en.about?.[i]]),
        ...Object.entries(it.options).flatMap(([name, o]): [string, string, string | undefined][] => [
          [`--${name}`, o.text, en.options[name]?.text],
          // A default that is a value (cades, sha256, 1000) is the same in both languages.
          ...(o.default !== undefined ? [[`--${name} default`, o.default, en.options[name]?.default] as [string, string, string | undefined]] : []),
        ]),
        ...it.examples.map(([, what], i): [string, string, string | undefined] => [`example ${i}`, what, en.examples[i]?.[1]]),
      ];
      for (const [where, text, english] of texts) {
        if (text === english) continue;
        const found = englishIn(text);
        if (found.length) bad.push(`${topic} ${where}: English [${found.join(', ')}] in «${text}»`);
      }
    }
    for (const text of [overviewText('it'), ...Object.values(HELP.it.exit), ...Object.values(HELP.it.common).map((o) => o.text)]) {
      const found = englishIn(text);
      if (found.length) bad.push(`English [${found.join(', ')}] in «${text}»`);
    }
    assert.deepEqual(bad, []);
  });

  it("the CLI's lines, PIN states and trusted-list words: both languages, filled, no English in Italian", () => {
    const bad: string[] = [];
    assert.deepEqual(Object.keys(CLI_TEXTS.it).sort(), Object.keys(CLI_TEXTS.en).sort());
    for (const key of Object.keys(CLI_TEXTS.it) as CliTextKey[]) {
      for (const lang of LANGS) {
        // Times come to these lines already in Italian local time (formatTime).
        const text = cliText(key, lang, Object.fromEntries(placeholders(CLI_TEXTS[lang][key]).map((p) => [p, p === 'time' ? formatTime(String(sample(p)), lang) : sample(p)])));
        const why = unfilled(text);
        if (why) bad.push(`${key} ${lang}: ${why} in «${text}»`);
        if (lang === 'it' && englishIn(text).length) bad.push(`${key}: English [${englishIn(text).join(', ')}] in «${text}»`);
      }
    }
    assert.equal(cliText('daysLeft', 'it', { n: 1 }), 'tra 1 giorno');
    assert.equal(cliText('daysLeft', 'it', { n: 40 }), 'tra 40 giorni');
    for (const [k, v] of Object.entries(PIN_STATE_TEXT.it)) if (englishIn(v).length) bad.push(`PIN state ${k}: «${v}»`);
    // The terminal prompts: every one in both languages, the Italian ones with no English word.
    assert.deepEqual(Object.keys(PROMPTS.it).sort(), Object.keys(PROMPTS.en).sort());
    for (const [k, v] of Object.entries(PROMPTS.it)) {
      const shown = typeof v === 'function' ? (v as (x: string) => string)('countLow') : String(v);
      if (typeof v !== 'object' && englishIn(shown).length) bad.push(`prompt ${k}: English [${englishIn(shown).join(', ')}] in «${shown}»`);
    }
    assert.match(PROMPTS.it.p12('firma.p12'), /^Password del file PKCS#12 "firma\.p12": $/);
    assert.deepEqual(Object.keys(TRUST_TEXTS.it).sort(), Object.keys(TRUST_TEXTS.en).sort());
    for (const k of Object.keys(TRUST_TEXTS.it)) {
      const text = trustText(k, 'it', { territory: 'IT', days: 2, reason: 'timeout', sequence: 2, valid: 2, failed: 2, count: 2 });
      const why = unfilled(text);
      if (why) bad.push(`trust ${k}: ${why} in «${text}»`);
      if (englishIn(text).length) bad.push(`trust ${k}: English [${englishIn(text).join(', ')}] in «${text}»`);
    }
    assert.deepEqual(bad, []);
  });
});

describe('sign, verify, pin, certs and usage errors speak Italian by default', () => {
  let pki: TestPki;
  let dir: string;
  let doc: string;
  let token: TestToken | undefined;
  before(() => {
    pki = makeTestPki();
    dir = mkdtempSync(join(tmpdir(), 'sigla-italian-'));
    doc = join(dir, 'delibera.txt');
    writeFileSync(doc, 'Delibera della Giunta comunale n. 7\n');
    if (hasSoftHsm()) token = makeTestToken({ label: 'SIGLA-IT', identities: [pki.auth, pki.signer] });
  });
  after(() => cleanup(pki.dir, dir, ...(token ? [token.dir] : [])));

  /** The command's whole output (stdout and stderr) must hold no English word. */
  function italian(r: CliResult, what: string): void {
    const text = `${r.stdout}\n${r.stderr}`;
    assert.ok(text.trim().length > 0, `${what}: says something`);
    assert.deepEqual(englishIn(text), [], `${what}:\n${text}`);
  }

  const usage: [string, string[], number, RegExp][] = [
    ['unknown command', ['firmare', 'x.pdf'], 2, /Comando sconosciuto: «firmare»/],
    ['unknown option', ['sign', 'x.pdf', '--formato', 'pades'], 2, /Opzione sconosciuta: --formato/],
    ['missing value', ['sign', 'x.pdf', '--out'], 2, /L'opzione --out vuole un valore/],
    ['a value to a switch', ['sign', 'x.pdf', '--force=si'], 2, /L'opzione --force non vuole un valore/],
    ['no file to sign', ['sign', '--format', 'pades'], 2, /Nessun file da firmare/],
    ['no file to verify', ['verify'], 2, /Nessun file da verificare/],
    ['unknown format', ['sign', 'x.pdf', '--format', 'xades'], 2, /Formato di firma sconosciuto: «xades»/],
    ['a PIN as an argument', ['sign', 'x.pdf', '--pin', '1234'], 2, /PIN e password non si scrivono mai/],
    ['pin without what to do', ['pin'], 2, /Indica che cosa fare con il PIN/],
    ['no command', [], 2, /Uso: sigla COMANDO/],
  ];
  for (const [what, args, exit, expected] of usage) {
    it(`usage error: ${what}`, () => {
      const r = sigla(args);
      assert.equal(r.status, exit, r.stderr);
      assert.match(`${r.stdout}${r.stderr}`, expected);
      italian(r, what);
    });
  }

  it('the word list catches English: the same usage errors with --lang en', () => {
    for (const [, args] of usage.slice(0, 6)) {
      const r = sigla([...args, '--lang', 'en']);
      assert.notDeepEqual(englishIn(`${r.stdout}${r.stderr}`), [], `${args.join(' ')}: ${r.stderr}`);
    }
  });

  it('help of sign, verify, pin and certs', () => {
    for (const c of ['sign', 'verify', 'pin', 'certs']) italian(sigla([c, '--help']), `${c} --help`);
  });

  it('sign with a PKCS#12 file, then verify it: Italian lines and report', () => {
    const s = sigla(['sign', doc, '--p12', pki.signer.p12, '--pin-stdin'], { input: `${pki.signer.p12Password}\n` });
    assert.equal(s.status, 0, s.stderr);
    assert.match(s.stdout, /^Firmato: .*delibera\.txt → .*delibera\.txt\.p7m$/m);
    italian(s, 'sign');
    const v = sigla(['verify', `${doc}.p7m`, '--trust', pki.rootPem, '--offline']);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /\(ora italiana\)/);
    italian(v, 'verify');
  });

  it('sign: a missing file, a wrong password, no password on standard input, a non-PDF to PAdES', () => {
    const missing = sigla(['sign', join(dir, 'manca.txt'), '--p12', pki.signer.p12, '--pin-stdin']);
    assert.equal(missing.status, 8);
    italian(missing, 'missing file');
    const wrong = sigla(['sign', doc, '--p12', pki.signer.p12, '--pin-stdin', '--out', join(dir, 'w.p7m')], { input: 'sbagliata\n' });
    assert.equal(wrong.status, 3);
    italian(wrong, 'wrong password');
    const none = sigla(['sign', doc, '--p12', pki.signer.p12, '--pin-stdin', '--out', join(dir, 'n.p7m')], { input: '' });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /manca la password del file PKCS#12/);
    italian(none, 'no password on stdin');
    const pades = sigla(['sign', doc, '--format', 'pades', '--p12', pki.signer.p12, '--pin-stdin'], { input: `${pki.signer.p12Password}\n` });
    assert.equal(pades.status, 8);
    assert.match(pades.stderr, /non è un PDF/);
    assert.doesNotMatch(pades.stderr, /danneggiato|stampalo/);
    italian(pades, 'non-PDF to PAdES');
  });

  it('verify: a missing file and a file that is not signed', () => {
    const missing = sigla(['verify', join(dir, 'manca.p7m')]);
    assert.equal(missing.status, 8);
    italian(missing, 'verify missing');
    const plain = sigla(['verify', doc, '--offline']);
    assert.equal(plain.status, 8);
    italian(plain, 'verify unsigned');
  });

  it('pin and certs without a module that loads', () => {
    const pin = sigla(['pin', 'check', '--module', join(dir, 'nessuno.so'), '--pin-stdin'], { input: '1234\n' });
    assert.notEqual(pin.status, 0);
    italian(pin, 'pin check, no module');
    const certs = sigla(['certs', '--module', join(dir, 'nessuno.so')]);
    assert.notEqual(certs.status, 0);
    italian(certs, 'certs, no module');
  });

  it('pin check (right and wrong PIN), no PIN on standard input, and certs on a SoftHSM2 token', (t) => {
    if (!token) return t.skip('SoftHSM2 is not installed');
    const env = token.env;
    const ok = sigla(['pin', 'check', '--module', token.module, '--token', token.label, '--pin-stdin'], { input: `${token.pin}\n`, env });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /PIN corretto/);
    italian(ok, 'pin check');
    const wrong = sigla(['pin', 'check', '--module', token.module, '--token', token.label, '--pin-stdin'], { input: '000000\n', env });
    assert.equal(wrong.status, 3);
    italian(wrong, 'pin check, wrong PIN');
    const none = sigla(['pin', 'check', '--module', token.module, '--token', token.label, '--pin-stdin'], { input: '', env });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /manca il PIN/);
    italian(none, 'pin check, no PIN on stdin');
    const certs = sigla(['certs', '--module', token.module, '--token', token.label], { env });
    assert.equal(certs.status, 0, certs.stderr);
    // Expiry as the day in Italy (dd/mm/yyyy), never ISO.
    assert.match(certs.stdout, /scade il \d{2}\/\d{2}\/\d{4} \(tra \d+ giorn[oi]\)/);
    italian(certs, 'certs');
    const en = sigla(['certs', '--module', token.module, '--token', token.label, '--lang', 'en'], { env });
    assert.notDeepEqual(englishIn(en.stdout), [], 'the English listing is caught');
  });

  it('certs with nothing to show says so in a sentence', (t) => {
    if (!token) return t.skip('SoftHSM2 is not installed');
    const conf = join(dir, 'empty.conf');
    const tokens = mkdtempSync(join(dir, 'empty-'));
    writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
    const r = sigla(['certs', '--module', token.module], { env: { ...process.env, SOFTHSM2_CONF: conf } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Nessun (dispositivo|certificato)[^\n]*\.\n$/);
    italian(r, 'certs, nothing to show');
    assert.ok(readFileSync(conf, 'utf8').length > 0);
  });
});
