/**
 * Logins with the safety rules Sigla promises (PKCS#11 v2.40 §5.5 C_Login; DigiDoc4's QPKCS11::login is the model):
 * read the PIN state first; never try a locked PIN; spend the final try only with explicit consent; check the PIN's
 * format before it can cost a try; after a wrong PIN re-read the flags and report the new state; treat
 * CKR_USER_ALREADY_LOGGED_IN as success; never retry by itself; zero the PIN afterwards.
 */
import * as pkcs11 from 'pkcs11js';
import { SiglaError } from '../../shared/errors.js';
import type { PinKind, PinRequest, PinSource } from '../PinSource.js';
import { fromPkcs11, type LoginRole } from './ckr.js';
import { pinRule, preparePin } from './pinFormat.js';
import type { Pkcs11Module, TokenSlot } from './Pkcs11Module.js';

export interface LoginOptions {
  /** Consent given in advance (`--allow-final-try`) to spend the last PIN (or PUK) try. */
  readonly allowFinalTry: boolean;
}

type FreshToken = NonNullable<ReturnType<Pkcs11Module['tokenInfo']>>;

/** The token as it is now; TOKEN_REMOVED when it is gone. */
export function freshToken(mod: Pkcs11Module, token: Pick<TokenSlot, 'slot' | 'label'>): FreshToken {
  const fresh = mod.tokenInfo(token.slot);
  if (!fresh) throw new SiglaError('TOKEN_REMOVED', 'the token was removed', { params: { token: token.label } });
  return fresh;
}

/**
 * The checks made before a PIN of `role` is asked for: locked → PIN_LOCKED/PUK_LOCKED without prompting; final try
 * → consent (in advance or from the prompt) or PIN_FINAL_TRY_REFUSED. Returns the request to show the prompt.
 */
export async function gateLogin(fresh: FreshToken, role: 'user' | 'so', kind: PinKind, pins: PinSource, o: LoginOptions): Promise<PinRequest> {
  const state = role === 'so' ? fresh.soPin : fresh.userPin;
  const request: PinRequest = {
    tokenLabel: fresh.label,
    state,
    kind,
    ...(kind === 'puk' ? { pukLockedMeans: fresh.profile.puk.lockedMeans, ...(fresh.profile.puk.warning ? { pukWarning: fresh.profile.puk.warning } : {}) } : { rule: pinRule(fresh) }),
  };
  if (state === 'locked') {
    const code = role === 'so' ? 'PUK_LOCKED' : 'PIN_LOCKED';
    throw new SiglaError(code, `the ${role === 'so' ? 'PUK' : 'PIN'} is locked: nothing was tried`, { params: { token: fresh.label, state } });
  }
  if (role === 'user' && state === 'notInitialized') {
    throw new SiglaError('TOKEN_GENERAL', 'the token has no user PIN set', { params: { token: fresh.label } });
  }
  if (state === 'finalTry' && !o.allowFinalTry && !(await pins.confirmFinalTry(request))) {
    throw new SiglaError('PIN_FINAL_TRY_REFUSED', 'one try left: not spent without consent', { params: { token: fresh.label, what: role === 'so' ? 'PUK' : 'PIN' } });
  }
  return request;
}

/** Asks for a PIN and returns the bytes for the module (format checked, transformed); the caller zeroes them. */
export async function askPin(pins: PinSource, request: PinRequest, fresh: FreshToken, kind: 'user' | 'new' | 'puk'): Promise<Buffer> {
  const typed = await pins.pin(request);
  try {
    return preparePin(typed, fresh, kind);
  } catch (e) {
    // Which token refused the form: a GUI asks again for that token (no try was spent).
    if (e instanceof SiglaError && e.code === 'PIN_FORMAT') throw new SiglaError('PIN_FORMAT', e.message, { params: { ...e.params, token: fresh.label } });
    throw e;
  } finally {
    typed.fill(0);
  }
}

/** C_Login of the batch user (CKU_USER). A pinpad token gets a null PIN: the user types on the reader. */
export async function loginUser(mod: Pkcs11Module, token: TokenSlot, session: pkcs11.Handle, pins: PinSource, o: LoginOptions): Promise<void> {
  const fresh = freshToken(mod, token);
  const request = await gateLogin(fresh, 'user', 'user', pins, o);
  if (fresh.pinpad) return pinpadLogin(mod, token, session, pkcs11.CKU_USER, pins, request);
  const pin = await askPin(pins, request, fresh, 'user');
  try {
    callLogin(mod, token, session, pkcs11.CKU_USER, pin, 'user');
  } finally {
    pin.fill(0);
  }
}

/**
 * Context-specific login before one signature with a CKA_ALWAYS_AUTHENTICATE key (PKCS#11 v2.40 §4.9): the same
 * rules, a fresh PIN each time (never a remembered one).
 */
export async function loginContext(mod: Pkcs11Module, token: TokenSlot, session: pkcs11.Handle, pins: PinSource, o: LoginOptions): Promise<void> {
  const fresh = freshToken(mod, token);
  const request = await gateLogin(fresh, 'user', 'context', pins, o);
  if (fresh.pinpad) return pinpadLogin(mod, token, session, pkcs11.CKU_CONTEXT_SPECIFIC, pins, request);
  const pin = await askPin(pins, request, fresh, 'user');
  try {
    callLogin(mod, token, session, pkcs11.CKU_CONTEXT_SPECIFIC, pin, 'user');
  } finally {
    pin.fill(0);
  }
}

/**
 * A login on a pinpad reader (PKCS#11 v2.40 §5.6, CKF_PROTECTED_AUTHENTICATION_PATH): the PinSource is told first
 * (its promise resolves once the user can see "type the PIN on the reader"), then C_Login gets no PIN and blocks
 * until the reader answers; the notice ends whatever the outcome (a cancel on the reader is CANCELLED). Called only
 * after {@link gateLogin}, so a final try is never spent on the reader without consent.
 */
async function pinpadLogin(mod: Pkcs11Module, token: TokenSlot, session: pkcs11.Handle, userType: number, pins: PinSource, request: PinRequest): Promise<void> {
  const prompt = pins.pinpad ? await pins.pinpad(request) : undefined;
  try {
    callLogin(mod, token, session, userType, undefined, 'user');
  } finally {
    prompt?.end();
  }
}

/**
 * One C_Login call. Wrong or locked PIN/PUK errors carry the state read right after (`state` param), the CKR value
 * and the function name.
 */
export function callLogin(mod: Pkcs11Module, token: Pick<TokenSlot, 'slot' | 'label'>, session: pkcs11.Handle, userType: number, pin: Buffer | undefined, role: LoginRole): void {
  try {
    // pkcs11js takes the PIN as a string; it lives only for this call. It cannot pass NULL_PTR: a pinpad login
    // (PKCS#11 v2.40 §5.6, CKF_PROTECTED_AUTHENTICATION_PATH) gets a zero-length PIN, which OpenSC and the
    // common middleware take as "ask the reader".
    mod.api.C_Login(session, userType, pin === undefined ? '' : pin.toString('utf8'));
  } catch (e) {
    const err = fromPkcs11(e, 'C_Login', role);
    if (err.ckr === pkcs11.CKR_USER_ALREADY_LOGGED_IN) return;
    throw withStateAfter(mod, token, err, role, e);
  }
}

/** Re-reads the flags after a wrong/locked PIN or PUK so the error says how many tries are left. */
export function withStateAfter(mod: Pkcs11Module, token: Pick<TokenSlot, 'slot' | 'label'>, err: SiglaError, role: LoginRole, cause: unknown): SiglaError {
  if (!['PIN_INCORRECT', 'PIN_LOCKED', 'PUK_INCORRECT', 'PUK_LOCKED'].includes(err.code)) return err;
  let after;
  try {
    after = mod.tokenInfo(token.slot);
  } catch {
    after = undefined;
  }
  const state = after ? (role === 'so' ? after.soPin : after.userPin) : 'unknown';
  return new SiglaError(err.code, err.message, {
    params: { token: token.label, state },
    ...(err.ckr !== undefined ? { ckr: err.ckr } : {}),
    pkcs11Function: err.pkcs11Function ?? 'C_Login',
    cause,
  });
}
