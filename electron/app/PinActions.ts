/**
 * Dispositivi's PIN operations (`pin:run`): check the PIN, change it, or unblock it with the PUK, on one token, with
 * the same host method and the same safety rules as `sigla pin` (token/pkcs11/pinOperations.ts: every secret is asked
 * for and format-checked before a try is spent, the PUK warning comes before the PUK, the final try needs consent, a
 * locked PIN/PUK is never tried). The PINs are asked through the window (GuiPinSource: `pin:request` → PinDialog →
 * `pin:respond`); consent to a final try is always asked in the dialog, never given in advance.
 *
 * The answer always carries the token's PIN and PUK state as it is afterwards, also when the operation failed
 * (a wrong PIN or PUK, a cancel, a refused last try), so the screen can show how many tries are left.
 */
import { SiglaError, type ErrorCode } from '../shared/errors.js';
import { describeError } from '../shared/i18n/messages.js';
import type { Lang } from '../shared/i18n/locale.js';
import type { RequestOf, ResultOf } from '../shared/ipc/contract.js';
import type { TokenHostClient } from '../token/host/TokenHostClient.js';

export type PinRunRequest = RequestOf<'pin:run'>;
export type PinRunResult = ResultOf<'pin:run'>;

/** Outcomes of the PIN operation itself, answered with the state after; anything else (no token, a dead host) is an error of the request. */
const REPORTED: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['PIN_INCORRECT', 'PIN_LOCKED', 'PIN_FINAL_TRY_REFUSED', 'PIN_FORMAT', 'PUK_INCORRECT', 'PUK_LOCKED', 'CANCELLED', 'MECHANISM_UNSUPPORTED', 'TOKEN_GENERAL', 'USAGE']);

type State = Pick<PinRunResult, 'userPin' | 'soPin'>;

/** The token's PIN and PUK state now, read without a PIN; `unknown` when the token cannot be read. */
export async function pinStateOf(host: Pick<TokenHostClient, 'call'>, token: string, module?: string): Promise<State> {
  try {
    const { tokens } = await host.call('tokens', module !== undefined ? { module } : {});
    const t = tokens.find((x) => x.label === token && (module === undefined || x.module === module));
    if (t) return { userPin: t.userPin, soPin: t.soPin };
  } catch {
    // the token or its module went away: say so below
  }
  return { userPin: 'unknown', soPin: 'unknown' };
}

export async function runPinAction(host: Pick<TokenHostClient, 'call'>, req: PinRunRequest, lang: Lang): Promise<PinRunResult> {
  const { op, token } = req;
  try {
    const r = await host.call('pin', { op, token, allowFinalTry: false, ...(req.module !== undefined ? { module: req.module } : {}) });
    return { op, token: r.token, ok: true, userPin: r.userPin, soPin: r.soPin };
  } catch (e) {
    if (!(e instanceof SiglaError) || !REPORTED.has(e.code)) throw e;
    const after = await pinStateOf(host, token, req.module);
    return { op, token, ok: false, ...after, error: { code: e.code, message: describeError(e, lang, 'app') } };
  }
}
