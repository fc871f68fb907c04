/**
 * User login with the safety rules Sigla promises (PKCS#11 v2.40 §5.5 C_Login): read the PIN state first; never try
 * a locked PIN; spend the final try only with explicit consent; report the new state after a wrong PIN; treat
 * CKR_USER_ALREADY_LOGGED_IN as success; never retry by itself; zero the PIN afterwards.
 */
import * as pkcs11 from 'pkcs11js';
import { SiglaError } from '../../shared/errors.js';
import type { PinSource } from '../PinSource.js';
import { fromPkcs11 } from './ckr.js';
import type { Pkcs11Module, TokenSlot } from './Pkcs11Module.js';

export interface LoginOptions {
  /** Consent given in advance (`--allow-final-try`) to spend the last PIN try. */
  readonly allowFinalTry: boolean;
}

export async function loginUser(
  mod: Pkcs11Module,
  token: TokenSlot,
  session: pkcs11.Handle,
  pins: PinSource,
  o: LoginOptions,
): Promise<void> {
  const fresh = mod.tokenInfo(token.slot);
  if (!fresh) throw new SiglaError('TOKEN_REMOVED', 'the token was removed', { params: { token: token.label } });
  const request = { tokenLabel: fresh.label, state: fresh.userPin, kind: 'user' as const };
  if (fresh.userPin === 'locked') {
    throw new SiglaError('PIN_LOCKED', 'the PIN is locked: nothing was tried', { params: { token: fresh.label } });
  }
  if (fresh.userPin === 'notInitialized') {
    throw new SiglaError('TOKEN_GENERAL', 'the token has no user PIN set', { params: { token: fresh.label } });
  }
  if (fresh.userPin === 'finalTry' && !o.allowFinalTry && !(await pins.confirmFinalTry(request))) {
    throw new SiglaError('PIN_FINAL_TRY_REFUSED', 'one PIN try left: not spent without consent', { params: { token: fresh.label } });
  }
  if (fresh.pinpad) {
    callLogin(mod, token, session, pkcs11.CKU_USER, undefined);
    return;
  }
  const pin = await pins.pin(request);
  try {
    callLogin(mod, token, session, pkcs11.CKU_USER, pin);
  } finally {
    pin.fill(0);
  }
}

/** Context-specific login before one signature with a CKA_ALWAYS_AUTHENTICATE key (PKCS#11 v2.40 §4.9). */
export async function loginContext(mod: Pkcs11Module, token: TokenSlot, session: pkcs11.Handle, pins: PinSource): Promise<void> {
  const fresh = mod.tokenInfo(token.slot);
  if (fresh?.pinpad) {
    callLogin(mod, token, session, pkcs11.CKU_CONTEXT_SPECIFIC, undefined);
    return;
  }
  const pin = await pins.pin({ tokenLabel: token.label, state: fresh?.userPin ?? token.userPin, kind: 'context' });
  try {
    callLogin(mod, token, session, pkcs11.CKU_CONTEXT_SPECIFIC, pin);
  } finally {
    pin.fill(0);
  }
}

function callLogin(mod: Pkcs11Module, token: TokenSlot, session: pkcs11.Handle, userType: number, pin: Buffer | undefined): void {
  try {
    // pkcs11js takes the PIN as a string; it lives only for this call.
    if (pin === undefined) mod.api.C_Login(session, userType);
    else mod.api.C_Login(session, userType, pin.toString('utf8'));
  } catch (e) {
    const err = fromPkcs11(e, 'C_Login', 'user');
    if (err.ckr === pkcs11.CKR_USER_ALREADY_LOGGED_IN) return;
    if (err.code === 'PIN_INCORRECT' || err.code === 'PIN_LOCKED') {
      const after = mod.tokenInfo(token.slot);
      throw new SiglaError(err.code, err.message, {
        params: { token: token.label, state: after?.userPin ?? 'unknown' },
        ...(err.ckr !== undefined ? { ckr: err.ckr } : {}),
        pkcs11Function: 'C_Login',
        cause: e,
      });
    }
    throw err;
  }
}
