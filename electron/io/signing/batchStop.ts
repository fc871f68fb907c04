/**
 * The one rule for which errors stop a signing batch, shared by `sigla sign` and the app (signing pipeline,
 * electron/io/signing). A batch stops when the error says that every later document would fail the same way, or
 * that going on could do harm; any other error belongs to one document, which is reported and skipped.
 *
 * Each code and why it stops:
 * - `TOKEN_REMOVED`: the device is gone; every later signature would fail (PKCS#11 v2.40 CKR_DEVICE_REMOVED).
 * - `DEVICE_ERROR`: the device or its middleware failed; retrying on each document only repeats it.
 * - `PIN_INCORRECT`: a wrong PIN reached the token (the CLI does not retry; the app has already asked again): going
 *   on would spend the remaining tries and could lock the PIN.
 * - `PIN_LOCKED`: no signature is possible until the PIN is unblocked.
 * - `PIN_FINAL_TRY_REFUSED`: the user did not allow the last try; asking on every document would not change that.
 * - `KEY_NOT_USABLE`: the key cannot sign (no CKA_SIGN, expired, wrong usage): the same key signs every document.
 * - `CANCELLED`: the user stopped the batch.
 * - `TSA_UNAVAILABLE`: the time-stamp authority did not answer or refused; every later B-T signature needs it.
 * - `TSA_INSECURE`: the TSA route would send credentials in clear; the same for every document.
 */
import type { ErrorCode } from '../../shared/errors.js';

export const BATCH_STOPPING_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'TOKEN_REMOVED',
  'DEVICE_ERROR',
  'PIN_INCORRECT',
  'PIN_LOCKED',
  'PIN_FINAL_TRY_REFUSED',
  'KEY_NOT_USABLE',
  'CANCELLED',
  'TSA_UNAVAILABLE',
  'TSA_INSECURE',
]);

/** Whether this error ends the batch (the documents after it are not attempted). */
export function stopsBatch(e: { readonly code: string }): boolean {
  return (BATCH_STOPPING_CODES as ReadonlySet<string>).has(e.code);
}
