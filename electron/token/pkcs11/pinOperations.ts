/**
 * `pin check`, `pin change` and `pin unblock` on one token (PKCS#11 v2.40 §5.5: C_Login, C_SetPIN, C_InitPIN).
 * Every secret needed is asked for and format-checked before the first call that can spend a try, so a mistyped new
 * PIN never costs a PUK try. The unblock strategy comes from the token profile.
 */
import * as pkcs11 from 'pkcs11js';
import { SiglaError } from '../../shared/errors.js';
import type { PinSource } from '../PinSource.js';
import { fromPkcs11 } from './ckr.js';
import { askPin, callLogin, freshToken, gateLogin, loginUser, withStateAfter, type LoginOptions } from './login.js';
import { pinRule } from './pinFormat.js';
import { endSession, openSession } from './session.js';
import type { PinState } from './PinState.js';
import type { Pkcs11Module, TokenSlot } from './Pkcs11Module.js';

export interface PinOutcome {
  readonly token: string;
  readonly userPin: PinState;
  readonly soPin: PinState;
}

function outcome(mod: Pkcs11Module, token: TokenSlot): PinOutcome {
  const t = freshToken(mod, token);
  return { token: t.label, userPin: t.userPin, soPin: t.soPin };
}

/** Logs in and out with the usual rules: proves the PIN without signing anything. */
export async function checkPin(mod: Pkcs11Module, token: TokenSlot, pins: PinSource, o: LoginOptions): Promise<PinOutcome> {
  const session = openSession(mod, token);
  try {
    await loginUser(mod, token, session, pins, o);
  } finally {
    endSession(mod, session);
  }
  return outcome(mod, token);
}

/** C_SetPIN(old, new) in a session logged in with the old PIN. */
export async function changePin(mod: Pkcs11Module, token: TokenSlot, pins: PinSource, o: LoginOptions): Promise<PinOutcome> {
  const fresh = freshToken(mod, token);
  const request = await gateLogin(fresh, 'user', 'current', pins, o);
  if (fresh.pinpad) throw new SiglaError('MECHANISM_UNSUPPORTED', 'change the PIN of a pinpad reader with its own keys', { params: { mechanism: 'C_SetPIN (pinpad)' } });
  const oldPin = await askPin(pins, request, fresh, 'user');
  let newPin: Buffer | undefined;
  const session = openSession(mod, token);
  try {
    newPin = await askPin(pins, { ...request, kind: 'new', state: 'ok', rule: pinRule(fresh) }, fresh, 'new');
    callLogin(mod, token, session, pkcs11.CKU_USER, oldPin, 'user');
    try {
      mod.api.C_SetPIN(session, oldPin.toString('utf8'), newPin.toString('utf8'));
    } catch (e) {
      throw fromPkcs11(e, 'C_SetPIN', 'user');
    }
  } finally {
    oldPin.fill(0);
    newPin?.fill(0);
    endSession(mod, session);
  }
  return outcome(mod, token);
}

/** Unblocks (and sets) the user PIN with the PUK, by the profile's strategy. */
export async function unblockPin(mod: Pkcs11Module, token: TokenSlot, pins: PinSource, o: LoginOptions): Promise<PinOutcome> {
  const fresh = freshToken(mod, token);
  const strategy = fresh.profile.puk.strategy;
  // The PUK is the SO PIN for so-initpin; the other strategies check it against the user PIN's PUK, whose state
  // tokens report through the same SO flags when they report it at all.
  const request = await gateLogin(fresh, 'so', 'puk', pins, o);
  if (fresh.pinpad) throw new SiglaError('MECHANISM_UNSUPPORTED', 'unblock the PIN of a pinpad reader with its own keys', { params: { mechanism: 'PUK (pinpad)' } });
  const puk = await askPin(pins, request, fresh, 'puk');
  let newPin: Buffer | undefined;
  const session = openSession(mod, token);
  try {
    newPin = await askPin(pins, { tokenLabel: fresh.label, state: fresh.userPin, kind: 'new', rule: pinRule(fresh) }, fresh, 'new');
    if (strategy === 'setpin-unlogged') {
      try {
        mod.api.C_SetPIN(session, puk.toString('utf8'), newPin.toString('utf8'));
      } catch (e) {
        throw withStateAfter(mod, token, fromPkcs11(e, 'C_SetPIN', 'so'), 'so', e);
      }
    } else {
      callLogin(mod, token, session, strategy === 'so-initpin' ? pkcs11.CKU_SO : pkcs11.CKU_CONTEXT_SPECIFIC, puk, 'so');
      try {
        mod.api.C_InitPIN(session, newPin.toString('utf8'));
      } catch (e) {
        throw fromPkcs11(e, 'C_InitPIN', 'user');
      }
    }
  } finally {
    puk.fill(0);
    newPin?.fill(0);
    endSession(mod, session);
  }
  return outcome(mod, token);
}
