/**
 * The messages between a caller (the CLI, Electron's main process) and the token host process that runs PKCS#11.
 * Requests are answered in order per slot (`signMany` carries several signatures of one batch in one message); the host asks the caller for PINs with `pin` messages and the caller
 * answers with `pinReply`. PIN bytes cross this channel only inside `pinReply`, which nothing logs. Before a login on
 * a pinpad reader the host sends `pinpad` (phase `start`) and waits for `pinpadShown`, so the caller has told the
 * user before C_Login blocks the host; `pinpad` (phase `end`, same id) follows when C_Login returns. These carry the
 * token's label and PIN state only: a pinpad PIN never leaves the reader.
 */
import { ERROR_CODES, SiglaError, type ErrorCode } from '../../shared/errors.js';
import type { SigningHash } from '../../core/crypto/HashAlgorithm.js';
import type { KeyAlgorithm } from '../../core/signer/RawSigner.js';
import type { FoundModule } from '../moduleDiscovery.js';
import type { PinOutcome } from '../pkcs11/pinOperations.js';
import type { PinState } from '../pkcs11/PinState.js';
import type { PinRequest } from '../PinSource.js';

/** A token as listed by `sigla tokens --json` (shared/ACCEPTANCE.md) and shown under Dispositivi. */
export interface TokenSummary {
  readonly module: string;
  readonly slot: number;
  readonly slotId: string;
  readonly label: string;
  readonly manufacturer: string;
  readonly model: string;
  readonly serial: string;
  readonly userPin: PinState;
  readonly soPin: PinState;
  readonly pinpad: boolean;
  readonly minPinLen: number;
  readonly maxPinLen: number;
  readonly profile: string;
}

/** A certificate as listed by `sigla certs --json`. */
export interface CertificateRow {
  readonly token: string;
  readonly module: string;
  readonly id: string;
  readonly label: string;
  readonly subject: string;
  readonly issuer: string;
  readonly serial: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly daysLeft: number;
  readonly nonRepudiation: boolean;
  readonly qualified: boolean;
  readonly qcSSCD: boolean;
  readonly isCA: boolean;
  readonly hasPrivateKey: boolean;
  readonly fingerprintSha256: string;
  readonly name: string;
  /** DER, base64: for export and the app's certificate view. */
  readonly der: string;
}

export interface ModuleFailure {
  readonly path: string;
  readonly error: SerializedError;
}

export interface SlotEvent {
  readonly type: 'inserted' | 'removed' | 'changed';
  readonly token: TokenSummary;
  readonly at: string;
}

export interface TokenSelector {
  readonly module?: string;
  readonly token?: string;
}

export interface OpenSignerParams extends TokenSelector {
  readonly certId?: string;
  readonly allowFinalTry: boolean;
  readonly extraCertificates: readonly Uint8Array[];
}

export interface OpenedSigner {
  readonly signerId: number;
  readonly certificate: Uint8Array;
  readonly chain: readonly Uint8Array[];
  readonly keyAlgorithm: KeyAlgorithm;
  readonly tokenLabel: string;
  readonly certificateName: string;
  /** The key needs its PIN for every signature (CKA_ALWAYS_AUTHENTICATE): requests are not sent ahead. */
  readonly perSignaturePin: boolean;
}

/** What the signer is asked to sign: RawSigner's SignRequest (core/signer/RawSigner.ts). */
export interface SignParams {
  readonly hash: SigningHash;
  readonly toBeSigned: Uint8Array;
  readonly digest: Uint8Array;
}

/**
 * The answer to `signMany`: the signatures of the first requests, in order, and the error of the one after them if
 * it failed. The requests after a failed one are not attempted (no C_SignInit): a token that is gone, or a PIN that
 * is wrong, is not tried again by the host on its own.
 */
export interface SignManyResult {
  readonly signatures: readonly Uint8Array[];
  readonly error?: SerializedError;
}

/** Every method of the host, with its parameters and result. */
export interface HostMethods {
  modules: { params: { module?: string }; result: FoundModule[] };
  tokens: { params: { module?: string }; result: { tokens: TokenSummary[]; failures: ModuleFailure[] } };
  certs: { params: TokenSelector; result: CertificateRow[] };
  openSigner: { params: OpenSignerParams; result: OpenedSigner };
  sign: { params: { signerId: number } & SignParams; result: Uint8Array };
  /** Several signatures in one message (a batch sends documents ahead): one C_SignInit/C_Sign each, in order. */
  signMany: { params: { signerId: number; requests: readonly SignParams[] }; result: SignManyResult };
  closeSigner: { params: { signerId: number }; result: null };
  pin: { params: TokenSelector & { op: 'check' | 'change' | 'unblock'; allowFinalTry: boolean }; result: PinOutcome };
  watchStart: { params: { module?: string; intervalMs: number }; result: TokenSummary[] };
  watchStop: { params: Record<string, never>; result: null };
}

export type MethodName = keyof HostMethods;

export interface SerializedError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly params: Readonly<Record<string, string | number>>;
  readonly ckr?: number;
  readonly pkcs11Function?: string;
}

/** caller → host */
export type ToHost =
  | { readonly type: 'call'; readonly id: number; readonly method: MethodName; readonly params: unknown }
  | { readonly type: 'pinReply'; readonly id: number; readonly pin?: Uint8Array; readonly confirmed?: boolean; readonly error?: SerializedError }
  | { readonly type: 'pinpadShown'; readonly id: number; readonly error?: SerializedError }
  | { readonly type: 'shutdown' };

/** host → caller */
export type FromHost =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly type: 'result'; readonly id: number; readonly ok: false; readonly error: SerializedError }
  | { readonly type: 'pin'; readonly id: number; readonly request: PinRequest; readonly confirm: boolean }
  | { readonly type: 'pinpad'; readonly id: number; readonly request: PinRequest; readonly phase: 'start' | 'end' }
  | { readonly type: 'event'; readonly event: SlotEvent };

export function serializeError(e: unknown): SerializedError {
  const err = e instanceof SiglaError ? e : new SiglaError('INTERNAL', String((e as Error)?.message ?? e), { params: { detail: String((e as Error)?.message ?? e) } });
  return {
    code: err.code,
    message: err.message,
    params: err.params,
    ...(err.ckr !== undefined ? { ckr: err.ckr } : {}),
    ...(err.pkcs11Function !== undefined ? { pkcs11Function: err.pkcs11Function } : {}),
  };
}

export function deserializeError(s: SerializedError): SiglaError {
  const code: ErrorCode = (ERROR_CODES as readonly string[]).includes(s.code) ? s.code : 'INTERNAL';
  return new SiglaError(code, s.message, {
    params: s.params,
    ...(s.ckr !== undefined ? { ckr: s.ckr } : {}),
    ...(s.pkcs11Function !== undefined ? { pkcs11Function: s.pkcs11Function } : {}),
  });
}
