/**
 * The app's "wrong PIN, type it again" (electron/app/pinRetry.ts) with the real login rules (token/pkcs11/login.ts)
 * and the real GuiPinSource, on a simulated token that counts wrong PINs like a smart card (count low after one,
 * final try after two, locked after three). Checked: every attempt uses a freshly typed PIN (the module sees each
 * typed PIN exactly once, in order), the retry prompt says the PIN was wrong and shows the new state, the final try
 * is asked for consent, a locked PIN stops without a prompt, cancelling stops, a malformed PIN costs no try.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as pkcs11 from 'pkcs11js';
import { GuiPinSource } from '../../electron/app/GuiPinSource.js';
import { MAX_PIN_ATTEMPTS, retryReason, withPinRetry } from '../../electron/app/pinRetry.js';
import { SiglaError } from '../../electron/shared/errors.js';
import type { EventOf } from '../../electron/shared/ipc/contract.js';
import { loginUser } from '../../electron/token/pkcs11/login.js';
import { pinRule } from '../../electron/token/pkcs11/pinFormat.js';
import type { Pkcs11Module, TokenSlot } from '../../electron/token/pkcs11/Pkcs11Module.js';
import { soPinState, userPinState } from '../../electron/token/pkcs11/PinState.js';
import { GENERIC_PROFILE, loadProfiles } from '../../electron/token/profiles/TokenProfile.js';

const RIGHT = '24681357';

/** A token whose user PIN has `limit` tries; `lockAfter: false` never locks (like SoftHSM2). */
class FakeToken {
  left: number;
  readonly logins: string[] = [];
  constructor(
    readonly limit = 3,
    readonly locks = true,
  ) {
    this.left = limit;
  }
  flags(): number {
    let f = pkcs11.CKF_TOKEN_INITIALIZED | pkcs11.CKF_USER_PIN_INITIALIZED;
    if (this.locks && this.left === 0) f |= pkcs11.CKF_USER_PIN_LOCKED;
    else if (this.locks && this.left === 1) f |= pkcs11.CKF_USER_PIN_FINAL_TRY;
    else if (this.locks && this.left < this.limit) f |= pkcs11.CKF_USER_PIN_COUNT_LOW;
    return f;
  }
  readonly module = {
    path: 'fake.so',
    profile: GENERIC_PROFILE,
    tokenInfo: () => {
      const flags = this.flags();
      return { module: 'fake.so', slot: SLOT, label: 'Chiavetta', manufacturer: 'x', model: 'y', serial: '1', flags, userPin: userPinState(flags), soPin: soPinState(flags), pinpad: false, minPinLen: 4, maxPinLen: 8, profile: GENERIC_PROFILE };
    },
    api: {
      C_Login: (_session: unknown, _type: number, pin: string) => {
        this.logins.push(pin);
        if (this.locks && this.left === 0) throw Object.assign(new Error('CKR_PIN_LOCKED'), { code: pkcs11.CKR_PIN_LOCKED });
        if (pin !== RIGHT) {
          this.left = Math.max(0, this.left - 1);
          throw Object.assign(new Error('CKR_PIN_INCORRECT'), { code: pkcs11.CKR_PIN_INCORRECT });
        }
        this.left = this.limit;
      },
    },
  } as unknown as Pkcs11Module;
}

const SLOT = Buffer.from([0]);
const TOKEN = { slot: SLOT, label: 'Chiavetta' } as unknown as TokenSlot;

type Answer = { pin: string } | { confirmed: boolean } | { cancel: true };

/** A window that answers each `pin:request` from a script, recording the requests. */
function window(script: Answer[]): { pins: GuiPinSource; seen: EventOf<'pin:request'>[] } {
  const seen: EventOf<'pin:request'>[] = [];
  const pins: GuiPinSource = new GuiPinSource((req) => {
    seen.push(req);
    const a = script.shift();
    setImmediate(() => pins.respond({ requestId: req.requestId, ...(a ?? { cancel: true }) }));
  }, 'it');
  return { pins, seen };
}

const login = (tok: FakeToken, pins: GuiPinSource) => () => loginUser(tok.module, TOKEN, 1 as unknown as pkcs11.Handle, pins, { allowFinalTry: false });

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (e) {
    return e instanceof SiglaError ? `${e.code}${e.params['state'] ? `:${String(e.params['state'])}` : ''}` : String(e);
  }
}

describe('signing in the app: a wrong PIN is asked again', () => {
  it('wrong then right: two prompts, the second says the PIN was wrong and shows "few tries left"; each PIN sent once', async () => {
    const tok = new FakeToken();
    const { pins, seen } = window([{ pin: '11112222' }, { pin: RIGHT }]);
    assert.equal(await codeOf(withPinRetry(login(tok, pins), pins)), 'OK');
    assert.deepEqual(tok.logins, ['11112222', RIGHT], 'the module saw each typed PIN once, in order: nothing replayed');
    assert.deepEqual(
      seen.map((r) => [r.kind, r.state, r.confirm, r.retryAfter ?? '-']),
      [
        ['user', 'ok', false, '-'],
        ['user', 'countLow', false, 'PIN_INCORRECT'],
      ],
    );
    assert.deepEqual(seen[0]?.rule, { minLength: 4, maxLength: 8, digitsOnly: false }, 'the dialog knows the token accepts 4 to 8 characters');
    assert.equal(tok.left, 3, 'the right PIN resets the counter');
  });

  it('at the final try the user is asked first; "no" stops with nothing spent', async () => {
    const tok = new FakeToken();
    const { pins, seen } = window([{ pin: '11112222' }, { pin: '33334444' }, { confirmed: false }]);
    assert.equal(await codeOf(withPinRetry(login(tok, pins), pins)), 'PIN_FINAL_TRY_REFUSED');
    assert.deepEqual(tok.logins, ['11112222', '33334444']);
    assert.equal(tok.left, 1, 'the last try is still there');
    const last = seen.at(-1);
    assert.deepEqual([last?.confirm, last?.state, last?.retryAfter], [true, 'finalTry', 'PIN_INCORRECT'], 'the question says the PIN was wrong too');
  });

  it('a wrong PIN at the final try locks the token: the loop stops, no further prompt; later nothing is tried', async () => {
    const tok = new FakeToken();
    const { pins, seen } = window([{ pin: '11112222' }, { pin: '33334444' }, { confirmed: true }, { pin: '55556666' }, { pin: RIGHT }]);
    assert.equal(await codeOf(withPinRetry(login(tok, pins), pins)), 'PIN_INCORRECT:locked');
    assert.deepEqual(tok.logins, ['11112222', '33334444', '55556666']);
    assert.equal(seen.length, 4, 'no prompt after the token locked');
    assert.equal(seen[3]?.retryAfter, 'PIN_INCORRECT', 'the final PIN prompt still says the previous one was wrong');
    // A new batch on the locked token: PIN_LOCKED, without a prompt and without a login.
    const again = window([{ pin: RIGHT }]);
    assert.equal(await codeOf(withPinRetry(login(tok, again.pins), again.pins)), 'PIN_LOCKED:locked');
    assert.equal(again.seen.length, 0);
    assert.equal(tok.logins.length, 3);
  });

  it('cancelling the retry prompt stops the batch', async () => {
    const tok = new FakeToken();
    const { pins, seen } = window([{ pin: '11112222' }, { cancel: true }]);
    assert.equal(await codeOf(withPinRetry(login(tok, pins), pins)), 'CANCELLED');
    assert.equal(seen.length, 2);
    assert.deepEqual(tok.logins, ['11112222']);
  });

  it('a PIN of the wrong length costs no try and is asked again with the reason', async () => {
    const tok = new FakeToken();
    const { pins, seen } = window([{ pin: '12' }, { pin: RIGHT }]);
    assert.equal(await codeOf(withPinRetry(login(tok, pins), pins)), 'OK');
    assert.deepEqual(tok.logins, [RIGHT], 'the short PIN never reached the module');
    assert.deepEqual(seen.map((r) => [r.state, r.retryAfter ?? '-']), [['ok', '-'], ['ok', 'PIN_FORMAT']]);
  });

  it('a token that never locks (SoftHSM2) is not tried forever: at most MAX_PIN_ATTEMPTS prompts', async () => {
    const tok = new FakeToken(3, false);
    const { pins, seen } = window(Array.from({ length: 50 }, (_, i) => ({ pin: `9999${String(i).padStart(4, '0')}` })));
    assert.equal(await codeOf(withPinRetry(login(tok, pins), pins)), 'PIN_INCORRECT:ok');
    assert.equal(seen.length, MAX_PIN_ATTEMPTS);
    assert.equal(new Set(tok.logins).size, MAX_PIN_ATTEMPTS, 'every attempt a different, freshly typed PIN');
  });

  it('the retry note is cleared when the loop ends: the next batch does not say "wrong PIN"', async () => {
    const tok = new FakeToken();
    // One window for both batches, as in the app.
    const { pins, seen } = window([{ pin: '11112222' }, { cancel: true }, { pin: RIGHT }]);
    assert.equal(await codeOf(withPinRetry(login(tok, pins), pins)), 'CANCELLED');
    assert.equal(await codeOf(withPinRetry(login(tok, pins), pins)), 'OK');
    assert.deepEqual(seen.map((r) => r.retryAfter ?? '-'), ['-', 'PIN_INCORRECT', '-']);
  });

  it('retryReason: only a wrong PIN on a token not locked, or a malformed PIN', () => {
    const e = (code: ConstructorParameters<typeof SiglaError>[0], state?: string) => new SiglaError(code, 'x', { params: { token: 'T', ...(state ? { state } : {}) } });
    assert.equal(retryReason(e('PIN_INCORRECT', 'countLow')), 'PIN_INCORRECT');
    assert.equal(retryReason(e('PIN_INCORRECT', 'unknown')), 'PIN_INCORRECT');
    assert.equal(retryReason(e('PIN_INCORRECT', 'locked')), undefined);
    assert.equal(retryReason(e('PIN_FORMAT')), 'PIN_FORMAT');
    for (const c of ['PIN_LOCKED', 'PIN_FINAL_TRY_REFUSED', 'CANCELLED', 'PUK_INCORRECT', 'TOKEN_REMOVED', 'DEVICE_ERROR'] as const) assert.equal(retryReason(e(c)), undefined, c);
    assert.equal(retryReason(new Error('PIN_INCORRECT')), undefined);
  });
});

describe('PIN rule for the dialog', () => {
  it('is the same limits preparePin applies', () => {
    assert.deepEqual(pinRule({ minPinLen: 4, maxPinLen: 8, profile: GENERIC_PROFILE }), { minLength: 4, maxLength: 8, digitsOnly: false });
    assert.deepEqual(pinRule({ minPinLen: 0, maxPinLen: 0xffffffff, profile: GENERIC_PROFILE }), { minLength: 1, digitsOnly: false });
    const cie = loadProfiles().find((p) => p.id === 'cie');
    assert.ok(cie);
    assert.deepEqual(pinRule({ minPinLen: 8, maxPinLen: 8, profile: cie }), { minLength: 4, maxLength: 8, digitsOnly: true, exactLengths: [4, 8] });
  });
});
