/**
 * `sigla pin` and the login rules on openCryptoki's soft token, which really counts and locks (countLow after one
 * wrong PIN, finalTry after two, locked after three). Each step's state is read independently with
 * `pkcs11-tool -T` (OpenSC), never with Sigla's code; no PIN or PUK may ever appear in Sigla's output.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sigla, type CliResult } from '../helpers/cli.js';
import { freshOpencryptokiToken, ocFlags, opencryptokiUnavailable, userLogin, wrongSoLogin, type OcToken } from '../helpers/opencryptoki.js';

const unavailable = opencryptokiUnavailable();
const skip = unavailable === undefined ? false : `openCryptoki unavailable: ${unavailable}`;

// Letters make the secrets impossible to meet by chance in serial numbers or paths.
const PIN = 'Pa55wOrd';
const WRONG = 'Wr0ngPin';
const SO = 'S0pukKey';
const WRONG_SO = 'BadPuk77';
const NEW_PIN = 'N3wPin42';
const NEWER_PIN = 'N3werPn9';
const SECRETS = [PIN, WRONG, SO, WRONG_SO, NEW_PIN, NEWER_PIN];

const outputs: string[] = [];
function run(args: readonly string[], input = ''): CliResult {
  const r = sigla(args, { input });
  outputs.push(r.stdout, r.stderr);
  return r;
}

const pin = (tok: OcToken, op: string, input: string, ...extra: string[]): CliResult =>
  run(['pin', op, '--module', tok.module, '--token', tok.label, op === 'check' ? '--pin-stdin' : '--stdin', '--lang', 'en', ...extra], input);

describe('PIN and PUK flows on openCryptoki', { skip }, () => {
  after(() => {
    // The promise of the brief: whatever happened above, no secret was ever printed.
    const all = outputs.join('\n');
    for (const s of SECRETS) assert.ok(!all.includes(s), `a PIN/PUK (${s}) appeared in sigla's output`);
  });

  it('lists the token with its PIN states (sigla tokens --json)', async () => {
    const tok = await freshOpencryptokiToken({ userPin: PIN, soPin: SO });
    const r = run(['tokens', '--module', tok.module, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const list = JSON.parse(r.stdout) as { label: string; userPin: string; soPin: string; pinpad: boolean; module: string }[];
    const t = list.find((x) => x.label === tok.label);
    assert.ok(t, r.stdout);
    assert.deepEqual([t.userPin, t.soPin, t.pinpad, t.module], ['ok', 'ok', false, tok.module]);
  });

  it('wrong PIN → exit 3 countLow, then finalTry; a third try needs consent (exit 12, nothing spent); with consent → locked', async () => {
    const tok = await freshOpencryptokiToken({ userPin: PIN, soPin: SO });
    let r = pin(tok, 'check', `${WRONG}\n`);
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stderr, /few tries left/);
    assert.equal(ocFlags(tok).userPin, 'countLow');

    r = pin(tok, 'check', `${WRONG}\n`);
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stderr, /one try left/);
    assert.equal(ocFlags(tok).userPin, 'finalTry');

    // Without consent the last try is not spent, even with the right PIN on stdin.
    r = pin(tok, 'check', `${PIN}\n`);
    assert.equal(r.status, 12, r.stderr);
    assert.equal(ocFlags(tok).userPin, 'finalTry');
    assert.match(ocFlags(tok).raw, /final user PIN try/);
    r = run(['tokens', '--module', tok.module, '--json']);
    assert.equal((JSON.parse(r.stdout) as { userPin: string }[])[0]?.userPin, 'finalTry');

    r = pin(tok, 'check', `${WRONG}\n`, '--allow-final-try');
    assert.ok(r.status === 3 || r.status === 4, `${r.status} ${r.stderr}`);
    assert.equal(ocFlags(tok).userPin, 'locked');

    // A correct PIN on a locked token: exit 4, no login attempted, the state unchanged.
    r = pin(tok, 'check', `${PIN}\n`);
    assert.equal(r.status, 4, r.stderr);
    assert.match(r.stderr, /nothing was tried/);
    assert.equal(ocFlags(tok).userPin, 'locked');
  });

  it('a PIN of a length the token refuses costs no try (exit 2)', async () => {
    const tok = await freshOpencryptokiToken({ userPin: PIN, soPin: SO });
    // openCryptoki takes 4..8 characters and counts a wrong-length PIN as a failure: Sigla must not send it.
    const r = pin(tok, 'check', 'abc\n');
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /no try was spent/);
    assert.equal(ocFlags(tok).userPin, 'ok');
  });

  it('PUK: warning first; wrong PUK → exit 3 with SO countLow; right PUK unblocks; the new PIN logs in', async () => {
    const tok = await freshOpencryptokiToken({ userPin: PIN, soPin: SO });
    for (let i = 0; i < 3; i++) pin(tok, 'check', `${WRONG}\n`, '--allow-final-try');
    assert.equal(ocFlags(tok).userPin, 'locked');

    let r = pin(tok, 'unblock', `${WRONG_SO}\n${NEW_PIN}\n`);
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stderr, /PUK tries are very few/);
    assert.match(r.stderr, /a BusinessKey .*can no longer be used/);
    assert.ok(r.stderr.indexOf('PUK tries') < r.stderr.indexOf('Wrong PUK'), 'the warning comes before the PUK is used');
    assert.match(r.stderr, /Wrong PUK/);
    assert.equal(ocFlags(tok).soPin, 'countLow');
    assert.equal(ocFlags(tok).userPin, 'locked');

    r = pin(tok, 'unblock', `${SO}\n${NEW_PIN}\n`, '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { userPin: string }).userPin, 'ok');
    assert.equal(ocFlags(tok).userPin, 'ok');
    assert.equal(ocFlags(tok).soPin, 'ok');
    // Independently: pkcs11-tool logs in with the new PIN, and so does `sigla pin check`.
    assert.ok(userLogin(tok, NEW_PIN).ok);
    r = pin(tok, 'check', `${NEW_PIN}\n`);
    assert.equal(r.status, 0, r.stderr);
  });

  it('a malformed new PIN is refused before the PUK is spent', async () => {
    const tok = await freshOpencryptokiToken({ userPin: PIN, soPin: SO });
    const r = pin(tok, 'unblock', `${WRONG_SO}\nab\n`);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(ocFlags(tok).soPin, 'ok');
  });

  it('locked PUK → exit 4 without a try; PUK final try needs consent (exit 12)', async () => {
    const tok = await freshOpencryptokiToken({ userPin: PIN, soPin: SO });
    wrongSoLogin(tok);
    wrongSoLogin(tok);
    assert.equal(ocFlags(tok).soPin, 'finalTry');
    let r = pin(tok, 'unblock', `${SO}\n${NEW_PIN}\n`);
    assert.equal(r.status, 12, r.stderr);
    assert.equal(ocFlags(tok).soPin, 'finalTry');
    wrongSoLogin(tok);
    assert.equal(ocFlags(tok).soPin, 'locked');
    r = pin(tok, 'unblock', `${SO}\n${NEW_PIN}\n`);
    assert.equal(r.status, 4, r.stderr);
    assert.match(r.stderr, /PUK of token "SiglaOC" is locked: nothing was tried/);
  });

  it('PIN change: old and new from stdin; the new PIN works, the old one no longer', async () => {
    const tok = await freshOpencryptokiToken({ userPin: PIN, soPin: SO });
    let r = pin(tok, 'change', `${PIN}\n${NEWER_PIN}\n`);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /PIN changed/);
    assert.ok(userLogin(tok, NEWER_PIN).ok, 'pkcs11-tool logs in with the new PIN');
    r = pin(tok, 'check', `${PIN}\n`);
    assert.equal(r.status, 3, r.stderr);
    r = pin(tok, 'check', `${NEWER_PIN}\n`);
    assert.equal(r.status, 0, r.stderr);
  });

  it('PIN change with a wrong current PIN → exit 3, PIN unchanged', async () => {
    const tok = await freshOpencryptokiToken({ userPin: PIN, soPin: SO });
    const r = pin(tok, 'change', `${WRONG}\n${NEWER_PIN}\n`);
    assert.equal(r.status, 3, r.stderr);
    assert.equal(ocFlags(tok).userPin, 'countLow');
    assert.ok(userLogin(tok, PIN).ok);
  });
});
