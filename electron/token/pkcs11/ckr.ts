/**
 * PKCS#11 return values (PKCS#11 v2.40 §5.1, §11) mapped once to Sigla error codes. The CKR value and the function
 * that returned it are kept on the error.
 */
import * as pkcs11 from 'pkcs11js';
import { SiglaError, type ErrorCode } from '../../shared/errors.js';

const c = pkcs11 as unknown as Record<string, number>;

/** Who was logging in when the error happened: it decides PIN_* versus PUK_* codes. */
export type LoginRole = 'user' | 'so' | 'none';

function codeFor(ckr: number, role: LoginRole): ErrorCode {
  const puk = role === 'so';
  switch (ckr) {
    case c['CKR_PIN_INCORRECT']:
      return puk ? 'PUK_INCORRECT' : 'PIN_INCORRECT';
    case c['CKR_PIN_LOCKED']:
      return puk ? 'PUK_LOCKED' : 'PIN_LOCKED';
    case c['CKR_PIN_INVALID']:
    case c['CKR_PIN_LEN_RANGE']:
    case c['CKR_PIN_TOO_WEAK']:
      return 'PIN_FORMAT';
    case c['CKR_FUNCTION_CANCELED']:
      return 'CANCELLED';
    case c['CKR_DEVICE_REMOVED']:
    case c['CKR_TOKEN_NOT_PRESENT']:
    case c['CKR_SESSION_HANDLE_INVALID']:
    case c['CKR_SESSION_CLOSED']:
      return 'TOKEN_REMOVED';
    case c['CKR_TOKEN_NOT_RECOGNIZED']:
    case c['CKR_SLOT_ID_INVALID']:
      return 'TOKEN_NOT_FOUND';
    case c['CKR_DEVICE_ERROR']:
    case c['CKR_DEVICE_MEMORY']:
    case c['CKR_HOST_MEMORY']:
      return 'DEVICE_ERROR';
    case c['CKR_KEY_FUNCTION_NOT_PERMITTED']:
    case c['CKR_KEY_TYPE_INCONSISTENT']:
    case c['CKR_KEY_HANDLE_INVALID']:
    case c['CKR_USER_NOT_LOGGED_IN']:
      return 'KEY_NOT_USABLE';
    case c['CKR_MECHANISM_INVALID']:
    case c['CKR_MECHANISM_PARAM_INVALID']:
      return 'MECHANISM_UNSUPPORTED';
    default:
      return 'TOKEN_GENERAL';
  }
}

export function ckrName(ckr: number): string {
  for (const [k, v] of Object.entries(c)) if (k.startsWith('CKR_') && v === ckr) return k;
  return `0x${ckr.toString(16).padStart(8, '0')}`;
}

/** Turns whatever pkcs11js threw into a SiglaError; PINs are never part of pkcs11js messages. */
export function fromPkcs11(e: unknown, fn: string, role: LoginRole = 'none'): SiglaError {
  if (e instanceof SiglaError) return e;
  const ckr = typeof (e as { code?: unknown }).code === 'number' ? (e as { code: number }).code : undefined;
  if (ckr === undefined) return new SiglaError('TOKEN_GENERAL', `${fn} failed`, { pkcs11Function: fn, cause: e });
  return new SiglaError(codeFor(ckr, role), `${fn} returned ${ckrName(ckr)}`, { ckr, pkcs11Function: fn, cause: e });
}

export function ckrOf(e: unknown): number | undefined {
  const ckr = (e as { code?: unknown }).code;
  return typeof ckr === 'number' ? ckr : undefined;
}
