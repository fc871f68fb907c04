/**
 * A read/write session on a token (PKCS#11 v2.40 §5.6 C_OpenSession) and its end: log out (when logged in) and
 * close, tolerating a token that is already gone, so a cleanup never hides the error that led to it.
 */
import * as pkcs11 from 'pkcs11js';
import { fromPkcs11 } from './ckr.js';
import type { Pkcs11Module, TokenSlot } from './Pkcs11Module.js';

export function openSession(mod: Pkcs11Module, token: TokenSlot): pkcs11.Handle {
  try {
    return mod.api.C_OpenSession(token.slot, pkcs11.CKF_SERIAL_SESSION | pkcs11.CKF_RW_SESSION);
  } catch (e) {
    throw fromPkcs11(e, 'C_OpenSession');
  }
}

export function endSession(mod: Pkcs11Module, session: pkcs11.Handle): void {
  try {
    mod.api.C_Logout(session);
  } catch {
    // not logged in, or the token is gone
  }
  try {
    mod.api.C_CloseSession(session);
  } catch {
    // the token is gone
  }
}
