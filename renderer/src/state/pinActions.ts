/**
 * Dispositivi's PIN operations: one `pin:run` (check, change, or unblock with the PUK) on one token. Main asks for
 * every code with the PIN dialog; the answer says how it went and the token's PIN/PUK state afterwards.
 */
import { call, type ApiError, type ResultOf, type Token } from '../api';

export type PinOp = 'check' | 'change' | 'unblock';
export type PinRunResult = ResultOf<'pin:run'>;
export type TokenProfileInfo = ResultOf<'tokens:profile'>;

/** What the card shows after an operation: the result from main, or the error of the request itself. */
export type PinOutcome = { op: PinOp; result: PinRunResult } | { op: PinOp; error: ApiError };

export async function runPinOp(token: Token, op: PinOp): Promise<PinOutcome> {
  const r = await call('pin:run', { token: token.label, module: token.module, op });
  return r.ok ? { op, result: r.value } : { op, error: r.error };
}

export function succeeded(o: PinOutcome): boolean {
  return 'result' in o && o.result.ok;
}

/** What Sigla knows about the token's family (PUK notes), or null when it cannot be read. */
export async function tokenProfile(token: Token): Promise<TokenProfileInfo | null> {
  const r = await call('tokens:profile', { profile: token.profile });
  return r.ok ? r.value : null;
}
