/**
 * Dispositivi's PIN operations through the app's own service (AppService `pin:run`, PINs through GuiPinSource as the
 * window gives them) on openCryptoki's soft token, which really counts and locks. Each state is read independently
 * with `pkcs11-tool -T` (OpenSC). Also: the device list is live (the slot watch sends `tokens:changed` when the PIN
 * state changes), and `tokens:profile` gives the PUK notes. The token is left fresh for the other suites.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AppService } from '../../electron/app/AppService.js';
import type { EventOf, ResultOf } from '../../electron/shared/ipc/contract.js';
import { freshOpencryptokiToken, ocFlags, opencryptokiUnavailable, userLogin, type OcToken } from '../helpers/opencryptoki.js';
import { cleanup } from '../helpers/testPki.js';

const unavailable = opencryptokiUnavailable();
const skip = unavailable === undefined ? false : `openCryptoki unavailable: ${unavailable}`;

const PIN = 'Pa55wOrd';
const WRONG = 'Wr0ngPin';
const SO = 'S0pukKey';
const NEW_PIN = 'N3wPin42';
const NEWER_PIN = 'N3werPn9';

type Answer = { pin: string } | { confirmed: boolean } | { cancel: true };

describe('app PIN operations (pin:run) on openCryptoki', { skip }, () => {
  let tok: OcToken;
  let app: AppService;
  let data: string;
  const script: Answer[] = [];
  const seen: EventOf<'pin:request'>[] = [];
  const changes: EventOf<'tokens:changed'>[] = [];

  before(async () => {
    tok = await freshOpencryptokiToken({ userPin: PIN, soPin: SO });
    data = mkdtempSync(join(tmpdir(), 'sigla-app-pin-'));
    app = new AppService({
      version: 'test',
      lang: 'en',
      pick: async () => [],
      env: { ...tok.env, SIGLA_MODULE: tok.module, SIGLA_DATA_DIR: data },
      emit: (event, payload) => {
        if (event === 'tokens:changed') changes.push(payload as EventOf<'tokens:changed'>);
        if (event !== 'pin:request') return;
        const req = payload as EventOf<'pin:request'>;
        seen.push(req);
        const a = script.shift() ?? { cancel: true };
        setImmediate(() => void app.dispatch('pin:respond', { requestId: req.requestId, ...a }));
      },
    });
  });
  after(async () => {
    await app?.close();
    cleanup(data);
    // The state the other suites start from (they take a fresh token anyway).
    await freshOpencryptokiToken();
  });

  const run = async (op: 'check' | 'change' | 'unblock', ...answers: Answer[]): Promise<ResultOf<'pin:run'>> => {
    seen.length = 0;
    script.splice(0, script.length, ...answers);
    const r = await app.dispatch('pin:run', { token: tok.label, module: tok.module, op });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(script.length, 0, 'every scripted answer was asked for');
    return r.value as ResultOf<'pin:run'>;
  };

  it('wrong PIN: answered with the new state (few tries left), as pkcs11-tool reads it; the list updates by itself', async () => {
    const before = changes.length;
    const r = await run('check', { pin: WRONG });
    assert.deepEqual([r.ok, r.error?.code, r.userPin, r.soPin], [false, 'PIN_INCORRECT', 'countLow', 'ok']);
    assert.match(r.error?.message ?? '', /few tries left/);
    assert.equal(ocFlags(tok).userPin, 'countLow');
    assert.deepEqual(seen.map((s) => [s.kind, s.state]), [['user', 'ok']]);
    // Hot-plug: the slot watch notices the new PIN state within a few polling rounds.
    for (let i = 0; i < 40 && !changes.slice(before).some((c) => c.type === 'changed' && c.token.userPin === 'countLow'); i++) await new Promise((res) => setTimeout(res, 250));
    assert.ok(changes.slice(before).some((c) => c.type === 'changed' && c.token.label === tok.label && c.token.userPin === 'countLow'), JSON.stringify(changes));
  });

  it('final try: the question comes first; "no" spends nothing; "yes" and the right PIN log in and reset the count', async () => {
    let r = await run('check', { pin: WRONG });
    assert.equal(r.userPin, 'finalTry');
    r = await run('check', { confirmed: false });
    assert.deepEqual([r.ok, r.error?.code, r.userPin], [false, 'PIN_FINAL_TRY_REFUSED', 'finalTry']);
    assert.deepEqual(seen.map((s) => [s.kind, s.confirm]), [['user', true]]);
    assert.equal(ocFlags(tok).userPin, 'finalTry');
    r = await run('check', { confirmed: true }, { pin: PIN });
    assert.deepEqual([r.ok, r.userPin], [true, 'ok']);
    assert.equal(ocFlags(tok).userPin, 'ok');
  });

  it('a locked PIN is never tried: PIN_LOCKED without a prompt', async () => {
    await run('check', { pin: WRONG });
    await run('check', { pin: WRONG });
    const r = await run('check', { confirmed: true }, { pin: WRONG });
    assert.equal(r.userPin, 'locked');
    assert.equal(ocFlags(tok).userPin, 'locked');
    const again = await run('check');
    assert.deepEqual([again.ok, again.error?.code, again.userPin], [false, 'PIN_LOCKED', 'locked']);
    assert.equal(seen.length, 0);
  });

  it('unblock: PUK asked with what a locked PUK means, then the new PIN with its rule; pkcs11-tool logs in with it', async () => {
    const r = await run('unblock', { pin: SO }, { pin: NEW_PIN });
    assert.deepEqual([r.ok, r.userPin, r.soPin], [true, 'ok', 'ok'], JSON.stringify(r));
    assert.deepEqual(seen.map((s) => [s.kind, s.state]), [['puk', 'ok'], ['new', 'locked']]);
    assert.equal(seen[0]?.pukLockedMeans, 'reset-by-admin');
    assert.equal(seen[0]?.rule, undefined, 'no rule is claimed for a PUK');
    assert.equal(seen[1]?.rule?.minLength, 4);
    assert.equal(seen[1]?.rule?.maxLength, 8);
    assert.deepEqual([ocFlags(tok).userPin, ocFlags(tok).soPin], ['ok', 'ok']);
    assert.ok(userLogin(tok, NEW_PIN).ok, 'the new PIN logs in (pkcs11-tool)');
  });

  it('change: current PIN, then the new one; pkcs11-tool logs in with the new PIN, not the old', async () => {
    const r = await run('change', { pin: NEW_PIN }, { pin: NEWER_PIN });
    assert.deepEqual([r.ok, r.userPin], [true, 'ok']);
    assert.deepEqual(seen.map((s) => s.kind), ['current', 'new']);
    assert.ok(userLogin(tok, NEWER_PIN).ok);
    assert.equal(userLogin(tok, NEW_PIN).rv, 'CKR_PIN_INCORRECT');
    assert.ok(userLogin(tok, NEWER_PIN).ok, 'and the count is back to normal');
  });

  it('cancelling the PUK prompt spends nothing', async () => {
    const r = await run('unblock', { cancel: true });
    assert.deepEqual([r.ok, r.error?.code, r.soPin], [false, 'CANCELLED', 'ok']);
    assert.equal(ocFlags(tok).soPin, 'ok');
  });

  it('an unknown token is an error of the request; tokens:profile gives the PUK notes; modules:list the module', async () => {
    const r = await app.dispatch('pin:run', { token: 'No such token', op: 'check' });
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.code, 'TOKEN_NOT_FOUND');
    const p = await app.dispatch('tokens:profile', { profile: 'bit4id' });
    assert.ok(p.ok);
    const v = p.value as ResultOf<'tokens:profile'>;
    assert.equal(v.pukLockedMeans, 'unusable');
    assert.match(v.pukWarning ?? '', /sealed envelope/);
    const mods = await app.dispatch('modules:list', {});
    assert.ok(mods.ok);
    assert.deepEqual(
      (mods.value as ResultOf<'modules:list'>).map((m) => [m.path, m.profile, m.tokens, m.error ?? '']),
      [[tok.module, 'opencryptoki', 1, '']],
    );
    const bad = await app.dispatch('pin:run', { token: tok.label, op: 'format' });
    assert.equal(!bad.ok && bad.error.code, 'USAGE');
  });
});
