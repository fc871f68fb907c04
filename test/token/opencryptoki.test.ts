/**
 * The openCryptoki soft-token fixture: its PIN state machine, driven and read only with
 * pkcs11-tool (OpenSC) and pkcsconf, never with Sigla's code. Every step is a separate process,
 * so this also shows that the failure counters persist across processes.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import {
  freshOpencryptokiToken,
  lockUserPin,
  OC_FACTORY_SO_PIN,
  ocFlags,
  opencryptokiUnavailable,
  OPENCRYPTOKI_MODULE,
  pkcs11ToolFlags,
  soLogin,
  soUnblock,
  userLogin,
  wrongSoLogin,
  wrongUserLogin,
  type OcToken,
} from '../helpers/opencryptoki.js';

const unavailable = opencryptokiUnavailable();
const skip = unavailable === undefined ? false : `openCryptoki fixture unavailable: ${unavailable}`;

const state = (tok: OcToken): { user: string; so: string } => {
  const f = ocFlags(tok);
  return { user: f.userPin, so: f.soPin };
};

describe('openCryptoki soft token fixture', { skip }, () => {
  it('gives a fresh, unlocked token with both PINs usable', async () => {
    const tok = await freshOpencryptokiToken();
    assert.equal(tok.module, OPENCRYPTOKI_MODULE);
    assert.equal(tok.label, 'SiglaOC');
    assert.ok(Number.isInteger(tok.slot) && tok.slot >= 0);
    const f = pkcs11ToolFlags(tok.module, tok.label, tok.env);
    assert.equal(f.userPin, 'ok', f.raw);
    assert.equal(f.soPin, 'ok', f.raw);
    assert.ok(f.names.includes('token initialized') && f.names.includes('PIN initialized'), f.raw);
    assert.equal(userLogin(tok).rv, 'CKR_OK');
    assert.equal(soLogin(tok).rv, 'CKR_OK');
    assert.deepEqual(state(tok), { user: 'ok', so: 'ok' });
  });

  it('user PIN: count low, final try, locked; then SO unblock with a new PIN', async () => {
    let tok = await freshOpencryptokiToken({ label: 'SiglaOC-lock', userPin: '2468', soPin: '13572468' });
    assert.equal(wrongUserLogin(tok).rv, 'CKR_PIN_INCORRECT');
    assert.deepEqual(state(tok), { user: 'countLow', so: 'ok' });
    assert.equal(wrongUserLogin(tok).rv, 'CKR_PIN_INCORRECT');
    assert.deepEqual(state(tok), { user: 'finalTry', so: 'ok' });
    assert.equal(wrongUserLogin(tok).rv, 'CKR_PIN_INCORRECT');
    assert.deepEqual(state(tok), { user: 'locked', so: 'ok' });

    // Locked means locked: the right PIN is refused too, and further attempts change nothing.
    assert.equal(userLogin(tok).rv, 'CKR_PIN_LOCKED');
    assert.equal(ocFlags(tok).userPin, 'locked');
    // openCryptoki's own tool agrees.
    const pkcsconf = execFileSync('/usr/sbin/pkcsconf', ['-t', '-c', String(tok.slot)], { encoding: 'utf8' });
    assert.match(pkcsconf, /Flags: 0x[0-9A-F]+ \(.*\bUSER_PIN_LOCKED\b/i);

    const oldPin = tok.userPin;
    tok = soUnblock(tok, '55667788');
    assert.deepEqual(state(tok), { user: 'ok', so: 'ok' });
    assert.equal(userLogin(tok).rv, 'CKR_OK');
    assert.equal(userLogin(tok, oldPin).rv, 'CKR_PIN_INCORRECT');
    assert.equal(ocFlags(tok).userPin, 'countLow');
  });

  it('a correct user login resets the failure count', async () => {
    const tok = await freshOpencryptokiToken();
    wrongUserLogin(tok);
    wrongUserLogin(tok);
    assert.equal(ocFlags(tok).userPin, 'finalTry');
    assert.equal(userLogin(tok).rv, 'CKR_OK');
    assert.equal(ocFlags(tok).userPin, 'ok');
  });

  it('3.8 quirk: SO C_InitPIN on a count-low (not locked) PIN keeps the count flag until a good login', async () => {
    let tok = await freshOpencryptokiToken();
    wrongUserLogin(tok);
    wrongUserLogin(tok);
    tok = soUnblock(tok, '10203040');
    assert.equal(ocFlags(tok).userPin, 'finalTry');
    assert.equal(userLogin(tok).rv, 'CKR_OK');
    assert.equal(ocFlags(tok).userPin, 'ok');
  });

  it('SO PIN has its own counter: count low, final try, locked (only a fresh token recovers)', async () => {
    const tok = await freshOpencryptokiToken();
    assert.equal(wrongSoLogin(tok).rv, 'CKR_PIN_INCORRECT');
    assert.deepEqual(state(tok), { user: 'ok', so: 'countLow' });
    assert.equal(soLogin(tok).rv, 'CKR_OK');
    assert.deepEqual(state(tok), { user: 'ok', so: 'ok' });

    wrongSoLogin(tok);
    wrongSoLogin(tok);
    assert.equal(ocFlags(tok).soPin, 'finalTry');
    wrongSoLogin(tok);
    assert.deepEqual(state(tok), { user: 'ok', so: 'locked' });
    assert.equal(soLogin(tok).rv, 'CKR_PIN_LOCKED');
    // With the SO locked nothing can unblock a user PIN any more.
    lockUserPin(tok);
    assert.throws(() => soUnblock(tok, '55667788'), /CKR_PIN_LOCKED/);

    const again = await freshOpencryptokiToken();
    assert.deepEqual(state(again), { user: 'ok', so: 'ok' });
    assert.equal(userLogin(again).rv, 'CKR_OK');
  });

  it('with the factory SO PIN the SO PIN reads as to-be-changed (and SO sessions are restricted)', async () => {
    const tok = await freshOpencryptokiToken({ soPin: OC_FACTORY_SO_PIN });
    assert.deepEqual(state(tok), { user: 'ok', so: 'toBeChanged' });
    // C_Login succeeds, but anything but C_SetPIN / C_InitPIN then fails (here C_FindObjectsInit).
    assert.equal(soLogin(tok).rv, 'CKR_PIN_EXPIRED');
    assert.equal(userLogin(tok).rv, 'CKR_OK');
    assert.equal(soUnblock(tok, '10203040').userPin, '10203040');
    assert.equal(userLogin(tok, '10203040').rv, 'CKR_OK');
  });

  it('rejects PINs openCryptoki cannot hold, and leaves a reusable token behind', async () => {
    await assert.rejects(freshOpencryptokiToken({ userPin: '123' }), /4\.\.8/);
    await assert.rejects(freshOpencryptokiToken({ soPin: '123456789' }), /4\.\.8/);
    const tok = await freshOpencryptokiToken();
    assert.deepEqual(state(tok), { user: 'ok', so: 'ok' });
  });
});
