/**
 * PIN state read from CK_TOKEN_INFO flags (PKCS#11 v2.40 §3.2 Table 11), in the vocabulary of the `tokens` JSON.
 */
import * as pkcs11 from 'pkcs11js';

export type PinState = 'ok' | 'countLow' | 'finalTry' | 'locked' | 'toBeChanged' | 'notInitialized';

export function userPinState(flags: number): PinState {
  if (!(flags & pkcs11.CKF_USER_PIN_INITIALIZED)) return 'notInitialized';
  if (flags & pkcs11.CKF_USER_PIN_LOCKED) return 'locked';
  if (flags & pkcs11.CKF_USER_PIN_FINAL_TRY) return 'finalTry';
  if (flags & pkcs11.CKF_USER_PIN_COUNT_LOW) return 'countLow';
  if (flags & pkcs11.CKF_USER_PIN_TO_BE_CHANGED) return 'toBeChanged';
  return 'ok';
}

export function soPinState(flags: number): PinState {
  if (flags & pkcs11.CKF_SO_PIN_LOCKED) return 'locked';
  if (flags & pkcs11.CKF_SO_PIN_FINAL_TRY) return 'finalTry';
  if (flags & pkcs11.CKF_SO_PIN_COUNT_LOW) return 'countLow';
  if (flags & pkcs11.CKF_SO_PIN_TO_BE_CHANGED) return 'toBeChanged';
  return 'ok';
}

export function hasPinpad(flags: number): boolean {
  return (flags & pkcs11.CKF_PROTECTED_AUTHENTICATION_PATH) !== 0;
}
