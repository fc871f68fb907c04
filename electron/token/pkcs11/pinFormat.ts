/**
 * A typed PIN is checked against what the token and its profile accept before C_Login, so that a PIN of the wrong
 * length never costs a try (PKCS#11 v2.40 §5.5: ulMinPinLen/ulMaxPinLen of CK_TOKEN_INFO), and is turned into what
 * the module wants (CIE: the module stores the first 4 digits and takes the last 4).
 */
import { SiglaError } from '../../shared/errors.js';
import type { TokenProfile } from '../profiles/TokenProfile.js';

/** CK_UNAVAILABLE_INFORMATION and CK_EFFECTIVELY_INFINITE-like values mean "no limit". */
const NO_LIMIT = 0xffff;

export interface PinLimits {
  readonly minPinLen: number;
  readonly maxPinLen: number;
  readonly profile: TokenProfile;
}

function formatError(expected: string): SiglaError {
  return new SiglaError('PIN_FORMAT', `the PIN does not have the expected format (${expected}); no try was spent`, { params: { expected } });
}

/**
 * What a PIN must look like for this token, for a prompt that checks it before answering (the GUI's PIN dialog): the
 * same limits {@link preparePin} enforces, as data. `exactLengths` is set when only some lengths are accepted (CIE:
 * 8 digits, or the last 4).
 */
export interface PinRule {
  readonly minLength: number;
  readonly maxLength?: number;
  readonly digitsOnly: boolean;
  readonly exactLengths?: readonly number[];
}

function limits(t: PinLimits): { min: number; max: number } {
  const p = t.profile.pin;
  const min = Math.max(p?.minLength ?? 0, t.minPinLen > 0 && t.minPinLen < NO_LIMIT ? t.minPinLen : 0);
  const tokenMax = t.maxPinLen > 0 && t.maxPinLen < NO_LIMIT && t.maxPinLen >= t.minPinLen ? t.maxPinLen : Infinity;
  return { min, max: Math.min(p?.maxLength ?? Infinity, tokenMax) };
}

/** The rule for a user PIN (at login, or a new one: the same limits). A PUK has no known rule beyond "not empty". */
export function pinRule(t: PinLimits): PinRule {
  const p = t.profile.pin;
  if (p?.transform === 'cie-last4') return { minLength: 4, maxLength: 8, digitsOnly: true, exactLengths: [4, 8] };
  const { min, max } = limits(t);
  return { minLength: Math.max(1, min), ...(max === Infinity ? {} : { maxLength: max }), digitsOnly: p?.digitsOnly === true };
}

/**
 * Returns the bytes to give C_Login (a new Buffer the caller zeroes) or throws PIN_FORMAT. `kind` `puk` and `so`
 * PINs are checked only for emptiness: their limits are not reported by tokens.
 */
export function preparePin(pin: Buffer, t: PinLimits, kind: 'user' | 'new' | 'puk'): Buffer {
  if (pin.length === 0) throw formatError(kind === 'puk' ? 'nonEmptyPuk' : 'nonEmptyPin');
  if (kind === 'puk') return Buffer.from(pin);
  const p = t.profile.pin;
  const digits = /^[0-9]+$/.test(pin.toString('latin1'));
  if (p?.transform === 'cie-last4') {
    if (!digits || (pin.length !== 8 && pin.length !== 4)) throw formatError('eightDigits');
    // A new CIE PIN is set in full; a login gives the module the last 4 digits only.
    return kind === 'new' ? Buffer.from(pin) : Buffer.from(pin.subarray(pin.length - 4));
  }
  if (p?.digitsOnly && !digits) throw formatError('digitsOnly');
  const { min, max } = limits(t);
  if (pin.length < min || pin.length > max) {
    throw formatError(max === Infinity ? `≥ ${min}` : min === max ? `${min}` : `${min}–${max}`);
  }
  return Buffer.from(pin);
}
