import type { PinState } from './pkcs11/PinState.js';

/** What a PIN prompt is told: never the PIN itself, only context to show the user. */
export interface PinRequest {
  readonly tokenLabel: string;
  readonly state: PinState;
  /** `user`: C_Login; `context`: the per-signature login of a CKA_ALWAYS_AUTHENTICATE key. */
  readonly kind: 'user' | 'context';
}

/**
 * Where PINs come from (a hidden TTY prompt, the first line of stdin, the GUI). A PIN is a Buffer so that it can be
 * zeroed when no longer needed; `pin` throws a CANCELLED SiglaError when the user cancels.
 */
export interface PinSource {
  pin(request: PinRequest): Promise<Buffer>;
  /** Asked before the final try is spent; true only on an explicit yes. */
  confirmFinalTry(request: PinRequest): Promise<boolean>;
}
